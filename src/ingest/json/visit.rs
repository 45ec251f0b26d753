//! The record visitors: serde seeds that decode one object into its kind's fields as the parser
//! meets it, match property names case-insensitively, skip the rest with `IgnoredAny`, and park
//! an error with its JSON pointer.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::members::MembersSeed;
use super::value::{IdentitiesSeed, OwnersSeed, ValSeed};
use super::*;

pub(super) struct Ctx<'f, K: RecordKind, S> {
    pub(super) file: &'f str,
    /// `file` once for every location of the file's records.
    pub(super) shared: std::sync::Arc<str>,
    pub(super) sink: S,
    pub(super) records: usize,
    pub(super) error: Option<InputError>,
    pub(super) envelope: bool,
    pub(super) guests: Option<&'f GuestIndex>,
    pub(super) kind: PhantomData<fn() -> K>,
}

impl<K: RecordKind, S> Ctx<'_, K, S> {
    /// Parks a located error and returns the serde error that unwinds the parse.
    pub(super) fn fail<E: de::Error>(
        &mut self,
        location: Location,
        message: impl Into<String>,
    ) -> E {
        self.error = Some(InputError {
            file: location.file.to_string(),
            place: location.place.map(|p| p.to_string()),
            message: message.into(),
        });
        E::custom("stopped")
    }

    pub(super) fn at(&self, ptr: &str) -> Location {
        if ptr.is_empty() {
            Location::file(self.shared.clone())
        } else {
            Location::pointer(self.shared.clone(), ptr)
        }
    }
}

pub(super) struct RootSeed<'c, 'f, K: RecordKind, S> {
    pub(super) ctx: &'c mut Ctx<'f, K, S>,
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
pub(super) fn records<'de, A, K, S>(
    ctx: &mut Ctx<'_, K, S>,
    mut seq: A,
    base: &str,
) -> Result<(), A::Error>
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

pub(super) struct RecordSeed<'c, 'f, K: RecordKind, S> {
    pub(super) ctx: &'c mut Ctx<'f, K, S>,
    pub(super) ptr: String,
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
pub(super) struct RecordVisitor<'c, 'f, K: RecordKind, S> {
    pub(super) ctx: &'c mut Ctx<'f, K, S>,
    pub(super) ptr: String,
    pub(super) top: bool,
}

impl<K: RecordKind, S> RecordVisitor<'_, '_, K, S> {
    pub(super) fn not_a_record<E: de::Error>(self, found: &str) -> E {
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
        // The known properties seen so far, one bit per slot: a second one (any case) is an
        // error, never first- or last-wins (SPEC §3).
        let mut seen: u32 = 0;
        while let Some(key) = map.next_key_seed(KeySeed::<K> {
            top: self.top,
            kind: PhantomData,
        })? {
            match key {
                Key::Field(i, spelling) => {
                    let bit = 1u32 << i;
                    if seen & bit != 0 {
                        let name = spelling
                            .as_deref()
                            .or(K::FIELDS.get(i).copied())
                            .unwrap_or_default();
                        let at = self.ctx.at(&format!("{}/{}", self.ptr, escape(name)));
                        return Err(self.ctx.fail(
                            at,
                            format!(
                                "`{name}` appears twice in one record (property names match \
                                 in any case): which value is meant cannot be told"
                            ),
                        ));
                    }
                    seen |= bit;
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
                    } else if K::IDENTITIES == Some(i) {
                        map.next_value_seed(IdentitiesSeed::NEW)?
                    } else if K::OWNERS == Some(i) {
                        map.next_value_seed(OwnersSeed::NEW)?
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
pub(super) struct PageSeed<'c, 'f, K: RecordKind, S> {
    pub(super) ctx: &'c mut Ctx<'f, K, S>,
    pub(super) ptr: String,
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
    pub(super) fn other<E: de::Error>(self, found: &str) -> Result<(), E> {
        let at = self.ctx.at(&self.ptr);
        Err(self.ctx.fail(
            at,
            format!("expected an array of records or one record, found {found}"),
        ))
    }
}

pub(super) enum Key {
    /// A known property: its slot, and its spelling when that differs from FIELDS.
    Field(usize, Option<String>),
    Foreign(String, &'static str),
    /// A Graph page's `value` (top level only).
    Value(String),
    /// `@odata.context`, `@odata.nextLink`, ... at the top level.
    Envelope,
    Other,
}

pub(super) struct KeySeed<K> {
    pub(super) top: bool,
    pub(super) kind: PhantomData<fn() -> K>,
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
            if K::WRAPPERS.iter().any(|w| w.eq_ignore_ascii_case(key)) {
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
