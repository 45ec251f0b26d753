//! The plan's data: the assumptions, the normalised lists, the ledger rows and the proposal.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::diag::{Code, Finding, Location};
use crate::domain::{ListRole, Normalized};
use crate::options::{Merge, SpoAfter, Subdomains};

/// The choices a plan is computed under; printed in every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assumptions {
    pub subdomains: Subdomains,
    pub merge: Merge,
    pub spo_after: SpoAfter,
}

/// The kind of an Entra list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyMode {
    None,
    Allow,
    Block,
}

impl PolicyMode {
    pub const ALL: [PolicyMode; 3] = [PolicyMode::None, PolicyMode::Allow, PolicyMode::Block];

    /// The serialised name (`none`, `allow`, `block`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyMode::None => "none",
            PolicyMode::Allow => "allow",
            PolicyMode::Block => "block",
        }
    }
}

/// Which list an entry was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListId {
    TenantAllowed,
    TenantBlocked,
    /// Index into `TenantData::sites`.
    SiteAllowed(usize),
    SiteBlocked(usize),
    EntraAllowed,
    EntraBlocked,
}

impl ListId {
    pub fn role(self) -> ListRole {
        match self {
            ListId::TenantAllowed | ListId::SiteAllowed(_) | ListId::EntraAllowed => {
                ListRole::Allow
            }
            ListId::TenantBlocked | ListId::SiteBlocked(_) | ListId::EntraBlocked => {
                ListRole::Block
            }
        }
    }

    /// A short human name, e.g. `tenant allow list`.
    pub fn describe(self) -> &'static str {
        match self {
            ListId::TenantAllowed => "tenant allow list",
            ListId::TenantBlocked => "tenant block list",
            ListId::SiteAllowed(_) => "site allow list",
            ListId::SiteBlocked(_) => "site block list",
            ListId::EntraAllowed => "Entra AllowedDomains",
            ListId::EntraBlocked => "Entra BlockedDomains",
        }
    }
}

/// What became of a raw list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    Emitted,
    Duplicate,
    Rejected,
    Dormant,
    SiteOnly,
    Dropped,
}

impl Disposition {
    pub const ALL: [Disposition; 6] = [
        Disposition::Emitted,
        Disposition::Duplicate,
        Disposition::Rejected,
        Disposition::Dormant,
        Disposition::SiteOnly,
        Disposition::Dropped,
    ];

    /// The serialised name (`emitted`, `site-only`, ...), as reports show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Emitted => "emitted",
            Disposition::Duplicate => "duplicate",
            Disposition::Rejected => "rejected",
            Disposition::Dormant => "dormant",
            Disposition::SiteOnly => "site-only",
            Disposition::Dropped => "dropped",
        }
    }
}

/// One normalised entry of a list.
#[derive(Debug, Clone)]
pub struct ListEntry {
    pub norm: Normalized,
    /// The index of the entry's ledger row.
    pub ledger_row: usize,
}

/// One list of the run, normalised.
#[derive(Debug, Clone)]
pub struct NormalizedList {
    pub id: ListId,
    pub location: Option<Location>,
    pub entries: Vec<ListEntry>,
    /// Whether a list string used a separator other than space.
    pub nonstandard_separator: bool,
}

impl NormalizedList {
    /// The canonical domains the list names (rejected entries excluded).
    pub fn domains(&self) -> BTreeSet<&str> {
        self.entries
            .iter()
            .filter_map(|e| e.norm.canonical.as_deref())
            .collect()
    }

    /// Number of raw entries (what SharePoint's length limit counts).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One row of the ledger (SPEC §5).
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub source: String,
    pub raw: String,
    pub canonical: Option<String>,
    pub disposition: Disposition,
    pub codes: Vec<Code>,
}

/// The Entra list as it is now.
#[derive(Debug, Clone, Serialize)]
pub struct Current {
    pub mode: PolicyMode,
    pub domains: Vec<String>,
}

/// The proposed Entra policy.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    pub mode: PolicyMode,
    pub domains: Vec<String>,
    /// The whole definition object, every other key of an existing definition kept.
    pub definition: Map<String, Value>,
    /// Characters of the compact JSON definition.
    pub definition_chars: usize,
    pub limit_chars: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub mode_changed: bool,
}

/// The proposal with everything it was derived from.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub assumptions: Assumptions,
    pub lists: Vec<NormalizedList>,
    /// Position of each list in `lists`.
    pub(super) list_index: HashMap<ListId, usize>,
    pub ledger: Vec<LedgerRow>,
    pub current: Current,
    pub proposed: Proposed,
    pub changes: Changes,
    /// Entries of an existing Entra list of the other type that the switch discards.
    pub discarded_by_switch: Vec<String>,
    /// The lists the proposed domains come from, in emission order.
    pub sources: Vec<ListId>,
    pub findings: Vec<Finding>,
}

impl Proposal {
    /// The list with this id, if the run has one (blank site lists have none). A hash lookup:
    /// the analysis asks once per site, and a large tenant has hundreds of thousands.
    pub fn list(&self, id: ListId) -> Option<&NormalizedList> {
        self.list_index.get(&id).map(|&i| &self.lists[i])
    }
}
