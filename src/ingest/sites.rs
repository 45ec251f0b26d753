//! Site rows: each site collection's own domain restriction and its link to a group or team.
//!
//! The same three sharing fields as the tenant, per site, from `Get-SPOSite -Identity`,
//! `Get-PnPTenantSite` or `m365 spo site list`, as JSON or CSV. A site whose mode is missing is
//! kept as unknown (the `-Limit All` export trap, FACTS §1), never read as `None`.

use super::record::{
    FieldError, Fields, Places, RecordKind, boolean, domain_list, guid, restriction_mode,
    sharing_capability, string,
};
use crate::model::{DomainListField, Site};

pub(crate) struct SiteKind;

const URL: usize = 0;
const MODE: usize = 1;
const ALLOWED: usize = 2;
const BLOCKED: usize = 3;
const GROUP: usize = 4;
const TEAMS: usize = 5;
const TEMPLATE: usize = 6;
const CAPABILITY: usize = 7;

impl RecordKind for SiteKind {
    type Out = Site;
    const FIELDS: &'static [&'static str] = &[
        "Url",
        "SharingDomainRestrictionMode",
        "SharingAllowedDomainList",
        "SharingBlockedDomainList",
        "GroupId",
        "IsTeamsConnected",
        "Template",
        "SharingCapability",
    ];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("userPrincipalName", "guests"),
        ("members", "groups"),
        ("MemberId", "groups"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[URL];
    const NAME: &'static str = "sites";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Site, FieldError> {
        let url = match string(f, URL)? {
            Some(u) if !u.trim().is_empty() => u,
            Some(_) => return Err(FieldError::at(URL, "the site URL is empty")),
            None => {
                return Err(FieldError::record(
                    "no Url: every site row needs the site's URL",
                ));
            }
        };
        Ok(Site {
            location: at.record(),
            url,
            mode: restriction_mode(f, MODE)?,
            allowed: list_field(at, ALLOWED, domain_list(f, ALLOWED)?),
            blocked: list_field(at, BLOCKED, domain_list(f, BLOCKED)?),
            group_id: string(f, GROUP)?.as_deref().and_then(guid),
            is_teams_connected: boolean(f, TEAMS)?,
            template: string(f, TEMPLATE)?,
            sharing_capability: sharing_capability(f, CAPABILITY)?,
        })
    }

    fn subject(out: &Site) -> String {
        out.url.clone()
    }
}

/// A site's list field. Nearly every site of a tenant has empty lists, and nothing points into
/// an empty list (the plan skips blank site lists), so an empty one carries no location: half a
/// million sites save a million place strings.
fn list_field(at: &dyn Places, field: usize, values: Vec<String>) -> DomainListField {
    if values.is_empty() {
        DomainListField::default()
    } else {
        DomainListField::new(at.field(field), values)
    }
}
