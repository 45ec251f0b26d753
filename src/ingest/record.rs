//! One record, whatever file format it came from.
//!
//! JSON objects and CSV rows are both read into a small array of loosely typed values ([`Val`]),
//! one slot per known property. Each input kind then turns those slots into its model record in
//! one `build` function, so the rules (enum spellings, null means absent, an empty string is an
//! empty list) are written once for both formats and every error names the exact field.

use super::membership::Membership;
use crate::diag::Location;
use crate::model::{Member, RestrictionMode, SharingCapability};

/// The most properties any record kind reads.
pub(crate) const MAX_FIELDS: usize = 13;

/// A property value as read, before the kind decides what it means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    /// A JSON array of strings (null elements skipped).
    List(Vec<String>),
    /// A group's `members` array: the rows as exported (when kept) and the members resolved as
    /// they were read (when not).
    Members(Vec<Member>, Membership),
    /// Anything else, described for an error message (`an object`, `1.5`).
    Other(String),
}

/// One slot per property of the kind's [`RecordKind::FIELDS`]; `None` = the property is absent.
pub(crate) type Fields = [Option<Val>; MAX_FIELDS];

pub(crate) fn empty_fields() -> Fields {
    std::array::from_fn(|_| None)
}

/// A problem with one record: `field` indexes the kind's FIELDS, `None` means the whole record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub field: Option<usize>,
    pub message: String,
}

impl FieldError {
    pub fn at(field: usize, message: impl Into<String>) -> Self {
        FieldError {
            field: Some(field),
            message: message.into(),
        }
    }
    pub fn record(message: impl Into<String>) -> Self {
        FieldError {
            field: None,
            message: message.into(),
        }
    }
}

/// Where a record and its fields are, in the format the record came from (a JSON pointer, or a
/// CSV row and column).
pub(crate) trait Places {
    fn record(&self) -> Location;
    fn field(&self, index: usize) -> Location;
}

/// What one input kind reads from a record.
pub(crate) trait RecordKind {
    type Out;
    /// Property (or column) names, matched case-insensitively; the index is the slot.
    const FIELDS: &'static [&'static str];
    /// The slot holding a group's `members` array, read with its own decoder.
    const MEMBERS: Option<usize> = None;
    /// The slot holding a user's `identities` array (objects), read with its own decoder into
    /// the addresses it names.
    const IDENTITIES: Option<usize> = None;
    /// The slot holding a group's `owners` array (directory objects), read into the address or
    /// name of each owner.
    const OWNERS: Option<usize> = None;
    /// Top-level properties whose value holds the records (an array or one record): Graph's
    /// `value`; the tenant kind adds REST verbose's `d` and ScubaGear's `SPO_tenant`.
    const WRAPPERS: &'static [&'static str] = &["value"];
    /// Properties that belong to another kind of export, with that kind's name: seeing one means
    /// the file was given as the wrong kind.
    const FOREIGN: &'static [(&'static str, &'static str)] = &[];
    /// A CSV header must name at least one of these slots, or the file is not of this kind.
    const CSV_REQUIRED: &'static [usize];
    /// The kind's name in messages (`guests`, `sites`).
    const NAME: &'static str;
    fn build(fields: &mut Fields, at: &dyn Places) -> Result<Self::Out, FieldError>;
    /// What a finding about this record is about (site URL, guest address, group id).
    fn subject(out: &Self::Out) -> String;
}

/// Looks a property name up in `names`: the slot, and whether it was spelled exactly so.
pub(crate) fn lookup(names: &[&str], key: &str) -> Option<(usize, bool)> {
    names.iter().enumerate().find_map(|(i, n)| {
        if n.len() != key.len() {
            None
        } else if *n == key {
            Some((i, true))
        } else if n.eq_ignore_ascii_case(key) {
            Some((i, false))
        } else {
            None
        }
    })
}

/// The kind a foreign property belongs to, if `key` is one.
pub(crate) fn foreign(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _)| k.len() == key.len() && k.eq_ignore_ascii_case(key))
        .map(|(_, kind)| *kind)
}

/// Takes slot `i` (absent = `None`).
pub(crate) fn take(f: &mut Fields, i: usize) -> Option<Val> {
    f.get_mut(i).and_then(Option::take)
}

/// Describes a value for an error message; long strings are shortened.
pub(crate) fn describe(v: &Val) -> String {
    match v {
        Val::Null => "null".to_string(),
        Val::Bool(b) => b.to_string(),
        Val::Int(n) => n.to_string(),
        Val::Str(s) => {
            let mut short: String = s.chars().take(60).collect();
            if short.len() < s.len() {
                short.push_str("...");
            }
            format!("{short:?}")
        }
        Val::List(_) => "an array".to_string(),
        Val::Members(..) => "an array".to_string(),
        Val::Other(d) => d.clone(),
    }
}

/// A string property: a string, or absent/null.
pub(crate) fn string(f: &mut Fields, i: usize) -> Result<Option<String>, FieldError> {
    match take(f, i) {
        None | Some(Val::Null) => Ok(None),
        Some(Val::Str(s)) => Ok(Some(s)),
        Some(v) => Err(FieldError::at(
            i,
            format!("expected a string, found {}", describe(&v)),
        )),
    }
}

/// A boolean property: `true`/`false` (JSON or text, any case), or absent/null.
pub(crate) fn boolean(f: &mut Fields, i: usize) -> Result<Option<bool>, FieldError> {
    match take(f, i) {
        None | Some(Val::Null) => Ok(None),
        Some(Val::Bool(b)) => Ok(Some(b)),
        Some(Val::Str(s)) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Val::Str(s)) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(FieldError::at(
            i,
            format!("expected true or false, found {}", describe(&v)),
        )),
    }
}

/// A domain-list property: SharePoint's one string, or Graph's array. Absent, null and the empty
/// string are the empty list; every other string is kept whole (normalisation splits it later).
pub(crate) fn domain_list(f: &mut Fields, i: usize) -> Result<Vec<String>, FieldError> {
    match take(f, i) {
        None | Some(Val::Null) => Ok(Vec::new()),
        Some(Val::Str(s)) if s.is_empty() => Ok(Vec::new()),
        Some(Val::Str(s)) => Ok(vec![s]),
        Some(Val::List(v)) => Ok(v),
        Some(v) => Err(FieldError::at(
            i,
            format!(
                "expected a string or an array of strings, found {}",
                describe(&v)
            ),
        )),
    }
}

/// Matches an enum value: its integer (as a number or text) or one of its names, any case.
fn enum_value<T: Copy>(v: &Val, table: &[(i64, &str, T)]) -> Option<T> {
    match v {
        Val::Int(n) => table.iter().find(|(k, _, _)| k == n).map(|(_, _, t)| *t),
        Val::Str(s) => {
            let s = s.trim();
            if let Ok(n) = s.parse::<i64>() {
                return table.iter().find(|(k, _, _)| *k == n).map(|(_, _, t)| *t);
            }
            table
                .iter()
                .find(|(_, name, _)| name.eq_ignore_ascii_case(s))
                .map(|(_, _, t)| *t)
        }
        _ => None,
    }
}

const MODES: &[(i64, &str, RestrictionMode)] = &[
    (0, "None", RestrictionMode::None),
    (1, "AllowList", RestrictionMode::AllowList),
    (2, "BlockList", RestrictionMode::BlockList),
];

/// `SharingDomainRestrictionMode`: 0/1/2, `None`/`AllowList`/`BlockList`, Graph's `none`/
/// `allowList`/`blockList`. Absent or null is `None` (unknown); anything else is an error, never
/// coerced.
pub(crate) fn restriction_mode(
    f: &mut Fields,
    i: usize,
) -> Result<Option<RestrictionMode>, FieldError> {
    match take(f, i) {
        None | Some(Val::Null) => Ok(None),
        Some(Val::Str(s)) if s.trim().eq_ignore_ascii_case("unknownFutureValue") => {
            Err(FieldError::at(
                i,
                "\"unknownFutureValue\" is Graph's placeholder for a mode this API version \
                 cannot name; export the settings with Get-SPOTenant instead",
            ))
        }
        Some(v) => enum_value(&v, MODES).map(Some).ok_or_else(|| {
            FieldError::at(
                i,
                format!(
                    "unknown restriction mode {}; expected 0, 1, 2, None, AllowList or BlockList",
                    describe(&v)
                ),
            )
        }),
    }
}

const CAPABILITIES: &[(i64, &str, SharingCapability)] = &[
    (0, "Disabled", SharingCapability::Disabled),
    (
        1,
        "ExternalUserSharingOnly",
        SharingCapability::ExternalUserSharingOnly,
    ),
    (
        2,
        "ExternalUserAndGuestSharing",
        SharingCapability::ExternalUserAndGuestSharing,
    ),
    (
        3,
        "ExistingExternalUserSharingOnly",
        SharingCapability::ExistingExternalUserSharingOnly,
    ),
];

/// `SharingCapability`: 0..3 or its names (PowerShell or Graph spelling); absent or null is `None`.
pub(crate) fn sharing_capability(
    f: &mut Fields,
    i: usize,
) -> Result<Option<SharingCapability>, FieldError> {
    match take(f, i) {
        None | Some(Val::Null) => Ok(None),
        Some(v) => enum_value(&v, CAPABILITIES).map(Some).ok_or_else(|| {
            FieldError::at(
                i,
                format!(
                    "unknown sharing capability {}; expected 0, 1, 2, 3, Disabled, \
                     ExternalUserSharingOnly, ExternalUserAndGuestSharing or \
                     ExistingExternalUserSharingOnly",
                    describe(&v)
                ),
            )
        }),
    }
}

/// A GUID as an id: `/Guid(...)/` (CSOM JSON) and `{...}` wrappers removed, GUIDs lower-cased so
/// a site's `GroupId` and a group's `id` compare equal. The all-zero GUID means "no group".
pub(crate) fn guid(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s
        .strip_prefix("/Guid(")
        .and_then(|s| s.strip_suffix(")/"))
        .unwrap_or(s);
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    if s.is_empty() || s.chars().all(|c| c == '0' || c == '-') {
        return None;
    }
    let is_guid = s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    Some(if is_guid {
        s.to_ascii_lowercase()
    } else {
        s.to_string()
    })
}

/// A list of strings: a JSON array, or a CSV cell (or hand-made JSON string) joining them with
/// `;`. Anything else is an error saying it expected `expected`.
pub(crate) fn semicolon_list(
    f: &mut Fields,
    slot: usize,
    expected: &str,
) -> Result<Vec<String>, FieldError> {
    Ok(match take(f, slot) {
        None | Some(Val::Null) => Vec::new(),
        Some(Val::List(v)) => v,
        Some(Val::Str(s)) => s
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Some(v) => {
            return Err(FieldError::at(
                slot,
                format!("expected {expected}, found {}", describe(&v)),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: Val) -> Fields {
        let mut f = empty_fields();
        f[0] = Some(v);
        f
    }

    #[test]
    fn modes_accept_every_spelling_and_nothing_else() {
        for (v, want) in [
            (Val::Int(0), RestrictionMode::None),
            (Val::Int(2), RestrictionMode::BlockList),
            (Val::Str("1".into()), RestrictionMode::AllowList),
            (Val::Str("allowList".into()), RestrictionMode::AllowList),
            (Val::Str("BLOCKLIST".into()), RestrictionMode::BlockList),
            (Val::Str("none".into()), RestrictionMode::None),
        ] {
            assert_eq!(restriction_mode(&mut one(v), 0), Ok(Some(want)));
        }
        assert_eq!(restriction_mode(&mut one(Val::Null), 0), Ok(None));
        assert_eq!(restriction_mode(&mut empty_fields(), 0), Ok(None));
        for v in [
            Val::Int(3),
            Val::Int(-1),
            Val::Str("Allow".into()),
            Val::Str("".into()),
            Val::Bool(true),
            Val::Str("unknownFutureValue".into()),
        ] {
            assert!(restriction_mode(&mut one(v), 0).is_err());
        }
    }

    #[test]
    fn capabilities_and_booleans() {
        assert_eq!(
            sharing_capability(&mut one(Val::Str("externalUserAndGuestSharing".into())), 0),
            Ok(Some(SharingCapability::ExternalUserAndGuestSharing))
        );
        assert_eq!(
            sharing_capability(&mut one(Val::Int(3)), 0),
            Ok(Some(SharingCapability::ExistingExternalUserSharingOnly))
        );
        assert!(sharing_capability(&mut one(Val::Int(4)), 0).is_err());
        assert_eq!(
            boolean(&mut one(Val::Str("True".into())), 0),
            Ok(Some(true))
        );
        assert_eq!(boolean(&mut one(Val::Bool(false)), 0), Ok(Some(false)));
        assert!(boolean(&mut one(Val::Int(1)), 0).is_err());
    }

    #[test]
    fn lists_and_guids() {
        assert_eq!(
            domain_list(&mut one(Val::Str(String::new())), 0),
            Ok(vec![])
        );
        assert_eq!(
            domain_list(&mut one(Val::Str("a.com b.com".into())), 0),
            Ok(vec!["a.com b.com".to_string()])
        );
        assert!(domain_list(&mut one(Val::Int(1)), 0).is_err());
        assert_eq!(guid("00000000-0000-0000-0000-000000000000"), None);
        assert_eq!(guid("/Guid(00000000-0000-0000-0000-000000000000)/"), None);
        assert_eq!(
            guid("{A1B2C3D4-0000-0000-0000-00000000000A}").as_deref(),
            Some("a1b2c3d4-0000-0000-0000-00000000000a")
        );
        assert_eq!(lookup(&["Url", "Template"], "url"), Some((0, false)));
        assert_eq!(lookup(&["Url", "Template"], "Template"), Some((1, true)));
        assert_eq!(lookup(&["Url"], "Urls"), None);
    }
}
