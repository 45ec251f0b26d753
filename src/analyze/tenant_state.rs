//! What a 2026 tenant's own settings say about the change (SPEC §5, FACTS §3): the integration
//! state the export shows, external sharing switched off, who may invite at all, and a national
//! cloud where the Graph policy API does not exist.

use super::gates::is_personal_site;
use crate::diag::{Code, Finding, plural};
use crate::model::{InvitesFrom, RestrictionMode, SharingCapability, TenantData};
use crate::plan::{ListId, Proposal};

/// The host suffixes of SharePoint in the national clouds (FACTS §3).
pub const NATIONAL_CLOUD_HOSTS: &[(&str, &str)] = &[
    (".sharepoint.us", "US Government (GCC High)"),
    (".sharepoint-mil.us", "US Government (DoD)"),
    (".sharepoint.cn", "21Vianet (China)"),
];

/// The national cloud a SharePoint URL's host belongs to, if any.
pub fn national_cloud_of(url: &str) -> Option<&'static str> {
    let rest = url
        .split_once("://")
        .map_or(url, |(_, r)| r)
        .trim_start_matches('/');
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    // Compared case-insensitively in place: it runs once per site of a large tenant.
    let host = host.trim_end_matches('.').as_bytes();
    NATIONAL_CLOUD_HOSTS
        .iter()
        .find(|(suffix, _)| {
            host.len() >= suffix.len()
                && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
        })
        .map(|(_, cloud)| *cloud)
}

pub(super) fn check(data: &TenantData, proposal: &Proposal) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(t) = &data.tenant {
        if t.b2b_integration == Some(false) {
            out.push(
                Finding::new(
                    Code::IntegrationNotEnabled,
                    "tenant",
                    "the tenant export says EnableAzureADB2BIntegration is False; Microsoft switches every tenant on in 2026 with no opt-out, and then file and folder sharing passes the Entra list too (the report's \"after\" assumes it on)",
                )
                .at(t.location.clone()),
            );
        }
        if t.sharing_capability == Some(SharingCapability::Disabled) {
            let entries: usize = [ListId::TenantAllowed, ListId::TenantBlocked]
                .into_iter()
                .filter_map(|id| proposal.list(id))
                .map(|l| l.len())
                .sum();
            out.push(
                Finding::new(
                    Code::SharingDisabled,
                    "tenant",
                    format!(
                        "external sharing is Disabled for the tenant: nobody outside can be shared with, so its domain lists ({}) are not in force and are not migrated",
                        plural(entries, "entry", "entries")
                    ),
                )
                .at(t.location.clone()),
            );
        }
        // Said only when the sites input holds personal sites: without them no list is affected.
        let personal = data
            .sites
            .iter()
            .filter(|s| super::gates::is_personal_site(&s.url))
            .count();
        if t.onedrive_sharing_capability == Some(SharingCapability::Disabled)
            && t.sharing_capability != Some(SharingCapability::Disabled)
            && personal > 0
        {
            out.push(
                Finding::new(
                    Code::SharingDisabled,
                    "OneDrive",
                    format!(
                        "external sharing is Disabled for OneDrive: the domain lists of its personal sites ({} in the sites input) are not in force",
                        personal
                    ),
                )
                .at(t.location.clone()),
            );
        }
    }
    // A site cannot be more permissive than the tenant: under a disabled tenant the tenant's
    // finding says it for every site. A site is named only when it has domain lists that are
    // not in force (a restriction mode): a disabled site without lists loses nothing, and a
    // large tenant has hundreds of thousands of those.
    let tenant_disabled = data
        .tenant
        .as_ref()
        .is_some_and(|t| t.sharing_capability == Some(SharingCapability::Disabled));
    let onedrive_disabled = data
        .tenant
        .as_ref()
        .is_some_and(|t| t.onedrive_sharing_capability == Some(SharingCapability::Disabled));
    if !tenant_disabled {
        for site in &data.sites {
            let has_lists = matches!(
                site.mode,
                Some(RestrictionMode::AllowList | RestrictionMode::BlockList)
            );
            // A personal site under a disabled OneDrive is the OneDrive finding's.
            if site.sharing_capability == Some(SharingCapability::Disabled)
                && has_lists
                && !(onedrive_disabled && is_personal_site(&site.url))
            {
                out.push(
                    Finding::new(
                        Code::SharingDisabled,
                        site.url.as_str(),
                        "external sharing is Disabled for this site: its domain lists are not in force, and sharing from it cannot break",
                    )
                    .at(site.location.clone()),
                );
            }
        }
    }
    if let Some(a) = &data.authorization
        && matches!(
            a.allow_invites_from,
            InvitesFrom::None | InvitesFrom::AdminsAndGuestInviters
        )
    {
        out.push(
            Finding::new(
                Code::InvitesRestricted,
                "Entra authorization policy",
                format!(
                    "allowInvitesFrom is {}: team owners and members cannot invite guests whatever the list says; only {} can",
                    a.allow_invites_from.as_str(),
                    match a.allow_invites_from {
                        InvitesFrom::None => "nobody (not even admins through this setting)",
                        _ => "admins and users in the Guest Inviter role",
                    }
                ),
            )
            .at(a.location.clone()),
        );
    }
    out.extend(national_cloud(data));
    out
}

/// `national-cloud` once, naming the hosts that give the cloud away.
fn national_cloud(data: &TenantData) -> Option<Finding> {
    let mut hosts: std::collections::BTreeMap<&'static str, Vec<&str>> = Default::default();
    let mut locations = Vec::new();
    if let Some(t) = &data.tenant
        && let Some(url) = &t.root_site_url
        && let Some(cloud) = national_cloud_of(url)
    {
        hosts.entry(cloud).or_default().push(url);
        locations.push(t.location.clone());
    }
    for s in &data.sites {
        if let Some(cloud) = national_cloud_of(&s.url) {
            let urls = hosts.entry(cloud).or_default();
            if urls.len() < 3 {
                urls.push(&s.url);
            }
            if locations.len() < 10 {
                locations.push(s.location.clone());
            }
        }
    }
    if hosts.is_empty() {
        return None;
    }
    let clouds: Vec<String> = hosts
        .iter()
        .map(|(cloud, urls)| format!("{cloud}: {}", urls.join(", ")))
        .collect();
    let mut f = Finding::new(
        Code::NationalCloud,
        "tenant",
        format!(
            "a national-cloud tenant ({}); the Graph b2bManagementPolicy API exists in the global service only, so --out-graph and --out-script are refused: apply the proposed list in your cloud's Entra admin center",
            clouds.join("; ")
        ),
    );
    f.locations = locations;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_cloud_hosts_and_near_misses() {
        assert!(national_cloud_of("https://contoso.sharepoint.us/sites/a").is_some());
        assert!(national_cloud_of("https://contoso-my.sharepoint.us/personal/x").is_some());
        assert!(national_cloud_of("https://contoso.sharepoint-mil.us").is_some());
        assert!(national_cloud_of("https://CONTOSO.SHAREPOINT.CN/").is_some());
        assert!(national_cloud_of("https://contoso.sharepoint.com/sites/a").is_none());
        assert!(national_cloud_of("https://contoso.sharepoint.com/sites/sharepoint.us").is_none());
        assert!(national_cloud_of("https://sharepoint.us.example.com/").is_none());
    }
}
