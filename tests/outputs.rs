//! Every output of `plan`, `why`, `diff` and `export-script` over the example bundle, pinned
//! with snapshots, plus the promises around them: SARIF validates against the 2.1.0 schema,
//! output files are written only on success, runs are byte-identical, a closed stdout is quiet.

mod common;

use common::cmd;

const EXAMPLE: &str = "testdata/example";

#[test]
fn plan_example_in_every_format() {
    snap!("plan-example-table", cmd().args(["plan", EXAMPLE]));
    snap!(
        "plan-example-json",
        cmd().args(["plan", EXAMPLE, "--format", "json"])
    );
    snap!(
        "plan-example-markdown",
        cmd().args(["plan", EXAMPLE, "--format", "markdown"])
    );
    snap!(
        "plan-example-fail-never",
        cmd().args(["plan", EXAMPLE, "--fail-on", "never", "--format", "json"])
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let out = cmd()
        .args(["plan", EXAMPLE, "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("testdata/sarif/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    // Erratum: the official schema's `language` patterns end in a stray `]`, which a strict
    // draft-07 meta-validation rejects as a regex. Mend those patterns in memory, as intended
    // (`en` or `en-US`); the file stays as published.
    let mended = mend_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert_eq!(
        mended, 2,
        "the schema erratum moved: review this workaround"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    // One rule per code, results located in the input files.
    let run = &sarif["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        spo2b2b::diag::Code::ALL.len()
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "testdata/example/tenant.json"
    ));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_json_snapshot!("plan-example-sarif", sarif);
    });
}

#[test]
fn out_files_are_written_on_success_only() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let graph = dir.path().join("graph.json");
    let script = dir.path().join("apply.ps1");
    let status = cmd()
        .args(["plan", EXAMPLE, "--fail-on", "never", "--out-policy"])
        .arg(&policy)
        .arg("--out-graph")
        .arg(&graph)
        .arg("--out-script")
        .arg(&script)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("out-policy", read(&policy));
        insta::assert_snapshot!("out-graph", read(&graph));
        insta::assert_snapshot!("out-script", read(&script));
    });
    // The Graph body's definition is the compact form of the policy file.
    let body: serde_json::Value = serde_json::from_str(&read(&graph)).unwrap();
    let inner: serde_json::Value =
        serde_json::from_str(body["definition"][0].as_str().unwrap()).unwrap();
    let pretty: serde_json::Value = serde_json::from_str(&read(&policy)).unwrap();
    assert_eq!(inner, pretty);
    // Exit 1 (findings) still writes the files.
    std::fs::remove_file(&policy).unwrap();
    let status = cmd()
        .args(["plan", EXAMPLE, "--out-policy"])
        .arg(&policy)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(policy.exists());
    // An input error (exit 2) leaves an existing file untouched.
    std::fs::write(&policy, "keep me").unwrap();
    let out = cmd()
        .args([
            "plan",
            "--tenant",
            "testdata/diff/no-such-file.json",
            "--out-policy",
        ])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(read(&policy), "keep me");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn runs_are_byte_identical() {
    for format in ["table", "json", "markdown", "sarif"] {
        let a = cmd()
            .args(["plan", EXAMPLE, "--format", format])
            .output()
            .unwrap();
        let b = cmd()
            .args(["plan", EXAMPLE, "--format", format])
            .output()
            .unwrap();
        assert_eq!(a.stdout, b.stdout, "{format}");
        assert_eq!(a.stderr, b.stderr, "{format}");
    }
}

#[test]
fn why_explains_each_gate() {
    snap!(
        "why-example",
        cmd().args([
            "why",
            "gus@outlook.com",
            EXAMPLE,
            "ana@fabrikam.com",
            "dev@sales.fabrikam.com",
            "x@not a domain",
        ])
    );
    snap!(
        "why-example-site-json",
        cmd().args([
            "why",
            EXAMPLE,
            "someone@lamnahealthcare.com",
            "ana@fabrikam.com",
            "--site",
            "https://contoso.sharepoint.com/sites/legal/",
            "--format",
            "json",
        ])
    );
    snap!(
        "why-unknown-site",
        cmd().args([
            "why",
            EXAMPLE,
            "a@b.com",
            "--site",
            "https://contoso.sharepoint.com/sites/nope"
        ])
    );
}

#[test]
fn diff_shows_changes_and_whom_they_hit() {
    snap!(
        "diff-table",
        cmd().args([
            "diff",
            "testdata/diff/before-bare.json",
            "testdata/diff/after-graph.json",
            EXAMPLE,
        ])
    );
    snap!(
        "diff-markdown-exit-code",
        cmd().args([
            "diff",
            "testdata/diff/before-bare.json",
            "testdata/diff/after-graph.json",
            "--guests",
            "testdata/example/guests.json",
            "--format",
            "markdown",
            "--exit-code",
        ])
    );
    snap!(
        "diff-json-same",
        cmd().args([
            "diff",
            "testdata/diff/after-graph.json",
            "testdata/diff/after-graph.json",
            "--format",
            "json",
            "--exit-code",
        ])
    );
}

#[test]
fn diff_reads_a_plan_document() {
    let dir = tempfile::tempdir().unwrap();
    let plan = cmd()
        .args(["plan", EXAMPLE, "--format", "json"])
        .output()
        .unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, &plan.stdout).unwrap();
    let out = cmd()
        .args(["diff", "testdata/example/entra-policy.json"])
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(d["after"]["source"], "plan");
    assert_eq!(d["added"], p["proposed"]["domains"]);
    assert_eq!(d["mode_changed"], true);
    assert_eq!(
        d["after"]["definition_chars"],
        p["proposed"]["definition_chars"]
    );
}

/// A plan document's mode is read with the names plan writes, exactly: anything else (a
/// PowerShell-style `Allow`, a number) is a located usage error, never a guess.
#[test]
fn diff_rejects_a_plan_document_with_an_unknown_mode() {
    let dir = tempfile::tempdir().unwrap();
    for (name, mode) in [("cased", r#""Allow""#), ("number", "1"), ("none", "null")] {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(
            &path,
            format!(
                r#"{{"schema":"spo2b2b.plan/v1","proposed":{{"mode":{mode},"domains":[],"definition_chars":0}}}}"#
            ),
        )
        .unwrap();
        let out = cmd()
            .args(["diff", "testdata/example/entra-policy.json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "{name}.json: plan document: /proposed/mode is not none, allow or block"
            )),
            "{name}: {err}"
        );
    }
}

#[test]
fn export_script() {
    snap!("export-script", cmd().arg("export-script"));
}

#[test]
fn closed_stdout_is_quiet() {
    // More output than a pipe buffer holds, so the write meets the closed pipe.
    let input: String = (0..20_000)
        .map(|i| format!("host{i}.contoso.com\n"))
        .collect();
    let out = common::run_with_stdin(&["normalize", "--format", "json"], input.as_bytes(), true);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mend_pattern(v: &mut serde_json::Value, bad: &str, good: &str) -> usize {
    match v {
        serde_json::Value::String(s) if s == bad => {
            *s = good.to_string();
            1
        }
        serde_json::Value::Array(a) => a.iter_mut().map(|x| mend_pattern(x, bad, good)).sum(),
        serde_json::Value::Object(o) => o.values_mut().map(|x| mend_pattern(x, bad, good)).sum(),
        _ => 0,
    }
}

/// Every enum that reports show by name says the same name as its JSON: the renderers call
/// `as_str`/`Display`, the JSON documents use serde, and the two must never drift apart.
#[test]
fn shown_names_are_the_serialised_names() {
    use spo2b2b::analyze::Access;
    use spo2b2b::diag::Severity;
    use spo2b2b::domain::SuffixKind;
    use spo2b2b::plan::{Disposition, PolicyMode};
    use spo2b2b::report::{Gate, SideSource};

    fn same<T: serde::Serialize + std::fmt::Debug>(all: &[T], name: impl Fn(&T) -> &'static str) {
        let mut seen = std::collections::BTreeSet::new();
        for v in all {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::from(name(v)),
                "{v:?}"
            );
            assert!(seen.insert(name(v)), "{v:?}: name used twice");
        }
    }
    same(&PolicyMode::ALL, |v| v.as_str());
    same(&Disposition::ALL, |v| v.as_str());
    same(&SuffixKind::ALL, |v| v.as_str());
    same(&SideSource::ALL, |v| v.as_str());
    same(&Gate::ALL, |v| v.as_str());
    same(&[Severity::Info, Severity::Warning, Severity::Error], |v| {
        v.as_str()
    });
    same(&[Access::Allowed, Access::Blocked], |v| v.as_str());
    // `diff` reads a plan document's mode back with the same names.
    for m in PolicyMode::ALL {
        let back: PolicyMode = serde_json::from_value(serde_json::Value::from(m.as_str())).unwrap();
        assert_eq!(back, m);
    }
}
