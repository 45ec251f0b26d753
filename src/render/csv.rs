//! `--out-csv F`: one row per affected external person (SPEC §7), for mail merges to team owners
//! and guests. Full text (no shortening), quoted by the `csv` crate, and safe to open in a
//! spreadsheet: a cell that a spreadsheet would read as a formula is prefixed with `'`.
//! Control characters (an escape sequence, a CR or LF inside a name) and bidirectional
//! overrides are written as visible `\u{..}` escapes, so the file cannot steer a terminal
//! that prints it and every record is one line.

use std::borrow::Cow;

use crate::report::affected::Affected;

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

/// A cell as written: control characters made visible, then [`defuse`]d. Borrowed when
/// nothing changes, which is nearly always.
pub fn cell(text: &str) -> Cow<'_, str> {
    let control = |c: char| c.is_control() || super::html::is_format_control(c);
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !formula && !text.chars().any(control) {
        return Cow::Borrowed(text);
    }
    let mut visible = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if control(c) {
            visible.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            visible.push(c);
        }
    }
    Cow::Owned(defuse(&visible))
}

/// The CSV of a people view ([`crate::report::affected::affected`]), people in its order (by
/// domain, then address).
pub fn people(view: &Affected) -> String {
    // A byte-order mark first: Excel reads a CSV without one in the legacy code page and
    // garbles non-ASCII names; Import-Csv and the csv readers of other languages skip it.
    let mut buffer = "\u{feff}".as_bytes().to_vec();
    buffer.reserve(view.people.len() * 160);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer);
    // Writing to a Vec cannot fail; a failure would be a bug, and what was written so far is
    // returned rather than a panic.
    let _ = w.write_record(HEADER);
    let mut owners: Vec<&str> = Vec::new();
    for p in &view.people {
        let groups: Vec<&str> = p
            .groups
            .iter()
            .map(|&g| view.groups[g].name.as_str())
            .collect();
        owners.clear();
        if view.owners_exported {
            owners.extend(
                p.groups
                    .iter()
                    .flat_map(|&g| view.groups[g].owners.iter().flatten())
                    .map(String::as_str),
            );
            owners.sort_unstable();
            owners.dedup();
        }
        let codes: Vec<&str> = p.codes.iter().map(|c| c.as_str()).collect();
        let row = [
            cell(&p.address),
            cell(&p.domain),
            Cow::Borrowed(p.kind.as_str()),
            cell(&groups.join("; ")).into_owned().into(),
            cell(&owners.join("; ")).into_owned().into(),
            Cow::Borrowed(p.before.as_str()),
            Cow::Borrowed(p.after.as_str()),
            Cow::Owned(codes.join("; ")),
            cell(&p.sites.join("; ")).into_owned().into(),
            Cow::Borrowed(p.consequence()),
        ];
        if w.write_record(row.iter().map(|c| c.as_bytes())).is_err() {
            break;
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    // Every cell came from a `&str`, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
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
