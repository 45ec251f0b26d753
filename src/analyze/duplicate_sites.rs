//! `duplicate-site` (SPEC §6): one site listed twice with different settings. Two exports
//! concatenated, or a site exported before and after a change: only one of the two settings can
//! be the site's, and the report cannot tell which.

use std::borrow::Cow;
use std::collections::BTreeMap;

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
    // Every site's key hashed without a copy per site (one reused buffer), the hashes sorted:
    // only sites whose hashes meet are compared by key. A large tenant's half a million unique
    // URLs cost one small sort, no map of strings. Groups come out sorted by key for
    // determinism, within a key in input order.
    use std::hash::{BuildHasher, Hasher};
    let state = foldhash::fast::FixedState::with_seed(0);
    let mut buf: Vec<u8> = Vec::new();
    let mut hashes: Vec<(u64, u32)> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| {
            buf.clear();
            match site_key(&s.url) {
                Cow::Borrowed(k) => buf.extend_from_slice(k.as_bytes()),
                Cow::Owned(k) => buf.extend_from_slice(k.as_bytes()),
            }
            let mut h = state.build_hasher();
            h.write(&buf);
            (h.finish(), i as u32)
        })
        .collect();
    hashes.sort_unstable();
    let mut by_url: BTreeMap<Cow<'_, str>, Vec<&Site>> = BTreeMap::new();
    for run in hashes.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Within a run, input order (the sort is by hash, then index); a hash collision of two
        // different URLs still groups by the real key.
        for &(_, i) in run {
            let site = &sites[i as usize];
            by_url.entry(site_key(&site.url)).or_default().push(site);
        }
    }
    by_url.retain(|_, same| same.len() > 1);
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
