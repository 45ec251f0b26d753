//! The export script (`export-script`, SPEC §7): writes the bundle `spo2b2b plan DIR` reads.
//! It embeds no input, so it is one fixed text; each block below names the documentation its
//! cmdlets, parameters, scopes and URLs were checked against (repository and path).

/// The export script: writes `tenant.json`, `sites.json`, `entra-policy.json`, `guests.json`,
/// `groups.json`, `external-users.json` and `authorization-policy.json`.
pub fn export() -> String {
    let mut s = String::new();
    // `#Requires -Version -Modules`: MicrosoftDocs/PowerShell-Docs
    // reference/5.1/Microsoft.PowerShell.Core/About/about_Requires.md. The SharePoint module is
    // not in `#Requires`: PowerShell 7 must import it with `-UseWindowsPowerShell`
    // (MicrosoftDocs/OfficeDocs-SharePoint-PowerShell
    // sharepoint/docs-conceptual/sharepoint-online/connect-sharepoint-online.md), which
    // `#Requires` cannot do; the script checks and imports it itself.
    s.push_str(HEADER);
    // `Get-Module -ListAvailable`, `Import-Module -UseWindowsPowerShell`: MicrosoftDocs/PowerShell-Docs
    // reference/7.4/Microsoft.PowerShell.Core/Import-Module.md (the parameter exists in 7 only,
    // hence the edition test on `$PSVersionTable.PSEdition`).
    // `Connect-SPOService -Url` and, app-only, `-ClientId -TenantId -CertificateThumbprint`
    // (parameter set AuthenticationCertificate): MicrosoftDocs/OfficeDocs-SharePoint-PowerShell
    // sharepoint/sharepoint-ps/Microsoft.Online.SharePoint.PowerShell/Connect-SPOService.md.
    // `Connect-MgGraph -Scopes -NoWelcome` and, app-only, `-ClientId -TenantId
    // -CertificateThumbprint` (AppCertificateParameterSet): MicrosoftDocs/microsoftgraph-docs-powershell
    // microsoftgraph/graph-powershell-1.0/Microsoft.Graph.Authentication/Connect-MgGraph.md.
    // Scopes: Policy.Read.B2BManagementPolicy (microsoft-graph-docs-contrib
    // api-reference/beta/api/b2bmanagementpolicy-get.md), User.Read.All (api-reference/v1.0/api/user-list.md),
    // GroupMember.Read.All (group-list-members.md, group-list-owners.md), Policy.Read.All
    // (api-reference/v1.0/api/authorizationpolicy-get.md).
    s.push_str(CONNECT);
    // `Get-SPOTenant` properties: OfficeDocs-SharePoint-PowerShell .../Get-SPOTenant.md and
    // Set-SPOTenant.md (SharingDomainRestrictionMode, SharingAllowedDomainList,
    // SharingBlockedDomainList, SharingCapability, OneDriveSharingCapability,
    // EnableAzureADB2BIntegration, SyncAadB2BManagementPolicy).
    // `Get-SPOSite -Limit All -IncludePersonalSite $true`, `Get-SPOSite -Identity`:
    // .../Get-SPOSite.md. `Write-Progress -Activity -Status -PercentComplete -SecondsRemaining`:
    // MicrosoftDocs/PowerShell-Docs reference/5.1/Microsoft.PowerShell.Utility/Write-Progress.md.
    // `Add-Content -Encoding UTF8`, `Get-Content -Encoding UTF8`: reference/5.1/
    // Microsoft.PowerShell.Management/Add-Content.md, Get-Content.md.
    s.push_str(SITES);
    // `Get-SPOExternalUser -Position -PageSize` (PageSize at most 50; Position the zero-based
    // index of the first result): .../Get-SPOExternalUser.md.
    s.push_str(EXTERNAL_USERS);
    // `Get-MgBetaPolicyB2BManagementPolicy -All`: microsoftgraph-docs-powershell
    // microsoftgraph/graph-powershell-beta/Microsoft.Graph.Beta.Identity.SignIns/Get-MgBetaPolicyB2BManagementPolicy.md.
    // `Invoke-MgGraphRequest -Method GET -Uri -OutputType PSObject`:
    // microsoftgraph/graph-powershell-1.0/Microsoft.Graph.Authentication/Invoke-MgGraphRequest.md;
    // `GET /v1.0/policies/authorizationPolicy`: microsoft-graph-docs-contrib
    // api-reference/v1.0/api/authorizationpolicy-get.md.
    // `Get-MgUser -All -Filter -Property`: microsoftgraph/graph-powershell-1.0/Microsoft.Graph.Users/Get-MgUser.md;
    // userType supports `$filter` eq, otherMails/externalUserState/creationType are returned only
    // when selected: microsoft-graph-docs-contrib api-reference/v1.0/resources/user.md.
    // `Get-MgGroup -All -Filter -Property`, `Get-MgGroupMember -GroupId -All`,
    // `Get-MgGroupOwner -GroupId -All`: microsoftgraph/graph-powershell-1.0/Microsoft.Graph.Groups/
    // Get-MgGroup.md, Get-MgGroupMember.md, Get-MgGroupOwner.md.
    s.push_str(GRAPH);
    s
}

const HEADER: &str = r#"#Requires -Version 5.1
#Requires -Modules Microsoft.Graph.Authentication, Microsoft.Graph.Users, Microsoft.Graph.Groups, Microsoft.Graph.Beta.Identity.SignIns
<#
.SYNOPSIS
    Collects the export bundle that `spo2b2b plan DIR` reads. Reads only; changes nothing.
.DESCRIPTION
    Writes tenant.json, sites.json, entra-policy.json, guests.json, groups.json,
    external-users.json and authorization-policy.json into -OutDir, as UTF-8, avoiding the usual
    export traps:
    - `Get-SPOSite -Limit All` does not fill the sharing fields, so every site is read again with
      `Get-SPOSite -Identity <url>`; OneDrive sites are included (-IncludePersonalSite $true).
      A site that cannot be read is written with its sharing fields null and the error, so that
      `spo2b2b plan` reports it (site-settings-unknown), and the export goes on.
    - Sites are appended to sites.partial.jsonl as they are read: after an interruption, run the
      script again with the same -OutDir and it skips the sites already read.
    - ConvertTo-Json's default depth of 2 truncates nested values; -Depth 10 is used throughout,
      and -InputObject @(...) keeps a one-element list a list.
    - Guests and external members (#EXT# user principal name, or creationType Invitation) are
      exported, with otherMails, externalUserState and creationType selected explicitly.
    - Group members and owners are listed per group (`$expand=members` stops at 20).
    - SharePoint external users (Get-SPOExternalUser) are paged to the end, 50 at a time.
    Works in Windows PowerShell 5.1 and PowerShell 7 (which imports the SharePoint module with
    -UseWindowsPowerShell). Needs the modules Microsoft.Online.SharePoint.PowerShell,
    Microsoft.Graph.Authentication, Microsoft.Graph.Users, Microsoft.Graph.Groups and
    Microsoft.Graph.Beta.Identity.SignIns. Signed in as a user, it needs the SharePoint
    Administrator role and consent to the read scopes below; with -ClientId, -TenantId and
    -CertificateThumbprint it signs in app-only (for scheduled runs), as an app registration
    granted the Graph application permissions Policy.Read.B2BManagementPolicy, User.Read.All,
    GroupMember.Read.All and Policy.Read.All, and a SharePoint application permission that may read
    tenant and site settings (Sites.FullControl.All is the usual grant; the Connect-SPOService
    documentation names none).
.PARAMETER SharePointAdminUrl
    The SharePoint admin centre, e.g. https://contoso-admin.sharepoint.com.
.PARAMETER OutDir
    The bundle folder to write.
.PARAMETER ClientId
    App-only sign-in: the application (client) id of the app registration.
.PARAMETER TenantId
    App-only sign-in: the tenant id or primary domain.
.PARAMETER CertificateThumbprint
    App-only sign-in: the thumbprint of the app's certificate in the current user's store.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SharePointAdminUrl,
    [string]$OutDir = './spo2b2b-bundle',
    [string]$ClientId,
    [string]$TenantId,
    [string]$CertificateThumbprint
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath $OutDir -PathType Container)) {
    New-Item -ItemType Directory -Path $OutDir | Out-Null
}

function Save-Json($Value, $Name) {
    $path = Join-Path $OutDir $Name
    ConvertTo-Json -InputObject $Value -Depth 10 | Set-Content -Path $path -Encoding UTF8
    Write-Host "Wrote $path"
}
"#;

const CONNECT: &str = r#"
# Sign-in: interactive, or app-only with a certificate when all three app parameters are given.
$appOnly = [bool]($ClientId -or $TenantId -or $CertificateThumbprint)
if ($appOnly -and -not ($ClientId -and $TenantId -and $CertificateThumbprint)) {
    throw 'App-only sign-in needs all of -ClientId, -TenantId and -CertificateThumbprint.'
}

# The SharePoint module: PowerShell 7 loads it through Windows PowerShell compatibility.
if (-not (Get-Module -ListAvailable -Name 'Microsoft.Online.SharePoint.PowerShell')) {
    throw 'The module Microsoft.Online.SharePoint.PowerShell is not installed: Install-Module Microsoft.Online.SharePoint.PowerShell -Scope CurrentUser'
}
if ($PSVersionTable.PSEdition -eq 'Core') {
    Import-Module Microsoft.Online.SharePoint.PowerShell -UseWindowsPowerShell -WarningAction SilentlyContinue
} else {
    Import-Module Microsoft.Online.SharePoint.PowerShell -WarningAction SilentlyContinue
}

if ($appOnly) {
    Connect-SPOService -Url $SharePointAdminUrl -ClientId $ClientId -TenantId $TenantId -CertificateThumbprint $CertificateThumbprint
    Connect-MgGraph -ClientId $ClientId -TenantId $TenantId -CertificateThumbprint $CertificateThumbprint -NoWelcome
} else {
    Connect-SPOService -Url $SharePointAdminUrl
    Connect-MgGraph -Scopes 'Policy.Read.B2BManagementPolicy', 'User.Read.All', 'GroupMember.Read.All', 'Policy.Read.All' -NoWelcome
}
"#;

const SITES: &str = r#"
# Tenant settings.
$tenant = Get-SPOTenant | Select-Object SharingDomainRestrictionMode, SharingAllowedDomainList,
    SharingBlockedDomainList, SharingCapability, OneDriveSharingCapability,
    EnableAzureADB2BIntegration, SyncAadB2BManagementPolicy
Save-Json $tenant 'tenant.json'

# Sites, each read with -Identity so that the sharing fields are filled. Each result is appended
# to sites.partial.jsonl at once; a second run skips the sites already there.
$partial = Join-Path $OutDir 'sites.partial.jsonl'
$done = New-Object 'System.Collections.Generic.HashSet[string]' ([StringComparer]::OrdinalIgnoreCase)
if (Test-Path -LiteralPath $partial) {
    foreach ($line in Get-Content -LiteralPath $partial -Encoding UTF8) {
        if ($line.Trim()) { [void]$done.Add((ConvertFrom-Json -InputObject $line).Url) }
    }
    Write-Host "Resuming: $($done.Count) site(s) already read in $partial"
}
$all = @(Get-SPOSite -Limit All -IncludePersonalSite $true)
$todo = @($all | Where-Object { -not $done.Contains([string]$_.Url) })
$failed = 0
$started = Get-Date
for ($i = 0; $i -lt $todo.Count; $i++) {
    $url = [string]$todo[$i].Url
    if ($i -gt 0) {
        $perSite = ((Get-Date) - $started).TotalSeconds / $i
        $left = [int]($perSite * ($todo.Count - $i))
        Write-Progress -Activity 'Reading site sharing settings' -Status "$($done.Count + $i) of $($all.Count): $url" -PercentComplete (100 * ($done.Count + $i) / $all.Count) -SecondsRemaining $left
    }
    try {
        # Select-Object first: a property this module version lacks is then null, not an error
        # under Set-StrictMode.
        $site = Get-SPOSite -Identity $url | Select-Object Url, SharingDomainRestrictionMode,
            SharingAllowedDomainList, SharingBlockedDomainList, GroupId, IsTeamsConnected, Template,
            SharingCapability
        $row = [pscustomobject]@{
            Url                          = [string]$site.Url
            SharingDomainRestrictionMode = [string]$site.SharingDomainRestrictionMode
            SharingAllowedDomainList     = [string]$site.SharingAllowedDomainList
            SharingBlockedDomainList     = [string]$site.SharingBlockedDomainList
            GroupId                      = [string]$site.GroupId
            IsTeamsConnected             = $site.IsTeamsConnected
            Template                     = [string]$site.Template
            SharingCapability            = [string]$site.SharingCapability
        }
    } catch {
        # Recorded with unknown sharing settings, so that the plan reports the site; go on.
        $failed++
        Write-Warning "Cannot read $($url): $($_.Exception.Message)"
        $row = [pscustomobject]@{
            Url                          = $url
            SharingDomainRestrictionMode = $null
            SharingAllowedDomainList     = $null
            SharingBlockedDomainList     = $null
            ExportError                  = $_.Exception.Message
        }
    }
    Add-Content -LiteralPath $partial -Value (ConvertTo-Json -InputObject $row -Depth 10 -Compress) -Encoding UTF8
}
Write-Progress -Activity 'Reading site sharing settings' -Completed
$sites = @(foreach ($line in Get-Content -LiteralPath $partial -Encoding UTF8) {
    if ($line.Trim()) { ConvertFrom-Json -InputObject $line }
})
Save-Json $sites 'sites.json'
Remove-Item -LiteralPath $partial
if ($failed -gt 0) { Write-Warning "$failed site(s) could not be read; they are in sites.json with unknown sharing settings." }
"#;

const EXTERNAL_USERS: &str = r#"
# SharePoint external users, paged to the end (at most 50 per call).
$external = New-Object System.Collections.Generic.List[object]
$position = 0
do {
    $page = @(Get-SPOExternalUser -Position $position -PageSize 50)
    foreach ($u in $page | Select-Object DisplayName, Email, AcceptedAs, InvitedAs, InvitedBy, UniqueId, WhenCreated) {
        $external.Add([pscustomobject]@{
            DisplayName = [string]$u.DisplayName
            Email       = [string]$u.Email
            AcceptedAs  = [string]$u.AcceptedAs
            InvitedAs   = [string]$u.InvitedAs
            InvitedBy   = [string]$u.InvitedBy
            UniqueId    = [string]$u.UniqueId
            WhenCreated = if ($u.WhenCreated) { ([datetime]$u.WhenCreated).ToUniversalTime().ToString('o') } else { $null }
        })
    }
    $position += $page.Count
    Write-Progress -Activity 'Reading SharePoint external users' -Status "$position read"
} while ($page.Count -eq 50)
Write-Progress -Activity 'Reading SharePoint external users' -Completed
Save-Json @($external) 'external-users.json'
"#;

const GRAPH: &str = r#"
# The current B2B management policy.
$policy = @(Get-MgBetaPolicyB2BManagementPolicy -All | Select-Object Id, DisplayName, Definition, IsOrganizationDefault)
Save-Json $policy 'entra-policy.json'

# Who may invite (allowInvitesFrom) and the other guest settings.
$authorization = Invoke-MgGraphRequest -Method GET -Uri 'https://graph.microsoft.com/v1.0/policies/authorizationPolicy' -OutputType PSObject
Save-Json $authorization 'authorization-policy.json'

# Guests and external members, with the properties that are returned only when selected.
$props = 'id', 'displayName', 'mail', 'userPrincipalName', 'otherMails', 'externalUserState', 'creationType', 'userType'
$guests = @(Get-MgUser -All -Filter "userType eq 'Guest'" -Property $props | Select-Object $props)
$externalMembers = @(Get-MgUser -All -Filter "userType eq 'Member'" -Property $props |
    Where-Object { $_.UserPrincipalName -like '*#EXT#*' -or $_.CreationType -eq 'Invitation' } |
    Select-Object $props)
Save-Json @($guests + $externalMembers) 'guests.json'

# Microsoft 365 groups with every member and owner (teams have 'Team' in resourceProvisioningOptions).
$unified = @(Get-MgGroup -All -Filter "groupTypes/any(c:c eq 'Unified')" -Property 'id', 'displayName', 'resourceProvisioningOptions')
$i = 0
$groups = foreach ($g in $unified) {
    $i++
    Write-Progress -Activity 'Reading group members and owners' -Status "$i of $($unified.Count)" -PercentComplete (100 * $i / [Math]::Max(1, $unified.Count))
    $members = foreach ($m in Get-MgGroupMember -GroupId $g.Id -All) {
        [pscustomobject]@{
            id                = $m.Id
            mail              = $m.AdditionalProperties['mail']
            userPrincipalName = $m.AdditionalProperties['userPrincipalName']
        }
    }
    $owners = foreach ($o in Get-MgGroupOwner -GroupId $g.Id -All) {
        [pscustomobject]@{
            id                = $o.Id
            displayName       = $o.AdditionalProperties['displayName']
            mail              = $o.AdditionalProperties['mail']
            userPrincipalName = $o.AdditionalProperties['userPrincipalName']
        }
    }
    [pscustomobject]@{
        id                          = $g.Id
        displayName                 = $g.DisplayName
        resourceProvisioningOptions = @($g.ResourceProvisioningOptions)
        members                     = @($members)
        owners                      = @($owners)
    }
}
Write-Progress -Activity 'Reading group members and owners' -Completed
Save-Json @($groups) 'groups.json'

Write-Host "Done. Run: spo2b2b plan $OutDir"
"#;
