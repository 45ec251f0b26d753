//! Issue 10: the 2026 tenant. Each behaviour has a case in `testdata/cases/` with a near miss
//! that must not show it, and a snapshot of the whole output.

mod common;
use common::{cmd, codes, plan_json};

use std::collections::BTreeSet;

use serde_json::Value;

fn case(name: &str) -> String {
    format!("testdata/cases/{name}")
}

fn findings<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn subjects(doc: &Value, code: &str) -> BTreeSet<String> {
    findings(doc, code)
        .iter()
        .map(|f| f["subject"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn notes(doc: &Value) -> Vec<String> {
    doc["assumption_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

/// Asserts that `code` is raised by the first run and not by the second.
fn raised_not_raised(code: &str, raised: &[&str], clean: &[&str]) {
    let r = plan_json(raised);
    assert!(
        codes(&r).contains(code),
        "{raised:?} should raise {code}, got {:?}",
        codes(&r)
    );
    let c = plan_json(clean);
    assert!(
        !codes(&c).contains(code),
        "{clean:?} should not raise {code}, got {:?}",
        codes(&c)
    );
}

/// The verdict `why` gives one gate: (before allowed, after allowed).
fn gate(args: &[&str], name: &str) -> (bool, bool) {
    let out = cmd()
        .arg("why")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = doc[0]["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["gate"] == name)
        .unwrap_or_else(|| panic!("no gate {name} in {doc}"));
    (
        g["before"]["allowed"].as_bool().unwrap(),
        g["after"]["allowed"].as_bool().unwrap(),
    )
}

// ---------------------------------------------------------------------------------------------
// 1. The 2026 gate model.

#[test]
fn integration_false_is_reported_and_unknown_is_assumed_on() {
    raised_not_raised(
        "integration-not-enabled",
        &[&case("integration-not-enabled")],
        &[&case("integration-unknown")],
    );
    let unknown = plan_json(&[&case("integration-unknown")]);
    assert!(
        notes(&unknown)
            .iter()
            .any(|n| n.contains("assumed on before and after")),
        "{:?}",
        notes(&unknown)
    );
}

#[test]
fn site_invitations_always_pass_entra_file_sharing_only_with_the_integration() {
    // Existing Entra allow list fabrikam.com; rival.example.com is not on it.
    let off = [
        "bob@rival.example.com",
        "testdata/cases/integration-not-enabled",
    ];
    // Site invitations went through Entra before the change too: blocked before and after.
    assert_eq!(gate(&off, "site-invitation"), (false, false));
    // File and folder sharing skipped Entra while the integration was off.
    assert_eq!(gate(&off, "file-folder-sharing"), (true, false));
    // Where the tenant file does not say, the integration is on before as well.
    let unknown = [
        "bob@rival.example.com",
        "testdata/cases/integration-unknown",
    ];
    assert_eq!(gate(&unknown, "site-invitation"), (false, false));
    assert_eq!(gate(&unknown, "file-folder-sharing"), (false, false));
}

#[test]
fn why_shows_site_and_file_sharing_as_separate_gates() {
    snap!(
        "why-integration-not-enabled",
        cmd().args([
            "why",
            "bob@rival.example.com",
            "testdata/cases/integration-not-enabled",
        ])
    );
}

#[test]
fn plan_integration_snapshots() {
    snap!(
        "plan-integration-not-enabled",
        cmd().args(["plan", &case("integration-not-enabled")])
    );
    snap!(
        "plan-integration-unknown",
        cmd().args(["plan", &case("integration-unknown")])
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Sharing capability.

#[test]
fn tenant_sharing_disabled_makes_its_lists_dormant() {
    raised_not_raised(
        "sharing-disabled",
        &[&case("sharing-disabled")],
        &[&case("sharing-existing-only")],
    );
    let doc = plan_json(&[&case("sharing-disabled")]);
    assert_eq!(doc["proposed"]["mode"], "none");
    let dispositions: BTreeSet<&str> = doc["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["disposition"].as_str().unwrap())
        .collect();
    assert_eq!(dispositions, BTreeSet::from(["dormant"]));
    // ExistingExternalUserSharingOnly: the list still applies and is migrated.
    let doc = plan_json(&[&case("sharing-existing-only")]);
    assert_eq!(doc["proposed"]["mode"], "allow");
    assert_eq!(
        doc["proposed"]["domains"],
        serde_json::json!(["fabrikam.com", "litware.com"])
    );
}

#[test]
fn sites_that_cannot_share_new_people_never_break() {
    let bids = "https://contoso.sharepoint.com/sites/bids";
    // The same site, able to share: breaks (tests/plan_cases.rs pins that case).
    let doc = plan_json(&[&case("site-sharing-breaks")]);
    assert_eq!(subjects(&doc, "site-sharing-breaks"), set(&[bids]));
    let doc = plan_json(&[&case("site-sharing-disabled")]);
    assert!(!codes(&doc).contains("site-sharing-breaks"));
    assert_eq!(subjects(&doc, "sharing-disabled"), set(&[bids]));
    assert_eq!(doc["blast_radius"]["totals"]["sites_sharing_breaks"], 0);
    let doc = plan_json(&[&case("site-sharing-existing-only")]);
    assert!(!codes(&doc).contains("site-sharing-breaks"));
    assert!(!codes(&doc).contains("sharing-disabled"));
    // The gates say why.
    let args = [
        "carol@rival.example.com",
        "testdata/cases/site-sharing-existing-only",
        "--site",
        bids,
    ];
    assert_eq!(gate(&args, "file-folder-sharing"), (false, false));
}

#[test]
fn plan_sharing_capability_snapshots() {
    snap!(
        "plan-sharing-disabled",
        cmd().args(["plan", &case("sharing-disabled")])
    );
    snap!(
        "plan-site-sharing-disabled",
        cmd().args(["plan", &case("site-sharing-disabled")])
    );
}

// ---------------------------------------------------------------------------------------------
// 3. SharePoint-only external users.

#[test]
fn spo_only_users_are_found_and_their_domains_judged() {
    raised_not_raised(
        "spo-guests-lose-access",
        &[&case("spo-guests-lose-access")],
        &[&case("spo-guests-matched")],
    );
    raised_not_raised(
        "spo-guests-need-account",
        &[&case("spo-guests-lose-access")],
        &[&case("spo-guests-matched")],
    );
    let doc = plan_json(&[&case("spo-guests-lose-access")]);
    // Bob (mail, other case), Femi (otherMails) and Kai (#EXT# UPN) have Entra accounts.
    assert_eq!(
        subjects(&doc, "spo-guests-lose-access"),
        set(&["northwindtraders.com", "outlook.com"])
    );
    assert_eq!(
        subjects(&doc, "spo-guests-need-account"),
        set(&["adatum.com"])
    );
    let lose = findings(&doc, "spo-guests-lose-access");
    let msg = lose[0]["message"].as_str().unwrap();
    assert!(msg.contains("lee@northwindtraders.com"), "{msg}");
    assert!(!msg.contains("kai@"), "{msg}");
    let need = findings(&doc, "spo-guests-need-account");
    assert!(need[0]["message"].as_str().unwrap().contains("FAQ #8"));
    // Mia is on two sites: one person.
    let t = &doc["blast_radius"]["totals"];
    assert_eq!(t["external_users"], 6);
    assert_eq!(t["external_users_matched"], 3);
    assert_eq!(t["spo_only"], 3);
    assert_eq!(t["spo_only_lose_access"], 2);
    let spo: BTreeSet<(String, u64)> = doc["blast_radius"]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["spo_only"].as_u64().unwrap() > 0)
        .map(|d| {
            (
                d["domain"].as_str().unwrap().to_string(),
                d["spo_only"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        spo,
        BTreeSet::from([
            ("adatum.com".to_string(), 1),
            ("northwindtraders.com".to_string(), 1),
            ("outlook.com".to_string(), 1)
        ])
    );
}

#[test]
fn without_guests_every_external_user_is_spo_only_and_said_so() {
    let doc = plan_json(&[&case("spo-guests-no-guests-input")]);
    assert_eq!(doc["blast_radius"]["totals"]["spo_only"], 6);
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n.starts_with("No guests input: no SharePoint external user")),
        "{:?}",
        notes(&doc)
    );
    let doc = plan_json(&[&case("spo-guests-lose-access")]);
    assert!(!notes(&doc).iter().any(|n| n.starts_with("No guests input")));
}

/// Every real export shape of testdata/real gives the conclusions of its EXPECTED.md entry.
#[test]
fn real_external_user_exports() {
    for file in [
        "external-users-getspoexternaluser.json",
        "external-users-getspoexternaluser.csv",
        "external-users-per-site.csv",
        "external-users-m365cli.json",
        "external-users-site-sharing-report.csv",
    ] {
        let path = format!("testdata/real/{file}");
        let doc = plan_json(&[
            "--tenant",
            "testdata/real/tenant-spo-rest-nometadata.json",
            "--guests",
            "testdata/real/users-graph-members-and-guests.json",
            "--external-users",
            &path,
        ]);
        assert_eq!(
            subjects(&doc, "spo-guests-lose-access"),
            set(&["northwindtraders.com", "outlook.com"]),
            "{file}"
        );
        let lose: String = findings(&doc, "spo-guests-lose-access")
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_lowercase())
            .collect();
        assert!(lose.contains("lee@northwindtraders.com"), "{file}: {lose}");
        assert!(lose.contains("noor.k@outlook.com"), "{file}: {lose}");
        let need: String = findings(&doc, "spo-guests-need-account")
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect();
        assert!(need.contains("mia@adatum.com"), "{file}: {need}");
        // Bob has an Entra account (mail, other case): never SharePoint-only.
        assert!(!lose.contains("bob@") && !need.to_lowercase().contains("bob@"));
    }
    // The sharing report's rows without an address and its internal rows are counted.
    let doc = plan_json(&[
        "--tenant",
        "testdata/real/tenant-spo-rest-nometadata.json",
        "--external-users",
        "testdata/real/external-users-site-sharing-report.csv",
    ]);
    assert_eq!(doc["blast_radius"]["totals"]["external_rows_skipped"], 4);
    assert_eq!(doc["blast_radius"]["totals"]["external_users"], 4);
}

#[test]
fn why_explains_a_spo_only_user() {
    snap!(
        "why-spo-only-user",
        cmd().args([
            "why",
            "lee@northwindtraders.com",
            "mia@adatum.com",
            "bob@fabrikam.com",
            "testdata/cases/spo-guests-lose-access",
        ])
    );
    let args = [
        "lee@northwindtraders.com",
        "testdata/cases/spo-guests-lose-access",
    ];
    assert_eq!(gate(&args, "spo-only-account-creation"), (true, false));
}

#[test]
fn plan_spo_only_snapshots() {
    snap!(
        "plan-spo-guests-lose-access",
        cmd().args(["plan", &case("spo-guests-lose-access")])
    );
    snap!(
        "plan-spo-guests-lose-access-markdown",
        cmd().args([
            "plan",
            &case("spo-guests-lose-access"),
            "--format",
            "markdown"
        ])
    );
    snap!(
        "plan-spo-guests-lose-access-sarif",
        cmd().args(["plan", &case("spo-guests-lose-access"), "--format", "sarif"])
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Who may invite.

#[test]
fn invites_restricted_and_the_default_assumption() {
    raised_not_raised(
        "invites-restricted",
        &[&case("invites-restricted")],
        &[&case("invites-everyone")],
    );
    let default_line = "Who may invite (allowInvitesFrom) was not read";
    let cross_tenant = "Cross-tenant access settings are also checked";
    for c in ["invites-restricted", "invites-everyone"] {
        let n = notes(&plan_json(&[&case(c)]));
        assert!(!n.iter().any(|l| l.starts_with(default_line)), "{c}: {n:?}");
        assert!(n.iter().any(|l| l.starts_with(cross_tenant)), "{c}: {n:?}");
    }
    let n = notes(&plan_json(&[&case("allow-list-basic")]));
    assert!(n.iter().any(|l| l.starts_with(default_line)), "{n:?}");
    assert!(n.iter().any(|l| l.starts_with(cross_tenant)), "{n:?}");
    // The real shapes: v1 object, beta list, Get-MgPolicy PascalCase.
    for (file, restricted) in [
        ("authorization-policy-graph-v1.json", true),
        ("authorization-policy-graph-beta-list.json", false),
        ("authorization-policy-getmgpolicy.json", true),
    ] {
        let doc = plan_json(&[
            &case("allow-list-basic"),
            "--authorization",
            &format!("testdata/real/{file}"),
        ]);
        assert_eq!(
            codes(&doc).contains("invites-restricted"),
            restricted,
            "{file}"
        );
    }
    snap!(
        "plan-invites-restricted",
        cmd().args(["plan", &case("invites-restricted")])
    );
}

// ---------------------------------------------------------------------------------------------
// 5. National clouds.

#[test]
fn national_cloud_is_an_error_and_refuses_graph_and_script() {
    raised_not_raised(
        "national-cloud",
        &[&case("national-cloud")],
        &[&case("national-cloud-near-miss")],
    );
    let doc = plan_json(&[
        "--tenant",
        &format!("{}/tenant.json", case("national-cloud-near-miss")),
        "--sites",
        "testdata/real/sites-dod-sharepoint-mil-us.json",
    ]);
    assert!(codes(&doc).contains("national-cloud"));
    let dir = std::env::temp_dir().join(format!("spo2b2b-i10-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for flag in ["--out-graph", "--out-script"] {
        let target = dir.join("out");
        let out = cmd()
            .args(["plan", &case("national-cloud"), flag])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("{flag} refused")), "{err}");
        assert!(err.contains("global service only"), "{err}");
        assert!(!target.exists(), "{flag} wrote a file");
        // The near miss writes it.
        let out = cmd()
            .args(["plan", &case("national-cloud-near-miss"), flag])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert!(target.exists());
        std::fs::remove_file(&target).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
    snap!(
        "plan-national-cloud",
        cmd().args(["plan", &case("national-cloud")])
    );
    snap!(
        "plan-national-cloud-out-graph",
        cmd().args([
            "plan",
            &case("national-cloud"),
            "--out-graph",
            "never-written.json"
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// 6. `explain` for every new code.

#[test]
fn explain_every_new_code() {
    for code in [
        "integration-not-enabled",
        "sharing-disabled",
        "spo-guests-lose-access",
        "spo-guests-need-account",
        "invites-restricted",
        "national-cloud",
    ] {
        let out = cmd().args(["explain", code]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{code}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Source: FACTS"), "{code}: {text}");
    }
    let out = cmd().args(["explain", "national-cloud"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("GCC (moderate)"), "{text}");
    snap!(
        "explain-spo-guests-lose-access",
        cmd().args(["explain", "spo-guests-lose-access"])
    );
}

/// An oversized policy's trim advice never calls a domain unused while SharePoint-only users need
/// it: removing it would refuse their account.
#[test]
fn trim_advice_counts_spo_only_users_as_use() {
    let dir = std::env::temp_dir().join(format!("spo2b2b-i10-trim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let domains: Vec<String> = (0..1500)
        .map(|i| format!("partner-number-{i:04}.example.com"))
        .collect();
    std::fs::write(
        dir.join("tenant.json"),
        format!(
            r#"{{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"{}","EnableAzureADB2BIntegration":true}}"#,
            domains.join(" ")
        ),
    )
    .unwrap();
    // The longest-first trim would take the longest names first: make the needed one longest.
    std::fs::write(
        dir.join("external-users.json"),
        r#"[{"DisplayName":"Pat","Email":"pat@partner-number-0007.example.com"}]"#,
    )
    .unwrap();
    let doc = plan_json(&[dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let trim = &doc["blast_radius"]["trim"];
    let unused: BTreeSet<&str> = trim["unused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(unused.len(), 1499);
    assert!(!unused.contains("partner-number-0007.example.com"));
}

#[test]
fn a_disabled_site_without_domain_lists_loses_nothing_and_is_not_named() {
    // `sharing-disabled` says a site's domain lists are not in force: a disabled site with no
    // restriction mode has none (a large tenant has hundreds of thousands of those).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        "testdata/cases/site-sharing-disabled/tenant.json",
        d.join("tenant.json"),
    )
    .unwrap();
    std::fs::write(
        d.join("sites.json"),
        r#"[{"Url":"https://contoso.sharepoint.com/sites/bids","SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"fabrikam.com","SharingBlockedDomainList":"","SharingCapability":"Disabled"},
            {"Url":"https://contoso.sharepoint.com/sites/plain","SharingDomainRestrictionMode":"None","SharingAllowedDomainList":"","SharingBlockedDomainList":"","SharingCapability":"Disabled"}]"#,
    )
    .unwrap();
    let doc = plan_json(&[d.to_str().unwrap()]);
    let named: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "sharing-disabled")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["https://contoso.sharepoint.com/sites/bids"]);
}
