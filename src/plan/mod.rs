//! The proposal and the ledger (SPEC §5): what the Entra B2B policy should become, and an
//! account of every raw list entry read.
//!
//! Every list of the run (tenant allow and block lists, site lists, the existing Entra lists) is
//! normalised here, once; later stages read the [`NormalizedList`]s instead of raw strings. The
//! ledger is the conservation law of the tool: one row per raw entry, whatever became of it.
//!
//! `types` holds the data, `lists` the one list normaliser, `definition` the proposed Entra
//! definition and its size, `propose` the proposal.

mod definition;
mod lists;
mod propose;
mod types;

pub use definition::{GraphRequest, POLICIES_URL, build_definition, compact_chars};
pub use lists::{NormalizedString, domain_locations, listed_at, normalize_list_string};
pub use propose::propose;
pub use types::*;

use crate::diag::{Finding, Severity};

/// Entra's documented limit for the whole policy, counted on the compact JSON definition
/// (FACTS §2: how Microsoft counts is UNVERIFIED).
pub const POLICY_LIMIT_CHARS: usize = 25_000;
/// SharePoint's documented list limits (FACTS §1).
pub const TENANT_LIST_LIMIT: usize = 5000;
pub const SITE_LIST_LIMIT: usize = 500;

/// `a, b, c and N more`: a short list for messages.
pub fn preview<'a>(items: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let shown = items[..items.len().min(max)].join(", ");
    if items.len() > max {
        format!("{shown} and {} more", items.len() - max)
    } else {
        shown
    }
}

/// The severity counts of a finding list (waived findings excluded).
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == severity && f.waived.is_none())
        .count()
}

#[cfg(test)]
mod tests;
