//! The gates of SPEC §5: which checks an invitation or a share must pass, before and after the
//! change, and the rule that decided each.
//!
//! A [`Scenario`] is one state of the tenant (SharePoint lists, Entra list, integration on or
//! off). The plan builds two, `before` and `after`; everything that asks "is `d` allowed?"
//! (blast radius, `why`, site checks) asks a scenario, so the semantics live in one place.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain;
use crate::model::{RestrictionMode, SharingCapability, TenantData};
use crate::options::{SpoAfter, Subdomains};
use crate::plan::{Disposition, ListId, PolicyMode, Proposal};

/// The outcome of one gate for one domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub allowed: bool,
    /// The rule that decided, in words.
    pub rule: String,
    /// The list entry that decided, as `file: place (list)`, when one did.
    pub source: Option<String>,
}

/// One allow or block list (or none) as a gate.
#[derive(Debug, Clone, Default)]
pub struct ListGate {
    pub mode: Option<PolicyMode>,
    /// What the gate is called in rules (`tenant`, `site`, `Entra`).
    pub name: &'static str,
    /// Canonical domain -> where it is listed.
    pub domains: HashMap<String, String>,
}

impl ListGate {
    /// Finds the listed entry matching `d`: `d` itself, or with `include` a parent of `d`.
    fn find<'a>(&'a self, d: &'a str, sub: Subdomains) -> Option<(&'a str, &'a String)> {
        if let Some((k, v)) = self.domains.get_key_value(d) {
            return Some((k.as_str(), v));
        }
        if sub == Subdomains::Include {
            for parent in domain::parent_domains(d) {
                if let Some((k, v)) = self.domains.get_key_value(parent) {
                    return Some((k.as_str(), v));
                }
            }
        }
        None
    }

    /// Whether `d` passes this gate, and why.
    pub fn check(&self, d: &str, sub: Subdomains) -> Verdict {
        let name = &self.name;
        let hit = self.find(d, sub);
        let how = |listed: &str| {
            if listed == d {
                format!("`{d}` is listed")
            } else {
                format!("`{d}` is below listed `{listed}` (subdomains included)")
            }
        };
        match (self.mode, hit) {
            (None | Some(PolicyMode::None), _) => Verdict {
                allowed: true,
                rule: format!("{name}: no domain restriction"),
                source: None,
            },
            (Some(PolicyMode::Allow), Some((listed, src))) => Verdict {
                allowed: true,
                rule: format!("{name} allow list: {}", how(listed)),
                source: Some(src.clone()),
            },
            (Some(PolicyMode::Allow), None) => Verdict {
                allowed: false,
                rule: format!("{name} allow list: `{d}` is not listed"),
                source: None,
            },
            (Some(PolicyMode::Block), Some((listed, src))) => Verdict {
                allowed: false,
                rule: format!("{name} block list: {}", how(listed)),
                source: Some(src.clone()),
            },
            (Some(PolicyMode::Block), None) => Verdict {
                allowed: true,
                rule: format!("{name} block list: `{d}` is not listed"),
                source: None,
            },
        }
    }

    /// A fast yes/no for hot loops.
    pub fn allows(&self, d: &str, sub: Subdomains) -> bool {
        match self.mode {
            None | Some(PolicyMode::None) => true,
            Some(PolicyMode::Allow) => self.find(d, sub).is_some(),
            Some(PolicyMode::Block) => self.find(d, sub).is_none(),
        }
    }
}

/// A site's gate: its own list, or unknown when the export did not fill the fields (treated as
/// no restriction, and reported as `site-settings-unknown`).
#[derive(Debug, Clone)]
pub enum SiteGate {
    Unknown,
    Known(ListGate),
}

impl SiteGate {
    pub fn check(&self, d: &str, sub: Subdomains) -> Verdict {
        match self {
            SiteGate::Unknown => Verdict {
                allowed: true,
                rule: "site: restriction mode unknown in the export, treated as none".into(),
                source: None,
            },
            SiteGate::Known(g) => g.check(d, sub),
        }
    }
    pub fn allows(&self, d: &str, sub: Subdomains) -> bool {
        match self {
            SiteGate::Unknown => true,
            SiteGate::Known(g) => g.allows(d, sub),
        }
    }
}

/// Who SharePoint lets anyone share with at all (`SharingCapability`, FACTS §1): the tenant's,
/// OneDrive's (for personal sites) and each site's. `None` where the export does not say.
#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    pub tenant: Option<SharingCapability>,
    pub onedrive: Option<SharingCapability>,
    /// Per site: its own capability and whether it is a OneDrive personal site.
    pub sites: Vec<(Option<SharingCapability>, bool)>,
}

impl Capabilities {
    pub fn of(data: &TenantData) -> Capabilities {
        Capabilities {
            tenant: data.tenant.as_ref().and_then(|t| t.sharing_capability),
            onedrive: data
                .tenant
                .as_ref()
                .and_then(|t| t.onedrive_sharing_capability),
            // Whether a site is a personal one matters only under a OneDrive setting.
            sites: data
                .sites
                .iter()
                .map(|s| {
                    let onedrive = data
                        .tenant
                        .as_ref()
                        .is_some_and(|t| t.onedrive_sharing_capability.is_some());
                    (s.sharing_capability, onedrive && is_personal_site(&s.url))
                })
                .collect(),
        }
    }

    /// The level that stops SharePoint from sharing with a NEW external person from `site` (or
    /// from the tenant alone), and how: `Disabled` anywhere on the way, or
    /// `ExistingExternalUserSharingOnly` (no new external people through SharePoint).
    pub fn refuses_new(&self, site: Option<usize>) -> Option<Verdict> {
        let mut levels: Vec<(&str, Option<SharingCapability>)> = vec![("tenant", self.tenant)];
        if let Some((cap, personal)) = site.and_then(|i| self.sites.get(i)) {
            if *personal {
                levels.push(("OneDrive", self.onedrive));
            }
            levels.push(("site", *cap));
        }
        // Disabled is the stronger refusal: it wins over "existing users only" wherever it is.
        for want in [
            SharingCapability::Disabled,
            SharingCapability::ExistingExternalUserSharingOnly,
        ] {
            if let Some((level, _)) = levels.iter().find(|(_, c)| *c == Some(want)) {
                let rule = match want {
                    SharingCapability::Disabled => format!(
                        "{level} external sharing is Disabled: nobody outside can be shared with, whatever the lists say"
                    ),
                    _ => format!(
                        "{level} sharing is ExistingExternalUserSharingOnly: no new external people through SharePoint"
                    ),
                };
                return Some(Verdict {
                    allowed: false,
                    rule,
                    source: None,
                });
            }
        }
        None
    }

    /// Whether external sharing is Disabled at the tenant, OneDrive (personal sites) or the site.
    pub fn disabled(&self, site: Option<usize>) -> Option<&'static str> {
        if self.tenant == Some(SharingCapability::Disabled) {
            return Some("tenant");
        }
        let (cap, personal) = site.and_then(|i| self.sites.get(i))?;
        if *personal && self.onedrive == Some(SharingCapability::Disabled) {
            return Some("OneDrive");
        }
        (*cap == Some(SharingCapability::Disabled)).then_some("site")
    }
}

/// A OneDrive personal site: `https://contoso-my.sharepoint.com/personal/...` (FACTS §1).
pub fn is_personal_site(url: &str) -> bool {
    // Runs once per site of a large tenant: only the host and the path's first segment are
    // looked at, case-insensitively and without a copy.
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let marker = b"-my.sharepoint";
    host.as_bytes()
        .windows(marker.len())
        .any(|w| w.eq_ignore_ascii_case(marker))
        && path
            .as_bytes()
            .get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"/personal/"))
}

/// One state of the tenant.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub tenant: ListGate,
    pub sites: Vec<SiteGate>,
    pub entra: ListGate,
    /// Whether the SharePoint-Entra B2B integration is on (file and folder sharing then passes
    /// the Entra gate; site invitations always do).
    pub integration: bool,
    pub subdomains: Subdomains,
    pub capabilities: Capabilities,
}

fn policy_mode(m: RestrictionMode) -> PolicyMode {
    match m {
        RestrictionMode::None => PolicyMode::None,
        RestrictionMode::AllowList => PolicyMode::Allow,
        RestrictionMode::BlockList => PolicyMode::Block,
    }
}

/// Where each canonical domain of a list is listed (the first entry naming it).
fn sources(proposal: &Proposal, id: ListId) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(list) = proposal.list(id) {
        for e in &list.entries {
            if let Some(c) = &e.norm.canonical {
                out.entry(c.clone())
                    .or_insert_with(|| proposal.ledger[e.ledger_row].source.clone());
            }
        }
    }
    out
}

fn spo_gate(
    proposal: &Proposal,
    mode: RestrictionMode,
    allow: ListId,
    block: ListId,
    name: &'static str,
) -> ListGate {
    let mode = policy_mode(mode);
    let domains = match mode {
        PolicyMode::Allow => sources(proposal, allow),
        PolicyMode::Block => sources(proposal, block),
        PolicyMode::None => HashMap::new(),
    };
    ListGate {
        mode: Some(mode),
        name,
        domains,
    }
}

impl Scenario {
    /// The tenant as the inputs describe it. The integration state comes from the tenant file;
    /// where the file does not say, it is taken as on, Microsoft's 2026 default (FACTS §3; an
    /// assumption every report prints).
    pub fn before(data: &TenantData, proposal: &Proposal) -> Scenario {
        let tenant = match &data.tenant {
            Some(t) => spo_gate(
                proposal,
                t.mode,
                ListId::TenantAllowed,
                ListId::TenantBlocked,
                "tenant",
            ),
            None => ListGate {
                name: "tenant",
                ..ListGate::default()
            },
        };
        let entra_id = match proposal.current.mode {
            PolicyMode::Allow => Some(ListId::EntraAllowed),
            PolicyMode::Block => Some(ListId::EntraBlocked),
            PolicyMode::None => None,
        };
        let entra = ListGate {
            mode: Some(proposal.current.mode),
            name: "Entra",
            domains: entra_id.map(|id| sources(proposal, id)).unwrap_or_default(),
        };
        Scenario {
            tenant,
            sites: site_gates(data, proposal, false),
            entra,
            integration: data
                .tenant
                .as_ref()
                .and_then(|t| t.b2b_integration)
                .unwrap_or(true),
            subdomains: proposal.assumptions.subdomains,
            capabilities: Capabilities::of(data),
        }
    }

    /// The tenant after the proposal is applied: the proposed Entra list, the integration on,
    /// SharePoint lists kept or cleared (`--spo-after`).
    ///
    /// It starts from `before` (the same SharePoint gates unless they are cleared), so the
    /// per-site gates of a large tenant are built once.
    pub fn after(before: &Scenario, data: &TenantData, proposal: &Proposal) -> Scenario {
        let clear = proposal.assumptions.spo_after == SpoAfter::Clear;
        let mut before = before.clone();
        if clear {
            before.tenant = ListGate {
                mode: Some(PolicyMode::None),
                name: "tenant",
                domains: HashMap::new(),
            };
            before.sites = site_gates(data, proposal, true);
        }
        // Every emitted domain's first emitting entry is its source.
        let mut domains = HashMap::new();
        for list in &proposal.lists {
            for e in &list.entries {
                let row = &proposal.ledger[e.ledger_row];
                if row.disposition == Disposition::Emitted
                    && let Some(c) = &row.canonical
                {
                    domains.insert(c.clone(), row.source.clone());
                }
            }
        }
        before.entra = ListGate {
            mode: Some(proposal.proposed.mode),
            name: "Entra",
            domains,
        };
        before.integration = true;
        before
    }

    /// SharePoint FILE or FOLDER sharing from a site (or from the tenant alone when `site` is
    /// `None`) with a new external person at `d`: the sharing capability, the tenant gate, the
    /// site gate, and the Entra gate when the integration is on. The first gate that refuses
    /// decides.
    pub fn sharing(&self, site: Option<usize>, d: &str) -> Verdict {
        self.share(site, d, self.integration)
    }

    /// A SITE invitation (sharing the site itself) with a new external person at `d`: the same
    /// SharePoint gates, and the Entra gate always (site invitations have always gone through
    /// Entra B2B, FACTS §3).
    pub fn site_invitation(&self, site: Option<usize>, d: &str) -> Verdict {
        self.share(site, d, true)
    }

    fn share(&self, site: Option<usize>, d: &str, entra: bool) -> Verdict {
        if let Some(v) = self.capabilities.refuses_new(site) {
            return v;
        }
        let sub = self.subdomains;
        let t = self.tenant.check(d, sub);
        if !t.allowed {
            return t;
        }
        if let Some(s) = site.and_then(|i| self.sites.get(i)) {
            let v = s.check(d, sub);
            if !v.allowed {
                return v;
            }
        }
        if entra {
            let e = self.entra.check(d, sub);
            if !e.allowed {
                return e;
            }
        }
        Verdict {
            allowed: true,
            rule: if entra {
                "passes the SharePoint gates and the Entra gate".into()
            } else {
                "passes the SharePoint gates (integration off: Entra not consulted for file and folder sharing)".into()
            },
            source: None,
        }
    }

    /// [`Scenario::sharing`] as a yes/no, for hot loops.
    pub fn sharing_allows(&self, site: usize, d: &str) -> bool {
        let sub = self.subdomains;
        self.capabilities.refuses_new(Some(site)).is_none()
            && self.tenant.allows(d, sub)
            && self.sites.get(site).is_none_or(|s| s.allows(d, sub))
            && (!self.integration || self.entra.allows(d, sub))
    }

    /// Teams / Microsoft 365 Groups guest invitation, and redemption of a pending invitation:
    /// the Entra gate alone.
    pub fn invite(&self, d: &str) -> Verdict {
        self.entra.check(d, self.subdomains)
    }

    pub fn invite_allows(&self, d: &str) -> bool {
        self.entra.allows(d, self.subdomains)
    }

    /// An already redeemed guest opening a site: the SharePoint gates only (the Entra list does
    /// not apply to redeemed guests).
    pub fn redeemed_access(&self, site: Option<usize>, d: &str) -> Verdict {
        if let Some(level) = self.capabilities.disabled(site) {
            return Verdict {
                allowed: false,
                rule: format!("{level} external sharing is Disabled: no external access"),
                source: None,
            };
        }
        let sub = self.subdomains;
        let t = self.tenant.check(d, sub);
        if !t.allowed {
            return t;
        }
        if let Some(s) = site.and_then(|i| self.sites.get(i)) {
            let v = s.check(d, sub);
            if !v.allowed {
                return v;
            }
        }
        Verdict {
            allowed: true,
            rule: "passes the SharePoint gates (the Entra list does not apply to redeemed guests)"
                .into(),
            source: None,
        }
    }
}

fn site_gates(data: &TenantData, proposal: &Proposal, cleared: bool) -> Vec<SiteGate> {
    data.sites
        .iter()
        .enumerate()
        .map(|(i, site)| match (cleared, site.mode) {
            (true, _) => SiteGate::Known(ListGate {
                mode: Some(PolicyMode::None),
                name: "site",
                domains: HashMap::new(),
            }),
            (false, None) => SiteGate::Unknown,
            (false, Some(mode)) => SiteGate::Known(spo_gate(
                proposal,
                mode,
                ListId::SiteAllowed(i),
                ListId::SiteBlocked(i),
                "site",
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(mode: PolicyMode, domains: &[&str]) -> ListGate {
        ListGate {
            mode: Some(mode),
            name: "g",
            domains: domains
                .iter()
                .map(|d| (d.to_string(), format!("src:{d}")))
                .collect(),
        }
    }

    /// The truth table of one list gate: mode x listed x subdomain matching.
    #[test]
    fn list_gate_truth_table() {
        use PolicyMode::*;
        use Subdomains::*;
        let cases = [
            // mode, list, domain, matching, allowed
            (None, &["a.com"][..], "a.com", Exact, true),
            (None, &[][..], "b.com", Exact, true),
            (Allow, &["a.com"][..], "a.com", Exact, true),
            (Allow, &["a.com"][..], "b.com", Exact, false),
            (Allow, &["a.com"][..], "x.a.com", Exact, false),
            (Allow, &["a.com"][..], "x.a.com", Include, true),
            (Allow, &["x.a.com"][..], "a.com", Include, false),
            (Allow, &[][..], "a.com", Exact, false),
            (Block, &["a.com"][..], "a.com", Exact, false),
            (Block, &["a.com"][..], "b.com", Exact, true),
            (Block, &["a.com"][..], "x.a.com", Exact, true),
            (Block, &["a.com"][..], "x.a.com", Include, false),
            (Block, &[][..], "a.com", Exact, true),
        ];
        for (mode, list, d, sub, allowed) in cases {
            let g = gate(mode, list);
            let v = g.check(d, sub);
            assert_eq!(
                v.allowed, allowed,
                "{mode:?} {list:?} {d} {sub:?}: {}",
                v.rule
            );
            assert_eq!(g.allows(d, sub), allowed);
        }
    }

    fn scenario(tenant: ListGate, site: SiteGate, entra: ListGate, integration: bool) -> Scenario {
        Scenario {
            tenant,
            sites: vec![site],
            entra,
            integration,
            subdomains: Subdomains::Exact,
            capabilities: Capabilities {
                sites: vec![(None, false)],
                ..Capabilities::default()
            },
        }
    }

    /// Sharing from a site: every gate must pass; Entra counts only with the integration on.
    #[test]
    fn sharing_truth_table() {
        use PolicyMode::*;
        let open = || gate(None, &[]);
        let allow_a = || gate(Allow, &["a.com"]);
        let block_a = || gate(Block, &["a.com"]);
        let cases = [
            // tenant, site, entra, integration, allowed for a.com
            (open(), SiteGate::Known(open()), open(), true, true),
            (allow_a(), SiteGate::Known(open()), block_a(), false, true),
            (allow_a(), SiteGate::Known(open()), block_a(), true, false),
            (block_a(), SiteGate::Known(open()), open(), true, false),
            (open(), SiteGate::Known(block_a()), open(), true, false),
            (open(), SiteGate::Unknown, open(), true, true),
            (
                open(),
                SiteGate::Known(gate(Allow, &["b.com"])),
                allow_a(),
                true,
                false,
            ),
        ];
        for (i, (t, s, e, integ, allowed)) in cases.into_iter().enumerate() {
            let sc = scenario(t, s, e, integ);
            assert_eq!(sc.sharing(Some(0), "a.com").allowed, allowed, "case {i}");
            assert_eq!(sc.sharing_allows(0, "a.com"), allowed, "case {i}");
        }
    }

    /// Invitations and redemptions ask Entra only; redeemed guests ask SharePoint only.
    #[test]
    fn invite_and_redeemed_access_use_their_own_gates() {
        use PolicyMode::*;
        let sc = scenario(
            gate(Block, &["a.com"]),
            SiteGate::Known(gate(None, &[])),
            gate(Allow, &["a.com"]),
            true,
        );
        assert!(sc.invite("a.com").allowed);
        assert!(!sc.redeemed_access(Some(0), "a.com").allowed);
        assert!(!sc.invite("b.com").allowed);
        assert!(sc.redeemed_access(Some(0), "b.com").allowed);
    }
}
