//! `plan --format table` and `--format json`: the report an admin reads in a terminal and the
//! plan document machines read (SPEC §7).

use std::fmt::Write;

use crate::diag::{Finding, plural};
use crate::plan::{Disposition, PolicyMode};
use crate::report::Report;

pub fn json(report: &Report) -> String {
    super::json(&report.document())
}

fn mode_words(m: PolicyMode) -> &'static str {
    match m {
        PolicyMode::None => "no list (every domain invitable)",
        PolicyMode::Allow => "allow list",
        PolicyMode::Block => "block list",
    }
}

pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let p = &report.proposal;
    let s = report.summary();
    let b = &report.analysis.blast;

    out.push_str("Summary\n");
    let mut t = super::table(&[]);
    for i in &report.inputs {
        t.add_row(vec![
            format!("input ({})", i.kind.as_str()),
            format!(
                "{} ({}, {})",
                i.path,
                i.format,
                plural(i.records, "record", "records")
            ),
        ]);
    }
    let disposition_counts = {
        let mut counts = std::collections::BTreeMap::<Disposition, usize>::new();
        for r in &p.ledger {
            *counts.entry(r.disposition).or_default() += 1;
        }
        counts
            .iter()
            .map(|(d, n)| format!("{n} {}", d.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    t.add_row(vec![
        "list entries read".to_string(),
        format!(
            "{} ({} accounted for in the ledger{}{})",
            s.entries_in,
            s.entries_accounted,
            if disposition_counts.is_empty() {
                ""
            } else {
                ": "
            },
            disposition_counts
        ),
    ]);
    for (label, mode, domains) in [
        ("current Entra list", p.current.mode, &p.current.domains),
        ("proposed Entra list", p.proposed.mode, &p.proposed.domains),
    ] {
        t.add_row(vec![
            label.to_string(),
            format!(
                "{}, {}",
                mode_words(mode),
                plural(domains.len(), "domain", "domains")
            ),
        ]);
    }
    t.add_row(vec![
        "policy size".to_string(),
        format!(
            "{} of {} characters ({}%)",
            p.proposed.definition_chars,
            p.proposed.limit_chars,
            p.proposed.definition_chars * 100 / p.proposed.limit_chars
        ),
    ]);
    let request = super::policy::GraphRequest::for_policy(report.data.entra.as_ref());
    t.add_row(vec![
        "Graph request".to_string(),
        // Relative to https://graph.microsoft.com, as Graph's own documentation writes it: the
        // full URL would wrap inside the table.
        format!("{} {}", request.method, request.path()),
    ]);
    t.add_row(vec!["findings".to_string(), super::finding_counts(&s)]);
    let _ = writeln!(out, "{t}");

    out.push_str("\nProposed policy\n");
    let mut t = super::table(&["mode", "domains"]);
    t.add_row(vec![
        p.proposed.mode.as_str().to_string(),
        if p.proposed.domains.is_empty() {
            "(none)".to_string()
        } else {
            super::domain_lines(&p.proposed.domains)
        },
    ]);
    let _ = writeln!(out, "{t}");

    out.push_str("\nChanges\n");
    let mut t = super::table(&["change", "domains"]);
    t.add_row(vec![
        "mode".to_string(),
        format!(
            "{} -> {}{}",
            p.current.mode.as_str(),
            p.proposed.mode.as_str(),
            if p.changes.mode_changed {
                " (changed)"
            } else {
                " (unchanged)"
            }
        ),
    ]);
    // Under a list-type switch every current entry is removed: say so on that row.
    let switch = if p.discarded_by_switch.is_empty() {
        ""
    } else {
        ", discarded by the switch"
    };
    for (label, list, note) in [
        ("+ added", &p.changes.added, ""),
        ("- removed", &p.changes.removed, switch),
    ] {
        t.add_row(vec![
            format!("{label} ({}{note})", list.len()),
            if list.is_empty() {
                "(none)".to_string()
            } else {
                super::domain_lines(list)
            },
        ]);
    }
    let _ = writeln!(out, "{t}");

    out.push_str("\nBlast radius (Teams / Groups invitations: the Entra gate)\n");
    let tot = &b.totals;
    let mut t = super::table(&[]);
    let rows = [
        (
            "guests",
            format!(
                "{} ({} pending, {} without a known home domain) across {} domains{}",
                tot.guests,
                tot.guests_pending,
                tot.guests_domain_unknown,
                tot.guest_domains,
                super::internal_note(tot.internal_users_skipped)
            ),
        ),
        (
            "groups",
            format!(
                "{} ({} teams), {} membership rows ({} guest memberships)",
                tot.groups, tot.teams, tot.membership_rows, tot.guest_memberships
            ),
        ),
        (
            "sites",
            format!(
                "{} ({} with unknown settings)",
                tot.sites, tot.sites_settings_unknown
            ),
        ),
        (
            "domains newly blocked",
            format!(
                "{} ({} guests, {} pending invitations fail)",
                tot.domains_newly_blocked, tot.guests_newly_blocked, tot.pending_fail
            ),
        ),
        (
            "domains newly allowed",
            tot.domains_newly_allowed.to_string(),
        ),
        (
            "groups hit",
            format!("{} ({} teams)", tot.groups_hit, tot.teams_hit),
        ),
        (
            "sites whose sharing breaks",
            tot.sites_sharing_breaks.to_string(),
        ),
        (
            "SharePoint-only external users",
            format!(
                "{} of {} external users have no Entra guest account ({} lose access: the proposed list refuses their account){}",
                tot.spo_only,
                tot.external_users,
                tot.spo_only_lose_access,
                if tot.external_rows_skipped > 0 {
                    format!(
                        "; {} report rows are no external person (links, groups, internal people)",
                        tot.external_rows_skipped
                    )
                } else {
                    String::new()
                }
            ),
        ),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    let _ = writeln!(out, "{t}");
    if !b.domains.is_empty() {
        let mut t = super::table(&super::IMPACT_HEADER);
        for d in b.domains.iter().take(super::DOMAINS_LISTED) {
            t.add_row(super::impact_row(
                d,
                super::display_domain(&d.domain),
                |after| format!("{after} (changed)"),
            ));
        }
        let _ = writeln!(out, "{t}");
        if let Some(m) = super::more(b.domains.len(), super::DOMAINS_LISTED, "domains") {
            let _ = writeln!(out, "{m}");
        }
    }
    if !b.most_affected.is_empty() {
        out.push_str("\nMost affected teams and groups\n");
        let mut t = super::table(&super::GROUP_HEADER);
        for g in &b.most_affected {
            t.add_row(super::group_row(g));
        }
        let _ = writeln!(out, "{t}");
    }
    if let Some(trim) = &b.trim {
        out.push_str("\nTo fit the size limit\n");
        let _ = writeln!(
            out,
            "The policy is {} characters over the limit. {} emitted domains are unused (no guest, pending invitation, team or site).",
            trim.over_by_chars,
            trim.unused.len()
        );
        if trim.unused_suffice {
            let _ = writeln!(
                out,
                "Removing {} of them (longest first) makes it fit.",
                trim.remove_unused
            );
        } else {
            let _ = writeln!(
                out,
                "Removing {} is not enough: {} of the least used domains would have to go too, starting with {}",
                if trim.unused.is_empty() {
                    "unused domains (there are none)".to_string()
                } else {
                    format!("all {} unused domains", trim.unused.len())
                },
                trim.remove_least_used,
                trim.least_used
                    .iter()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }

    out.push_str("\nFindings\n");
    if report.findings.is_empty() {
        out.push_str("(none)\n");
    } else {
        out.push_str(&findings_table(&report.findings));
    }

    out.push_str("\nAssumptions\n");
    for a in &report.assumptions {
        let _ = writeln!(out, "- {}", super::escape::terminal_line(a));
    }
    super::for_terminal(out)
}

/// Findings as a table, at most [`FINDINGS_PER_CODE`] per code.
pub fn findings_table(findings: &[Finding]) -> String {
    let mut t = super::table(&["severity", "code", "finding"]);
    let (shown, folded) = super::fold_findings(findings);
    for f in shown {
        t.add_row(vec![
            match &f.waived {
                Some(_) => format!("{} (waived)", f.severity),
                None => f.severity.to_string(),
            },
            f.code.to_string(),
            finding_text(f),
        ]);
    }
    let mut out = format!("{t}\n");
    for f in folded {
        out.push_str(&f);
        out.push('\n');
    }
    out
}

/// Subject, message, waiver and locations of a finding, one per line.
fn finding_text(f: &Finding) -> String {
    let mut s = format!("{}\n{}", f.subject, f.message);
    if let Some(r) = &f.waived {
        let _ = write!(s, "\nwaived: {r}");
    }
    for l in &f.locations {
        let _ = write!(s, "\nat {l}");
    }
    s
}
