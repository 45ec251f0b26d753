//! The CLI test fixture: runs the real binary from the crate root with a cleared environment
//! and relative paths, so snapshots hold nothing machine-specific.
#![allow(dead_code)]

use std::process::Command;

pub fn cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_spo2b2b"));
    c.env_clear();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Snapshot a command's exit code, stdout and stderr into the top-level `snapshots/` folder.
#[macro_export]
macro_rules! snap {
    ($name:expr, $cmd:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta_cmd::assert_cmd_snapshot!($name, $cmd);
        });
    }};
}

/// Runs `spo2b2b ARGS` with `stdin` as its standard input; `close_stdout` drops the read end of
/// its stdout first (a reader that went away, like `| head`).
pub fn run_with_stdin(args: &[&str], stdin: &[u8], close_stdout: bool) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if close_stdout {
        drop(child.stdout.take());
    }
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // The child may stop reading early (a closed stdout ends it): a failed write is its answer.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().expect("the binary runs")
}

/// Runs `plan --format json` with `args` and returns the document. Exit 0 or 1 only.
pub fn plan_json(args: &[&str]) -> serde_json::Value {
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

/// The finding codes of a plan document.
pub fn codes(doc: &serde_json::Value) -> std::collections::BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}
