//! The tenant as plain data: what ingest produces and every later stage reads.
//!
//! Records keep the raw list strings exactly as exported (normalisation happens later, in one
//! place) and the [`Location`] each came from, so that every finding and ledger row can point back
//! into the admin's own files.

use crate::diag::Location;

/// SharePoint's `SharingDomainRestrictionMode` (FACTS §1: None = 0, AllowList = 1, BlockList = 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RestrictionMode {
    None,
    AllowList,
    BlockList,
}

impl RestrictionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionMode::None => "None",
            RestrictionMode::AllowList => "AllowList",
            RestrictionMode::BlockList => "BlockList",
        }
    }
}

/// `SharingCapability` / `OneDriveSharingCapability` (FACTS §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SharingCapability {
    Disabled,
    ExternalUserSharingOnly,
    ExternalUserAndGuestSharing,
    ExistingExternalUserSharingOnly,
}

impl SharingCapability {
    pub fn as_str(self) -> &'static str {
        match self {
            SharingCapability::Disabled => "Disabled",
            SharingCapability::ExternalUserSharingOnly => "ExternalUserSharingOnly",
            SharingCapability::ExternalUserAndGuestSharing => "ExternalUserAndGuestSharing",
            SharingCapability::ExistingExternalUserSharingOnly => "ExistingExternalUserSharingOnly",
        }
    }
}

/// One domain-list field as exported: SharePoint writes one space-separated string, Graph an
/// array of strings. `values` holds those strings untouched; an absent or null field is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomainListField {
    /// Where the field is; `None` for a site list that is absent or empty (nothing to point at).
    pub location: Option<Location>,
    pub values: Vec<String>,
}

impl DomainListField {
    pub fn new(location: Location, values: Vec<String>) -> Self {
        DomainListField {
            location: Some(location),
            values,
        }
    }

    /// True when the field holds no non-blank text.
    pub fn is_blank(&self) -> bool {
        self.values.iter().all(|v| v.trim().is_empty())
    }
}

/// The tenant-wide SharePoint / OneDrive settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub location: Location,
    pub mode: RestrictionMode,
    pub allowed: DomainListField,
    pub blocked: DomainListField,
    /// `EnableAzureADB2BIntegration`; `None` when the export does not say (Graph, text lists).
    pub b2b_integration: Option<bool>,
    pub sync_aad_b2b_policy: Option<bool>,
    pub sharing_capability: Option<SharingCapability>,
    /// `OneDriveSharingCapability` (PowerShell) or `ODBSharingCapability` (CSOM, REST, CLI):
    /// who OneDrive personal sites may share with.
    pub onedrive_sharing_capability: Option<SharingCapability>,
    /// `RootSiteUrl` when the export has it: its host names the cloud (`.sharepoint.us`, ...).
    pub root_site_url: Option<String>,
}

/// A site collection (including OneDrive personal sites) and its own domain restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub location: Location,
    pub url: String,
    /// `None` when the export does not fill the field (`Get-SPOSite -Limit All`): unknown.
    pub mode: Option<RestrictionMode>,
    pub allowed: DomainListField,
    pub blocked: DomainListField,
    /// The Microsoft 365 group behind the site; the all-zero GUID is normalised to `None`.
    pub group_id: Option<String>,
    pub is_teams_connected: Option<bool>,
    pub template: Option<String>,
    pub sharing_capability: Option<SharingCapability>,
}

/// The existing Entra B2B management policy.
#[derive(Debug, Clone, PartialEq)]
pub struct EntraPolicy {
    pub location: Location,
    /// The policy object's id when the export carries it (Graph, Get-AzureADPolicy).
    pub id: Option<String>,
    /// The whole definition object (`{"B2BManagementPolicy": ...}`), kept so every other key
    /// survives a rewrite.
    pub definition: serde_json::Map<String, serde_json::Value>,
    pub allowed: DomainListField,
    pub blocked: DomainListField,
}

/// `externalUserState` (FACTS §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExternalUserState {
    PendingAcceptance,
    Accepted,
}

/// A guest (or any user row of a guests export), every property read. The loader keeps these
/// rows only when asked (`ingest::load`, a later stage); a plan run keeps a [`GuestEntry`] per guest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guest {
    pub location: Option<Location>,
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
    pub other_mails: Vec<String>,
    pub state: Option<ExternalUserState>,
    pub creation_type: Option<String>,
    pub user_type: Option<String>,
    /// `identities[].issuerAssignedId` values that are a guest's own address (an email sign-in,
    /// or a `#EXT#` UPN read as its address); the last source of a home address.
    pub identities: Vec<String>,
}

impl Guest {
    /// The address the guest's home domain is read from (FACTS §5, [`home_address`]).
    pub fn home_address(&self) -> Option<String> {
        home_address(
            self.mail.as_deref(),
            &self.other_mails,
            self.user_principal_name.as_deref(),
        )
        .or_else(|| first_address(&self.identities))
    }

    /// SPEC §3 "who is external": userType `Guest`, a `#EXT#` UPN, creationType `Invitation`,
    /// or an invitation state. Every other row is an internal user (skipped, counted).
    pub fn is_external(&self) -> bool {
        self.state.is_some()
            || self
                .user_type
                .as_deref()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("Guest"))
            || self
                .creation_type
                .as_deref()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("Invitation"))
            || self.user_principal_name.as_deref().is_some_and(has_ext)
    }

    /// How findings name the guest: the user principal name, else the display name, else the id.
    pub fn label(&self) -> String {
        self.user_principal_name
            .clone()
            .or_else(|| self.display_name.clone())
            .or_else(|| self.id.clone())
            .unwrap_or_else(|| "guest".into())
    }
}

/// A guest reduced to what later stages use: where it is, its home address, its invitation
/// state and how to name it. A million-guest export is kept in this form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestEntry {
    pub location: Option<Location>,
    /// [`Guest::home_address`]; `None` when there is nothing to read a home domain from.
    pub home_address: Option<String>,
    pub pending: bool,
    /// [`Guest::label`].
    pub label: String,
    /// Every other address the guest row names (mail, otherMails, the `#EXT#` UPN's address)
    /// that differs from `home_address` beyond case: SharePoint external users are matched
    /// against all of them (SPEC §5). Usually empty.
    pub other_addresses: Vec<String>,
}

/// The addresses of a guest row besides `home`, compared case-insensitively, in row order
/// (`identities` last: an email sign-in's `issuerAssignedId` is the guest's address too).
fn other_addresses(
    home: Option<&str>,
    mail: Option<&str>,
    other_mails: &[String],
    upn: Option<&str>,
    identities: &[String],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The UPN's address is built only when it differs from the home address: a million-guest
    // export whose guests have a mail matching their UPN allocates nothing here.
    let ext = upn.and_then(|u| {
        // `#` first (memchr), then the marker case-insensitively: once per guest.
        let b = u.as_bytes();
        let at = memchr::memchr_iter(b'#', b).find(|&i| {
            b.get(i..i + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"#EXT#"))
        })?;
        let (local, domain) = u.get(..at)?.rsplit_once('_')?;
        let same = home
            .and_then(|h| h.trim().rsplit_once('@'))
            .is_some_and(|(hl, hd)| {
                hl.eq_ignore_ascii_case(local) && hd.eq_ignore_ascii_case(domain)
            });
        if same { None } else { ext_upn_address(u) }
    });
    let candidates = mail
        .into_iter()
        .chain(other_mails.iter().map(String::as_str))
        .chain(ext.as_deref())
        .chain(identities.iter().map(String::as_str));
    for c in candidates {
        let c = c.trim();
        if c.is_empty()
            || home.is_some_and(|h| h.eq_ignore_ascii_case(c))
            || out.iter().any(|o| o.eq_ignore_ascii_case(c))
        {
            continue;
        }
        out.push(c.to_string());
    }
    out
}

impl From<&Guest> for GuestEntry {
    fn from(g: &Guest) -> Self {
        let home_address = g.home_address();
        GuestEntry {
            location: g.location.clone(),
            other_addresses: other_addresses(
                home_address.as_deref(),
                g.mail.as_deref(),
                &g.other_mails,
                g.user_principal_name.as_deref(),
                &g.identities,
            ),
            home_address,
            pending: g.state == Some(ExternalUserState::PendingAcceptance),
            label: g.label(),
        }
    }
}

impl From<Guest> for GuestEntry {
    /// As `From<&Guest>`, moving the strings it keeps instead of copying them.
    fn from(g: Guest) -> Self {
        let pending = g.state == Some(ExternalUserState::PendingAcceptance);
        let home_address = match g.mail {
            // `home_address` returns a usable mail trimmed: a mail with nothing to trim is
            // that address already.
            Some(m) if is_address(&m) && m.trim().len() == m.len() => Some(m),
            mail => home_address(
                mail.as_deref(),
                &g.other_mails,
                g.user_principal_name.as_deref(),
            )
            .or_else(|| first_address(&g.identities)),
        };
        let other_addresses = other_addresses(
            home_address.as_deref(),
            None,
            &g.other_mails,
            g.user_principal_name.as_deref(),
            &g.identities,
        );
        let label = g
            .user_principal_name
            .or(g.display_name)
            .or(g.id)
            .unwrap_or_else(|| "guest".into());
        GuestEntry {
            location: g.location,
            home_address,
            pending,
            label,
            other_addresses,
        }
    }
}

/// The address a guest's home domain is read from (FACTS §5): `mail`, else the first
/// `otherMails`, else the user principal name's part before `#EXT#` with its last `_` read as
/// the `@`.
pub fn home_address(
    mail: Option<&str>,
    other_mails: &[String],
    upn: Option<&str>,
) -> Option<String> {
    if let Some(m) = mail.filter(|m| is_address(m)) {
        return Some(m.trim().to_string());
    }
    if let Some(m) = first_address(other_mails) {
        return Some(m);
    }
    upn.and_then(ext_upn_address)
}

/// An address a home domain can be read from: it has an `@` with text on both sides (a mail
/// without `@` is not a domain: the next source is read instead).
fn is_address(s: &str) -> bool {
    s.trim()
        .rsplit_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty())
}

/// The first of `list` that [`is_address`], trimmed.
fn first_address(list: &[String]) -> Option<String> {
    list.iter()
        .find(|s| is_address(s))
        .map(|s| s.trim().to_string())
}

/// True when `upn` holds `#EXT#` (any case): a guest's user principal name.
pub fn has_ext(upn: &str) -> bool {
    upn.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"#EXT#"))
}

/// `alice_contoso.com#EXT#@fabrikam.onmicrosoft.com` -> `alice@contoso.com`. The local part may
/// itself contain `_`, so the split is at the last one. `None` when the UPN is not a guest UPN.
pub fn ext_upn_address(upn: &str) -> Option<String> {
    let ext = upn
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"#EXT#"))?;
    let before = upn.get(..ext)?;
    let (local, domain) = before.rsplit_once('_')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// The domain part of an address (after the last `@`), or the whole text when there is none.
pub fn address_domain(address: &str) -> &str {
    match address.rsplit_once('@') {
        Some((_, d)) => d,
        None => address,
    }
}

/// A member of a group as exported: any of id, mail and UPN may be present.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Member {
    pub id: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
}

impl Member {
    /// The home address of a member that is a guest but not in the guests export: its UPN is a
    /// guest (`#EXT#`) UPN; the address is its mail, else the one the UPN carries.
    pub fn outside_guest_address(&self) -> Option<String> {
        outside_guest_address(self.mail.as_deref(), self.user_principal_name.as_deref())
    }
}

/// [`Member::outside_guest_address`] from a member's mail and user principal name.
pub fn outside_guest_address(mail: Option<&str>, upn: Option<&str>) -> Option<String> {
    let address = upn.and_then(ext_upn_address)?;
    Some(
        mail.filter(|s| !s.trim().is_empty())
            .map_or(address, str::to_string),
    )
}

/// A Microsoft 365 group; a team when `is_team`. Members are resolved as they are read (guests
/// first, so a member's id finds its guest): every membership row is counted in exactly one of
/// `guest_members`, `outside_guests` and `other_members`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub location: Location,
    pub id: String,
    pub display_name: Option<String>,
    pub is_team: bool,
    /// The members as exported; kept only when the loader is asked to keep rows.
    pub members: Vec<Member>,
    /// Members found in the guests export by id: indexes into [`TenantData::guest_entries`].
    pub guest_members: Vec<u32>,
    /// Members not in the guests export whose UPN is a guest UPN: their home address.
    pub outside_guests: Vec<String>,
    /// Every other membership row (internal people, nested groups, unknown members).
    pub other_members: usize,
    /// Whether any sighting of the group carried its members (a `members` array, a CSV
    /// membership row). `false`: its membership is unknown, never empty (SPEC §3).
    pub members_exported: bool,
    /// A `$expand=members` sighting held exactly 20 members, Graph's cap: probably cut off.
    pub members_truncated: bool,
    /// The owners as exported (`owners[]`: mail, else UPN, else display name; CSV
    /// `OwnerMail`), sorted, each once.
    pub owners: Vec<String>,
}

impl Group {
    /// Membership rows read for the group.
    pub fn membership_rows(&self) -> usize {
        self.guest_members.len() + self.outside_guests.len() + self.other_members
    }
}

/// A SharePoint external user (`Get-SPOExternalUser`, `m365 spo externaluser list`, the site
/// external sharing report): who SharePoint shared with, whether or not Entra has an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalUser {
    pub location: Location,
    /// The address to match and derive the domain from: `Email`, else `AcceptedAs`, else
    /// `InvitedAs` (the CLI writes no `Email`), as written.
    pub address: String,
    /// Every other address the record gives for the same person (`AcceptedAs`, `InvitedAs`).
    pub other_addresses: Vec<String>,
    pub display_name: Option<String>,
    /// The site the record was exported for (`SiteUrl`), when the export says.
    pub site_url: Option<String>,
}

/// Graph authorizationPolicy `allowInvitesFrom` (FACTS §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvitesFrom {
    None,
    AdminsAndGuestInviters,
    AdminsGuestInvitersAndAllMembers,
    Everyone,
}

impl InvitesFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitesFrom::None => "none",
            InvitesFrom::AdminsAndGuestInviters => "adminsAndGuestInviters",
            InvitesFrom::AdminsGuestInvitersAndAllMembers => "adminsGuestInvitersAndAllMembers",
            InvitesFrom::Everyone => "everyone",
        }
    }
}

/// The Entra authorization policy: who may invite guests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationPolicy {
    pub location: Location,
    pub allow_invites_from: InvitesFrom,
}

/// Everything read from one run's inputs.
#[derive(Debug, Clone, Default)]
pub struct TenantData {
    pub tenant: Option<Tenant>,
    pub sites: Vec<Site>,
    pub entra: Option<EntraPolicy>,
    /// Every guest row as exported; kept only when the loader is asked to keep rows.
    pub guests: Vec<Guest>,
    /// Every guest, in input order.
    pub guest_entries: Vec<GuestEntry>,
    /// User rows of the guests inputs that are internal users (SPEC §3): skipped, counted.
    pub internal_users: usize,
    pub groups: Vec<Group>,
    /// SharePoint external users, in input order (one row per person and site as exported).
    pub external_users: Vec<ExternalUser>,
    /// Whether an external-users input was given (it may hold no one).
    pub external_users_given: bool,
    /// Sharing-report rows that are not people (links, SharePoint and Microsoft 365 groups).
    pub external_rows_not_people: usize,
    /// Sharing-report rows of internal people (`User or Group Type` Member).
    pub external_rows_internal: usize,
    /// Whether a guests input was given: without one, no external user can be matched.
    pub guests_given: bool,
    pub authorization: Option<AuthorizationPolicy>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_address_is_one_more_address_to_match() {
        // A guest whose mail is the home address and whose email sign-in names another address:
        // a SharePoint external user at that address is this guest (SPEC §5 matching).
        let ids = vec!["sam@adatum.com".to_string(), "Sam@Adatum.com".to_string()];
        let got = other_addresses(
            Some("sam.contractor@adatum.com"),
            Some("sam.contractor@adatum.com"),
            &[],
            None,
            &ids,
        );
        assert_eq!(got, vec!["sam@adatum.com".to_string()]);
    }
}
