//! Streaming JSON records: objects are decoded into their kind's record as the parser meets them.
//!
//! A guests export can hold a million users, so no `serde_json::Value` tree is ever built for
//! records: serde visitors match property names case-insensitively against the kind's short list,
//! skip every other property with `IgnoredAny`, and hand each finished record to a sink. The same
//! driver accepts one object, an array of objects, and Graph pages (`{"value": [...]}` or, as in the
//! sharepointSettings sample, `{"value": {...}}`). Errors found inside a visitor are parked in the
//! context with their JSON pointer, because serde's own error type could only carry line/column.

use std::marker::PhantomData;

use serde::de::DeserializeSeed;

mod members;
mod stream;
mod value;
mod visit;

use super::InputError;
use super::guest_index::{GuestIndex, Probe};
use super::membership::Membership;
use super::record::{
    FieldError, MAX_FIELDS, Places, RecordKind, Val, describe, empty_fields, foreign, lookup,
};
use crate::diag::Location;
use crate::model::Member;
pub(crate) use stream::CHUNK;
use stream::*;
use visit::*;

/// What the driver saw besides the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonStats {
    pub records: usize,
    /// The file had a Graph envelope (`value`, `@odata.*`).
    pub envelope: bool,
}

/// Reads every record of kind `K` in `text`, passing each to `sink`. A sink error is placed at
/// the record (or the field it names). With `guests`, group members are resolved against them
/// as they are read instead of being kept as rows.
pub(crate) fn read<K, S>(
    file: &str,
    text: &[u8],
    guests: Option<&GuestIndex>,
    sink: S,
) -> Result<JsonStats, InputError>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    let mut ctx = Ctx::<K, S> {
        file,
        shared: file.into(),
        sink,
        records: 0,
        error: None,
        envelope: false,
        guests,
        kind: PhantomData,
    };
    let mut de = serde_json::Deserializer::from_slice(text);
    let result = RootSeed { ctx: &mut ctx }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    match result {
        Ok(()) => Ok(JsonStats {
            records: ctx.records,
            envelope: ctx.envelope,
        }),
        Err(e) => Err(ctx.error.take().unwrap_or_else(|| syntax_error(file, &e))),
    }
}

/// Reads the records of a large JSON file without holding the whole file: the top-level array
/// (or a Graph page's `value` array) is split into its elements as chunks arrive, and each
/// element is parsed on its own, exactly as [`read`] parses it. Only the plain shapes are
/// streamed: `[{...}, ...]`, and an object whose keys are `value` (once, holding an array of
/// objects) and `@odata.*` string properties. Anything else, and any error at all, returns
/// `Ok(None)`: the caller undoes what the sink received and reads the file whole with [`read`],
/// so every message and place stays exactly what the whole-file reader says. `start` holds the
/// bytes already read from `input` (a UTF-8 byte order mark removed).
pub(crate) fn read_streamed<K, S>(
    file: &str,
    start: Vec<u8>,
    input: &mut dyn std::io::Read,
    guests: Option<&GuestIndex>,
    sink: S,
) -> std::io::Result<Option<JsonStats>>
where
    K: RecordKind,
    K::Out: Send,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    let mut ctx = Ctx::<K, S> {
        file,
        shared: file.into(),
        sink,
        records: 0,
        error: None,
        envelope: false,
        guests,
        kind: PhantomData,
    };
    let mut buf = Chunks {
        bytes: start,
        pos: 0,
        input,
        eof: false,
    };
    let ok = stream_document(&mut ctx, &mut buf)?;
    Ok(ok.then_some(JsonStats {
        records: ctx.records,
        envelope: ctx.envelope,
    }))
}

/// A serde_json error as a located input error: `line L, column C` and the bare message.
pub(crate) fn syntax_error(file: &str, e: &serde_json::Error) -> InputError {
    let (place, mut message) = split_position(e);
    // The file's UTF-8 is validated by the parser, in the strings it reads.
    if message == "invalid unicode code point" {
        message = super::decode::NOT_UTF8.to_string();
    }
    InputError {
        file: file.to_string(),
        place,
        message,
    }
}

/// serde_json appends ` at line L column C` to its messages; split that into a place.
pub(crate) fn split_position(e: &serde_json::Error) -> (Option<String>, String) {
    let text = e.to_string();
    if e.line() == 0 {
        return (None, text);
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    (
        Some(format!("line {}, column {}", e.line(), e.column())),
        message,
    )
}

/// Escapes a property name for a JSON pointer (RFC 6901).
pub(crate) fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

struct JsonPlaces<'a> {
    file: &'a std::sync::Arc<str>,
    ptr: &'a str,
    spelled: &'a [Option<String>],
    names: &'static [&'static str],
}

impl Places for JsonPlaces<'_> {
    fn record(&self) -> Location {
        if self.ptr.is_empty() {
            Location::file(self.file.clone())
        } else {
            Location::pointer(self.file.clone(), self.ptr)
        }
    }
    fn field(&self, index: usize) -> Location {
        let name = self
            .spelled
            .get(index)
            .and_then(|s| s.as_deref())
            .or(self.names.get(index).copied())
            .unwrap_or_default();
        Location::pointer(self.file.clone(), format!("{}/{}", self.ptr, escape(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::guests::GuestKind;
    use crate::model::Guest;

    fn guests(text: &str) -> Result<(Vec<Guest>, JsonStats), InputError> {
        let mut out = Vec::new();
        let stats = read::<GuestKind, _>("g.json", text.as_bytes(), None, |g| {
            out.push(g);
            Ok(())
        })?;
        Ok((out, stats))
    }

    #[test]
    fn names_match_in_any_case_and_errors_use_the_spelling_read() {
        let (g, _) = guests(r#"[{"ID":"1","Mail":"a@b.com","USERPRINCIPALNAME":"u"}]"#).unwrap();
        assert_eq!(g[0].id.as_deref(), Some("1"));
        assert_eq!(g[0].mail.as_deref(), Some("a@b.com"));
        assert_eq!(g[0].user_principal_name.as_deref(), Some("u"));
        let e = guests(r#"[{"id":"1","MAIL":5}]"#).unwrap_err();
        assert_eq!(e.place.as_deref(), Some("/0/MAIL"));
    }

    #[test]
    fn windows_powershell_value_count_wrapper_is_a_page() {
        let (g, stats) = guests(r#"{"value":[{"id":"1"},{"id":"2"}],"Count":2}"#).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(stats.records, 2);
        assert!(stats.envelope);
        assert_eq!(g[1].location, Some(Location::pointer("g.json", "/value/1")));
    }

    #[test]
    fn unknown_properties_of_any_shape_are_skipped() {
        let (g, stats) =
            guests(r#"[{"id":"1","manager":{"id":"m","x":[1,{"y":null}]},"b":[]}]"#).unwrap();
        assert_eq!(g[0].id.as_deref(), Some("1"));
        assert_eq!(stats.records, 1);
        assert!(!stats.envelope);
    }

    #[test]
    fn pointers_escape_property_names() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn an_empty_array_or_page_has_no_records() {
        assert_eq!(guests("[]").unwrap().1.records, 0);
        assert_eq!(guests(r#"{"value":[]}"#).unwrap().1.records, 0);
    }
}
