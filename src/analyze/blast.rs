//! The blast radius: per domain, whether the Teams/Groups invitation gate lets it in before and
//! after the change, what that costs in guests and pending invitations, and which groups and
//! teams lose the ability to invite from a newly blocked domain.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::gates::Scenario;
use super::guests::People;
use super::{Access, Count, DomainImpact, GroupImpact, Totals, Use};
use crate::diag::{Code, Finding, Location, plural};
use crate::model::TenantData;
use crate::plan::{self, preview};

/// One [`DomainImpact`] per domain that is listed or whose verdict changes, most guests first,
/// and the domains the change newly blocks.
pub(super) fn domain_impacts(
    data: &TenantData,
    people: &People,
    uses: &[Use],
    (before, after): (&Scenario, &Scenario),
    listed_where: &HashMap<&str, Vec<Location>>,
    totals: &mut Totals,
    findings: &mut Vec<Finding>,
) -> (Vec<DomainImpact>, BTreeSet<u32>) {
    // Verdicts per domain: the Teams/Groups invitation gate (Entra), before and after.
    let names = &people.domains.names;
    let known = data.groups.iter().all(|g| g.members_exported);
    let mut impacts = Vec::new();
    let mut newly_blocked: BTreeSet<u32> = BTreeSet::new();
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
                listed_where,
                &[name],
            ));
        }
        if u.listed || b != a || u.spo_only > 0 {
            impacts.push(DomainImpact {
                domain: name.clone(),
                guests: u.guests,
                pending: u.pending,
                groups: Count::of(u.groups.len(), known),
                teams: Count::of(u.teams, known),
                sites: u.sites,
                spo_only: u.spo_only,
                before: Access::of(b),
                after: Access::of(a),
            });
        }
    }
    // Sorted for determinism: most guests first, then by name.
    impacts.sort_by(|x, y| {
        y.guests
            .cmp(&x.guests)
            .then(y.spo_only.cmp(&x.spo_only))
            .then(y.groups.cmp(&x.groups))
            .then_with(|| x.domain.cmp(&y.domain))
    });
    (impacts, newly_blocked)
}

/// The groups and teams with guests from newly blocked domains, most guests first (at most 20).
pub(super) fn group_impacts(
    data: &TenantData,
    people: &People,
    newly_blocked: &BTreeSet<u32>,
    totals: &mut Totals,
    findings: &mut Vec<Finding>,
) -> Vec<GroupImpact> {
    let names = &people.domains.names;
    let known = data.groups.iter().all(|g| g.members_exported);
    let (mut groups_hit, mut teams_hit) = (0, 0);
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
        groups_hit += 1;
        if group.is_team {
            teams_hit += 1;
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
    totals.groups_hit = Count::of(groups_hit, known);
    totals.teams_hit = Count::of(teams_hit, known);
    most
}
