//! `spo2b2b why ADDRESS`: every gate an address meets, before and after the change, with the
//! rule and the list entry that decided it. It asks the same [`Scenario`]s the plan's blast
//! radius is computed from, so `why` can never disagree with the report.

use serde::Serialize;

use super::{Report, RunError};
use crate::analyze::gates::{Scenario, Verdict};
use crate::analyze::guests::address_domain;
use crate::diag::Finding;
use crate::domain::{self, EntryContext, ListRole};

/// A gate an address meets on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    SharepointTenant,
    SharepointSite,
    Entra,
    SiteInvitation,
    FileFolderSharing,
    TeamsGroupsInvitation,
    PendingRedemption,
    RedeemedGuestAccess,
    SpoOnlyAccountCreation,
}

impl Gate {
    pub const ALL: [Gate; 9] = [
        Gate::SharepointTenant,
        Gate::SharepointSite,
        Gate::Entra,
        Gate::SiteInvitation,
        Gate::FileFolderSharing,
        Gate::TeamsGroupsInvitation,
        Gate::PendingRedemption,
        Gate::RedeemedGuestAccess,
        Gate::SpoOnlyAccountCreation,
    ];

    /// The serialised name (`sharepoint-tenant`, ...), as reports show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::SharepointTenant => "sharepoint-tenant",
            Gate::SharepointSite => "sharepoint-site",
            Gate::Entra => "entra",
            Gate::SiteInvitation => "site-invitation",
            Gate::FileFolderSharing => "file-folder-sharing",
            Gate::TeamsGroupsInvitation => "teams-groups-invitation",
            Gate::PendingRedemption => "pending-redemption",
            Gate::RedeemedGuestAccess => "redeemed-guest-access",
            Gate::SpoOnlyAccountCreation => "spo-only-account-creation",
        }
    }
}

impl std::fmt::Display for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One gate, before and after.
#[derive(Debug, Serialize)]
pub struct GateRow {
    pub gate: Gate,
    pub before: Verdict,
    pub after: Verdict,
}

/// Everything `why` says about one address.
#[derive(Debug, Serialize)]
pub struct Explanation {
    pub address: String,
    /// The canonical home domain; `None` when the address has no valid domain.
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub gates: Vec<GateRow>,
    /// What the run knows about the person: a SharePoint external user with no Entra guest
    /// account (SharePoint-only), or one matched to an Entra guest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_user: Option<String>,
    /// Findings of the run whose subject names this domain.
    pub findings: Vec<Finding>,
}

/// Finds a site by URL: case-insensitive, a trailing slash ignored (SharePoint URLs are).
pub fn find_site(report: &Report, url: &str) -> Result<usize, RunError> {
    let want = url.trim_end_matches('/').to_ascii_lowercase();
    report
        .data
        .sites
        .iter()
        .position(|s| s.url.trim_end_matches('/').to_ascii_lowercase() == want)
        .ok_or_else(|| {
            RunError::Usage(format!(
                "--site {url}: no such site in the sites export ({} sites read)",
                report.data.sites.len()
            ))
        })
}

fn rows(before: &Scenario, after: &Scenario, site: Option<usize>, d: &str) -> Vec<GateRow> {
    let sub = before.subdomains;
    let mut out = vec![GateRow {
        gate: Gate::SharepointTenant,
        before: before.tenant.check(d, sub),
        after: after.tenant.check(d, sub),
    }];
    if let Some(i) = site {
        out.push(GateRow {
            gate: Gate::SharepointSite,
            before: before.sites[i].check(d, sub),
            after: after.sites[i].check(d, sub),
        });
    }
    out.push(GateRow {
        gate: Gate::Entra,
        before: before.entra.check(d, sub),
        after: after.entra.check(d, sub),
    });
    // Site invitations always pass the Entra gate; file and folder sharing only with the
    // integration on (SPEC §5): two gates, so the difference is visible.
    out.push(GateRow {
        gate: Gate::SiteInvitation,
        before: before.site_invitation(site, d),
        after: after.site_invitation(site, d),
    });
    out.push(GateRow {
        gate: Gate::FileFolderSharing,
        before: before.sharing(site, d),
        after: after.sharing(site, d),
    });
    out.push(GateRow {
        gate: Gate::TeamsGroupsInvitation,
        before: before.invite(d),
        after: after.invite(d),
    });
    out.push(GateRow {
        gate: Gate::PendingRedemption,
        before: before.invite(d),
        after: after.invite(d),
    });
    out.push(GateRow {
        gate: Gate::RedeemedGuestAccess,
        before: before.redeemed_access(site, d),
        after: after.redeemed_access(site, d),
    });
    out
}

/// Explains each address against the report's before and after scenarios.
pub fn explain(
    report: &Report,
    addresses: &[String],
    site: Option<&str>,
) -> Result<Vec<Explanation>, RunError> {
    let site_idx = site.map(|s| find_site(report, s)).transpose()?;
    let (before, after) = (&report.analysis.before, &report.analysis.after);
    let ctx = EntryContext {
        role: ListRole::Query,
        from_csv: false,
    };
    Ok(addresses
        .iter()
        .map(|address| {
            let n = domain::normalize_entry(address_domain(address.trim()), ctx);
            let site = site_idx.map(|i| report.data.sites[i].url.clone());
            match n.canonical {
                Some(d) => {
                    // The findings about this domain, and with --site those about the site.
                    let findings = report
                        .findings
                        .iter()
                        .filter(|f| {
                            f.names_domain(&d) || site.as_deref() == Some(f.subject.as_str())
                        })
                        .cloned()
                        .collect();
                    let mut gates = rows(before, after, site_idx, &d);
                    let external_user = spo_only_note(report, address.trim(), &d);
                    if external_user.is_some() {
                        // The account a SharePoint-only user needs is created by an invitation:
                        // the Entra gate decides it (SPEC §5).
                        gates.push(GateRow {
                            gate: Gate::SpoOnlyAccountCreation,
                            before: before.invite(&d),
                            after: after.invite(&d),
                        });
                    }
                    Explanation {
                        address: address.clone(),
                        gates,
                        external_user,
                        domain: Some(d),
                        site,
                        error: None,
                        findings,
                    }
                }
                None => Explanation {
                    address: address.clone(),
                    domain: None,
                    site,
                    error: Some(
                        n.issues
                            .iter()
                            .map(|i| format!("{}: {}", i.code, i.message))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    gates: Vec::new(),
                    external_user: None,
                    findings: Vec::new(),
                },
            }
        })
        .collect())
}

/// When `address` is a SharePoint-only external user of the run: says so, where it was read and
/// which gate decides the B2B guest account it needs.
fn spo_only_note(report: &Report, address: &str, domain: &str) -> Option<String> {
    let analysis = &report.analysis;
    let d = analysis.domain_names.iter().position(|n| n == domain)?;
    let rows = analysis.spo_only.by_domain.get(&(d as u32))?;
    let u = rows
        .iter()
        .map(|&i| &report.data.external_users[i])
        .find(|u| {
            u.address.eq_ignore_ascii_case(address)
                || u.other_addresses
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(address))
        })?;
    let after = analysis.after.invite(domain);
    Some(format!(
        "a SharePoint-only external user ({}): no Entra guest account matches it by mail, otherMails or UPN. From July 2026 it needs a B2B guest account to keep access; creating it is an invitation, so the Entra gate decides (spo-only-account-creation below): after the change it is {}",
        u.location,
        if after.allowed {
            "allowed: create the account or reshare (FAQ #8)"
        } else {
            "refused: this person loses access for good"
        }
    ))
}
