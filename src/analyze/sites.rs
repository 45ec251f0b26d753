//! Site findings (SPEC §6): site lists the tenant overrides, unknown settings, restrictions
//! that stay in SharePoint, and sharing that worked before and fails after.

use super::gates::Scenario;
use super::*;
use crate::diag::{Code, Finding, plural};
use crate::model::{RestrictionMode, TenantData};
use crate::plan::{ListId, Proposal, preview};

/// Site conflicts (SPEC §6): lists the tenant overrides, unknown settings, restrictions that stay
/// in SharePoint, and sharing that worked before and fails after.
pub(super) fn site_findings(
    data: &TenantData,
    proposal: &Proposal,
    before: &Scenario,
    after: &Scenario,
    totals: &mut Totals,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let tenant_mode = data.tenant.as_ref().map(|t| t.mode);
    for (i, site) in data.sites.iter().enumerate() {
        let url = site.url.as_str();
        let loc = site.location.clone();
        let Some(mode) = site.mode else {
            totals.sites_settings_unknown += 1;
            out.push(
                Finding::new(
                    Code::SiteSettingsUnknown,
                    url,
                    "the export has no SharingDomainRestrictionMode for this site (a `Get-SPOSite -Limit All` export?); treated as no restriction",
                )
                .at(loc),
            );
            continue;
        };
        let allowed: Vec<&str> = proposal
            .list(ListId::SiteAllowed(i))
            .map(|l| l.domains().into_iter().collect())
            .unwrap_or_default();
        let blocked_n = proposal.list(ListId::SiteBlocked(i)).map_or(0, |l| l.len());
        match mode {
            RestrictionMode::AllowList => {
                let sub = before.subdomains;
                let overridden: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|d| !before.tenant.allows(d, sub))
                    .collect();
                if !overridden.is_empty() {
                    let (code, why) = match tenant_mode {
                        Some(RestrictionMode::BlockList) => (
                            Code::SiteAllowsTenantBlocked,
                            "the tenant block list blocks",
                        ),
                        _ => (Code::SiteNotSubset, "the tenant allow list lacks"),
                    };
                    let them = if overridden.len() == 1 { "it" } else { "them" };
                    out.push(
                        Finding::new(
                            code,
                            url,
                            format!(
                                "the site allow list names {} but {why} {them}; the tenant setting wins",
                                preview(overridden.iter().copied(), 10)
                            ),
                        )
                        .at(loc.clone()),
                    );
                }
                let breaks: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|d| before.sharing_allows(i, d) && !after.sharing_allows(i, d))
                    .collect();
                if !breaks.is_empty() {
                    totals.sites_sharing_breaks += 1;
                    let first = breaks[0];
                    out.push(
                        Finding::new(
                            Code::SiteSharingBreaks,
                            url,
                            format!(
                                "sharing to {} (named in the site's own allow list) works today and fails after the change: {}",
                                preview(breaks.iter().copied(), 10),
                                after.sharing(Some(i), first).rule
                            ),
                        )
                        .at(loc.clone()),
                    );
                }
                out.push(
                    Finding::new(
                        Code::SiteOnlyRestriction,
                        url,
                        format!(
                            "the site allows only {}; Entra has one tenant-wide list, so this stays a SharePoint setting",
                            plural(allowed.len(), "domain", "domains")
                        ),
                    )
                    .at(loc),
                );
            }
            RestrictionMode::BlockList if blocked_n > 0 => {
                out.push(
                    Finding::new(
                        Code::SiteOnlyRestriction,
                        url,
                        format!(
                            "the site blocks {}; Entra has one tenant-wide list, so this stays a SharePoint setting",
                            plural(blocked_n, "domain", "domains")
                        ),
                    )
                    .at(loc),
                );
            }
            _ => {}
        }
    }
    out
}
