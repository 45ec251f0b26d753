//! Guest users: who would be hit when a domain becomes uninvitable.
//!
//! Rows come from `Get-MgUser` or Graph `/users` (JSON pages or CSV). Only the properties that
//! locate a guest's home domain and invitation state are read; `otherMails` is an array in JSON
//! and a `;`-separated cell in CSV.

use super::record::{FieldError, Fields, Places, RecordKind, Val, describe, string, take};
use crate::model::{ExternalUserState, Guest, GuestEntry};

pub(crate) struct GuestKind;

const ID: usize = 0;
const MAIL: usize = 1;
const UPN: usize = 2;
const OTHER_MAILS: usize = 3;
const STATE: usize = 4;
const CREATION: usize = 5;
const USER_TYPE: usize = 6;
const NAME: usize = 7;

impl RecordKind for GuestKind {
    type Out = Guest;
    const FIELDS: &'static [&'static str] = &[
        "id",
        "mail",
        "userPrincipalName",
        "otherMails",
        "externalUserState",
        "creationType",
        "userType",
        "displayName",
    ];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("members", "groups"),
        ("resourceProvisioningOptions", "groups"),
        ("groupTypes", "groups"),
        ("GroupId", "groups"),
        ("MemberId", "groups"),
        ("Url", "sites"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[ID, MAIL, UPN];
    const NAME: &'static str = "guests";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Guest, FieldError> {
        let id = string(f, ID)?;
        let mail = string(f, MAIL)?;
        let user_principal_name = string(f, UPN)?;
        if id.is_none() && mail.is_none() && user_principal_name.is_none() {
            return Err(FieldError::record(
                "none of id, mail and userPrincipalName: a guest row needs at least one",
            ));
        }
        let other_mails = match take(f, OTHER_MAILS) {
            None | Some(Val::Null) => Vec::new(),
            Some(Val::List(v)) => v,
            // CSV cells (and some hand-made JSON) join the addresses with `;`.
            Some(Val::Str(s)) => s
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Some(v) => {
                return Err(FieldError::at(
                    OTHER_MAILS,
                    format!(
                        "expected an array of strings or a `;`-separated string, found {}",
                        describe(&v)
                    ),
                ));
            }
        };
        let state = match take(f, STATE) {
            None | Some(Val::Null) => None,
            Some(Val::Str(s)) => {
                let t = s.trim();
                if t.is_empty() {
                    None
                } else if t.eq_ignore_ascii_case("PendingAcceptance")
                    || t.eq_ignore_ascii_case("Pending Acceptance")
                {
                    Some(ExternalUserState::PendingAcceptance)
                } else if t.eq_ignore_ascii_case("Accepted") {
                    Some(ExternalUserState::Accepted)
                } else {
                    return Err(FieldError::at(
                        STATE,
                        format!(
                            "unknown externalUserState {}; expected PendingAcceptance, \
                             Accepted or null",
                            describe(&Val::Str(s))
                        ),
                    ));
                }
            }
            Some(v) => {
                return Err(FieldError::at(
                    STATE,
                    format!(
                        "unknown externalUserState {}; expected PendingAcceptance, Accepted or \
                         null",
                        describe(&v)
                    ),
                ));
            }
        };
        Ok(Guest {
            location: Some(at.record()),
            id,
            display_name: string(f, NAME)?,
            mail,
            user_principal_name,
            other_mails,
            state,
            creation_type: string(f, CREATION)?,
            user_type: string(f, USER_TYPE)?,
        })
    }

    fn subject(out: &Guest) -> String {
        out.user_principal_name
            .as_ref()
            .or(out.mail.as_ref())
            .or(out.id.as_ref())
            .cloned()
            .unwrap_or_default()
    }
}

/// Guests read straight into their [`GuestEntry`] and id key, on the thread that parses them
/// (streamed JSON in plan runs). Same properties, rules and errors as [`GuestKind`].
pub(crate) struct GuestEntryKind;

impl RecordKind for GuestEntryKind {
    type Out = (IdKey, GuestEntry);
    const FIELDS: &'static [&'static str] = GuestKind::FIELDS;
    const FOREIGN: &'static [(&'static str, &'static str)] = GuestKind::FOREIGN;
    const CSV_REQUIRED: &'static [usize] = GuestKind::CSV_REQUIRED;
    const NAME: &'static str = GuestKind::NAME;

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Self::Out, FieldError> {
        let g = GuestKind::build(f, at)?;
        let key = IdKey::of(g.id.as_deref());
        Ok((key, g.into()))
    }

    fn subject(out: &Self::Out) -> String {
        out.1.label.clone()
    }
}

/// A guest id as [`GuestIndex`] keys it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdKey {
    None,
    Guid(u128),
    Text(String),
}

impl IdKey {
    pub fn of(id: Option<&str>) -> IdKey {
        match id {
            None => IdKey::None,
            Some(id) => guid_key(id).map_or_else(|| IdKey::Text(id.to_string()), IdKey::Guid),
        }
    }
}

/// Guest ids to their index in [`crate::model::TenantData::guest_entries`], so group members
/// are resolved as they are read. The first guest with an id wins. Ids in the canonical
/// lower-case GUID form (nearly all) are kept as 128-bit numbers: no allocation per guest.
#[derive(Debug, Default)]
pub(crate) struct GuestIndex {
    guids: foldhash::HashMap<u128, u32>,
    others: foldhash::HashMap<String, u32>,
}

impl GuestIndex {
    pub fn insert(&mut self, id: &str, index: u32) {
        match guid_key(id) {
            Some(k) => {
                self.guids.entry(k).or_insert(index);
            }
            None => {
                if !self.others.contains_key(id) {
                    self.others.insert(id.to_string(), index);
                }
            }
        }
    }

    /// [`GuestIndex::insert`] with the key already made.
    pub fn insert_key(&mut self, key: IdKey, index: u32) {
        match key {
            IdKey::None => {}
            IdKey::Guid(k) => {
                self.guids.entry(k).or_insert(index);
            }
            IdKey::Text(id) => {
                self.others.entry(id).or_insert(index);
            }
        }
    }

    /// Forgets the guests from `len` on (a file being read again from the start).
    pub fn truncate(&mut self, len: u32) {
        self.guids.retain(|_, i| *i < len);
        self.others.retain(|_, i| *i < len);
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        match guid_key(id) {
            Some(k) => self.guids.get(&k).copied(),
            None => self.others.get(id).copied(),
        }
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower-case hex as a number; `None` for any other
/// spelling (which is then compared as text, so ids still match exactly).
fn guid_key(id: &str) -> Option<u128> {
    let b: &[u8; 36] = id.as_bytes().try_into().ok()?;
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let mut n: u128 = 0;
    let mut bad = 0u8;
    for (i, &c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            continue;
        }
        let d = HEX[usize::from(c)];
        bad |= d;
        n = (n << 4) | u128::from(d & 0x0F);
    }
    // Any byte that is not a lower-case hex digit sets the high bit.
    (bad & 0x80 == 0).then_some(n)
}

/// Lower-case hex digit values; 0x80 for every other byte.
const HEX: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_ids_match_exactly() {
        let mut ix = GuestIndex::default();
        ix.insert("11111111-aaaa-4bbb-8ccc-000000000001", 0);
        ix.insert("11111111-aaaa-4bbb-8ccc-000000000001", 5);
        ix.insert("11111111-AAAA-4bbb-8ccc-000000000002", 1);
        ix.insert("x", 2);
        assert_eq!(ix.get("11111111-aaaa-4bbb-8ccc-000000000001"), Some(0));
        assert_eq!(ix.get("11111111-aaaa-4bbb-8ccc-000000000002"), None);
        assert_eq!(ix.get("11111111-AAAA-4bbb-8ccc-000000000002"), Some(1));
        assert_eq!(ix.get("11111111-AAAA-4bbb-8ccc-000000000001"), None);
        assert_eq!(ix.get("x"), Some(2));
        assert_eq!(ix.get("y"), None);
        assert_eq!(guid_key("00000000-0000-0000-0000-0000000000af"), Some(0xaf));
        assert_eq!(guid_key("00000000-0000-0000-0000-0000000000ag"), None);
        assert_eq!(guid_key("00000000x0000-0000-0000-0000000000af"), None);
    }
}
