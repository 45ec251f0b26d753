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

/// A guest (or any user row of a guests export).
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
}

/// A member of a group as exported: any of id, mail and UPN may be present.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Member {
    pub id: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
}

/// A Microsoft 365 group; a team when `is_team`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub location: Location,
    pub id: String,
    pub display_name: Option<String>,
    pub is_team: bool,
    pub members: Vec<Member>,
}

/// Everything read from one run's inputs.
#[derive(Debug, Clone, Default)]
pub struct TenantData {
    pub tenant: Option<Tenant>,
    pub sites: Vec<Site>,
    pub entra: Option<EntraPolicy>,
    pub guests: Vec<Guest>,
    pub groups: Vec<Group>,
}
