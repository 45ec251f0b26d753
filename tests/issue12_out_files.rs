//! Issue 12 item 1 and issue 14 item 3 (SPEC §2): `--out-*` files are one transaction. Every
//! file is prepared in an exclusively created temporary file, stdout is written, and only then
//! are they renamed; on exit 2 nothing is created or replaced; the same path twice is a usage
//! error; a special file is never replaced; no planted link redirects a write. Every `--format`
//! of `plan` can go to a file from the same run.

mod common;
use common::cmd;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const EXAMPLE: &str = "testdata/example";

fn dev_full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux"),
    )
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    n.sort();
    n
}

fn plan_with(args: &[&std::ffi::OsStr]) -> Output {
    cmd()
        .args(["plan", EXAMPLE, "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_failing_second_out_file_leaves_the_first_absent() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let graph = dir.path().join("no-such-folder").join("graph.json");
    let o = plan_with(&[
        "--out-policy".as_ref(),
        policy.as_os_str(),
        "--out-graph".as_ref(),
        graph.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("graph.json"), "{o:?}");
    assert!(!policy.exists(), "the first file was written: {o:?}");
    assert!(
        o.stdout.is_empty(),
        "nothing printed before the files were ready"
    );
    assert_eq!(
        names(dir.path()),
        Vec::<String>::new(),
        "temporary file left"
    );
    // An existing first file is not replaced either.
    fs::write(&policy, "keep me").unwrap();
    let o = plan_with(&[
        "--out-policy".as_ref(),
        policy.as_os_str(),
        "--out-graph".as_ref(),
        graph.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(fs::read_to_string(&policy).unwrap(), "keep me");
    assert_eq!(names(dir.path()), vec!["policy.json"]);
}

#[test]
fn a_full_stdout_leaves_every_out_file_absent() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let o = cmd()
        .args(["plan", EXAMPLE, "--fail-on", "never", "--out-policy"])
        .arg(&policy)
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("stdout"), "{o:?}");
    assert!(!policy.exists(), "written although stdout failed");
    assert_eq!(names(dir.path()), Vec::<String>::new());
}

#[test]
fn two_flags_naming_one_file_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("out.json");
    let same = dir.path().join(".").join("sub").join("..").join("out.json");
    fs::create_dir(dir.path().join("sub")).unwrap();
    let o = plan_with(&[
        "--out-policy".as_ref(),
        a.as_os_str(),
        "--out-graph".as_ref(),
        same.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("same file"), "{o:?}");
    assert!(!a.exists());
    // Through a linked folder: the canonical folders are the same.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("alias")).unwrap();
    let aliased = dir.path().join("alias").join("out.json");
    let o = plan_with(&[
        "--out-json".as_ref(),
        a.as_os_str(),
        "--out-script".as_ref(),
        aliased.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("same file"), "{o:?}");
    assert!(!a.exists());
    // Relative spellings of one file, from the crate root.
    let rel = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
    let name = rel.path().file_name().unwrap().to_str().unwrap().to_owned();
    let o = plan_with(&[
        "--out-policy".as_ref(),
        format!("{name}/p.json").as_ref(),
        "--out-graph".as_ref(),
        format!("./{name}/p.json").as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(names(rel.path()), Vec::<String>::new());
}

#[test]
fn a_special_file_as_target_is_refused_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    // A FIFO.
    let fifo = dir.path().join("policy.json");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = plan_with(&["--out-policy".as_ref(), fifo.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("a FIFO"), "{o:?}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // A folder.
    let folder = dir.path().join("graph.json");
    fs::create_dir(&folder).unwrap();
    let o = plan_with(&["--out-graph".as_ref(), folder.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("a folder"), "{o:?}");
    assert!(folder.is_dir());
    // A device: refused before anything is created beside it (as root, renaming over
    // /dev/null would turn the device into a regular file).
    let o = plan_with(&["--out-policy".as_ref(), "/dev/null".as_ref()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("a device"), "{o:?}");
    assert!(
        fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A link to a device is refused too.
    let link = dir.path().join("script.ps1");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = plan_with(&["--out-script".as_ref(), link.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        names(dir.path()),
        vec!["graph.json", "policy.json", "script.ps1"]
    );
}

#[test]
fn a_planted_link_at_a_predictable_temporary_name_is_not_followed() {
    // The old writer opened `.NAME.PID.tmp` with a call that follows links: a link planted
    // there overwrote its target. This process's PID is the one the library would use.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let target = dir.path().join("policy.json");
    let planted = dir
        .path()
        .join(format!(".policy.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let result = spo2b2b::output::write_atomic(&target, b"new policy");
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(fs::read_to_string(&target).unwrap(), "new policy");
    assert!(fs::symlink_metadata(&planted).unwrap().is_symlink());
}

#[test]
fn a_link_to_a_regular_file_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere.json");
    fs::write(&elsewhere, "untouched").unwrap();
    let link = dir.path().join("policy.json");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let o = plan_with(&["--out-policy".as_ref(), link.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.is_file(), "the link became the new regular file");
    assert!(
        fs::read_to_string(&link)
            .unwrap()
            .contains("B2BManagementPolicy")
    );
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "untouched");
}

#[test]
fn every_format_goes_to_a_file_from_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| -> PathBuf { dir.path().join(n) };
    let o = cmd()
        .args(["plan", EXAMPLE, "--format", "table", "--out-json"])
        .arg(p("plan.json"))
        .arg("--out-markdown")
        .arg(p("plan.md"))
        .arg("--out-sarif")
        .arg(p("plan.sarif"))
        .arg("--out-policy")
        .arg(p("policy.json"))
        .output()
        .unwrap();
    // Exit 1 (the example has errors) still writes every file, and says why on stderr.
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stderr(&o).starts_with("spo2b2b: "), "{o:?}");
    let alone = |format: &str| {
        cmd()
            .args(["plan", EXAMPLE, "--format", format])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(o.stdout, alone("table"));
    assert_eq!(fs::read(p("plan.json")).unwrap(), alone("json"));
    assert_eq!(fs::read(p("plan.md")).unwrap(), alone("markdown"));
    assert_eq!(fs::read(p("plan.sarif")).unwrap(), alone("sarif"));
    assert_eq!(
        names(dir.path()),
        vec!["plan.json", "plan.md", "plan.sarif", "policy.json"]
    );
}
