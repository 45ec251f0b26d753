//! Checks of the lists themselves (SPEC §6): an Entra definition filling both lists, a
//! SharePoint list over its documented length, an allow list in force that names no valid
//! domain, and look-alike domains across every list.

use std::collections::BTreeSet;

use crate::diag::{Code, Finding, Location, plural};
use crate::domain;
use crate::model::{RestrictionMode, TenantData};
use crate::plan::{
    ListId, Proposal, SITE_LIST_LIMIT, TENANT_LIST_LIMIT, domain_locations, listed_at,
};

/// Adds a finding's location when there is one.
fn locate(f: Finding, loc: &Option<Location>) -> Finding {
    match loc {
        Some(l) => f.at(l.clone()),
        None => f,
    }
}

/// Every list-level finding of the run.
pub fn check(data: &TenantData, proposal: &Proposal) -> Vec<Finding> {
    let mut findings = Vec::new();
    let tenant = data.tenant.as_ref();
    let spo_mode = tenant.map_or(RestrictionMode::None, |t| t.mode);
    let tenant_loc = tenant.map(|t| t.location.clone());
    let entra_loc = data.entra.as_ref().map(|e| e.location.clone());
    // The tenant and Entra lists are always present, blank or not.
    if let (Some(ea), Some(eb)) = (
        proposal.list(ListId::EntraAllowed),
        proposal.list(ListId::EntraBlocked),
    ) && !ea.is_empty()
        && !eb.is_empty()
    {
        findings.push(locate(
            Finding::new(
                Code::EntraBothLists,
                "Entra B2B policy",
                format!(
                    "the existing definition fills both AllowedDomains ({}) and BlockedDomains ({}); it is read as an allow list",
                    plural(ea.len(), "entry", "entries"),
                    plural(eb.len(), "entry", "entries")
                ),
            ),
            &entra_loc,
        ));
    }
    // List-level checks on SharePoint lists.
    for l in &proposal.lists {
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
        let list = proposal.list(id);
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
    let all: BTreeSet<&str> = proposal.lists.iter().flat_map(|l| l.domains()).collect();
    let names: Vec<&str> = all.into_iter().collect();
    let groups = domain::confusable_groups(&names);
    if !groups.is_empty() {
        let at = domain_locations(&proposal.lists);
        // One finding per skeleton group, its members listed (SPEC §8).
        for group in groups {
            let members: Vec<&str> = group.iter().map(String::as_str).collect();
            let whom = if members.len() == 2 {
                "the other"
            } else {
                "another"
            };
            findings.push(listed_at(
                Finding::look_alike(
                    Code::ConfusableDomain,
                    &members,
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
    findings
}
