//! Guest users: who would be hit when a domain becomes uninvitable.
//!
//! Rows come from `Get-MgUser` or Graph `/users` (JSON pages or CSV). Only the properties that
//! locate a guest's home domain and invitation state are read; `otherMails` is an array in JSON
//! and a `;`-separated cell in CSV.

use super::guest_index::*;
use super::record::{
    FieldError, Fields, Places, RecordKind, Val, describe, semicolon_list, string, take,
};
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
/// The Entra admin centre's "Download users" CSV names the state `invitationState`.
const INVITATION: usize = 8;
/// The same download's name for `otherMails`.
const ALTERNATE: usize = 9;
const IDENTITIES: usize = 10;

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
        "invitationState",
        "alternateEmailAddress",
        "identities",
    ];
    const IDENTITIES: Option<usize> = Some(IDENTITIES);
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
        let mut other_mails = addresses(f, OTHER_MAILS)?;
        other_mails.extend(addresses(f, ALTERNATE)?);
        let identities = addresses(f, IDENTITIES)?;
        let state = match state(f, STATE)? {
            Some(s) => Some(s),
            None => state(f, INVITATION)?,
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
            identities,
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

/// A list of addresses: a JSON array, or a CSV cell (or hand-made JSON string) joining them
/// with `;`.
fn addresses(f: &mut Fields, slot: usize) -> Result<Vec<String>, FieldError> {
    semicolon_list(f, slot, "an array of strings or a `;`-separated string")
}

/// `externalUserState` / `invitationState`: `PendingAcceptance`, `Accepted`, or empty/null.
fn state(f: &mut Fields, slot: usize) -> Result<Option<ExternalUserState>, FieldError> {
    let name = GuestKind::FIELDS.get(slot).copied().unwrap_or("state");
    Ok(match take(f, slot) {
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
                    slot,
                    format!(
                        "unknown {name} {}; expected PendingAcceptance, \
                             Accepted or null",
                        describe(&Val::Str(s))
                    ),
                ));
            }
        }
        Some(v) => {
            return Err(FieldError::at(
                slot,
                format!(
                    "unknown {name} {}; expected PendingAcceptance, Accepted or \
                         null",
                    describe(&v)
                ),
            ));
        }
    })
}

/// Guests read straight into their [`GuestEntry`] and id key, on the thread that parses them
/// (streamed JSON in plan runs). Same properties, rules and errors as [`GuestKind`].
pub(crate) struct GuestEntryKind;

impl RecordKind for GuestEntryKind {
    /// `None` for an internal user (SPEC §3): skipped, counted by the sink.
    type Out = Option<(IdKey, GuestEntry)>;
    const FIELDS: &'static [&'static str] = GuestKind::FIELDS;
    const FOREIGN: &'static [(&'static str, &'static str)] = GuestKind::FOREIGN;
    const CSV_REQUIRED: &'static [usize] = GuestKind::CSV_REQUIRED;
    const NAME: &'static str = GuestKind::NAME;

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Self::Out, FieldError> {
        let g = GuestKind::build(f, at)?;
        if !g.is_external() {
            return Ok(None);
        }
        let key = IdKey::of(g.id.as_deref());
        Ok(Some((key, g.into())))
    }

    fn subject(out: &Self::Out) -> String {
        out.as_ref().map(|o| o.1.label.clone()).unwrap_or_default()
    }
}

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

    #[test]
    fn guid_table_grows_truncates_and_probes() {
        let id = |n: u32| format!("00000000-0000-4000-8000-{n:012x}");
        let mut ix = GuestIndex::default();
        for n in 0..1000 {
            ix.insert(&id(n), n);
        }
        ix.insert(&id(7), 999);
        assert_eq!(ix.get(&id(7)), Some(7));
        ix.truncate(500);
        assert_eq!(ix.get(&id(499)), Some(499));
        assert_eq!(ix.get(&id(500)), None);
        ix.insert(&id(600), 500);
        let p = ix.probe(&id(600));
        assert_eq!(ix.get_probed(p, &id(600)), Some(500));
        assert_eq!(ix.get_probed(ix.probe("x"), "x"), None);
    }
}
