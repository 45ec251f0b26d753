//! `duplicate-site` (SPEC §6): one site listed twice with different settings. Two exports
//! concatenated, or a site exported before and after a change: only one of the two settings can
//! be the site's, and the report cannot tell which.

use std::collections::BTreeMap;

use crate::diag::{Code, Finding};
use crate::model::Site;

/// The URL as sites are compared: lower case, without trailing slashes.
fn site_key(url: &str) -> String {
    url.trim().trim_end_matches('/').to_lowercase()
}

/// What a duplicate must agree on to be harmless.
fn settings(s: &Site) -> impl PartialEq + '_ {
    (
        s.mode,
        &s.allowed.values,
        &s.blocked.values,
        s.sharing_capability,
    )
}

/// One finding per URL listed more than once with settings that differ, in URL order.
pub(super) fn check(sites: &[Site]) -> Vec<Finding> {
    // Sorted by key for determinism; within a key, input order.
    let mut by_url: BTreeMap<String, Vec<&Site>> = BTreeMap::new();
    for s in sites {
        by_url.entry(site_key(&s.url)).or_default().push(s);
    }
    let mut out = Vec::new();
    for same in by_url.values().filter(|v| v.len() > 1) {
        let first = same[0];
        if same.iter().all(|s| settings(s) == settings(first)) {
            continue;
        }
        let describe = |s: &Site| {
            format!(
                "{} (mode {}, allowed {:?}, blocked {:?})",
                s.url,
                s.mode.map_or("unknown", |m| m.as_str()),
                s.allowed.values.join(" "),
                s.blocked.values.join(" ")
            )
        };
        let mut f = Finding::new(
            Code::DuplicateSite,
            first.url.clone(),
            format!(
                "the site is listed {} times with different settings: {}; which one is current \
                 cannot be told",
                same.len(),
                same.iter()
                    .map(|s| describe(s))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        );
        for s in same {
            f = f.at(s.location.clone());
        }
        out.push(f);
    }
    out
}
