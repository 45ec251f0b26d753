//! List normalisation: every list field of the run becomes a [`NormalizedList`], once, with a
//! ledger row per raw entry and a finding per entry issue.

use std::collections::{BTreeMap, HashMap};

use super::{Disposition, LedgerRow, ListEntry, ListId, NormalizedList};
use crate::diag::{Code, Finding, Location};
use crate::domain::{self, EntryContext, Normalized};
use crate::model::DomainListField;

/// One list string, split and normalised: what every caller of the list normaliser reads.
#[derive(Debug, Clone)]
pub struct NormalizedString {
    /// One record per non-empty piece, in order (`raw` is the piece as read).
    pub entries: Vec<Normalized>,
    /// A separator other than space or tab stood between two pieces (`nonstandard-separator`).
    pub nonstandard: bool,
}

/// The one list normaliser (SPEC §4): splits a list string on whitespace, commas and
/// semicolons (step 1) and normalises every piece (steps 2 to 8) in `ctx`. The plan's lists,
/// `normalize` input and both sides of `diff` all go through here; each caller only decides how
/// to report what it finds (ledger rows, per-entry issues, a rejected column).
pub fn normalize_list_string(s: &str, ctx: EntryContext) -> NormalizedString {
    let split = domain::split_list(s);
    NormalizedString {
        entries: split
            .pieces
            .into_iter()
            .map(|piece| domain::normalize_entry(piece, ctx))
            .collect(),
        nonstandard: split.nonstandard,
    }
}

/// Normalises one list field into a [`NormalizedList`], appending a ledger row per raw entry
/// (disposition set later) and a finding per entry issue.
pub(super) fn normalize_list(
    id: ListId,
    field: &DomainListField,
    from_csv: bool,
    ledger: &mut Vec<LedgerRow>,
    findings: &mut Vec<Finding>,
) -> NormalizedList {
    let ctx = EntryContext {
        role: id.role(),
        from_csv,
    };
    let source = match &field.location {
        Some(loc) => format!("{loc} ({})", id.describe()),
        None => id.describe().to_string(),
    };
    let mut entries = Vec::new();
    let mut nonstandard = false;
    for value in &field.values {
        let split = normalize_list_string(value, ctx);
        nonstandard |= split.nonstandard;
        for norm in split.entries {
            for issue in &norm.issues {
                let mut f = Finding::new(issue.code, norm.shown.clone(), issue.message.clone())
                    .with_severity(issue.severity);
                if let Some(loc) = &field.location {
                    f = f.at(loc.clone());
                }
                findings.push(f);
            }
            let mut codes = norm.codes();
            if split.nonstandard {
                codes.push(Code::NonstandardSeparator);
            }
            ledger.push(LedgerRow {
                source: source.clone(),
                raw: norm.raw.clone(),
                canonical: norm.canonical.clone(),
                disposition: Disposition::Rejected,
                codes,
            });
            entries.push(ListEntry {
                norm,
                ledger_row: ledger.len() - 1,
            });
        }
    }
    if nonstandard {
        let mut f = Finding::new(
            Code::NonstandardSeparator,
            id.describe(),
            format!(
                "the {} separates domains with commas, semicolons or line breaks",
                id.describe()
            ),
        );
        if let Some(loc) = &field.location {
            f = f.at(loc.clone());
        }
        findings.push(f);
    }
    // Duplicates within one list (across lists, a repeated domain is expected, e.g. when an
    // existing Entra list already holds a SharePoint domain).
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &entries {
        if let Some(c) = e.norm.canonical.as_deref() {
            *count.entry(c).or_default() += 1;
        }
    }
    for (domain, n) in count.into_iter().filter(|(_, n)| *n > 1) {
        let mut f = Finding::new(
            Code::DuplicateEntry,
            domain,
            format!("`{domain}` appears {n} times in the {}", id.describe()),
        );
        if let Some(loc) = &field.location {
            f = f.at(loc.clone());
        }
        findings.push(f);
    }
    NormalizedList {
        id,
        location: field.location.clone(),
        entries,
        nonstandard_separator: nonstandard,
    }
}

/// Where each canonical domain is listed: the locations of the list fields that name it (at
/// most three, in list order), so findings about a domain can point into the admin's files.
pub fn domain_locations(lists: &[NormalizedList]) -> HashMap<&str, Vec<Location>> {
    let mut out: HashMap<&str, Vec<Location>> = HashMap::new();
    for list in lists {
        let Some(loc) = &list.location else { continue };
        for e in &list.entries {
            if let Some(c) = e.norm.canonical.as_deref() {
                let at = out.entry(c).or_default();
                if at.len() < 3 && !at.contains(loc) {
                    at.push(loc.clone());
                }
            }
        }
    }
    out
}

/// Adds the locations of the lists that name any of `domains` to a finding.
pub fn listed_at(
    mut f: Finding,
    listed_where: &HashMap<&str, Vec<Location>>,
    domains: &[&str],
) -> Finding {
    for d in domains {
        for l in listed_where.get(d).into_iter().flatten() {
            if !f.locations.contains(l) {
                f.locations.push(l.clone());
            }
        }
    }
    f
}
