//! `plan --format html` / `--out-html F`: one self-contained page for the people who act on the
//! plan (SPEC §7): the verdict and key figures first, a "what to do next" checklist drawn from
//! the findings, the blast radius as inline SVG charts, one section per affected team or group
//! with its owners and the people it loses, the SharePoint-only guests, and sortable tables.
//!
//! The page makes no network request: style, charts and the sorting script are inline
//! ([`super::html_assets`]) under a Content-Security-Policy that forbids loading anything.
//! Every string that came from the input goes through [`escape`], the one escaping function, and
//! only into element content, never into an attribute we did not write; ids and classes are
//! ours. Output is byte-deterministic: everything is drawn from sorted data with integer
//! geometry.

use std::fmt::Write;

use super::html_assets::{CSP, SCRIPT, STYLE};
use crate::analyze::{Access, DomainImpact};
use crate::diag::{Finding, Severity, plural};
use crate::report::Report;
use crate::report::affected::{Affected, AffectedPerson, PersonKind};

/// The most characters a cell shows before an ellipsis (the JSON and CSV keep everything).
const CELL_CHARS: usize = 300;
/// The most characters of a chart label.
const LABEL_CHARS: usize = 36;
/// Rows of the per-domain table; the rest are counted.
const DOMAIN_ROWS: usize = 500;
/// Rows of the table of everyone affected.
const PEOPLE_ROWS: usize = 1000;
/// Rows of the table of teams and groups.
const GROUP_ROWS: usize = 1000;
/// Team and group sections, and people listed in each.
const GROUP_SECTIONS: usize = 100;
const GROUP_PEOPLE: usize = 200;
/// Bars per chart.
const CHART_BARS: usize = 15;
/// Subjects named per checklist item.
const CHECKLIST_SUBJECTS: usize = 5;

/// Escapes text for HTML element content or a quoted attribute. Besides `<>&"'` it encodes
/// `` ` ``, `/`, `:`, `=` and `@`, so no input text can look like a URL, an attribute or a
/// mention even to a careless reader of the source; control characters, bidirectional
/// overrides and line separators are shown as visible `\u{..}` escapes (they would otherwise
/// reorder or hide text).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            '/' => out.push_str("&#47;"),
            ':' => out.push_str("&#58;"),
            '=' => out.push_str("&#61;"),
            '@' => out.push_str("&#64;"),
            '\n' => out.push(' '),
            c if c.is_control() || is_format_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Invisible code points that reorder or hide text: bidirectional embeddings, overrides and
/// isolates, marks, zero-width characters, line and paragraph separators, the BOM.
pub(super) fn is_format_control(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{061c}' | '\u{00ad}'
    )
}

/// Our own explanation texts, whose `` `code` `` spans become `<code>` (still escaped: they
/// quote inputs like `<url>`).
fn ours(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// Shortens to `max` characters as shown (control characters count as their visible
/// `\u{..}` form) with an ellipsis, then escapes.
fn clip(s: &str, max: usize) -> String {
    let shown: std::borrow::Cow<str> = if s.chars().any(|c| c.is_control() || is_format_control(c))
    {
        s.chars()
            .map(|c| {
                if c.is_control() || is_format_control(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    };
    match shown.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", escape(&shown[..cut])),
        None => escape(&shown),
    }
}

/// Input text for a cell or a sentence.
fn text(s: &str) -> String {
    clip(s, CELL_CHARS)
}

/// A domain for people: ASCII, with the Unicode form beside it when they differ.
fn domain(d: &str) -> String {
    text(&super::display_domain(d))
}

/// ` (bücher.de)` after an IDN's ASCII form; nothing for an ASCII domain.
fn unicode_beside(d: &str) -> String {
    let unicode = crate::domain::to_unicode(d);
    if unicode == d {
        String::new()
    } else {
        format!(" ({})", text(&unicode))
    }
}

/// `... and N more` as a paragraph, when something was left out.
fn more(out: &mut String, total: usize, shown: usize, what: &str, where_: &str) {
    if total > shown {
        let _ = writeln!(
            out,
            "<p class=\"muted\">… and {} more {what} ({where_}).</p>",
            total - shown
        );
    }
}

/// A sortable table's header: `num` columns sort by number.
fn head(out: &mut String, class: &str, columns: &[(&str, bool)]) {
    let _ = write!(out, "<table class=\"sortable {class}\"><thead><tr>");
    for (name, num) in columns {
        let _ = write!(
            out,
            "<th scope=\"col\"{}><button type=\"button\">{name}</button></th>",
            if *num { " class=\"num\"" } else { "" }
        );
    }
    out.push_str("</tr></thead><tbody>\n");
}

/// A figure that the JSON plan also has: `key` is its path in that document, so a test can
/// compare the page with `--format json`.
fn figure(key: &str, value: impl std::fmt::Display) -> String {
    format!("<span data-key=\"{key}\">{value}</span>")
}

/// The page for a report and its people view ([`crate::report::affected::affected`]).
pub fn page(report: &Report, people: &Affected) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>spo2b2b plan: Entra B2B impact report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    verdict(&mut out, report, people);
    checklist(&mut out, report, people);
    blast(&mut out, report);
    groups(&mut out, people);
    sharepoint_only(&mut out, people);
    everyone(&mut out, people);
    policy(&mut out, report);
    findings(&mut out, report);
    inputs(&mut out, report);
    let _ = write!(
        out,
        "<footer>Written by spo2b2b {} from export files, offline. This page loads nothing: it is one file.</footer>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn verdict(out: &mut String, report: &Report, people: &Affected) {
    let s = report.summary();
    let p = &report.proposal;
    let t = &report.analysis.blast.totals;
    let (class, word, lead) = if s.errors > 0 {
        (
            "v-error",
            "Not ready to apply",
            format!(
                "{} must be resolved (or waived with a reason) before the proposed policy is applied.",
                plural(s.errors, "error", "errors")
            ),
        )
    } else if s.warnings > 0 {
        (
            "v-warning",
            "Review before applying",
            format!(
                "No errors; {} to read and accept.",
                plural(s.warnings, "warning", "warnings")
            ),
        )
    } else {
        (
            "v-ok",
            "Ready to apply",
            "No errors and no warnings.".to_string(),
        )
    };
    let _ = writeln!(
        out,
        "<section class=\"verdict {class}\" id=\"verdict\">\n<h1>spo2b2b plan: <span class=\"word\">{word}</span></h1>\n<p>{lead}</p>"
    );
    let _ = writeln!(
        out,
        "<p>Entra B2B list: <b>{}</b> ({} domains) → <b>{}</b> ({} domains), mode {}; {} added, {} removed. Policy size {} of {} characters.</p>",
        figure("current.mode", p.current.mode.as_str()),
        figure("current.domains.length", p.current.domains.len()),
        figure("proposed.mode", p.proposed.mode.as_str()),
        figure("proposed.domains.length", p.proposed.domains.len()),
        if p.changes.mode_changed {
            "<b>changed</b>"
        } else {
            "unchanged"
        },
        figure("changes.added.length", p.changes.added.len()),
        figure("changes.removed.length", p.changes.removed.len()),
        figure("proposed.definition_chars", p.proposed.definition_chars),
        figure("proposed.limit_chars", p.proposed.limit_chars),
    );
    out.push_str("<div class=\"cards\">\n");
    let sharepoint_only = people.sharepoint_only().count();
    let cards: Vec<(String, &str, bool)> = vec![
        (figure("summary.errors", s.errors), "errors", s.errors > 0),
        (figure("summary.warnings", s.warnings), "warnings", false),
        (
            figure(
                "blast_radius.totals.domains_newly_blocked",
                t.domains_newly_blocked,
            ),
            "domains become uninvitable",
            t.domains_newly_blocked > 0,
        ),
        (
            figure(
                "blast_radius.totals.guests_newly_blocked",
                t.guests_newly_blocked,
            ),
            "guests from those domains",
            t.guests_newly_blocked > 0,
        ),
        (
            figure("blast_radius.totals.pending_fail", t.pending_fail),
            "pending invitations fail",
            t.pending_fail > 0,
        ),
        (
            figure("blast_radius.totals.groups_hit", t.groups_hit),
            "teams and groups hit",
            t.groups_hit.0.is_some_and(|n| n > 0),
        ),
        (
            figure("blast_radius.totals.teams_hit", t.teams_hit),
            "of them teams",
            false,
        ),
        (
            figure(
                "blast_radius.totals.sites_sharing_breaks",
                t.sites_sharing_breaks,
            ),
            "sites whose sharing breaks",
            t.sites_sharing_breaks > 0,
        ),
        (
            figure(
                "blast_radius.totals.domains_newly_allowed",
                t.domains_newly_allowed,
            ),
            "domains become invitable",
            false,
        ),
        (
            if people.sharepoint_only_exported {
                figure(
                    "blast_radius.totals.spo_only",
                    report.analysis.blast.totals.spo_only,
                )
            } else {
                "–".to_string()
            },
            if people.sharepoint_only_exported {
                "SharePoint-only guests need an account"
            } else {
                "SharePoint-only guests: not in the export"
            },
            sharepoint_only > 0,
        ),
    ];
    for (n, label, hot) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card{}\"><span class=\"n\">{n}</span><span class=\"l\">{label}</span></div>",
            if hot { " hot" } else { "" }
        );
    }
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<p class=\"muted\">{} guests ({} pending) across {} domains; {} groups ({} teams); {} sites. Findings: {}.</p>",
        figure("blast_radius.totals.guests", t.guests),
        figure("blast_radius.totals.guests_pending", t.guests_pending),
        figure("blast_radius.totals.guest_domains", t.guest_domains),
        figure("blast_radius.totals.groups", t.groups),
        figure("blast_radius.totals.teams", t.teams),
        figure("blast_radius.totals.sites", t.sites),
        escape(&super::finding_counts(&s)),
    );
    out.push_str(
        "<nav class=\"toc\"><a href=\"#next\">What to do next</a><a href=\"#blast\">Blast radius</a>\
         <a href=\"#groups\">Teams and groups</a><a href=\"#sharepoint-only\">SharePoint-only guests</a>\
         <a href=\"#people\">Everyone affected</a><a href=\"#policy\">Proposed policy</a>\
         <a href=\"#findings\">Findings</a><a href=\"#inputs\">Inputs and assumptions</a></nav>\n</section>\n",
    );
}

/// One item per code with unwaived findings, most severe first: what to do (from `explain`),
/// why it matters, and the first subjects.
fn checklist(out: &mut String, report: &Report, people: &Affected) {
    out.push_str("<section id=\"next\">\n<h2>What to do next</h2>\n<ol class=\"checklist\">\n");
    // Findings come in report order (severity, then code), so each code's run is consecutive.
    let open: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .collect();
    let runs: Vec<&[&Finding]> = open
        .chunk_by(|a, b| a.code == b.code && a.severity == b.severity)
        .collect();
    let (infos, acts): (Vec<&[&Finding]>, Vec<&[&Finding]>) = runs
        .into_iter()
        .partition(|run| run[0].severity == Severity::Info);
    for run in acts {
        let f = run[0];
        let e = f.code.explanation();
        let mut subjects: Vec<&str> = run.iter().map(|f| f.subject.as_str()).collect();
        subjects.dedup();
        let named: Vec<String> = subjects
            .iter()
            .take(CHECKLIST_SUBJECTS)
            .map(|s| format!("<code>{}</code>", clip(s, 80)))
            .collect();
        let _ = writeln!(
            out,
            "<li class=\"sev-{sev}\"><label><input type=\"checkbox\"> <code>{code}</code> · {sev} · {n}</label>\n\
             <p class=\"todo\">{todo}</p>\n<p class=\"why\">{matters}</p>\n<p class=\"subjects\">{named}{rest}</p></li>",
            sev = f.severity,
            code = f.code,
            n = plural(run.len(), "finding", "findings"),
            todo = ours(e.todo),
            matters = ours(e.matters),
            named = named.join(", "),
            rest = if subjects.len() > CHECKLIST_SUBJECTS {
                format!(" and {} more", subjects.len() - CHECKLIST_SUBJECTS)
            } else {
                String::new()
            },
        );
    }
    if !people.groups.is_empty() {
        let _ = writeln!(
            out,
            "<li class=\"sev-info\"><label><input type=\"checkbox\"> Tell the owners of {} what they lose</label>\n\
             <p class=\"todo\">Each has a section under <a href=\"#groups\">Teams and groups</a>; <code>--out-csv F</code> writes one row per affected person with their teams and owners.</p></li>",
            plural(people.groups.len(), "team or group", "teams and groups"),
        );
    }
    // Infos need no action as a rule: one line names them, the findings table has the rest.
    if !infos.is_empty() {
        let _ = writeln!(
            out,
            "<li class=\"sev-info\"><label><input type=\"checkbox\"> Read the notes</label>\n<p class=\"todo\">{}: see <a href=\"#findings\">Findings</a> and <code>spo2b2b explain CODE</code>.</p></li>",
            infos
                .iter()
                .map(|run| format!("<code>{}</code> ({})", run[0].code, run.len()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        out,
        "<li class=\"sev-info\"><label><input type=\"checkbox\"> Apply the policy</label>\n\
         <p class=\"todo\">When nothing above stops you: write the apply script with <code>--out-script F</code>, run it without <code>-Apply</code> first (a dry run), then with it. It backs up the live policy and prints the rollback.</p></li>\n</ol>\n</section>"
    );
}

fn blast(out: &mut String, report: &Report) {
    let b = &report.analysis.blast;
    out.push_str("<section id=\"blast\">\n<h2>Blast radius</h2>\n<p>Teams and Microsoft 365 Groups invite guests through the Entra gate; a domain that becomes uninvitable keeps its redeemed guests, but their pending invitations fail and nobody more can be invited from it.</p>\n");

    // Chart: people per domain whose verdict changes (guests, pending, SharePoint-only).
    let hit: Vec<(usize, &DomainImpact)> = b
        .domains
        .iter()
        .enumerate()
        .filter(|(_, d)| d.changed() && d.after == Access::Blocked && d.guests + d.spo_only > 0)
        .collect();
    if hit.is_empty() {
        out.push_str("<p>No guest's domain becomes uninvitable.</p>\n");
    } else {
        let bars: Vec<Bar> = hit
            .iter()
            .take(CHART_BARS)
            .map(|(i, d)| Bar {
                label: d.domain.clone(),
                segments: vec![
                    (d.guests - d.pending, "guest", "redeemed guests"),
                    (d.pending, "pending", "pending invitations"),
                    (d.spo_only, "spo", "SharePoint-only users"),
                ],
                // The bar's total is the JSON's `guests` only when no SharePoint-only user adds
                // to it; then it is checked against the JSON plan like every keyed figure.
                key: (d.spo_only == 0).then(|| format!("blast_radius.domains.{i}.guests")),
            })
            .collect();
        chart(
            out,
            "chart-domains",
            "People from domains that become uninvitable",
            &bars,
            &[
                ("guest", "redeemed guests (keep access)"),
                ("pending", "pending invitations (fail)"),
                ("spo", "SharePoint-only users (lose access)"),
            ],
        );
        more(out, hit.len(), CHART_BARS, "domains", "see the table below");
    }

    // Chart: guests hit per team or group.
    if !b.most_affected.is_empty() {
        let bars: Vec<Bar> = b
            .most_affected
            .iter()
            .enumerate()
            .take(CHART_BARS)
            .map(|(i, g)| Bar {
                label: g.group.clone(),
                segments: vec![if g.is_team {
                    (g.guests, "team", "team")
                } else {
                    (g.guests, "group", "group")
                }],
                key: Some(format!("blast_radius.most_affected.{i}.guests")),
            })
            .collect();
        chart(
            out,
            "chart-teams",
            "Guests hit per team or group",
            &bars,
            &[("team", "team"), ("group", "group without a team")],
        );
        more(
            out,
            b.most_affected.len(),
            CHART_BARS,
            "teams and groups",
            "see Teams and groups",
        );
    }

    if !b.domains.is_empty() {
        out.push_str("<h3>By domain</h3>\n");
        head(
            out,
            "domains",
            &[
                ("domain", false),
                ("guests", true),
                ("pending", true),
                ("groups", true),
                ("teams", true),
                ("sites", true),
                ("before", false),
                ("after", false),
            ],
        );
        for (i, d) in b.domains.iter().enumerate().take(DOMAIN_ROWS) {
            let k = |f: &str| format!("data-key=\"blast_radius.domains.{i}.{f}\"");
            let _ = writeln!(
                out,
                "<tr><td data-sort=\"{sort}\"><span {kd}>{dom}</span>{uni}</td><td class=\"num\" {kg}>{}</td><td class=\"num\" {kp}>{}</td><td class=\"num\" {kgr}>{}</td><td class=\"num\" {kt}>{}</td><td class=\"num\" {ks}>{}</td><td class=\"{b}\" {kb}>{b}</td><td class=\"{a}\" {ka}>{a}</td></tr>",
                d.guests,
                d.pending,
                d.groups,
                d.teams,
                d.sites,
                sort = escape(&d.domain),
                kd = k("domain"),
                dom = text(&d.domain),
                uni = unicode_beside(&d.domain),
                kg = k("guests"),
                kp = k("pending"),
                kgr = k("groups"),
                kt = k("teams"),
                ks = k("sites"),
                b = d.before,
                kb = k("before"),
                a = d.after,
                ka = k("after"),
            );
        }
        out.push_str("</tbody></table>\n");
        more(
            out,
            b.domains.len(),
            DOMAIN_ROWS,
            "domains",
            "see --format json",
        );
    }
    out.push_str("</section>\n");
}

/// One horizontal bar: its label, its stacked segments (value, class, name) and the JSON key of
/// its total.
struct Bar {
    label: String,
    segments: Vec<(usize, &'static str, &'static str)>,
    key: Option<String>,
}

/// A horizontal stacked bar chart as inline SVG. Integer geometry, so the bytes never depend on
/// floating-point formatting.
fn chart(out: &mut String, id: &str, title: &str, bars: &[Bar], legend: &[(&str, &str)]) {
    const LABEL_W: usize = 300;
    const BAR_W: usize = 560;
    const ROW_H: usize = 26;
    const TOP: usize = 8;
    let max = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = TOP * 2 + ROW_H * bars.len();
    let width = LABEL_W + BAR_W + 80;
    let _ = writeln!(
        out,
        "<figure id=\"{id}\"><figcaption>{title}</figcaption>\n<div class=\"legend\">{}</div>\n\
         <svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{title}\">",
        legend
            .iter()
            .map(|(class, name)| format!("<span class=\"sw-{class}\"></span>{name}"))
            .collect::<String>()
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + i * ROW_H;
        let total: usize = bar.segments.iter().map(|s| s.0).sum();
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8,
            y + 17,
            clip(&bar.label, LABEL_CHARS)
        );
        let mut x = LABEL_W;
        for &(value, class, name) in &bar.segments {
            if value == 0 {
                continue;
            }
            // Rounded to whole pixels, at least one so a small count stays visible.
            let w = ((value * BAR_W + max / 2) / max).max(1);
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\" class=\"b-{class}\"><title>{}: {value} {name}</title></rect>",
                y + 4,
                ROW_H - 8,
                clip(&bar.label, CELL_CHARS),
            );
            x += w;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\"{}>{total}</text>",
            x + 6,
            y + 17,
            bar.key
                .as_ref()
                .map(|k| format!(" data-key=\"{k}\""))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LABEL_W}\" y1=\"{}\" x2=\"{LABEL_W}\" y2=\"{}\"></line>\n</svg></figure>",
        TOP / 2,
        height - TOP / 2
    );
}

fn kind_cell(p: &AffectedPerson) -> String {
    format!(
        "<td class=\"kind{}\">{}</td>",
        if p.kind == PersonKind::Guest {
            ""
        } else {
            " blocked"
        },
        p.kind.as_str()
    )
}

fn access(a: Access) -> String {
    format!("<td class=\"{a}\">{a}</td>")
}

fn owners_line(owners: &Option<Vec<String>>) -> String {
    match owners {
        None => "<p class=\"muted\">Owners: not in the export (export the groups with <code>owners</code> to list them here).</p>".to_string(),
        Some(o) if o.is_empty() => "<p class=\"blocked\">Owners: none (an ownerless group: nobody is there to act).</p>".to_string(),
        Some(o) => format!(
            "<p>Owners: {}</p>",
            o.iter()
                .map(|o| format!("<code>{}</code>", text(o)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn groups(out: &mut String, people: &Affected) {
    out.push_str("<section id=\"groups\">\n<h2>Teams and groups</h2>\n");
    if people.groups_without_members > 0 {
        let _ = writeln!(
            out,
            "<p class=\"absent\">{}: whom {} is unknown, not nobody (<code>members-not-exported</code>). Export the groups with <code>$expand=members</code> to list them here.</p>",
            plural(
                people.groups_without_members,
                "team or group was exported without its members",
                "teams and groups were exported without their members"
            ),
            if people.groups_without_members == 1 {
                "it loses"
            } else {
                "they lose"
            }
        );
    }
    if people.groups.is_empty() {
        out.push_str(if people.groups_without_members > 0 {
            "<p>No team or group with exported members has a guest whose domain becomes uninvitable.</p>\n</section>\n"
        } else {
            "<p>No team or group has a guest whose domain becomes uninvitable.</p>\n</section>\n"
        });
        return;
    }
    let _ = writeln!(
        out,
        "<p>{} lose people or the ability to invite them. Send each owner their section.</p>",
        plural(people.groups.len(), "team or group", "teams and groups")
    );
    head(
        out,
        "groups",
        &[
            ("team or group", false),
            ("kind", false),
            ("people", true),
            ("pending", true),
            ("SharePoint-only", true),
            ("owners", true),
        ],
    );
    for (gi, g) in people.groups.iter().enumerate().take(GROUP_ROWS) {
        let count = |k: PersonKind| {
            g.people
                .iter()
                .filter(|&&p| people.people[p].kind == k)
                .count()
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td></tr>",
            if gi < GROUP_SECTIONS {
                format!("<a href=\"#group-{gi}\">{}</a>", text(&g.name))
            } else {
                text(&g.name)
            },
            if g.is_team { "team" } else { "group" },
            g.people.len(),
            count(PersonKind::Pending),
            count(PersonKind::SharepointOnly),
            g.owners.as_ref().map_or(-1, |o| o.len() as i64),
            g.owners
                .as_ref()
                .map_or("not exported".to_string(), |o| o.len().to_string()),
        );
    }
    out.push_str("</tbody></table>\n");
    more(
        out,
        people.groups.len(),
        GROUP_ROWS,
        "teams and groups",
        "see --out-csv",
    );
    for (gi, g) in people.groups.iter().enumerate().take(GROUP_SECTIONS) {
        let _ = writeln!(
            out,
            "<section class=\"group\" id=\"group-{gi}\">\n<h3>{} <span class=\"kind\">{} · <span class=\"mono\">{}</span></span></h3>\n{}",
            text(&g.name),
            if g.is_team { "team" } else { "group" },
            text(&g.id),
            owners_line(&g.owners),
        );
        let _ = writeln!(
            out,
            "<p>It loses {}:</p>",
            plural(g.people.len(), "person", "people")
        );
        head(
            out,
            "group-people",
            &[
                ("address", false),
                ("domain", false),
                ("kind", false),
                ("what happens", false),
            ],
        );
        for &pi in g.people.iter().take(GROUP_PEOPLE) {
            let p = &people.people[pi];
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
                text(&p.address),
                domain(&p.domain),
                kind_cell(p),
                p.consequence()
            );
        }
        out.push_str("</tbody></table>\n");
        more(out, g.people.len(), GROUP_PEOPLE, "people", "see --out-csv");
        out.push_str("</section>\n");
    }
    more(
        out,
        people.groups.len(),
        GROUP_SECTIONS,
        "teams and groups",
        "see --out-csv",
    );
    out.push_str("</section>\n");
}

fn sharepoint_only(out: &mut String, people: &Affected) {
    out.push_str("<section id=\"sharepoint-only\">\n<h2>SharePoint-only guests</h2>\n");
    if !people.sharepoint_only_exported {
        out.push_str("<p class=\"absent\">Not in the export. SharePoint-only guests (one-time-passcode users with no Entra account) need a B2B guest account from July 2026; give an <code>external-users</code> input (<code>Get-SPOExternalUser</code>) to list them here.</p>\n</section>\n");
        return;
    }
    let spo: Vec<&AffectedPerson> = people.sharepoint_only().collect();
    if spo.is_empty() {
        out.push_str("<p>None: every external user of the export has an Entra guest account.</p>\n</section>\n");
        return;
    }
    let lose = spo.iter().filter(|p| p.after == Access::Blocked).count();
    let _ = writeln!(
        out,
        "<p>{} need a B2B guest account; for {lose} of them the proposed policy refuses it.</p>",
        plural(spo.len(), "SharePoint-only guest", "SharePoint-only guests")
    );
    head(
        out,
        "sharepoint-only",
        &[
            ("address", false),
            ("domain", false),
            ("after", false),
            ("sites", false),
            ("what happens", false),
        ],
    );
    for p in spo.iter().take(PEOPLE_ROWS) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td></tr>",
            text(&p.address),
            domain(&p.domain),
            access(p.after),
            p.sites
                .iter()
                .take(5)
                .map(|s| text(s))
                .collect::<Vec<_>>()
                .join("<br>"),
            p.consequence()
        );
    }
    out.push_str("</tbody></table>\n");
    more(out, spo.len(), PEOPLE_ROWS, "people", "see --out-csv");
    out.push_str("</section>\n");
}

fn everyone(out: &mut String, people: &Affected) {
    out.push_str("<section id=\"people\">\n<h2>Everyone affected</h2>\n");
    if people.people.is_empty() {
        out.push_str("<p>Nobody: no guest's domain becomes uninvitable.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p>{}; <code>--out-csv F</code> writes them all with their teams and owners.</p>",
        plural(people.people.len(), "person", "people")
    );
    head(
        out,
        "people",
        &[
            ("address", false),
            ("domain", false),
            ("kind", false),
            ("teams and groups", false),
            ("before", false),
            ("after", false),
            ("codes", false),
        ],
    );
    for p in people.people.iter().take(PEOPLE_ROWS) {
        let groups: Vec<String> = p
            .groups
            .iter()
            .take(5)
            .map(|&g| text(&people.groups[g].name))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td>{}<td>{}{}</td>{}{}<td>{}</td></tr>",
            text(&p.address),
            domain(&p.domain),
            kind_cell(p),
            groups.join("<br>"),
            if p.groups.len() > 5 {
                format!("<br>… and {} more", p.groups.len() - 5)
            } else {
                String::new()
            },
            access(p.before),
            access(p.after),
            p.codes
                .iter()
                .map(|c| format!("<code>{c}</code>"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    out.push_str("</tbody></table>\n");
    more(
        out,
        people.people.len(),
        PEOPLE_ROWS,
        "people",
        "see --out-csv",
    );
    out.push_str("</section>\n");
}

fn domain_list(items: &[String]) -> String {
    if items.is_empty() {
        return "<i>none</i>".to_string();
    }
    let mut parts: Vec<String> = items
        .iter()
        .take(super::DOMAINS_LISTED)
        .map(|d| format!("<code>{}</code>", domain(d)))
        .collect();
    parts.extend(super::more(items.len(), super::DOMAINS_LISTED, "domains").map(|m| escape(&m)));
    parts.join(", ")
}

fn policy(out: &mut String, report: &Report) {
    let p = &report.proposal;
    let _ = writeln!(
        out,
        "<section id=\"policy\">\n<h2>Proposed policy</h2>\n<p>Entra B2B {} with {}; policy size {} of {} characters ({}%).</p>\n<ul><li>Added: {}</li><li>Removed{}: {}</li></ul>\n<p class=\"muted\">Write it with <code>--out-policy F</code>, the Graph request body with <code>--out-graph F</code>.</p>\n</section>",
        p.proposed.mode.as_str(),
        plural(p.proposed.domains.len(), "domain", "domains"),
        p.proposed.definition_chars,
        p.proposed.limit_chars,
        p.proposed.definition_chars * 100 / p.proposed.limit_chars.max(1),
        domain_list(&p.changes.added),
        if p.discarded_by_switch.is_empty() {
            ""
        } else {
            " (discarded by the list-type switch)"
        },
        domain_list(&p.changes.removed),
    );
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

fn findings(out: &mut String, report: &Report) {
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if report.findings.is_empty() {
        out.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    let (shown, folded) = super::fold_findings(&report.findings);
    head(
        out,
        "findings",
        &[
            ("severity", false),
            ("code", false),
            ("subject", false),
            ("message", false),
            ("where", false),
        ],
    );
    for f in shown {
        let _ = writeln!(
            out,
            "<tr><td class=\"sev-{sev}\" data-sort=\"{rank}\">{sev}{waived}</td><td><code>{code}</code></td><td>{subject}</td><td>{message}</td><td>{places}</td></tr>",
            sev = f.severity,
            rank = 4 - severity_rank(f.severity),
            waived = f
                .waived
                .as_ref()
                .map(|r| format!(" (waived: {})", text(r)))
                .unwrap_or_default(),
            code = f.code,
            subject = text(&f.subject),
            message = text(&f.message),
            places = f
                .locations
                .iter()
                .take(5)
                .map(|l| text(&l.to_string()))
                .collect::<Vec<_>>()
                .join("<br>"),
        );
    }
    out.push_str("</tbody></table>\n");
    for line in folded {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", escape(&line));
    }
    out.push_str("</section>\n");
}

fn inputs(out: &mut String, report: &Report) {
    out.push_str("<section id=\"inputs\">\n<h2>Inputs and assumptions</h2>\n");
    head(
        out,
        "inputs",
        &[
            ("kind", false),
            ("file", false),
            ("format", false),
            ("records", true),
        ],
    );
    for i in &report.inputs {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            i.kind.as_str(),
            text(&i.path),
            text(&i.format),
            i.records
        );
    }
    out.push_str("</tbody></table>\n<ul>\n");
    for a in &report.assumptions {
        let _ = writeln!(out, "<li>{}</li>", escape(a));
    }
    out.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_urls_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">'&`</a>"),
            "&lt;a href&#61;&quot;x&quot;&gt;&#39;&amp;&#96;&lt;&#47;a&gt;"
        );
        assert_eq!(
            escape("https://e.com @all"),
            "https&#58;&#47;&#47;e.com &#64;all"
        );
        assert_eq!(escape("a\u{1b}[31mb\u{0}"), "a\\u{1b}[31mb\\u{0}");
        assert_eq!(escape("x\u{202e}y\r"), "x\\u{202e}y\\u{d}");
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("bücher.de"), "bücher.de");
    }

    #[test]
    fn clip_cuts_on_characters_and_marks_the_cut() {
        assert_eq!(clip("ééééé", 3), "ééé…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("<<<<", 2), "&lt;&lt;…");
        // A control character counts as the six characters it is shown as.
        assert_eq!(clip("a\u{1b}bcdefgh", 8), "a\\u{1b}b…");
    }
}
