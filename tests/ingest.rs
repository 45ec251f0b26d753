//! The input stage over real export shapes (testdata/shapes), a corpus of malformed files
//! (testdata/malformed, each with its exact message so messages are reviewed), bundle discovery,
//! and a property test that corrupted inputs never panic.

use std::path::Path;

use proptest::prelude::*;
use spo2b2b::diag::{Code, Location, Place, PointerIn};
use spo2b2b::ingest::{
    InputFile, InputKind, InputSummary, Loaded, discover, load, load_bytes, load_entra, merge_files,
};
use spo2b2b::model::{ExternalUserState, Member, RestrictionMode, SharingCapability};

fn shape(name: &str, kind: InputKind) -> InputFile {
    InputFile::new(format!("testdata/shapes/{name}"), kind)
}

fn one(name: &str, kind: InputKind) -> Loaded {
    load(&[shape(name, kind)], None).unwrap_or_else(|e| panic!("{e}"))
}

fn summary(l: &Loaded) -> (&str, usize) {
    let s: &InputSummary = &l.inputs[0];
    (s.format.as_str(), s.records)
}

/// A location as the reports show it: `row 3, column Url`, `/a in /b` or a pointer.
fn at(file: &str, place: &str) -> Location {
    let file = format!("testdata/shapes/{file}");
    if let Some(rest) = place.strip_prefix("row ") {
        let (n, column) = match rest.split_once(", column ") {
            Some((n, c)) => (n, Some(c.to_string())),
            None => (rest, None),
        };
        return Location::row(file, n.parse().unwrap(), column);
    }
    match place.split_once(" in ") {
        Some((pointer, string_at)) => Location::new(
            file,
            Place::PointerIn(Box::new(PointerIn {
                pointer: pointer.into(),
                string_at: string_at.into(),
            })),
        ),
        None => Location::pointer(file, place),
    }
}

fn row(file: &str, row: u64, column: Option<&str>) -> Location {
    Location::row(
        format!("testdata/shapes/{file}"),
        row,
        column.map(String::from),
    )
}

// ------------------------------------------------------------------ tenant

#[test]
fn tenant_get_spotenant_ps51_utf16_int_enums() {
    let l = one("tenant-getspotenant-ps51.json", InputKind::Tenant);
    assert_eq!(summary(&l), ("json:get-spotenant", 1));
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::AllowList);
    assert_eq!(t.allowed.values, vec!["contoso.com fabrikam.com"]);
    assert_eq!(
        t.allowed.location,
        Some(at(
            "tenant-getspotenant-ps51.json",
            "/SharingAllowedDomainList"
        ))
    );
    assert!(t.blocked.values.is_empty());
    assert_eq!(t.b2b_integration, Some(false));
    assert_eq!(t.sync_aad_b2b_policy, Some(false));
    assert_eq!(
        t.sharing_capability,
        Some(SharingCapability::ExternalUserAndGuestSharing)
    );
    assert_eq!(
        t.location,
        Location::file("testdata/shapes/tenant-getspotenant-ps51.json")
    );
}

#[test]
fn tenant_ps7_enums_as_strings() {
    let l = one(
        "tenant-getspotenant-ps7-enums-as-strings.json",
        InputKind::Tenant,
    );
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::BlockList);
    assert!(t.allowed.values.is_empty(), "empty string = empty list");
    assert_eq!(t.blocked.values, vec!["live.com,gmail.com"]);
    assert_eq!(t.b2b_integration, Some(true));
}

#[test]
fn tenant_pnp_and_m365_cli() {
    let t = one("tenant-pnp.json", InputKind::Tenant)
        .data
        .tenant
        .unwrap();
    assert_eq!(t.mode, RestrictionMode::AllowList);
    assert_eq!(t.allowed.values, vec!["contoso.com"]);
    assert_eq!(t.b2b_integration, None, "null = not said");
    let l = one("tenant-m365cli.json", InputKind::Tenant);
    assert_eq!(
        summary(&l),
        ("json:csom", 1),
        "a raw CSOM object (the CLI deletes _ObjectType_)"
    );
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::AllowList);
    assert_eq!(t.b2b_integration, Some(true));
    assert_eq!(t.sync_aad_b2b_policy, Some(true));
    assert_eq!(
        t.sharing_capability,
        Some(SharingCapability::ExternalUserSharingOnly)
    );
}

#[test]
fn tenant_graph_plain_and_value_wrapped() {
    let l = one("tenant-graph.json", InputKind::Tenant);
    assert_eq!(summary(&l), ("json:graph", 1));
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::AllowList);
    assert_eq!(t.allowed.values, vec!["contoso.com", "fabrikam.com"]);
    assert_eq!(t.blocked.values, vec!["contoso.com"]);
    assert_eq!(t.b2b_integration, None, "Graph has no integration flag");
    assert_eq!(
        t.allowed.location,
        Some(at("tenant-graph.json", "/sharingAllowedDomainList"))
    );

    let l = one("tenant-graph-value-wrapped.json", InputKind::Tenant);
    assert_eq!(summary(&l), ("json:graph", 1));
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::BlockList);
    assert_eq!(t.blocked.values, vec!["live.com"]);
    assert!(t.allowed.values.is_empty());
    assert_eq!(t.location, at("tenant-graph-value-wrapped.json", "/value"));
    assert_eq!(
        t.blocked.location,
        Some(at(
            "tenant-graph-value-wrapped.json",
            "/value/sharingBlockedDomainList"
        ))
    );
}

#[test]
fn tenant_text_list_with_mode() {
    let l = load(
        &[shape("tenant.txt", InputKind::Tenant)],
        Some(RestrictionMode::AllowList),
    )
    .unwrap();
    assert_eq!(summary(&l), ("text", 3));
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::AllowList);
    assert_eq!(
        t.allowed.values,
        vec!["contoso.com", "Fabrikam.com ", "sales.contoso.com"]
    );
    assert!(t.blocked.values.is_empty());
    assert_eq!(t.b2b_integration, None);
}

#[test]
fn tenant_export_csv_utf16_with_type_line() {
    let l = one("tenant-export.csv", InputKind::Tenant);
    assert_eq!(summary(&l), ("csv", 1));
    let t = l.data.tenant.unwrap();
    assert_eq!(t.mode, RestrictionMode::BlockList);
    assert_eq!(t.blocked.values, vec!["live.com gmail.com"]);
    assert_eq!(
        t.blocked.location,
        Some(at(
            "tenant-export.csv",
            "row 3, column SharingBlockedDomainList"
        ))
    );
    assert_eq!(t.b2b_integration, Some(true));
    assert_eq!(t.sync_aad_b2b_policy, Some(false));
    // `System.String[]` in a column the tenant does not read is not reported.
    assert!(l.findings.is_empty());
}

// ------------------------------------------------------------------ sites

#[test]
fn sites_get_sposite_ps51() {
    let l = one("sites-getsposite.json", InputKind::Sites);
    assert_eq!(summary(&l), ("json", 3));
    let s = &l.data.sites;
    assert_eq!(s[0].url, "https://contoso.sharepoint.com/sites/Marketing");
    assert_eq!(s[0].mode, Some(RestrictionMode::AllowList));
    assert_eq!(s[0].allowed.values, vec!["fabrikam.com"]);
    assert_eq!(
        s[0].group_id.as_deref(),
        Some("5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c")
    );
    assert_eq!(s[0].is_teams_connected, Some(true));
    assert_eq!(s[0].template.as_deref(), Some("GROUP#0"));
    assert_eq!(s[0].location, at("sites-getsposite.json", "/0"));
    assert_eq!(s[1].mode, Some(RestrictionMode::None));
    assert_eq!(s[1].group_id, None, "all-zero GUID = no group");
    assert_eq!(s[1].sharing_capability, Some(SharingCapability::Disabled));
    assert_eq!(s[2].mode, Some(RestrictionMode::BlockList));
    assert_eq!(s[2].blocked.values, vec!["gmail.com, live.com"]);
    assert_eq!(
        s[2].blocked.location,
        Some(at("sites-getsposite.json", "/2/SharingBlockedDomainList"))
    );
}

#[test]
fn sites_pnp_single_object_and_m365_cli() {
    let l = one("sites-pnp.json", InputKind::Sites);
    assert_eq!(summary(&l), ("json", 1));
    let s = &l.data.sites[0];
    assert_eq!(s.mode, Some(RestrictionMode::AllowList));
    assert_eq!(
        s.sharing_capability,
        Some(SharingCapability::ExternalUserSharingOnly)
    );
    assert_eq!(s.location, Location::file("testdata/shapes/sites-pnp.json"));

    let l = one("sites-m365cli.json", InputKind::Sites);
    let s = &l.data.sites;
    assert_eq!(
        s[0].group_id.as_deref(),
        Some("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d")
    );
    assert_eq!(s[0].mode, Some(RestrictionMode::BlockList));
    assert_eq!(s[0].blocked.values, vec!["evil.example"]);
    assert_eq!(s[1].mode, None, "missing mode = unknown");
    assert_eq!(s[1].group_id, None);
    assert!(s[1].allowed.values.is_empty());
}

#[test]
fn sites_export_csv() {
    let l = one("sites-export.csv", InputKind::Sites);
    assert_eq!(summary(&l), ("csv", 2));
    let s = &l.data.sites;
    assert_eq!(s[0].url, "https://contoso.sharepoint.com/sites/HR");
    assert_eq!(s[0].mode, Some(RestrictionMode::AllowList));
    assert_eq!(s[0].allowed.values, vec!["contoso.com fabrikam.com"]);
    assert_eq!(s[0].is_teams_connected, Some(false));
    assert_eq!(s[0].location, row("sites-export.csv", 3, None));
    assert_eq!(
        s[0].allowed.location,
        Some(at(
            "sites-export.csv",
            "row 3, column SharingAllowedDomainList"
        ))
    );
    assert_eq!(s[1].url, "https://contoso.sharepoint.com/sites/Legal");
    assert_eq!(s[1].mode, None, "empty cell = null = unknown");
    assert_eq!(s[1].location, row("sites-export.csv", 4, None));
}

// ------------------------------------------------------------------ entra

#[test]
fn entra_every_shape() {
    let cases = [
        (
            "entra-bare.json",
            "json:bare-definition",
            None,
            vec![],
            vec!["live.com", "gmail.com"],
        ),
        (
            "entra-graph-list.json",
            "json:graph",
            Some("a1b2c3d4-1111-2222-3333-444455556666"),
            vec![],
            vec!["live.com", "gmail.com"],
        ),
        (
            "entra-graph-object.json",
            "json:graph",
            Some("a1b2c3d4-1111-2222-3333-444455556666"),
            vec!["contoso.com", "fabrikam.com"],
            vec![],
        ),
        (
            "entra-azureadpolicy.json",
            "json:get-azureadpolicy",
            Some("a1b2c3d4-1111-2222-3333-444455556666"),
            vec![],
            vec!["live.com", "gmail.com"],
        ),
        (
            "entra-legacy.json",
            "json:legacy-policies",
            Some("a1b2c3d4-1111-2222-3333-444455556666"),
            vec!["contoso.com"],
            vec![],
        ),
        (
            "entra-single-quoted.json",
            "json:bare-definition",
            None,
            vec![],
            vec!["live.com"],
        ),
    ];
    for (name, format, id, allowed, blocked) in cases {
        let l = one(name, InputKind::Entra);
        assert_eq!(l.inputs[0].format, format, "{name}");
        let p = l.data.entra.unwrap();
        assert_eq!(p.id.as_deref(), id, "{name}");
        assert_eq!(p.allowed.values, allowed, "{name}");
        assert_eq!(p.blocked.values, blocked, "{name}");
        assert!(p.definition.contains_key("B2BManagementPolicy"), "{name}");
        // load_entra reads the same policy.
        let again = load_entra(&shape(name, InputKind::Entra)).unwrap();
        assert_eq!(again.allowed, p.allowed, "{name}");
    }
}

#[test]
fn entra_keeps_the_whole_definition_and_locates_lists() {
    let p = one("entra-graph-list.json", InputKind::Entra)
        .data
        .entra
        .unwrap();
    let policy = &p.definition["B2BManagementPolicy"];
    assert_eq!(policy["PreviewPolicy"]["Features"][0], "OneTimePasscode");
    assert!(policy["AutoRedeemPolicy"].is_object());
    assert_eq!(p.location, at("entra-graph-list.json", "/value/0"));
    assert_eq!(
        p.blocked.location,
        Some(at(
            "entra-graph-list.json",
            "/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/BlockedDomains \
             in /value/0/definition/0"
        ))
    );
    let q = one("entra-single-quoted.json", InputKind::Entra)
        .data
        .entra
        .unwrap();
    assert_eq!(
        q.definition["B2BManagementPolicy"]["Note"],
        "it's \"quoted\""
    );
    assert_eq!(q.definition["B2BManagementPolicy"]["Version"], 1);
}

// ------------------------------------------------------------------ guests

#[test]
fn guests_graph_pages_in_order() {
    let l = load(
        &[
            shape("guests-graph-page1.json", InputKind::Guests),
            shape("guests-graph-page2.json", InputKind::Guests),
        ],
        None,
    )
    .unwrap();
    assert_eq!(l.inputs.len(), 2);
    assert_eq!(
        (l.inputs[0].format.as_str(), l.inputs[0].records),
        ("json:graph", 2)
    );
    assert_eq!(l.inputs[1].records, 1);
    let g = &l.data.guests;
    assert_eq!(g.len(), 3);
    assert_eq!(g[0].mail.as_deref(), Some("bob@fabrikam.com"));
    assert_eq!(g[0].other_mails, vec!["bob@fabrikam.com"]);
    assert_eq!(g[0].state, Some(ExternalUserState::Accepted));
    assert_eq!(g[0].creation_type.as_deref(), Some("Invitation"));
    assert_eq!(g[0].user_type.as_deref(), Some("Guest"));
    assert_eq!(g[0].display_name.as_deref(), Some("Bob (Fabrikam)"));
    assert_eq!(
        g[0].location,
        Some(at("guests-graph-page1.json", "/value/0"))
    );
    assert_eq!(g[1].mail, None);
    assert_eq!(
        g[1].user_principal_name.as_deref(),
        Some("dana_x_gmail.com#EXT#@contoso.onmicrosoft.com")
    );
    assert_eq!(g[1].state, Some(ExternalUserState::PendingAcceptance));
    assert_eq!(g[2].state, None);
    assert_eq!(
        g[2].id.as_deref(),
        Some("11111111-aaaa-4bbb-8ccc-000000000003")
    );
}

#[test]
fn guests_get_mguser_pascal_case() {
    let l = one("guests-getmguser.json", InputKind::Guests);
    let g = &l.data.guests[0];
    assert_eq!(
        g.id.as_deref(),
        Some("11111111-aaaa-4bbb-8ccc-000000000004")
    );
    assert_eq!(g.mail.as_deref(), Some("frank@contoso.com"));
    assert_eq!(g.other_mails, vec!["frank.alt@contoso.com"]);
    assert_eq!(g.state, Some(ExternalUserState::PendingAcceptance));
}

#[test]
fn guests_csv_reports_lost_arrays() {
    let l = one("guests.csv", InputKind::Guests);
    assert_eq!(summary(&l), ("csv", 2));
    let g = &l.data.guests;
    assert_eq!(g[0].mail, None);
    assert!(g[0].other_mails.is_empty(), "System.String[] is ignored");
    assert_eq!(g[0].state, Some(ExternalUserState::PendingAcceptance));
    assert_eq!(
        g[1].other_mails,
        vec!["heidi@tailspin.com", "h2@tailspin.com"]
    );
    assert_eq!(g[1].creation_type, None);
    assert_eq!(g[1].location, Some(row("guests.csv", 4, None)));
    assert_eq!(l.findings.len(), 1);
    let f = &l.findings[0];
    assert_eq!(f.code, Code::ArrayLostInExport);
    assert_eq!(
        f.subject,
        "grace_northwind.com#EXT#@contoso.onmicrosoft.com"
    );
    assert_eq!(f.locations, vec![row("guests.csv", 3, Some("OtherMails"))]);
    assert_eq!(
        f.message,
        "column OtherMails holds the literal `System.String[]`: Export-Csv wrote the array's \
         type name instead of its values; the cell is ignored"
    );
}

// ------------------------------------------------------------------ groups

fn member(id: &str) -> Member {
    Member {
        id: Some(id.to_string()),
        ..Member::default()
    }
}

#[test]
fn groups_graph_pages_and_csv_merge_by_id() {
    let l = load(
        &[
            shape("groups-graph.json", InputKind::Groups),
            shape("groups-graph-page2.json", InputKind::Groups),
            shape("groups-getmggroup.json", InputKind::Groups),
            shape("groups.csv", InputKind::Groups),
        ],
        None,
    )
    .unwrap();
    let records: Vec<usize> = l.inputs.iter().map(|i| i.records).collect();
    assert_eq!(records, vec![2, 1, 1, 3]);
    let g = &l.data.groups;
    let ids: Vec<&str> = g.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "5b1c6e2a-8f4d-4e1b-9a3c-2d7e8f9a0b1c",
            "6c2d7f3b-9a5e-4f2c-8b4d-3e8f9a0b1c2d",
            "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"
        ]
    );
    let marketing = &g[0];
    assert!(marketing.is_team);
    assert_eq!(marketing.display_name.as_deref(), Some("Marketing"));
    assert_eq!(marketing.location, at("groups-graph.json", "/value/0"));
    // Two members from page 1, one from page 2, two membership rows from the CSV.
    assert_eq!(marketing.members.len(), 5);
    assert_eq!(
        marketing.members[0],
        Member {
            id: Some("11111111-aaaa-4bbb-8ccc-000000000001".into()),
            mail: Some("bob@fabrikam.com".into()),
            user_principal_name: Some("bob_fabrikam.com#EXT#@contoso.onmicrosoft.com".into()),
        }
    );
    assert_eq!(marketing.members[2].mail, None);
    assert!(!g[1].is_team);
    assert!(
        g[1].members.is_empty(),
        "a CSV row without a member adds none"
    );
    let project = &g[2];
    assert!(project.is_team);
    assert_eq!(
        project.members,
        vec![Member {
            id: Some("11111111-aaaa-4bbb-8ccc-000000000004".into()),
            mail: Some("frank@contoso.com".into()),
            user_principal_name: Some("frank_contoso.com#EXT#@fabrikam.onmicrosoft.com".into()),
        }]
    );
}

#[test]
fn groups_csv_alone() {
    let l = one("groups.csv", InputKind::Groups);
    assert_eq!(summary(&l), ("csv", 3));
    let g = &l.data.groups;
    assert_eq!(g.len(), 2);
    assert_eq!(
        g[0].members,
        vec![
            Member {
                mail: Some("bob@fabrikam.com".into()),
                user_principal_name: Some("bob_fabrikam.com#EXT#@contoso.onmicrosoft.com".into()),
                ..member("11111111-aaaa-4bbb-8ccc-000000000001")
            },
            Member {
                user_principal_name: Some("dana_x_gmail.com#EXT#@contoso.onmicrosoft.com".into()),
                ..member("11111111-aaaa-4bbb-8ccc-000000000002")
            }
        ]
    );
    assert_eq!(g[0].location, row("groups.csv", 2, None));
}

// ------------------------------------------------------------------ malformed

/// Every malformed file with the exact message it must produce.
const MALFORMED: &[(&str, &str)] = &[
    (
        "entra-allowed-number-entry.json",
        "/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/BlockedDomains/1: expected a domain string, found a number",
    ),
    (
        "entra-allowed-string.json",
        "/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/AllowedDomains: expected an array of domains, found a string",
    ),
    (
        "entra-bad-definition.json",
        "/value/0/definition/0 (line 1, column 35 of the definition): the definition is not valid JSON: EOF while parsing an object",
    ),
    (
        "entra-bad-single-quoted.json",
        "line 1, column 32: a quoted string is not closed",
    ),
    (
        "entra-definition-array.json",
        "/definition/0: expected the definition to be a JSON object, found an array",
    ),
    (
        "entra-definition-number.json",
        "/definition/0: expected a string, found a number",
    ),
    (
        "entra-empty-object.json",
        "no B2BManagementPolicy in this file: expected a bare definition {\"B2BManagementPolicy\": ...}, a Graph b2bManagementPolicies object or list, Get-AzureADPolicy output or a /beta/legacy/policies list",
    ),
    (
        "entra-no-b2b.json",
        "no B2BManagementPolicy in this file: expected a bare definition {\"B2BManagementPolicy\": ...}, a Graph b2bManagementPolicies object or list, Get-AzureADPolicy output or a /beta/legacy/policies list",
    ),
    (
        "entra-plain-text.txt",
        "not JSON: an Entra policy file is a JSON definition or policy export",
    ),
    (
        "entra-policy-not-object.json",
        "/B2BManagementPolicy: expected an object, found an array",
    ),
    (
        "entra-syntax.json",
        "line 3, column 0: EOF while parsing an object",
    ),
    (
        "entra-two-policies.json",
        "/1: a second B2BManagementPolicy (the first is at /0): a tenant has one",
    ),
    (
        "entra-typed-without-b2b.json",
        "/0/Definition/0: the definition has no B2BManagementPolicy",
    ),
    (
        "groups-bad-isteam.csv",
        "row 2, column IsTeam: expected true or false, found \"maybe\"",
    ),
    (
        "groups-is-guests.csv",
        "row 1, column UserPrincipalName: `UserPrincipalName` is a column of guests, not of groups: is this file given as the right kind?",
    ),
    (
        "groups-member-id-number.json",
        "/0/members/1/id: expected a string, found 5",
    ),
    (
        "groups-member-not-object.json",
        "/0/members/1: expected an object (one member), found a string",
    ),
    (
        "groups-members-string.json",
        "/0/members: expected an array of members, found a string",
    ),
    (
        "groups-no-id.json",
        "/value/0: no group id: every group needs its id",
    ),
    (
        "groups-options-number.json",
        "/0/resourceProvisioningOptions: expected an array of strings, found 1",
    ),
    (
        "groups-zero-id.csv",
        "row 2, column GroupId: the group id is the all-zero GUID",
    ),
    (
        "guests-bad-state.csv",
        "row 2, column ExternalUserState: unknown externalUserState \"Pending\"; expected PendingAcceptance, Accepted or null",
    ),
    (
        "guests-bad-state.json",
        "/value/1/externalUserState: unknown externalUserState \"Invited\"; expected PendingAcceptance, Accepted or null",
    ),
    (
        "guests-deep.json",
        "line 1, column 1160: recursion limit exceeded",
    ),
    (
        "guests-header-only-wrong.csv",
        "row 1, column Url: `Url` is a column of sites, not of guests: is this file given as the right kind?",
    ),
    (
        "guests-is-groups.json",
        "/value/0/groupTypes: `groupTypes` is a property of groups, not of guests: is this file given as the right kind?",
    ),
    (
        "guests-mail-object.json",
        "/0/mail: expected a string, found an object",
    ),
    (
        "guests-no-identity.json",
        "/0: none of id, mail and userPrincipalName: a guest row needs at least one",
    ),
    (
        "guests-othermails-numbers.json",
        "/0/otherMails: expected an array of strings or a `;`-separated string, found an array holding 7",
    ),
    (
        "guests-ragged.csv",
        "row 3: the row has 3 cells but the header has 2",
    ),
    (
        "guests-trailing-comma.json",
        "line 1, column 14: trailing comma",
    ),
    (
        "sites-bad-capability.json",
        "/0/SharingCapability: unknown sharing capability \"Everyone\"; expected 0, 1, 2, 3, Disabled, ExternalUserSharingOnly, ExternalUserAndGuestSharing or ExistingExternalUserSharingOnly",
    ),
    (
        "sites-bad-mode.csv",
        "row 3, column SharingDomainRestrictionMode: unknown restriction mode \"AllowList2\"; expected 0, 1, 2, None, AllowList or BlockList",
    ),
    (
        "sites-bad-teams-flag.csv",
        "row 2, column IsTeamsConnected: expected true or false, found \"Yes\"",
    ),
    (
        "sites-empty-url.csv",
        "row 2: no Url: every site row needs the site's URL",
    ),
    (
        "sites-is-groups.json",
        "/0/members: `members` is a property of groups, not of sites: is this file given as the right kind?",
    ),
    (
        "sites-is-guests.csv",
        "row 1, column userPrincipalName: `userPrincipalName` is a column of guests, not of sites: is this file given as the right kind?",
    ),
    (
        "sites-missing-url.json",
        "/1: no Url: every site row needs the site's URL",
    ),
    (
        "sites-not-objects.json",
        "/1: expected an object (one sites record), found a string",
    ),
    (
        "sites-plain-list.txt",
        "row 1: the header has no Url column: this is not a sites export",
    ),
    (
        "sites-ragged.csv",
        "row 3: the row has 2 cells but the header has 3",
    ),
    (
        "sites-url-number.json",
        "/0/Url: expected a string, found 5",
    ),
    (
        "tenant-bad-enum-name.json",
        "/sharingDomainRestrictionMode: unknown restriction mode \"Allow\"; expected 0, 1, 2, None, AllowList or BlockList",
    ),
    (
        "tenant-bad-enum.json",
        "/SharingDomainRestrictionMode: unknown restriction mode 5; expected 0, 1, 2, None, AllowList or BlockList",
    ),
    (
        "tenant-bad-utf16.json",
        "line 2, column 6: invalid UTF-16: unpaired surrogate 0xD800",
    ),
    (
        "tenant-bad-utf8.json",
        "line 1, column 32: invalid UTF-8 (a Windows code page export?); save the file as UTF-8 or as UTF-16 with a byte order mark",
    ),
    ("tenant-bom-only.json", "the file is empty"),
    (
        "tenant-bool-string.json",
        "/EnableAzureADB2BIntegration: expected true or false, found \"yes\"",
    ),
    (
        "tenant-empty-array.json",
        "no tenant settings record in the file",
    ),
    ("tenant-empty.json", "the file is empty"),
    (
        "tenant-float-enum.json",
        "/SharingDomainRestrictionMode: unknown restriction mode 1.0; expected 0, 1, 2, None, AllowList or BlockList",
    ),
    (
        "tenant-is-guests.json",
        "/value/0/userPrincipalName: `userPrincipalName` is a property of guests, not of tenant settings: is this file given as the right kind?",
    ),
    (
        "tenant-is-site.json",
        "/Url: `Url` is a property of sites, not of tenant settings: is this file given as the right kind?",
    ),
    (
        "tenant-list-number.json",
        "/SharingAllowedDomainList: expected a string or an array of strings, found 42",
    ),
    (
        "tenant-no-mode.json",
        "no SharingDomainRestrictionMode: this is not a tenant settings export (Get-SPOTenant, Get-PnPTenant, m365 spo tenant settings list or Graph sharepointSettings)",
    ),
    (
        "tenant-null-mode.json",
        "/SharingDomainRestrictionMode: the restriction mode is null",
    ),
    (
        "tenant-odd-utf16.json",
        "line 1, column 3: truncated UTF-16: the file ends in the middle of a character",
    ),
    (
        "tenant-syntax.json",
        "line 2, column 37: key must be a string",
    ),
    (
        "tenant-text-without-mode.txt",
        "a plain list of domains: pass --mode allow|block to say which list it is",
    ),
    (
        "tenant-trailing.json",
        "line 1, column 37: trailing characters",
    ),
    (
        "tenant-truncated.json",
        "line 3, column 40: EOF while parsing a string",
    ),
    (
        "tenant-two-records.json",
        "/1: a second tenant settings record: a tenant file holds one",
    ),
    (
        "tenant-unknown-future.json",
        "/sharingDomainRestrictionMode: \"unknownFutureValue\" is Graph's placeholder for a mode this API version cannot name; export the settings with Get-SPOTenant instead",
    ),
    (
        "tenant-utf16-no-bom.json",
        "unsupported encoding: the file holds NUL bytes (UTF-16 or UTF-32 without a byte order mark, or not text); save the file as UTF-8 or as UTF-16 with a byte order mark",
    ),
    (
        "tenant-value-null.json",
        "/value: expected an array of records or one record, found null",
    ),
];

fn kind_of(name: &str) -> InputKind {
    InputKind::ALL
        .into_iter()
        .find(|k| name.starts_with(k.as_str().split('-').next().unwrap_or_default()))
        .unwrap_or_else(|| panic!("no kind for {name}"))
}

#[test]
fn every_malformed_file_fails_with_its_located_message() {
    let mut on_disk: Vec<String> = std::fs::read_dir("testdata/malformed")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = MALFORMED.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        on_disk, listed,
        "every malformed file has an expected message"
    );
    for (name, message) in MALFORMED {
        let path = format!("testdata/malformed/{name}");
        let err = load(&[InputFile::new(&path, kind_of(name))], None)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert_eq!(err.file, path);
        assert_eq!(err.to_string(), format!("{path}: {message}"), "{name}");
    }
}

// ------------------------------------------------------------------ bundles

#[test]
fn discover_finds_bundle_files_by_name_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "tenant.json",
        "guests.page2.json",
        "guests.json",
        "groups.CSV",
        "entra-policy.json",
        "sites.txt",
        "readme.md",
        "tenant-backup.json",
        "spo2b2b.toml",
    ] {
        std::fs::write(dir.path().join(name), "{}").unwrap();
    }
    let files = discover(dir.path(), "bundle").unwrap();
    let got: Vec<(&str, InputKind)> = files.iter().map(|f| (f.display.as_str(), f.kind)).collect();
    assert_eq!(
        got,
        vec![
            ("bundle/entra-policy.json", InputKind::Entra),
            ("bundle/groups.CSV", InputKind::Groups),
            ("bundle/guests.json", InputKind::Guests),
            ("bundle/guests.page2.json", InputKind::Guests),
            ("bundle/sites.txt", InputKind::Sites),
            ("bundle/tenant.json", InputKind::Tenant),
        ]
    );
    assert_eq!(files[5].path, dir.path().join("tenant.json"));

    // A name of a kind that is not a regular file is never skipped (SPEC §2).
    std::fs::create_dir(dir.path().join("sites.json")).unwrap();
    let e = discover(dir.path(), "bundle").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bundle/sites.json: named like a bundle's sites file but it is a directory: it cannot be \
         read as an input (rename or remove it)"
    );
    std::fs::remove_dir(dir.path().join("sites.json")).unwrap();

    std::fs::write(dir.path().join("tenant.csv"), "x").unwrap();
    let e = discover(dir.path(), "bundle/").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bundle/tenant.json: a second tenant file in the bundle (the first is bundle/tenant.csv); keep one"
    );
    let e = discover(&dir.path().join("nope"), "nope").unwrap_err();
    assert!(
        e.to_string().starts_with("nope: cannot read the folder: "),
        "{e}"
    );
}

#[test]
fn flags_replace_tenant_and_entra_and_add_the_rest() {
    let f = |p: &str, k| InputFile::new(p, k);
    let bundle = vec![
        f("b/tenant.json", InputKind::Tenant),
        f("b/entra-policy.json", InputKind::Entra),
        f("b/guests.json", InputKind::Guests),
    ];
    let merged = merge_files(
        bundle,
        vec![
            f("t.json", InputKind::Tenant),
            f("g2.json", InputKind::Guests),
            f("b/guests.json", InputKind::Guests),
        ],
    );
    let names: Vec<&str> = merged.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(
        names,
        vec!["b/entra-policy.json", "b/guests.json", "t.json", "g2.json"]
    );
}

#[test]
fn a_second_tenant_or_entra_file_is_an_error() {
    let e = load(
        &[
            shape("tenant-pnp.json", InputKind::Tenant),
            shape("tenant-graph.json", InputKind::Tenant),
        ],
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "testdata/shapes/tenant-graph.json: a second tenant file (the first is testdata/shapes/tenant-pnp.json); give one"
    );
    let e = load(
        &[
            shape("entra-bare.json", InputKind::Entra),
            shape("entra-legacy.json", InputKind::Entra),
        ],
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "testdata/shapes/entra-legacy.json: a second Entra policy file (the first is testdata/shapes/entra-bare.json); give one"
    );
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let e = load(&[InputFile::new("no/such.json", InputKind::Guests)], None).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("no/such.json: cannot read the file: "),
        "{e}"
    );
}

// ------------------------------------------------------------------ robustness

fn shape_files() -> Vec<(String, InputKind, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(Path::new("testdata/shapes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .map(|n| {
            let bytes = std::fs::read(format!("testdata/shapes/{n}")).unwrap();
            let kind = kind_of(&n);
            (n, kind, bytes)
        })
        .collect();
    out.sort();
    out
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (
            any::<usize>(),
            prop_oneof![
                any::<u8>(),
                Just(b'"'),
                Just(b'{'),
                Just(b','),
                Just(b'\n'),
                Just(b'\'')
            ]
        )
            .prop_map(|(p, b)| Edit::Insert(p, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn corrupted_shapes_never_panic(file in any::<usize>(), edits in prop::collection::vec(edit(), 1..6)) {
        let files = shape_files();
        let (name, kind, mut bytes) = files[file % files.len()].clone();
        for e in edits {
            let len = bytes.len().max(1);
            match e {
                Edit::Flip(p, b) => { if let Some(x) = bytes.get_mut(p % len) { *x ^= b | 1; } }
                Edit::Insert(p, b) => bytes.insert(p % (bytes.len() + 1), b),
                Edit::Delete(p) => { if !bytes.is_empty() { bytes.remove(p % bytes.len()); } }
            }
        }
        // Ok or Err are both fine; an Err names the file.
        if let Err(e) = load_bytes(kind, &name, bytes, Some(RestrictionMode::AllowList)) {
            prop_assert_eq!(e.file, name);
        }
    }
}
