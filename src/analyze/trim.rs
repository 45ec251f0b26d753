//! Trim advice: when the proposal is over the size limit, which unused domains could go.

use super::guests::People;
use super::*;
use crate::plan::Proposal;

/// When the proposal is over the size limit, which emitted domains are unused and how many of
/// them must go (removing `"domain",` saves its length plus three characters).
pub(super) fn trim_advice(
    proposal: &Proposal,
    people: &People,
    uses: &[Use],
) -> Option<TrimAdvice> {
    let p = &proposal.proposed;
    if p.definition_chars <= p.limit_chars {
        return None;
    }
    let over = p.definition_chars - p.limit_chars;
    let score = |d: &str| {
        people.domains.get(d).map_or((0, 0, 0, 0), |i| {
            let u = &uses[i as usize];
            // A SharePoint-only external user needs the domain as much as a guest does: removing
            // it would refuse the account they need.
            (u.guests + u.spo_only, u.pending, u.teams, u.sites)
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
