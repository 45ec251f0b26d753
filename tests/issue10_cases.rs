//! Issue 10: the 2026 tenant. Each behaviour has a case in `testdata/cases/` with a near miss
//! that must not show it, and a snapshot of the whole output.

mod common;
use common::cmd;

use std::collections::BTreeSet;

use serde_json::Value;

fn case(name: &str) -> String {
    format!("testdata/cases/{name}")
}

/// Runs `plan --format json` with `args` and returns the document. Exit 0 or 1 only.
fn plan_json(args: &[&str]) -> Value {
    let out = cmd()
        .arg("plan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "plan {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn codes(doc: &Value) -> BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
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
