//! The proposal's size against Entra's limit (`policy-too-large`, `policy-near-limit`).

use crate::diag::{Code, Finding, Location};
use crate::plan::{POLICY_LIMIT_CHARS, Proposal};

/// The size finding of the proposal, if it is over or near the limit.
pub fn check(proposal: &Proposal) -> Option<Finding> {
    let definition_chars = proposal.proposed.definition_chars;
    // A size finding points at the lists the proposal's domains come from.
    let sources: Vec<Location> = proposal
        .sources
        .iter()
        .filter_map(|&id| proposal.list(id)?.location.clone())
        .collect();
    let size_finding = if definition_chars > POLICY_LIMIT_CHARS {
        Some(Finding::new(
            Code::PolicyTooLarge,
            "proposed policy",
            format!(
                "the compact definition is {definition_chars} characters; Entra accepts at most {POLICY_LIMIT_CHARS}"
            ),
        ))
    } else if definition_chars * 10 > POLICY_LIMIT_CHARS * 9 {
        Some(Finding::new(
            Code::PolicyNearLimit,
            "proposed policy",
            format!(
                "the compact definition is {definition_chars} of {POLICY_LIMIT_CHARS} characters (over 90%)"
            ),
        ))
    } else {
        None
    };
    size_finding.map(|mut f| {
        f.locations = sources;
        f
    })
}
