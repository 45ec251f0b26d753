//! A property value as a [`Val`], for the record visitors and the member decoder alike.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::*;

/// A property value as a [`Val`]; nested objects and mixed arrays are skipped and described.
pub(super) struct ValSeed;

impl<'de> DeserializeSeed<'de> for ValSeed {
    type Value = Val;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Val, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

pub(super) struct ValVisitor;

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

/// A user's `identities` array as the addresses it names (a [`Val::List`]): an
/// `issuerAssignedId` that is a `#EXT#` UPN gives the address it carries; another one gives
/// itself when it is an address and the identity is not the host tenant's own
/// `userPrincipalName` sign-in (which only repeats the UPN, a host-tenant address). Null ids and
/// other identities give nothing.
pub(super) type IdentitiesSeed = ObjectListSeed<Identity>;

/// A group's `owners` array (directory objects) as a [`Val::List`]: each owner's `mail`, else
/// its `userPrincipalName`, else its `displayName`, else its `id`. An owner naming none of them
/// is described as an error.
pub(super) type OwnersSeed = ObjectListSeed<Owner>;

/// What one object of an array of objects (`identities`, `owners`) gives the list: a label,
/// nothing, or why the array is unusable (then described, never guessed).
pub(super) trait ListItem: for<'de> serde::Deserialize<'de> {
    /// The array, as a type error names it.
    const EXPECTING: &'static str;
    fn label(self) -> Result<Option<String>, &'static str>;
}

/// An array of objects as a [`Val::List`] of the labels its elements give; any other value is
/// read as [`ValVisitor`] reads it, so the field's reader reports it.
pub(super) struct ObjectListSeed<T>(std::marker::PhantomData<T>);

impl<T> ObjectListSeed<T> {
    pub(super) const NEW: Self = ObjectListSeed(std::marker::PhantomData);
}

impl<'de, T: ListItem> DeserializeSeed<'de> for ObjectListSeed<T> {
    type Value = Val;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Val, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: ListItem> Visitor<'de> for ObjectListSeed<T> {
    type Value = Val;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Val, E> {
        ValVisitor.visit_unit()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Val, E> {
        ValVisitor.visit_none()
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Val, E> {
        ValVisitor.visit_str(v)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Val, E> {
        ValVisitor.visit_bool(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Val, E> {
        ValVisitor.visit_i64(v)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Val, E> {
        ValVisitor.visit_u64(v)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Val, E> {
        ValVisitor.visit_f64(v)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Val, A::Error> {
        ValVisitor.visit_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Option<T>>()? {
            match item.map(T::label) {
                None | Some(Ok(None)) => {}
                Some(Ok(Some(label))) => out.push(label),
                Some(Err(why)) => return Ok(Val::Other(why.to_string())),
            }
        }
        Ok(Val::List(out))
    }
}

/// One element of `identities`, the two properties read (names matched case-insensitively).
#[derive(Default)]
pub(super) struct Identity {
    sign_in_type: Option<String>,
    issuer_assigned_id: Option<String>,
}

impl ListItem for Identity {
    const EXPECTING: &'static str = "an array of identities";
    fn label(self) -> Result<Option<String>, &'static str> {
        Ok(self.address())
    }
}

impl ListItem for Owner {
    const EXPECTING: &'static str = "an array of owners";
    fn label(self) -> Result<Option<String>, &'static str> {
        match self.mail.or(self.upn).or(self.name).or(self.id) {
            Some(label) => Ok(Some(label)),
            None => Err("an owner with none of mail, userPrincipalName, displayName and id"),
        }
    }
}

impl Identity {
    fn address(self) -> Option<String> {
        let id = self.issuer_assigned_id?;
        if let Some(a) = crate::model::ext_upn_address(&id) {
            return Some(a);
        }
        let upn_sign_in = self
            .sign_in_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("userPrincipalName"));
        (!upn_sign_in && id.contains('@')).then_some(id)
    }
}

impl<'de> serde::Deserialize<'de> for Identity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Identity;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an identity object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Identity, A::Error> {
                let mut out = Identity::default();
                let mut seen = [false; 2];
                while let Some(key) = map.next_key::<IdentityKey>()? {
                    let (i, slot, name) = match key {
                        IdentityKey::SignInType => (0, &mut out.sign_in_type, "signInType"),
                        IdentityKey::IssuerAssignedId => {
                            (1, &mut out.issuer_assigned_id, "issuerAssignedId")
                        }
                        IdentityKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(serde::de::Error::custom(format!(
                            "`{name}` appears twice in one identity (any case): which one is \
                             meant cannot be told"
                        )));
                    }
                    *slot = map.next_value::<Option<String>>()?;
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// The property names of an identity the reader cares about, matched without allocating.
enum IdentityKey {
    SignInType,
    IssuerAssignedId,
    Other,
}

impl<'de> serde::Deserialize<'de> for IdentityKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IdentityKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<E>(self, key: &str) -> Result<IdentityKey, E> {
                Ok(if key.eq_ignore_ascii_case("signInType") {
                    IdentityKey::SignInType
                } else if key.eq_ignore_ascii_case("issuerAssignedId") {
                    IdentityKey::IssuerAssignedId
                } else {
                    IdentityKey::Other
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// One element of `owners`: the properties that can name it (case-insensitive names).
#[derive(Default)]
pub(super) struct Owner {
    mail: Option<String>,
    upn: Option<String>,
    name: Option<String>,
    id: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Owner;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an owner object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Owner, A::Error> {
                const NAMES: [&str; 4] = ["mail", "userPrincipalName", "displayName", "id"];
                let mut out = Owner::default();
                let mut seen = [false; 4];
                while let Some(key) = map.next_key::<String>()? {
                    let Some(i) = NAMES.iter().position(|n| n.eq_ignore_ascii_case(&key)) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(serde::de::Error::custom(format!(
                            "`{key}` appears twice in one owner (any case): which one is meant \
                             cannot be told"
                        )));
                    }
                    let v = map
                        .next_value::<Option<String>>()?
                        .filter(|s| !s.trim().is_empty());
                    let slot = match i {
                        0 => &mut out.mail,
                        1 => &mut out.upn,
                        2 => &mut out.name,
                        _ => &mut out.id,
                    };
                    *slot = v;
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}
