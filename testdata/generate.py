#!/usr/bin/env python3
"""Writes testdata/shapes and testdata/malformed: one file per accepted input shape, written the
way the real exporter writes it (encoding, BOM, line endings, indentation, #TYPE lines), and a
corpus of malformed inputs. Run from the crate root: python3 testdata/generate.py"""
import json, os

ROOT = os.path.dirname(os.path.abspath(__file__))
SHAPES = os.path.join(ROOT, "shapes")
BAD = os.path.join(ROOT, "malformed")
os.makedirs(SHAPES, exist_ok=True)
os.makedirs(BAD, exist_ok=True)


def write(folder, name, text, enc="utf-8", crlf=False):
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if enc == "utf-16le":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif enc == "utf-16be":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    elif enc == "utf-8-sig":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif enc == "raw":
        data = text
    else:
        data = text.encode(enc)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def ps51_json(obj, indent=0):
    """ConvertTo-Json as Windows PowerShell 5.1 writes it: 4-space indent, two spaces after the
    colon, empty arrays as [\n\n ], and / escaped as \\/ only in dates (given pre-escaped)."""
    pad = "    " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{\n\n" + pad + "}"
        items = []
        for k, v in obj.items():
            items.append(pad + "    " + json.dumps(k) + ":  " + ps51_json(v, indent + 1))
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[\n\n" + pad + "]"
        return "[\n" + ",\n".join(pad + "    " + ps51_json(v, indent + 1) for v in obj) + "\n" + pad + "]"
    if isinstance(obj, Raw):
        return obj.text
    return json.dumps(obj, ensure_ascii=False)


class Raw:
    def __init__(self, text):
        self.text = text


def date(ms):
    return Raw('"\\/Date(%d)\\/"' % ms)


# ---------------------------------------------------------------- tenant
spo_tenant = {
    "SharingCapability": 2,
    "OneDriveSharingCapability": 2,
    "SharingDomainRestrictionMode": 1,
    "SharingAllowedDomainList": "contoso.com fabrikam.com",
    "SharingBlockedDomainList": None,
    "RequireAcceptingAccountMatchInvitedAccount": True,
    "EnableAzureADB2BIntegration": False,
    "SyncAadB2BManagementPolicy": False,
    "ExcludedFileExtensionsForSyncClient": [""],
    "ConditionalAccessPolicy": 0,
    "StorageQuota": 1048576,
    "InformationBarriersSuspension": True,
    "LastModified": date(1326441600000),
}
write(SHAPES, "tenant-getspotenant-ps51.json", ps51_json(spo_tenant) + "\n", "utf-16le", crlf=True)

ps7 = dict(spo_tenant)
ps7.update({"SharingCapability": "ExternalUserAndGuestSharing", "OneDriveSharingCapability": "ExternalUserSharingOnly",
            "SharingDomainRestrictionMode": "BlockList", "SharingAllowedDomainList": "",
            "SharingBlockedDomainList": "live.com,gmail.com", "EnableAzureADB2BIntegration": True,
            "ConditionalAccessPolicy": "AllowFullAccess", "LastModified": "2012-01-13T08:00:00Z"})
write(SHAPES, "tenant-getspotenant-ps7-enums-as-strings.json", json.dumps(ps7, indent=2) + "\n")

pnp = {
    "SharingCapability": "ExternalUserAndGuestSharing",
    "SharingDomainRestrictionMode": "AllowList",
    "SharingAllowedDomainList": "contoso.com",
    "SharingBlockedDomainList": "",
    "EnableAzureADB2BIntegration": None,
    "SyncAadB2BManagementPolicy": None,
    "DefaultSharingLinkType": "Internal",
    "ShowEveryoneClaim": False,
}
write(SHAPES, "tenant-pnp.json", json.dumps(pnp, indent=2) + "\n")

m365 = {
    "_ObjectType_": "Microsoft.Online.SharePoint.TenantAdministration.Tenant",
    "_ObjectIdentity_": "b1a2c3d4-5e6f-4a5b-9c8d-7e6f5a4b3c2d|908bed80-a04a-4433-b4a0-883d9847d110:1e52b8f4-7a76-4d8a-9f83-d6fa4f2dbe09\nTenant",
    "AllowDownloadingNonWebViewableFiles": True,
    "EnableAzureADB2BIntegration": True,
    "SharingAllowedDomainList": "contoso.com",
    "SharingBlockedDomainList": "",
    "SharingCapability": 1,
    "SharingDomainRestrictionMode": 1,
    "SyncAadB2BManagementPolicy": True,
}
write(SHAPES, "tenant-m365cli.json", json.dumps(m365, indent=2) + "\n")

graph_settings = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/sharepoint/settings/$entity",
    "allowedDomainGuidsForSyncApp": ["3ca44ba6-1ffe-4a06-9a41-6dc1a1a4a2a3"],
    "availableManagedPathsForSiteCreation": ["/sites/", "/teams/", "/personal/"],
    "deletedUserPersonalSiteRetentionPeriodInDays": 30,
    "excludedFileExtensionsForSyncApp": [".mp3"],
    "idleSessionSignOut": {"isEnabled": False, "warnAfterInSeconds": 0, "signOutAfterInSeconds": 0},
    "imageTaggingOption": "basic",
    "isLegacyAuthProtocolsEnabled": True,
    "personalSiteDefaultStorageLimitInMB": 1048576,
    "sharingAllowedDomainList": ["contoso.com", "fabrikam.com"],
    "sharingBlockedDomainList": ["contoso.com"],
    "sharingCapability": "externalUserAndGuestSharing",
    "sharingDomainRestrictionMode": "allowList",
    "siteCreationDefaultManagedPath": "/sites/",
    "tenantDefaultTimezone": "(UTC-08:00) Pacific Time (US and Canada)",
}
write(SHAPES, "tenant-graph.json", json.dumps(graph_settings, indent=2) + "\n")
wrapped = {"value": {k: v for k, v in graph_settings.items() if k != "@odata.context"}}
wrapped["value"]["sharingDomainRestrictionMode"] = "blockList"
wrapped["value"]["sharingBlockedDomainList"] = ["live.com"]
wrapped["value"]["sharingAllowedDomainList"] = []
write(SHAPES, "tenant-graph-value-wrapped.json", json.dumps(wrapped, indent=2) + "\n")

write(SHAPES, "tenant.txt", "# allowed partners, exported 2026-01-10\ncontoso.com\n\nFabrikam.com \n  # old\nsales.contoso.com\n", crlf=True)
write(SHAPES, "tenant-export.csv",
      '#TYPE Microsoft.Online.SharePoint.PowerShell.SPOTenant\n'
      '"SharingCapability","SharingDomainRestrictionMode","SharingAllowedDomainList","SharingBlockedDomainList","EnableAzureADB2BIntegration","SyncAadB2BManagementPolicy","ExcludedFileExtensionsForSyncClient"\n'
      '"ExternalUserAndGuestSharing","BlockList","","live.com gmail.com","True","False","System.String[]"\n',
      "utf-16le", crlf=True)

# ---------------------------------------------------------------- sites
zero = "00000000-0000-0000-0000-000000000000"
sites = [
    {"LastContentModifiedDate": date(1700000000000), "Status": "Active", "ResourceUsageCurrent": 0,
     "Url": "https://contoso.sharepoint.com/sites/Marketing", "Owner": "", "Title": "Marketing",
     "SharingCapability": 2, "SharingDomainRestrictionMode": 1, "SharingAllowedDomainList": "fabrikam.com",
     "SharingBlockedDomainList": "", "GroupId": "5B1C6E2A-8F4D-4E1B-9A3C-2D7E8F9A0B1C", "IsTeamsConnected": True,
     "Template": "GROUP#0"},
    {"LastContentModifiedDate": date(1700000000000), "Status": "Active",
     "Url": "https://contoso.sharepoint.com/sites/Intranet", "Title": "Intranet",
     "SharingCapability": 0, "SharingDomainRestrictionMode": 0, "SharingAllowedDomainList": None,
     "SharingBlockedDomainList": None, "GroupId": zero, "IsTeamsConnected": False,
     "Template": "SITEPAGEPUBLISHING#0"},
    {"Url": "https://contoso-my.sharepoint.com/personal/alice_contoso_com", "Title": "Alice",
     "SharingCapability": 1, "SharingDomainRestrictionMode": 2, "SharingAllowedDomainList": "",
     "SharingBlockedDomainList": "gmail.com, live.com", "GroupId": zero, "IsTeamsConnected": False,
     "Template": "SPSPERS#10"},
]
write(SHAPES, "sites-getsposite.json", ps51_json(sites) + "\n", "utf-8-sig", crlf=True)

pnp_sites = [
    {"Url": "https://contoso.sharepoint.com/sites/Sales", "Template": "STS#3", "SharingCapability": "ExternalUserSharingOnly",
     "SharingDomainRestrictionMode": "AllowList", "SharingAllowedDomainList": "contoso.com fabrikam.com",
     "SharingBlockedDomainList": "", "GroupId": zero, "IsTeamsConnected": False, "LockState": "Unlock"},
]
write(SHAPES, "sites-pnp.json", json.dumps(pnp_sites[0], indent=2) + "\n")

m365_sites = [
    {"_ObjectType_": "Microsoft.Online.SharePoint.TenantAdministration.SiteProperties",
     "_ObjectIdentity_": "x|y\nSiteProperties\nhttps%3a%2f%2fcontoso.sharepoint.com%2fsites%2fProject",
     "GroupId": "/Guid(2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d)/", "IsTeamsConnected": True,
     "SharingAllowedDomainList": "", "SharingBlockedDomainList": "evil.example", "SharingCapability": 2,
     "SharingDomainRestrictionMode": 2, "Template": "GROUP#0", "Url": "https://contoso.sharepoint.com/sites/Project"},
    {"_ObjectType_": "Microsoft.Online.SharePoint.TenantAdministration.SiteProperties",
     "GroupId": "/Guid(00000000-0000-0000-0000-000000000000)/", "Url": "https://contoso.sharepoint.com/sites/LimitAll",
     "Template": "STS#3"},
]
write(SHAPES, "sites-m365cli.json", json.dumps(m365_sites, indent=2) + "\n")

write(SHAPES, "sites-export.csv",
      '#TYPE Microsoft.Online.SharePoint.PowerShell.SPOSite\n'
      '"LastContentModifiedDate","Status","Url","Title","SharingCapability","SharingDomainRestrictionMode","SharingAllowedDomainList","SharingBlockedDomainList","GroupId","IsTeamsConnected","Template"\n'
      '"1/13/2012 12:00:00 AM","Active","https://contoso.sharepoint.com/sites/HR","HR","ExternalUserSharingOnly","AllowList","contoso.com fabrikam.com","","00000000-0000-0000-0000-000000000000","False","STS#3"\n'
      '"1/13/2012 12:00:00 AM","Active","https://contoso.sharepoint.com/sites/Legal","Legal, ""Contracts""","Disabled","","","","00000000-0000-0000-0000-000000000000","False","STS#3"\n',
      "utf-8", crlf=True)

# ---------------------------------------------------------------- entra
definition = {"B2BManagementPolicy": {
    "InvitationsAllowedAndBlockedDomainsPolicy": {"AllowedDomains": [], "BlockedDomains": ["live.com", "gmail.com"]},
    "AutoRedeemPolicy": {"AdminConsentedForUsersIntoTenantIds": [], "NoAADConsentForUsersFromTenantsIds": []},
    "PreviewPolicy": {"Features": ["OneTimePasscode"]}}}
compact = json.dumps(definition, separators=(",", ":"))
write(SHAPES, "entra-bare.json", json.dumps(definition, indent=2) + "\n")
write(SHAPES, "entra-graph-list.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/b2bManagementPolicies",
    "value": [{"id": "a1b2c3d4-1111-2222-3333-444455556666", "deletedDateTime": None, "definition": [compact],
               "displayName": "B2BManagementPolicy", "isOrganizationDefault": True}]}, indent=2) + "\n")
write(SHAPES, "entra-graph-object.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/b2bManagementPolicies/$entity",
    "id": "a1b2c3d4-1111-2222-3333-444455556666",
    "definition": ["{'B2BManagementPolicy':{'InvitationsAllowedAndBlockedDomainsPolicy':{'AllowedDomains':['contoso.com','fabrikam.com']},'Version':1}}"],
    "displayName": "B2BManagementPolicy", "isOrganizationDefault": True}, indent=2) + "\n")
azuread = [
    {"Id": "0aa1b2c3-0000-4000-8000-000000000001", "OdataType": None, "AlternativeIdentifier": None,
     "Definition": ['{"TokenLifetimePolicy":{"Version":1,"AccessTokenLifetime":"08:00:00"}}'],
     "DisplayName": "OrganizationDefaultPolicyScenario", "IsOrganizationDefault": True, "KeyCredentials": [],
     "Type": "TokenLifetimePolicy"},
    {"Id": "a1b2c3d4-1111-2222-3333-444455556666", "OdataType": None, "AlternativeIdentifier": None,
     "Definition": [compact], "DisplayName": "B2BManagementPolicy", "IsOrganizationDefault": True,
     "KeyCredentials": [], "Type": "B2BManagementPolicy"},
]
write(SHAPES, "entra-azureadpolicy.json", ps51_json(azuread) + "\n", "utf-16le", crlf=True)
write(SHAPES, "entra-legacy.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#legacy/policies",
    "value": [
        {"id": "0aa1b2c3-0000-4000-8000-000000000002", "displayName": "HRD", "type": 3,
         "definition": ['{"HomeRealmDiscoveryPolicy":{"AccelerateToFederatedDomain":true}}'], "isOrganizationDefault": False},
        {"id": "a1b2c3d4-1111-2222-3333-444455556666", "displayName": "B2BManagementPolicy", "type": 6,
         "definition": ['{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["contoso.com"],"BlockedDomains":[]},"PreviewPolicy":{"Features":[]}}}'],
         "isOrganizationDefault": True}]}, indent=2) + "\n")
write(SHAPES, "entra-single-quoted.json",
      "{'B2BManagementPolicy':{'InvitationsAllowedAndBlockedDomainsPolicy':{'AllowedDomains':[],'BlockedDomains':['live.com']},'Version':1,'Note':'it\\'s \"quoted\"'}}\n")

# ---------------------------------------------------------------- guests
write(SHAPES, "guests-graph-page1.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,otherMails,externalUserState,creationType,userType)",
    "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$filter=userType+eq+'Guest'&$skiptoken=RFNwdAIAAQAAAB",
    "value": [
        {"id": "11111111-aaaa-4bbb-8ccc-000000000001", "displayName": "Bob (Fabrikam)", "mail": "bob@fabrikam.com",
         "userPrincipalName": "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com", "otherMails": ["bob@fabrikam.com"],
         "externalUserState": "Accepted", "creationType": "Invitation", "userType": "Guest"},
        {"id": "11111111-aaaa-4bbb-8ccc-000000000002", "displayName": "Dana", "mail": None,
         "userPrincipalName": "dana_x_gmail.com#EXT#@contoso.onmicrosoft.com", "otherMails": [],
         "externalUserState": "PendingAcceptance", "creationType": "Invitation", "userType": "Guest"}]}, indent=2) + "\n")
write(SHAPES, "guests-graph-page2.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,otherMails,externalUserState,creationType,userType)",
    "value": [
        {"id": "11111111-aaaa-4bbb-8ccc-000000000003", "displayName": "Eve", "mail": "eve@live.com",
         "userPrincipalName": "eve_live.com#EXT#@contoso.onmicrosoft.com", "otherMails": [],
         "externalUserState": None, "creationType": None, "userType": "Guest"}]}, indent=2) + "\n")
getmguser = [
    {"AboutMe": None, "AccountEnabled": None, "DisplayName": "Frank", "ExternalUserState": "PendingAcceptance",
     "ExternalUserStateChangeDateTime": None, "Id": "11111111-aaaa-4bbb-8ccc-000000000004", "Mail": "frank@contoso.com",
     "OtherMails": ["frank.alt@contoso.com"], "UserPrincipalName": "frank_contoso.com#EXT#@fabrikam.onmicrosoft.com",
     "UserType": "Guest", "CreationType": "Invitation",
     "AdditionalProperties": {}, "Manager": {"Id": None, "DeletedDateTime": None, "AdditionalProperties": {}}},
]
write(SHAPES, "guests-getmguser.json", json.dumps(getmguser, indent=2) + "\n")
write(SHAPES, "guests.csv",
      '#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\n'
      '"Id","DisplayName","Mail","UserPrincipalName","OtherMails","ExternalUserState","CreationType","UserType"\n'
      '"11111111-aaaa-4bbb-8ccc-000000000005","Grace","","grace_northwind.com#EXT#@contoso.onmicrosoft.com","System.String[]","Pending Acceptance","Invitation","Guest"\n'
      '"11111111-aaaa-4bbb-8ccc-000000000006","Heidi","heidi@tailspin.com","heidi_tailspin.com#EXT#@contoso.onmicrosoft.com","heidi@tailspin.com; h2@tailspin.com","Accepted","","Guest"\n',
      "utf-16le", crlf=True)

# ---------------------------------------------------------------- groups
write(SHAPES, "groups-graph.json", json.dumps({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName,resourceProvisioningOptions,members(id,mail,userPrincipalName))",
    "@odata.nextLink": "https://graph.microsoft.com/v1.0/groups?$expand=members&$skiptoken=X",
    "value": [
        {"id": "5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c", "displayName": "Marketing", "resourceProvisioningOptions": ["Team"],
         "members": [
             {"@odata.type": "#microsoft.graph.user", "id": "11111111-aaaa-4bbb-8ccc-000000000001", "mail": "bob@fabrikam.com",
              "userPrincipalName": "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"},
             {"@odata.type": "#microsoft.graph.user", "id": "22222222-aaaa-4bbb-8ccc-000000000001", "mail": "alice@contoso.com",
              "userPrincipalName": "alice@contoso.com"}]},
        {"id": "6c2d7f3b-9a5e-4f2c-8b4d-3e8f9a0b1c2d", "displayName": "Book club", "resourceProvisioningOptions": [],
         "members": []}]}, indent=2) + "\n")
write(SHAPES, "groups-graph-page2.json", json.dumps({
    "value": [
        {"id": "5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c", "displayName": "Marketing", "resourceProvisioningOptions": ["Team"],
         "members": [{"@odata.type": "#microsoft.graph.user", "id": "11111111-aaaa-4bbb-8ccc-000000000002", "mail": None,
                      "userPrincipalName": "dana_x_gmail.com#EXT#@contoso.onmicrosoft.com"}]}]}, indent=2) + "\n")
write(SHAPES, "groups-getmggroup.json", json.dumps([
    {"DisplayName": "Project", "Id": "2A3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D", "ResourceProvisioningOptions": ["Team"],
     "Members": [{"DeletedDateTime": None, "Id": "11111111-aaaa-4bbb-8ccc-000000000004",
                  "AdditionalProperties": {"@odata.type": "#microsoft.graph.user", "mail": "frank@contoso.com",
                                           "userPrincipalName": "frank_contoso.com#EXT#@fabrikam.onmicrosoft.com"}}],
     "AdditionalProperties": {}}], indent=2) + "\n")
write(SHAPES, "groups.csv",
      'GroupId,GroupName,IsTeam,MemberId,MemberMail,MemberUserPrincipalName\n'
      '5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c,Marketing,True,11111111-aaaa-4bbb-8ccc-000000000001,bob@fabrikam.com,bob_fabrikam.com#EXT#@contoso.onmicrosoft.com\n'
      '6c2d7f3b-9a5e-4f2c-8b4d-3e8f9a0b1c2d,Book club,False,,,\n'
      '5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c,Marketing,True,11111111-aaaa-4bbb-8ccc-000000000002,,dana_x_gmail.com#EXT#@contoso.onmicrosoft.com\n')

# ---------------------------------------------------------------- malformed
B = lambda name, text, enc="utf-8": write(BAD, name, text, enc)
B("tenant-syntax.json", '{\n  "SharingDomainRestrictionMode": 1,,\n  "SharingAllowedDomainList": "a.com"\n}\n')
B("tenant-truncated.json", '{\n  "SharingDomainRestrictionMode": 1,\n  "SharingAllowedDomainList": "contoso.c')
B("tenant-bad-enum.json", '{"SharingDomainRestrictionMode": 5, "SharingAllowedDomainList": "a.com"}\n')
B("tenant-bad-enum-name.json", '{"sharingDomainRestrictionMode": "Allow"}\n')
B("tenant-unknown-future.json", json.dumps({"@odata.context": "x", "sharingDomainRestrictionMode": "unknownFutureValue",
                                            "sharingAllowedDomainList": []}) + "\n")
B("tenant-list-number.json", '{"SharingDomainRestrictionMode": 1, "SharingAllowedDomainList": 42}\n')
B("tenant-bool-string.json", '{"SharingDomainRestrictionMode": 0, "EnableAzureADB2BIntegration": "yes"}\n')
B("tenant-float-enum.json", '{"SharingDomainRestrictionMode": 1.0}\n')
B("tenant-null-mode.json", '{"SharingDomainRestrictionMode": null}\n')
B("tenant-no-mode.json", '{"SharingCapability": 2}\n')
B("tenant-empty.json", "")
B("tenant-bom-only.json", b"\xef\xbb\xbf \r\n", "raw")
B("tenant-bad-utf16.json", b"\xff\xfe" + '{\n"a":"'.encode("utf-16-le") + b"\x00\xd8" + '"}'.encode("utf-16-le"), "raw")
B("tenant-odd-utf16.json", b"\xff\xfe" + '{}'.encode("utf-16-le") + b"\x00", "raw")
B("tenant-bad-utf8.json", b'{"SharingAllowedDomainList": "m\xfcller.de"}', "raw")
B("tenant-utf16-no-bom.json", '{"SharingDomainRestrictionMode": 1}'.encode("utf-16-le"), "raw")
B("tenant-two-records.json", '[{"SharingDomainRestrictionMode": 1}, {"SharingDomainRestrictionMode": 2}]\n')
B("tenant-empty-array.json", '[]\n')
B("tenant-is-guests.json", json.dumps({"value": [{"id": "1", "userPrincipalName": "a_b.com#EXT#@c.onmicrosoft.com"}]}) + "\n")
B("tenant-is-site.json", json.dumps({"Url": "https://contoso.sharepoint.com", "SharingDomainRestrictionMode": 1}) + "\n")
B("tenant-text-without-mode.txt", "contoso.com\nfabrikam.com\n")
B("tenant-trailing.json", '{"SharingDomainRestrictionMode": 1} {"x": 1}\n')
B("tenant-value-null.json", '{"value": null}\n')
B("sites-missing-url.json", json.dumps([{"Url": "https://a.sharepoint.com"}, {"Title": "x", "SharingDomainRestrictionMode": 1}]) + "\n")
B("sites-url-number.json", '[{"Url": 5}]\n')
B("sites-empty-url.csv", 'Url,SharingDomainRestrictionMode\n"",1\n')
B("sites-bad-mode.csv", '#TYPE Microsoft.Online.SharePoint.PowerShell.SPOSite\n"Url","SharingDomainRestrictionMode"\n"https://a.sharepoint.com","AllowList2"\n')
B("sites-ragged.csv", 'Url,SharingDomainRestrictionMode,SharingAllowedDomainList\nhttps://a.sharepoint.com,1,a.com\nhttps://b.sharepoint.com,1\n')
B("sites-not-objects.json", '[{"Url": "https://a.sharepoint.com"}, "https://b.sharepoint.com"]\n')
B("sites-is-guests.csv", 'id,mail,userPrincipalName\n1,a@b.com,a_b.com#EXT#@c.onmicrosoft.com\n')
B("sites-is-groups.json", json.dumps([{"Url": "u", "members": []}]) + "\n")
B("sites-plain-list.txt", "contoso.com\nfabrikam.com\n")
B("sites-bad-capability.json", '[{"Url": "https://a.sharepoint.com", "SharingCapability": "Everyone"}]\n')
B("sites-bad-teams-flag.csv", 'Url,IsTeamsConnected\nhttps://a.sharepoint.com,Yes\n')
B("guests-bad-state.json", json.dumps({"value": [{"id": "1", "mail": "a@b.com"}, {"id": "2", "externalUserState": "Invited"}]}) + "\n")
B("guests-no-identity.json", '[{"displayName": "Nobody", "userType": "Guest"}]\n')
B("guests-othermails-numbers.json", '[{"id": "1", "otherMails": ["a@b.com", 7]}]\n')
B("guests-mail-object.json", '[{"id": "1", "mail": {"address": "a@b.com"}}]\n')
B("guests-is-groups.json", json.dumps({"value": [{"id": "g1", "displayName": "Team", "groupTypes": ["Unified"]}]}) + "\n")
B("guests-trailing-comma.json", '[{"id": "1"},]\n')
# Deep nesting in an ignored property is skipped without recursion; in a read one it hits the
# parser's recursion limit instead of the stack.
B("guests-deep.json", '[{"id": "1", "x": ' + '[' * 500 + ']' * 500 + ', "otherMails": ' + '[' * 200 + ']' * 200 + '}]\n')
B("guests-header-only-wrong.csv", 'Url,Title\n')
B("guests-bad-state.csv", '"Id","ExternalUserState"\n"1","Pending"\n')
B("guests-ragged.csv", '#TYPE x\n"Id","Mail"\n"1","a@b.com","extra"\n')
B("groups-no-id.json", json.dumps({"value": [{"displayName": "No id", "members": []}]}) + "\n")
B("groups-members-string.json", json.dumps([{"id": "g1", "members": "alice@contoso.com"}]) + "\n")
B("groups-member-id-number.json", json.dumps([{"id": "g1", "members": [{"id": "m1"}, {"id": 5}]}]) + "\n")
B("groups-member-not-object.json", json.dumps([{"id": "g1", "members": [{"id": "m1"}, "m2"]}]) + "\n")
B("groups-zero-id.csv", 'GroupId,GroupName,IsTeam,MemberId,MemberMail,MemberUserPrincipalName\n00000000-0000-0000-0000-000000000000,x,False,,,\n')
B("groups-bad-isteam.csv", 'GroupId,GroupName,IsTeam\ng1,x,maybe\n')
B("groups-is-guests.csv", 'Id,Mail,UserPrincipalName\n1,a@b.com,a_b.com#EXT#@c.onmicrosoft.com\n')
B("groups-options-number.json", json.dumps([{"id": "g1", "resourceProvisioningOptions": 1}]) + "\n")
B("entra-no-b2b.json", json.dumps({"value": [{"id": "p1", "type": 3, "definition": ['{"HomeRealmDiscoveryPolicy":{}}']}]}) + "\n")
B("entra-empty-object.json", "{}\n")
B("entra-bad-single-quoted.json", "{'B2BManagementPolicy:{'Version':1}}\n")
B("entra-bad-definition.json", json.dumps({"value": [{"id": "p1", "definition": ['{"B2BManagementPolicy":{"Version":1']}]}) + "\n")
B("entra-typed-without-b2b.json", json.dumps([{"Id": "p1", "Type": "B2BManagementPolicy", "Definition": ['{"Other":{}}']}]) + "\n")
B("entra-two-policies.json", json.dumps([{"id": "a", "definition": ['{"B2BManagementPolicy":{}}']},
                                         {"id": "b", "definition": ['{"B2BManagementPolicy":{}}']}]) + "\n")
B("entra-allowed-string.json", '{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":"contoso.com"}}}\n')
B("entra-allowed-number-entry.json", '{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":["a.com",1]}}}\n')
B("entra-policy-not-object.json", '{"B2BManagementPolicy":["x"]}\n')
B("entra-definition-number.json", json.dumps({"id": "p", "definition": [5]}) + "\n")
B("entra-plain-text.txt", "contoso.com\n")
B("entra-syntax.json", '{"B2BManagementPolicy": {\n  "Version": 1\n')
B("entra-definition-array.json", json.dumps({"id": "p", "type": 6, "definition": ['["B2BManagementPolicy"]']}) + "\n")
