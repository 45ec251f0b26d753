//! Bytes to text, and text to a format: the first step every input file takes.
//!
//! Admins export with whatever their shell writes: Windows PowerShell 5.1 writes UTF-16LE with a
//! byte order mark, PowerShell 7 UTF-8 without one, Notepad UTF-8 with one. Each file is decoded to
//! one UTF-8 string here, once, and its format (JSON, CSV or a plain list) is decided from the
//! content, never from the extension, because exports are routinely renamed.

/// A decoding failure: where (if a place can be named) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    pub place: Option<String>,
    pub message: String,
}

/// Decodes a whole file to UTF-8 bytes: a UTF-8 BOM is dropped, UTF-16LE/BE with a BOM is
/// transcoded. UTF-8 input is not validated here: JSON is validated by the parser as it reads
/// (so a million-guest file is not scanned twice), everything else by [`as_text`].
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<Vec<u8>, DecodeError> {
    let unsupported = |what: &str| DecodeError {
        place: None,
        message: format!(
            "unsupported encoding: {what}; save the file as UTF-8 or as UTF-16 with a byte order \
             mark"
        ),
    };
    let bytes = match bytes.as_slice() {
        // UTF-32's marks first: the little-endian one starts like UTF-16LE's.
        [0xFF, 0xFE, 0x00, 0x00, ..] | [0x00, 0x00, 0xFE, 0xFF, ..] => {
            return Err(unsupported("UTF-32 (its byte order mark)"));
        }
        [0xEF, 0xBB, 0xBF, ..] => {
            bytes.drain(..3);
            bytes
        }
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?.into_bytes(),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?.into_bytes(),
        _ => {
            // UTF-16 without a BOM is valid UTF-8 (full of NUL bytes) and would fail later with a
            // baffling message; say what it is instead.
            if bytes.iter().take(64).any(|&b| b == 0) {
                return Err(unsupported(
                    "the file holds NUL bytes (UTF-16 or UTF-32 without a byte order mark, or \
                     not text)",
                ));
            }
            bytes
        }
    };
    // A second mark after the first: the file was converted twice (or concatenated); what
    // follows is not what it seems.
    if matches!(
        bytes.as_slice(),
        [0xEF, 0xBB, 0xBF, ..] | [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]
    ) {
        return Err(unsupported("a second byte order mark follows the first"));
    }
    if bytes.iter().take(64).any(|&b| b == 0) {
        return Err(unsupported("the text holds NUL characters"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError {
            place: None,
            message: "the file is empty".to_string(),
        });
    }
    Ok(bytes)
}

/// The message for bytes that are not UTF-8.
pub(crate) const NOT_UTF8: &str = "invalid UTF-8 (a Windows code page export?); save the file as \
                                   UTF-8 or as UTF-16 with a byte order mark";

/// Decoded bytes as text; invalid UTF-8 is an error located by line and column.
pub(crate) fn as_text(bytes: &[u8]) -> Result<&str, DecodeError> {
    // NUL is never part of an export's text (JSON rejects it as it parses).
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let prefix = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or_default();
        return Err(DecodeError {
            place: Some(line_column(prefix)),
            message: "unsupported encoding: the text holds a NUL character; save the file as \
                      UTF-8 or as UTF-16 with a byte order mark"
                .to_string(),
        });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let prefix = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let prefix = std::str::from_utf8(prefix).unwrap_or_default();
        DecodeError {
            place: Some(line_column(prefix)),
            message: NOT_UTF8.to_string(),
        }
    })
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let chunks = body.chunks_exact(2);
    let odd = !chunks.remainder().is_empty();
    let mut text = String::with_capacity(body.len() / 2);
    for c in char::decode_utf16(chunks.map(|p| match p {
        [a, b] => unit([*a, *b]),
        // chunks_exact(2) yields pairs only.
        _ => 0,
    })) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(DecodeError {
                    place: Some(line_column(&text)),
                    message: format!(
                        "invalid UTF-16: unpaired surrogate 0x{:04X}",
                        e.unpaired_surrogate()
                    ),
                });
            }
        }
    }
    if odd {
        return Err(DecodeError {
            place: Some(line_column(&text)),
            message: "truncated UTF-16: the file ends in the middle of a character".to_string(),
        });
    }
    Ok(text)
}

/// `line L, column C` (both 1-based, columns in characters) of the position just after `prefix`.
pub(crate) fn line_column(prefix: &str) -> String {
    let line = prefix.bytes().filter(|&b| b == b'\n').count() + 1;
    let last = prefix
        .rfind('\n')
        .map_or(prefix, |i| prefix.get(i + 1..).unwrap_or_default());
    format!("line {line}, column {}", last.chars().count() + 1)
}

/// What a file's content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    /// CSV; `skip` is 1 when a `#TYPE` line comes before the header.
    Csv {
        skip: usize,
    },
    /// Not JSON and no CSV header: a plain list, one entry per line.
    Text,
}

/// Decides the format from the content. Only tenant files may be plain lists, so for every other
/// kind (`csv_or_json`) anything that is not JSON is read as CSV and fails there if it is not.
pub(crate) fn detect(bytes: &[u8], csv_or_json: bool) -> Format {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return Format::Json;
    }
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(line) = lines.next() else {
        return Format::Text;
    };
    let line = String::from_utf8_lossy(line);
    if line.trim_start().starts_with("#TYPE") {
        // Export-Csv's type line is always the file's first line.
        let skip = usize::from(bytes.starts_with(line.as_bytes()));
        return Format::Csv { skip };
    }
    if csv_or_json || looks_like_header(&line) {
        return Format::Csv { skip: 0 };
    }
    Format::Text
}

/// A CSV header: at least two comma-separated names made of letters, digits, `_`, `-`, spaces
/// (and dots only after an `@`, as in `@odata.type`). A list of domains has dots, so
/// `contoso.com,fabrikam.com` stays a plain list.
fn looks_like_header(line: &str) -> bool {
    let cells: Vec<&str> = line.split(',').collect();
    cells.len() >= 2
        && cells.iter().all(|c| {
            let c = c.trim();
            let c = c
                .strip_prefix('"')
                .and_then(|c| c.strip_suffix('"'))
                .unwrap_or(c);
            !c.is_empty()
                && c.chars().any(|ch| ch.is_alphabetic())
                && c.chars().all(|ch| {
                    ch.is_alphanumeric()
                        || matches!(ch, '_' | '-' | ' ')
                        || (ch == '.' && c.starts_with('@'))
                        || (ch == '@' && c.starts_with('@'))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }

    #[test]
    fn decodes_every_accepted_encoding() {
        assert_eq!(decode(b"{}".to_vec()).unwrap(), b"{}");
        assert_eq!(decode(b"\xEF\xBB\xBF{}".to_vec()).unwrap(), b"{}");
        assert_eq!(
            decode(utf16le("{\"a\":\"b\u{fc}\"}")).unwrap(),
            "{\"a\":\"b\u{fc}\"}".as_bytes()
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("[1]".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(be).unwrap(), b"[1]");
    }

    #[test]
    fn locates_bad_bytes() {
        let e = as_text(b"ab\ncd\xFFe").unwrap_err();
        assert_eq!(e.place.as_deref(), Some("line 2, column 3"));
        let mut bad = utf16le("x\ny");
        bad.extend([0x00, 0xD8, 0x41, 0x00]);
        let e = decode(bad).unwrap_err();
        assert_eq!(e.place.as_deref(), Some("line 2, column 2"));
        assert_eq!(e.message, "invalid UTF-16: unpaired surrogate 0xD800");
        let mut odd = utf16le("x");
        odd.push(0);
        assert!(decode(odd).unwrap_err().message.starts_with("truncated"));
        assert_eq!(
            decode(b" \n".to_vec()).unwrap_err().message,
            "the file is empty"
        );
        assert_eq!(
            decode(utf16le("")).unwrap_err().message,
            "the file is empty"
        );
        assert!(
            decode(b"{\0\"\0".to_vec())
                .unwrap_err()
                .message
                .contains("NUL")
        );
    }

    #[test]
    fn detects_format_from_content() {
        assert_eq!(detect(b"  [1]", false), Format::Json);
        assert_eq!(detect(b"\n{", false), Format::Json);
        assert_eq!(
            detect(b"#TYPE x\n\"Url\"\n", false),
            Format::Csv { skip: 1 }
        );
        assert_eq!(
            detect(b"Url,SharingDomainRestrictionMode\n", false),
            Format::Csv { skip: 0 }
        );
        assert_eq!(
            detect(b"\"Url\",\"Template\"\n", false),
            Format::Csv { skip: 0 }
        );
        assert_eq!(detect(b"contoso.com,fabrikam.com\n", false), Format::Text);
        assert_eq!(detect(b"contoso.com\n", false), Format::Text);
        assert_eq!(detect(b"mail\n", true), Format::Csv { skip: 0 });
    }
}
