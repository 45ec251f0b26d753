//! `diff` output: the mode change, `+`/`-` per domain with what it means (becomes invitable /
//! uninvitable) and whom it hits, sizes, and the summary line
//! `N added, M removed, mode unchanged|changed`. IDNs show their Unicode form beside the ASCII.

use std::fmt::Write;

use super::escape::{markdown as text, markdown_fence as fence};
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

fn invitable_words(before: bool, after: bool) -> &'static str {
    match (before, after) {
        (false, true) => "becomes invitable",
        (true, false) => "becomes uninvitable",
        (true, true) => "stays invitable",
        (false, false) => "stays uninvitable",
    }
}

/// What an added or removed domain means for invitations to it.
fn meaning(h: &DomainHit) -> &'static str {
    invitable_words(h.invitable_before, h.invitable_after)
}

fn sign(h: &DomainHit) -> &'static str {
    if h.change == Change::Added { "+" } else { "-" }
}

/// Input paths, modes, sizes and the domains not compared; with a mode change, what it means
/// for the domains on neither list.
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
    let (b, a) = (d.before.invitable_unlisted(), d.after.invitable_unlisted());
    if b != a {
        lines.push(format!(
            "every domain on neither list {}",
            invitable_words(b, a)
        ));
    }
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
    let mut out = header(d)
        .iter()
        .map(|l| super::escape::terminal_line(l))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    if d.added.is_empty() && d.removed.is_empty() {
        out.push_str("(no domain added or removed)\n");
    } else {
        let mut t = if d.blast_radius.measured {
            super::table(&["", "domain", "meaning", "hits"])
        } else {
            super::table(&["", "domain", "meaning"])
        };
        for h in &d.blast_radius.domains {
            let mut row = vec![
                sign(h).to_string(),
                super::display_domain(&h.domain),
                meaning(h).to_string(),
            ];
            if d.blast_radius.measured {
                row.push(reach(h));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    out.push_str(&d.summary_line());
    out.push('\n');
    super::for_terminal(out)
}

/// The plan's layout: the summary line first, the details folded.
pub fn markdown(d: &Diff) -> String {
    let mut out = format!("## spo2b2b diff: {}\n\n", d.summary_line());
    let invitable = |yes: bool| {
        d.blast_radius
            .domains
            .iter()
            .filter(|h| h.invitable_after == yes && h.invitable_before != yes)
            .count()
    };
    let _ = writeln!(
        out,
        "**Entra B2B list:** {} ({} domains, {} characters) → **{}** ({} domains, {} characters); mode {}. **{}** added, **{}** removed; invitable from now on: {}; no longer invitable: {}.\n",
        d.before.mode.as_str(),
        d.before.domains.len(),
        d.before.definition_chars,
        d.after.mode.as_str(),
        d.after.domains.len(),
        d.after.definition_chars,
        if d.mode_changed {
            "**changed**"
        } else {
            "unchanged"
        },
        d.added.len(),
        d.removed.len(),
        plural(invitable(true), "domain", "domains"),
        plural(invitable(false), "domain", "domains"),
    );
    if !d.blast_radius.domains.is_empty() {
        let lines: Vec<String> = d
            .blast_radius
            .domains
            .iter()
            .map(|h| {
                let mut l = format!(
                    "{} {}  # {}",
                    sign(h),
                    super::display_domain(&h.domain),
                    meaning(h)
                );
                if d.blast_radius.measured {
                    let _ = write!(l, "; {}", super::shorten(&reach(h)));
                }
                l
            })
            .collect();
        out.push_str(&format!(
            "<details><summary>Changes: {} added, {} removed</summary>\n\n{}\n</details>\n\n",
            d.added.len(),
            d.removed.len(),
            fence("diff", &lines)
        ));
    }
    let inputs: String = header(d)
        .iter()
        .map(|l| format!("- {}\n", text(&l.replace("->", "→"))))
        .collect();
    out.push_str(&format!(
        "<details><summary>Inputs</summary>\n\n{inputs}\n</details>\n"
    ));
    out
}
