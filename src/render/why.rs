//! `why` output: per address, each gate before and after with its deciding rule.

use std::fmt::Write;

use super::escape::terminal_line as line;
use crate::analyze::gates::Verdict;
use crate::report::Explanation;

pub fn json(explanations: &[Explanation]) -> String {
    super::json(explanations)
}

fn cell(v: &Verdict) -> String {
    let mut s = format!(
        "{}: {}",
        if v.allowed { "allowed" } else { "blocked" },
        v.rule
    );
    if let Some(src) = &v.source {
        let _ = write!(s, "\n(from {src})");
    }
    s
}

pub fn table(explanations: &[Explanation], assumptions: &[String]) -> String {
    let mut out = String::new();
    for e in explanations {
        let _ = write!(out, "{}", line(&e.address));
        match (&e.domain, &e.error) {
            (Some(d), _) => {
                let _ = write!(out, " (domain {d})");
            }
            (None, Some(err)) => {
                let _ = write!(out, ": no valid domain ({})", line(err));
            }
            (None, None) => {}
        }
        if let Some(site) = &e.site {
            let _ = write!(out, ", shared from {}", line(site));
        }
        out.push('\n');
        if let Some(note) = &e.external_user {
            let _ = writeln!(out, "{note}");
        }
        if !e.gates.is_empty() {
            let mut t = super::table(&["gate", "before", "after"]);
            for g in &e.gates {
                let changed = g.before.allowed != g.after.allowed;
                t.add_row(vec![
                    if changed {
                        format!("{} (changes)", g.gate)
                    } else {
                        g.gate.to_string()
                    },
                    cell(&g.before),
                    cell(&g.after),
                ]);
            }
            let _ = writeln!(out, "{t}");
        }
        for f in &e.findings {
            let _ = writeln!(out, "{} {}: {}", f.severity, f.code, line(&f.message));
        }
        out.push('\n');
    }
    out.push_str("Assumptions\n");
    for a in assumptions {
        let _ = writeln!(out, "- {}", super::escape::terminal_line(a));
    }
    super::for_terminal(out)
}
