//! Property tests of the domain normaliser: normalisation is idempotent on domain-like input,
//! and no input at all makes it panic.

use proptest::prelude::*;
use spo2b2b::domain::{
    EntryContext, ListRole, confusable_groups, cross_check, normalize_entry, parent_domains,
    split_list, to_ascii,
};

fn contexts() -> impl Strategy<Value = EntryContext> {
    (
        prop_oneof![
            Just(ListRole::Allow),
            Just(ListRole::Block),
            Just(ListRole::Query)
        ],
        any::<bool>(),
    )
        .prop_map(|(role, from_csv)| EntryContext { role, from_csv })
}

/// Labels drawn from what real lists contain: ASCII letters in both cases, digits, hyphens,
/// German and Cyrillic letters, fullwidth letters; now and then a messy label with `?`, `_` or
/// misplaced hyphens.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z0-9äöüßÄÖÜаеорсАЕОРСｃｏ]{1,8}(-[a-z0-9]{1,6})?",
        1 => "[a-zA-Z0-9äöüßÄÖÜаеорсАЕОРСｃｏ?_-]{1,15}",
    ]
}

/// Domain-like entries: labels, a known or made-up suffix, optional decorations that the
/// normaliser must strip (prefixes, email local parts, URL parts, trailing dot).
fn domain_like() -> impl Strategy<Value = String> {
    let suffix = prop_oneof![
        Just("com".to_owned()),
        Just("co.uk".to_owned()),
        Just("de".to_owned()),
        Just("github.io".to_owned()),
        Just("onmicrosoft.com".to_owned()),
        Just("рф".to_owned()),
        Just("xn--p1ai".to_owned()),
        label(),
    ];
    let prefix = prop_oneof![
        Just(""),
        Just("@"),
        Just("mailto:"),
        Just("alice@"),
        Just("MAILTO:bob@"),
        Just("https://"),
        Just("http://user@"),
        Just("*."),
        Just(" "),
    ];
    let tail = prop_oneof![
        Just(""),
        Just("."),
        Just(":443"),
        Just("/sites/x"),
        Just(":8080/a?b#c"),
        Just("\t")
    ];
    (
        prefix,
        prop::collection::vec(label(), 0..4),
        suffix,
        tail,
        any::<bool>(),
    )
        .prop_map(|(prefix, labels, suffix, tail, upper)| {
            let mut s = String::from(prefix);
            for l in labels {
                s.push_str(&l);
                s.push('.');
            }
            s.push_str(&suffix);
            s.push_str(tail);
            if upper { s.to_uppercase() } else { s }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn normalisation_is_idempotent(raw in domain_like(), ctx in contexts()) {
        let n = normalize_entry(&raw, ctx);
        prop_assert_eq!(n.is_rejected(), n.canonical.is_none());
        if let Some(c) = &n.canonical {
            prop_assert_eq!(&n.shown, c);
            let ascii = to_ascii(c);
            prop_assert_eq!(ascii.as_deref(), Ok(c.as_str()));
            let again = normalize_entry(c, ctx);
            prop_assert_eq!(again.canonical.as_ref(), Some(c));
            prop_assert_eq!(&again.unicode, &n.unicode);
            prop_assert_eq!(&again.registrable, &n.registrable);
            prop_assert_eq!(again.suffix_kind, n.suffix_kind);
            // The second pass finds nothing to strip.
            let stripped: Vec<_> = again.codes().into_iter()
                .filter(|c| matches!(c.as_str(), "email-as-domain" | "url-as-domain" | "trailing-dot"))
                .collect();
            prop_assert!(stripped.is_empty(), "{:?}", stripped);
            // Registrable is a suffix of the canonical name.
            if let Some(r) = &n.registrable {
                let below = format!(".{}", r);
                prop_assert!(c == r || c.ends_with(&below), "{} / {}", c, r);
            }
        } else {
            prop_assert!(!n.issues.is_empty(), "a rejected entry says why");
        }
    }

    #[test]
    fn never_panics_on_arbitrary_text(raw in any::<String>(), ctx in contexts()) {
        let n = normalize_entry(&raw, ctx);
        prop_assert_eq!(n.is_rejected(), n.canonical.is_none());
        if let Some(c) = &n.canonical {
            prop_assert!(c.is_ascii());
            let again = normalize_entry(c, ctx);
            prop_assert_eq!(again.canonical.as_ref(), Some(c));
            let _ = parent_domains(c).count();
        } else {
            prop_assert!(!n.issues.is_empty());
        }
        for i in &n.issues {
            prop_assert!(!i.message.is_empty());
            prop_assert!(!i.message.chars().any(|c| c.is_control()), "{:?}", i.message);
        }
    }

    #[test]
    fn batches_never_panic(list in any::<String>(), extra in prop::collection::vec(any::<String>(), 0..8)) {
        let ctx = EntryContext { role: ListRole::Allow, from_csv: true };
        let split = split_list(&list);
        prop_assert!(split.pieces.iter().all(|p| !p.is_empty()));
        let mut entries: Vec<_> = split.pieces.iter().copied().chain(extra.iter().map(String::as_str))
            .map(|p| normalize_entry(p, ctx)).collect();
        cross_check(&mut entries);
        let names: Vec<&str> = entries.iter().filter_map(|e| e.canonical.as_deref()).collect();
        for group in confusable_groups(&names) {
            prop_assert!(group.len() > 1);
            prop_assert!(group.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn split_pieces_have_no_separators(list in "[a-z.,; \t\r\n@]{0,60}") {
        let split = split_list(&list);
        for p in &split.pieces {
            prop_assert!(!p.is_empty());
            prop_assert!(!p.contains([',', ';', ' ', '\t', '\r', '\n']));
        }
        let joined: String = list.chars().filter(|c| !matches!(c, ',' | ';' | ' ' | '\t' | '\r' | '\n')).collect();
        prop_assert_eq!(split.pieces.concat(), joined);
    }
}

/// Guards the idempotence property against vacuity: enough generated entries must survive
/// normalisation for the property to say something.
#[test]
fn generator_yields_mostly_valid_names() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = domain_like();
    let ctx = EntryContext {
        role: ListRole::Allow,
        from_csv: false,
    };
    let total = 500;
    let valid = (0..total)
        .filter(|_| {
            let raw = strategy.new_tree(&mut runner).unwrap().current();
            normalize_entry(&raw, ctx).canonical.is_some()
        })
        .count();
    eprintln!("{valid} of {total} generated entries normalised to a canonical name");
    assert!(valid * 2 >= total, "only {valid} of {total} valid");
}
