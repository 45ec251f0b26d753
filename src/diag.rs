//! Findings: what the tool tells an administrator about their input and the proposal.
//!
//! Every finding carries a stable kebab-case [`Code`]. Codes are public interface (SPEC §6): they
//! are defined once, here, each with its default severity and an explanation that
//! `spo2b2b explain` prints. A code is never renamed or reused; a test checks they are unique.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The explanation `explain` prints: what the code means, why it matters, what to do.
pub struct Explanation {
    pub means: &'static str,
    pub matters: &'static str,
    pub todo: &'static str,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $means:literal, $matters:literal, $todo:literal; )*) => {
        /// A stable finding code (SPEC §4 and §6). The kebab-case name is public interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in definition order (which groups them by pipeline stage).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case name users type and read.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity before any `--allow/--warn/--deny` or configuration override.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            pub fn explanation(self) -> Explanation {
                match self { $( Code::$variant => Explanation { means: $means, matters: $matters, todo: $todo }, )* }
            }
        }
    };
}

codes! {
    // --- Domain normalisation (SPEC §4) ---
    NonstandardSeparator = "nonstandard-separator", Info,
        "A list string separates its domains with commas, semicolons or line breaks instead of spaces.",
        "SharePoint documents space-separated lists; the service accepts commas today, but other tools that read the list may not.",
        "Nothing is lost: the entries were split correctly. Rewrite the list with spaces when you next edit it.";
    EmailAsDomain = "email-as-domain", Warning,
        "A list entry is an email address; only its domain was kept.",
        "Domain lists hold domains. An address usually means someone meant to allow or block one person, which a domain list cannot do: the whole domain is affected.",
        "Check that the whole domain is meant. To restrict single people, use guest access reviews or conditional access instead.";
    UrlAsDomain = "url-as-domain", Warning,
        "A list entry is a URL; only its host name was kept.",
        "A URL in a domain list is a copy-paste mistake; its path and scheme mean nothing to SharePoint or Entra.",
        "Check that the host is the organisation you meant and replace the entry with the bare domain.";
    TrailingDot = "trailing-dot", Info,
        "A list entry ends with a dot (a fully qualified DNS name); the dot was dropped.",
        "Email domains never carry the root dot, so the entry would never match as written.",
        "Nothing to do: the canonical form drops it. Remove the dot from the source list when convenient.";
    IpLiteral = "ip-literal", Error,
        "A list entry is an IP address, not a domain name.",
        "Guests are identified by email domain; an IP address can never match one, so the entry is rejected and never emitted.",
        "Remove the entry, or replace it with the domain the address was meant to stand for.";
    WildcardEntry = "wildcard-entry", Error,
        "A list entry contains a wildcard such as `*.contoso.com`.",
        "SharePoint does not support wildcards and Entra does not document them: the entry does not do what it seems to. It is rejected and never emitted.",
        "List each domain and subdomain explicitly (`contoso.com`, `sales.contoso.com`).";
    InvalidDomain = "invalid-domain", Error,
        "A list entry is not a valid domain name under UTS #46 (IDNA) and DNS length rules.",
        "An invalid name can never match a guest's address; the entry is rejected and never emitted.",
        "Fix the typo in the source list; the message gives the exact reason.";
    LossyExport = "lossy-export", Error,
        "A domain read from a CSV file contains `?` where a non-ASCII letter was: Windows PowerShell 5.1's Export-Csv wrote ASCII and lost it.",
        "The real domain cannot be recovered from the file; emitting the damaged name would allow or block the wrong organisation.",
        "Export again with `Export-Csv -Encoding UTF8` (or use PowerShell 7) and re-run.";
    PublicSuffix = "public-suffix", Error,
        "A list entry is itself a public suffix (`com`, `co.uk`, `github.io`, `onmicrosoft.com`).",
        "A public suffix names no organisation. Allowing it means nothing under exact matching, and with subdomain matching it would admit everyone below it.",
        "Replace it with the organisations' own domains. The entry is rejected and never emitted.";
    SharedHostingDomain = "shared-hosting-domain", Warning,
        "A list entry sits below a privately registered public suffix (`team.github.io`, `x.azurewebsites.net`).",
        "Anyone can register a name under such a suffix; the domain proves little about who a guest is.",
        "Confirm the entry belongs to the organisation you mean, or prefer its own registered domain.";
    UnknownSuffix = "unknown-suffix", Warning,
        "A list entry ends in a suffix that the Public Suffix List does not know.",
        "It is likely a typo (`contoso.cmo`) or an internal name; no guest can have such an address.",
        "Fix the typo or remove the entry.";
    ConsumerDomain = "consumer-domain", Warning,
        "A list entry is a consumer mail provider (gmail.com, outlook.com, ...).",
        "In an allow list it admits anyone who creates a free mailbox; in a block list it is a common, deliberate choice (info).",
        "In an allow list, make sure opening collaboration to every consumer mailbox is intended.";
    MixedScript = "mixed-script", Warning,
        "A label of the domain mixes letters of several scripts (Latin with Cyrillic, ...).",
        "Mixed scripts are the usual sign of a look-alike (homograph) domain made to pass for a real one.",
        "Compare the Unicode and ASCII forms shown, and confirm the domain with its owner before allowing it.";
    ConfusableDomain = "confusable-domain", Warning,
        "Two domains that the run knows look the same to a reader (their UTS #39 skeletons are equal) but differ.",
        "One of them is likely a look-alike of the other: allowing it, or failing to block it, lets an impersonator in.",
        "Check both names with their owners; keep only the genuine one.";
    DuplicateEntry = "duplicate-entry", Info,
        "Two list entries are the same domain after normalisation.",
        "Duplicates waste space in the 25,000-character Entra policy; the ledger still lists both sources.",
        "Nothing to do: the proposal emits the domain once. Remove the duplicate from the source when convenient.";
    // --- Lists and the proposal (SPEC §6) ---
    EmptyAllowList = "empty-allow-list", Error,
        "A list in AllowList mode is empty.",
        "An empty allow list admits nobody: every external sharing or invitation is blocked. Migrated to Entra, it would block every guest invitation to every team and group.",
        "Fill the allow list, or switch the restriction mode to None if no restriction is meant.";
    DormantList = "dormant-list", Info,
        "A non-empty domain list that its restriction mode does not select (a block list under AllowList mode, or either list under None).",
        "SharePoint keeps both lists but enforces only the selected one; the dormant list is not migrated.",
        "Nothing to do unless the list was meant to be in force; then change the mode.";
    ListTooLong = "list-too-long", Warning,
        "A domain list has more entries than SharePoint accepts (5000 for the organisation, 500 for a site).",
        "SharePoint would reject the list when saved again; the Entra policy holds far fewer domains (25,000 characters).",
        "Trim unused domains; the report ranks them by use.";
    SiteNotSubset = "site-not-subset", Warning,
        "A site allow list names a domain that the organisation allow list lacks.",
        "The organisation setting wins: the site entry has no effect, which may surprise the site owner.",
        "Add the domain to the organisation list, or remove it from the site list.";
    SiteAllowsTenantBlocked = "site-allows-tenant-blocked", Warning,
        "A site allow list names a domain that the organisation block list blocks.",
        "The organisation block wins: the site entry has no effect.",
        "Remove the entry from the site list, or unblock the domain at the organisation level.";
    SiteSettingsUnknown = "site-settings-unknown", Warning,
        "A site row has no domain restriction mode.",
        "Usually the export came from `Get-SPOSite -Limit All`, which does not fill the sharing fields. The site is treated as unrestricted, which may be wrong.",
        "Export each site with `Get-SPOSite -Identity <url>` (`spo2b2b export-script` does this) and re-run.";
    SiteOnlyRestriction = "site-only-restriction", Info,
        "A site restricts domains in a way the tenant-wide Entra list cannot express.",
        "Entra has one list for the whole tenant; site restrictions stay in SharePoint and keep working there.",
        "Nothing to do; keep the site setting.";
    SiteSharingBreaks = "site-sharing-breaks", Error,
        "Sharing from a site to a domain its own list allows worked before the change and fails after.",
        "Site owners who rely on that domain will find their sharing blocked by the tenant-wide Entra list.",
        "Add the domain to the proposal, or confirm with the site owner that the break is intended.";
    EntraModeConflict = "entra-mode-conflict", Error,
        "The existing Entra list is of the other type (allow versus block) than the proposal.",
        "Entra holds one list type; switching discards every entry of the existing list.",
        "Review the discarded entries listed in the report before applying.";
    EntraEntriesDropped = "entra-entries-dropped", Warning,
        "Entries of the existing Entra list are absent from the proposal (`--merge replace`).",
        "Applying the proposal removes them from the tenant-wide list.",
        "Use `--merge union` to keep them, or confirm they are meant to go.";
    EntraBothLists = "entra-both-lists", Error,
        "An existing Entra definition fills both AllowedDomains and BlockedDomains.",
        "Entra allows only one list; the definition is inconsistent and its effect is undefined.",
        "Fix the existing policy first; the proposal follows the SharePoint mode.";
    PolicyTooLarge = "policy-too-large", Error,
        "The proposed compact Entra definition is longer than 25,000 characters.",
        "Entra rejects a policy over its size limit; the proposal cannot be applied as it is.",
        "Remove unused domains; the report ranks the listed domains by use and says how many must go.";
    PolicyNearLimit = "policy-near-limit", Warning,
        "The proposed compact Entra definition uses more than 90% of its 25,000 characters.",
        "Little room is left for future additions.",
        "Prune unused domains while it is easy.";
    PendingInvitesFail = "pending-invites-fail", Error,
        "Guests with pending invitations come from a domain the proposal newly blocks.",
        "Their invitations fail when they try to redeem them.",
        "Add the domain to the proposal, or resend the invitations after deciding.";
    TeamsGuestsNewlyBlocked = "teams-guests-newly-blocked", Warning,
        "A team or group has guests from a domain that becomes uninvitable.",
        "Existing guests stay, but the owners can no longer invite more people from that organisation.",
        "Tell the team owners, or add the domain to the proposal.";
    NewlyAllowedDomain = "newly-allowed-domain", Warning,
        "A domain that the run knows becomes invitable after the change but was not before.",
        "The change loosens a restriction somewhere.",
        "Confirm the loosening is intended.";
    SubdomainNotCovered = "subdomain-not-covered", Warning,
        "Guests come from a subdomain of a listed domain while matching is exact.",
        "Under exact matching `contoso.com` does not cover `sales.contoso.com` (UNVERIFIED Microsoft behaviour); those guests are treated as unlisted.",
        "List the subdomain explicitly if it is meant to be covered.";
    GuestDomainUnknown = "guest-domain-unknown", Warning,
        "A guest's home domain cannot be derived from mail, otherMails or the #EXT# user principal name.",
        "The guest cannot be counted in the blast radius.",
        "Export guests with `mail`, `otherMails` and `userPrincipalName` selected.";
    UnusedWaiver = "unused-waiver", Warning,
        "A waiver in spo2b2b.toml matched no finding.",
        "Stale waivers hide nothing today but may hide a real problem tomorrow.",
        "Remove the waiver or fix its code or subject glob.";
    // --- The 2026 tenant (SPEC §5, FACTS §3) ---
    IntegrationNotEnabled = "integration-not-enabled", Warning,
        "The tenant export says the SharePoint-Entra B2B integration is off (`EnableAzureADB2BIntegration` False).",
        "Microsoft switches every tenant onto Entra B2B in 2026 with no opt-out (FAQ: \"Can I opt out of this change? No\"; FACTS §3). Once switched, file and folder sharing passes the Entra allow/deny list too, so the list decides more than it does today.",
        "Plan for the integration being on: the report's \"after\" already assumes it. Do not set it to False as a rollback; it no longer controls sharing. Source: FACTS §3 (SPB2B, the integration FAQ).";
    SharingDisabled = "sharing-disabled", Warning,
        "External sharing is Disabled (`SharingCapability` 0) for the tenant, OneDrive or a site: its domain lists are not in force.",
        "Nobody outside can be shared with at that level, so its lists restrict nothing today. Moving a disabled tenant's list into Entra would create a restriction for Teams and Groups that never existed; a disabled site's list never produces `site-sharing-breaks`.",
        "Nothing to migrate: the tenant's lists are marked dormant. If sharing is meant to be on, turn it on and re-run. Source: FACTS §1 (SETT, SETS: SharingCapability).";
    SpoGuestsLoseAccess = "spo-guests-lose-access", Error,
        "SharePoint-only external users (no Entra guest account) come from a domain the proposed Entra list blocks.",
        "From July 2026 they see access denied unless a B2B guest account is created for them (FAQ); creating it is an invitation, and the proposed list refuses it: they lose access for good.",
        "Add the domain to the proposal, or tell the site owners these people are cut off. The finding names them; the site external sharing report lists what they had. Source: FACTS §3 (integration FAQ, SharePoint-only guests).";
    SpoGuestsNeedAccount = "spo-guests-need-account", Info,
        "SharePoint-only external users (no Entra guest account) whose domain the proposed Entra list allows.",
        "From July 2026 they need a B2B guest account to keep access (FAQ). The list lets the account be created, but nobody creates it automatically.",
        "Create their B2B guest accounts proactively or reshare with them (FAQ #8: find them with the site's \"Shared with external users\" report, column \"User E-mail\"). Source: FACTS §3.";
    InvitesRestricted = "invites-restricted", Info,
        "The Entra authorization policy's `allowInvitesFrom` is `none` or `adminsAndGuestInviters`: team owners and members cannot invite guests at all.",
        "Who may invite prevails over the SharePoint settings (SPB2B); team and group owners already cannot add new guests, whatever the domain list says, so a newly blocked domain changes less for them.",
        "Nothing to do for the list. Keep it in mind when reading `teams-guests-newly-blocked`: only admins and Guest Inviters can invite today. Source: FACTS §3 (Graph authorizationPolicy).";
    NationalCloud = "national-cloud", Error,
        "The tenant's SharePoint hosts end in `.sharepoint.us`, `.sharepoint-mil.us` or `.sharepoint.cn`: a national cloud (GCC High, DoD, 21Vianet).",
        "The Graph b2bManagementPolicy API is available in the global service only, so the generated Graph body and apply script cannot work there (FACTS §3).",
        "Apply the list through the Entra admin center of your cloud by hand, using the proposed domains; `--out-graph` and `--out-script` are refused. GCC (moderate) tenants use `.sharepoint.com` and cannot be told from their hosts. Source: FACTS §3 (GR-B2B, national clouds).";
    // --- Input shapes ---
    ArrayLostInExport = "array-lost-in-export", Warning,
        "A CSV cell holds the literal `System.String[]`: a bare Export-Csv wrote the type name instead of the array's values.",
        "The values are lost; the cell is ignored.",
        "Export again with the array joined, e.g. `@{n='otherMails';e={$_.otherMails -join ';'}}`.";
    // --- Reading real exports (issue 11) ---
    InternalUsersInGuests = "internal-users-in-guests", Info,
        "The guests input holds internal users (userType Member, no `#EXT#`, no invitation): they were skipped and counted.",
        "A `GET /users` or portal download holds every user; only external users can be affected by an Entra B2B list.",
        "Nothing to do. To read less, export with `$filter=userType eq 'Guest'` (external members are then missed: prefer the full export).";
    MembersNotExported = "members-not-exported", Warning,
        "A groups input has no `members` property at all: group memberships were not exported.",
        "Which teams and groups have guests cannot be told; their impact is unknown, not zero.",
        "Export groups with `$expand=members` (Get-MgGroup -ExpandProperty members) and re-run.";
    MembersTruncated = "members-truncated", Warning,
        "A group in a `$expand=members` export has exactly 20 members, the most Graph's `$expand` returns.",
        "Its member list is probably cut off: the guests counted for it are a lower bound.",
        "Export that group's members with `GET /groups/{id}/members` (paged) and give them as another groups file.";
    InvisibleCharacter = "invisible-character", Warning,
        "A list entry holds a default-ignorable code point (zero-width space, soft hyphen, word joiner, BOM, ...) that IDNA would silently delete.",
        "What looks like one domain may have been two pasted together (`contoso.com` + U+200B + `fabrikam.com`), or the entry differs from what the admin sees.",
        "Retype the entry in the source list without the invisible character.";
    DuplicateSite = "duplicate-site", Warning,
        "The same site URL (up to case and a trailing slash) appears twice with different settings.",
        "Only one of the two settings can be the site's; the report cannot tell which export is current.",
        "Export the sites once (one `Get-SPOSite` run) and re-run.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown finding code `{s}` (see `spo2b2b explain`)"))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A place inside an input file, typed so that every renderer (SARIF regions included) reads
/// its parts instead of parsing text. Displayed (and serialised) as the text reports have
/// always shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// `line 3, column 7`: a position in a text file, both 1-based.
    LineColumn { line: u64, column: u64 },
    /// `row 12` or `row 12, column Url`: a CSV row (the header is row 1) and column name.
    Row { row: u64, column: Option<Box<str>> },
    /// `/value/0/SharingAllowedDomainList`: a JSON pointer (RFC 6901).
    Pointer(String),
    /// `/B2BManagementPolicy in /value/0/definition/0`: a pointer into a JSON document held
    /// in a string, and the pointer of that string.
    /// Boxed: rare, and a `Location` is held by every record of a large export.
    PointerIn(Box<PointerIn>),
    /// `[[waive]] #2`: an entry of the configuration file.
    Config(String),
}

/// A pointer into a JSON document held in a string, and the pointer of that string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PointerIn {
    pub pointer: String,
    pub string_at: String,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Place::Row { row, column: None } => write!(f, "row {row}"),
            Place::Row {
                row,
                column: Some(c),
            } => write!(f, "row {row}, column {c}"),
            Place::Pointer(p) | Place::Config(p) => f.write_str(p),
            Place::PointerIn(p) => write!(f, "{} in {}", p.pointer, p.string_at),
        }
    }
}

impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

// Places order as their text does (`row 10` before `row 9`), as they did when they were text:
// report order must not change with the representation.
impl Ord for Place {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Place::Pointer(a), Place::Pointer(b)) | (Place::Config(a), Place::Config(b)) => {
                a.cmp(b)
            }
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl PartialOrd for Place {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Where a finding comes from: a file as named on the command line, and a place inside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Shared by every record of a file: a million-row export holds its name once.
    pub file: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

impl Location {
    pub fn new(file: impl Into<Arc<str>>, place: Place) -> Self {
        Location {
            file: file.into(),
            place: Some(place),
        }
    }
    /// A JSON pointer into `file`.
    pub fn pointer(file: impl Into<Arc<str>>, pointer: impl Into<String>) -> Self {
        Location::new(file, Place::Pointer(pointer.into()))
    }
    /// A CSV row of `file`, optionally one column of it.
    pub fn row(file: impl Into<Arc<str>>, row: u64, column: Option<String>) -> Self {
        Location::new(
            file,
            Place::Row {
                row,
                column: column.map(String::into_boxed_str),
            },
        )
    }
    pub fn file(file: impl Into<Arc<str>>) -> Self {
        Location {
            file: file.into(),
            place: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{}: {}", self.file, p),
            None => f.write_str(&self.file),
        }
    }
}

/// One thing the tool reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// What the finding is about: a domain, a site URL, a group or a guest; for a look-alike
    /// group, its members joined with ` ~ ` (the text reports show).
    pub subject: String,
    /// The domains of a look-alike group ([`Finding::look_alike`]), in the subject's order;
    /// empty otherwise. Code that asks which domains a finding is about reads this list, never
    /// the subject's text (which may be a group's or guest's display name).
    #[serde(skip)]
    pub members: Vec<String>,
    pub locations: Vec<Location>,
    /// The reason of the waiver that covers this finding, if any (SPEC §6 "Waivers for CI").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
}

impl Finding {
    /// A finding at the code's default severity.
    pub fn new(code: Code, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            subject: subject.into(),
            members: Vec::new(),
            locations: Vec::new(),
            waived: None,
        }
    }

    /// A finding about a group of look-alike domains: its subject is `a ~ b ~ c`, its
    /// [`members`](Finding::members) the domains themselves.
    pub fn look_alike(code: Code, members: &[&str], message: impl Into<String>) -> Self {
        let mut f = Finding::new(code, members.join(" ~ "), message);
        f.members = members.iter().map(|m| m.to_string()).collect();
        f
    }

    /// Whether the finding is about `domain`: its subject, or a member of its look-alike group.
    pub fn names_domain(&self, domain: &str) -> bool {
        self.subject == domain || self.members.iter().any(|m| m == domain)
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.locations.push(location);
        self
    }

    /// The order every report lists findings in: most severe first, then by code, subject and
    /// message, so output never depends on the order the inputs were read in.
    pub fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(&b.code))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.locations.cmp(&b.locations))
    }
}

/// `1 entry`, `3 entries`: a count with its noun, for messages and reports.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What a user asked for a code: keep it, make it a warning or an error, or silence it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// Per-code severity overrides from `--allow/--warn/--deny` and `[severity]` in spo2b2b.toml.
/// Later settings win, so command-line flags are applied after the configuration file.
#[derive(Debug, Clone, Default)]
pub struct SeverityOverrides {
    levels: BTreeMap<Code, Level>,
}

impl SeverityOverrides {
    pub fn set(&mut self, code: Code, level: Level) {
        self.levels.insert(code, level);
    }

    /// Applies the overrides: silenced findings are removed, the rest get their new severity.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| match self.levels.get(&f.code) {
                None => Some(f),
                Some(Level::Allow) => None,
                Some(Level::Warn) => {
                    f.severity = Severity::Warning;
                    Some(f)
                }
                Some(Level::Deny) => {
                    f.severity = Severity::Error;
                    Some(f)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "code `{name}` defined twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "`{name}` is not kebab-case"
            );
            assert_eq!(name.parse::<Code>().unwrap(), code);
            let e = code.explanation();
            assert!(!e.means.is_empty() && !e.matters.is_empty() && !e.todo.is_empty());
        }
    }

    #[test]
    fn spec_codes_have_the_spec_default_severity() {
        use Severity::*;
        let table = [
            ("empty-allow-list", Error),
            ("dormant-list", Info),
            ("list-too-long", Warning),
            ("site-not-subset", Warning),
            ("site-allows-tenant-blocked", Warning),
            ("site-settings-unknown", Warning),
            ("site-only-restriction", Info),
            ("site-sharing-breaks", Error),
            ("entra-mode-conflict", Error),
            ("entra-entries-dropped", Warning),
            ("entra-both-lists", Error),
            ("policy-too-large", Error),
            ("policy-near-limit", Warning),
            ("pending-invites-fail", Error),
            ("teams-guests-newly-blocked", Warning),
            ("newly-allowed-domain", Warning),
            ("subdomain-not-covered", Warning),
            ("guest-domain-unknown", Warning),
            ("unused-waiver", Warning),
            ("trailing-dot", Info),
            ("lossy-export", Error),
            ("public-suffix", Error),
            ("shared-hosting-domain", Warning),
            ("unknown-suffix", Warning),
            ("consumer-domain", Warning),
            ("mixed-script", Warning),
            ("confusable-domain", Warning),
            ("duplicate-entry", Info),
        ];
        for (name, sev) in table {
            let code: Code = name.parse().unwrap();
            assert_eq!(code.default_severity(), sev, "{name}");
        }
    }

    #[test]
    fn overrides_silence_and_change_severity() {
        let mut o = SeverityOverrides::default();
        o.set(Code::TrailingDot, Level::Allow);
        o.set(Code::DormantList, Level::Deny);
        let out = o.apply(vec![
            Finding::new(Code::TrailingDot, "a.com", "m"),
            Finding::new(Code::DormantList, "tenant", "m"),
            Finding::new(Code::UnknownSuffix, "a.cmo", "m"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[1].severity, Severity::Warning);
    }
}
