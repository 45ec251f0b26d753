//! Guests' home domains (FACTS §5) and their joins to groups and teams.
//!
//! Every guest gets its domain interned once, so later stages work per domain, not per guest:
//! the million-guest tenant costs one hash lookup per guest and one normalisation per distinct
//! domain spelling.

use crate::diag::{Code, Finding};
use crate::domain::{self, EntryContext, ListRole};
use crate::model::{GuestEntry, TenantData};

pub use crate::model::{address_domain, ext_upn_address, home_address};

/// Interned canonical domains of the run.
#[derive(Debug, Default)]
pub struct DomainTable {
    pub names: Vec<String>,
    index: foldhash::HashMap<String, u32>,
    /// Raw domain spelling -> canonical index (or the reason it has none).
    cache: foldhash::HashMap<String, Result<u32, String>>,
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

/// Derives each guest's home domain and counts the memberships ingest resolved (members by
/// id, else by a guest `#EXT#` user principal name).
pub fn join(data: &TenantData) -> People {
    let mut p = People::default();
    p.guests.reserve(data.guest_entries.len());
    for g in &data.guest_entries {
        let domain = match &g.home_address {
            None => {
                p.findings.push(located(
                    Finding::new(
                        Code::GuestDomainUnknown,
                        g.label.clone(),
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
                            g.label.clone(),
                            format!("the home address `{a}` has no valid domain ({reason})"),
                        ),
                        g,
                    ));
                    None
                }
            },
        };
        p.guests.push(GuestFacts {
            domain,
            pending: g.pending,
        });
    }
    for group in &data.groups {
        let mut doms = Vec::new();
        p.membership_rows += group.membership_rows();
        p.other_memberships += group.other_members;
        for &g in &group.guest_members {
            match p.guests.get(g as usize).and_then(|g| g.domain) {
                Some(d) => doms.push(d),
                None => p.other_memberships += 1,
            }
        }
        for a in &group.outside_guests {
            match p.domains.resolve(address_domain(a)) {
                Ok(d) => doms.push(d),
                Err(_) => p.other_memberships += 1,
            }
        }
        p.guest_memberships += doms.len();
        p.group_guest_domains.push(doms);
    }
    p
}

fn located(f: Finding, g: &GuestEntry) -> Finding {
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
