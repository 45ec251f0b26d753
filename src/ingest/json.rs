//! Streaming JSON records: objects are decoded into their kind's record as the parser meets them.
//!
//! A guests export can hold a million users, so no `serde_json::Value` tree is ever built for
//! records: serde visitors match property names case-insensitively against the kind's short list,
//! skip every other property with `IgnoredAny`, and hand each finished record to a sink. The same
//! driver accepts one object, an array of objects, and Graph pages (`{"value": [...]}` or, as in the
//! sharepointSettings sample, `{"value": {...}}`). Errors found inside a visitor are parked in the
//! context with their JSON pointer, because serde's own error type could only carry line/column.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::InputError;
use super::groups::Membership;
use super::guests::{GuestIndex, Probe};
use super::record::{
    FieldError, MAX_FIELDS, Places, RecordKind, Val, describe, empty_fields, foreign, lookup,
};
use crate::diag::Location;
use crate::model::Member;

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

/// The unread part of a streamed file: `bytes[pos..]`, refilled from `input`.
struct Chunks<'r> {
    bytes: Vec<u8>,
    pos: usize,
    input: &'r mut dyn std::io::Read,
    eof: bool,
}

/// How much is read at a time while streaming.
pub(crate) const CHUNK: usize = 8 << 20;

impl Chunks<'_> {
    /// Makes at least `need` bytes available from `pos` if the file has them; false at the end.
    fn fill(&mut self, need: usize) -> std::io::Result<bool> {
        while self.bytes.len() - self.pos < need {
            if self.eof {
                return Ok(false);
            }
            if self.pos > 0 {
                self.bytes.drain(..self.pos);
                self.pos = 0;
            }
            let have = self.bytes.len();
            let want = CHUNK.max(need - have);
            self.bytes.resize(have + want, 0);
            let n = loop {
                match self.input.read(&mut self.bytes[have..]) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    r => break r,
                }
            };
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    self.bytes.truncate(have);
                    return Err(e);
                }
            };
            self.bytes.truncate(have + n);
            self.eof = n == 0;
        }
        Ok(true)
    }

    /// The next byte that is not JSON whitespace, without consuming it.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            while let Some(&b) = self.bytes.get(self.pos) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.fill(1)? {
                return Ok(None);
            }
        }
    }

    /// The length of the complete value starting at `pos` (an object or a string), reading
    /// more as needed; `None` if the file ends first or the value is of another kind.
    fn value_len(&mut self) -> std::io::Result<Option<usize>> {
        let mut scanned = 0;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            match scan_value(rest) {
                Scan::Done(n) => return Ok(Some(n)),
                Scan::Unsupported => return Ok(None),
                Scan::More => {
                    scanned = scanned.max(rest.len());
                    if !self.fill(scanned + CHUNK.min(scanned + 1))? {
                        return Ok(None);
                    }
                }
            }
        }
    }
}

enum Scan {
    Done(usize),
    More,
    Unsupported,
}

/// Finds the end of the object or string at the start of `b` by bracket depth, skipping
/// strings. It need not validate: every piece it finds is parsed by serde_json afterwards.
fn scan_value(b: &[u8]) -> Scan {
    match b.first() {
        Some(b'"') => match string_end(b, 1) {
            Some(end) => Scan::Done(end),
            None => Scan::More,
        },
        Some(b'{') => {
            let mut depth = 0usize;
            let mut i = 0;
            while let Some(&c) = b.get(i) {
                match c {
                    // serde_json refuses nesting past 128 levels, counted from the top of the
                    // file: leave deep records to the whole-file reader, which says so.
                    b'{' | b'[' if depth >= 100 => return Scan::Unsupported,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Scan::Done(i + 1);
                        }
                    }
                    b'"' => match string_end(b, i + 1) {
                        Some(end) => {
                            i = end;
                            continue;
                        }
                        None => return Scan::More,
                    },
                    _ => {}
                }
                i += 1;
            }
            Scan::More
        }
        Some(_) => Scan::Unsupported,
        None => Scan::More,
    }
}

/// The index just past the closing quote of a string whose body starts at `from`.
fn string_end(b: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let at = from + memchr::memchr2(b'"', b'\\', b.get(from..)?)?;
        if b.get(at) == Some(&b'\\') {
            from = at + 2;
        } else {
            return Some(at + 1);
        }
    }
}

/// Streams one document; false means "read it whole instead".
fn stream_document<K, S>(ctx: &mut Ctx<'_, K, S>, buf: &mut Chunks<'_>) -> std::io::Result<bool>
where
    K: RecordKind,
    K::Out: Send,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    match buf.peek()? {
        Some(b'[') => {
            buf.pos += 1;
            if !stream_array(ctx, buf, "")? {
                return Ok(false);
            }
        }
        Some(b'{') => {
            buf.pos += 1;
            ctx.envelope = true;
            let mut seen_value = false;
            let mut first = true;
            loop {
                match buf.peek()? {
                    Some(b'}') if !first => {
                        buf.pos += 1;
                        break;
                    }
                    Some(b',') if !first => buf.pos += 1,
                    Some(b'"') if first => {}
                    _ => return Ok(false),
                }
                first = false;
                if buf.peek()? != Some(b'"') {
                    return Ok(false);
                }
                let Some(n) = buf.value_len()? else {
                    return Ok(false);
                };
                let Some(key) = buf
                    .bytes
                    .get(buf.pos..buf.pos + n)
                    .and_then(|k| serde_json::from_slice::<String>(k).ok())
                else {
                    return Ok(false);
                };
                buf.pos += n;
                if buf.peek()? != Some(b':') {
                    return Ok(false);
                }
                buf.pos += 1;
                if key.eq_ignore_ascii_case("value") && lookup(K::FIELDS, &key).is_none() {
                    if seen_value || buf.peek()? != Some(b'[') {
                        return Ok(false);
                    }
                    seen_value = true;
                    buf.pos += 1;
                    if !stream_array(ctx, buf, &format!("/{}", escape(&key)))? {
                        return Ok(false);
                    }
                } else if key.starts_with("@odata.") && lookup(K::FIELDS, &key).is_none() {
                    // An envelope property: skipped, as the whole-file reader skips it.
                    if buf.peek()? != Some(b'"') {
                        return Ok(false);
                    }
                    let Some(n) = buf.value_len()? else {
                        return Ok(false);
                    };
                    let valid = buf
                        .bytes
                        .get(buf.pos..buf.pos + n)
                        .is_some_and(|v| serde_json::from_slice::<IgnoredAny>(v).is_ok());
                    if !valid {
                        return Ok(false);
                    }
                    buf.pos += n;
                } else {
                    return Ok(false);
                }
            }
            if !seen_value {
                return Ok(false);
            }
        }
        _ => return Ok(false),
    }
    // Nothing but whitespace may follow.
    Ok(buf.peek()?.is_none())
}

/// Streams the elements of an array whose `[` is consumed, each as a record at `base/i`. The
/// complete records of a chunk are parsed on two threads (the machine SPEC §8 names has two
/// cores): the second half on a scoped worker into a list, handed to the sink in order after
/// the first half.
fn stream_array<K, S>(
    ctx: &mut Ctx<'_, K, S>,
    buf: &mut Chunks<'_>,
    base: &str,
) -> std::io::Result<bool>
where
    K: RecordKind,
    K::Out: Send,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    let mut i = 0usize;
    // The records of the next batch, when they were found while the worker was parsing.
    let mut ahead: Option<Vec<(usize, usize)>> = None;
    loop {
        let batch = match ahead.take() {
            Some(b) => b,
            None => complete_records(buf.bytes.get(buf.pos..).unwrap_or_default(), i == 0),
        };
        if batch.len() >= 2 {
            // The batch's bytes leave the buffer (only the unfinished tail is copied back), so
            // the main thread can read and split the next chunk while the worker parses.
            let end = buf.pos + batch.last().map_or(0, |r| r.1);
            let current = std::mem::take(&mut buf.bytes);
            buf.bytes = current.get(end..).unwrap_or_default().to_vec();
            let bytes = current.get(buf.pos..).unwrap_or_default();
            buf.pos = 0;
            // The main thread also splits the next chunk: it takes the smaller share.
            let (mine, theirs) = batch.split_at(batch.len() * 2 / 5);
            let (file, shared, guests) = (ctx.file, ctx.shared.clone(), ctx.guests);
            let split = i + mine.len();
            let (ok, done, next) = std::thread::scope(|scope| {
                let worker = scope.spawn(move || {
                    let mut out = Vec::with_capacity(theirs.len());
                    let mut wctx = Ctx::<K, _> {
                        file,
                        shared,
                        sink: |o| {
                            out.push(o);
                            Ok(())
                        },
                        records: 0,
                        error: None,
                        envelope: false,
                        guests,
                        kind: PhantomData,
                    };
                    let ok = parse_records(&mut wctx, bytes, theirs, base, split);
                    drop(wctx);
                    (ok, out)
                });
                let ok = parse_records(ctx, bytes, mine, base, i);
                let next = buf
                    .fill(CHUNK)
                    .map(|_| complete_records(buf.bytes.get(buf.pos..).unwrap_or_default(), false));
                let (theirs_ok, out) = worker.join().unwrap_or((false, Vec::new()));
                (ok && theirs_ok, out, next)
            });
            if !ok {
                return Ok(false);
            }
            for out in done {
                ctx.records += 1;
                if (ctx.sink)(out).is_err() {
                    return Ok(false);
                }
            }
            i += batch.len();
            ahead = Some(next?);
            continue;
        }
        match buf.peek()? {
            Some(b']') => {
                buf.pos += 1;
                return Ok(true);
            }
            Some(b',') if i > 0 => {
                buf.pos += 1;
            }
            Some(b'{') if i == 0 => {}
            _ => return Ok(false),
        }
        if buf.peek()? != Some(b'{') {
            return Ok(false);
        }
        let Some(n) = buf.value_len()? else {
            return Ok(false);
        };
        let Some(record) = buf.bytes.get(buf.pos..buf.pos + n) else {
            return Ok(false);
        };
        if !parse_records(ctx, record, &[(0, n)], base, i) {
            return Ok(false);
        }
        buf.pos += n;
        i += 1;
    }
}

/// The records (`{...}`, after a `,` unless `first`) complete in `b`, as ranges; stops at the
/// first thing that is not one.
fn complete_records(b: &[u8], mut first: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    let skip_ws = |mut at: usize| {
        while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            at += 1;
        }
        at
    };
    loop {
        let mut p = skip_ws(at);
        if !first {
            if b.get(p) != Some(&b',') {
                return out;
            }
            p = skip_ws(p + 1);
        }
        if b.get(p) != Some(&b'{') {
            return out;
        }
        let Scan::Done(n) = scan_value(b.get(p..).unwrap_or_default()) else {
            return out;
        };
        out.push((p, p + n));
        at = p + n;
        first = false;
    }
}

/// Parses the records at `ranges` of `bytes`, numbered from `first`; false on any error.
fn parse_records<K, S>(
    ctx: &mut Ctx<'_, K, S>,
    bytes: &[u8],
    ranges: &[(usize, usize)],
    base: &str,
    first: usize,
) -> bool
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    for (j, &(from, to)) in ranges.iter().enumerate() {
        let Some(record) = bytes.get(from..to) else {
            return false;
        };
        let seed = RecordSeed {
            ctx: &mut *ctx,
            ptr: format!("{base}/{}", first + j),
        };
        // A record checked as UTF-8 in one pass is read without checking string after string;
        // one that is not is read from bytes, so the error is serde_json's as ever.
        let parsed = match std::str::from_utf8(record) {
            Ok(text) => {
                let mut de = serde_json::Deserializer::from_str(text);
                seed.deserialize(&mut de).and_then(|()| de.end())
            }
            Err(_) => {
                let mut de = serde_json::Deserializer::from_slice(record);
                seed.deserialize(&mut de).and_then(|()| de.end())
            }
        };
        if parsed.is_err() {
            return false;
        }
    }
    true
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

struct Ctx<'f, K: RecordKind, S> {
    file: &'f str,
    /// `file` once for every location of the file's records.
    shared: std::sync::Arc<str>,
    sink: S,
    records: usize,
    error: Option<InputError>,
    envelope: bool,
    guests: Option<&'f GuestIndex>,
    kind: PhantomData<fn() -> K>,
}

impl<K: RecordKind, S> Ctx<'_, K, S> {
    /// Parks a located error and returns the serde error that unwinds the parse.
    fn fail<E: de::Error>(&mut self, location: Location, message: impl Into<String>) -> E {
        self.error = Some(InputError {
            file: location.file.to_string(),
            place: location.place,
            message: message.into(),
        });
        E::custom("stopped")
    }

    fn at(&self, ptr: &str) -> Location {
        if ptr.is_empty() {
            Location::file(self.shared.clone())
        } else {
            Location::new(self.shared.clone(), ptr)
        }
    }
}

struct RootSeed<'c, 'f, K: RecordKind, S> {
    ctx: &'c mut Ctx<'f, K, S>,
}

impl<'de, K, S> DeserializeSeed<'de> for RootSeed<'_, '_, K, S>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(RecordVisitor {
            ctx: self.ctx,
            ptr: String::new(),
            top: true,
        })
    }
}

/// Reads the elements of an array as records at `base/0`, `base/1`, ...
fn records<'de, A, K, S>(ctx: &mut Ctx<'_, K, S>, mut seq: A, base: &str) -> Result<(), A::Error>
where
    A: SeqAccess<'de>,
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    let mut i = 0usize;
    while seq
        .next_element_seed(RecordSeed {
            ctx: &mut *ctx,
            ptr: format!("{base}/{i}"),
        })?
        .is_some()
    {
        i += 1;
    }
    Ok(())
}

struct RecordSeed<'c, 'f, K: RecordKind, S> {
    ctx: &'c mut Ctx<'f, K, S>,
    ptr: String,
}

impl<'de, K, S> DeserializeSeed<'de> for RecordSeed<'_, '_, K, S>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(RecordVisitor {
            ctx: self.ctx,
            ptr: self.ptr,
            top: false,
        })
    }
}

/// One record (an object), or at the top of the file also an array of records or a Graph page.
struct RecordVisitor<'c, 'f, K: RecordKind, S> {
    ctx: &'c mut Ctx<'f, K, S>,
    ptr: String,
    top: bool,
}

impl<K: RecordKind, S> RecordVisitor<'_, '_, K, S> {
    fn not_a_record<E: de::Error>(self, found: &str) -> E {
        let at = self.ctx.at(&self.ptr);
        self.ctx.fail(
            at,
            format!("expected an object (one {} record), found {found}", K::NAME),
        )
    }
}

impl<'de, K, S> Visitor<'de> for RecordVisitor<'_, '_, K, S>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        if self.top {
            records(self.ctx, seq, "")
        } else {
            Err(self.not_a_record("an array"))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields = empty_fields();
        // The property name as written, kept only when its case differs from FIELDS (rare),
        // so error pointers name the property exactly.
        let mut spelled: [Option<String>; MAX_FIELDS] = std::array::from_fn(|_| None);
        let mut stranger: Option<(String, &'static str)> = None;
        let mut page = false;
        while let Some(key) = map.next_key_seed(KeySeed::<K> {
            top: self.top,
            kind: PhantomData,
        })? {
            match key {
                Key::Field(i, spelling) => {
                    let value = if K::MEMBERS == Some(i) {
                        let mut problem = None;
                        match map.next_value_seed(MembersSeed {
                            problem: &mut problem,
                            guests: self.ctx.guests,
                        }) {
                            Ok(members) => members,
                            Err(e) => {
                                let name = spelling
                                    .as_deref()
                                    .or(K::FIELDS.get(i).copied())
                                    .unwrap_or_default();
                                let (sub, message) = problem.unwrap_or_default();
                                let at = format!("{}/{}{sub}", self.ptr, escape(name));
                                let at = self.ctx.at(&at);
                                return Err(if message.is_empty() {
                                    e
                                } else {
                                    self.ctx.fail(at, message)
                                });
                            }
                        }
                    } else {
                        map.next_value_seed(ValSeed)?
                    };
                    if let Some(slot) = fields.get_mut(i) {
                        *slot = Some(value);
                    }
                    if let Some(slot) = spelled.get_mut(i) {
                        *slot = spelling;
                    }
                }
                Key::Foreign(name, kind) => {
                    map.next_value::<IgnoredAny>()?;
                    stranger.get_or_insert((name, kind));
                }
                Key::Value(name) => {
                    page = true;
                    self.ctx.envelope = true;
                    let ptr = format!("/{}", escape(&name));
                    map.next_value_seed(PageSeed {
                        ctx: &mut *self.ctx,
                        ptr,
                    })?;
                }
                Key::Envelope => {
                    self.ctx.envelope = true;
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if page {
            return Ok(());
        }
        if let Some((name, kind)) = stranger {
            let at = self.ctx.at(&format!("{}/{}", self.ptr, escape(&name)));
            return Err(self.ctx.fail(
                at,
                format!(
                    "`{name}` is a property of {kind}, not of {}: is this file given as the \
                     right kind?",
                    K::NAME
                ),
            ));
        }
        let places = JsonPlaces {
            file: &self.ctx.shared,
            ptr: &self.ptr,
            spelled: &spelled,
            names: K::FIELDS,
        };
        let built = K::build(&mut fields, &places).and_then(|out| {
            self.ctx.records += 1;
            (self.ctx.sink)(out)
        });
        match built {
            Ok(()) => Ok(()),
            Err(e) => {
                let at = match e.field {
                    Some(i) => places.field(i),
                    None => places.record(),
                };
                Err(self.ctx.fail(at, e.message))
            }
        }
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_a_record("a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_a_record("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_a_record("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_a_record("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_a_record("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.not_a_record("null"))
    }
}

/// The `value` of a Graph page: an array of records, or (sharepointSettings sample) one record.
struct PageSeed<'c, 'f, K: RecordKind, S> {
    ctx: &'c mut Ctx<'f, K, S>,
    ptr: String,
}

impl<'de, K, S> DeserializeSeed<'de> for PageSeed<'_, '_, K, S>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, K, S> Visitor<'de> for PageSeed<'_, '_, K, S>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array or an object")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        records(self.ctx, seq, &self.ptr)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        RecordVisitor {
            ctx: self.ctx,
            ptr: self.ptr,
            top: false,
        }
        .visit_map(map)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.other("a string")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.other("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.other("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.other("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.other("a number")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.other("null")
    }
}

impl<K: RecordKind, S> PageSeed<'_, '_, K, S> {
    fn other<E: de::Error>(self, found: &str) -> Result<(), E> {
        let at = self.ctx.at(&self.ptr);
        Err(self.ctx.fail(
            at,
            format!("expected an array of records or one record, found {found}"),
        ))
    }
}

enum Key {
    /// A known property: its slot, and its spelling when that differs from FIELDS.
    Field(usize, Option<String>),
    Foreign(String, &'static str),
    /// A Graph page's `value` (top level only).
    Value(String),
    /// `@odata.context`, `@odata.nextLink`, ... at the top level.
    Envelope,
    Other,
}

struct KeySeed<K> {
    top: bool,
    kind: PhantomData<fn() -> K>,
}

impl<'de, K: RecordKind> DeserializeSeed<'de> for KeySeed<K> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<K: RecordKind> Visitor<'_> for KeySeed<K> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if let Some((i, exact)) = lookup(K::FIELDS, key) {
            return Ok(Key::Field(i, (!exact).then(|| key.to_string())));
        }
        if self.top {
            if key.eq_ignore_ascii_case("value") {
                return Ok(Key::Value(key.to_string()));
            }
            if key.starts_with("@odata.") {
                return Ok(Key::Envelope);
            }
        }
        if let Some(kind) = foreign(K::FOREIGN, key) {
            return Ok(Key::Foreign(key.to_string(), kind));
        }
        Ok(Key::Other)
    }
}

/// A property value as a [`Val`]; nested objects and mixed arrays are skipped and described.
struct ValSeed;

impl<'de> DeserializeSeed<'de> for ValSeed {
    type Value = Val;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Val, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Val, E> {
        Ok(Val::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Val, E> {
        Ok(Val::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Val, E> {
        Ok(i64::try_from(v).map_or_else(|_| Val::Other(v.to_string()), Val::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Val, E> {
        Ok(Val::Other(format!("{v:?}")))
    }
    fn visit_str<E>(self, v: &str) -> Result<Val, E> {
        Ok(Val::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Val, E> {
        Ok(Val::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Val, E> {
        Ok(Val::Null)
    }
    fn visit_none<E>(self) -> Result<Val, E> {
        Ok(Val::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
        let mut out = Vec::new();
        let mut odd: Option<String> = None;
        while let Some(v) = seq.next_element_seed(ValSeed)? {
            match v {
                Val::Str(s) => out.push(s),
                // Null elements carry no entry.
                Val::Null => {}
                other => {
                    odd.get_or_insert_with(|| describe(&other));
                }
            }
        }
        Ok(match odd {
            Some(d) => Val::Other(format!("an array holding {d}")),
            None => Val::List(out),
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Val::Other("an object".to_string()))
    }
}

/// A group's `members` array. A problem is parked in `problem` as (pointer suffix, message).
/// With `guests`, each member is resolved as it is read and no row is kept; without, the rows
/// are kept as exported.
struct MembersSeed<'p> {
    problem: &'p mut Option<(String, String)>,
    guests: Option<&'p GuestIndex>,
}

impl<'de> DeserializeSeed<'de> for MembersSeed<'_> {
    type Value = Val;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Val, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MembersSeed<'_> {
    type Value = Val;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of members")
    }
    fn visit_unit<E>(self) -> Result<Val, E> {
        Ok(Val::Members(Vec::new(), Membership::default()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
        let mut rows = Vec::new();
        let mut resolved = Membership::default();
        // A ring of buffers reused member after member: no allocation per member. A member's
        // guest is looked up LOOKAHEAD - 1 members after its id was read (and its slot
        // requested), so the memory waits of the look-ups overlap the parsing.
        let mut ring: [(Scratch, Probe); LOOKAHEAD] = Default::default();
        let mut i = 0usize;
        loop {
            let (scratch, probe) = &mut ring[i % LOOKAHEAD];
            scratch.set = [false; 3];
            if seq
                .next_element_seed(MemberSeed {
                    problem: &mut *self.problem,
                    index: i,
                    member: scratch,
                })?
                .is_none()
            {
                break;
            }
            match self.guests {
                Some(guests) => {
                    *probe = scratch
                        .get(0)
                        .map(|id| guests.probe(id))
                        .unwrap_or_default();
                    if i + 1 >= LOOKAHEAD {
                        resolve_member(&ring[(i + 1) % LOOKAHEAD], guests, &mut resolved);
                    }
                }
                None => rows.push(Member {
                    id: scratch.get(0).map(str::to_string),
                    mail: scratch.get(1).map(str::to_string),
                    user_principal_name: scratch.get(2).map(str::to_string),
                }),
            }
            i += 1;
        }
        if let Some(guests) = self.guests {
            for j in i.saturating_sub(LOOKAHEAD - 1)..i {
                resolve_member(&ring[j % LOOKAHEAD], guests, &mut resolved);
            }
        }
        Ok(Val::Members(rows, resolved))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Val, A::Error> {
        Err(park(self.problem, String::new(), "an object"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Val, E> {
        Err(park(self.problem, String::new(), "a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Val, E> {
        Err(park(self.problem, String::new(), "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Val, E> {
        Err(park(self.problem, String::new(), "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Val, E> {
        Err(park(self.problem, String::new(), "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Val, E> {
        Err(park(self.problem, String::new(), "a number"))
    }
}

/// How many members are read ahead of the one being resolved, plus one.
const LOOKAHEAD: usize = 4;

fn resolve_member((m, probe): &(Scratch, Probe), guests: &GuestIndex, out: &mut Membership) {
    let found = m.get(0).and_then(|id| guests.get_probed(*probe, id));
    out.add_found(found, m.get(1), m.get(2));
}

fn park<E: de::Error>(slot: &mut Option<(String, String)>, at: String, found: &str) -> E {
    let what = if at.is_empty() {
        "an array of members"
    } else {
        "an object (one member)"
    };
    *slot = Some((at, format!("expected {what}, found {found}")));
    E::custom("stopped")
}

const MEMBER_FIELDS: &[&str] = &["id", "mail", "userPrincipalName", "additionalProperties"];

/// The id, mail and UPN of the member being read (MEMBER_FIELDS order), reused member after
/// member; `set` says which were present and not null.
#[derive(Default)]
struct Scratch {
    values: [String; 3],
    set: [bool; 3],
}

impl Scratch {
    fn get(&self, i: usize) -> Option<&str> {
        match (self.set.get(i), self.values.get(i)) {
            (Some(true), Some(v)) => Some(v),
            _ => None,
        }
    }
}

/// One member object. Graph writes `id`, `mail`, `userPrincipalName` flat; Microsoft Graph
/// PowerShell (`Get-MgGroup -ExpandProperty members`) nests all but `Id` in
/// `AdditionalProperties`, which is read the same way. The last non-null value of a property
/// wins.
struct MemberSeed<'p> {
    problem: &'p mut Option<(String, String)>,
    index: usize,
    member: &'p mut Scratch,
}

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(MemberKey)? {
            match key {
                Some(3) => {
                    let inner = MemberSeed {
                        problem: &mut *self.problem,
                        index: self.index,
                        member: &mut *self.member,
                    };
                    map.next_value_seed(NestedMember(inner))?;
                }
                Some(i) => {
                    let (Some(value), Some(set)) =
                        (self.member.values.get_mut(i), self.member.set.get_mut(i))
                    else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if let Some(other) = map.next_value_seed(StrInto { value, set })? {
                        *self.problem = Some((
                            format!(
                                "/{}/{}",
                                self.index,
                                MEMBER_FIELDS.get(i).copied().unwrap_or_default()
                            ),
                            format!("expected a string, found {}", describe(&other)),
                        ));
                        return Err(de::Error::custom("stopped"));
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(park(self.problem, format!("/{}", self.index), "an array"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(park(self.problem, format!("/{}", self.index), "null"))
    }
}

/// A member property: a string is copied into the scratch buffer, null leaves it as it was;
/// anything else is returned for the error message.
struct StrInto<'s> {
    value: &'s mut String,
    set: &'s mut bool,
}

impl<'de> DeserializeSeed<'de> for StrInto<'_> {
    type Value = Option<Val>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Val>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrInto<'_> {
    type Value = Option<Val>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> Result<Option<Val>, E> {
        self.value.clear();
        self.value.push_str(v);
        *self.set = true;
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<Val>, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Option<Val>, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Val>, E> {
        ValVisitor.visit_bool(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Val>, E> {
        ValVisitor.visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Val>, E> {
        ValVisitor.visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Val>, E> {
        ValVisitor.visit_f64(v).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Val>, A::Error> {
        ValVisitor.visit_seq(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Val>, A::Error> {
        ValVisitor.visit_map(map).map(Some)
    }
}

/// A member property name: its index in MEMBER_FIELDS (no allocation per key).
struct MemberKey;

impl<'de> DeserializeSeed<'de> for MemberKey {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for MemberKey {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(lookup(MEMBER_FIELDS, key).map(|(i, _)| i))
    }
}

/// `AdditionalProperties` inside a member: an object merged into the member, or null.
struct NestedMember<'p>(MemberSeed<'p>);

impl<'de> DeserializeSeed<'de> for NestedMember<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NestedMember<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.visit_map(map)
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
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
            Location::new(self.file.clone(), self.ptr)
        }
    }
    fn field(&self, index: usize) -> Location {
        let name = self
            .spelled
            .get(index)
            .and_then(|s| s.as_deref())
            .or(self.names.get(index).copied())
            .unwrap_or_default();
        Location::new(self.file.clone(), format!("{}/{}", self.ptr, escape(name)))
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
        assert_eq!(g[1].location, Some(Location::new("g.json", "/value/1")));
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
