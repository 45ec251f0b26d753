//! Table-driven tests of the whole entry pipeline with messy real-world entries.

use super::*;
use Code::*;

const ALLOW: EntryContext = EntryContext {
    role: ListRole::Allow,
    from_csv: false,
};
const BLOCK: EntryContext = EntryContext {
    role: ListRole::Block,
    from_csv: false,
};
const QUERY: EntryContext = EntryContext {
    role: ListRole::Query,
    from_csv: false,
};
const CSV: EntryContext = EntryContext {
    role: ListRole::Allow,
    from_csv: true,
};

struct Case {
    raw: &'static str,
    ctx: EntryContext,
    canonical: Option<&'static str>,
    shown: &'static str,
    codes: &'static [Code],
    /// A word the first issue's message must contain (the specific reason).
    message: &'static str,
}

const fn ok(raw: &'static str, canonical: &'static str, codes: &'static [Code]) -> Case {
    Case {
        raw,
        ctx: ALLOW,
        canonical: Some(canonical),
        shown: canonical,
        codes,
        message: "",
    }
}

const fn rejected(
    raw: &'static str,
    shown: &'static str,
    codes: &'static [Code],
    message: &'static str,
) -> Case {
    Case {
        raw,
        ctx: ALLOW,
        canonical: None,
        shown,
        codes,
        message,
    }
}

const fn ctx(mut c: Case, ctx: EntryContext) -> Case {
    c.ctx = ctx;
    c
}

const fn msg(mut c: Case, message: &'static str) -> Case {
    c.message = message;
    c
}

const CASES: &[Case] = &[
    // Case and IDNA mapping alone are not findings.
    ok("contoso.com", "contoso.com", &[]),
    ok("  Contoso.COM\t", "contoso.com", &[]),
    ok("\u{FEFF}contoso.com", "contoso.com", &[]),
    ok("Bücher.DE", "xn--bcher-kva.de", &[]),
    ok("XN--BCHER-KVA.de", "xn--bcher-kva.de", &[]),
    ok("bu\u{0308}cher.de", "xn--bcher-kva.de", &[]), // NFD input
    ok("ｃｏｎｔｏｓｏ．ｃｏｍ", "contoso.com", &[]),
    ok("faß.de", "xn--fa-hia.de", &[]), // non-transitional: ß kept
    ok("a.b.contoso.co.uk", "a.b.contoso.co.uk", &[]),
    ok("@contoso.com", "contoso.com", &[]),
    ok("mailto:contoso.com", "contoso.com", &[]),
    ok("ab--cd.com", "ab--cd.com", &[]), // hyphens in positions 3-4 are fine
    // Step 2: emails and URLs.
    msg(
        ok("alice@Contoso.com", "contoso.com", &[EmailAsDomain]),
        "alice@Contoso.com",
    ),
    ok("MAILTO:alice@contoso.com", "contoso.com", &[EmailAsDomain]),
    ok(
        "mailto:bob@fabrikam.com?subject=hi",
        "fabrikam.com",
        &[EmailAsDomain],
    ),
    // SPEC §4: a guest UPN gives the guest's home domain, not the host tenant's.
    ok(
        "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com",
        "contoso.com",
        &[EmailAsDomain],
    ),
    msg(
        ok(
            "https://www.contoso.com:8443/sites/x?y=1#z",
            "www.contoso.com",
            &[UrlAsDomain],
        ),
        "only its host",
    ),
    ok(
        "http://user:pw@fabrikam.com/",
        "fabrikam.com",
        &[UrlAsDomain],
    ),
    ok("contoso.com/sites/team", "contoso.com", &[UrlAsDomain]),
    ok("contoso.com:443", "contoso.com", &[UrlAsDomain]),
    ok(
        "https://contoso.sharepoint.com/sites/Team",
        "contoso.sharepoint.com",
        &[UrlAsDomain],
    ),
    rejected(
        "alice@",
        "alice@",
        &[EmailAsDomain, InvalidDomain],
        "nothing after '@'",
    ),
    rejected(
        "https:///x",
        "https:///x",
        &[UrlAsDomain, InvalidDomain],
        "no host",
    ),
    // Step 3.
    msg(
        ok("contoso.com.", "contoso.com", &[TrailingDot]),
        "dot was dropped",
    ),
    ok("contoso.com\u{3002}", "contoso.com", &[TrailingDot]),
    ok(
        "alice@contoso.com.",
        "contoso.com",
        &[EmailAsDomain, TrailingDot],
    ),
    rejected(
        "contoso.com..",
        "contoso.com..",
        &[TrailingDot, InvalidDomain],
        "ends with a dot",
    ),
    rejected(".", ".", &[InvalidDomain], "empty"),
    // Step 4.
    rejected("10.0.0.1", "10.0.0.1", &[IpLiteral], "IPv4 address"),
    rejected("10.0.0.1.", "10.0.0.1.", &[TrailingDot, IpLiteral], "IPv4"),
    rejected("[::1]", "[::1]", &[IpLiteral], "IPv6 address"),
    rejected("2001:db8::1", "2001:db8::1", &[IpLiteral], "IPv6"),
    rejected(
        "https://192.168.1.10:8080/x",
        "https://192.168.1.10:8080/x",
        &[UrlAsDomain, IpLiteral],
        "IPv4",
    ),
    rejected(
        "http://[2001:db8::1]/",
        "http://[2001:db8::1]/",
        &[UrlAsDomain, IpLiteral],
        "IPv6",
    ),
    rejected(
        "alice@[10.0.0.1]",
        "alice@[10.0.0.1]",
        &[EmailAsDomain, IpLiteral],
        "IPv4",
    ),
    rejected("１０.０.０.１", "１０.０.０.１", &[IpLiteral], "IPv4"),
    rejected("10.1", "10.1", &[IpLiteral], "numeric"),
    rejected("contoso.123", "contoso.123", &[InvalidDomain], "numeric"),
    // Step 5.
    msg(
        rejected(
            "*.Contoso.com",
            "*.contoso.com",
            &[WildcardEntry],
            "list 'contoso.com'",
        ),
        "wildcard",
    ),
    rejected(
        "*.bücher.de",
        "*.xn--bcher-kva.de",
        &[WildcardEntry],
        "wildcard",
    ),
    rejected("*.com", "*.com", &[WildcardEntry, PublicSuffix], "wildcard"),
    rejected(
        "*.contoso.cmo",
        "*.contoso.cmo",
        &[WildcardEntry, UnknownSuffix],
        "wildcard",
    ),
    rejected(
        "*.-bad.com",
        "*.-bad.com",
        &[WildcardEntry, InvalidDomain],
        "wildcard",
    ),
    rejected("contoso.*", "contoso.*", &[WildcardEntry], "wildcard '*'"),
    rejected(
        "*contoso.com",
        "*contoso.com",
        &[WildcardEntry],
        "wildcard '*'",
    ),
    rejected(
        "a.*.contoso.com",
        "a.*.contoso.com",
        &[WildcardEntry],
        "wildcard '*'",
    ),
    // Step 6.
    rejected(
        "contoso_inc.com",
        "contoso_inc.com",
        &[InvalidDomain],
        "'_'",
    ),
    rejected(
        "-contoso.com",
        "-contoso.com",
        &[InvalidDomain],
        "starts with a hyphen",
    ),
    rejected(
        "contoso-.com",
        "contoso-.com",
        &[InvalidDomain],
        "ends with a hyphen",
    ),
    rejected("contoso..com", "contoso..com", &[InvalidDomain], "two dots"),
    rejected("xn--a.com", "xn--a.com", &[InvalidDomain], "Punycode"),
    rejected("\u{E000}.com", "\u{E000}.com", &[InvalidDomain], "U+E000"),
    rejected(
        "a\u{0000}b.com",
        "a\u{0000}b.com",
        &[InvalidDomain],
        "U+0000",
    ),
    rejected("m?ller.de", "m?ller.de", &[InvalidDomain], "ASCII export"),
    rejected(
        "caf\u{FFFD}.fr",
        "caf\u{FFFD}.fr",
        &[InvalidDomain],
        "wrong encoding",
    ),
    ctx(
        rejected("m?ller.de", "m?ller.de", &[LossyExport], "-Encoding UTF8"),
        CSV,
    ),
    ctx(
        rejected(
            "alice@m?ller.de",
            "alice@m?ller.de",
            &[EmailAsDomain, LossyExport],
            "-Encoding UTF8",
        ),
        CSV,
    ),
    ctx(ok("mueller.de", "mueller.de", &[]), CSV),
    // Step 7.
    rejected("com", "com", &[PublicSuffix], "ICANN"),
    // A public suffix is shown in its canonical form (issue 11).
    rejected("CO.UK", "co.uk", &[PublicSuffix], "ICANN"),
    rejected(
        "co.uk.",
        "co.uk",
        &[TrailingDot, PublicSuffix],
        "names no organisation",
    ),
    rejected("github.io", "github.io", &[PublicSuffix], "private section"),
    rejected(
        "onmicrosoft.com",
        "onmicrosoft.com",
        &[PublicSuffix],
        "Microsoft 365",
    ),
    rejected(
        "@sharepoint.com",
        "sharepoint.com",
        &[PublicSuffix],
        "Microsoft 365",
    ),
    rejected(
        "mail.onmicrosoft.com",
        "mail.onmicrosoft.com",
        &[PublicSuffix],
        "Microsoft 365",
    ),
    msg(
        ok("x.github.io", "x.github.io", &[SharedHostingDomain]),
        "github.io",
    ),
    ok(
        "team.azurewebsites.net",
        "team.azurewebsites.net",
        &[SharedHostingDomain],
    ),
    ok("contoso.onmicrosoft.com", "contoso.onmicrosoft.com", &[]),
    ok(
        "contoso.mail.onmicrosoft.com",
        "contoso.mail.onmicrosoft.com",
        &[],
    ),
    ok(
        "contoso-my.sharepoint.com",
        "contoso-my.sharepoint.com",
        &[],
    ),
    msg(ok("contoso.cmo", "contoso.cmo", &[UnknownSuffix]), "'.cmo'"),
    msg(ok("intranet", "intranet", &[UnknownSuffix]), "single label"),
    // Step 8 (severity checked separately).
    msg(
        ok("gmail.com", "gmail.com", &[ConsumerDomain]),
        "allowing it",
    ),
    ok(
        "alice@GMAIL.com",
        "gmail.com",
        &[EmailAsDomain, ConsumerDomain],
    ),
    ok("googlemail.com", "googlemail.com", &[ConsumerDomain]),
    ctx(
        msg(
            ok("outlook.de", "outlook.de", &[ConsumerDomain]),
            "deliberate",
        ),
        BLOCK,
    ),
    ok("mail.gmail.com", "mail.gmail.com", &[]),
    // Step 9a: Cyrillic а (U+0430) in "аpple.com".
    msg(
        ok("\u{0430}pple.com", "xn--pple-43d.com", &[MixedScript]),
        "Cyrillic, Latin",
    ),
    msg(
        ok(
            "p\u{0430}yp\u{0430}l.com",
            "xn--pypl-53dc.com",
            &[MixedScript],
        ),
        "reads like 'paypal'",
    ),
    ok("яндекс.рф", "xn--d1acpjx3f.xn--p1ai", &[]),
    ok("例え.テスト", "xn--r8jz45g.xn--zckzah", &[UnknownSuffix]),
    ok("münchen.de", "xn--mnchen-3ya.de", &[]),
    // Never-panics territory still gets a reason.
    rejected("", "", &[InvalidDomain], "empty"),
    rejected(" \r\n ", "", &[InvalidDomain], "empty"),
    rejected("a b", "a b", &[InvalidDomain], "U+0020"),
];

#[test]
fn normalises_messy_entries() {
    for case in CASES {
        let n = normalize_entry(case.raw, case.ctx);
        let what = format!("{:?} -> {n:#?}", case.raw);
        assert_eq!(n.raw, case.raw, "{what}");
        assert_eq!(n.canonical.as_deref(), case.canonical, "{what}");
        assert_eq!(n.shown, case.shown, "{what}");
        assert_eq!(n.codes(), case.codes, "{what}");
        assert_eq!(n.is_rejected(), case.canonical.is_none(), "{what}");
        if !case.message.is_empty() {
            assert!(
                n.issues[0].message.contains(case.message)
                    || n.issues.iter().any(|i| i.message.contains(case.message)),
                "{what}: no message contains {:?}",
                case.message
            );
        }
        if let Some(c) = &n.canonical {
            // Idempotence: the canonical form is a fixed point.
            let again = normalize_entry(c, case.ctx);
            assert_eq!(again.canonical.as_deref(), Some(c.as_str()), "{what}");
            assert!(again.unicode.is_some() && again.suffix_kind.is_some());
        } else {
            assert_eq!(n.unicode, None, "{what}");
            assert_eq!(n.registrable, None, "{what}");
        }
        for issue in &n.issues {
            assert!(!issue.message.is_empty());
            if issue.code != ConsumerDomain {
                assert_eq!(issue.severity, issue.code.default_severity(), "{what}");
            }
        }
    }
}

#[test]
fn keeps_unicode_and_registrable_forms() {
    let table: &[(&str, &str, Option<&str>, Option<SuffixKind>)] = &[
        (
            "xn--bcher-kva.de",
            "bücher.de",
            Some("xn--bcher-kva.de"),
            Some(SuffixKind::Icann),
        ),
        (
            "www.Bücher.de",
            "www.bücher.de",
            Some("xn--bcher-kva.de"),
            Some(SuffixKind::Icann),
        ),
        (
            "a.b.contoso.co.uk",
            "a.b.contoso.co.uk",
            Some("contoso.co.uk"),
            Some(SuffixKind::Icann),
        ),
        (
            "x.github.io",
            "x.github.io",
            Some("x.github.io"),
            Some(SuffixKind::Private),
        ),
        (
            "a.x.github.io",
            "a.x.github.io",
            Some("x.github.io"),
            Some(SuffixKind::Private),
        ),
        (
            "sales.contoso.onmicrosoft.com",
            "sales.contoso.onmicrosoft.com",
            Some("contoso.onmicrosoft.com"),
            Some(SuffixKind::Microsoft365),
        ),
        (
            "contoso.cmo",
            "contoso.cmo",
            Some("contoso.cmo"),
            Some(SuffixKind::Unknown),
        ),
        ("intranet", "intranet", None, Some(SuffixKind::Unknown)),
    ];
    for &(raw, unicode, registrable, kind) in table {
        let n = normalize_entry(raw, QUERY);
        assert_eq!(n.unicode.as_deref(), Some(unicode), "{raw}");
        assert_eq!(n.registrable.as_deref(), registrable, "{raw}");
        assert_eq!(n.suffix_kind, kind, "{raw}");
    }
    // A rejected public suffix still says which list it comes from.
    assert_eq!(
        normalize_entry("github.io", QUERY).suffix_kind,
        Some(SuffixKind::Private)
    );
    assert_eq!(
        normalize_entry("onmicrosoft.com", QUERY).suffix_kind,
        Some(SuffixKind::Microsoft365)
    );
}

#[test]
fn consumer_domain_severity_depends_on_the_list() {
    for (ctx, sev) in [
        (ALLOW, Severity::Warning),
        (QUERY, Severity::Warning),
        (BLOCK, Severity::Info),
    ] {
        let n = normalize_entry("hotmail.com", ctx);
        assert_eq!(n.issues.len(), 1);
        assert_eq!(n.issues[0].code, ConsumerDomain);
        assert_eq!(n.issues[0].severity, sev, "{:?}", ctx.role);
    }
}

#[test]
fn messages_escape_control_characters_and_clip_huge_input() {
    let n = normalize_entry("a\u{0007}b.com", ALLOW);
    assert!(
        n.issues[0].message.contains("\\u{0007}"),
        "{}",
        n.issues[0].message
    );
    let huge = format!("{}.com", "x".repeat(1_000_000));
    let n = normalize_entry(&huge, ALLOW);
    assert_eq!(n.codes(), vec![InvalidDomain]);
    assert!(n.issues[0].message.len() < 400, "{}", n.issues[0].message);
    assert!(n.issues[0].message.contains("at most 253"));
}

fn batch(raws: &[&str]) -> Vec<Normalized> {
    let mut v: Vec<Normalized> = raws.iter().map(|r| normalize_entry(r, ALLOW)).collect();
    cross_check(&mut v);
    v
}

#[test]
fn cross_check_marks_duplicates_after_the_first() {
    let v = batch(&[
        "contoso.com",
        "Contoso.COM.",
        "alice@contoso.com",
        "fabrikam.com",
        "*.contoso.com",
    ]);
    assert_eq!(v[0].codes(), vec![]);
    assert_eq!(v[1].codes(), vec![TrailingDot, DuplicateEntry]);
    assert_eq!(v[2].codes(), vec![EmailAsDomain, DuplicateEntry]);
    assert_eq!(v[3].codes(), vec![]);
    assert_eq!(v[4].codes(), vec![WildcardEntry]);
    let dup = v[1]
        .issues
        .iter()
        .find(|i| i.code == DuplicateEntry)
        .unwrap();
    assert_eq!(dup.severity, Severity::Info);
    assert!(dup.message.contains("'contoso.com'"), "{}", dup.message);
}

#[test]
fn cross_check_marks_both_sides_of_a_confusable_pair() {
    let v = batch(&[
        "apple.com",
        "\u{0430}pple.com",
        "contoso.com",
        "paypal.com",
        "paypa1.com",
    ]);
    let confusable = |n: &Normalized| {
        n.issues
            .iter()
            .filter(|i| i.code == ConfusableDomain)
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
    };
    let a = confusable(&v[0]);
    assert_eq!(a.len(), 1);
    assert!(a[0].contains("'аpple.com' (xn--pple-43d.com)"), "{}", a[0]);
    let b = confusable(&v[1]);
    assert_eq!(b.len(), 1);
    assert!(
        b[0].starts_with("'аpple.com' (xn--pple-43d.com) looks like 'apple.com'"),
        "{}",
        b[0]
    );
    assert_eq!(v[1].codes(), vec![MixedScript, ConfusableDomain]);
    assert!(confusable(&v[2]).is_empty());
    assert!(confusable(&v[3])[0].contains("'paypa1.com'"));
    assert!(confusable(&v[4])[0].contains("'paypal.com'"));
    assert_eq!(v[3].issues[0].severity, Severity::Warning);
}

#[test]
fn parents_are_strict_and_ordered() {
    assert_eq!(
        parent_domains("a.b.c").collect::<Vec<_>>(),
        vec!["b.c", "c"]
    );
    assert_eq!(
        parent_domains("contoso.com").collect::<Vec<_>>(),
        vec!["com"]
    );
    assert_eq!(parent_domains("com").count(), 0);
    assert_eq!(parent_domains("").count(), 0);
}

#[test]
fn split_then_normalise_a_whole_list_string() {
    let s = split_list("contoso.com, @Fabrikam.com;alice@gmail.com\n*.tailspin.com");
    assert!(s.nonstandard);
    let shown: Vec<String> = s
        .pieces
        .iter()
        .map(|p| normalize_entry(p, BLOCK).shown)
        .collect();
    assert_eq!(
        shown,
        ["contoso.com", "fabrikam.com", "gmail.com", "*.tailspin.com"]
    );
}
