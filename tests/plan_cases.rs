//! The case corpus: `plan` and `why` over the small bundles in `testdata/cases/`, each named
//! after what it proves. Snapshots pin the whole output; the checks below the snapshots state
//! the point of each case in code (which findings a case raises, and that a close but clean
//! case does not), and the plan document's invariants over every bundle.

mod common;
use common::{cmd, codes, plan_json};

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

const CASES: &str = "testdata/cases";

fn case(name: &str) -> String {
    format!("{CASES}/{name}")
}

// ---------------------------------------------------------------------------------------------
// Snapshots: `plan` (table unless said otherwise).

macro_rules! plan_snap {
    ($test:ident, $case:literal $(, $arg:literal)*) => {
        #[test]
        fn $test() {
            snap!(
                concat!("plan-", $case $(, " ", $arg)*).replace(' ', "_").replace("--", ""),
                cmd().args(["plan", &case($case) $(, $arg)*])
            );
        }
    };
}

plan_snap!(plan_allow_list_basic, "allow-list-basic");
plan_snap!(plan_empty_allow_list, "empty-allow-list");
plan_snap!(plan_dormant_list, "dormant-list");
plan_snap!(plan_site_not_subset, "site-not-subset");
plan_snap!(
    plan_site_allows_tenant_blocked,
    "site-allows-tenant-blocked"
);
plan_snap!(plan_site_settings_unknown, "site-settings-unknown");
plan_snap!(plan_site_only_restriction, "site-only-restriction");
plan_snap!(plan_site_sharing_breaks, "site-sharing-breaks");
plan_snap!(
    plan_site_sharing_already_blocked,
    "site-sharing-already-blocked"
);
plan_snap!(plan_entra_mode_conflict, "entra-mode-conflict");
plan_snap!(
    plan_entra_mode_conflict_json,
    "entra-mode-conflict",
    "--format",
    "json"
);
plan_snap!(plan_entra_same_type_union, "entra-same-type-union");
plan_snap!(plan_merge_union, "merge-existing-allow-list");
plan_snap!(
    plan_merge_replace,
    "merge-existing-allow-list",
    "--merge",
    "replace"
);
plan_snap!(plan_entra_both_lists, "entra-both-lists");
plan_snap!(plan_pending_invites_fail, "pending-invites-fail");
plan_snap!(
    plan_redeemed_guest_outside_list,
    "redeemed-guest-outside-list"
);
plan_snap!(
    plan_teams_guests_newly_blocked,
    "teams-guests-newly-blocked"
);
plan_snap!(plan_newly_allowed_domain, "newly-allowed-domain");
plan_snap!(plan_subdomain_exact, "subdomain-not-covered");
plan_snap!(
    plan_subdomain_include,
    "subdomain-not-covered",
    "--subdomains",
    "include"
);
plan_snap!(plan_guest_domain_unknown, "guest-domain-unknown");
plan_snap!(plan_confusable_guest_domain, "confusable-guest-domain");
plan_snap!(plan_waivers, "waivers");
plan_snap!(plan_waivers_json, "waivers", "--format", "json");
plan_snap!(plan_mode_none_tenant, "mode-none-tenant");
plan_snap!(plan_block_list_tenant, "block-list-tenant");
plan_snap!(
    plan_block_list_tenant_json,
    "block-list-tenant",
    "--format",
    "json"
);
plan_snap!(plan_spo_after_keep, "spo-after-clear");
plan_snap!(
    plan_spo_after_clear,
    "spo-after-clear",
    "--spo-after",
    "clear"
);
plan_snap!(plan_plain_text_no_mode, "plain-text-tenant");
plan_snap!(
    plan_plain_text_allow,
    "plain-text-tenant",
    "--mode",
    "allow"
);
plan_snap!(
    plan_plain_text_block,
    "plain-text-tenant",
    "--mode",
    "block"
);
plan_snap!(plan_flags_bundle_only, "flags-override");

#[test]
fn plan_flags_override_bundle_files() {
    snap!(
        "plan-flags-override-with-flags",
        cmd().args([
            "plan",
            "testdata/cases/flags-override",
            "--tenant",
            "testdata/cases/flags-override/flags/tenant-blocklist.json",
            "--entra",
            "testdata/cases/flags-override/flags/entra-blocklist.json",
            "--guests",
            "testdata/cases/flags-override/flags/more-guests.json",
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Snapshots: `why`.

#[test]
fn why_site_sharing_breaks() {
    snap!(
        "why-site-sharing-breaks-site",
        cmd().args([
            "why",
            "carol@rival.example.com",
            "dan@fabrikam.com",
            "testdata/cases/site-sharing-breaks",
            "--site",
            "https://contoso.sharepoint.com/sites/bids",
        ])
    );
    snap!(
        "why-site-sharing-breaks-site-json",
        cmd().args([
            "why",
            "carol@rival.example.com",
            "testdata/cases/site-sharing-breaks",
            "--site",
            "https://contoso.sharepoint.com/sites/bids/",
            "--format",
            "json",
        ])
    );
}

#[test]
fn why_subdomains() {
    snap!(
        "why-subdomain-exact",
        cmd().args([
            "why",
            "dev@sales.fabrikam.com",
            "ana@fabrikam.com",
            "testdata/cases/subdomain-not-covered",
        ])
    );
    snap!(
        "why-subdomain-include-json",
        cmd().args([
            "why",
            "dev@sales.fabrikam.com",
            "testdata/cases/subdomain-not-covered",
            "--subdomains",
            "include",
            "--format",
            "json",
        ])
    );
}

#[test]
fn why_spo_after_clear_from_a_site() {
    snap!(
        "why-spo-after-clear-site",
        cmd().args([
            "why",
            "ana@fabrikam.com",
            "testdata/cases/spo-after-clear",
            "--site",
            "https://contoso.sharepoint.com/sites/hr",
            "--spo-after",
            "clear",
        ])
    );
}

/// `why` lists the findings about the asked domain: a look-alike finding names its members, but a
/// team whose display name happens to read like one (`Sales ~ litware.com`) is not about
/// `litware.com`, exactly as the team `Vendors` beside it is not.
#[test]
fn why_is_not_steered_by_a_subject_that_reads_like_a_look_alike_group() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(CASES).join("teams-guests-newly-blocked");
    for f in ["tenant.json", "guests.json"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("groups.json"),
        r#"{"value":[
 {"id":"t1","displayName":"Sales ~ litware.com","resourceProvisioningOptions":["Team"],"members":[{"id":"g2"}]},
 {"id":"t2","displayName":"Vendors","resourceProvisioningOptions":["Team"],"members":[{"id":"g3"}]}]}"#,
    )
    .unwrap();
    let bundle = dir.path().to_str().unwrap();
    let plan = plan_json(&[bundle]);
    assert_eq!(
        subjects(&plan, "teams-guests-newly-blocked"),
        set(&["Sales ~ litware.com", "Vendors"])
    );
    let out = cmd()
        .args(["why", "kim@litware.com", bundle, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let subjects: Vec<&str> = doc[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert!(
        !subjects.contains(&"Sales ~ litware.com"),
        "a team's name is not a look-alike group: {subjects:?}"
    );
}

/// ... while a real look-alike group is about each of its members.
#[test]
fn why_lists_the_look_alike_group_of_each_member() {
    for address in ["ana@fabrikam.com", "eve@fabrikarn.com"] {
        let out = cmd()
            .args([
                "why",
                address,
                &case("confusable-guest-domain"),
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let look_alikes: Vec<&str> = doc[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "confusable-domain")
            .map(|f| f["subject"].as_str().unwrap())
            .collect();
        assert_eq!(look_alikes, ["fabrikam.com ~ fabrikarn.com"], "{address}");
    }
}

// ---------------------------------------------------------------------------------------------
// What each case proves, in code: `(code, subject)` pairs from the plan document.

/// The subjects of the findings of one code.
fn subjects(doc: &Value, code: &str) -> BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["subject"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
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

#[test]
fn allow_list_basic_is_clean() {
    let doc = plan_json(&[&case("allow-list-basic")]);
    assert_eq!(codes(&doc), BTreeSet::new());
    assert_eq!(doc["proposed"]["mode"], "allow");
    assert_eq!(
        doc["proposed"]["domains"],
        serde_json::json!(["contoso-partner.com", "fabrikam.com"])
    );
}

#[test]
fn empty_and_dormant_lists() {
    let base = case("allow-list-basic");
    raised_not_raised("empty-allow-list", &[&case("empty-allow-list")], &[&base]);
    raised_not_raised("dormant-list", &[&case("dormant-list")], &[&base]);
    // An allow list Entra cannot hold is proposed as no list: nothing is claimed blocked.
    let doc = plan_json(&[&case("empty-allow-list")]);
    assert_eq!(doc["proposed"]["mode"], "none");
    assert_eq!(doc["changes"]["mode_changed"], false);
}

#[test]
fn site_findings_name_only_the_offending_sites() {
    let legal = "https://contoso.sharepoint.com/sites/legal";
    let doc = plan_json(&[&case("site-not-subset")]);
    assert_eq!(subjects(&doc, "site-not-subset"), set(&[legal]));
    assert!(!codes(&doc).contains("site-allows-tenant-blocked"));

    let doc = plan_json(&[&case("site-allows-tenant-blocked")]);
    assert_eq!(subjects(&doc, "site-allows-tenant-blocked"), set(&[legal]));
    assert!(!codes(&doc).contains("site-not-subset"));

    let doc = plan_json(&[&case("site-settings-unknown")]);
    assert_eq!(
        subjects(&doc, "site-settings-unknown"),
        set(&[
            "https://contoso.sharepoint.com/sites/limit-all-export",
            "https://contoso.sharepoint.com/sites/no-fields",
        ])
    );

    let doc = plan_json(&[&case("site-only-restriction")]);
    assert_eq!(
        subjects(&doc, "site-only-restriction"),
        set(&["https://contoso.sharepoint.com/sites/hr"])
    );
}

#[test]
fn site_sharing_breaks_only_when_it_worked_before() {
    raised_not_raised(
        "site-sharing-breaks",
        &[&case("site-sharing-breaks")],
        &[&case("site-sharing-already-blocked")],
    );
    let doc = plan_json(&[&case("site-sharing-breaks")]);
    assert_eq!(doc["blast_radius"]["totals"]["sites_sharing_breaks"], 1);
    let msg = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "site-sharing-breaks")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("rival.example.com"), "{msg}");
    assert!(!msg.contains("fabrikam.com"), "{msg}");
}

#[test]
fn entra_existing_policy_findings() {
    raised_not_raised(
        "entra-mode-conflict",
        &[&case("entra-mode-conflict")],
        &[&case("entra-same-type-union")],
    );
    let merge = case("merge-existing-allow-list");
    raised_not_raised(
        "entra-entries-dropped",
        &[&merge, "--merge", "replace"],
        &[&merge],
    );
    raised_not_raised(
        "entra-both-lists",
        &[&case("entra-both-lists")],
        &[&case("entra-same-type-union")],
    );
}

#[test]
fn merge_union_keeps_and_replace_drops() {
    let merge = case("merge-existing-allow-list");
    let union = plan_json(&[&merge]);
    assert_eq!(
        union["proposed"]["domains"],
        serde_json::json!(["adatum.com", "fabrikam.com", "litware.com"])
    );
    let replace = plan_json(&[&merge, "--merge", "replace"]);
    assert_eq!(
        replace["proposed"]["domains"],
        serde_json::json!(["adatum.com", "fabrikam.com"])
    );
    assert_eq!(
        replace["changes"]["removed"],
        serde_json::json!(["litware.com"])
    );
    // Every other key of the existing definition survives either way.
    for doc in [&union, &replace] {
        assert_eq!(
            doc["proposed"]["definition"]["B2BManagementPolicy"]["PreviewPolicy"],
            serde_json::json!({"Features": ["OneTimePasscode"]})
        );
    }
}

#[test]
fn guest_findings() {
    raised_not_raised(
        "pending-invites-fail",
        &[&case("pending-invites-fail")],
        &[&case("redeemed-guest-outside-list")],
    );
    let doc = plan_json(&[&case("pending-invites-fail")]);
    assert_eq!(
        subjects(&doc, "pending-invites-fail"),
        set(&["outlook.com"])
    );
    assert_eq!(doc["blast_radius"]["totals"]["pending_fail"], 1);
    assert_eq!(doc["blast_radius"]["totals"]["guests_newly_blocked"], 2);

    let doc = plan_json(&[&case("teams-guests-newly-blocked")]);
    assert_eq!(
        subjects(&doc, "teams-guests-newly-blocked"),
        set(&["Project Falcon", "Vendors"])
    );
    assert_eq!(doc["blast_radius"]["totals"]["groups_hit"], 2);
    assert_eq!(doc["blast_radius"]["totals"]["teams_hit"], 1);

    raised_not_raised(
        "newly-allowed-domain",
        &[&case("newly-allowed-domain")],
        &[&case("block-list-tenant")],
    );
    let doc = plan_json(&[&case("newly-allowed-domain")]);
    assert_eq!(
        subjects(&doc, "newly-allowed-domain"),
        set(&["litware.com"])
    );

    let doc = plan_json(&[&case("guest-domain-unknown")]);
    assert_eq!(doc["blast_radius"]["totals"]["guests_domain_unknown"], 2);
    assert!(
        !subjects(&doc, "guest-domain-unknown").contains("g1"),
        "a guest with only an #EXT# UPN has a home domain"
    );
    assert!(!codes(&plan_json(&[&case("allow-list-basic")])).contains("guest-domain-unknown"));

    raised_not_raised(
        "confusable-domain",
        &[&case("confusable-guest-domain")],
        &[&case("allow-list-basic")],
    );
}

#[test]
fn subdomains_include_covers_and_changes_verdicts() {
    let sub = case("subdomain-not-covered");
    raised_not_raised(
        "subdomain-not-covered",
        &[&sub],
        &[&sub, "--subdomains", "include"],
    );
    let verdict = |doc: &Value| {
        doc["blast_radius"]["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"] == "sales.fabrikam.com")
            .map(|d| d["after"].as_str().unwrap().to_string())
    };
    let exact = plan_json(&[&sub]);
    assert_eq!(verdict(&exact).as_deref(), Some("blocked"));
    assert!(codes(&exact).contains("pending-invites-fail"));
    let include = plan_json(&[&sub, "--subdomains", "include"]);
    // Covered by fabrikam.com: no change, so no longer in the blast radius at all.
    assert_eq!(verdict(&include), None);
    assert!(!codes(&include).contains("pending-invites-fail"));
    assert!(!codes(&include).contains("teams-guests-newly-blocked"));
    assert_eq!(include["assumptions"]["subdomains"], "include");
}

#[test]
fn waivers_and_severity_overrides() {
    let w = case("waivers");
    let doc = plan_json(&[&w]);
    let findings = doc["findings"].as_array().unwrap();
    let unknown: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "site-settings-unknown")
        .collect();
    assert_eq!(unknown.len(), 3);
    for f in unknown {
        assert_eq!(f["severity"], "error", "[severity] deny applies: {f}");
        let personal = f["subject"].as_str().unwrap().contains("/personal/");
        assert_eq!(f["waived"].is_string(), personal, "{f}");
    }
    assert_eq!(subjects(&doc, "unused-waiver").len(), 1);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["waived"], 2);

    let all_used = format!("{w}/all-used.toml");
    raised_not_raised("unused-waiver", &[&w], &[&w, "--config", &all_used]);
    let doc = plan_json(&[&w, "--config", &all_used]);
    assert_eq!(doc["summary"]["errors"], 0);
    let out = cmd()
        .args(["plan", &w, "--config", &all_used])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "waived errors do not fail the run"
    );
}

#[test]
fn plain_text_tenant_and_flags() {
    let doc = plan_json(&[&case("plain-text-tenant"), "--mode", "block"]);
    assert_eq!(doc["proposed"]["mode"], "block");
    assert_eq!(
        doc["proposed"]["domains"],
        serde_json::json!(["adatum.com", "fabrikam.com"])
    );
    let f = "testdata/cases/flags-override";
    let doc = plan_json(&[
        f,
        "--tenant",
        &format!("{f}/flags/tenant-blocklist.json"),
        "--entra",
        &format!("{f}/flags/entra-blocklist.json"),
    ]);
    assert_eq!(doc["proposed"]["mode"], "block");
    assert_eq!(
        doc["proposed"]["domains"],
        serde_json::json!(["gmail.com", "live.com"])
    );
    let paths: Vec<&str> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(!paths.contains(&"testdata/cases/flags-override/tenant.json"));
    assert!(!paths.contains(&"testdata/cases/flags-override/entra-policy.json"));
}

// ---------------------------------------------------------------------------------------------
// Generated cases: too large to commit, written to a temporary bundle.

fn write_tenant(dir: &Path, mode: &str, allowed: &[String], blocked: &[String]) {
    let tenant = serde_json::json!({
        "SharingDomainRestrictionMode": mode,
        "SharingAllowedDomainList": allowed.join(" "),
        "SharingBlockedDomainList": blocked.join(" "),
        "EnableAzureADB2BIntegration": true,
    });
    std::fs::write(dir.join("tenant.json"), tenant.to_string()).unwrap();
}

fn numbered(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("d{i:05}.example.com")).collect()
}

fn tmp_plan(dir: &tempfile::TempDir, extra: &[&str]) -> Value {
    let path = dir.path().to_str().unwrap().to_string();
    let mut args = vec![path.as_str()];
    args.extend_from_slice(extra);
    plan_json(&args)
}

#[test]
fn list_too_long_counts_raw_entries_against_sharepoint_limits() {
    let dir = tempfile::tempdir().unwrap();
    // The tenant limit: 5000 is accepted, 5001 is not. Block lists count too.
    write_tenant(dir.path(), "BlockList", &[], &numbered(5000));
    let doc = tmp_plan(&dir, &[]);
    assert!(!codes(&doc).contains("list-too-long"));
    assert_eq!(doc["summary"]["entries_in"], 5000);
    write_tenant(dir.path(), "BlockList", &[], &numbered(5001));
    let doc = tmp_plan(&dir, &[]);
    assert_eq!(subjects(&doc, "list-too-long"), set(&["tenant block list"]));

    // The site limit: 500 and 501.
    write_tenant(dir.path(), "None", &[], &[]);
    for (n, long) in [(500, false), (501, true)] {
        let sites = serde_json::json!([{
            "Url": "https://contoso.sharepoint.com/sites/big",
            "SharingDomainRestrictionMode": "BlockList",
            "SharingAllowedDomainList": "",
            "SharingBlockedDomainList": numbered(n).join(" "),
        }]);
        std::fs::write(dir.path().join("sites.json"), sites.to_string()).unwrap();
        let doc = tmp_plan(&dir, &[]);
        assert_eq!(
            codes(&doc).contains("list-too-long"),
            long,
            "{n} site entries"
        );
    }
}

/// A tenant allow list whose proposed compact definition is exactly `target` characters: `n`
/// numbered domains of 18 characters and one filler domain of the right length.
fn allow_list_of_chars(target: usize) -> Vec<String> {
    // {"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":
    //   {"AllowedDomains":[],"BlockedDomains":[]}}}
    const EMPTY: usize = 111;
    // One more domain costs its length, two quotes and a comma.
    let mut budget = target - EMPTY;
    let mut out = Vec::new();
    while budget > 21 + 55 {
        let d = format!("d{:05}.example.com", out.len());
        budget -= d.len() + 2 + usize::from(!out.is_empty());
        out.push(d);
    }
    // The filler: "fill<x...>.example.org", its label 1..63 characters.
    let fixed = "\"fill.example.org\",".len();
    let label = budget - fixed + "fill".len();
    out.push(format!("{}.example.org", "f".repeat(label)));
    out
}

#[test]
fn policy_size_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (22_500, None),
        (22_501, Some("policy-near-limit")),
        (25_000, Some("policy-near-limit")),
        (25_001, Some("policy-too-large")),
    ];
    for (chars, code) in cases {
        write_tenant(dir.path(), "AllowList", &allow_list_of_chars(chars), &[]);
        let doc = tmp_plan(&dir, &[]);
        assert_eq!(doc["proposed"]["definition_chars"], chars);
        let size_codes: BTreeSet<String> = codes(&doc)
            .into_iter()
            .filter(|c| c.starts_with("policy-"))
            .collect();
        assert_eq!(
            size_codes,
            code.map(|c| set(&[c])).unwrap_or_default(),
            "{chars} characters"
        );
        // Over the limit, the report says what could go: here nothing is used, one character
        // is too many, and dropping the longest unused domain is enough.
        let trim = &doc["blast_radius"]["trim"];
        assert_eq!(trim.is_object(), code == Some("policy-too-large"));
        if trim.is_object() {
            assert_eq!(trim["over_by_chars"], 1);
            assert_eq!(trim["remove_unused"], 1);
            assert_eq!(trim["unused_suffice"], true);
            assert_eq!(trim["remove_least_used"], 0);
            assert_eq!(
                trim["unused"].as_array().unwrap().len(),
                doc["proposed"]["domains"].as_array().unwrap().len()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Invariants of the plan document, over every bundle of the corpus and every merge choice.

fn bundles() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(CASES)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "plain-text-tenant")
        .map(|n| case(&n))
        .collect();
    out.push("testdata/example".into());
    out.sort();
    out
}

fn check_invariants(what: &str, doc: &Value) {
    let summary = &doc["summary"];
    let ledger = doc["ledger"].as_array().unwrap();
    assert_eq!(summary["entries_in"], ledger.len(), "{what}: entries_in");
    assert_eq!(
        summary["entries_accounted"],
        ledger.len(),
        "{what}: entries_accounted"
    );
    let domains: Vec<&str> = doc["proposed"]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut sorted = domains.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        domains, sorted,
        "{what}: proposed domains sorted and unique"
    );
    assert_eq!(summary["domains_emitted"], domains.len(), "{what}");
    let emitted: BTreeSet<&str> = ledger
        .iter()
        .filter(|r| r["disposition"] == "emitted")
        .map(|r| {
            r["canonical"]
                .as_str()
                .expect("emitted rows have a canonical")
        })
        .collect();
    let proposed: BTreeSet<&str> = domains.iter().copied().collect();
    assert_eq!(emitted, proposed, "{what}: emitted rows = proposed domains");
    let emitted_rows = ledger
        .iter()
        .filter(|r| r["disposition"] == "emitted")
        .count();
    assert_eq!(emitted_rows, domains.len(), "{what}: one emitted row each");
    // The definition holds exactly the proposed domains, in the list of the proposed mode.
    let inv = &doc["proposed"]["definition"]["B2BManagementPolicy"]["InvitationsAllowedAndBlockedDomainsPolicy"];
    let (filled, empty) = match doc["proposed"]["mode"].as_str().unwrap() {
        "allow" => ("AllowedDomains", "BlockedDomains"),
        "block" => ("BlockedDomains", "AllowedDomains"),
        _ => {
            assert!(domains.is_empty(), "{what}: mode none with domains");
            ("AllowedDomains", "BlockedDomains")
        }
    };
    assert_eq!(inv[filled], serde_json::json!(domains), "{what}");
    assert_eq!(inv[empty], serde_json::json!([]), "{what}");
    // Severity counts match the findings.
    for (sev, key) in [
        ("error", "errors"),
        ("warning", "warnings"),
        ("info", "infos"),
    ] {
        let n = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == sev && f["waived"].is_null())
            .count();
        assert_eq!(summary[key], n, "{what}: {key}");
    }
}

#[test]
fn plan_document_invariants_hold_for_every_bundle() {
    for b in bundles() {
        for extra in [
            &[][..],
            &["--merge", "replace"][..],
            &["--spo-after", "clear", "--subdomains", "include"][..],
        ] {
            let mut args = vec![b.as_str()];
            args.extend_from_slice(extra);
            check_invariants(&format!("{args:?}"), &plan_json(&args));
        }
    }
}

#[test]
fn two_runs_are_byte_identical() {
    for b in bundles() {
        for format in ["table", "json", "markdown", "sarif"] {
            let run = || {
                cmd()
                    .args(["plan", &b, "--format", format])
                    .output()
                    .unwrap()
            };
            let (one, two) = (run(), run());
            assert_eq!(one.stdout, two.stdout, "{b} {format}");
            assert_eq!(one.stderr, two.stderr, "{b} {format}");
            assert_eq!(one.status.code(), two.status.code(), "{b} {format}");
        }
    }
}

/// Over the limit with every domain in use: there is nothing unused to drop, so the advice
/// names how many of the least used must go, least used (fewest guests) first.
#[test]
fn trim_advice_falls_back_to_the_least_used() {
    let dir = tempfile::tempdir().unwrap();
    let domains = allow_list_of_chars(25_100);
    write_tenant(dir.path(), "AllowList", &domains, &[]);
    // Every domain has one guest, except the first, which has two: it must not be first to go.
    let mut guests: Vec<Value> = domains
        .iter()
        .enumerate()
        .map(|(i, d)| serde_json::json!({"id": format!("g{i}"), "mail": format!("a@{d}"), "userType": "Guest"}))
        .collect();
    guests.push(serde_json::json!({"id": "extra", "mail": format!("b@{}", domains[0]), "userType": "Guest"}));
    std::fs::write(
        dir.path().join("guests.json"),
        serde_json::json!({ "value": guests }).to_string(),
    )
    .unwrap();
    let doc = tmp_plan(&dir, &[]);
    let trim = &doc["blast_radius"]["trim"];
    assert_eq!(trim["over_by_chars"], 100);
    assert_eq!(trim["unused"].as_array().unwrap().len(), 0);
    assert_eq!(trim["unused_suffice"], false);
    // 18-character numbered domains save 21 characters each: 5 of them make 100.
    assert_eq!(trim["remove_least_used"], 5);
    let least: Vec<&str> = trim["least_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(least[0], "d00001.example.com");
    assert!(!least[..5].contains(&domains[0].as_str()));
}
