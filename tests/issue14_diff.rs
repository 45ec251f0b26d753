//! Issue 14 item 5 (SPEC §2, §7): `diff` reads `-` (standard input) for one side, says what
//! each added or removed domain means (becomes invitable / uninvitable, by list mode and
//! change), shows IDNs in Unicode too, and its Markdown leads with the summary.

mod common;
use common::{cmd, run_with_stdin};

use std::fs;
use std::path::Path;

fn policy(dir: &Path, name: &str, allowed: &[&str], blocked: &[&str]) -> String {
    let list = |l: &[&str]| serde_json::to_string(l).unwrap();
    let def = format!(
        r#"{{"B2BManagementPolicy":{{"InvitationsAllowedAndBlockedDomainsPolicy":{{"AllowedDomains":{},"BlockedDomains":{}}}}}}}"#,
        list(allowed),
        list(blocked)
    );
    let body = serde_json::json!({ "Definition": [def] }).to_string();
    let path = dir.join(name);
    fs::write(&path, body).unwrap();
    path.to_str().unwrap().to_owned()
}

fn stdout(args: &[&str]) -> String {
    let o = cmd().args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {o:?}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn one_side_can_come_from_stdin_but_not_both() {
    let before = "testdata/diff/before-bare.json";
    let after = "testdata/diff/after-graph.json";
    let from_file = stdout(&["diff", before, after, "--format", "json"]);
    let piped = fs::read(after).unwrap();
    let o = run_with_stdin(&["diff", before, "-", "--format", "json"], &piped, false);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let a: serde_json::Value = serde_json::from_str(&from_file).unwrap();
    let mut b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(b["after"]["path"], "(stdin)");
    b["after"]["path"] = a["after"]["path"].clone();
    assert_eq!(a, b);
    // BEFORE from stdin too.
    let o = run_with_stdin(
        &["diff", "-", after, "--format", "json"],
        &fs::read(before).unwrap(),
        false,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(c["added"], a["added"]);
    // Both: a usage error that says so.
    let o = run_with_stdin(&["diff", "-", "-"], &piped, false);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot both be -"),
        "{o:?}"
    );
}

#[test]
fn each_change_says_what_it_means_for_invitations() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Block lists: a domain leaving the list becomes invitable, one joining it uninvitable.
    let b = policy(d, "b.json", &[], &["gmail.com"]);
    let a = policy(d, "a.json", &[], &["outlook.com"]);
    let t = stdout(&["diff", &b, &a]);
    let line = |t: &str, needle: &str| {
        t.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in\n{t}"))
            .to_owned()
    };
    assert!(line(&t, "gmail.com").contains("becomes invitable"), "{t}");
    assert!(
        line(&t, "outlook.com").contains("becomes uninvitable"),
        "{t}"
    );
    // Allow lists: the other way round.
    let b = policy(d, "b2.json", &["gmail.com"], &[]);
    let a = policy(d, "a2.json", &["outlook.com"], &[]);
    let t = stdout(&["diff", &b, &a]);
    assert!(line(&t, "gmail.com").contains("becomes uninvitable"), "{t}");
    assert!(line(&t, "outlook.com").contains("becomes invitable"), "{t}");
    // No list -> allow list: the listed domain stays invitable, every other one is cut off.
    let b = policy(d, "b3.json", &[], &[]);
    let a = policy(d, "a3.json", &["fabrikam.com"], &[]);
    let t = stdout(&["diff", &b, &a]);
    assert!(line(&t, "fabrikam.com").contains("stays invitable"), "{t}");
    assert!(
        t.contains("every domain on neither list becomes uninvitable"),
        "{t}"
    );
    let j: serde_json::Value =
        serde_json::from_str(&stdout(&["diff", &b, &a, "--format", "json"])).unwrap();
    let hit = &j["blast_radius"]["domains"][0];
    assert_eq!(hit["domain"], "fabrikam.com");
    assert_eq!(hit["invitable_before"], true);
    assert_eq!(hit["invitable_after"], true);
}

#[test]
fn idns_show_their_unicode_form_and_markdown_leads_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let b = policy(dir.path(), "b.json", &["contoso.com"], &[]);
    let a = policy(dir.path(), "a.json", &["contoso.com", "bücher.de"], &[]);
    let t = stdout(&["diff", &b, &a]);
    assert!(t.contains("xn--bcher-kva.de (bücher.de)"), "{t}");
    let md = stdout(&["diff", &b, &a, "--format", "markdown"]);
    assert!(md.contains("xn--bcher-kva.de (bücher.de)"), "{md}");
    let mut lines = md.lines();
    assert_eq!(
        lines.next(),
        Some("## spo2b2b diff: 1 added, 0 removed, mode unchanged")
    );
    assert_eq!(lines.next(), Some(""));
    let summary = lines.next().unwrap();
    assert!(
        summary.starts_with("**Entra B2B list:**")
            && summary.contains("invitable from now on: 1 domain;"),
        "{md}"
    );
    // Details are folded.
    assert!(
        md.contains("<details><summary>Changes: 1 added, 0 removed</summary>"),
        "{md}"
    );
}
