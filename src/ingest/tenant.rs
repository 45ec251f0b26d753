//! The tenant file: the organisation-wide SharePoint domain restriction.
//!
//! Four exporters write it (Get-SPOTenant, Get-PnPTenant, CLI for Microsoft 365, Graph
//! sharepointSettings) with the same property names in different cases, enums as integers or
//! names, and lists as one string or as arrays; a fifth shape is a plain list of domains whose
//! meaning (allow or block) the command line supplies. All of them become one [`Tenant`].

use super::InputError;
use super::record::{
    FieldError, Fields, Places, RecordKind, Val, boolean, domain_list, restriction_mode,
    sharing_capability, string, take,
};
use crate::diag::Location;
use crate::model::{DomainListField, RestrictionMode, Tenant};

/// A tenant record and what it says about its exporter.
pub(crate) struct TenantRecord {
    pub tenant: Tenant,
    /// Lists were JSON arrays (Graph).
    pub arrays: bool,
    /// CLI for Microsoft 365 marks its objects with `_ObjectType_`.
    pub m365: bool,
}

pub(crate) struct TenantKind;

const MODE: usize = 0;
const ALLOWED: usize = 1;
const BLOCKED: usize = 2;
const INTEGRATION: usize = 3;
const SYNC: usize = 4;
const CAPABILITY: usize = 5;
const OBJECT_TYPE: usize = 6;
const ONEDRIVE_CAPABILITY: usize = 7;
const ODB_CAPABILITY: usize = 8;
const ROOT_SITE_URL: usize = 9;

impl RecordKind for TenantKind {
    type Out = TenantRecord;
    const FIELDS: &'static [&'static str] = &[
        "SharingDomainRestrictionMode",
        "SharingAllowedDomainList",
        "SharingBlockedDomainList",
        "EnableAzureADB2BIntegration",
        "SyncAadB2BManagementPolicy",
        "SharingCapability",
        "_ObjectType_",
        "OneDriveSharingCapability",
        "ODBSharingCapability",
        "RootSiteUrl",
    ];
    // A site row also has the three sharing fields; its `Url` gives it away.
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("Url", "sites"),
        ("userPrincipalName", "guests"),
        ("members", "groups"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[MODE];
    const NAME: &'static str = "tenant settings";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<TenantRecord, FieldError> {
        let m365 = take(f, OBJECT_TYPE).is_some();
        let arrays = matches!(f.get(ALLOWED), Some(Some(Val::List(_))))
            || matches!(f.get(BLOCKED), Some(Some(Val::List(_))));
        let present = f.get(MODE).is_some_and(Option::is_some);
        let mode = restriction_mode(f, MODE)?.ok_or_else(|| {
            if present {
                FieldError::at(MODE, "the restriction mode is null")
            } else {
                FieldError::record(
                    "no SharingDomainRestrictionMode: this is not a tenant settings export \
                     (Get-SPOTenant, Get-PnPTenant, m365 spo tenant settings list or Graph \
                     sharepointSettings)",
                )
            }
        })?;
        let allowed = DomainListField::new(at.field(ALLOWED), domain_list(f, ALLOWED)?);
        let blocked = DomainListField::new(at.field(BLOCKED), domain_list(f, BLOCKED)?);
        Ok(TenantRecord {
            tenant: Tenant {
                location: at.record(),
                mode,
                allowed,
                blocked,
                b2b_integration: boolean(f, INTEGRATION)?,
                sync_aad_b2b_policy: boolean(f, SYNC)?,
                sharing_capability: sharing_capability(f, CAPABILITY)?,
                // PowerShell's name and the CSOM one are the same setting; a file has one.
                onedrive_sharing_capability: match sharing_capability(f, ONEDRIVE_CAPABILITY)? {
                    Some(c) => Some(c),
                    None => sharing_capability(f, ODB_CAPABILITY)?,
                },
                root_site_url: string(f, ROOT_SITE_URL)?,
            },
            arrays,
            m365,
        })
    }

    fn subject(_: &TenantRecord) -> String {
        "tenant".to_string()
    }
}

/// A plain list of domains, one per line; blank lines and `#` comments are skipped, every other
/// line is kept as written (without its line break). `mode` says which list it is.
pub(crate) fn read_text(
    file: &str,
    text: &str,
    mode: Option<RestrictionMode>,
) -> Result<(Tenant, usize), InputError> {
    let mode = match mode {
        Some(m @ (RestrictionMode::AllowList | RestrictionMode::BlockList)) => m,
        _ => {
            return Err(InputError {
                file: file.to_string(),
                place: None,
                message: "a plain list of domains: pass --mode allow|block to say which list it is"
                    .to_string(),
            });
        }
    };
    let values: Vec<String> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map(str::to_string)
        .collect();
    let count = values.len();
    let list = DomainListField::new(Location::file(file), values);
    let (allowed, blocked) = match mode {
        RestrictionMode::AllowList => (list, DomainListField::default()),
        _ => (DomainListField::default(), list),
    };
    Ok((
        Tenant {
            location: Location::file(file),
            mode,
            allowed,
            blocked,
            b2b_integration: None,
            sync_aad_b2b_policy: None,
            sharing_capability: None,
            onedrive_sharing_capability: None,
            root_site_url: None,
        },
        count,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_list_keeps_raw_lines_and_needs_a_mode() {
        let (t, n) = read_text(
            "t.txt",
            "# comment\ncontoso.com\r\n\n  Fabrikam.COM \n",
            Some(RestrictionMode::BlockList),
        )
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(t.mode, RestrictionMode::BlockList);
        assert_eq!(t.blocked.values, vec!["contoso.com", "  Fabrikam.COM "]);
        assert!(t.allowed.values.is_empty());
        let e = read_text("t.txt", "a.com", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.txt: a plain list of domains: pass --mode allow|block to say which list it is"
        );
    }
}
