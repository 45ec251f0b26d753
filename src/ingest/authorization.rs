//! The Entra authorization policy (Graph `GET /policies/authorizationPolicy`, v1.0 object or beta
//! list, or `Get-MgPolicyAuthorizationPolicy | ConvertTo-Json`): who may invite guests.

use super::record::{FieldError, Fields, Places, RecordKind, Val, describe, take};
use crate::model::{AuthorizationPolicy, InvitesFrom};

pub(crate) struct AuthorizationKind;

const ALLOW_INVITES_FROM: usize = 0;

const VALUES: &[(&str, InvitesFrom)] = &[
    ("none", InvitesFrom::None),
    (
        "adminsAndGuestInviters",
        InvitesFrom::AdminsAndGuestInviters,
    ),
    (
        "adminsGuestInvitersAndAllMembers",
        InvitesFrom::AdminsGuestInvitersAndAllMembers,
    ),
    ("everyone", InvitesFrom::Everyone),
];

impl RecordKind for AuthorizationKind {
    type Out = AuthorizationPolicy;
    const FIELDS: &'static [&'static str] = &["allowInvitesFrom"];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("userPrincipalName", "guests"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[ALLOW_INVITES_FROM];
    const NAME: &'static str = "authorization policy";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<AuthorizationPolicy, FieldError> {
        let allow_invites_from = match take(f, ALLOW_INVITES_FROM) {
            None | Some(Val::Null) => {
                return Err(FieldError::record(
                    "no allowInvitesFrom: this is not an authorization policy \
                     (GET /policies/authorizationPolicy)",
                ));
            }
            Some(Val::Str(s)) => VALUES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(s.trim()))
                .map(|(_, v)| *v)
                .ok_or_else(|| {
                    FieldError::at(
                        ALLOW_INVITES_FROM,
                        format!(
                            "unknown allowInvitesFrom {}; expected none, adminsAndGuestInviters, \
                             adminsGuestInvitersAndAllMembers or everyone",
                            describe(&Val::Str(s.clone()))
                        ),
                    )
                })?,
            Some(v) => {
                return Err(FieldError::at(
                    ALLOW_INVITES_FROM,
                    format!("expected a string, found {}", describe(&v)),
                ));
            }
        };
        Ok(AuthorizationPolicy {
            location: at.record(),
            allow_invites_from,
        })
    }

    fn subject(_: &AuthorizationPolicy) -> String {
        "authorization policy".to_string()
    }
}
