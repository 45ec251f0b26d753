//! The canonical domain: the one form every list entry, guest domain and policy domain is
//! compared in (SPEC §4).
//!
//! Normalisation is a pure function of one raw entry (plus whether it came from a CSV file and
//! which kind of list holds it); the cross-entry checks (duplicates, confusables) work on the
//! results. Nothing here knows about files: callers attach locations.

use serde::Serialize;

use crate::diag::{Code, Severity};

/// Which list an entry is in: it decides the severity of `consumer-domain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRole {
    Allow,
    Block,
    /// Not a list entry (`normalize` input, a guest's home domain).
    Query,
}

/// What the caller knows about where an entry was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryContext {
    pub role: ListRole,
    /// Read from a CSV file: a `?` then means a lossy Windows PowerShell 5.1 export.
    pub from_csv: bool,
}

/// Which part of the suffix list the name's public suffix comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuffixKind {
    Icann,
    Private,
    #[serde(rename = "microsoft-365")]
    Microsoft365,
    Unknown,
}

/// One finding about one entry, before the caller locates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

/// The result of normalising one raw entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The entry as read (one piece of a split list string).
    pub raw: String,
    /// Canonical lower-case ASCII (A-labels); `None` when the entry is rejected.
    pub canonical: Option<String>,
    /// What reports show: the canonical form, `*.` + canonical for a wildcard, else the raw text.
    pub shown: String,
    /// The Unicode (U-label) form, when the name is valid.
    pub unicode: Option<String>,
    /// The registrable domain (public suffix + one label), when there is one.
    pub registrable: Option<String>,
    pub suffix_kind: Option<SuffixKind>,
    pub issues: Vec<Issue>,
}
