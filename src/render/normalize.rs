//! `spo2b2b normalize` output: one record per input entry.

use serde::Serialize;

use crate::diag::{Code, Severity};
use crate::domain::{Normalized, SuffixKind};

#[derive(Serialize)]
struct Record<'a> {
    raw: &'a str,
    canonical: Option<&'a str>,
    shown: &'a str,
    unicode: Option<&'a str>,
    registrable: Option<&'a str>,
    suffix_kind: Option<SuffixKind>,
    codes: Vec<Code>,
    findings: Vec<IssueRecord<'a>>,
}

#[derive(Serialize)]
struct IssueRecord<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
}

pub fn json(entries: &[Normalized]) -> String {
    let records: Vec<Record> = entries
        .iter()
        .map(|n| Record {
            raw: &n.raw,
            canonical: n.canonical.as_deref(),
            shown: &n.shown,
            unicode: n.unicode.as_deref(),
            registrable: n.registrable.as_deref(),
            suffix_kind: n.suffix_kind,
            codes: n.codes(),
            findings: n
                .issues
                .iter()
                .map(|i| IssueRecord {
                    code: i.code,
                    severity: i.severity,
                    message: &i.message,
                })
                .collect(),
        })
        .collect();
    super::json(&records)
}

/// A table of the forms, then each entry's findings in full (long messages would make an
/// unreadable table column).
pub fn table(entries: &[Normalized]) -> String {
    let mut t = super::table(&[
        "raw",
        "canonical",
        "unicode",
        "registrable",
        "suffix",
        "codes",
    ]);
    for n in entries {
        let canonical = match &n.canonical {
            Some(c) => c.clone(),
            None => format!("(rejected) {}", n.shown),
        };
        let unicode = match (&n.unicode, &n.canonical) {
            (Some(u), Some(c)) if u != c => u.as_str(),
            _ => "",
        };
        t.add_row(vec![
            n.raw.clone(),
            canonical,
            unicode.to_string(),
            n.registrable.clone().unwrap_or_default(),
            n.suffix_kind.map_or("", SuffixKind::as_str).to_string(),
            n.codes()
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    let mut out = format!("{t}\n");
    let with_issues: Vec<&Normalized> = entries.iter().filter(|n| !n.issues.is_empty()).collect();
    if !with_issues.is_empty() {
        out.push_str("\nFindings\n");
        for n in with_issues {
            for i in &n.issues {
                out.push_str(&format!(
                    "- {} {} ({}): {}\n",
                    i.severity,
                    i.code,
                    super::escape::terminal_line(&super::shorten(&n.raw)),
                    super::escape::terminal_line(&super::shorten(&i.message))
                ));
            }
        }
    }
    super::for_terminal(out)
}
