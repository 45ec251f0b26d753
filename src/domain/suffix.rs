//! Step 7 of SPEC §4: where a name sits relative to the public suffixes.
//!
//! The Public Suffix List (ICANN and private sections, through the `addr` crate and its bundled
//! `psl` list) says which names are registrable. Microsoft 365 host suffixes are not in that list
//! but behave like one for our purpose: anyone can create a tenant `x.onmicrosoft.com`, yet
//! `onmicrosoft.com` itself names nobody. So we overlay them here.

use super::SuffixKind;

/// Microsoft 365 host suffixes treated as public suffixes. Every tenant gets an initial domain
/// `<tenant>.onmicrosoft.com` (`.onmicrosoft.us` in US Government clouds), a mail routing domain
/// `<tenant>.mail.onmicrosoft.com`, and SharePoint hosts `<tenant>.sharepoint.com` /
/// `<tenant>-my.sharepoint.com` (`.sharepoint.us`). Longest first, so that
/// `mail.onmicrosoft.com` wins over `onmicrosoft.com`.
pub const MICROSOFT_365_SUFFIXES: &[&str] = &[
    "mail.onmicrosoft.com",
    "onmicrosoft.com",
    "onmicrosoft.us",
    "sharepoint.com",
    "sharepoint.us",
];

/// Where a canonical ASCII name sits relative to the suffix lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuffixInfo {
    /// The public suffix part of the name (`co.uk`, `github.io`, `onmicrosoft.com`, or the last
    /// label when the suffix is unknown).
    pub suffix: String,
    pub kind: SuffixKind,
    /// The registrable domain (suffix + one label); `None` when the name is a suffix itself.
    pub registrable: Option<String>,
}

impl SuffixInfo {
    /// The name is itself a public suffix (and the suffix is known to a list).
    pub fn is_public_suffix(&self) -> bool {
        self.registrable.is_none() && self.kind != SuffixKind::Unknown
    }
}

/// The registrable domain for `name` below `suffix`: the suffix plus the label before it.
fn registrable_below(name: &str, suffix: &str) -> Option<String> {
    if name.len() <= suffix.len() {
        return None;
    }
    let head = name.get(..name.len() - suffix.len())?.strip_suffix('.')?;
    let label = head.rsplit('.').next()?;
    if label.is_empty() {
        return None;
    }
    Some(format!("{label}.{suffix}"))
}

/// Classifies a canonical ASCII name (lower case, A-labels, no trailing dot).
pub fn classify(name: &str) -> SuffixInfo {
    // Microsoft 365 overlay first: these suffixes are not in the PSL (`onmicrosoft.com` would
    // otherwise look like an ordinary registrable .com domain).
    for &ms in MICROSOFT_365_SUFFIXES {
        if name
            .strip_suffix(ms)
            .is_some_and(|head| head.is_empty() || head.ends_with('.'))
        {
            return SuffixInfo {
                suffix: ms.to_owned(),
                kind: SuffixKind::Microsoft365,
                registrable: registrable_below(name, ms),
            };
        }
    }
    let last_label = name.rsplit('.').next().unwrap_or(name).to_owned();
    let Ok(parsed) = addr::parse_dns_name(name) else {
        return SuffixInfo {
            registrable: registrable_below(name, &last_label),
            suffix: last_label,
            kind: SuffixKind::Unknown,
        };
    };
    let kind = if !parsed.has_known_suffix() {
        SuffixKind::Unknown
    } else if parsed.is_private() {
        SuffixKind::Private
    } else {
        SuffixKind::Icann
    };
    let suffix = parsed.suffix().unwrap_or(&last_label).to_owned();
    SuffixInfo {
        registrable: parsed.root().map(str::to_owned),
        suffix,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SuffixKind::*;

    #[test]
    fn classifies_names() {
        let table: &[(&str, &str, SuffixKind, Option<&str>)] = &[
            ("contoso.com", "com", Icann, Some("contoso.com")),
            ("a.b.contoso.co.uk", "co.uk", Icann, Some("contoso.co.uk")),
            ("co.uk", "co.uk", Icann, None),
            ("com", "com", Icann, None),
            ("github.io", "github.io", Private, None),
            ("x.github.io", "github.io", Private, Some("x.github.io")),
            ("a.x.github.io", "github.io", Private, Some("x.github.io")),
            ("onmicrosoft.com", "onmicrosoft.com", Microsoft365, None),
            (
                "contoso.onmicrosoft.com",
                "onmicrosoft.com",
                Microsoft365,
                Some("contoso.onmicrosoft.com"),
            ),
            (
                "contoso.mail.onmicrosoft.com",
                "mail.onmicrosoft.com",
                Microsoft365,
                Some("contoso.mail.onmicrosoft.com"),
            ),
            (
                "mail.onmicrosoft.com",
                "mail.onmicrosoft.com",
                Microsoft365,
                None,
            ),
            (
                "contoso-my.sharepoint.com",
                "sharepoint.com",
                Microsoft365,
                Some("contoso-my.sharepoint.com"),
            ),
            ("sharepoint.us", "sharepoint.us", Microsoft365, None),
            (
                "agency.onmicrosoft.us",
                "onmicrosoft.us",
                Microsoft365,
                Some("agency.onmicrosoft.us"),
            ),
            ("contoso.cmo", "cmo", Unknown, Some("contoso.cmo")),
            ("localhost", "localhost", Unknown, None),
            ("xn--bcher-kva.de", "de", Icann, Some("xn--bcher-kva.de")),
            (
                "notonmicrosoft.com",
                "com",
                Icann,
                Some("notonmicrosoft.com"),
            ),
        ];
        for &(name, suffix, kind, reg) in table {
            let got = classify(name);
            assert_eq!(got.suffix, suffix, "{name}");
            assert_eq!(got.kind, kind, "{name}");
            assert_eq!(got.registrable.as_deref(), reg, "{name}");
        }
        assert!(classify("co.uk").is_public_suffix());
        assert!(!classify("localhost").is_public_suffix());
    }
}
