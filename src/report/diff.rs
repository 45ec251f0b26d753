//! `spo2b2b diff BEFORE AFTER`: two Entra policies (or plan documents) compared domain by
//! domain in canonical form, with whom each added or removed domain hits when guests and groups
//! are given. This is what a reviewer reads in a pull request.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RunError;
use crate::analyze::{self, guests};
use crate::domain::{EntryContext, ListRole};
use crate::ingest::{self, InputFile, InputKind};
use crate::model::DomainListField;
use crate::plan::{self, PolicyMode};

/// What one side of the comparison was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SideSource {
    EntraPolicy,
    Plan,
}

impl SideSource {
    pub const ALL: [SideSource; 2] = [SideSource::EntraPolicy, SideSource::Plan];

    /// The serialised name (`entra-policy`, `plan`).
    pub fn as_str(self) -> &'static str {
        match self {
            SideSource::EntraPolicy => "entra-policy",
            SideSource::Plan => "plan",
        }
    }
}

impl std::fmt::Display for SideSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub path: String,
    pub source: SideSource,
    pub mode: PolicyMode,
    /// Canonical domains, sorted.
    pub domains: Vec<String>,
    pub definition_chars: usize,
    /// Entries that are not valid domains: never compared, always shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<String>,
}

/// Whether a domain enters or leaves the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
}

/// Whom one changed domain hits.
#[derive(Debug, Clone, Serialize)]
pub struct DomainHit {
    pub domain: String,
    pub change: Change,
    /// Whether an invitation to this domain passes the Entra list before and after (listed
    /// domains match exactly: `diff` has no `--subdomains`).
    pub invitable_before: bool,
    pub invitable_after: bool,
    pub guests: usize,
    pub pending: usize,
    pub groups: usize,
    pub teams: usize,
    /// Names of the groups and teams hit (at most 10).
    pub group_names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffBlastRadius {
    /// Whether guests or groups were given (otherwise every count is zero by construction).
    pub measured: bool,
    pub domains: Vec<DomainHit>,
}

/// The diff document (`spo2b2b.diff/v1`).
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub schema: &'static str,
    pub before: Side,
    pub after: Side,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub mode_changed: bool,
    pub blast_radius: DiffBlastRadius,
}

impl Side {
    /// Whether this side's list lets an invitation to `domain` through.
    pub fn invitable(&self, domain: &str) -> bool {
        let listed = self
            .domains
            .binary_search_by(|d| d.as_str().cmp(domain))
            .is_ok();
        match self.mode {
            PolicyMode::None => true,
            PolicyMode::Allow => listed,
            PolicyMode::Block => !listed,
        }
    }

    /// Whether a domain on neither side's list is invitable (no list or a block list).
    pub fn invitable_unlisted(&self) -> bool {
        self.mode != PolicyMode::Allow
    }
}

impl Diff {
    pub fn differs(&self) -> bool {
        self.mode_changed || !self.added.is_empty() || !self.removed.is_empty()
    }

    /// `N added, M removed, mode unchanged|changed`.
    pub fn summary_line(&self) -> String {
        format!(
            "{} added, {} removed, mode {}",
            self.added.len(),
            self.removed.len(),
            if self.mode_changed {
                "changed"
            } else {
                "unchanged"
            }
        )
    }
}

fn canonical_list(fields: &[&DomainListField]) -> (Vec<String>, Vec<String>) {
    let ctx = EntryContext {
        role: ListRole::Query,
        from_csv: false,
    };
    let mut ok = BTreeSet::new();
    let mut rejected = Vec::new();
    for f in fields {
        for v in &f.values {
            for n in plan::normalize_list_string(v, ctx).entries {
                match n.canonical {
                    Some(c) => {
                        ok.insert(c);
                    }
                    None => rejected.push(n.raw),
                }
            }
        }
    }
    (ok.into_iter().collect(), rejected)
}

fn plan_side(path: &str, doc: &Value) -> Result<Side, RunError> {
    let bad = |what: &str| RunError::Usage(format!("{path}: plan document: {what}"));
    let proposed = doc
        .get("proposed")
        .ok_or_else(|| bad("no `proposed` object"))?;
    let mode = proposed
        .get("mode")
        .and_then(|m| PolicyMode::deserialize(m).ok())
        .ok_or_else(|| bad("/proposed/mode is not none, allow or block"))?;
    let raw: Vec<String> = proposed
        .get("domains")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("/proposed/domains is not an array"))?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| bad(&format!("/proposed/domains/{i} is not a string")))
        })
        .collect::<Result<_, _>>()?;
    let (domains, rejected) = canonical_list(&[&DomainListField {
        location: None,
        values: raw,
    }]);
    let definition_chars = proposed
        .get("definition_chars")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("/proposed/definition_chars is not a number"))?
        as usize;
    Ok(Side {
        path: path.to_string(),
        source: SideSource::Plan,
        mode,
        domains,
        definition_chars,
        rejected,
    })
}

/// Reads one side from a file: a plan document (`"schema": "spo2b2b.plan/v1"`) or an Entra
/// policy in any shape ingest accepts.
pub fn read_side(path: &std::path::Path) -> Result<Side, RunError> {
    let file = InputFile::new(path, InputKind::Entra);
    let text = ingest::read_text(&file)?;
    side_of(&file.display, &text)
}

/// Reads one side from standard input's bytes (`-`), shown as `(stdin)`.
pub fn read_side_stdin(bytes: Vec<u8>) -> Result<Side, RunError> {
    let display = "(stdin)";
    let text = ingest::bytes_to_text(display, bytes)?;
    side_of(display, &text)
}

fn side_of(display: &str, text: &str) -> Result<Side, RunError> {
    if let Ok(doc) = serde_json::from_str::<Value>(text)
        && doc.get("schema").and_then(Value::as_str) == Some("spo2b2b.plan/v1")
    {
        return plan_side(display, &doc);
    }
    let policy = ingest::read_entra(display, text)?;
    let mode = if !policy.allowed.is_blank() {
        PolicyMode::Allow
    } else if !policy.blocked.is_blank() {
        PolicyMode::Block
    } else {
        PolicyMode::None
    };
    let selected = match mode {
        PolicyMode::Allow => vec![&policy.allowed],
        PolicyMode::Block => vec![&policy.blocked],
        PolicyMode::None => vec![],
    };
    let (domains, rejected) = canonical_list(&selected);
    Ok(Side {
        path: display.to_string(),
        source: SideSource::EntraPolicy,
        mode,
        domains,
        definition_chars: crate::plan::compact_chars(&policy.definition),
        rejected,
    })
}

/// Compares two sides; `people` (guest and group files) measures whom each change hits.
pub fn diff(before: Side, after: Side, people_files: &[InputFile]) -> Result<Diff, RunError> {
    let b: BTreeSet<&String> = before.domains.iter().collect();
    let a: BTreeSet<&String> = after.domains.iter().collect();
    let mode_changed = before.mode != after.mode;
    let added: Vec<String> = a.difference(&b).map(|s| s.to_string()).collect();
    let removed: Vec<String> = b.difference(&a).map(|s| s.to_string()).collect();

    let measured = !people_files.is_empty();
    // Only guests' home domains and group membership are needed: the lean reader, as `plan`.
    let loaded = ingest::load_lean(people_files, None)?;
    let people = guests::join(&loaded.data);
    let uses = analyze::domain_usage(&loaded.data, &people, &HashMap::new(), &BTreeSet::new());
    let hit = |d: &String, change: Change| {
        let u = people.domains.get(d).map(|i| &uses[i as usize]);
        DomainHit {
            domain: d.clone(),
            change,
            invitable_before: before.invitable(d),
            invitable_after: after.invitable(d),
            guests: u.map_or(0, |u| u.guests),
            pending: u.map_or(0, |u| u.pending),
            groups: u.map_or(0, |u| u.groups.len()),
            teams: u.map_or(0, |u| u.teams),
            group_names: u.map_or_else(Vec::new, |u| {
                let mut names: Vec<String> = u
                    .groups
                    .iter()
                    .map(|&g| {
                        let g = &loaded.data.groups[g];
                        g.display_name.clone().unwrap_or_else(|| g.id.clone())
                    })
                    .collect();
                names.sort();
                names.truncate(10);
                names
            }),
        }
    };
    let domains = added
        .iter()
        .map(|d| hit(d, Change::Added))
        .chain(removed.iter().map(|d| hit(d, Change::Removed)))
        .collect();
    Ok(Diff {
        schema: "spo2b2b.diff/v1",
        before,
        after,
        added,
        removed,
        mode_changed,
        blast_radius: DiffBlastRadius { measured, domains },
    })
}
