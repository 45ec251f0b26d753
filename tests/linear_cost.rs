//! SPEC §8 "no superlinear step": inputs that used to cost quadratic time or output (a long
//! table cell, a long line of separated entries, thousands of look-alikes) stay cheap.

mod common;
use common::cmd;

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Runs `spo2b2b ARGS` with `stdin`, killed after `limit`; `None` when it did not finish.
fn run_bounded(args: &[&str], stdin: &[u8], limit: Duration) -> Option<(i32, Vec<u8>)> {
    use std::io::Write;
    let mut child = cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let _ = writer.join();
            return Some((status.code().unwrap_or(-1), reader.join().unwrap()));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// 2^bits names that all share one confusable skeleton: each position is `l` or `1`.
fn look_alikes(bits: u32) -> Vec<String> {
    (0..1u32 << bits)
        .map(|n| {
            let label: String = (0..bits)
                .map(|b| if n >> b & 1 == 1 { '1' } else { 'l' })
                .collect();
            format!("x{label}.com")
        })
        .collect()
}

#[test]
fn a_long_entry_in_a_table_is_shortened_not_wrapped_for_seconds() {
    let line = format!("{}.com\n", "a".repeat(60_000));
    let (code, out) = run_bounded(
        &["normalize", "-"],
        line.as_bytes(),
        Duration::from_secs(20),
    )
    .expect("a 60,000-character table cell renders in well under 20 s");
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains('…'), "the cell is shortened with an ellipsis");
    assert!(
        text.len() < 20_000,
        "the table holds a shortened cell, not the whole entry: {} bytes",
        text.len()
    );
    // JSON keeps the full text.
    let (code, out) = run_bounded(
        &["normalize", "-", "--format", "json"],
        line.as_bytes(),
        Duration::from_secs(20),
    )
    .unwrap();
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc[0]["raw"].as_str().unwrap().len(), 60_004);
}

#[test]
fn a_long_line_of_separated_entries_does_not_repeat_itself() {
    // 4,000 entries on one comma-separated line: each entry's `nonstandard-separator` message
    // used to quote the whole line (output quadratic in the line's length).
    let line: String = (0..4000).map(|i| format!("d{i}.com,")).collect();
    let (code, out) = run_bounded(
        &["normalize", "-", "--format", "json"],
        line.as_bytes(),
        Duration::from_secs(60),
    )
    .expect("finishes");
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 4000, "no entry is lost");
    assert!(
        out.len() < 4000 * 1000,
        "about a kilobyte an entry, not the line again each time: {} bytes",
        out.len()
    );
}

#[test]
fn look_alikes_are_one_group_not_every_pair() {
    let names = look_alikes(8); // 256 names, one skeleton
    let input = names.join("\n");
    let (code, out) = run_bounded(
        &["normalize", "-", "--format", "json"],
        input.as_bytes(),
        Duration::from_secs(60),
    )
    .expect("finishes");
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let entries = doc.as_array().unwrap();
    assert_eq!(entries.len(), 256);
    let confusable: Vec<&serde_json::Value> = entries
        .iter()
        .flat_map(|e| e["findings"].as_array().unwrap())
        .filter(|f| f["code"] == "confusable-domain")
        .collect();
    // Every member is told it looks like another, once; the first one lists the group.
    assert_eq!(
        confusable.len(),
        256,
        "one finding an entry, not one a pair"
    );
    let first = confusable[0]["message"].as_str().unwrap();
    for n in &names[1..] {
        assert!(first.contains(&format!("'{n}'")), "{n} is listed");
    }
}

#[test]
fn plan_reports_one_confusable_finding_per_skeleton_group() {
    let dir = tempfile::tempdir().unwrap();
    let names = look_alikes(8);
    let mut list = names.clone();
    list.push("paypal.com".into());
    list.push("paypa1.com".into());
    let tenant = serde_json::json!({
        "SharingDomainRestrictionMode": "AllowList",
        "SharingAllowedDomainList": list.join(" "),
        "SharingBlockedDomainList": "",
    });
    std::fs::write(dir.path().join("tenant.json"), tenant.to_string()).unwrap();
    let o = cmd()
        .args(["plan", "--format", "json", "--fail-on", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "confusable-domain")
        .collect();
    assert_eq!(groups.len(), 2, "one finding per skeleton group");
    // A pair reads as before.
    assert_eq!(groups[0]["subject"], "paypa1.com ~ paypal.com");
    // The big group lists every member.
    let big = groups[1]["message"].as_str().unwrap();
    for n in &names {
        assert!(big.contains(&format!("`{n}`")), "{n} is listed");
    }
}

#[test]
fn plan_tables_and_markdown_shorten_a_long_group_name() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = serde_json::json!({
        "SharingDomainRestrictionMode": "BlockList",
        "SharingAllowedDomainList": "",
        "SharingBlockedDomainList": "fabrikam.com",
    });
    let guests = serde_json::json!({"value": [{
        "id": "u1", "displayName": "Ana", "mail": "ana@fabrikam.com",
        "userPrincipalName": "ana_fabrikam.com#EXT#@contoso.onmicrosoft.com",
        "externalUserState": "Accepted", "userType": "Guest",
    }]});
    let name = "G".repeat(100_000);
    let groups = serde_json::json!({"value": [{
        "id": "g1", "displayName": name, "groupTypes": ["Unified"],
        "resourceProvisioningOptions": ["Team"],
        "members": [{"id": "u1", "@odata.type": "#microsoft.graph.user"}],
    }]});
    for (file, doc) in [
        ("tenant.json", tenant),
        ("guests.json", guests),
        ("groups.json", groups),
    ] {
        std::fs::write(dir.path().join(file), doc.to_string()).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    for format in ["table", "markdown"] {
        let (code, out) = run_bounded(
            &["plan", d, "--format", format, "--fail-on", "never"],
            b"",
            Duration::from_secs(20),
        )
        .unwrap_or_else(|| panic!("{format}: a 100,000-character group name renders quickly"));
        assert_eq!(code, 0, "{format}");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("GGGG…"), "{format}: the name is shortened");
        assert!(text.len() < 50_000, "{format}: {} bytes", text.len());
    }
    // JSON keeps the full name.
    let (_, out) = run_bounded(
        &["plan", d, "--format", "json", "--fail-on", "never"],
        b"",
        Duration::from_secs(20),
    )
    .unwrap();
    assert!(String::from_utf8(out).unwrap().contains(&name));
}
