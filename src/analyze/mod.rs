//! Who the change hits: the blast radius across guests, pending invitations, groups, teams and
//! sites, and the site and guest findings of SPEC §6.
//!
//! Pure functions from the model and the proposal to results; everything is computed per
//! interned domain, and every verdict comes from a [`gates::Scenario`].

pub mod gates;
pub mod guests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::diag::{Code, Finding, Location, plural};
use crate::domain;
use crate::model::{RestrictionMode, TenantData};
use crate::options::Subdomains;
use crate::plan::{self, ListId, Proposal, preview};
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
    /// Groups (teams included) with at least one guest of the domain.
    pub groups: usize,
    /// The teams among those groups.
    pub teams: usize,
    /// Sites whose own domain lists name the domain.
    pub sites: usize,
    /// Teams/Groups invitation (the Entra gate) before the change: `allowed` or `blocked`.
    pub before: &'static str,
    pub after: &'static str,
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
    pub groups: usize,
    pub teams: usize,
    pub membership_rows: usize,
    pub guest_memberships: usize,
    pub other_memberships: usize,
    pub sites: usize,
    pub sites_settings_unknown: usize,
    pub domains_newly_blocked: usize,
    pub domains_newly_allowed: usize,
    /// Guests whose domain becomes uninvitable (they keep their access; new invitations fail).
    pub guests_newly_blocked: usize,
    pub pending_fail: usize,
    pub groups_hit: usize,
    pub teams_hit: usize,
    pub sites_sharing_breaks: usize,
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
}

fn verdict(allowed: bool) -> &'static str {
    if allowed { "allowed" } else { "blocked" }
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
            let out = site_findings(data, proposal, &before, &after, &mut totals);
            (before, after, out, totals)
        });
        let people = guests::join(data);
        let sites = sites
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sites, people)
    });
    let mut findings = std::mem::take(&mut people.findings);

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

    let uses = domain_usage(data, &people, &site_mentions, &listed);
    let listed_where = plan::domain_locations(&proposal.lists);

    // Verdicts per domain: the Teams/Groups invitation gate (Entra), before and after.
    let names = &people.domains.names;
    let mut impacts = Vec::new();
    let mut newly_blocked: BTreeSet<u32> = BTreeSet::new();
    let mut totals = Totals::default();
    for (d, name) in names.iter().enumerate() {
        let b = before.invite_allows(name);
        let a = after.invite_allows(name);
        let u = &uses[d];
        if b && !a {
            newly_blocked.insert(d as u32);
            totals.domains_newly_blocked += 1;
            totals.guests_newly_blocked += u.guests;
            totals.pending_fail += u.pending;
            if u.pending > 0 {
                let mut f = Finding::new(
                    Code::PendingInvitesFail,
                    name.clone(),
                    format!(
                        "{} from `{name}` {} when redeemed ({}{}): {}",
                        plural(u.pending, "pending invitation", "pending invitations"),
                        if u.pending == 1 { "fails" } else { "fail" },
                        u.pending_examples
                            .iter()
                            .map(|&gi| {
                                let g = &data.guest_entries[gi];
                                g.home_address.as_deref().unwrap_or(&g.label)
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        if u.pending > u.pending_examples.len() {
                            format!(" and {} more", u.pending - u.pending_examples.len())
                        } else {
                            String::new()
                        },
                        after.invite(name).rule
                    ),
                );
                for &gi in &u.pending_examples {
                    if let Some(l) = &data.guest_entries[gi].location {
                        f = f.at(l.clone());
                    }
                }
                findings.push(f);
            }
        }
        if !b && a {
            totals.domains_newly_allowed += 1;
            findings.push(plan::listed_at(
                Finding::new(
                    Code::NewlyAllowedDomain,
                    name.clone(),
                    format!(
                        "`{name}` becomes invitable: before, {}; after, {}",
                        before.invite(name).rule,
                        after.invite(name).rule
                    ),
                ),
                &listed_where,
                &[name],
            ));
        }
        if u.listed || b != a {
            impacts.push(DomainImpact {
                domain: name.clone(),
                guests: u.guests,
                pending: u.pending,
                groups: u.groups.len(),
                teams: u.teams,
                sites: u.sites,
                before: verdict(b),
                after: verdict(a),
            });
        }
    }
    // Sorted for determinism: most guests first, then by name.
    impacts.sort_by(|x, y| {
        y.guests
            .cmp(&x.guests)
            .then(y.groups.cmp(&x.groups))
            .then_with(|| x.domain.cmp(&y.domain))
    });

    // Groups and teams with guests from newly blocked domains.
    let mut most = Vec::new();
    for (gi, doms) in people.group_guest_domains.iter().enumerate() {
        let mut hit: BTreeMap<&str, usize> = BTreeMap::new();
        for d in doms.iter().filter(|d| newly_blocked.contains(d)) {
            *hit.entry(names[*d as usize].as_str()).or_default() += 1;
        }
        if hit.is_empty() {
            continue;
        }
        let group = &data.groups[gi];
        let guests: usize = hit.values().sum();
        let label = group
            .display_name
            .clone()
            .unwrap_or_else(|| group.id.clone());
        totals.groups_hit += 1;
        if group.is_team {
            totals.teams_hit += 1;
        }
        let domains: Vec<String> = hit.keys().map(|s| s.to_string()).collect();
        findings.push(
            Finding::new(
                Code::TeamsGuestsNewlyBlocked,
                label.clone(),
                format!(
                    "{} `{label}` has {} from {} that {} uninvitable: its owners can no longer invite more people from there",
                    if group.is_team { "team" } else { "group" },
                    plural(guests, "guest", "guests"),
                    preview(domains.iter().map(String::as_str), 5),
                    if domains.len() == 1 { "becomes" } else { "become" }
                ),
            )
            .at(group.location.clone()),
        );
        most.push(GroupImpact {
            group: label,
            id: group.id.clone(),
            is_team: group.is_team,
            guests,
            domains,
        });
    }
    most.sort_by(|a, b| {
        b.guests
            .cmp(&a.guests)
            .then_with(|| a.group.cmp(&b.group))
            .then_with(|| a.id.cmp(&b.id))
    });
    most.truncate(20);

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

    totals.guests = people.guests.len();
    totals.guests_pending = people.guests.iter().filter(|g| g.pending).count();
    totals.guests_domain_unknown = people.guests.iter().filter(|g| g.domain.is_none()).count();
    totals.guest_domains = uses.iter().filter(|u| u.guests > 0).count();
    totals.groups = data.groups.len();
    totals.teams = data.groups.iter().filter(|g| g.is_team).count();
    totals.membership_rows = people.membership_rows;
    totals.guest_memberships = people.guest_memberships;
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
    }
}

/// Site conflicts (SPEC §6): lists the tenant overrides, unknown settings, restrictions that stay
/// in SharePoint, and sharing that worked before and fails after.
fn site_findings(
    data: &TenantData,
    proposal: &Proposal,
    before: &Scenario,
    after: &Scenario,
    totals: &mut Totals,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let tenant_mode = data.tenant.as_ref().map(|t| t.mode);
    for (i, site) in data.sites.iter().enumerate() {
        let url = site.url.as_str();
        let loc = site.location.clone();
        let Some(mode) = site.mode else {
            totals.sites_settings_unknown += 1;
            out.push(
                Finding::new(
                    Code::SiteSettingsUnknown,
                    url,
                    "the export has no SharingDomainRestrictionMode for this site (a `Get-SPOSite -Limit All` export?); treated as no restriction",
                )
                .at(loc),
            );
            continue;
        };
        let allowed: Vec<&str> = proposal
            .list(ListId::SiteAllowed(i))
            .map(|l| l.domains().into_iter().collect())
            .unwrap_or_default();
        let blocked_n = proposal.list(ListId::SiteBlocked(i)).map_or(0, |l| l.len());
        match mode {
            RestrictionMode::AllowList => {
                let sub = before.subdomains;
                let overridden: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|d| !before.tenant.allows(d, sub))
                    .collect();
                if !overridden.is_empty() {
                    let (code, why) = match tenant_mode {
                        Some(RestrictionMode::BlockList) => (
                            Code::SiteAllowsTenantBlocked,
                            "the tenant block list blocks",
                        ),
                        _ => (Code::SiteNotSubset, "the tenant allow list lacks"),
                    };
                    let them = if overridden.len() == 1 { "it" } else { "them" };
                    out.push(
                        Finding::new(
                            code,
                            url,
                            format!(
                                "the site allow list names {} but {why} {them}; the tenant setting wins",
                                preview(overridden.iter().copied(), 10)
                            ),
                        )
                        .at(loc.clone()),
                    );
                }
                let breaks: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|d| before.sharing_allows(i, d) && !after.sharing_allows(i, d))
                    .collect();
                if !breaks.is_empty() {
                    totals.sites_sharing_breaks += 1;
                    let first = breaks[0];
                    out.push(
                        Finding::new(
                            Code::SiteSharingBreaks,
                            url,
                            format!(
                                "sharing to {} (named in the site's own allow list) works today and fails after the change: {}",
                                preview(breaks.iter().copied(), 10),
                                after.sharing(Some(i), first).rule
                            ),
                        )
                        .at(loc.clone()),
                    );
                }
                out.push(
                    Finding::new(
                        Code::SiteOnlyRestriction,
                        url,
                        format!(
                            "the site allows only {}; Entra has one tenant-wide list, so this stays a SharePoint setting",
                            plural(allowed.len(), "domain", "domains")
                        ),
                    )
                    .at(loc),
                );
            }
            RestrictionMode::BlockList if blocked_n > 0 => {
                out.push(
                    Finding::new(
                        Code::SiteOnlyRestriction,
                        url,
                        format!(
                            "the site blocks {}; Entra has one tenant-wide list, so this stays a SharePoint setting",
                            plural(blocked_n, "domain", "domains")
                        ),
                    )
                    .at(loc),
                );
            }
            _ => {}
        }
    }
    out
}

/// Guests at a subdomain of a listed domain, when matching is exact.
fn subdomain_findings(
    proposal: &Proposal,
    people: &People,
    uses: &[Use],
    before: &Scenario,
    after: &Scenario,
    listed_where: &HashMap<&str, Vec<Location>>,
) -> Vec<Finding> {
    if proposal.assumptions.subdomains == Subdomains::Include {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (d, name) in people.domains.names.iter().enumerate() {
        let u = &uses[d];
        if u.guests == 0 {
            continue;
        }
        for gate in [&before.tenant, &after.entra] {
            if gate.domains.contains_key(name) {
                continue;
            }
            if let Some(parent) =
                domain::parent_domains(name).find(|p| gate.domains.contains_key(*p))
            {
                out.push(plan::listed_at(
                    Finding::new(
                        Code::SubdomainNotCovered,
                        name.clone(),
                        format!(
                            "{} at `{name}`: `{parent}` is in the {} list but exact matching does not cover its subdomains",
                            plural(u.guests, "guest", "guests"),
                            gate.name
                        ),
                    ),
                    listed_where,
                    &[parent],
                ));
                break;
            }
        }
    }
    out
}

/// Look-alikes between listed domains and guests' domains (listed pairs are the plan's).
fn guest_confusables(
    people: &People,
    listed: &BTreeSet<u32>,
    uses: &[Use],
    listed_where: &HashMap<&str, Vec<Location>>,
) -> Vec<Finding> {
    let names: Vec<&str> = people
        .domains
        .names
        .iter()
        .enumerate()
        .filter(|(d, _)| listed.contains(&(*d as u32)) || uses[*d].guests > 0)
        .map(|(_, n)| n.as_str())
        .collect();
    let mut out = Vec::new();
    let is_listed = |n: &str| people.domains.get(n).is_some_and(|i| listed.contains(&i));
    for group in domain::confusable_groups(&names) {
        // A group of listed domains only is the plan's finding.
        if group.iter().all(|n| is_listed(n)) {
            continue;
        }
        let members: Vec<&str> = group.iter().map(String::as_str).collect();
        let (whom, which) = if members.len() == 2 {
            ("the other", "one of them is")
        } else {
            ("another", "some of them are")
        };
        out.push(plan::listed_at(
            Finding::new(
                Code::ConfusableDomain,
                members.join(" ~ "),
                format!(
                    "{} look alike (same UTS #39 skeleton) and {which} a guest's home domain: one may impersonate {whom}",
                    domain::group_list(&members)
                ),
            ),
            listed_where,
            &members,
        ));
    }
    out
}

/// When the proposal is over the size limit, which emitted domains are unused and how many of
/// them must go (removing `"domain",` saves its length plus three characters).
fn trim_advice(proposal: &Proposal, people: &People, uses: &[Use]) -> Option<TrimAdvice> {
    let p = &proposal.proposed;
    if p.definition_chars <= p.limit_chars {
        return None;
    }
    let over = p.definition_chars - p.limit_chars;
    let score = |d: &str| {
        people.domains.get(d).map_or((0, 0, 0, 0), |i| {
            let u = &uses[i as usize];
            (u.guests, u.pending, u.teams, u.sites)
        })
    };
    let mut unused: Vec<&String> = p
        .domains
        .iter()
        .filter(|d| score(d) == (0, 0, 0, 0))
        .collect();
    // Longest first: the fewest removals that make room.
    unused.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut saved = 0;
    let mut remove = 0;
    for d in &unused {
        if saved >= over {
            break;
        }
        saved += d.chars().count() + 3;
        remove += 1;
    }
    let mut ranked: Vec<&String> = p
        .domains
        .iter()
        .filter(|d| score(d) != (0, 0, 0, 0))
        .collect();
    ranked.sort_by(|a, b| score(a).cmp(&score(b)).then_with(|| a.cmp(b)));
    let mut remove_least_used = 0;
    for d in &ranked {
        if saved >= over {
            break;
        }
        saved += d.chars().count() + 3;
        remove_least_used += 1;
    }
    let mut unused: Vec<String> = unused.into_iter().cloned().collect();
    unused.sort();
    Some(TrimAdvice {
        over_by_chars: over,
        unused,
        remove_unused: remove,
        unused_suffice: remove_least_used == 0,
        least_used: ranked.into_iter().take(50).cloned().collect(),
        remove_least_used,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::ingest::{self, InputKind};
    use crate::options::{Merge, SpoAfter};
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
