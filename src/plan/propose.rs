//! The proposal itself (SPEC §5): which list becomes the Entra list, how it merges with the
//! existing one, every ledger row's disposition, and the proposal's own findings (dormant lists,
//! a mode conflict, dropped Entra entries). The checks of the lists and of the proposal's size
//! run in `analyze`.

use std::collections::BTreeSet;

use super::definition::{build_definition, compact_chars};
use super::lists::normalize_list;
use super::*;
use crate::diag::{Code, Finding, Location, plural};
use crate::model::{DomainListField, RestrictionMode, SharingCapability, TenantData};
use crate::options::Merge;

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

/// Normalises every list of the run, in report order: the tenant's two lists, each site's
/// non-blank lists, the existing Entra lists. The tenant and Entra lists are always present.
fn normalize_all(
    data: &TenantData,
    csv_files: &BTreeSet<String>,
    ledger: &mut Vec<LedgerRow>,
    findings: &mut Vec<Finding>,
) -> Vec<NormalizedList> {
    let mut lists = Vec::new();
    let is_csv = |f: &DomainListField| {
        f.location
            .as_ref()
            .is_some_and(|l| csv_files.contains(&*l.file))
    };
    let mut add = |id: ListId, field: &DomainListField, lists: &mut Vec<NormalizedList>| {
        let l = normalize_list(id, field, is_csv(field), ledger, findings);
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
    lists
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
    let lists = normalize_all(data, csv_files, &mut ledger, &mut findings);
    let tenant = data.tenant.as_ref();
    let entra = data.entra.as_ref();

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

    // A tenant whose external sharing is Disabled enforces neither list (FACTS §1): both are
    // dormant and nothing is migrated (`sharing-disabled` in analyze says so).
    let sharing_disabled =
        tenant.is_some_and(|t| t.sharing_capability == Some(SharingCapability::Disabled));
    // The list the SharePoint mode selects becomes the Entra list; the other one is dormant.
    let (proposed_mode, selected, dormant) = match spo_mode {
        _ if sharing_disabled => (current_mode, None, vec![ta, tb]),
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

    mark_unmigrated(
        &lists,
        &dormant,
        (!sharing_disabled).then_some(spo_mode),
        &tenant_loc,
        &mut ledger,
        &mut findings,
    );

    let keep_existing = assumptions.merge == Merge::Union && !mode_conflict;
    let (domains, dropped) = emit(
        &lists,
        &mut ledger,
        selected,
        (entra_same, entra_other),
        keep_existing,
    );
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

    let definition = build_definition(entra, proposed_mode, &domains);
    let definition_chars = compact_chars(&definition);
    // The lists the proposal's domains come from (a size finding points at them).
    let sources: Vec<ListId> = selected
        .into_iter()
        .chain(entra_same.filter(|_| keep_existing))
        .map(|i| lists[i].id)
        .collect();
    let current_domains: Vec<String> = match entra_same {
        Some(i) => lists[i].domains().into_iter().map(String::from).collect(),
        None => Vec::new(),
    };
    let mode_changed = current_mode != proposed_mode;
    let (added, removed) = changes(mode_changed, &domains, &current_domains);
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
        sources,
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

/// The domains the proposal adds and removes. A switch of list type replaces the whole list:
/// every proposed domain is added and every current one removed.
fn changes(
    mode_changed: bool,
    domains: &[String],
    current_domains: &[String],
) -> (Vec<String>, Vec<String>) {
    if mode_changed {
        (domains.to_vec(), current_domains.to_vec())
    } else {
        let cur: BTreeSet<&String> = current_domains.iter().collect();
        let new: BTreeSet<&String> = domains.iter().collect();
        (
            new.difference(&cur).map(|s| s.to_string()).collect(),
            cur.difference(&new).map(|s| s.to_string()).collect(),
        )
    }
}

/// The emitted domains (sorted) and the shown form of every entry dropped from an existing Entra
/// list, with each ledger row's disposition set accordingly.
fn emit(
    lists: &[NormalizedList],
    ledger: &mut [LedgerRow],
    selected: Option<usize>,
    (entra_same, entra_other): (Option<usize>, Option<usize>),
    keep_existing: bool,
) -> (Vec<String>, Vec<String>) {
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
        emit_from(s, lists, ledger);
    }
    let mut dropped: Vec<String> = Vec::new();
    let mut drop_list = |idx: usize, lists: &[NormalizedList], ledger: &mut [LedgerRow]| {
        for e in &lists[idx].entries {
            ledger[e.ledger_row].disposition = Disposition::Dropped;
            dropped.push(e.norm.shown.clone());
        }
    };
    match entra_same {
        Some(same) if keep_existing => emit_from(same, lists, ledger),
        Some(same) => drop_list(same, lists, ledger),
        None => {}
    }
    if let Some(other) = entra_other {
        drop_list(other, lists, ledger);
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
    (domains, dropped)
}

/// Marks the dormant SharePoint list (the one the tenant mode does not select) and every site
/// list: neither is migrated. A dormant list that holds entries is a finding.
fn mark_unmigrated(
    lists: &[NormalizedList],
    dormant: &[usize],
    // `None` when the tenant's sharing is Disabled: its lists are dormant for that reason,
    // which `sharing-disabled` reports, not the mode.
    spo_mode: Option<RestrictionMode>,
    tenant_loc: &Option<Location>,
    ledger: &mut [LedgerRow],
    findings: &mut Vec<Finding>,
) {
    for &d in dormant {
        let l = &lists[d];
        for e in &l.entries {
            ledger[e.ledger_row].disposition = Disposition::Dormant;
        }
        if let Some(spo_mode) = spo_mode
            && !l.is_empty()
        {
            findings.push(locate_at(
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
    for l in lists {
        if matches!(l.id, ListId::SiteAllowed(_) | ListId::SiteBlocked(_)) {
            for e in &l.entries {
                ledger[e.ledger_row].disposition = Disposition::SiteOnly;
            }
        }
    }
}

/// Adds a finding's location when there is one.
fn locate_at(f: Finding, loc: &Option<Location>) -> Finding {
    match loc {
        Some(l) => f.at(l.clone()),
        None => f,
    }
}
