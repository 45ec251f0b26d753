//! `diff` output: the mode change, `+`/`-` per domain with whom it hits, sizes, and the summary
//! line `N added, M removed, mode unchanged|changed`.

use std::fmt::Write;

use crate::diag::plural;
use crate::report::{Change, Diff, DomainHit};

pub fn json(d: &Diff) -> String {
    super::json(d)
}

fn reach(h: &DomainHit) -> String {
    let mut s = format!(
        "{} ({} pending), {} ({} teams)",
        plural(h.guests, "guest", "guests"),
        h.pending,
        plural(h.groups, "group", "groups"),
        h.teams
    );
    if !h.group_names.is_empty() {
        let _ = write!(s, ": {}", h.group_names.join(", "));
    }
    s
}

fn header(d: &Diff) -> Vec<String> {
    let side = |label: &str, s: &crate::report::Side| {
        format!(
            "{label} {} ({}, {} list, {} domains, {} characters)",
            s.path,
            s.source,
            s.mode.as_str(),
            s.domains.len(),
            s.definition_chars
        )
    };
    let mut lines = vec![
        side("before:", &d.before),
        side("after: ", &d.after),
        format!(
            "mode: {} -> {} ({})",
            d.before.mode.as_str(),
            d.after.mode.as_str(),
            if d.mode_changed {
                "changed"
            } else {
                "unchanged"
            }
        ),
    ];
    for side in [&d.before, &d.after] {
        if !side.rejected.is_empty() {
            lines.push(format!(
                "not compared (not valid domains) in {}: {}",
                side.path,
                side.rejected.join(", ")
            ));
        }
    }
    lines
}

pub fn table(d: &Diff) -> String {
    let mut out = header(d).join("\n");
    out.push('\n');
    if d.added.is_empty() && d.removed.is_empty() {
        out.push_str("(no domain added or removed)\n");
    } else {
        let mut t = if d.blast_radius.measured {
            super::table(&["", "domain", "hits"])
        } else {
            super::table(&["", "domain"])
        };
        for h in &d.blast_radius.domains {
            let sign = if h.change == Change::Added { "+" } else { "-" };
            let mut row = vec![sign.to_string(), h.domain.clone()];
            if d.blast_radius.measured {
                row.push(reach(h));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    out.push_str(&d.summary_line());
    out.push('\n');
    out
}

pub fn markdown(d: &Diff) -> String {
    let mut out = format!("## spo2b2b diff: {}\n\n", d.summary_line());
    for line in header(d) {
        // Paths and domain names need no escaping outside a table.
        let _ = writeln!(out, "- {}", line.replace("->", "→"));
    }
    out.push('\n');
    if !d.blast_radius.domains.is_empty() {
        out.push_str("```diff\n");
        for h in &d.blast_radius.domains {
            let sign = if h.change == Change::Added { "+" } else { "-" };
            if d.blast_radius.measured {
                let _ = writeln!(out, "{sign} {}  # {}", h.domain, reach(h));
            } else {
                let _ = writeln!(out, "{sign} {}", h.domain);
            }
        }
        out.push_str("```\n");
    }
    out
}
