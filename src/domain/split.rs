//! Step 1 of SPEC §4: a SharePoint list string holds many domains in one field.
//!
//! SharePoint documents spaces as the separator, but real exports also carry commas, semicolons
//! and line breaks (site-level documentation once showed commas, and the service accepts them).
//! Splitting is deliberately forgiving; using anything but spaces is reported, never fatal.

/// A list string cut into entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The non-empty pieces, in order, as slices of the input.
    pub pieces: Vec<&'a str>,
    /// A separator other than space or tab (comma, semicolon, line break, other Unicode space)
    /// stood between two entries: reported as `nonstandard-separator`. Separators only at the
    /// very start or end (a trailing newline) do not count.
    pub nonstandard: bool,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == ',' || c == ';'
}

/// Splits a list string on whitespace, commas and semicolons and drops empty pieces.
pub fn split_list(s: &str) -> Split<'_> {
    let mut pieces = Vec::new();
    let mut nonstandard = false;
    // Whether the separators since the last kept piece included a nonstandard one.
    let mut gap_nonstandard = false;
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_separator(c) {
            if let Some(st) = start.take() {
                pieces.push(&s[st..i]);
            }
            if c != ' ' && c != '\t' {
                gap_nonstandard = true;
            }
        } else if start.is_none() {
            start = Some(i);
            if gap_nonstandard && !pieces.is_empty() {
                nonstandard = true;
            }
            gap_nonstandard = false;
        }
    }
    if let Some(st) = start {
        pieces.push(&s[st..]);
    }
    Split {
        pieces,
        nonstandard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_real_world_list_strings() {
        let table: &[(&str, &[&str], bool)] = &[
            (
                "contoso.com fabrikam.com",
                &["contoso.com", "fabrikam.com"],
                false,
            ),
            (
                "contoso.com\tfabrikam.com  ",
                &["contoso.com", "fabrikam.com"],
                false,
            ),
            (
                "contoso.com,fabrikam.com",
                &["contoso.com", "fabrikam.com"],
                true,
            ),
            (
                "contoso.com; fabrikam.com;",
                &["contoso.com", "fabrikam.com"],
                true,
            ),
            (
                "contoso.com\r\nfabrikam.com\r\n",
                &["contoso.com", "fabrikam.com"],
                true,
            ),
            (
                "contoso.com\u{00A0}fabrikam.com",
                &["contoso.com", "fabrikam.com"],
                true,
            ),
            ("contoso.com\n", &["contoso.com"], false),
            (",,contoso.com", &["contoso.com"], false),
            ("", &[], false),
            (" ,; \n", &[], false),
            ("bücher.de ölfirma.at", &["bücher.de", "ölfirma.at"], false),
        ];
        for (input, want, nonstd) in table {
            let got = split_list(input);
            assert_eq!(&got.pieces, want, "{input:?}");
            assert_eq!(got.nonstandard, *nonstd, "{input:?}");
        }
    }
}
