//! Guests' home domains (FACTS §5) and their joins to groups and teams.
//!
//! Every guest gets its domain interned once, so later stages work per domain, not per guest:
//! the million-guest tenant costs one hash lookup per guest and one normalisation per distinct
//! domain spelling.

use std::collections::HashMap;

use crate::diag::{Code, Finding};
use crate::domain::{self, EntryContext, ListRole};
use crate::model::{ExternalUserState, Guest, Member, TenantData};

/// The address a guest's home domain is read from: `mail`, else the first `otherMails`, else
/// the user principal name's part before `#EXT#` with its last `_` read as the `@`.
pub fn home_address(
    mail: Option<&str>,
    other_mails: &[String],
    upn: Option<&str>,
) -> Option<String> {
    let nonblank = |s: &&str| !s.trim().is_empty();
    if let Some(m) = mail.filter(nonblank) {
        return Some(m.trim().to_string());
    }
    if let Some(m) = other_mails.iter().map(String::as_str).find(nonblank) {
        return Some(m.trim().to_string());
    }
    upn.and_then(ext_upn_address)
}

/// `alice_contoso.com#EXT#@fabrikam.onmicrosoft.com` -> `alice@contoso.com`. The local part may
/// itself contain `_`, so the split is at the last one. `None` when the UPN is not a guest UPN.
pub fn ext_upn_address(upn: &str) -> Option<String> {
    let upper = upn.to_ascii_uppercase();
    let ext = upper.find("#EXT#")?;
    let before = upn.get(..ext)?;
    let (local, domain) = before.rsplit_once('_')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// The domain part of an address (after the last `@`), or the whole text when there is none.
pub fn address_domain(address: &str) -> &str {
    match address.rsplit_once('@') {
        Some((_, d)) => d,
        None => address,
    }
}

/// Interned canonical domains of the run.
#[derive(Debug, Default)]
pub struct DomainTable {
    pub names: Vec<String>,
    index: HashMap<String, u32>,
    /// Raw domain spelling -> canonical index (or the reason it has none).
    cache: HashMap<String, Result<u32, String>>,
}

impl DomainTable {
    pub fn intern(&mut self, canonical: &str) -> u32 {
        if let Some(&i) = self.index.get(canonical) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(canonical.to_string());
        self.index.insert(canonical.to_string(), i);
        i
    }

    pub fn get(&self, canonical: &str) -> Option<u32> {
        self.index.get(canonical).copied()
    }

    /// Normalises a raw domain once per distinct spelling.
    pub fn resolve(&mut self, raw: &str) -> Result<u32, String> {
        if let Some(r) = self.cache.get(raw) {
            return r.clone();
        }
        let n = domain::normalize_entry(
            raw,
            EntryContext {
                role: ListRole::Query,
                from_csv: false,
            },
        );
        let r = match &n.canonical {
            Some(c) => Ok(self.intern(c)),
            None => Err(n
                .issues
                .iter()
                .map(|i| format!("{}: {}", i.code, i.message))
                .collect::<Vec<_>>()
                .join("; ")),
        };
        self.cache.insert(raw.to_string(), r.clone());
        r
    }
}

/// A guest reduced to what the analysis needs.
#[derive(Debug, Clone, Copy)]
pub struct GuestFacts {
    pub domain: Option<u32>,
    pub pending: bool,
}

/// Guests, memberships and the domain table, joined.
#[derive(Debug, Default)]
pub struct People {
    pub domains: DomainTable,
    pub guests: Vec<GuestFacts>,
    /// Per group (index into `TenantData::groups`): the guest domain of each guest member.
    pub group_guest_domains: Vec<Vec<u32>>,
    pub membership_rows: usize,
    pub guest_memberships: usize,
    /// Memberships of people who are not known guests (internal members).
    pub other_memberships: usize,
    pub findings: Vec<Finding>,
}

fn describe_guest(g: &Guest) -> String {
    g.user_principal_name
        .clone()
        .or_else(|| g.display_name.clone())
        .or_else(|| g.id.clone())
        .unwrap_or_else(|| "guest".into())
}

/// Derives each guest's home domain and joins group members to guests (by id, else by a
/// guest `#EXT#` user principal name).
pub fn join(data: &TenantData) -> People {
    let mut p = People::default();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for g in &data.guests {
        let address = home_address(
            g.mail.as_deref(),
            &g.other_mails,
            g.user_principal_name.as_deref(),
        );
        let domain = match &address {
            None => {
                p.findings.push(located(
                    Finding::new(
                        Code::GuestDomainUnknown,
                        describe_guest(g),
                        "no mail, otherMails or #EXT# user principal name to read a home domain from",
                    ),
                    g,
                ));
                None
            }
            Some(a) => match p.domains.resolve(address_domain(a)) {
                Ok(i) => Some(i),
                Err(reason) => {
                    p.findings.push(located(
                        Finding::new(
                            Code::GuestDomainUnknown,
                            describe_guest(g),
                            format!("the home address `{a}` has no valid domain ({reason})"),
                        ),
                        g,
                    ));
                    None
                }
            },
        };
        if let Some(id) = g.id.as_deref() {
            by_id.entry(id).or_insert(p.guests.len());
        }
        p.guests.push(GuestFacts {
            domain,
            pending: g.state == Some(ExternalUserState::PendingAcceptance),
        });
    }
    for group in &data.groups {
        let mut doms = Vec::new();
        for m in &group.members {
            p.membership_rows += 1;
            match member_domain(m, &by_id, &p.guests, &mut p.domains) {
                Some(d) => {
                    p.guest_memberships += 1;
                    doms.push(d);
                }
                None => p.other_memberships += 1,
            }
        }
        p.group_guest_domains.push(doms);
    }
    p
}

fn member_domain(
    m: &Member,
    by_id: &HashMap<&str, usize>,
    guests: &[GuestFacts],
    domains: &mut DomainTable,
) -> Option<u32> {
    if let Some(g) = m.id.as_deref().and_then(|id| by_id.get(id)) {
        return guests[*g].domain;
    }
    // Not in the guests export: a member is a guest when its UPN is a guest UPN.
    let address = m.user_principal_name.as_deref().and_then(ext_upn_address)?;
    let from = m
        .mail
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .unwrap_or(address);
    domains.resolve(address_domain(&from)).ok()
}

fn located(f: Finding, g: &Guest) -> Finding {
    match &g.location {
        Some(l) => f.at(l.clone()),
        None => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_address_order_and_ext_split() {
        let none: Vec<String> = vec![];
        let others = vec![String::new(), "bob@other.org".to_string()];
        type Case<'a> = (
            Option<&'a str>,
            &'a [String],
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: [Case; 7] = [
            (
                Some("a@x.com"),
                &others,
                Some("z_y.com#EXT#@t.onmicrosoft.com"),
                Some("a@x.com"),
            ),
            (None, &others, None, Some("bob@other.org")),
            (
                Some("  "),
                &none,
                Some("alice_contoso.com#EXT#@t.onmicrosoft.com"),
                Some("alice@contoso.com"),
            ),
            // The local part keeps its own underscores: split at the last one.
            (
                None,
                &none,
                Some("first_last_fabrikam.co.uk#EXT#@t.onmicrosoft.com"),
                Some("first_last@fabrikam.co.uk"),
            ),
            (
                None,
                &none,
                Some("x_y.com#ext#@t.onmicrosoft.com"),
                Some("x@y.com"),
            ),
            (None, &none, Some("member@contoso.com"), None),
            (
                None,
                &none,
                Some("nounderscore#EXT#@t.onmicrosoft.com"),
                None,
            ),
        ];
        for (mail, other, upn, want) in cases {
            assert_eq!(
                home_address(mail, other, upn).as_deref(),
                want,
                "{mail:?} {upn:?}"
            );
        }
    }

    #[test]
    fn address_domain_takes_the_last_at() {
        assert_eq!(address_domain("a@b@c.com"), "c.com");
        assert_eq!(address_domain("c.com"), "c.com");
    }
}
