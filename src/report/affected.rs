//! Who the change cuts off, person by person and group by group: the people view of a finished
//! run that the HTML report and the CSV of affected people (SPEC §7) are drawn from.
//!
//! The blast radius counts per domain; an admin who has to write to team owners and guests needs
//! names. This module joins the guests and memberships of the run with the before/after
//! invitation verdicts once, so both renderers list the same people in the same order.
//!
//! Two inputs are optional because not every export has them: group owners and SharePoint-only
//! external users. [`PeopleInputs`] names them; where one is `None` the renderers say "not in
//! the export" instead of showing an empty list.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Report;
use crate::analyze::Access;
use crate::analyze::guests::DomainTable;
use crate::diag::Code;
use crate::model::address_domain;

/// A SharePoint-only external user: shared with through SharePoint (one-time passcode), with no
/// Entra guest account (SPEC §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharePointOnlyUser {
    /// Their email address as the external-users export gives it.
    pub address: String,
    /// The site URLs the export lists them on (empty when the export does not say).
    pub sites: Vec<String>,
}

/// The optional inputs of the people view. `None` means the run had no such input: the reports
/// say so rather than showing nobody.
#[derive(Debug, Clone, Default)]
pub struct PeopleInputs {
    /// Owners of each group, by index into `TenantData::groups` (their mail or user principal
    /// name); `None` when the groups export has no owners.
    pub group_owners: Option<Vec<Vec<String>>>,
    /// SharePoint-only external users; `None` without an external-users input.
    pub sharepoint_only: Option<Vec<SharePointOnlyUser>>,
}

impl PeopleInputs {
    /// What the report holds of the optional inputs.
    ///
    /// Owners: the model keeps no "owners were exported" flag, so it is read off the data. An
    /// export that carries owners at all (`$expand=owners`, an `OwnerMail` column) carries them
    /// for every group, so there an empty list is an ownerless group; with no owner anywhere,
    /// they were not exported. SharePoint-only users: not in the model yet (the external-users
    /// input is other work); when it lands, this is the one place that passes them in.
    pub fn from_report(report: &Report) -> Self {
        let groups = &report.data.groups;
        let group_owners = groups
            .iter()
            .any(|g| !g.owners.is_empty())
            .then(|| groups.iter().map(|g| g.owners.clone()).collect());
        PeopleInputs {
            group_owners,
            sharepoint_only: sharepoint_only(report),
        }
    }
}

/// The SharePoint-only people of the analysis (`None` without an external-users input), with the
/// sites every row of theirs names: a per-site export lists one person once per site.
fn sharepoint_only(report: &Report) -> Option<Vec<SharePointOnlyUser>> {
    if !report.data.external_users_given {
        return None;
    }
    let users = &report.data.external_users;
    let mut sites: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for u in users {
        let at = sites.entry(u.address.to_lowercase()).or_default();
        if let Some(s) = &u.site_url {
            at.insert(s.as_str());
        }
    }
    let mut out: Vec<SharePointOnlyUser> = report
        .analysis
        .spo_only
        .by_domain
        .values()
        .flatten()
        .map(|&i| {
            let address = &users[i].address;
            SharePointOnlyUser {
                address: address.clone(),
                sites: sites
                    .get(&address.to_lowercase())
                    .map(|s| s.iter().map(|s| (*s).to_string()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    // Input order within a domain, domains in interned order: sort for a stable report.
    out.sort_by(|a, b| a.address.cmp(&b.address));
    Some(out)
}

/// How a person is affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonKind {
    /// A guest who redeemed the invitation: keeps access, but cannot be invited again.
    Guest,
    /// A pending invitation: redeeming it fails after the change.
    Pending,
    /// A SharePoint-only external user: needs a B2B guest account, which is an invitation.
    SharepointOnly,
}

impl PersonKind {
    /// The word reports show, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonKind::Guest => "guest",
            PersonKind::Pending => "pending",
            PersonKind::SharepointOnly => "sharepoint-only",
        }
    }
}

/// One affected external person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedPerson {
    /// Their home address (what to write to).
    pub address: String,
    /// The canonical domain of the address.
    pub domain: String,
    pub kind: PersonKind,
    /// Teams and groups they are in, by index into [`Affected::groups`], sorted.
    pub groups: Vec<usize>,
    /// Site URLs a SharePoint-only user was shared with (empty for guests).
    pub sites: Vec<String>,
    /// The Teams/Groups invitation gate (Entra) for their domain, before and after.
    pub before: Access,
    pub after: Access,
    /// Codes of the run's findings about their domain or their groups, sorted.
    pub codes: Vec<Code>,
}

impl AffectedPerson {
    /// What the change does to this person, in a sentence.
    pub fn consequence(&self) -> &'static str {
        match (self.kind, self.after) {
            (PersonKind::Pending, _) => "the pending invitation fails when redeemed",
            (PersonKind::Guest, _) => "keeps access, but cannot be invited again from this domain",
            (PersonKind::SharepointOnly, Access::Blocked) => {
                "loses access: the B2B guest account they now need cannot be created"
            }
            (PersonKind::SharepointOnly, Access::Allowed) => {
                "needs a B2B guest account (an invitation) to keep access"
            }
        }
    }
}

/// A team or group that loses people or the ability to invite them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedGroup {
    /// Index into `TenantData::groups`.
    pub index: usize,
    /// Display name, else id.
    pub name: String,
    pub id: String,
    pub is_team: bool,
    /// `None`: the groups export has no owners.
    pub owners: Option<Vec<String>>,
    /// Its affected people, by index into [`Affected::people`], in people order.
    pub people: Vec<usize>,
}

/// The people view of a run.
#[derive(Debug, Clone, Default)]
pub struct Affected {
    /// Sorted by domain, address, kind.
    pub people: Vec<AffectedPerson>,
    /// Most affected people first, then by name and id.
    pub groups: Vec<AffectedGroup>,
    /// Whether group owners were exported (see [`PeopleInputs::group_owners`]).
    pub owners_exported: bool,
    /// Whether an external-users input was given (see [`PeopleInputs::sharepoint_only`]).
    pub sharepoint_only_exported: bool,
    /// Groups exported without their members (`members-not-exported`): whom they lose is
    /// unknown, so they can be in no list above.
    pub groups_without_members: usize,
}

impl Affected {
    /// The SharePoint-only users among the people.
    pub fn sharepoint_only(&self) -> impl Iterator<Item = &AffectedPerson> {
        self.people
            .iter()
            .filter(|p| p.kind == PersonKind::SharepointOnly)
    }
}

/// A person before sorting: their key, and the groups (by `TenantData::groups` index).
struct Draft {
    address: String,
    domain: u32,
    kind: PersonKind,
    /// Sorted and deduplicated once every input was added.
    groups: Vec<usize>,
    sites: Vec<String>,
}

/// Builds the people view: every guest (or member with a guest UPN) whose domain the change
/// makes uninvitable, every SharePoint-only user, and the groups they are in.
pub fn affected(report: &Report, inputs: &PeopleInputs) -> Affected {
    let data = &report.data;
    let (before, after) = (&report.analysis.before, &report.analysis.after);
    let mut domains = DomainTable::default();
    // Per interned domain: (before, after) invitation verdicts, computed once.
    let mut verdicts: Vec<(bool, bool)> = Vec::new();
    let verdict = |domains: &DomainTable, verdicts: &mut Vec<(bool, bool)>, d: u32| {
        while verdicts.len() <= d as usize {
            let name = &domains.names[verdicts.len()];
            verdicts.push((before.invite_allows(name), after.invite_allows(name)));
        }
        verdicts[d as usize]
    };
    let newly_blocked = |(b, a): (bool, bool)| b && !a;

    // People by lower-cased address (see `add`).
    let mut people = People::default();

    // Guests of the guests export, by entry index: their domain when newly blocked.
    let guest_domain: Vec<Option<u32>> = data
        .guest_entries
        .iter()
        .map(|g| {
            let a = g.home_address.as_deref()?;
            let d = domains.resolve(address_domain(a)).ok()?;
            newly_blocked(verdict(&domains, &mut verdicts, d)).then_some(d)
        })
        .collect();
    // Each affected guest entry's person, so memberships (millions of rows) join by index.
    let entry_person: Vec<Option<usize>> = data
        .guest_entries
        .iter()
        .zip(&guest_domain)
        .map(|(g, d)| {
            let (d, a) = ((*d)?, g.home_address.as_ref()?);
            let kind = if g.pending {
                PersonKind::Pending
            } else {
                PersonKind::Guest
            };
            Some(add(&mut people, a, d, kind, None, None))
        })
        .collect();
    for (gi, group) in data.groups.iter().enumerate() {
        for &m in &group.guest_members {
            if let Some(&Some(p)) = entry_person.get(m as usize) {
                people.drafts[p].groups.push(gi);
            }
        }
        // Members with a guest UPN that the guests export lacks: guests all the same.
        for a in &group.outside_guests {
            if let Ok(d) = domains.resolve(address_domain(a))
                && newly_blocked(verdict(&domains, &mut verdicts, d))
            {
                add(&mut people, a, d, PersonKind::Guest, Some(gi), None);
            }
        }
    }

    // SharePoint-only users: all of them need an account; the sites tie them to groups.
    if let Some(spo) = &inputs.sharepoint_only {
        let group_by_id: BTreeMap<String, usize> = data
            .groups
            .iter()
            .enumerate()
            .map(|(gi, g)| (g.id.to_lowercase(), gi))
            .collect();
        let site_group: BTreeMap<String, usize> = data
            .sites
            .iter()
            .filter_map(|s| {
                let gi = *group_by_id.get(&s.group_id.as_deref()?.to_lowercase())?;
                Some((site_key(&s.url), gi))
            })
            .collect();
        for u in spo {
            let Ok(d) = domains.resolve(address_domain(&u.address)) else {
                continue;
            };
            verdict(&domains, &mut verdicts, d);
            if u.sites.is_empty() {
                add(
                    &mut people,
                    &u.address,
                    d,
                    PersonKind::SharepointOnly,
                    None,
                    None,
                );
            }
            for s in &u.sites {
                let g = site_group.get(&site_key(s)).copied();
                add(
                    &mut people,
                    &u.address,
                    d,
                    PersonKind::SharepointOnly,
                    g,
                    Some(s),
                );
            }
        }
    }

    // Codes of findings about a domain, looked up by subject; teams-guests-newly-blocked by the
    // group it names.
    let mut by_subject: foldhash::HashMap<&str, BTreeSet<Code>> = Default::default();
    for f in &report.findings {
        by_subject.entry(&f.subject).or_default().insert(f.code);
    }
    let group_name = |gi: usize| {
        let g = &data.groups[gi];
        g.display_name.clone().unwrap_or_else(|| g.id.clone())
    };

    // Sorted for determinism: by domain, then address (then kind, for equal spellings). The
    // domains are ranked once so the sort compares numbers first.
    let mut rank: Vec<u32> = (0..domains.names.len() as u32).collect();
    rank.sort_by(|&a, &b| domains.names[a as usize].cmp(&domains.names[b as usize]));
    let mut rank_of = vec![0u32; rank.len()];
    for (r, &d) in rank.iter().enumerate() {
        rank_of[d as usize] = r as u32;
    }
    let mut drafts: Vec<Draft> = people.drafts;
    for d in &mut drafts {
        d.groups.sort_unstable();
        d.groups.dedup();
        d.sites.sort_unstable();
        d.sites.dedup();
    }
    drafts.sort_by(|x, y| {
        rank_of[x.domain as usize]
            .cmp(&rank_of[y.domain as usize])
            .then_with(|| x.address.cmp(&y.address))
            .then(x.kind.cmp(&y.kind))
    });

    // Groups, each with its people; most people first.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (pi, d) in drafts.iter().enumerate() {
        for &gi in &d.groups {
            members.entry(gi).or_default().push(pi);
        }
    }
    let mut groups: Vec<AffectedGroup> = members
        .into_iter()
        .map(|(gi, people)| {
            let g = &data.groups[gi];
            AffectedGroup {
                index: gi,
                name: group_name(gi),
                id: g.id.clone(),
                is_team: g.is_team,
                owners: inputs.group_owners.as_ref().map(|o| {
                    let mut o = o.get(gi).cloned().unwrap_or_default();
                    o.sort();
                    o.dedup();
                    o
                }),
                people,
            }
        })
        .collect();
    // Sorted for determinism: most affected people first, then by name and id.
    groups.sort_by(|a, b| {
        b.people
            .len()
            .cmp(&a.people.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    // By `TenantData::groups` index: the group's place in `groups`, and whether a
    // teams-guests-newly-blocked finding names it (looked up once per group).
    let mut position = vec![usize::MAX; data.groups.len()];
    let mut group_blocked = vec![false; data.groups.len()];
    for (i, g) in groups.iter().enumerate() {
        position[g.index] = i;
        group_blocked[g.index] = by_subject
            .get(g.name.as_str())
            .is_some_and(|c| c.contains(&Code::TeamsGuestsNewlyBlocked));
    }

    let people = drafts
        .into_iter()
        .map(|d| {
            let domain = domains.names[d.domain as usize].clone();
            let (b, a) = verdicts[d.domain as usize];
            let mut codes: BTreeSet<Code> =
                by_subject.get(domain.as_str()).cloned().unwrap_or_default();
            // The domain's pending invitations failing is said of its pending people only.
            if d.kind != PersonKind::Pending {
                codes.remove(&Code::PendingInvitesFail);
            }
            // The SharePoint-only findings are said of the SharePoint-only people only.
            if d.kind != PersonKind::SharepointOnly {
                codes.remove(&Code::SpoGuestsLoseAccess);
                codes.remove(&Code::SpoGuestsNeedAccount);
            }
            if d.groups.iter().any(|&gi| group_blocked[gi]) {
                codes.insert(Code::TeamsGuestsNewlyBlocked);
            }
            let mut groups: Vec<usize> = d.groups.iter().map(|&gi| position[gi]).collect();
            groups.sort_unstable();
            AffectedPerson {
                address: d.address,
                domain,
                kind: d.kind,
                groups,
                sites: d.sites,
                before: Access::of(b),
                after: Access::of(a),
                codes: codes.into_iter().collect(),
            }
        })
        .collect();

    Affected {
        people,
        groups,
        owners_exported: inputs.group_owners.is_some(),
        sharepoint_only_exported: inputs.sharepoint_only.is_some(),
        groups_without_members: data.groups.iter().filter(|g| !g.members_exported).count(),
    }
}

/// The people found so far, one draft per lower-cased address.
#[derive(Default)]
struct People {
    index: foldhash::HashMap<String, usize>,
    drafts: Vec<Draft>,
}

/// Adds a person (or what one more file or group says of them) under their lower-cased
/// address: one row per person, whichever files and groups name them.
fn add(
    people: &mut People,
    address: &str,
    domain: u32,
    kind: PersonKind,
    group: Option<usize>,
    site: Option<&str>,
) -> usize {
    let key = if address
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        address.to_lowercase()
    } else {
        address.to_string()
    };
    let next = people.drafts.len();
    let i = *people.index.entry(key).or_insert(next);
    if i == next {
        people.drafts.push(Draft {
            address: address.to_string(),
            domain,
            kind,
            groups: Vec::new(),
            sites: Vec::new(),
        });
    }
    let d = &mut people.drafts[i];
    // A person pending anywhere is pending; SharePoint-only is said only of users with no guest
    // account at all, so a guest row wins over it.
    d.kind = match (d.kind, kind) {
        (PersonKind::Pending, _) | (_, PersonKind::Pending) => PersonKind::Pending,
        (PersonKind::Guest, _) | (_, PersonKind::Guest) => PersonKind::Guest,
        _ => PersonKind::SharepointOnly,
    };
    d.groups.extend(group);
    if let Some(s) = site {
        d.sites.push(s.to_string());
    }
    i
}

/// A site URL compared as SharePoint does: case-insensitive, trailing slash ignored.
fn site_key(url: &str) -> String {
    url.trim_end_matches('/').to_lowercase()
}
