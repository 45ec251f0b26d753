//! `duplicate-site` (SPEC §6): one site listed twice with different settings. Two exports
//! concatenated, or a site exported before and after a change: only one of the two settings can
//! be the site's, and the report cannot tell which.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;

use crate::diag::{Code, Finding};
use crate::model::Site;

/// The URL as sites are compared: lower case, without trailing slashes. Borrowed when it is
/// already in that form (almost every exported URL), so a large tenant allocates nothing here.
fn site_key(url: &str) -> Cow<'_, str> {
    let k = url.trim().trim_end_matches('/');
    if !k.is_ascii() || k.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(k.to_lowercase())
    } else {
        Cow::Borrowed(k)
    }
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
    // First sighting of each URL by hash; only URLs seen again are grouped, sorted by key for
    // determinism, within a key in input order.
    let mut first: foldhash::HashMap<Cow<'_, str>, usize> = foldhash::HashMap::default();
    first.reserve(sites.len());
    let mut by_url: BTreeMap<Cow<'_, str>, Vec<&Site>> = BTreeMap::new();
    for (i, s) in sites.iter().enumerate() {
        match first.entry(site_key(&s.url)) {
            Entry::Vacant(v) => {
                v.insert(i);
            }
            Entry::Occupied(o) => by_url
                .entry(o.key().clone())
                .or_insert_with(|| vec![&sites[*o.get()]])
                .push(s),
        }
    }
    let mut out = Vec::new();
    for same in by_url.values() {
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
