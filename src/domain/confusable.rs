//! Steps 9 and 10 of SPEC §4: look-alike names and duplicates.
//!
//! A homograph such as `аpple.com` (Cyrillic `а`) passes every syntax check; only Unicode's
//! security mechanisms (UTS #39) expose it: a label that mixes scripts, or two names whose
//! confusable skeletons are equal. Skeletons are computed on the Unicode form, because in ASCII
//! form (`xn--pple-43d.com`) the resemblance is invisible.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_security::MixedScript;
use unicode_security::mixed_script::AugmentedScriptSet;

use super::{Issue, Normalized};
use crate::diag::Code;

/// The UTS #39 skeleton of a canonical name, computed on its Unicode form. Two names with the
/// same skeleton look alike to a reader.
pub fn skeleton(canonical_ascii: &str) -> String {
    let unicode = super::uts46::to_unicode(canonical_ascii);
    unicode_security::skeleton(&unicode).collect()
}

/// Groups of two or more distinct canonical names that share one skeleton (SPEC §8: look-alikes
/// are grouped per skeleton, never reported per pair, which is quadratic in a group's size).
/// Each group is sorted and the groups are sorted, so the result does not depend on input order.
pub fn confusable_groups(names: &[&str]) -> Vec<Vec<String>> {
    let distinct: BTreeSet<&str> = names.iter().copied().collect();
    let mut by_skeleton: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in distinct {
        by_skeleton.entry(skeleton(name)).or_default().push(name);
    }
    // Each group is sorted because `distinct` was iterated in order.
    let mut groups: Vec<Vec<String>> = by_skeleton
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|g| g.into_iter().map(str::to_owned).collect())
        .collect();
    groups.sort();
    groups
}

/// `` `a` and `b` `` or `` `a`, `b` and `c` ``: a group's members for a message.
pub fn group_list(members: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = members
        .iter()
        .map(|m| format!("`{}`", m.as_ref()))
        .collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// If a label of the Unicode name mixes scripts, the label and the scripts it mixes.
/// Digits, hyphens and combining marks (script Common/Inherited) mix with anything; the
/// Japanese (Han + Hiragana + Katakana) and Korean (Han + Hangul) writing systems count as one,
/// as UTS #39 says.
pub(crate) fn mixed_script_label(unicode: &str) -> Option<(String, Vec<String>)> {
    if unicode.is_ascii() {
        return None; // ASCII letters are all Latin
    }
    for label in unicode.split('.') {
        if label.is_single_script() {
            continue;
        }
        let mut scripts: Vec<String> = Vec::new();
        for c in label.chars() {
            let set = AugmentedScriptSet::for_char(c);
            if set.is_all() {
                continue;
            }
            let name = set.to_string();
            if !scripts.contains(&name) {
                scripts.push(name);
            }
        }
        return Some((label.to_owned(), scripts));
    }
    None
}

fn display(n: &Normalized, canonical: &str) -> String {
    match n.unicode.as_deref() {
        Some(u) if u != canonical => format!("'{u}' ({canonical})"),
        _ => format!("'{canonical}'"),
    }
}

/// Cross-entry checks over a batch of normalised entries: every entry whose canonical form
/// already occurred earlier gets `duplicate-entry`; every entry of a confusable pair gets
/// `confusable-domain` naming the other name. Rejected entries take no part.
pub fn cross_check(entries: &mut [Normalized]) {
    let mut first_raw: HashMap<String, String> = HashMap::new();
    for n in entries.iter_mut() {
        let Some(c) = n.canonical.clone() else {
            continue;
        };
        match first_raw.get(&c) {
            Some(raw) => n.issues.push(Issue::new(
                Code::DuplicateEntry,
                format!("'{c}' is listed more than once: it already appeared as '{raw}'"),
            )),
            None => {
                first_raw.insert(c, n.raw.clone());
            }
        }
    }

    let names: Vec<&str> = first_raw.keys().map(String::as_str).collect();
    let groups = confusable_groups(&names);
    if groups.is_empty() {
        return;
    }
    // Show each name in Unicode beside ASCII, as the first entry with that name has it.
    let mut shown: HashMap<String, String> = HashMap::new();
    for n in entries.iter() {
        if let Some(c) = &n.canonical {
            shown.entry(c.clone()).or_insert_with(|| display(n, c));
        }
    }
    let show = |name: &str| {
        shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("'{name}'"))
    };
    // The first member of a group in input order lists all the others; every other member
    // names that first one. A pair reads the same from both sides, and a group of thousands
    // costs one line per member, not one per pair (SPEC §8).
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        for m in g {
            group_of.insert(m.as_str(), i);
        }
    }
    let mut lead: Vec<Option<String>> = vec![None; groups.len()];
    for n in entries.iter_mut() {
        let Some(c) = n.canonical.as_deref() else {
            continue;
        };
        let Some(&gi) = group_of.get(c) else {
            continue;
        };
        let message = match &lead[gi] {
            Some(first) if first == c => continue, // a duplicate of the lead: already told
            Some(first) => format!(
                "{} looks like {}: their UTS #39 confusable skeletons are equal, so one may \
                 impersonate the other",
                show(c),
                show(first)
            ),
            None => {
                let others: Vec<String> = groups[gi]
                    .iter()
                    .filter(|m| m.as_str() != c)
                    .map(|m| show(m))
                    .collect();
                lead[gi] = Some(c.to_owned());
                let list = match others.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} and {last}", rest.join(", "))
                    }
                    _ => others.concat(),
                };
                let whom = if others.len() == 1 {
                    "the other"
                } else {
                    "another"
                };
                format!(
                    "{} looks like {list}: their UTS #39 confusable skeletons are equal, so one \
                     may impersonate {whom}",
                    show(c)
                )
            }
        };
        n.issues.push(Issue::new(Code::ConfusableDomain, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_expose_look_alikes() {
        // Cyrillic а (U+0430) in "аpple.com".
        let cyr = super::super::to_ascii("\u{0430}pple.com").unwrap();
        assert_eq!(skeleton(&cyr), skeleton("apple.com"));
        assert_eq!(skeleton("paypa1.com"), skeleton("paypal.com"));
        assert_eq!(skeleton("rnicrosoft.com"), skeleton("microsoft.com"));
        assert_ne!(skeleton("contoso.com"), skeleton("fabrikam.com"));
    }

    #[test]
    fn groups_are_sorted_and_distinct() {
        let cyr = super::super::to_ascii("\u{0430}pple.com").unwrap();
        let groups = confusable_groups(&[
            "apple.com",
            &cyr,
            "apple.com",
            "xl1.com",
            "x1l.com",
            "xll.com",
        ]);
        assert_eq!(
            groups,
            vec![
                vec!["apple.com".to_owned(), cyr.clone()],
                vec![
                    "x1l.com".to_owned(),
                    "xl1.com".to_owned(),
                    "xll.com".to_owned()
                ],
            ]
        );
        assert!(confusable_groups(&["contoso.com", "contoso.com"]).is_empty());
        assert!(confusable_groups(&[]).is_empty());
        assert_eq!(group_list(&["a", "b"]), "`a` and `b`");
        assert_eq!(group_list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }

    #[test]
    fn mixed_scripts_are_found_per_label() {
        let (label, scripts) = mixed_script_label("\u{0430}pple.com").unwrap();
        assert_eq!(label, "\u{0430}pple");
        assert_eq!(scripts, vec!["Cyrillic".to_owned(), "Latin".to_owned()]);
        // Whole-script Cyrillic, Japanese mixes, digits and hyphens are fine.
        for ok in [
            "яндекс.рф",
            "例え.テスト",
            "ひらがな漢字.jp",
            "a-1.com",
            "bücher.de",
            "한국어.kr",
        ] {
            assert_eq!(mixed_script_label(ok), None, "{ok}");
        }
        // Each label is checked on its own: a Latin label next to a Cyrillic one is fine.
        assert_eq!(mixed_script_label("пример.example.com"), None);
    }
}
