//! SPEC §2 on the ways a run ends: an unwritable stderr or stdout is exit 2, never a panic, and
//! exit 1 says why on one stderr line.

mod common;
use common::cmd;

use std::fs::OpenOptions;
use std::process::{Output, Stdio};

fn dev_full() -> Stdio {
    Stdio::from(
        OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux"),
    )
}

fn stderr_lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn an_unwritable_stderr_is_exit_2_not_a_panic() {
    // An input error reports on stderr; stderr is full.
    let o = cmd()
        .args(["plan", "testdata/no-such-folder"])
        .stderr(dev_full())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    // A failing stdout reports on stderr too; both are full.
    let o = cmd()
        .args(["normalize", "contoso.com"])
        .stderr(dev_full())
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    // Exit 1 writes its summary line to stderr; stderr is full: still 1, no panic.
    let o = cmd()
        .args(["plan", "testdata/cases/pending-invites-fail"])
        .stderr(dev_full())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    // A usage error from the argument parser, stderr full.
    let o = cmd()
        .args(["plan", "--no-such-flag"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
fn help_and_version_to_a_full_stdout_are_exit_2() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["plan", "--help"],
        &["help"],
    ] {
        let o = cmd().args(args).stdout(dev_full()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("stdout"),
            "{args:?} says what failed: {o:?}"
        );
    }
    // To a working stdout they are not errors.
    let o = cmd().arg("--version").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn exit_1_from_plan_says_why_on_one_stderr_line() {
    let o = cmd()
        .args(["plan", "testdata/cases/pending-invites-fail"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let lines = stderr_lines(&o);
    assert_eq!(
        lines,
        vec!["spo2b2b: 1 error at or above --fail-on error (pending-invites-fail)".to_owned()],
        "{o:?}"
    );
    // --fail-on warning counts warnings too, and lists each code once with its count.
    let o = cmd()
        .args(["plan", "testdata/example", "--fail-on", "warning"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let lines = stderr_lines(&o);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("spo2b2b: ")
            && lines[0].contains(" at or above --fail-on warning (")
            && lines[0].ends_with(')'),
        "{lines:?}"
    );
    // Exit 0 prints nothing on stderr.
    let o = cmd()
        .args([
            "plan",
            "testdata/cases/pending-invites-fail",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{o:?}");
}

#[test]
fn exit_1_from_why_and_diff_says_why() {
    let o = cmd()
        .args([
            "why",
            "olu@outlook.com",
            "testdata/cases/pending-invites-fail",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        stderr_lines(&o),
        vec!["spo2b2b: 1 error at or above --fail-on error (pending-invites-fail)".to_owned()]
    );
    let o = cmd()
        .args([
            "diff",
            "testdata/diff/before-bare.json",
            "testdata/diff/after-graph.json",
            "--exit-code",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        stderr_lines(&o),
        vec!["spo2b2b: differences present".to_owned()]
    );
}
