//! Domain findings over the guests: guests at a subdomain of a listed domain when matching is
//! exact, and guest domains that look like a listed one.

use std::collections::{BTreeSet, HashMap};

use super::gates::Scenario;
use super::guests::People;
use super::*;
use crate::diag::{Code, Finding, Location, plural};
use crate::domain;
use crate::options::Subdomains;
use crate::plan::{self, Proposal};

/// Guests at a subdomain of a listed domain, when matching is exact.
pub(super) fn subdomain_findings(
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
pub(super) fn guest_confusables(
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
            Finding::look_alike(
                Code::ConfusableDomain,
                &members,
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
