//! Who the change hits: the blast radius across guests, pending invitations, groups, teams and
//! sites, and the site and guest findings of SPEC §6.
//!
//! Pure functions from the model and the proposal to results; everything is computed per
//! interned domain, and every verdict comes from a [`gates::Scenario`].

mod blast;
mod domains;
mod duplicate_sites;
pub mod gates;
pub mod guests;
mod lists;
mod policy_size;
mod sites;
pub mod spo_only;
pub mod tenant_state;
mod trim;

use domains::{guest_confusables, subdomain_findings};
use sites::site_findings;
use trim::trim_advice;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::diag::Finding;
use crate::model::TenantData;
use crate::plan::{self, ListId, Proposal};
use gates::Scenario;
use guests::People;

/// One domain's reach and its invitation verdict before and after.
#[derive(Debug, Clone, Serialize)]
pub struct DomainImpact {
    pub domain: String,
    /// Every guest of the domain.
    pub guests: usize,
    /// The part of them whose invitation is still pending.
    pub pending: usize,
    /// Groups (teams included) with at least one guest of the domain; unknown when a groups
    /// input did not export memberships.
    pub groups: Count,
    /// The teams among those groups.
    pub teams: Count,
    /// Sites whose own domain lists name the domain.
    pub sites: usize,
    /// SharePoint-only external users of the domain (no Entra guest account).
    pub spo_only: usize,
    /// Teams/Groups invitation (the Entra gate) before the change: `allowed` or `blocked`.
    pub before: Access,
    pub after: Access,
}

/// A count that depends on memberships a groups export may not hold (SPEC §3): JSON `null`,
/// "unknown" in text, never 0 when it cannot be known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub Option<usize>);

impl Count {
    /// `n`, or unknown when `known` is false.
    pub fn of(n: usize, known: bool) -> Self {
        Count(known.then_some(n))
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("unknown"),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Whether the Teams/Groups invitation gate lets a domain in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Allowed,
    Blocked,
}

impl Access {
    pub fn of(allowed: bool) -> Self {
        if allowed {
            Access::Allowed
        } else {
            Access::Blocked
        }
    }
    /// The word reports show, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Allowed => "allowed",
            Access::Blocked => "blocked",
        }
    }
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DomainImpact {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A group or team with guests from domains that become uninvitable.
#[derive(Debug, Clone, Serialize)]
pub struct GroupImpact {
    pub group: String,
    pub id: String,
    pub is_team: bool,
    pub guests: usize,
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub guests: usize,
    pub guests_pending: usize,
    pub guests_domain_unknown: usize,
    pub guest_domains: usize,
    /// Internal users of the guests inputs, skipped (SPEC §3).
    pub internal_users_skipped: usize,
    pub groups: usize,
    pub teams: usize,
    /// Groups whose members were not exported (`members-not-exported`): while any is, the
    /// membership counts below are unknown (`null`).
    pub groups_members_unknown: usize,
    pub membership_rows: Count,
    pub guest_memberships: Count,
    pub other_memberships: usize,
    pub sites: usize,
    pub sites_settings_unknown: usize,
    pub domains_newly_blocked: usize,
    pub domains_newly_allowed: usize,
    /// Guests whose domain becomes uninvitable (they keep their access; new invitations fail).
    pub guests_newly_blocked: usize,
    pub pending_fail: usize,
    pub groups_hit: Count,
    pub teams_hit: Count,
    pub sites_sharing_breaks: usize,
    /// Distinct people in the external-users input.
    pub external_users: usize,
    /// Of them, those matched to an Entra guest.
    pub external_users_matched: usize,
    /// Of them, SharePoint-only (no Entra guest account).
    pub spo_only: usize,
    /// SharePoint-only people whose account creation the proposal refuses.
    pub spo_only_lose_access: usize,
    /// Sharing-report rows that are no external person (links, groups, internal people).
    pub external_rows_skipped: usize,
}

/// What must go for an oversized policy to fit (SPEC §5).
#[derive(Debug, Clone, Serialize)]
pub struct TrimAdvice {
    pub over_by_chars: usize,
    /// Emitted domains no guest, pending invitation, team or site uses.
    pub unused: Vec<String>,
    /// How many of the unused domains must go (longest first) for the policy to fit.
    pub remove_unused: usize,
    /// Whether removing every unused domain is enough.
    pub unused_suffice: bool,
    /// Emitted domains ranked by use, least used first: what would go next (at most 50).
    pub least_used: Vec<String>,
    /// When the unused do not suffice: how many of the least used must go too, after them.
    pub remove_least_used: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BlastRadius {
    pub domains: Vec<DomainImpact>,
    pub totals: Totals,
    /// Groups and teams hit, most guests first (at most 20).
    pub most_affected: Vec<GroupImpact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim: Option<TrimAdvice>,
}

/// Everything the analysis adds to a proposal.
pub struct Analysis {
    pub before: Scenario,
    pub after: Scenario,
    pub blast: BlastRadius,
    pub findings: Vec<Finding>,
    /// The SharePoint external users joined to the guests.
    pub spo_only: spo_only::SpoOnly,
    /// The interned domain names the analysis counted in.
    pub domain_names: Vec<String>,
}

/// How much one interned domain is used.
#[derive(Debug, Default, Clone)]
pub struct Use {
    pub guests: usize,
    pub pending: usize,
    /// Indexes of the groups with a guest of the domain.
    pub groups: BTreeSet<usize>,
    pub teams: usize,
    pub sites: usize,
    pub spo_only: usize,
    pub listed: bool,
    /// The first few pending guests' rows, for locations.
    pub pending_examples: Vec<usize>,
}

/// Per interned domain of `people`: guests, pending guests, groups, teams, naming sites.
pub fn domain_usage(
    data: &TenantData,
    people: &People,
    site_mentions: &HashMap<u32, BTreeSet<usize>>,
    listed: &BTreeSet<u32>,
) -> Vec<Use> {
    let mut uses = vec![Use::default(); people.domains.names.len()];
    for (gi, g) in people.guests.iter().enumerate() {
        if let Some(d) = g.domain {
            let u = &mut uses[d as usize];
            u.guests += 1;
            if g.pending {
                u.pending += 1;
                if u.pending_examples.len() < 3 {
                    u.pending_examples.push(gi);
                }
            }
        }
    }
    for (grp, doms) in people.group_guest_domains.iter().enumerate() {
        for &d in doms {
            uses[d as usize].groups.insert(grp);
        }
    }
    for (d, u) in uses.iter_mut().enumerate() {
        u.teams = u.groups.iter().filter(|&&g| data.groups[g].is_team).count();
        u.sites = site_mentions.get(&(d as u32)).map_or(0, |s| s.len());
        u.listed = listed.contains(&(d as u32));
    }
    uses
}

/// Runs every analysis over the proposal.
pub fn analyze(data: &TenantData, proposal: &Proposal) -> Analysis {
    // The site verdicts need only the scenarios, the guest join only the data: on a
    // million-guest tenant each takes a noticeable share of the analysis, so they run side by
    // side (SPEC §8 names a two-core machine).
    let ((before, after, site_out, site_totals), mut people) = std::thread::scope(|scope| {
        let sites = scope.spawn(|| {
            let before = Scenario::before(data, proposal);
            let after = Scenario::after(&before, data, proposal);
            let mut totals = Totals::default();
            let mut out = site_findings(data, proposal, &before, &after, &mut totals);
            out.extend(duplicate_sites::check(&data.sites));
            (before, after, out, totals)
        });
        let people = guests::join(data);
        let sites = sites
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sites, people)
    });
    let mut findings = std::mem::take(&mut people.findings);
    // SharePoint-only external users: their domains are interned with the guests'.
    let (spo, spo_findings) = spo_only::join(data, &mut people);
    findings.extend(spo_findings);

    // Every listed domain is known, whether or not anyone uses it.
    let mut site_mentions: HashMap<u32, BTreeSet<usize>> = HashMap::new();
    for list in &proposal.lists {
        for d in list.domains() {
            let i = people.domains.intern(d);
            if let ListId::SiteAllowed(s) | ListId::SiteBlocked(s) = list.id {
                site_mentions.entry(i).or_default().insert(s);
            }
        }
    }
    let listed: BTreeSet<u32> = proposal
        .lists
        .iter()
        .flat_map(|l| l.domains())
        .filter_map(|d| people.domains.get(d))
        .collect();

    let mut uses = domain_usage(data, &people, &site_mentions, &listed);
    for (&d, rows) in &spo.by_domain {
        uses[d as usize].spo_only = rows.len();
    }
    let listed_where = plan::domain_locations(&proposal.lists);

    let mut totals = Totals::default();
    let (impacts, newly_blocked) = blast::domain_impacts(
        data,
        &people,
        &uses,
        (&before, &after),
        &listed_where,
        &mut totals,
        &mut findings,
    );
    let most = blast::group_impacts(data, &people, &newly_blocked, &mut totals, &mut findings);
    totals.spo_only_lose_access =
        spo_only::check(data, &spo, &people.domains.names, &after, &mut findings);
    totals.external_users = spo.people;
    totals.external_users_matched = spo.matched;
    totals.spo_only = spo.spo_only;
    totals.external_rows_skipped = data.external_rows_not_people + data.external_rows_internal;

    findings.extend(site_out);
    totals.sites_settings_unknown = site_totals.sites_settings_unknown;
    totals.sites_sharing_breaks = site_totals.sites_sharing_breaks;
    findings.extend(subdomain_findings(
        proposal,
        &people,
        &uses,
        &before,
        &after,
        &listed_where,
    ));
    findings.extend(guest_confusables(&people, &listed, &uses, &listed_where));
    // The checks of the lists themselves and of the proposal's size.
    findings.extend(lists::check(data, proposal));
    findings.extend(policy_size::check(proposal));
    // The 2026 tenant: integration, sharing capability, who may invite, national cloud.
    findings.extend(tenant_state::check(data, proposal));

    totals.guests = people.guests.len();
    totals.guests_pending = people.guests.iter().filter(|g| g.pending).count();
    totals.guests_domain_unknown = people.guests.iter().filter(|g| g.domain.is_none()).count();
    totals.internal_users_skipped = data.internal_users;
    totals.guest_domains = uses.iter().filter(|u| u.guests > 0).count();
    totals.groups = data.groups.len();
    totals.teams = data.groups.iter().filter(|g| g.is_team).count();
    totals.groups_members_unknown = data.groups.iter().filter(|g| !g.members_exported).count();
    let known = totals.groups_members_unknown == 0;
    totals.membership_rows = Count::of(people.membership_rows, known);
    totals.guest_memberships = Count::of(people.guest_memberships, known);
    totals.other_memberships = people.other_memberships;
    totals.sites = data.sites.len();

    let trim = trim_advice(proposal, &people, &uses);
    Analysis {
        before,
        after,
        blast: BlastRadius {
            domains: impacts,
            totals,
            most_affected: most,
            trim,
        },
        findings,
        spo_only: spo,
        domain_names: people.domains.names,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::diag::Code;
    use crate::ingest::{self, InputKind};
    use crate::options::{Merge, SpoAfter, Subdomains};
    use crate::plan::{self, Assumptions};

    /// The site-not-subset message names the overridden domains with a pronoun that agrees.
    #[test]
    fn site_not_subset_message_agrees_in_number() {
        let tenant =
            r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"a.com"}"#;
        let sites = r#"[{"Url":"https://t.sharepoint.com/sites/one","SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"b.com"},
                        {"Url":"https://t.sharepoint.com/sites/two","SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"b.com c.com"}]"#;
        let mut data = ingest::load_bytes(InputKind::Tenant, "tenant.json", tenant.into(), None)
            .unwrap()
            .data;
        data.sites = ingest::load_bytes(InputKind::Sites, "sites.json", sites.into(), None)
            .unwrap()
            .data
            .sites;
        let assumptions = Assumptions {
            subdomains: Subdomains::Exact,
            merge: Merge::Union,
            spo_after: SpoAfter::Keep,
        };
        let proposal = plan::propose(&data, &BTreeSet::new(), assumptions);
        let messages: Vec<String> = analyze(&data, &proposal)
            .findings
            .into_iter()
            .filter(|f| f.code == Code::SiteNotSubset)
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            vec![
                "the site allow list names b.com but the tenant allow list lacks it; the tenant setting wins",
                "the site allow list names b.com, c.com but the tenant allow list lacks them; the tenant setting wins",
            ]
        );
    }
}
