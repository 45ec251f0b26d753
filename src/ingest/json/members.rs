//! A group's `members` array, decoded member by member. With the guest index at hand each
//! member is resolved as it is read, its GUID slot prefetched a few members ahead, and no row is
//! kept.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::value::ValVisitor;
use super::*;

/// A group's `members` array. A problem is parked in `problem` as (pointer suffix, message).
/// With `guests`, each member is resolved as it is read and no row is kept; without, the rows
/// are kept as exported.
pub(super) struct MembersSeed<'p> {
    pub(super) problem: &'p mut Option<(String, String)>,
    pub(super) guests: Option<&'p GuestIndex>,
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
    /// `members: null` says nothing about the members: not exported.
    fn visit_unit<E>(self) -> Result<Val, E> {
        Ok(Val::Null)
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
pub(super) const LOOKAHEAD: usize = 4;

pub(super) fn resolve_member(
    (m, probe): &(Scratch, Probe),
    guests: &GuestIndex,
    out: &mut Membership,
) {
    let found = m.get(0).and_then(|id| guests.get_probed(*probe, id));
    out.add_found(found, m.get(1), m.get(2));
}

pub(super) fn park<E: de::Error>(
    slot: &mut Option<(String, String)>,
    at: String,
    found: &str,
) -> E {
    let what = if at.is_empty() {
        "an array of members"
    } else {
        "an object (one member)"
    };
    *slot = Some((at, format!("expected {what}, found {found}")));
    E::custom("stopped")
}

pub(super) const MEMBER_FIELDS: &[&str] =
    &["id", "mail", "userPrincipalName", "additionalProperties"];

/// The id, mail and UPN of the member being read (MEMBER_FIELDS order), reused member after
/// member; `set` says which were present and not null.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) values: [String; 3],
    pub(super) set: [bool; 3],
}

impl Scratch {
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        match (self.set.get(i), self.values.get(i)) {
            (Some(true), Some(v)) => Some(v),
            _ => None,
        }
    }
}

/// One member object. Graph writes `id`, `mail`, `userPrincipalName` flat; Microsoft Graph
/// PowerShell (`Get-MgGroup -ExpandProperty members`) nests all but `Id` in
/// `AdditionalProperties`, which is read the same way. Between the two levels the last non-null
/// value of a property wins (PowerShell writes a null flat `Mail` beside the nested one).
pub(super) struct MemberSeed<'p> {
    pub(super) problem: &'p mut Option<(String, String)>,
    pub(super) index: usize,
    pub(super) member: &'p mut Scratch,
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
        // A property twice in one object (any case) is an error (SPEC §3); the flat and the
        // `additionalProperties` spelling of one property are two objects, as PowerShell
        // writes them.
        let mut seen = 0u8;
        while let Some(key) = map.next_key_seed(MemberKey)? {
            if let Some(i) = key {
                let bit = 1u8 << i;
                if seen & bit != 0 {
                    *self.problem = Some((
                        format!(
                            "/{}/{}",
                            self.index,
                            MEMBER_FIELDS.get(i).copied().unwrap_or_default()
                        ),
                        "the property appears twice in one member (property names match in any \
                         case): which value is meant cannot be told"
                            .to_string(),
                    ));
                    return Err(de::Error::custom("stopped"));
                }
                seen |= bit;
            }
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
pub(super) struct StrInto<'s> {
    pub(super) value: &'s mut String,
    pub(super) set: &'s mut bool,
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
pub(super) struct MemberKey;

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
pub(super) struct NestedMember<'p>(MemberSeed<'p>);

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
