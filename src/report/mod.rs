//! A run's whole result: inputs read, proposal, analysis, and the final findings after
//! severity overrides and waivers. `plan`, `why` and the renderers all start from [`Report`].
//!
//! This is the last stage before rendering: it runs ingest, plan and analyze in order and
//! answers the questions asked of a finished run (`why`, `diff`).

pub mod affected;
mod diff;
mod inputs;
mod why;

pub use diff::{
    Change, Diff, DiffBlastRadius, DomainHit, Side, SideSource, diff, read_side, read_side_stdin,
};
pub use inputs::{InputPaths, collect_inputs, people_files};
pub use why::{Explanation, Gate, GateRow, explain, find_site};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::analyze::{self, Analysis};
use crate::config::Config;
use crate::diag::{Code, Finding, Level, Severity, SeverityOverrides};
use crate::ingest::{self, InputFile, InputSummary};
use crate::model::{RestrictionMode, TenantData};
use crate::options::{FailOn, Merge, SpoAfter, Subdomains, TextMode};
use crate::plan::{self, Assumptions, Proposal};

/// Why a run could not finish (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Input(#[from] ingest::InputError),
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
}

/// Everything one run produced.
pub struct Report {
    pub inputs: Vec<InputSummary>,
    pub data: TenantData,
    pub proposal: Proposal,
    pub analysis: Analysis,
    /// Final findings, in report order.
    pub findings: Vec<Finding>,
    /// The assumptions in force, as sentences, for every report.
    pub assumptions: Vec<String>,
}

/// Reads a configuration file.
pub fn read_config(path: &Path) -> Result<Config, RunError> {
    let shown = path.to_string_lossy();
    let bytes = std::fs::read(path).map_err(|e| {
        RunError::Input(ingest::InputError {
            file: shown.to_string(),
            place: None,
            message: format!("cannot read: {e}"),
        })
    })?;
    // Decoded like every input (SPEC §3: UTF-16 with BOM, unsupported encodings refused); an
    // empty configuration is valid TOML, not an "empty file" error.
    let text = if bytes.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        ingest::bytes_to_text(&shown, bytes)?
    };
    Ok(Config::parse(&shown, &text)?)
}

/// Parses `--allow/--warn/--deny` codes.
pub fn flag_overrides(
    allow: &[String],
    warn: &[String],
    deny: &[String],
) -> Result<Vec<(Code, Level)>, RunError> {
    let mut out = Vec::new();
    for (names, level) in [
        (allow, Level::Allow),
        (warn, Level::Warn),
        (deny, Level::Deny),
    ] {
        for n in names {
            out.push((n.parse::<Code>().map_err(RunError::Usage)?, level));
        }
    }
    Ok(out)
}

/// What a run needs besides its input files.
pub struct RunOptions {
    pub files: Vec<InputFile>,
    pub config: Option<PathBuf>,
    pub text_mode: Option<TextMode>,
    pub assumptions: Assumptions,
    pub flag_overrides: Vec<(Code, Level)>,
}

/// Reads, plans, analyses and finalises the findings.
pub fn run(opts: RunOptions) -> Result<Report, RunError> {
    let config = match &opts.config {
        Some(p) => Some(read_config(p)?),
        None => None,
    };
    let text_mode = opts.text_mode.map(|m| match m {
        TextMode::Allow => RestrictionMode::AllowList,
        TextMode::Block => RestrictionMode::BlockList,
    });
    let loaded = ingest::load_lean(&opts.files, text_mode)?;
    let csv_files: BTreeSet<String> = loaded
        .inputs
        .iter()
        .filter(|i| i.format.starts_with("csv"))
        .map(|i| i.path.clone())
        .collect();
    let proposal = plan::propose(&loaded.data, &csv_files, opts.assumptions);
    let analysis = analyze::analyze(&loaded.data, &proposal);

    let mut findings = loaded.findings;
    findings.extend(proposal.findings.iter().cloned());
    findings.extend(analysis.findings.iter().cloned());
    let mut overrides = SeverityOverrides::default();
    if let Some(c) = &config {
        c.apply_overrides(&mut overrides);
    }
    for &(code, level) in &opts.flag_overrides {
        overrides.set(code, level);
    }
    let mut findings = overrides.apply(findings);
    if let Some(c) = &config {
        c.waive(&mut findings);
        // An unused waiver is itself subject to the overrides.
        findings = overrides.apply(findings);
    }
    // Findings are listed in one fixed order so reports never depend on input order.
    findings.sort_by(Finding::report_order);
    findings.dedup();

    let assumptions = assumption_sentences(&loaded.data, &opts.assumptions);
    Ok(Report {
        inputs: loaded.inputs,
        data: loaded.data,
        proposal,
        analysis,
        findings,
        assumptions,
    })
}

fn assumption_sentences(data: &TenantData, a: &Assumptions) -> Vec<String> {
    let mut out = vec![
        match a.subdomains {
            Subdomains::Exact => "Domain matching is exact: a listed domain does not cover its subdomains (Microsoft does not document this; --subdomains include assumes the opposite).".to_string(),
            Subdomains::Include => "A listed domain also covers its subdomains (--subdomains include; Microsoft does not document this).".to_string(),
        },
        match a.merge {
            Merge::Union => "An existing Entra list of the same type is kept and the SharePoint domains are added (--merge union).".to_string(),
            Merge::Replace => "An existing Entra list is replaced by the SharePoint domains (--merge replace).".to_string(),
        },
        match a.spo_after {
            SpoAfter::Keep => "After the move the SharePoint lists stay in force beside the Entra list (--spo-after keep).".to_string(),
            SpoAfter::Clear => "After the move the SharePoint lists are emptied (--spo-after clear).".to_string(),
        },
    ];
    out.push(match data.tenant.as_ref().and_then(|t| t.b2b_integration) {
        Some(true) => "The SharePoint-Entra B2B integration is on before the change (EnableAzureADB2BIntegration in the tenant file); after it, on.".to_string(),
        Some(false) => "The tenant file says the SharePoint-Entra B2B integration is off: before the change file and folder sharing skips the Entra list; after it the integration is on (Microsoft switches every tenant in 2026, no opt-out).".to_string(),
        None => "The tenant file does not say whether the SharePoint-Entra B2B integration is on: assumed on before and after (Microsoft's 2026 default, no opt-out).".to_string(),
    });
    out.push("Site invitations always pass the Entra list; file and folder sharing passes it when the integration is on.".into());
    if data.external_users_given && !data.guests_given {
        out.push("No guests input: no SharePoint external user can be matched to an Entra guest account, so every one is counted as SharePoint-only (the worst case).".into());
    }
    if data.authorization.is_none() {
        out.push("Who may invite (allowInvitesFrom) was not read (no authorization-policy input): the Entra default, everyone, is assumed.".into());
    }
    out.push("Cross-tenant access settings are also checked when an invitation is made; they are not read, so an invitation this report allows may still be refused by them.".into());
    out.push("Domains compare in canonical form: lower-case ASCII (IDNA A-labels), trailing dot dropped.".into());
    out.push(format!(
        "The Entra policy size is counted as the characters of the compact JSON definition, with {} as the hard limit (Microsoft does not say how it counts).",
        plan::POLICY_LIMIT_CHARS
    ));
    out
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        plan::count(&self.findings, s)
    }

    /// The exit code for `--fail-on` over all findings of the run.
    pub fn exit_code(&self, fail_on: FailOn) -> u8 {
        exit_code(&self.findings, fail_on)
    }
}

/// 1 when a finding is at or above `--fail-on` (waived findings do not count), else 0.
pub fn exit_code(findings: &[Finding], fail_on: FailOn) -> u8 {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return 0,
    };
    u8::from(
        findings
            .iter()
            .any(|f| f.waived.is_none() && f.severity >= threshold),
    )
}

/// Why `--fail-on` gives exit 1, for one stderr line: `3 errors at or above --fail-on error
/// (pending-invites-fail x2, wildcard-entry)`, codes in name order. `None` when the exit is 0.
pub fn fail_reason(findings: &[Finding], fail_on: FailOn) -> Option<String> {
    let (threshold, one, many) = match fail_on {
        FailOn::Error => (Severity::Error, "error", "errors"),
        FailOn::Warning => (Severity::Warning, "finding", "findings"),
        FailOn::Never => return None,
    };
    let mut codes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in findings {
        if f.waived.is_none() && f.severity >= threshold {
            *codes.entry(f.code.as_str()).or_default() += 1;
        }
    }
    if codes.is_empty() {
        return None;
    }
    let total: usize = codes.values().sum();
    let list: Vec<String> = codes
        .iter()
        .map(|(c, n)| {
            if *n > 1 {
                format!("{c} x{n}")
            } else {
                (*c).to_owned()
            }
        })
        .collect();
    Some(format!(
        "{} at or above --fail-on {} ({})",
        crate::diag::plural(total, one, many),
        match fail_on {
            FailOn::Error => "error",
            _ => "warning",
        },
        list.join(", ")
    ))
}

/// The plan document of SPEC §7 (`--format json`).
#[derive(Serialize)]
pub struct PlanDocument<'a> {
    pub schema: &'static str,
    pub inputs: Vec<InputRecord<'a>>,
    pub assumptions: &'a Assumptions,
    pub assumption_notes: &'a [String],
    pub summary: Summary,
    pub current: &'a plan::Current,
    pub proposed: &'a plan::Proposed,
    pub changes: &'a plan::Changes,
    /// The Graph request `--out-graph` is the body of.
    pub graph_request: crate::plan::GraphRequest,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discarded_by_switch: &'a Vec<String>,
    pub blast_radius: &'a analyze::BlastRadius,
    pub ledger: &'a [plan::LedgerRow],
    pub findings: &'a [Finding],
}

#[derive(Serialize)]
pub struct InputRecord<'a> {
    pub path: &'a str,
    pub kind: &'static str,
    pub format: &'a str,
    pub records: usize,
}

#[derive(Serialize)]
pub struct Summary {
    pub entries_in: usize,
    pub entries_accounted: usize,
    pub domains_emitted: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let p = &self.proposal;
        Summary {
            entries_in: p.lists.iter().map(|l| l.len()).sum(),
            entries_accounted: p.ledger.len(),
            domains_emitted: p.proposed.domains.len(),
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            infos: self.count(Severity::Info),
            waived: self.findings.iter().filter(|f| f.waived.is_some()).count(),
        }
    }

    pub fn document(&self) -> PlanDocument<'_> {
        PlanDocument {
            schema: "spo2b2b.plan/v1",
            inputs: self
                .inputs
                .iter()
                .map(|i| InputRecord {
                    path: &i.path,
                    kind: i.kind.as_str(),
                    format: &i.format,
                    records: i.records,
                })
                .collect(),
            assumptions: &self.proposal.assumptions,
            assumption_notes: &self.assumptions,
            summary: self.summary(),
            current: &self.proposal.current,
            proposed: &self.proposal.proposed,
            changes: &self.proposal.changes,
            graph_request: crate::plan::GraphRequest::for_policy(self.data.entra.as_ref()),
            discarded_by_switch: &self.proposal.discarded_by_switch,
            blast_radius: &self.analysis.blast,
            ledger: &self.proposal.ledger,
            findings: &self.findings,
        }
    }
}
