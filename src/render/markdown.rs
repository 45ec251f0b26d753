//! `plan --format markdown`: a pull-request comment. The summary comes first; details are
//! folded in `<details>` blocks so a reviewer sees the verdict without scrolling. The blast
//! radius is drawn as a Mermaid pie chart, which GitHub and GitLab render in place.

use std::fmt::Write;

use crate::diag::Finding;
use crate::report::Report;

use super::escape::{markdown as text, markdown_code as code, markdown_fence as fence};

/// A Markdown table of cells already written as Markdown (input text through
/// [`super::escape::markdown`], our own values through [`super::escape::markdown_code`]).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out
}

/// Lines of one table cell, each already Markdown, at most [`super::CELL_LINES`] of them.
fn cell_lines(lines: impl Iterator<Item = String>) -> String {
    let mut out: Vec<String> = lines.take(super::CELL_LINES + 1).collect();
    if out.len() > super::CELL_LINES {
        out.truncate(super::CELL_LINES);
        out.push("…".to_string());
    }
    out.join("<br>")
}

fn details(summary: &str, body: &str) -> String {
    format!("<details><summary>{summary}</summary>\n\n{body}\n</details>\n\n")
}

/// Domains inline, at most [`super::DOMAINS_LISTED`] (a pull-request comment has a size limit).
fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        return "_none_".to_string();
    }
    let mut parts: Vec<String> = items
        .iter()
        .take(super::DOMAINS_LISTED)
        .map(|d| code(d))
        .collect();
    parts.extend(super::more(items.len(), super::DOMAINS_LISTED, "domains"));
    parts.join(", ")
}

pub fn plan(report: &Report) -> String {
    let p = &report.proposal;
    let b = &report.analysis.blast;
    let s = report.summary();
    let mut out = String::new();
    let verdict = if s.errors > 0 {
        "❌"
    } else if s.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(out, "## {verdict} spo2b2b plan\n");
    let _ = writeln!(
        out,
        "**Entra B2B list:** {} ({} domains) → **{}** ({} domains); mode {}. **{}** added, **{}** removed. Policy size {} / {} characters.\n",
        p.current.mode.as_str(),
        p.current.domains.len(),
        p.proposed.mode.as_str(),
        p.proposed.domains.len(),
        if p.changes.mode_changed {
            "**changed**"
        } else {
            "unchanged"
        },
        p.changes.added.len(),
        p.changes.removed.len(),
        p.proposed.definition_chars,
        p.proposed.limit_chars,
    );
    let request = super::policy::GraphRequest::for_policy(report.data.entra.as_ref());
    let _ = writeln!(
        out,
        "**Graph request:** {}\n",
        code(&format!("{} {}", request.method, request.url))
    );
    let t = &b.totals;
    let _ = writeln!(
        out,
        "**Blast radius:** {} domains newly blocked ({} guests, {} pending invitations fail), {} newly allowed; {} groups hit ({} teams); sharing breaks on {} sites; {} of {} SharePoint external users have no Entra guest account ({} lose access).\n",
        t.domains_newly_blocked,
        t.guests_newly_blocked,
        t.pending_fail,
        t.domains_newly_allowed,
        t.groups_hit,
        t.teams_hit,
        t.sites_sharing_breaks,
        t.spo_only,
        t.external_users,
        t.spo_only_lose_access
    );
    let _ = writeln!(
        out,
        "**Findings:** {}. Ledger: {} of {} list entries accounted for.\n",
        super::finding_counts(&s),
        s.entries_accounted,
        s.entries_in
    );

    let changed: Vec<_> = b.domains.iter().filter(|d| d.changed()).collect();
    let hit: Vec<_> = changed.iter().filter(|d| d.guests > 0).collect();
    if !hit.is_empty() {
        let mut chart = vec![
            "pie showData".to_string(),
            "    title Guests whose domain changes verdict".to_string(),
        ];
        let mut rest = 0;
        for (i, d) in hit.iter().enumerate() {
            if i < 8 {
                // Canonical domains hold no quote that could end a Mermaid label.
                chart.push(format!(
                    "    \"{} ({} → {})\" : {}",
                    d.domain, d.before, d.after, d.guests
                ));
            } else {
                rest += d.guests;
            }
        }
        if rest > 0 {
            chart.push(format!("    \"{} other domains\" : {rest}", hit.len() - 8));
        }
        out.push_str(&fence("mermaid", &chart));
        out.push('\n');
    }

    let errors: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.waived.is_none() && f.severity == crate::diag::Severity::Error)
        .collect();
    if !errors.is_empty() {
        out.push_str("### Errors\n\n");
        out.push_str(&findings_table(&errors));
        out.push('\n');
    }

    let changes = format!(
        "- **added:** {}\n- **removed{}:** {}\n",
        code_list(&p.changes.added),
        if p.discarded_by_switch.is_empty() {
            ""
        } else {
            " (discarded by the list-type switch)"
        },
        code_list(&p.changes.removed),
    );
    out.push_str(&details(
        &format!(
            "Changes: {} added, {} removed",
            p.changes.added.len(),
            p.changes.removed.len()
        ),
        &changes,
    ));

    if !b.domains.is_empty() {
        let rows: Vec<Vec<String>> = b
            .domains
            .iter()
            .take(super::DOMAINS_LISTED)
            .map(|d| super::impact_row(d, code(&d.domain), |after| format!("**{after}**")))
            .collect();
        out.push_str(&details(
            &format!("Blast radius: {} domains", b.domains.len()),
            &format!(
                "{}{}",
                table(&super::IMPACT_HEADER, &rows),
                super::more(b.domains.len(), super::DOMAINS_LISTED, "domains")
                    .map(|m| format!("\n{m}\n"))
                    .unwrap_or_default()
            ),
        ));
    }
    if !b.most_affected.is_empty() {
        let rows: Vec<Vec<String>> = b
            .most_affected
            .iter()
            .map(|g| super::group_row(g).iter().map(|c| text(c)).collect())
            .collect();
        out.push_str(&details(
            "Most affected teams and groups",
            &table(&super::GROUP_HEADER, &rows),
        ));
    }

    if !report.findings.is_empty() {
        let (shown, folded) = super::fold_findings(&report.findings);
        let mut body = findings_table(&shown);
        for f in folded {
            body.push_str(&format!("\n{f}\n"));
        }
        out.push_str(&details(
            &format!("All findings ({})", report.findings.len()),
            &body,
        ));
    }
    // A pull-request comment has a size limit; a long definition is in --out-policy.
    let policy = if p.proposed.domains.len() <= super::DOMAINS_LISTED {
        let definition = super::policy::definition(&p.proposed.definition);
        fence("json", &definition.lines().collect::<Vec<_>>())
    } else {
        format!(
            "{} domains: write the definition with `--out-policy F`.\n",
            p.proposed.domains.len()
        )
    };
    out.push_str(&details("Proposed policy definition", &policy));
    let assumptions: String = report
        .assumptions
        .iter()
        .map(|a| format!("- {}\n", text(a)))
        .collect();
    out.push_str(&details("Assumptions", &assumptions));
    out
}

fn findings_table(findings: &[&Finding]) -> String {
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                match &f.waived {
                    Some(r) => format!("{} (waived: {})", f.severity, text(r)),
                    None => f.severity.to_string(),
                },
                code(f.code.as_str()),
                text(&f.subject),
                text(&f.message),
                cell_lines(f.locations.iter().map(|l| text(&l.to_string()))),
            ]
        })
        .collect();
    table(&["severity", "code", "subject", "message", "where"], &rows)
}
