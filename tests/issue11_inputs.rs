//! Issue 11 point 5, "nothing lost, nothing guessed": every input problem exits 2 with a
//! located message, and pipes read exactly like regular files. Each test failed on main.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::cmd;

const TENANT: &str = "testdata/real/tenant-spo-rest-nometadata.json";
const GUESTS: &str = "testdata/real/users-graph-members-and-guests.json";

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("issue11-in-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn plan(args: &[&str]) -> Output {
    cmd().arg("plan").args(args).output().unwrap()
}

/// Exit 2 and stderr holding every one of `needles`.
fn fails_with(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in: {err}");
    }
}

#[test]
fn a_property_read_twice_in_one_record_is_an_error() {
    let d = dir("dup-prop");
    for (name, text, at) in [
        (
            "exact.json",
            r#"[{"id":"1","mail":"a@adatum.com","mail":"b@fabrikam.com","userType":"Guest"}]"#,
            "/0/mail",
        ),
        (
            "case.json",
            r#"{"value":[{"id":"1","userType":"Guest","Mail":"a@adatum.com","MAIL":"b@x.com"}]}"#,
            "/value/0/MAIL",
        ),
    ] {
        let p = d.join(name);
        std::fs::write(&p, text).unwrap();
        let out = plan(&["--tenant", TENANT, "--guests", p.to_str().unwrap()]);
        fails_with(&out, &[name, at, "appears twice"]);
    }
    // The tenant record too.
    let p = d.join("tenant.json");
    std::fs::write(
        &p,
        r#"{"SharingDomainRestrictionMode":1,"SharingAllowedDomainList":"a.com",
            "sharingallowedDomainList":"b.com"}"#,
    )
    .unwrap();
    fails_with(
        &plan(&["--tenant", p.to_str().unwrap()]),
        &["/sharingallowedDomainList", "appears twice"],
    );
}

#[test]
fn a_property_twice_in_an_entra_definition_is_an_error() {
    let d = dir("dup-entra");
    let p = d.join("entra.json");
    std::fs::write(
        &p,
        r#"{"id":"x","definition":["{\"B2BManagementPolicy\":{\"InvitationsAllowedAndBlockedDomainsPolicy\":{\"AllowedDomains\":[\"a.com\"],\"allowedDomains\":[\"b.com\"]}}}"]}"#,
    )
    .unwrap();
    fails_with(
        &plan(&["--tenant", TENANT, "--entra", p.to_str().unwrap()]),
        &[
            "/definition/0",
            "/B2BManagementPolicy/InvitationsAllowedAndBlockedDomainsPolicy/allowedDomains",
            "appears twice",
        ],
    );
    // And in a bare definition file.
    std::fs::write(
        &p,
        r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":["a.com"]}},"b2bManagementPolicy":{}}"#,
    )
    .unwrap();
    fails_with(
        &plan(&["--tenant", TENANT, "--entra", p.to_str().unwrap()]),
        &["/b2bManagementPolicy", "appears twice"],
    );
}

#[test]
fn a_csv_column_twice_is_an_error() {
    let d = dir("dup-col");
    let p = d.join("guests.csv");
    std::fs::write(
        &p,
        "id,mail,userPrincipalName,userType,Mail\n1,a@adatum.com,a_adatum.com#EXT#@c.onmicrosoft.com,Guest,b@x.com\n",
    )
    .unwrap();
    fails_with(
        &plan(&["--tenant", TENANT, "--guests", p.to_str().unwrap()]),
        &["row 1, column Mail", "appears twice"],
    );
}

#[cfg(unix)]
#[test]
fn a_bundle_name_that_is_not_a_regular_file_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let tenant = std::fs::read(TENANT).unwrap();
    let fresh = |name: &str| {
        let d = dir(name);
        std::fs::write(d.join("tenant.json"), &tenant).unwrap();
        d
    };
    let d = fresh("bundle-dir");
    std::fs::create_dir(d.join("guests.json")).unwrap();
    fails_with(&plan(&[d.to_str().unwrap()]), &["guests.json", "directory"]);
    let d = fresh("bundle-dangling");
    std::os::unix::fs::symlink(d.join("nowhere.json"), d.join("sites.json")).unwrap();
    fails_with(&plan(&[d.to_str().unwrap()]), &["sites.json", "dangling"]);
    let d = fresh("bundle-fifo");
    let fifo = d.join("groups.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        fails_with(&plan(&[d.to_str().unwrap()]), &["groups.json", "FIFO"]);
    }
    // The bundle's configuration is no exception: never skipped silently.
    let d = fresh("bundle-config-dir");
    std::fs::create_dir(d.join("spo2b2b.toml")).unwrap();
    fails_with(
        &plan(&[d.to_str().unwrap()]),
        &["spo2b2b.toml", "directory"],
    );
    let d = fresh("bundle-config-dangling");
    std::os::unix::fs::symlink(d.join("nowhere.toml"), d.join("spo2b2b.toml")).unwrap();
    fails_with(&plan(&[d.to_str().unwrap()]), &["spo2b2b.toml"]);
    let d = fresh("bundle-non-utf8");
    let name = std::ffi::OsStr::from_bytes(b"guests.\xff.json");
    std::fs::write(d.join(name), b"[]").unwrap();
    fails_with(
        &plan(&[d.to_str().unwrap()]),
        &["guests.\u{fffd}.json", "not valid UTF-8"],
    );
}

#[cfg(unix)]
#[test]
fn pipes_read_like_regular_files() {
    let regular = cmd()
        .args([
            "plan", "--format", "json", "--tenant", TENANT, "--guests", GUESTS,
        ])
        .output()
        .unwrap();
    assert_eq!(regular.status.code(), Some(1));
    let regular_err = String::from_utf8(regular.stderr).unwrap();
    let regular = String::from_utf8(regular.stdout).unwrap();

    let piped = common::run_with_stdin(
        &[
            "plan",
            "--format",
            "json",
            "--tenant",
            TENANT,
            "--guests",
            "/dev/stdin",
        ],
        &std::fs::read(GUESTS).unwrap(),
        false,
    );
    // Only the exit-1 reason line, the same as for the regular file: no read error.
    assert_eq!(
        String::from_utf8_lossy(&piped.stderr),
        regular_err,
        "a pipe on /dev/stdin"
    );
    let piped = String::from_utf8(piped.stdout).unwrap();
    assert_eq!(piped.replace("/dev/stdin", GUESTS), regular);

    // A process substitution (bash), for every streamed kind.
    let bin = env!("CARGO_BIN_EXE_spo2b2b");
    let groups = "testdata/real/groups-graph-expand-members.json";
    let script = format!(
        "exec {bin} plan --format json --tenant <(cat {TENANT}) --guests <(cat {GUESTS}) \
         --groups <(cat {groups})"
    );
    let sub = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .output()
        .unwrap();
    let direct = cmd()
        .args([
            "plan", "--format", "json", "--tenant", TENANT, "--guests", GUESTS, "--groups", groups,
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&sub.stderr);
    assert_eq!(sub.status.code(), direct.status.code(), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&sub.stdout).expect("JSON");
    let want: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(doc["blast_radius"], want["blast_radius"]);
    assert_eq!(
        doc["findings"].as_array().map(Vec::len),
        want["findings"].as_array().map(Vec::len)
    );
}

#[test]
fn unsupported_encodings_are_refused() {
    let d = dir("encodings");
    let json = br#"{"SharingDomainRestrictionMode":1,"SharingAllowedDomainList":"a.com"}"#;
    let mut utf32le = vec![0xFF, 0xFE, 0, 0];
    for &b in json.iter() {
        utf32le.extend_from_slice(&[b, 0, 0, 0]);
    }
    let mut utf32be = vec![0, 0, 0xFE, 0xFF];
    for &b in json.iter() {
        utf32be.extend_from_slice(&[0, 0, 0, b]);
    }
    let mut two_boms = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    two_boms.extend_from_slice(json);
    let mut utf16_then_bom: Vec<u8> = vec![0xFF, 0xFE, 0xFF, 0xFE];
    for &b in json.iter() {
        utf16_then_bom.extend_from_slice(&[b, 0]);
    }
    let nul_filled = b"contoso.com\n\0\0\0\0fabrikam.com\n".to_vec();
    for (name, bytes) in [
        ("utf32le.json", utf32le),
        ("utf32be.json", utf32be),
        ("two-boms.json", two_boms),
        ("utf16-two-boms.json", utf16_then_bom),
        ("nul.txt", nul_filled),
    ] {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = plan(&["--tenant", p.to_str().unwrap(), "--mode", "allow"]);
        fails_with(&out, &[name, "unsupported encoding"]);
    }
}

#[test]
fn the_configuration_is_decoded_like_every_input() {
    let d = dir("config-utf16");
    let toml = "[severity]\n\"consumer-domain\" = \"allow\"\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in toml.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let p = d.join("spo2b2b.toml");
    std::fs::write(&p, bytes).unwrap();
    let out = plan(&[
        "--format",
        "json",
        "--tenant",
        TENANT,
        "--config",
        p.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{err}");
    // UTF-32 is refused there too.
    std::fs::write(&p, [0xFF, 0xFE, 0, 0, b'[', 0, 0, 0]).unwrap();
    fails_with(
        &plan(&["--tenant", TENANT, "--config", p.to_str().unwrap()]),
        &["spo2b2b.toml", "unsupported encoding"],
    );
}

#[test]
fn a_member_property_twice_is_an_error() {
    let d = dir("dup-member");
    let p = d.join("groups.json");
    std::fs::write(
        &p,
        r#"{"value":[{"id":"11111111-0000-4000-8000-000000000001","displayName":"G",
            "members":[{"id":"a","mail":"a@adatum.com","Mail":"b@fabrikam.com"}]}]}"#,
    )
    .unwrap();
    fails_with(
        &plan(&["--tenant", TENANT, "--groups", p.to_str().unwrap()]),
        &["/value/0/members/0/mail", "appears twice"],
    );
}
