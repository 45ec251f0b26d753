//! SharePoint-only external users (SPEC §5, FACTS §3): people SharePoint shared with who have no
//! Entra guest account. From July 2026 they need one to keep access, and creating it is an
//! invitation the Entra list decides after the change.
//!
//! An external user has an Entra account when one of its addresses equals (ignoring case) a
//! guest's mail, one of its otherMails or the address its `#EXT#` UPN carries. People are
//! counted once however many rows (sites, shared items) name them.

use std::collections::BTreeMap;

use super::gates::Scenario;
use super::guests::{People, address_domain};
use crate::diag::{Code, Finding, plural};
use crate::model::TenantData;

/// The external users, joined to the guests.
#[derive(Debug, Default)]
pub struct SpoOnly {
    /// Per interned domain: the SharePoint-only people (index of their first row in
    /// `TenantData::external_users`), in input order.
    pub by_domain: BTreeMap<u32, Vec<usize>>,
    /// Distinct people in the external-users input.
    pub people: usize,
    /// Of them, those with an Entra guest account.
    pub matched: usize,
    /// Of them, those with no Entra guest account.
    pub spo_only: usize,
}

/// Matches every external user against the guests and interns the SharePoint-only people's
/// domains in `people.domains`.
pub(super) fn join(data: &TenantData, people: &mut People) -> (SpoOnly, Vec<Finding>) {
    let mut out = SpoOnly::default();
    let mut findings = Vec::new();
    if data.external_users.is_empty() {
        return (out, findings);
    }
    // Every address a guest row names, lower case. Built only when there are external users.
    let mut known: foldhash::HashSet<String> = foldhash::HashSet::default();
    for g in &data.guest_entries {
        for a in g.home_address.iter().chain(&g.other_addresses) {
            known.insert(a.trim().to_lowercase());
        }
    }
    let mut seen: foldhash::HashSet<String> = foldhash::HashSet::default();
    for (i, u) in data.external_users.iter().enumerate() {
        let key = u.address.to_lowercase();
        if !seen.insert(key.clone()) {
            continue;
        }
        out.people += 1;
        let has_account = std::iter::once(key.as_str())
            .chain(u.other_addresses.iter().map(String::as_str))
            .any(|a| known.contains(&a.trim().to_lowercase()));
        if has_account {
            out.matched += 1;
            continue;
        }
        out.spo_only += 1;
        match people.domains.resolve(address_domain(&u.address)) {
            Ok(d) => out.by_domain.entry(d).or_default().push(i),
            Err(reason) => findings.push(
                Finding::new(
                    Code::GuestDomainUnknown,
                    u.address.clone(),
                    format!(
                        "the SharePoint external user `{}` has no valid domain ({reason})",
                        u.address
                    ),
                )
                .at(u.location.clone()),
            ),
        }
    }
    (out, findings)
}

/// `spo-guests-lose-access` and `spo-guests-need-account`, one per domain, naming the people.
/// Returns how many people lose access.
pub(super) fn check(
    data: &TenantData,
    spo: &SpoOnly,
    names: &[String],
    after: &Scenario,
    findings: &mut Vec<Finding>,
) -> usize {
    let mut lose = 0;
    for (&d, rows) in &spo.by_domain {
        let name = &names[d as usize];
        let verdict = after.invite(name);
        const SHOWN: usize = 10;
        let mut who: Vec<String> = rows
            .iter()
            .take(SHOWN)
            .map(|&i| {
                let u = &data.external_users[i];
                match &u.display_name {
                    Some(n) => format!("{} ({n})", u.address),
                    None => u.address.clone(),
                }
            })
            .collect();
        if rows.len() > SHOWN {
            who.push(format!("and {} more", rows.len() - SHOWN));
        }
        let people = plural(
            rows.len(),
            "SharePoint-only external user",
            "SharePoint-only external users",
        );
        let f = if verdict.allowed {
            Finding::new(
                Code::SpoGuestsNeedAccount,
                name.clone(),
                format!(
                    "{people} at `{name}` ({}) {} no Entra guest account; from July 2026 they need one to keep access. The proposed list lets it be created ({}): create their B2B guest accounts or reshare with them (FAQ #8)",
                    who.join(", "),
                    if rows.len() == 1 { "has" } else { "have" },
                    verdict.rule
                ),
            )
        } else {
            lose += rows.len();
            Finding::new(
                Code::SpoGuestsLoseAccess,
                name.clone(),
                format!(
                    "{people} at `{name}` ({}) {} no Entra guest account; from July 2026 they need one, and creating it is an invitation the proposed list refuses ({}): they lose access for good",
                    who.join(", "),
                    if rows.len() == 1 { "has" } else { "have" },
                    verdict.rule
                ),
            )
        };
        let mut f = f;
        for &i in rows.iter().take(SHOWN) {
            f = f.at(data.external_users[i].location.clone());
        }
        findings.push(f);
    }
    lose
}
