//! The streaming splitter: a large array of records is read in chunks, cut at record
//! boundaries by a byte scanner, and the records are parsed on a second thread while the next
//! chunk is read. The record visitors themselves are in `visit.rs`.

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, IgnoredAny};

use super::*;

/// The unread part of a streamed file: `bytes[pos..]`, refilled from `input`.
pub(super) struct Chunks<'r> {
    pub(super) bytes: Vec<u8>,
    pub(super) pos: usize,
    pub(super) input: &'r mut dyn std::io::Read,
    pub(super) eof: bool,
}

/// How much is read at a time while streaming.
pub(crate) const CHUNK: usize = 8 << 20;

impl Chunks<'_> {
    /// Makes at least `need` bytes available from `pos` if the file has them; false at the end.
    pub(super) fn fill(&mut self, need: usize) -> std::io::Result<bool> {
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
    pub(super) fn peek(&mut self) -> std::io::Result<Option<u8>> {
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
    pub(super) fn value_len(&mut self) -> std::io::Result<Option<usize>> {
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

pub(super) enum Scan {
    Done(usize),
    More,
    Unsupported,
}

/// Finds the end of the object or string at the start of `b` by bracket depth, skipping
/// strings. It need not validate: every piece it finds is parsed by serde_json afterwards.
pub(super) fn scan_value(b: &[u8]) -> Scan {
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
pub(super) fn string_end(b: &[u8], mut from: usize) -> Option<usize> {
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
pub(super) fn stream_document<K, S>(
    ctx: &mut Ctx<'_, K, S>,
    buf: &mut Chunks<'_>,
) -> std::io::Result<bool>
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
pub(super) fn stream_array<K, S>(
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
pub(super) fn complete_records(b: &[u8], mut first: bool) -> Vec<(usize, usize)> {
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
pub(super) fn parse_records<K, S>(
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
