//! The proposal and the ledger (SPEC §5): what the Entra B2B policy should become, and an
//! account of every raw list entry read.
//!
//! Every list of the run (tenant allow and block lists, site lists, the existing Entra lists) is
//! normalised here, once; later stages read the [`NormalizedList`]s instead of raw strings. The
//! ledger is the conservation law of the tool: one row per raw entry, whatever became of it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::{Code, Finding, Location, Severity, plural};
use crate::domain::{self, EntryContext, ListRole, Normalized};
use crate::model::{DomainListField, EntraPolicy, RestrictionMode, TenantData};
use crate::options::{Merge, SpoAfter, Subdomains};

/// Entra's documented limit for the whole policy, counted on the compact JSON definition
/// (FACTS §2: how Microsoft counts is UNVERIFIED).
pub const POLICY_LIMIT_CHARS: usize = 25_000;
/// SharePoint's documented list limits (FACTS §1).
pub const TENANT_LIST_LIMIT: usize = 5000;
pub const SITE_LIST_LIMIT: usize = 500;

/// The choices a plan is computed under; printed in every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assumptions {
    pub subdomains: Subdomains,
    pub merge: Merge,
    pub spo_after: SpoAfter,
}

/// The kind of an Entra list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyMode {
    None,
    Allow,
    Block,
}

impl PolicyMode {
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
    fn role(self) -> ListRole {
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
    list_index: HashMap<ListId, usize>,
    pub ledger: Vec<LedgerRow>,
    pub current: Current,
    pub proposed: Proposed,
    pub changes: Changes,
    /// Entries of an existing Entra list of the other type that the switch discards.
    pub discarded_by_switch: Vec<String>,
    pub findings: Vec<Finding>,
}

impl Proposal {
    /// The list with this id, if the run has one (blank site lists have none). A hash lookup:
    /// the analysis asks once per site, and a large tenant has hundreds of thousands.
    pub fn list(&self, id: ListId) -> Option<&NormalizedList> {
        self.list_index.get(&id).map(|&i| &self.lists[i])
    }
}

/// Normalises one list field into a [`NormalizedList`], appending a ledger row per raw entry
/// (disposition set later) and a finding per entry issue.
fn normalize_list(
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
        let split = domain::split_list(value);
        nonstandard |= split.nonstandard;
        for piece in split.pieces {
            let norm = domain::normalize_entry(piece, ctx);
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
                raw: piece.to_string(),
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

/// The mode of an existing Entra definition: which array is filled (FACTS §2). A definition
/// that fills both is inconsistent (`entra-both-lists`); it is read as an allow list, the more
/// restrictive reading.
fn entra_mode(allowed: &NormalizedList, blocked: &NormalizedList) -> PolicyMode {
    if !allowed.is_empty() {
        PolicyMode::Allow
    } else if !blocked.is_empty() {
        PolicyMode::Block
    } else {
        PolicyMode::None
    }
}

fn compact_chars(definition: &Map<String, Value>) -> usize {
    // Serialising a Map of plain values cannot fail.
    serde_json::to_string(definition)
        .map(|s| s.chars().count())
        .unwrap_or(0)
}

/// Builds the proposed definition: the existing one (or a fresh one) with its domain lists
/// replaced and every other key kept.
pub fn build_definition(
    existing: Option<&EntraPolicy>,
    mode: PolicyMode,
    domains: &[String],
) -> Map<String, Value> {
    let mut definition = existing.map(|e| e.definition.clone()).unwrap_or_default();
    let b2b = object_at(&mut definition, "B2BManagementPolicy");
    let inv = object_at(b2b, "InvitationsAllowedAndBlockedDomainsPolicy");
    let list = |on: bool| {
        Value::Array(if on {
            domains.iter().cloned().map(Value::String).collect()
        } else {
            Vec::new()
        })
    };
    for (name, on) in [
        ("AllowedDomains", mode == PolicyMode::Allow),
        ("BlockedDomains", mode == PolicyMode::Block),
    ] {
        // Replace the list under whatever spelling the existing definition used.
        inv.retain(|k, _| !k.eq_ignore_ascii_case(name));
        inv.insert(name.to_string(), list(on));
    }
    definition
}

/// The object under `key`, made when absent. The key matches case-insensitively, as ingest
/// reads it: a definition spelled `b2bManagementPolicy` is updated in place, not given a second
/// key. Ingest accepts only objects or null there, so replacing a non-object discards nothing.
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let existing = map.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
    let slot = map
        .entry(existing.unwrap_or_else(|| key.to_string()))
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("made an object just above"),
    }
}

#[cfg(test)]
mod definition_tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn an_existing_definition_is_updated_under_its_own_spelling() {
        let existing: Value = serde_json::json!({
            "b2bManagementPolicy": {
                "invitationsAllowedAndBlockedDomainsPolicy": {"allowedDomains": ["old.com"]},
                "AutoRedeemPolicy": {"AdminConsentedForUsersIntoTenantIds": []}
            }
        });
        let Value::Object(definition) = existing else {
            unreachable!()
        };
        let policy = EntraPolicy {
            location: Location::file("e.json"),
            id: None,
            definition,
            allowed: Default::default(),
            blocked: Default::default(),
        };
        let def = build_definition(Some(&policy), PolicyMode::Block, &["a.com".to_string()]);
        assert_eq!(
            Value::Object(def),
            serde_json::json!({
                "b2bManagementPolicy": {
                    "invitationsAllowedAndBlockedDomainsPolicy": {
                        "AllowedDomains": [],
                        "BlockedDomains": ["a.com"]
                    },
                    "AutoRedeemPolicy": {"AdminConsentedForUsersIntoTenantIds": []}
                }
            })
        );
    }
}

/// Computes the proposal from the tenant data. `csv_files` names the input files read as CSV
/// (a `?` in their domains means a lossy export).
pub fn propose(
    data: &TenantData,
    csv_files: &BTreeSet<String>,
    assumptions: Assumptions,
) -> Proposal {
    let mut ledger = Vec::new();
    let mut findings = Vec::new();
    let mut lists = Vec::new();
    let is_csv = |f: &DomainListField| {
        f.location
            .as_ref()
            .is_some_and(|l| csv_files.contains(&*l.file))
    };
    let mut add = |id: ListId, field: &DomainListField, lists: &mut Vec<NormalizedList>| {
        let l = normalize_list(id, field, is_csv(field), &mut ledger, &mut findings);
        lists.push(l);
    };
    let empty = DomainListField::default();
    let tenant = data.tenant.as_ref();
    add(
        ListId::TenantAllowed,
        tenant.map_or(&empty, |t| &t.allowed),
        &mut lists,
    );
    add(
        ListId::TenantBlocked,
        tenant.map_or(&empty, |t| &t.blocked),
        &mut lists,
    );
    for (i, site) in data.sites.iter().enumerate() {
        if !site.allowed.is_blank() {
            add(ListId::SiteAllowed(i), &site.allowed, &mut lists);
        }
        if !site.blocked.is_blank() {
            add(ListId::SiteBlocked(i), &site.blocked, &mut lists);
        }
    }
    let entra = data.entra.as_ref();
    add(
        ListId::EntraAllowed,
        entra.map_or(&empty, |e| &e.allowed),
        &mut lists,
    );
    add(
        ListId::EntraBlocked,
        entra.map_or(&empty, |e| &e.blocked),
        &mut lists,
    );

    let get = |id: ListId| {
        lists
            .iter()
            .position(|l| l.id == id)
            .expect("tenant and Entra lists are always present")
    };
    let (ta, tb, ea, eb) = (
        get(ListId::TenantAllowed),
        get(ListId::TenantBlocked),
        get(ListId::EntraAllowed),
        get(ListId::EntraBlocked),
    );

    let spo_mode = tenant.map_or(RestrictionMode::None, |t| t.mode);
    let tenant_loc = tenant.map(|t| t.location.clone());
    let current_mode = entra_mode(&lists[ea], &lists[eb]);
    let entra_loc = entra.map(|e| e.location.clone());
    let locate = |f: Finding, loc: &Option<Location>| match loc {
        Some(l) => f.at(l.clone()),
        None => f,
    };

    if !lists[ea].is_empty() && !lists[eb].is_empty() {
        findings.push(locate(
            Finding::new(
                Code::EntraBothLists,
                "Entra B2B policy",
                format!(
                    "the existing definition fills both AllowedDomains ({}) and BlockedDomains ({}); it is read as an allow list",
                    plural(lists[ea].len(), "entry", "entries"),
                    plural(lists[eb].len(), "entry", "entries")
                ),
            ),
            &entra_loc,
        ));
    }

    // The list the SharePoint mode selects becomes the Entra list; the other one is dormant.
    let (proposed_mode, selected, dormant) = match spo_mode {
        RestrictionMode::AllowList => (PolicyMode::Allow, Some(ta), vec![tb]),
        RestrictionMode::BlockList => (PolicyMode::Block, Some(tb), vec![ta]),
        RestrictionMode::None => (current_mode, None, vec![ta, tb]),
    };
    // The existing Entra list that survives: under `union` the one of the proposal's type.
    let (entra_same, entra_other) = match current_mode {
        PolicyMode::Allow => (Some(ea), Some(eb)),
        PolicyMode::Block => (Some(eb), Some(ea)),
        PolicyMode::None => (None, None),
    };
    let mode_conflict = current_mode != PolicyMode::None
        && proposed_mode != PolicyMode::None
        && current_mode != proposed_mode;

    for &d in &dormant {
        let l = &lists[d];
        for e in &l.entries {
            ledger[e.ledger_row].disposition = Disposition::Dormant;
        }
        if !l.is_empty() {
            findings.push(locate(
                Finding::new(
                    Code::DormantList,
                    l.id.describe(),
                    format!(
                        "the {} holds {} but the tenant mode is {}: it is not enforced and not migrated",
                        l.id.describe(),
                        plural(l.len(), "entry", "entries"),
                        spo_mode.as_str()
                    ),
                ),
                &l.location.clone().or(tenant_loc.clone()),
            ));
        }
    }
    for l in &lists {
        if matches!(l.id, ListId::SiteAllowed(_) | ListId::SiteBlocked(_)) {
            for e in &l.entries {
                ledger[e.ledger_row].disposition = Disposition::SiteOnly;
            }
        }
    }

    // Emit: the selected SharePoint list first, then (under union, same type) the existing
    // Entra list. Rejected entries are never emitted; a domain already emitted is a duplicate.
    let mut emitted: BTreeSet<String> = BTreeSet::new();
    let mut emit_from = |idx: usize, lists: &[NormalizedList], ledger: &mut [LedgerRow]| {
        for e in &lists[idx].entries {
            ledger[e.ledger_row].disposition = match &e.norm.canonical {
                None => Disposition::Rejected,
                Some(c) if emitted.insert(c.clone()) => Disposition::Emitted,
                Some(_) => Disposition::Duplicate,
            };
        }
    };
    if let Some(s) = selected {
        emit_from(s, &lists, &mut ledger);
    }
    let mut dropped: Vec<String> = Vec::new();
    let mut drop_list = |idx: usize, lists: &[NormalizedList], ledger: &mut [LedgerRow]| {
        for e in &lists[idx].entries {
            ledger[e.ledger_row].disposition = Disposition::Dropped;
            dropped.push(e.norm.shown.clone());
        }
    };
    let keep_existing = assumptions.merge == Merge::Union && !mode_conflict;
    match entra_same {
        Some(same) if keep_existing => emit_from(same, &lists, &mut ledger),
        Some(same) => drop_list(same, &lists, &mut ledger),
        None => {}
    }
    if let Some(other) = entra_other {
        drop_list(other, &lists, &mut ledger);
    }
    let domains: Vec<String> = emitted.into_iter().collect();
    // An existing Entra entry that `replace` or a switch leaves behind is not dropped when the
    // SharePoint list emits the same domain: the proposal still holds it.
    for row in ledger.iter_mut() {
        if row.disposition == Disposition::Dropped
            && row
                .canonical
                .as_ref()
                .is_some_and(|c| domains.binary_search(c).is_ok())
        {
            row.disposition = Disposition::Duplicate;
        }
    }
    // Entra reads the list type from which array is filled (FACTS §2): a definition whose arrays
    // are both empty restricts nothing. An allow or block list with no domain (a SharePoint
    // allow list whose entries are all rejected, an existing list dropped by `replace`) is
    // therefore proposed, and analysed, as no list, which is what applying it would do.
    let list_mode = proposed_mode;
    let proposed_mode = if domains.is_empty() {
        PolicyMode::None
    } else {
        proposed_mode
    };
    let dropped: BTreeSet<String> = dropped
        .into_iter()
        .filter(|d| !domains.contains(d))
        .collect();

    if mode_conflict {
        let discarded = match entra_same {
            Some(i) => lists[i].domains().len(),
            None => 0,
        };
        findings.push(locate(
            Finding::new(
                Code::EntraModeConflict,
                "Entra B2B policy",
                format!(
                    "the existing Entra list is {} list and SharePoint's is {} list; switching discards the {discarded} existing entries",
                    a_list(current_mode),
                    a_list(list_mode)
                ),
            ),
            &entra_loc,
        ));
    } else if !dropped.is_empty() {
        findings.push(locate(
            Finding::new(
                Code::EntraEntriesDropped,
                "Entra B2B policy",
                format!(
                    "{} existing Entra entries are absent from the proposal: {}",
                    dropped.len(),
                    preview(dropped.iter().map(String::as_str), 10)
                ),
            ),
            &entra_loc,
        ));
    }

    // List-level checks on SharePoint lists.
    for l in &lists {
        let limit = match l.id {
            ListId::TenantAllowed | ListId::TenantBlocked => TENANT_LIST_LIMIT,
            ListId::SiteAllowed(_) | ListId::SiteBlocked(_) => SITE_LIST_LIMIT,
            ListId::EntraAllowed | ListId::EntraBlocked => continue,
        };
        if l.len() > limit {
            findings.push(locate(
                Finding::new(
                    Code::ListTooLong,
                    l.id.describe(),
                    format!(
                        "the {} holds {} entries; SharePoint accepts at most {limit}",
                        l.id.describe(),
                        l.len()
                    ),
                ),
                &l.location,
            ));
        }
    }
    // An allow list in force that names no valid domain blocks every guest. Site lists that
    // are blank have no NormalizedList, hence the lookup by id.
    let mut allow_lists_in_force = Vec::new();
    if spo_mode == RestrictionMode::AllowList {
        allow_lists_in_force.push((
            ListId::TenantAllowed,
            "tenant".to_string(),
            tenant_loc.clone(),
        ));
    }
    for (i, site) in data.sites.iter().enumerate() {
        if site.mode == Some(RestrictionMode::AllowList) {
            allow_lists_in_force.push((
                ListId::SiteAllowed(i),
                site.url.clone(),
                Some(site.location.clone()),
            ));
        }
    }
    for (id, subject, fallback) in allow_lists_in_force {
        let list = lists.iter().find(|l| l.id == id);
        let (raw, valid) = list.map_or((0, 0), |l| (l.len(), l.domains().len()));
        if valid > 0 {
            continue;
        }
        let detail = if raw == 0 {
            "it is empty".to_string()
        } else {
            format!("all {raw} of its entries are rejected")
        };
        let loc = list.and_then(|l| l.location.clone()).or(fallback);
        findings.push(locate(
            Finding::new(
                Code::EmptyAllowList,
                subject,
                format!(
                    "the {} is in AllowList mode but {detail}: it blocks every guest",
                    id.describe()
                ),
            ),
            &loc,
        ));
    }

    // Confusable names across every list (guest domains join in the analysis stage).
    let all: BTreeSet<&str> = lists.iter().flat_map(|l| l.domains()).collect();
    let names: Vec<&str> = all.into_iter().collect();
    let groups = domain::confusable_groups(&names);
    if !groups.is_empty() {
        let at = domain_locations(&lists);
        // One finding per skeleton group, its members listed (SPEC §8).
        for group in groups {
            let members: Vec<&str> = group.iter().map(String::as_str).collect();
            let whom = if members.len() == 2 {
                "the other"
            } else {
                "another"
            };
            findings.push(listed_at(
                Finding::new(
                    Code::ConfusableDomain,
                    members.join(" ~ "),
                    format!(
                        "{} look alike (same UTS #39 skeleton): one may impersonate {whom}",
                        domain::group_list(&members)
                    ),
                ),
                &at,
                &members,
            ));
        }
    }

    let definition = build_definition(entra, proposed_mode, &domains);
    let definition_chars = compact_chars(&definition);
    // A size finding points at the lists the proposal's domains come from.
    let sources: Vec<Location> = selected
        .into_iter()
        .chain(entra_same.filter(|_| keep_existing))
        .filter_map(|i| lists[i].location.clone())
        .collect();
    let size_finding = if definition_chars > POLICY_LIMIT_CHARS {
        Some(Finding::new(
            Code::PolicyTooLarge,
            "proposed policy",
            format!(
                "the compact definition is {definition_chars} characters; Entra accepts at most {POLICY_LIMIT_CHARS}"
            ),
        ))
    } else if definition_chars * 10 > POLICY_LIMIT_CHARS * 9 {
        Some(Finding::new(
            Code::PolicyNearLimit,
            "proposed policy",
            format!(
                "the compact definition is {definition_chars} of {POLICY_LIMIT_CHARS} characters (over 90%)"
            ),
        ))
    } else {
        None
    };
    if let Some(mut f) = size_finding {
        f.locations = sources;
        findings.push(f);
    }

    let current_domains: Vec<String> = match entra_same {
        Some(i) => lists[i].domains().into_iter().map(String::from).collect(),
        None => Vec::new(),
    };
    let mode_changed = current_mode != proposed_mode;
    let (added, removed) = if mode_changed {
        (domains.clone(), current_domains.clone())
    } else {
        let cur: BTreeSet<&String> = current_domains.iter().collect();
        let new: BTreeSet<&String> = domains.iter().collect();
        (
            new.difference(&cur).map(|s| s.to_string()).collect(),
            cur.difference(&new).map(|s| s.to_string()).collect(),
        )
    };
    let discarded_by_switch = if mode_conflict {
        current_domains.clone()
    } else {
        Vec::new()
    };

    let list_index = lists.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    Proposal {
        assumptions,
        lists,
        list_index,
        ledger,
        current: Current {
            mode: current_mode,
            domains: current_domains,
        },
        proposed: Proposed {
            mode: proposed_mode,
            domains,
            definition,
            definition_chars,
            limit_chars: POLICY_LIMIT_CHARS,
        },
        changes: Changes {
            added,
            removed,
            mode_changed,
        },
        discarded_by_switch,
        findings,
    }
}

/// `an allow` / `a block`: a list mode with its article, for messages.
fn a_list(mode: PolicyMode) -> &'static str {
    match mode {
        PolicyMode::Allow => "an allow",
        PolicyMode::Block => "a block",
        PolicyMode::None => "no",
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
mod tests {
    use super::*;
    use crate::ingest::{self, InputKind};

    fn data(tenant: &str, entra: Option<&str>) -> TenantData {
        let mut d = ingest::load_bytes(InputKind::Tenant, "tenant.json", tenant.into(), None)
            .unwrap()
            .data;
        if let Some(e) = entra {
            d.entra = ingest::load_bytes(InputKind::Entra, "entra.json", e.into(), None)
                .unwrap()
                .data
                .entra;
        }
        d
    }

    fn assumptions(merge: Merge) -> Assumptions {
        Assumptions {
            subdomains: Subdomains::Exact,
            merge,
            spo_after: SpoAfter::Keep,
        }
    }

    /// Empty arrays restrict nothing in Entra, so a list with no domain is proposed as no list:
    /// the analysis must not claim that the written policy blocks every invitation.
    #[test]
    fn a_list_with_no_domain_is_proposed_as_no_list() {
        let empty_allow = data(
            r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"*.x.com"}"#,
            None,
        );
        let p = propose(&empty_allow, &BTreeSet::new(), assumptions(Merge::Union));
        assert_eq!(p.proposed.mode, PolicyMode::None);
        assert!(p.proposed.domains.is_empty());
        assert!(!p.changes.mode_changed);

        let dropped = data(
            r#"{"SharingDomainRestrictionMode":"None"}"#,
            Some(
                r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["a.com"],"BlockedDomains":[]}}}"#,
            ),
        );
        let p = propose(&dropped, &BTreeSet::new(), assumptions(Merge::Replace));
        assert_eq!(p.proposed.mode, PolicyMode::None);
        assert!(p.changes.mode_changed);
        assert_eq!(p.changes.removed, vec!["a.com".to_string()]);
        let p = propose(&dropped, &BTreeSet::new(), assumptions(Merge::Union));
        assert_eq!(p.proposed.mode, PolicyMode::Allow);
        assert_eq!(p.proposed.domains, vec!["a.com".to_string()]);
    }

    /// The conflict message names both list types with the right article.
    #[test]
    fn mode_conflict_message_reads_well_both_ways() {
        let entra = |list: &str| {
            format!(
                r#"{{"B2BManagementPolicy":{{"InvitationsAllowedAndBlockedDomainsPolicy":{{"AllowedDomains":{},"BlockedDomains":{}}}}}}}"#,
                if list == "allow" {
                    r#"["x.com"]"#
                } else {
                    "[]"
                },
                if list == "block" {
                    r#"["x.com"]"#
                } else {
                    "[]"
                },
            )
        };
        let cases = [
            (
                "BlockList",
                "allow",
                "the existing Entra list is an allow list and SharePoint's is a block list;",
            ),
            (
                "AllowList",
                "block",
                "the existing Entra list is a block list and SharePoint's is an allow list;",
            ),
        ];
        for (spo, existing, want) in cases {
            let d = data(
                &format!(
                    r#"{{"SharingDomainRestrictionMode":"{spo}","SharingAllowedDomainList":"a.com","SharingBlockedDomainList":"a.com"}}"#
                ),
                Some(&entra(existing)),
            );
            let p = propose(&d, &BTreeSet::new(), assumptions(Merge::Union));
            let f = p
                .findings
                .iter()
                .find(|f| f.code == Code::EntraModeConflict)
                .expect("a conflict");
            assert!(f.message.starts_with(want), "{}", f.message);
        }
    }

    /// Under `replace`, an existing Entra entry whose domain SharePoint also lists stays in the
    /// proposal: its ledger row is a duplicate, not `dropped`; only the others are dropped.
    #[test]
    fn replace_drops_only_entries_the_proposal_leaves_out() {
        let d = data(
            r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"a.com"}"#,
            Some(
                r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["A.com","b.com"],"BlockedDomains":[]}}}"#,
            ),
        );
        let p = propose(&d, &BTreeSet::new(), assumptions(Merge::Replace));
        let got: Vec<(&str, Disposition)> = p
            .ledger
            .iter()
            .map(|r| (r.raw.as_str(), r.disposition))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a.com", Disposition::Emitted),
                ("A.com", Disposition::Duplicate),
                ("b.com", Disposition::Dropped),
            ]
        );
        let dropped: Vec<&Finding> = p
            .findings
            .iter()
            .filter(|f| f.code == Code::EntraEntriesDropped)
            .collect();
        assert_eq!(dropped.len(), 1);
        assert!(
            dropped[0].message.starts_with("1 existing"),
            "{}",
            dropped[0].message
        );
    }
}
