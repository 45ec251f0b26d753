//! The one UTS #46 (IDNA) configuration the tool uses, and plain-language reasons for failures.
//!
//! The `idna` crate reports only *that* a name failed, not why. An administrator needs the why
//! (`invalid-domain` must name the reason), so after a failure we re-run the conversion with
//! relaxed options, label by label and character by character, to find the rule that was broken.
//! The configuration itself is exposed as [`to_ascii`] so the conformance test exercises exactly
//! what the normaliser runs.

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

/// Longest input (in characters) we attempt to convert. A DNS name has at most 253 characters;
/// the margin covers characters that UTS #46 maps to nothing (soft hyphens, variation selectors).
/// Anything longer is rejected at once, which keeps the failure analysis cheap on huge input.
pub(crate) const MAX_INPUT_CHARS: usize = 1024;

/// Characters UTS #46 treats as label separators (full stop and its ideographic/fullwidth forms).
pub(crate) const LABEL_SEPARATORS: [char; 4] = ['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'];

/// UTS #46 ToASCII exactly as the normaliser applies it: non-transitional processing,
/// UseSTD3ASCIIRules (letters, digits, hyphen), CheckHyphens on the first and last position only
/// (real names such as GitHub pages have `--` in positions 3-4), CheckJoiners and CheckBidi on
/// (the `idna` crate always applies them), and VerifyDnsLength (label 1..63, name 1..253, no
/// trailing root dot).
///
/// On failure the error is a short reason in plain English, e.g. `label "-contoso" starts with a
/// hyphen`.
pub fn to_ascii(name: &str) -> Result<String, String> {
    if name.chars().count() > MAX_INPUT_CHARS {
        return Err(format!(
            "the name is {} characters long; a domain name has at most 253",
            name.chars().count()
        ));
    }
    strict(name).ok_or_else(|| explain_failure(name))
}

/// The Unicode (U-label) form of a valid ASCII name, for display (`xn--bcher-kva.de` ->
/// `bücher.de`). Falls back to the input if the conversion reports an error.
pub fn to_unicode(ascii: &str) -> String {
    if ascii.is_ascii() && !ascii.contains("xn--") && !ascii.bytes().any(|b| b.is_ascii_uppercase())
    {
        return ascii.to_owned(); // no A-label to decode, nothing to map
    }
    let (out, res) = Uts46::new().to_unicode(
        ascii.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
    );
    match res {
        Ok(()) => out.into_owned(),
        Err(_) => ascii.to_owned(),
    }
}

fn strict(name: &str) -> Option<String> {
    let ascii = Uts46::new()
        .to_ascii(
            name.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .ok()?
        .into_owned();
    nested_a_label(&ascii).is_none().then_some(ascii)
}

/// UTS #46 validity criterion V4: a label must not begin with `xn--` once decoded. The `idna`
/// crate enforces it only with `Hyphens::Allow` (with `Hyphens::Check`, V2 covers it); our
/// first-and-last-only hyphen check falls between the two, so we enforce it here. Returns the
/// offending A-label.
fn nested_a_label(ascii: &str) -> Option<&str> {
    if !ascii.contains("xn--") {
        return None; // the common case: nothing to decode
    }
    let unicode = to_unicode(ascii);
    ascii
        .split('.')
        .zip(unicode.split('.'))
        .find(|(a, u)| {
            a.starts_with("xn--") && u.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
        })
        .map(|(a, _)| a)
}

/// ToASCII with every option we can turn off turned off: what is left is the mapping, the
/// disallowed code points, Punycode, CheckJoiners and CheckBidi.
fn relaxed(name: &str) -> Option<String> {
    Uts46::new()
        .to_ascii(
            name.as_bytes(),
            AsciiDenyList::EMPTY,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .ok()
        .map(|c| c.into_owned())
}

fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() || c == '\u{FFFD}' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}' (U+{:04X})", c as u32)
    }
}

/// Shortens long labels in messages so that a 10,000-character entry gives a readable reason.
fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

fn looks_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Finds which rule `name` broke. Only called after the strict conversion failed.
fn explain_failure(name: &str) -> String {
    if name.is_empty() {
        return "the name is empty".into();
    }
    if name.contains('\u{FFFD}') {
        return "it contains U+FFFD REPLACEMENT CHARACTER: the file was read in the wrong \
                encoding and a letter was lost"
            .into();
    }
    if let Some(ascii) = relaxed(name) {
        // Mapping, Punycode, joiners and Bidi are fine: the failure is STD3, hyphens or length.
        if let Some(c) = ascii
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        {
            let hint = if c == '?' {
                " (a '?' often stands for a non-ASCII letter lost by an ASCII export)"
            } else if c == '_' {
                " (underscores are valid in some DNS records but not in host or mail domains)"
            } else {
                ""
            };
            return format!(
                "character {} is not allowed in a domain name (letters, digits and hyphens only){hint}",
                show_char(c)
            );
        }
        let count = ascii.split('.').count();
        for (i, label) in ascii.split('.').enumerate() {
            if label.is_empty() {
                return if count == 1 {
                    "the name is empty".into()
                } else if i == 0 {
                    "it has an empty label: it starts with a dot".into()
                } else if i + 1 == count {
                    "it has an empty label: it ends with a dot".into()
                } else {
                    "it has an empty label: two dots in a row".into()
                };
            }
            if label.starts_with('-') {
                return format!("label \"{}\" starts with a hyphen", clip(label));
            }
            if label.ends_with('-') {
                return format!("label \"{}\" ends with a hyphen", clip(label));
            }
            if label.len() > 63 {
                return format!(
                    "label \"{}\" is {} characters long in ASCII form (at most 63)",
                    clip(label),
                    label.len()
                );
            }
        }
        if let Some(label) = nested_a_label(&ascii) {
            return format!(
                "label \"{}\" decodes to a label that itself begins with \"xn--\"",
                clip(label)
            );
        }
        if ascii.len() > 253 {
            return format!(
                "the name is {} characters long in ASCII form (at most 253)",
                ascii.len()
            );
        }
        return "it breaks the UTS #46 rules".into();
    }

    // A disallowed code point is the commonest cause: find the first one. A character that fails
    // alone and also after a base letter is disallowed (not merely a combining mark or a joiner
    // out of context).
    for c in name.chars() {
        if LABEL_SEPARATORS.contains(&c) || c == ZWJ || c == ZWNJ {
            continue;
        }
        let mut buf = [0u8; 4];
        let alone = c.encode_utf8(&mut buf);
        if relaxed(alone).is_none() && relaxed(&format!("a{c}")).is_none() {
            return format!(
                "character {} is not allowed in domain names (UTS #46)",
                show_char(c)
            );
        }
    }
    for label in name.split(LABEL_SEPARATORS) {
        if label.is_empty() || relaxed(label).is_some() {
            continue;
        }
        if label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
        {
            return format!(
                "label \"{}\" is not valid Punycode, or does not decode to a valid label",
                clip(label)
            );
        }
        if label.contains([ZWJ, ZWNJ]) {
            return format!(
                "label \"{}\" has a zero-width joiner or non-joiner where the CONTEXTJ rules \
                 (RFC 5892) forbid it",
                clip(label)
            );
        }
        if relaxed(&format!("a{label}")).is_some() {
            return format!("label \"{}\" starts with a combining mark", clip(label));
        }
        if label.chars().any(looks_right_to_left) {
            return format!(
                "label \"{}\" breaks the Bidi rule for right-to-left labels (RFC 5893)",
                clip(label)
            );
        }
        return format!(
            "label \"{}\" breaks the UTS #46 validity rules",
            clip(label)
        );
    }
    if name.chars().any(looks_right_to_left) {
        return "the name mixes right-to-left and left-to-right labels in a way the Bidi rule \
                (RFC 5893) forbids"
            .into();
    }
    "it breaks the UTS #46 rules".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_maps() {
        let table = [
            ("Contoso.COM", "contoso.com"),
            ("bücher.de", "xn--bcher-kva.de"),
            ("XN--BCHER-KVA.DE", "xn--bcher-kva.de"),
            ("faß.de", "xn--fa-hia.de"),
            ("ab--cd.github.io", "ab--cd.github.io"),
            ("ｃｏｎｔｏｓｏ．ｃｏｍ", "contoso.com"),
            ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
        ];
        for (input, want) in table {
            assert_eq!(to_ascii(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejects_with_a_reason() {
        let table = [
            ("", "empty"),
            ("contoso_inc.com", "'_'"),
            ("m?ller.de", "lost by an ASCII export"),
            ("contoso..com", "empty label"),
            (".contoso.com", "empty label"),
            ("-contoso.com", "starts with a hyphen"),
            ("contoso-.com", "ends with a hyphen"),
            ("contoso.com.", "ends with a dot"),
            ("contoso.com..", "two dots in a row"),
            ("a.b\u{3002}\u{3002}c", "two dots"),
            ("\u{00AD}", "empty"),
            ("a b.com", "U+0020"),
            ("xn--a.com", "Punycode"),
            ("xn--xn--a--gua.pt", "itself begins with"),
            ("a\u{200D}b.com", "CONTEXTJ"),
            ("\u{0301}a.com", "combining mark"),
            ("a\u{05D0}.com", "Bidi"),
            ("caf\u{FFFD}.fr", "REPLACEMENT CHARACTER"),
            ("a\u{0000}.com", "U+0000"),
            ("\u{E000}.com", "U+E000"),
        ];
        for (input, want) in table {
            let err = to_ascii(input).expect_err(input);
            assert!(err.contains(want), "{input:?}: {err}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(to_ascii(&long_label).unwrap_err().contains("64 characters"));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        assert!(to_ascii(&long_name).unwrap_err().contains("at most 253"));
        let huge = "a".repeat(100_000);
        assert!(to_ascii(&huge).unwrap_err().contains("100000 characters"));
    }

    #[test]
    fn unicode_form() {
        assert_eq!(to_unicode("xn--bcher-kva.de"), "bücher.de");
        assert_eq!(to_unicode("contoso.com"), "contoso.com");
    }
}
