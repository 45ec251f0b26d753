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
use super::sites::SiteKind;
use crate::diag::Location;
use crate::model::{DomainListField, RestrictionMode, Tenant};

/// A tenant record and what it says about its exporter.
pub(crate) struct TenantRecord {
    pub tenant: Tenant,
    /// Lists were JSON arrays (Graph).
    pub arrays: bool,
    /// A raw CSOM ProcessQuery object carries `_ObjectType_` (the CLI for Microsoft 365
    /// deletes it before printing).
    pub csom: bool,
    /// REST `odata=verbose` records carry `__metadata`.
    pub verbose: bool,
    /// `ODBSharingCapability`: the CSOM/REST name (CLI for Microsoft 365, REST).
    pub odb: bool,
    /// `OneDriveSharingCapability`: the PowerShell name (Get-SPOTenant, Get-PnPTenant).
    pub onedrive: bool,
    /// `PublicCdnOriginParsed` or `HideDefaultThemes`: PnP model properties the SPO module's
    /// object lacks (testdata/real/EXPECTED.md, "Format labels").
    pub pnp: bool,
    /// The restriction mode was written as a name, not an integer.
    pub mode_named: bool,
}

impl TenantRecord {
    /// The shape the record shows (testdata/real/EXPECTED.md, "Format labels", steps 2-5);
    /// `None` when it shows none of them.
    pub fn shape(&self) -> Option<&'static str> {
        if self.verbose {
            Some("json:spo-rest-verbose")
        } else if self.csom {
            Some("json:csom")
        } else if self.odb {
            Some(if self.mode_named {
                "json:m365-cli"
            } else {
                "json:spo-rest"
            })
        } else if self.onedrive && self.pnp {
            Some("json:get-pnptenant")
        } else if self.onedrive {
            Some("json:get-spotenant")
        } else {
            None
        }
    }
}

pub(crate) struct TenantKind;

const MODE: usize = 0;
const ALLOWED: usize = 1;
const BLOCKED: usize = 2;
const INTEGRATION: usize = 3;
const SYNC: usize = 4;
const CAPABILITY: usize = 5;
const OBJECT_TYPE: usize = 6;
const METADATA: usize = 7;
const ODB: usize = 8;
const ONEDRIVE: usize = 9;
const CDN_PARSED: usize = 10;
const THEMES: usize = 11;
const ROOT_SITE_URL: usize = 12;

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
        // Read only to tell the exporters apart.
        "__metadata",
        "ODBSharingCapability",
        "OneDriveSharingCapability",
        "PublicCdnOriginParsed",
        "HideDefaultThemes",
        "RootSiteUrl",
    ];
    const WRAPPERS: &'static [&'static str] = &["value", "d", "SPO_tenant"];
    // A site row also has the three sharing fields; its `Url` gives it away.
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("Url", "sites"),
        ("userPrincipalName", "guests"),
        ("members", "groups"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[MODE];
    const NAME: &'static str = "tenant settings";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<TenantRecord, FieldError> {
        let csom = take(f, OBJECT_TYPE).is_some();
        let verbose = take(f, METADATA).is_some();
        // Present at all (even null) tells the exporters apart; the value is read below.
        let odb = f.get(ODB).is_some_and(Option::is_some);
        let onedrive = f.get(ONEDRIVE).is_some_and(Option::is_some);
        let pnp = take(f, CDN_PARSED).is_some() | take(f, THEMES).is_some();
        let mode_named =
            matches!(f.get(MODE), Some(Some(Val::Str(s))) if s.trim().parse::<i64>().is_err());
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
                onedrive_sharing_capability: match sharing_capability(f, ONEDRIVE)? {
                    Some(c) => Some(c),
                    None => sharing_capability(f, ODB)?,
                },
                root_site_url: string(f, ROOT_SITE_URL)?,
            },
            arrays,
            csom,
            verbose,
            odb,
            onedrive,
            pnp,
            mode_named,
        })
    }

    fn subject(_: &TenantRecord) -> String {
        "tenant".to_string()
    }
}

/// What wraps the tenant record at the top of a JSON file, when it tells the exporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopLevel {
    /// ScubaGear's `ProviderSettingsExport.json`: `SPO_tenant` (and `SPO_site` up to 1.7).
    ScubaGear { sites: bool },
    /// The SharePoint admin REST response with `odata=verbose`: `{"d": {...}}`.
    RestVerbose,
}

/// Looks at the top-level object's property names (case-insensitive, like every name). A
/// tenant file is small (a ScubaGear report is a few MB at most), so it is parsed once more.
pub(crate) fn top_level_shape(text: &[u8]) -> Option<TopLevel> {
    let serde_json::Value::Object(map) = serde_json::from_slice(text).ok()? else {
        return None;
    };
    let has = |name: &str| map.keys().any(|k| k.eq_ignore_ascii_case(name));
    if has("SPO_tenant") {
        Some(TopLevel::ScubaGear {
            sites: map
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("SPO_site") && !v.is_null()),
        })
    } else if has("d") {
        Some(TopLevel::RestVerbose)
    } else {
        None
    }
}

/// The sites of a ScubaGear report: its `SPO_site` array, read as [`SiteKind`] rows.
pub(crate) struct ScubaSiteKind;

impl RecordKind for ScubaSiteKind {
    type Out = <SiteKind as RecordKind>::Out;
    const FIELDS: &'static [&'static str] = SiteKind::FIELDS;
    const FOREIGN: &'static [(&'static str, &'static str)] = SiteKind::FOREIGN;
    const CSV_REQUIRED: &'static [usize] = SiteKind::CSV_REQUIRED;
    const NAME: &'static str = SiteKind::NAME;
    const WRAPPERS: &'static [&'static str] = &["SPO_site"];

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Self::Out, FieldError> {
        SiteKind::build(f, at)
    }

    fn subject(out: &Self::Out) -> String {
        SiteKind::subject(out)
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
