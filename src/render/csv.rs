//! `--out-csv F`: one row per affected external person (SPEC §7), for mail merges to team owners
//! and guests. Full text (no shortening), quoted by the `csv` crate, and safe to open in a
//! spreadsheet: a cell that a spreadsheet would read as a formula is prefixed with `'`.
//! Control characters (an escape sequence, a CR or LF inside a name) and bidirectional
//! overrides are written as visible `\u{..}` escapes, so the file cannot steer a terminal
//! that prints it and every record is one line.

use crate::report::Report;
use crate::report::affected::{Affected, PeopleInputs, affected};

/// The columns, in order. Multi-valued cells are joined with `; ` (the separator the inputs'
/// own multi-valued CSV cells use).
pub const HEADER: [&str; 10] = [
    "address",
    "domain",
    "kind",
    "teams_and_groups",
    "owners",
    "before",
    "after",
    "codes",
    "sites",
    "what_happens",
];

/// Neutralises spreadsheet formula injection (OWASP "CSV injection"): a cell starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which spreadsheets read as "this
/// is text" and do not show.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A cell as written: control characters made visible, then [`defuse`]d.
pub fn cell(text: &str) -> String {
    let visible = if text
        .chars()
        .any(|c| c.is_control() || super::html::is_format_control(c))
    {
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if c.is_control() || super::html::is_format_control(c) {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        text.to_string()
    };
    defuse(&visible)
}

pub fn plan(report: &Report) -> String {
    people(&affected(report, &PeopleInputs::from_report(report)))
}

/// The CSV of a people view, people in its order (by domain, then address).
pub fn people(view: &Affected) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows: Vec<[String; 10]> = Vec::with_capacity(view.people.len() + 1);
    rows.push(HEADER.map(str::to_string));
    for p in &view.people {
        let groups: Vec<&str> = p
            .groups
            .iter()
            .map(|&g| view.groups[g].name.as_str())
            .collect();
        let owners = if view.owners_exported {
            let mut o: Vec<&str> = p
                .groups
                .iter()
                .flat_map(|&g| view.groups[g].owners.iter().flatten())
                .map(String::as_str)
                .collect();
            o.sort_unstable();
            o.dedup();
            o.join("; ")
        } else {
            String::new()
        };
        rows.push([
            p.address.clone(),
            p.domain.clone(),
            p.kind.as_str().to_string(),
            groups.join("; "),
            owners,
            p.before.to_string(),
            p.after.to_string(),
            p.codes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            p.sites.join("; "),
            p.consequence().to_string(),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail; a failure would be a bug, and the rows written so far
        // are still returned rather than a panic.
        if w.write_record(row.iter().map(|c| cell(c))).is_err() {
            break;
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    // A byte-order mark: Excel reads a CSV without one in the legacy code page and garbles
    // non-ASCII names; Import-Csv and the csv readers of other languages skip it.
    // Every cell came from a `&str`, so the bytes are UTF-8.
    format!("\u{feff}{}", String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        for (cell, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("a=b", "a=b"),
            ("", ""),
            ("ana@fabrikam.com", "ana@fabrikam.com"),
        ] {
            assert_eq!(defuse(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn control_characters_become_visible_before_the_formula_check() {
        assert_eq!(cell("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(cell("x\r\ny\u{202e}"), "x\\u{d}\\u{a}y\\u{202e}");
        assert_eq!(cell("\tTAB"), "\\u{9}TAB");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("bücher.de"), "bücher.de");
    }
}
