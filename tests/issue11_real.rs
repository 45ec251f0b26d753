//! Issue 11: real exports read faithfully (testdata/real/, conclusions in its EXPECTED.md).
//! Each test names the defect it pins; every one failed on main before the fix.

mod common;

use common::cmd;
use serde_json::Value;

const REAL: &str = "testdata/real/";
const TENANT: &str = "testdata/real/tenant-spo-rest-nometadata.json";

/// `plan --format json` over `args` (paths under testdata/real/); the document and exit code.
fn plan_json(args: &[&str]) -> (Value, i32) {
    let mut c = cmd();
    c.args(["plan", "--format", "json"]);
    for a in args {
        if a.starts_with("--") {
            c.arg(a);
        } else {
            c.arg(format!("{REAL}{a}"));
        }
    }
    let out = c.output().expect("the binary runs");
    let code = out.status.code().unwrap_or(-1);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {code}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, code)
}

/// The findings of `code`: (subject, message) pairs.
fn findings(doc: &Value, code: &str) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["subject"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The blast radius' guest count per domain.
fn guests_per_domain(doc: &Value) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = doc["blast_radius"]["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .map(|d| {
            (
                d["domain"].as_str().unwrap_or_default().to_string(),
                d["guests"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    v.sort();
    v
}

#[test]
fn graph_users_internal_members_are_not_guests() {
    let (doc, code) = plan_json(&[
        "--tenant",
        "tenant-spo-rest-nometadata.json",
        "--guests",
        "users-graph-members-and-guests.json",
    ]);
    assert_eq!(code, 1);
    let t = &doc["blast_radius"]["totals"];
    // 7 external users (Erik the external member and Viktor the internal guest included).
    assert_eq!(t["guests"], 7, "{t}");
    assert_eq!(t["internal_users_skipped"], 3);
    assert_eq!(t["guests_pending"], 1);
    assert_eq!(t["guests_domain_unknown"], 0);
    assert!(findings(&doc, "guest-domain-unknown").is_empty());
    let internal = findings(&doc, "internal-users-in-guests");
    assert_eq!(internal.len(), 1);
    assert!(internal[0].1.starts_with("3 rows are internal users"));
    // Sam's home domain comes from identities[].issuerAssignedId; Dana's identities (the host's
    // issuer and her own #EXT# UPN) never give contoso.onmicrosoft.com.
    assert_eq!(
        guests_per_domain(&doc),
        [
            ("adatum.com".to_string(), 1),
            ("contoso.com".to_string(), 1),
            ("fabrikam.com".to_string(), 1),
            ("gmail.com".to_string(), 1),
            ("litware.com".to_string(), 1),
            ("northwindtraders.com".to_string(), 1),
            ("tailspintoys.com".to_string(), 1),
        ]
    );
    let pending = findings(&doc, "pending-invites-fail");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].0, "gmail.com");
}

#[test]
fn graph_users_default_properties_use_the_ext_rule() {
    let (doc, _) = plan_json(&[
        "--tenant",
        "tenant-spo-rest-nometadata.json",
        "--guests",
        "users-graph-default-properties.json",
    ]);
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["guests"], 1, "{t}");
    assert_eq!(t["internal_users_skipped"], 2);
    assert_eq!(t["guests_pending"], 0);
    assert!(findings(&doc, "guest-domain-unknown").is_empty());
}

#[test]
fn portal_download_reads_invitation_state_and_alternate_address() {
    let (doc, code) = plan_json(&[
        "--tenant",
        "tenant-spo-rest-nometadata.json",
        "--guests",
        "users-entra-portal-download.csv",
    ]);
    assert_eq!(code, 1);
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["guests"], 6, "{t}");
    assert_eq!(t["internal_users_skipped"], 2);
    assert_eq!(t["guests_pending"], 2);
    let mut pending: Vec<String> = findings(&doc, "pending-invites-fail")
        .into_iter()
        .map(|f| f.0)
        .collect();
    pending.sort();
    assert_eq!(pending, ["gmail.com", "wingtiptoys.com"]);
    // Femi (litware.com) and Owen (outlook.com) only have alternateEmailAddress.
    let per = guests_per_domain(&doc);
    assert!(per.contains(&("litware.com".to_string(), 1)), "{per:?}");
    assert!(per.contains(&("outlook.com".to_string(), 1)), "{per:?}");
    assert!(findings(&doc, "guest-domain-unknown").is_empty());
}

#[test]
fn portal_documented_columns_state_unknown_is_not_pending() {
    let (doc, _) = plan_json(&[
        "--tenant",
        "tenant-spo-rest-nometadata.json",
        "--guests",
        "users-entra-portal-documented-columns.csv",
    ]);
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["guests"], 3, "{t}");
    assert_eq!(t["internal_users_skipped"], 1);
    assert_eq!(t["guests_pending"], 0);
    assert!(findings(&doc, "pending-invites-fail").is_empty());
    let per = guests_per_domain(&doc);
    assert!(per.contains(&("litware.com".to_string(), 1)), "{per:?}");
}

#[test]
fn guest_mail_without_at_is_not_a_domain() {
    let dir = tempdir("mail-without-at");
    std::fs::write(
        dir.join("guests.json"),
        r#"[{"id":"1","mail":"not-an-address","userType":"Guest",
             "userPrincipalName":"ann_adatum.com#EXT#@contoso.onmicrosoft.com"},
            {"id":"2","mail":"nobody","userType":"Guest","userPrincipalName":"x@contoso.com"}]"#,
    )
    .unwrap();
    let out = cmd()
        .args(["plan", "--format", "json", "--tenant", TENANT, "--guests"])
        .arg(dir.join("guests.json"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let per = guests_per_domain(&doc);
    assert_eq!(per, [("adatum.com".to_string(), 1)], "{per:?}");
    assert_eq!(doc["blast_radius"]["totals"]["guests_domain_unknown"], 1);
}

/// A fresh folder under the target directory for one test's files.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("issue11-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn groups_run(groups: &[&str]) -> (Value, i32) {
    let mut args = vec![
        "--tenant",
        "tenant-spo-rest-nometadata.json",
        "--guests",
        "users-graph-members-and-guests.json",
    ];
    for g in groups {
        args.push("--groups");
        args.push(g);
    }
    plan_json(&args)
}

#[test]
fn groups_without_members_are_unknown_not_zero() {
    let (doc, _) = groups_run(&["groups-graph-no-members.json"]);
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["groups"], 4);
    assert_eq!(t["teams"], 2);
    assert_eq!(t["groups_members_unknown"], 4);
    for k in [
        "membership_rows",
        "guest_memberships",
        "groups_hit",
        "teams_hit",
    ] {
        assert!(t[k].is_null(), "{k} is {} in {t}", t[k]);
    }
    for d in doc["blast_radius"]["domains"].as_array().unwrap() {
        assert!(d["groups"].is_null() && d["teams"].is_null(), "{d}");
    }
    let f = findings(&doc, "members-not-exported");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "testdata/real/groups-graph-no-members.json");
    assert!(findings(&doc, "teams-guests-newly-blocked").is_empty());
    assert!(findings(&doc, "members-truncated").is_empty());

    // The table and Markdown say "unknown", never 0.
    for format in ["table", "markdown"] {
        let out = cmd()
            .args(["plan", "--format", format, "--tenant", TENANT, "--guests"])
            .arg(format!("{REAL}users-graph-members-and-guests.json"))
            .arg("--groups")
            .arg(format!("{REAL}groups-graph-no-members.json"))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("unknown"), "{format}:\n{text}");
    }
}

#[test]
fn expanded_members_twenty_is_truncated_and_owners_merge() {
    let (doc, _) = groups_run(&["groups-graph-expand-members.json"]);
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["groups_members_unknown"], 0);
    assert_eq!(t["groups_hit"], 3, "{t}");
    let truncated = findings(&doc, "members-truncated");
    assert_eq!(truncated.len(), 1);
    assert_eq!(truncated[0].0, "Project Falcon");
    assert!(findings(&doc, "members-not-exported").is_empty());
    let mut hit: Vec<String> = findings(&doc, "teams-guests-newly-blocked")
        .into_iter()
        .map(|f| f.0)
        .collect();
    hit.sort();
    assert_eq!(hit, ["Partner Portal", "Project Falcon", "Vendors SG"]);

    // Owners alone: no members anywhere.
    let (doc, _) = groups_run(&["groups-graph-expand-owners.json"]);
    assert_eq!(findings(&doc, "members-not-exported").len(), 1);
    // Both files: the same ids merge; members from one, owners from the other.
    let (doc, _) = groups_run(&[
        "groups-graph-expand-members.json",
        "groups-graph-expand-owners.json",
    ]);
    assert!(findings(&doc, "members-not-exported").is_empty());
    assert_eq!(findings(&doc, "members-truncated").len(), 1);
    assert_eq!(doc["blast_radius"]["totals"]["groups_hit"], 3);
}

#[test]
fn group_owners_are_kept_on_the_model() {
    use spo2b2b::ingest::{InputFile, InputKind, load};
    let files = [
        InputFile::new(
            format!("{REAL}users-graph-members-and-guests.json"),
            InputKind::Guests,
        ),
        InputFile::new(
            format!("{REAL}groups-graph-expand-members.json"),
            InputKind::Groups,
        ),
        InputFile::new(
            format!("{REAL}groups-graph-expand-owners.json"),
            InputKind::Groups,
        ),
    ];
    let l = load(&files, None).unwrap_or_else(|e| panic!("{e}"));
    let owners: Vec<(String, Vec<String>)> = l
        .data
        .groups
        .iter()
        .map(|g| (g.display_name.clone().unwrap_or_default(), g.owners.clone()))
        .collect();
    let want = |name: &str, o: &[&str]| {
        (
            name.to_string(),
            o.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert!(
        owners.contains(&want("Marketing Agencies", &[])),
        "{owners:?}"
    );
    assert!(
        owners.contains(&want("Project Falcon", &["AdeleV@contoso.com"])),
        "{owners:?}"
    );
    assert!(
        owners.contains(&want(
            "Partner Portal",
            &["AdeleV@contoso.com", "admin@contoso.onmicrosoft.com"]
        )),
        "{owners:?}"
    );
    assert!(l.data.groups.iter().all(|g| g.members_exported));
    // CSV `OwnerMail`.
    let csv = "GroupId,GroupName,IsTeam,MemberId,MemberMail,MemberUserPrincipalName,OwnerMail\n\
               11111111-0000-4000-8000-000000000001,G,True,m1,,,b@contoso.com;a@contoso.com\n";
    let l = spo2b2b::ingest::load_bytes(InputKind::Groups, "groups.csv", csv.into(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.data.groups[0].owners, ["a@contoso.com", "b@contoso.com"]);
}

/// The `format` label of the first input of a `plan --tenant F [more]` run.
fn labels(args: &[&str]) -> Vec<(String, String)> {
    let (doc, _) = plan_json(args);
    doc["inputs"]
        .as_array()
        .unwrap_or_else(|| panic!("no inputs: {doc}"))
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap_or_default().to_string(),
                i["format"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn tenant_shapes_are_labelled_as_recognised() {
    for (file, want) in [
        ("tenant-m365cli-docs-sample.json", "json:m365-cli"),
        ("tenant-m365cli-allowlist.json", "json:m365-cli"),
        ("tenant-spo-rest-nometadata.json", "json:spo-rest"),
        ("tenant-spo-rest-verbose.json", "json:spo-rest-verbose"),
        ("national-cloud/tenant.json", "json:spo-rest-verbose"),
        ("tenant-getpnptenant-ps7.json", "json:get-pnptenant"),
        ("tenant-scubagear-1.7.0.json", "json:scubagear"),
        ("tenant-scubagear-1.8.0.json", "json:scubagear"),
        (
            "../shapes/tenant-getspotenant-ps51.json",
            "json:get-spotenant",
        ),
        ("../shapes/tenant-m365cli.json", "json:csom"),
        ("../shapes/tenant-graph.json", "json:graph"),
    ] {
        let got = labels(&["--tenant", file]);
        assert_eq!(got[0], ("tenant".to_string(), want.to_string()), "{file}");
    }
}

#[test]
fn rest_verbose_and_scubagear_tenants_are_read() {
    // REST verbose: `d` wrapper, __metadata, __deferred and results collections skipped.
    let (doc, _) = plan_json(&["--tenant", "tenant-spo-rest-verbose.json"]);
    let proposed = &doc["proposed"];
    assert_eq!(proposed["mode"], "block", "{proposed}");
    assert_eq!(
        proposed["domains"],
        serde_json::json!(["gmail.com", "outlook.com"])
    );
    let dormant: Vec<&Value> = doc["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["disposition"] == "dormant")
        .collect();
    assert_eq!(dormant.len(), 1);
    assert_eq!(
        dormant[0]["source"],
        "testdata/real/tenant-spo-rest-verbose.json: /d/SharingAllowedDomainList (tenant allow list)"
    );

    // ScubaGear 1.7: SPO_tenant is the tenant, SPO_site the sites (the root site).
    let (doc, _) = plan_json(&["--tenant", "tenant-scubagear-1.7.0.json"]);
    assert_eq!(
        doc["blast_radius"]["totals"]["sites"], 1,
        "{}",
        doc["blast_radius"]["totals"]
    );
    assert!(findings(&doc, "site-settings-unknown").is_empty());
    assert_eq!(doc["ledger"].as_array().unwrap().len(), 4);
    // 1.8: no SPO_site, no sites, no error.
    let (doc, code) = plan_json(&["--tenant", "tenant-scubagear-1.8.0.json"]);
    assert_ne!(code, 2);
    assert_eq!(doc["blast_radius"]["totals"]["sites"], 0);
}

#[test]
fn azure_portal_b2b_policy_shape() {
    let run = |f: &str| plan_json(&["--tenant", "tenant-spo-rest-nometadata.json", "--entra", f]).0;
    let doc = run("entra-azure-portal-b2bpolicy-blocklist.json");
    assert_eq!(doc["inputs"][1]["format"], "json:azure-portal-b2b");
    assert_eq!(doc["current"]["mode"], "block");
    assert_eq!(findings(&doc, "entra-mode-conflict").len(), 1);
    let doc = run("entra-azure-portal-b2bpolicy-allowlist.json");
    assert_eq!(doc["current"]["mode"], "allow");
    assert_eq!(
        doc["proposed"]["domains"],
        serde_json::json!(["adatum.com", "fabrikam.com", "litware.com"])
    );
    let newly: Vec<String> = findings(&doc, "newly-allowed-domain")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(newly, ["adatum.com"]);
    let doc = run("entra-azure-portal-b2bpolicy-no-list.json");
    assert_eq!(doc["current"]["mode"], "none");
    assert!(findings(&doc, "empty-allow-list").is_empty());
}

/// `normalize --format json` over `entries`.
fn normalize(entries: &[&str]) -> Vec<Value> {
    let out = cmd()
        .args(["normalize", "--format", "json"])
        .args(entries)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn normalisation_of_real_entries() {
    let got = normalize(&[
        "alice_adatum.com#EXT#@contoso.onmicrosoft.com",
        "contoso.com\u{200B}fabrikam.com",
        "fab\u{00AD}rikam.com",
        "COM.",
        "Co.UK",
        "litware.com",
    ]);
    // A guest UPN gives the guest's home domain, as the plan does for guests.
    assert_eq!(got[0]["canonical"], "adatum.com");
    // Step 7b: the code point and its position are named.
    for (i, needle) in [
        (1, "U+200B ZERO WIDTH SPACE at character 12"),
        (2, "U+00AD SOFT HYPHEN at character 4"),
    ] {
        assert_eq!(got[i]["codes"][0], "invisible-character", "{}", got[i]);
        let m = got[i]["findings"][0]["message"].as_str().unwrap();
        assert!(m.contains(needle), "{m}");
        assert_eq!(got[i]["findings"][0]["severity"], "warning");
    }
    // A public suffix is shown in its canonical form.
    assert_eq!(got[3]["shown"], "com");
    assert_eq!(got[4]["shown"], "co.uk");
    assert_eq!(got[4]["canonical"], Value::Null);
    // Near miss: a plain domain has no finding.
    assert_eq!(got[5]["codes"], serde_json::json!([]));
}

#[test]
fn one_site_listed_twice_with_different_settings() {
    let dir = tempdir("duplicate-site");
    std::fs::write(
        dir.join("sites.json"),
        r#"[{"Url":"https://contoso.sharepoint.com/sites/A","SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"fabrikam.com"},
            {"Url":"https://contoso.sharepoint.com/sites/a/","SharingDomainRestrictionMode":"None","SharingAllowedDomainList":""},
            {"Url":"https://contoso.sharepoint.com/sites/b","SharingDomainRestrictionMode":"None"},
            {"Url":"https://CONTOSO.sharepoint.com/sites/b/","SharingDomainRestrictionMode":"None"}]"#,
    )
    .unwrap();
    let out = cmd()
        .args(["plan", "--format", "json", "--tenant", TENANT, "--sites"])
        .arg(dir.join("sites.json"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dup = findings(&doc, "duplicate-site");
    // Site b is listed twice with the same settings: harmless, no finding.
    assert_eq!(dup.len(), 1, "{dup:?}");
    assert_eq!(dup[0].0, "https://contoso.sharepoint.com/sites/A");
    assert!(dup[0].1.contains("listed 2 times"), "{}", dup[0].1);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "duplicate-site")
        .unwrap();
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["locations"].as_array().unwrap().len(), 2);
}
