//! Steps 2 and 4 of SPEC §4: getting from what an administrator pasted to a host name.
//!
//! Real lists hold `@contoso.com`, `mailto:` links, whole email addresses, URLs copied from the
//! browser (with ports, paths and user info) and IP addresses. This module only cuts text; it
//! decides nothing about validity, which is UTS #46's job.

use std::net::{Ipv4Addr, Ipv6Addr};

/// What kind of text the host was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Plain,
    Email,
    Url,
}

/// Trims whitespace and invisible characters that survive copy-paste and encodings: the BOM
/// (U+FEFF) and zero-width space (U+200B) are not Unicode whitespace but never belong at the
/// ends of a domain.
pub(crate) fn trim_entry(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}'))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `scheme://` per RFC 3986: a letter, then letters, digits, `+`, `-`, `.`.
fn after_scheme(s: &str) -> Option<&str> {
    let idx = s.find("://")?;
    let scheme = &s[..idx];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| &s[idx + 3..])
}

/// The host of a URL authority (`user@host:port`), keeping `[...]` IPv6 literals whole.
fn host_of_authority(authority: &str) -> &str {
    let hostport = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    if hostport.starts_with('[') {
        return match hostport.find(']') {
            Some(end) => &hostport[..=end],
            None => hostport,
        };
    }
    match hostport.find(':') {
        Some(i) => &hostport[..i],
        None => hostport,
    }
}

/// Whether `s` is `name:port` (one colon followed only by digits): a URL without a scheme.
fn has_port(s: &str) -> bool {
    match s.split_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && !port.is_empty()
                && !port.contains(':')
                && port.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Cuts a trimmed entry down to its host. Strips a leading `mailto:` (any case) and leading `@`s;
/// an email address keeps the part after its last `@`; a URL keeps its host.
pub(crate) fn extract(entry: &str) -> (&str, Form) {
    let mut s = entry;
    let mut mailto = false;
    if let Some(rest) = strip_prefix_ignore_case(s, "mailto:") {
        // A mailto link may carry headers: mailto:alice@contoso.com?subject=Hi
        s = rest.split('?').next().unwrap_or(rest);
        mailto = true;
    }
    let s = s.trim_start_matches('@');

    if let Some(rest) = after_scheme(s) {
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
        return (host_of_authority(authority), Form::Url);
    }
    if let Some(i) = s.rfind('@') {
        return (&s[i + 1..], Form::Email);
    }
    if mailto {
        return (s, Form::Plain);
    }
    if s.contains(['/', '\\']) {
        // A URL without a scheme ("contoso.com/sites/team", "//contoso.com").
        let rest = s.trim_start_matches(['/', '\\']);
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
        return (host_of_authority(authority), Form::Url);
    }
    if has_port(s) {
        return (host_of_authority(s), Form::Url);
    }
    (s, Form::Plain)
}

/// If `host` is an IP address in any usual spelling, what kind (for the message).
pub(crate) fn ip_literal(host: &str) -> Option<&'static str> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // Bracketed literals, as in URLs (`[::1]`) and email address literals
        // (`user@[IPv6:2001:db8::1]`, `user@[10.0.0.1]`).
        let inner = strip_prefix_ignore_case(inner, "IPv6:").unwrap_or(inner);
        if inner.parse::<Ipv6Addr>().is_ok() {
            return Some("IPv6 address");
        }
        if inner.parse::<Ipv4Addr>().is_ok() {
            return Some("IPv4 address");
        }
        return None;
    }
    if host.parse::<Ipv4Addr>().is_ok() {
        return Some("IPv4 address");
    }
    if host.parse::<Ipv6Addr>().is_ok() {
        return Some("IPv6 address");
    }
    // Short or out-of-range dotted numbers (`10.1`, `192.168.1.300`) are what browsers read as
    // IPv4 too; no domain name consists of numbers only.
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() <= 4
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some("IPv4-style numeric address");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_hosts() {
        let table = [
            ("contoso.com", "contoso.com", Form::Plain),
            ("@contoso.com", "contoso.com", Form::Plain),
            ("MAILTO:contoso.com", "contoso.com", Form::Plain),
            ("mailto:alice@contoso.com", "contoso.com", Form::Email),
            (
                "mailto:alice@contoso.com?subject=Hi",
                "contoso.com",
                Form::Email,
            ),
            ("alice@contoso.com", "contoso.com", Form::Email),
            ("\"a@b\"@contoso.com", "contoso.com", Form::Email),
            ("alice@", "", Form::Email),
            (
                "https://contoso.sharepoint.com/sites/x",
                "contoso.sharepoint.com",
                Form::Url,
            ),
            (
                "HTTP://user:pw@Contoso.com:8080/a?b#c",
                "Contoso.com",
                Form::Url,
            ),
            ("https://[::1]:443/", "[::1]", Form::Url),
            ("https://", "", Form::Url),
            ("contoso.com/sites/team", "contoso.com", Form::Url),
            ("//contoso.com/x", "contoso.com", Form::Url),
            ("contoso.com:443", "contoso.com", Form::Url),
            ("::1", "::1", Form::Plain),
            ("[::1]", "[::1]", Form::Plain),
        ];
        for (input, host, form) in table {
            assert_eq!(extract(input), (host, form), "{input}");
        }
    }

    #[test]
    fn recognises_ip_literals() {
        for ip in [
            "10.0.0.1",
            "[::1]",
            "::1",
            "2001:db8::1",
            "[IPv6:2001:db8::1]",
            "[10.0.0.1]",
            "10.1",
            "192.168.1.300",
        ] {
            assert!(ip_literal(ip).is_some(), "{ip}");
        }
        for name in [
            "contoso.com",
            "10.0.0.1.example",
            "1.2.3.4.5",
            "[contoso.com]",
            "123.com",
            "",
        ] {
            assert!(ip_literal(name).is_none(), "{name}");
        }
    }

    #[test]
    fn trims_invisible_edges() {
        assert_eq!(
            trim_entry("\u{FEFF} contoso.com\u{200B}\r\n"),
            "contoso.com"
        );
    }
}
