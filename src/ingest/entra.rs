//! The existing Entra B2B management policy, from any of the shapes it is exported in.
//!
//! A bare definition, a Graph `b2bManagementPolicies` object or list (the definition is a string
//! array holding one JSON text), AzureADPreview `Get-AzureADPolicy` output, or the
//! `/beta/legacy/policies` list of every policy type. The file is small, so it is read as a
//! `serde_json::Value`; the whole definition is kept so its other keys (`AutoRedeemPolicy`,
//! `PreviewPolicy`, ...) survive a rewrite. Graph's documentation writes definitions with single
//! quotes, which is not JSON: such text is re-read with the quotes converted.

use serde_json::{Map, Value};

use super::InputError;
use super::decode::line_column;
use super::json::{escape, split_position};
use crate::diag::{Location, Place, PointerIn};
use crate::model::{DomainListField, EntraPolicy};

/// The policy found in one file, the file's shape and how many policy objects it held.
pub(crate) struct EntraRead {
    pub policy: EntraPolicy,
    pub format: &'static str,
    pub records: usize,
}

/// Reads the one B2BManagementPolicy of a file's text.
pub(crate) fn read(file: &str, text: &str) -> Result<EntraRead, InputError> {
    let err = |place: Option<String>, message: String| InputError {
        file: file.to_string(),
        place,
        message,
    };
    let first = text.trim_start();
    if !(first.starts_with('{') || first.starts_with('[')) {
        return Err(err(
            None,
            "not JSON: an Entra policy file is a JSON definition or policy export".to_string(),
        ));
    }
    let root = parse(text).map_err(|(place, message)| err(place, message))?;

    // The candidates: (pointer of the policy object, its id, its type as written).
    let (objects, base, envelope): (Vec<&Value>, &str, bool) = match &root {
        Value::Array(items) => (items.iter().collect(), "", false),
        Value::Object(map) if get(map, "B2BManagementPolicy").is_none() => {
            match get(map, "value") {
                Some((_, Value::Array(items))) => (items.iter().collect(), "/value", true),
                _ => (vec![&root], "", false),
            }
        }
        _ => (vec![&root], "", false),
    };
    let single = matches!(root, Value::Object(_)) && !envelope;
    let mut found: Option<(EntraPolicy, &'static str)> = None;
    for (i, object) in objects.iter().enumerate() {
        let ptr = if single {
            base.to_string()
        } else {
            format!("{base}/{i}")
        };
        let at = |p: &str| {
            if p.is_empty() {
                Location::file(file)
            } else {
                Location::pointer(file, p)
            }
        };
        let Value::Object(map) = object else {
            return Err(err(
                Some(at(&ptr).place.map(|p| p.to_string()).unwrap_or_default()),
                format!("expected a policy object, found {}", kind_of(object)),
            ));
        };
        let candidate = match portal_policy(file, map, &ptr)? {
            Some(c) => Some(c),
            None => policy_of(file, map, &ptr)?,
        };
        let Some(candidate) = candidate else {
            continue;
        };
        if let Some((first, _)) = &found {
            return Err(err(
                at(&ptr).place.map(|p| p.to_string()),
                format!(
                    "a second B2BManagementPolicy (the first is at {}): a tenant has one",
                    first
                        .location
                        .place
                        .as_ref()
                        .map_or("the top".to_string(), ToString::to_string)
                ),
            ));
        }
        let portal = matches!(candidate.kind, Shape::Portal);
        let format = match candidate.kind {
            Shape::Portal => "json:azure-portal-b2b",
            Shape::Bare => "json:bare-definition",
            Shape::Typed(true) => "json:legacy-policies",
            Shape::Typed(false) => "json:get-azureadpolicy",
            Shape::Untyped => "json:graph",
        };
        let (definition, where_def) = candidate.definition;
        let (mut allowed, mut blocked) = lists(file, &definition, &where_def)?;
        if portal {
            // The lists stand for `targetedDomains`: that is where the admin finds them.
            let key = map
                .keys()
                .find(|k| k.eq_ignore_ascii_case("targetedDomains"))
                .map_or("targetedDomains", String::as_str);
            let here = Location::pointer(file, format!("{ptr}/{}", escape(key)));
            allowed.location = Some(here.clone());
            blocked.location = Some(here);
        }
        found = Some((
            EntraPolicy {
                location: at(&ptr),
                id: candidate.id,
                definition,
                allowed,
                blocked,
            },
            format,
        ));
    }
    match found {
        Some((policy, format)) => Ok(EntraRead {
            policy,
            format,
            records: objects.len(),
        }),
        None => Err(err(
            None,
            "no B2BManagementPolicy in this file: expected a bare definition \
             {\"B2BManagementPolicy\": ...}, a Graph b2bManagementPolicies object or list, \
             Get-AzureADPolicy output or a /beta/legacy/policies list"
                .to_string(),
        )),
    }
}

enum Shape {
    /// The Azure portal's B2B policy (`targetedDomains`, `isAllowlist`): no definition.
    Portal,
    Bare,
    /// A `type` was given: numeric (legacy policies) or the name (Get-AzureADPolicy).
    Typed(bool),
    Untyped,
}

struct Candidate {
    kind: Shape,
    id: Option<String>,
    /// The definition and how to name places in it: (prefix pointer, suffix " in ...").
    definition: (Map<String, Value>, Where),
}

/// How a place inside a definition is written: definitions read from a string are addressed by
/// their own pointer plus the string's pointer (`/B2BManagementPolicy in /value/0/definition/0`).
#[derive(Clone)]
struct Where {
    prefix: String,
    /// The pointer of the string the definition was read from, if it was.
    string_at: Option<String>,
}

impl Where {
    fn typed(&self, inner: &str) -> Option<Place> {
        let pointer = format!("{}{inner}", self.prefix);
        match &self.string_at {
            Some(s) => Some(Place::PointerIn(Box::new(PointerIn {
                pointer,
                string_at: s.clone(),
            }))),
            None => (!pointer.is_empty()).then_some(Place::Pointer(pointer)),
        }
    }
    fn place(&self, inner: &str) -> Option<String> {
        self.typed(inner).map(|p| p.to_string())
    }
}

/// The Azure portal's B2B policy shape (`targetedDomains`, `isAllowlist`, `hasListEntries`,
/// `otpEnabled`, tenant-id arrays), as the definition it stands for: the targeted domains are
/// the allow list when `isAllowlist` is true, else the block list. No targeted domain means no
/// list (invitations to any domain), never an empty allow list, whatever `isAllowlist` says.
/// The tenant-id arrays and `otpEnabled` have no documented definition counterpart and are not
/// read.
fn portal_policy(
    file: &str,
    map: &Map<String, Value>,
    ptr: &str,
) -> Result<Option<Candidate>, InputError> {
    let Some((key, targeted)) = get(map, "targetedDomains") else {
        return Ok(None);
    };
    let err = |place: String, message: String| InputError {
        file: file.to_string(),
        place: Some(place),
        message,
    };
    let here = format!("{ptr}/{}", escape(key));
    let domains: Vec<Value> = match targeted {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    return Err(err(
                        format!("{here}/{i}"),
                        format!("expected a domain string, found {}", kind_of(item)),
                    ));
                }
            }
            items.clone()
        }
        other => {
            return Err(err(
                here,
                format!("expected an array of domains, found {}", kind_of(other)),
            ));
        }
    };
    let list = if domains.is_empty() {
        None
    } else {
        match get(map, "isAllowlist") {
            Some((_, Value::Bool(true))) => Some("AllowedDomains"),
            Some((_, Value::Bool(false))) => Some("BlockedDomains"),
            Some((k, other)) => {
                return Err(err(
                    format!("{ptr}/{}", escape(k)),
                    format!("expected true or false, found {}", kind_of(other)),
                ));
            }
            None => {
                return Err(err(
                    here,
                    "targeted domains without `isAllowlist`: whether they are allowed or \
                     blocked cannot be told"
                        .to_string(),
                ));
            }
        }
    };
    let mut inner = Map::new();
    if let Some(name) = list {
        inner.insert(name.to_string(), Value::Array(domains));
    }
    let mut b2b = Map::new();
    b2b.insert(
        "InvitationsAllowedAndBlockedDomainsPolicy".to_string(),
        Value::Object(inner),
    );
    let mut definition = Map::new();
    definition.insert("B2BManagementPolicy".to_string(), Value::Object(b2b));
    Ok(Some(Candidate {
        kind: Shape::Portal,
        id: None,
        definition: (
            definition,
            Where {
                prefix: ptr.to_string(),
                string_at: None,
            },
        ),
    }))
}

/// The B2BManagementPolicy an object holds, if it is (or contains) one.
fn policy_of(
    file: &str,
    map: &Map<String, Value>,
    ptr: &str,
) -> Result<Option<Candidate>, InputError> {
    let err = |place: String, message: String| InputError {
        file: file.to_string(),
        place: Some(place),
        message,
    };
    if get(map, "B2BManagementPolicy").is_some() {
        return Ok(Some(Candidate {
            kind: Shape::Bare,
            id: None,
            definition: (
                map.clone(),
                Where {
                    prefix: ptr.to_string(),
                    string_at: None,
                },
            ),
        }));
    }
    let typed = match get(map, "type") {
        None | Some((_, Value::Null)) => None,
        Some((_, Value::Number(n))) => Some((n.as_i64() == Some(6), true)),
        Some((_, Value::String(s))) => {
            let s = s.trim();
            Some((
                s == "6" || s.eq_ignore_ascii_case("B2BManagementPolicy"),
                false,
            ))
        }
        Some(_) => Some((false, false)),
    };
    if let Some((false, _)) = typed {
        // Another policy type (token lifetime, home realm discovery, ...): not ours.
        return Ok(None);
    }
    let id = match get(map, "id").or_else(|| get(map, "ObjectId")) {
        Some((_, Value::String(s))) => Some(s.clone()),
        _ => None,
    };
    let Some((key, definition)) = get(map, "definition") else {
        return match typed {
            Some(_) => Err(InputError {
                file: file.to_string(),
                place: (!ptr.is_empty()).then(|| ptr.to_string()),
                message: "a B2BManagementPolicy without a definition".to_string(),
            }),
            None => Ok(None),
        };
    };
    let def_ptr = format!("{ptr}/{}", escape(key));
    let (text, text_ptr) = match definition {
        Value::String(s) => (s.clone(), def_ptr.clone()),
        Value::Array(parts) => {
            let mut text = String::new();
            for (i, part) in parts.iter().enumerate() {
                match part {
                    Value::String(s) => text.push_str(s),
                    other => {
                        return Err(err(
                            format!("{def_ptr}/{i}"),
                            format!("expected a string, found {}", kind_of(other)),
                        ));
                    }
                }
            }
            let text_ptr = if parts.len() == 1 {
                format!("{def_ptr}/0")
            } else {
                def_ptr.clone()
            };
            (text, text_ptr)
        }
        Value::Object(inner) => {
            // Already parsed (hand-made or converted exports).
            return Ok(get(inner, "B2BManagementPolicy").map(|_| Candidate {
                kind: shape(typed),
                id,
                definition: (
                    inner.clone(),
                    Where {
                        prefix: def_ptr.clone(),
                        string_at: None,
                    },
                ),
            }));
        }
        other => {
            return Err(err(
                def_ptr,
                format!(
                    "expected the definition as an array of strings, found {}",
                    kind_of(other)
                ),
            ));
        }
    };
    let parsed = parse(&text).map_err(|(place, message)| {
        let place = match place {
            Some(p) => format!("{text_ptr} ({p} of the definition)"),
            None => text_ptr.clone(),
        };
        if message.contains(TWICE) {
            err(place, format!("in the definition, {message}"))
        } else {
            err(
                place,
                format!("the definition is not valid JSON: {message}"),
            )
        }
    })?;
    let Value::Object(def) = parsed else {
        return Err(err(
            text_ptr,
            format!(
                "expected the definition to be a JSON object, found {}",
                kind_of(&parsed)
            ),
        ));
    };
    if get(&def, "B2BManagementPolicy").is_none() {
        return match typed {
            Some(_) => Err(err(
                text_ptr,
                "the definition has no B2BManagementPolicy".to_string(),
            )),
            None => Ok(None),
        };
    }
    Ok(Some(Candidate {
        kind: shape(typed),
        id,
        definition: (
            def,
            Where {
                prefix: String::new(),
                string_at: Some(text_ptr.to_string()),
            },
        ),
    }))
}

fn shape(typed: Option<(bool, bool)>) -> Shape {
    match typed {
        Some((_, numeric)) => Shape::Typed(numeric),
        None => Shape::Untyped,
    }
}

/// AllowedDomains and BlockedDomains of `InvitationsAllowedAndBlockedDomainsPolicy`; absent or
/// null lists are empty.
fn lists(
    file: &str,
    def: &Map<String, Value>,
    at: &Where,
) -> Result<(DomainListField, DomainListField), InputError> {
    let loc = |inner: &str| Location {
        file: file.into(),
        place: at.typed(inner),
    };
    let err = |inner: &str, message: String| InputError {
        file: file.to_string(),
        place: at.place(inner),
        message,
    };
    let mut path = String::new();
    let mut current = def;
    for name in [
        "B2BManagementPolicy",
        "InvitationsAllowedAndBlockedDomainsPolicy",
    ] {
        match get(current, name) {
            Some((key, Value::Object(m))) => {
                path.push('/');
                path.push_str(&escape(key));
                current = m;
            }
            None | Some((_, Value::Null)) => {
                path.push('/');
                path.push_str(name);
                let empty =
                    |list: &str| DomainListField::new(loc(&format!("{path}/{list}")), Vec::new());
                return Ok((empty("AllowedDomains"), empty("BlockedDomains")));
            }
            Some((key, other)) => {
                return Err(err(
                    &format!("{path}/{}", escape(key)),
                    format!("expected an object, found {}", kind_of(other)),
                ));
            }
        }
    }
    let read = |name: &str| -> Result<DomainListField, InputError> {
        let (key, value) = match get(current, name) {
            Some((key, value)) => (escape(key).into_owned(), Some(value)),
            None => (name.to_string(), None),
        };
        let here = format!("{path}/{key}");
        let values = match value {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let mut values = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => values.push(s.clone()),
                        other => {
                            return Err(err(
                                &format!("{here}/{i}"),
                                format!("expected a domain string, found {}", kind_of(other)),
                            ));
                        }
                    }
                }
                values
            }
            Some(other) => {
                return Err(err(
                    &here,
                    format!("expected an array of domains, found {}", kind_of(other)),
                ));
            }
        };
        Ok(DomainListField::new(loc(&here), values))
    };
    Ok((read("AllowedDomains")?, read("BlockedDomains")?))
}

/// A property by name, any case (an exact match first).
fn get<'m>(map: &'m Map<String, Value>, name: &str) -> Option<(&'m String, &'m Value)> {
    map.get_key_value(name)
        .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses JSON, or failing that the same text with single quotes read as double quotes.
/// Errors are (place, message).
fn parse(text: &str) -> Result<Value, (Option<String>, String)> {
    let first = match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            // `Value` keeps the last of two equal keys: look for them in the text first.
            if let Some((ptr, key)) = duplicate_key(text) {
                return Err(duplicate_error(ptr, &key));
            }
            return Ok(v);
        }
        Err(e) => e,
    };
    if !text.contains('\'') {
        return Err(split_position(&first));
    }
    let converted = requote(text).map_err(|(offset, message)| {
        let place = text.get(..offset).map(line_column);
        (place, message)
    })?;
    let value = serde_json::from_str::<Value>(&converted).map_err(|e| {
        let (place, message) = split_position(&e);
        (
            place,
            format!("{message} (reading single quotes as double quotes)"),
        )
    })?;
    if let Some((ptr, key)) = duplicate_key(&converted) {
        return Err(duplicate_error(ptr, &key));
    }
    Ok(value)
}

/// The properties the Entra reader reads, at any depth (names match in any case).
const READ_KEYS: &[&str] = &[
    "B2BManagementPolicy",
    "InvitationsAllowedAndBlockedDomainsPolicy",
    "AllowedDomains",
    "BlockedDomains",
    "definition",
    "id",
    "ObjectId",
    "type",
    "value",
    "targetedDomains",
    "isAllowlist",
    "hasListEntries",
];

/// The marker that tells [`duplicate_error`]'s message from a syntax error's.
const TWICE: &str = "appears twice in one object";

fn duplicate_error(ptr: String, key: &str) -> (Option<String>, String) {
    (
        Some(ptr),
        format!(
            "`{key}` {TWICE} (property names match in any case): which value is meant cannot \
             be told"
        ),
    )
}

/// The first property of [`READ_KEYS`] that appears twice in one object of `text` (already
/// known to be valid JSON): its JSON pointer and name as written the second time.
fn duplicate_key(text: &str) -> Option<(String, String)> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Walk<'a> {
        ptr: String,
        found: &'a mut Option<(String, String)>,
    }
    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
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
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0usize;
            while seq
                .next_element_seed(Walk {
                    ptr: format!("{}/{i}", self.ptr),
                    found: &mut *self.found,
                })?
                .is_some()
            {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen: u32 = 0;
            while let Some(key) = map.next_key::<String>()? {
                let ptr = format!("{}/{}", self.ptr, escape(&key));
                if let Some(i) = READ_KEYS.iter().position(|k| k.eq_ignore_ascii_case(&key)) {
                    if seen & (1 << i) != 0 && self.found.is_none() {
                        *self.found = Some((ptr.clone(), key.clone()));
                    }
                    seen |= 1 << i;
                }
                map.next_value_seed(Walk {
                    ptr,
                    found: &mut *self.found,
                })?;
            }
            Ok(())
        }
    }
    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    // The text already parsed: the walk cannot fail on syntax.
    let _ = Walk {
        ptr: String::new(),
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

/// Rewrites single-quoted strings as JSON strings. Only quotes outside double-quoted strings
/// delimit; inside a single-quoted string `\'` is a quote and `"` is escaped. Returns the byte
/// offset and reason of an unterminated string.
pub(crate) fn requote(text: &str) -> Result<String, (usize, String)> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Double,
        Single,
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut state = In::Code;
    let mut start = 0;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match state {
            In::Code => match c {
                '\'' => {
                    out.push('"');
                    state = In::Single;
                    start = i;
                }
                '"' => {
                    out.push('"');
                    state = In::Double;
                    start = i;
                }
                _ => out.push(c),
            },
            In::Double => match c {
                '\\' => {
                    out.push('\\');
                    if let Some((_, n)) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => {
                    out.push('"');
                    state = In::Code;
                }
                _ => out.push(c),
            },
            In::Single => match c {
                '\\' => match chars.next() {
                    Some((_, '\'')) => out.push('\''),
                    Some((_, n)) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => out.push('\\'),
                },
                '"' => out.push_str("\\\""),
                '\'' => {
                    out.push('"');
                    state = In::Code;
                }
                _ => out.push(c),
            },
        }
    }
    if state != In::Code {
        return Err((start, "a quoted string is not closed".to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requote_handles_nesting_and_escapes() {
        assert_eq!(
            requote("{'a':'it\\'s \"x\"','b':\"don't\"}").unwrap(),
            "{\"a\":\"it's \\\"x\\\"\",\"b\":\"don't\"}"
        );
        assert_eq!(requote("{'a\\\\':1}").unwrap(), "{\"a\\\\\":1}");
        assert_eq!(requote("{'a").unwrap_err().0, 1);
        assert_eq!(requote("{\"a\\\"'").unwrap_err().0, 1);
    }

    #[test]
    fn reads_a_bare_definition() {
        let r = read(
            "e.json",
            r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":["live.com"]},"AutoRedeemPolicy":{}}}"#,
        )
        .unwrap();
        assert_eq!(r.format, "json:bare-definition");
        assert_eq!(r.policy.blocked.values, vec!["live.com"]);
        assert!(r.policy.allowed.values.is_empty());
        assert_eq!(
            r.policy
                .blocked
                .location
                .as_ref()
                .unwrap()
                .place
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/BlockedDomains")
        );
        assert!(r.policy.definition.contains_key("B2BManagementPolicy"));
    }

    #[test]
    fn picks_the_b2b_policy_from_a_legacy_list() {
        let text = r#"{"value":[
            {"id":"a","type":4,"definition":["{\"TokenLifetimePolicy\":{}}"]},
            {"id":"b","type":6,"definition":["{'B2BManagementPolicy':{'InvitationsAllowedAndBlockedDomainsPolicy':{'AllowedDomains':['contoso.com']}}}"]}
        ]}"#;
        let r = read("l.json", text).unwrap();
        assert_eq!(r.format, "json:legacy-policies");
        assert_eq!(r.records, 2);
        assert_eq!(r.policy.id.as_deref(), Some("b"));
        assert_eq!(r.policy.allowed.values, vec!["contoso.com"]);
        assert_eq!(
            r.policy
                .allowed
                .location
                .unwrap()
                .place
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some(
                "/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/AllowedDomains \
                 in /value/1/definition/0"
            )
        );
    }
}
