//! Rendering: the only code that turns results into text. Every renderer returns a `String`;
//! only the binary writes to stdout, and `--out-*` files are written by `crate::output`.
//!
//! Tables use comfy-table with a fixed preset and a fixed width, so output never depends on
//! the terminal, unless the binary says stdout is a terminal ([`set_terminal_width`]).

pub mod csv;
pub mod diff;
pub mod escape;
pub mod explain;
pub mod html;
pub mod html_assets;
pub mod markdown;
pub mod normalize;
pub mod plan;
pub mod policy;
pub mod sarif;
pub mod script;
pub mod why;

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU16, Ordering};

use comfy_table::{ContentArrangement, Table, presets};

/// The width tables wrap to unless the binary says stdout is a terminal of another width:
/// fixed, so files and pipes get the same bytes everywhere (SPEC §2).
pub const TABLE_WIDTH: u16 = 120;

/// The narrowest table width honoured: narrower terminals get this and wrap.
pub const MIN_TABLE_WIDTH: u16 = 40;

/// The width set by [`set_terminal_width`]; 0 means [`TABLE_WIDTH`].
static TERMINAL_WIDTH: AtomicU16 = AtomicU16::new(0);

/// Makes tables fit a terminal `width` columns wide. Only the binary calls it, and only when
/// stdout is a terminal: everything else keeps [`TABLE_WIDTH`].
pub fn set_terminal_width(width: u16) {
    TERMINAL_WIDTH.store(width.max(MIN_TABLE_WIDTH), Ordering::Relaxed);
}

fn table_width() -> u16 {
    match TERMINAL_WIDTH.load(Ordering::Relaxed) {
        0 => TABLE_WIDTH,
        w => w,
    }
}

/// The most characters one line of a table or Markdown cell shows before an ellipsis.
pub const CELL_LINE_CHARS: usize = 500;

/// The most lines one table or Markdown cell shows before an ellipsis line.
pub const CELL_LINES: usize = 60;

/// Shortens a cell for a human format (SPEC §2: JSON, SARIF and CSV keep the full text): each
/// line to [`CELL_LINE_CHARS`] characters and the cell to [`CELL_LINES`] lines, each cut marked
/// with `…`. Linear in the cell's length; wrapping a 200,000-character word was quadratic.
pub fn shorten(cell: &str) -> Cow<'_, str> {
    let fits = cell.split('\n').count() <= CELL_LINES
        && cell
            .split('\n')
            .all(|l| l.len() <= CELL_LINE_CHARS || l.chars().count() <= CELL_LINE_CHARS);
    if fits {
        return Cow::Borrowed(cell);
    }
    let mut out = String::new();
    for (i, line) in cell.split('\n').enumerate() {
        if i == CELL_LINES {
            out.push_str("\n…");
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        match line.char_indices().nth(CELL_LINE_CHARS) {
            Some((cut, _)) => {
                out.push_str(&line[..cut]);
                out.push('…');
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// A table with the project's one look (see [`table`]); every cell is [`shorten`]ed and its
/// control characters shown escaped ([`escape::terminal`]) before the table measures it.
pub struct HumanTable(Table);

impl HumanTable {
    pub fn add_row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0.add_row(
            cells
                .into_iter()
                .map(|c| escape::terminal(&shorten(c.as_ref())).into_owned())
                .collect::<Vec<String>>(),
        );
        self
    }
}

impl fmt::Display for HumanTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A table with the project's one look: UTF-8 borders, no colour, wrapped to [`TABLE_WIDTH`]
/// (or the terminal's width, see [`set_terminal_width`]).
/// An empty header makes a key/value table without a header row.
pub fn table(header: &[&str]) -> HumanTable {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(table_width());
    if !header.is_empty() {
        t.set_header(header.iter().copied());
    }
    HumanTable(t)
}

/// The end of every table-format renderer: the whole text with control characters shown
/// escaped, so input text outside a table cell cannot reach the terminal either.
pub fn for_terminal(out: String) -> String {
    match escape::terminal(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(escaped) => escaped,
    }
}

/// A canonical domain for people: the ASCII form, with its Unicode form beside it when they
/// differ (`xn--bcher-kva.de (bücher.de)`, SPEC §4 step 6).
pub fn display_domain(canonical: &str) -> String {
    let unicode = crate::domain::to_unicode(canonical);
    if unicode == canonical {
        canonical.to_string()
    } else {
        format!("{canonical} ({unicode})")
    }
}

/// How many domains a list in a human report shows before folding the rest into a count (the
/// JSON document and `--out-policy` always have all of them).
pub const DOMAINS_LISTED: usize = 50;

/// How many findings of one code a human report shows before folding the rest into a count.
pub const FINDINGS_PER_CODE: usize = 20;

/// `... and N more (see --format json)` when `shown < total`.
pub fn more(total: usize, shown: usize, what: &str) -> Option<String> {
    (total > shown).then(|| format!("... and {} more {what} (see --format json)", total - shown))
}

/// Canonical domains one per line, each shown with [`display_domain`], at most
/// [`DOMAINS_LISTED`] of them.
pub fn domain_lines(domains: &[String]) -> String {
    let mut lines: Vec<String> = domains
        .iter()
        .take(DOMAINS_LISTED)
        .map(|d| display_domain(d))
        .collect();
    lines.extend(more(domains.len(), DOMAINS_LISTED, "domains"));
    lines.join("\n")
}

/// The findings a human report lists: at most [`FINDINGS_PER_CODE`] of each code (findings
/// come sorted by severity and code, so a code's findings are consecutive), and one
/// `... and N more` line for each code cut short.
pub fn fold_findings(
    findings: &[crate::diag::Finding],
) -> (Vec<&crate::diag::Finding>, Vec<String>) {
    let mut shown = Vec::new();
    let mut folded = Vec::new();
    for run in findings.chunk_by(|a, b| a.code == b.code && a.severity == b.severity) {
        shown.extend(run.iter().take(FINDINGS_PER_CODE));
        folded.extend(more(
            run.len(),
            FINDINGS_PER_CODE,
            &format!("{} findings", run[0].code),
        ));
    }
    (shown, folded)
}

/// Columns of the per-domain blast-radius table (table and Markdown).
pub const IMPACT_HEADER: [&str; 9] = [
    "domain", "guests", "pending", "groups", "teams", "sites", "spo_only", "before", "after",
];

/// One blast-radius row; `domain` and `changed_after` let each format mark it its own way.
pub fn impact_row(
    d: &crate::analyze::DomainImpact,
    domain: String,
    changed_after: impl Fn(&str) -> String,
) -> Vec<String> {
    vec![
        domain,
        d.guests.to_string(),
        d.pending.to_string(),
        d.groups.to_string(),
        d.teams.to_string(),
        d.sites.to_string(),
        d.spo_only.to_string(),
        d.before.to_string(),
        if d.changed() {
            changed_after(d.after.as_str())
        } else {
            d.after.to_string()
        },
    ]
}

/// Columns of the most-affected groups table.
pub const GROUP_HEADER: [&str; 4] = ["team or group", "kind", "guests hit", "domains"];

pub fn group_row(g: &crate::analyze::GroupImpact) -> Vec<String> {
    vec![
        g.group.clone(),
        if g.is_team { "team" } else { "group" }.to_string(),
        g.guests.to_string(),
        g.domains.join(", "),
    ]
}

/// `3 errors, 1 warning, 0 infos, 2 waived`: the finding counts every report opens with.
pub fn finding_counts(s: &crate::report::Summary) -> String {
    use crate::diag::plural;
    let mut out = format!(
        "{}, {}, {}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
    );
    if s.waived > 0 {
        out.push_str(&format!(", {} waived", s.waived));
    }
    out
}

/// Pretty JSON with a trailing newline. Serialising our own plain types cannot fail; a failure
/// would be a bug, reported in the text rather than by a panic.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"error\": \"internal: cannot serialise output: {e}\"}}\n"),
    }
}

/// `; N internal users skipped` after the guest count, when the guests inputs held any
/// (SPEC §3); nothing otherwise.
pub(crate) fn internal_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 internal user skipped".to_string(),
        n => format!("; {n} internal users skipped"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_long_lines_and_many_lines_with_an_ellipsis() {
        assert_eq!(
            shorten("contoso.com\nfabrikam.com"),
            "contoso.com\nfabrikam.com"
        );
        let long = "ü".repeat(CELL_LINE_CHARS + 1);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), CELL_LINE_CHARS + 1);
        assert!(short.ends_with('…'));
        let exact = "a".repeat(CELL_LINE_CHARS);
        assert_eq!(shorten(&exact), exact);
        let many = vec!["x"; CELL_LINES + 5].join("\n");
        let cut = shorten(&many);
        assert_eq!(cut.split('\n').count(), CELL_LINES + 1);
        assert!(cut.ends_with("\n…"));
        assert_eq!(shorten(""), "");
    }
}
