//! SharePoint external users: who SharePoint shared with, with or without an Entra account.
//!
//! Three exports (FACTS §3, testdata/real): `Get-SPOExternalUser` (JSON or CSV, `Email`,
//! `AcceptedAs`, `InvitedAs`, optional `SiteUrl` from a per-site loop), `m365 spo externaluser
//! list` (no `Email`: the address is `AcceptedAs`, else `InvitedAs`), and the site "Shared with
//! external users" report CSV (`User E-mail`, one row per user and item; rows without an address
//! are links and groups, rows of type `Member` are internal people).

use super::record::{FieldError, Fields, Places, RecordKind, string};
use crate::model::ExternalUser;

pub(crate) struct ExternalUserKind;

/// One row as read: a person, or a row the sharing report holds that is not an external person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExternalRow {
    Person(ExternalUser),
    /// A sharing link, a SharePoint or Microsoft 365 group: no address.
    NotAPerson,
    /// An internal user (`User or Group Type` Member).
    Internal,
}

const EMAIL: usize = 0;
const ACCEPTED_AS: usize = 1;
const INVITED_AS: usize = 2;
const NAME: usize = 3;
const SITE_URL: usize = 4;
const REPORT_EMAIL: usize = 5;
const REPORT_NAME: usize = 6;
const REPORT_TYPE: usize = 7;

impl RecordKind for ExternalUserKind {
    type Out = ExternalRow;
    const FIELDS: &'static [&'static str] = &[
        "Email",
        "AcceptedAs",
        "InvitedAs",
        "DisplayName",
        "SiteUrl",
        "User E-mail",
        "User Name",
        "User or Group Type",
    ];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("userPrincipalName", "guests"),
        ("members", "groups"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[EMAIL, ACCEPTED_AS, INVITED_AS, REPORT_EMAIL];
    const NAME: &'static str = "external users";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<ExternalRow, FieldError> {
        let report = f.get(REPORT_EMAIL).is_some_and(Option::is_some)
            || f.get(REPORT_TYPE).is_some_and(Option::is_some);
        let nonblank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        if report {
            let address = nonblank(string(f, REPORT_EMAIL)?);
            let kind = string(f, REPORT_TYPE)?;
            let name = nonblank(string(f, REPORT_NAME)?);
            let Some(address) = address else {
                return Ok(ExternalRow::NotAPerson);
            };
            if kind
                .as_deref()
                .is_some_and(|k| k.trim().eq_ignore_ascii_case("Member"))
            {
                return Ok(ExternalRow::Internal);
            }
            return Ok(ExternalRow::Person(ExternalUser {
                location: at.record(),
                address: address.trim().to_string(),
                other_addresses: Vec::new(),
                display_name: name,
                site_url: None,
            }));
        }
        let email = nonblank(string(f, EMAIL)?);
        let accepted = nonblank(string(f, ACCEPTED_AS)?);
        let invited = nonblank(string(f, INVITED_AS)?);
        let mut all = email.into_iter().chain(accepted).chain(invited);
        let Some(address) = all.next() else {
            return Err(FieldError::record(
                "none of Email, AcceptedAs and InvitedAs: an external user row needs an address",
            ));
        };
        let address = address.trim().to_string();
        let mut other_addresses: Vec<String> = Vec::new();
        for a in all {
            let a = a.trim();
            if !a.eq_ignore_ascii_case(&address)
                && !other_addresses.iter().any(|o| o.eq_ignore_ascii_case(a))
            {
                other_addresses.push(a.to_string());
            }
        }
        Ok(ExternalRow::Person(ExternalUser {
            location: at.record(),
            address,
            other_addresses,
            display_name: nonblank(string(f, NAME)?),
            site_url: nonblank(string(f, SITE_URL)?),
        }))
    }

    fn subject(out: &ExternalRow) -> String {
        match out {
            ExternalRow::Person(p) => p.address.clone(),
            _ => String::new(),
        }
    }
}
