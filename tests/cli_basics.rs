//! Snapshot tests of the commands that need no bundle: `--help`, `normalize`, `explain`,
//! `completions`.

mod common;
use common::cmd;

#[test]
fn help() {
    snap!("help", cmd().arg("--help"));
    snap!("plan-help", cmd().args(["plan", "--help"]));
    snap!("normalize-help", cmd().args(["normalize", "--help"]));
}

#[test]
fn explain_catalogue_and_one_code() {
    snap!("explain-all", cmd().arg("explain"));
    snap!(
        "explain-wildcard",
        cmd().args(["explain", "wildcard-entry"])
    );
    snap!("explain-unknown", cmd().args(["explain", "no-such-code"]));
}

#[test]
fn normalize_messy_entries() {
    snap!(
        "normalize-messy",
        cmd().args([
            "normalize",
            "Contoso.COM.",
            "alice@Fabrikam.com",
            "mailto:bob@northwind.example.org",
            "https://www.Tailspin.co.uk:8443/path?q=1",
            "bücher.de",
            "xn--bcher-kva.de",
            "*.adatum.com",
            "10.0.0.1",
            "[::1]",
            "co.uk",
            "github.io",
            "team.github.io",
            "contoso.onmicrosoft.com",
            "gmail.com",
            "contoso.cmo",
            "аpple.com",
            "apple.com",
            "contoso.com",
            "a.com,b.com;c.com",
            "--",
            "-bad-.com",
        ])
    );
}

#[test]
fn normalize_json_and_stdin() {
    snap!(
        "normalize-json",
        cmd().args([
            "normalize",
            "--format",
            "json",
            "Bücher.de",
            "*.x.com",
            "paypa1.com",
            "paypal.com"
        ])
    );
    snap!(
        "normalize-stdin",
        cmd()
            .args(["normalize", "-"])
            .pass_stdin("contoso.com\n\nFABRIKAM.COM.\nhttp://10.1.2.3/x\n")
    );
}

#[test]
fn completions_generate() {
    let out = cmd().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("spo2b2b__subcmd__plan"),
        "bash completion lacks the plan subcommand"
    );
}

#[test]
fn normalize_reads_utf16_stdin_like_any_input() {
    // What Windows PowerShell 5.1 pipes into a native program: UTF-16LE with a BOM.
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Bücher.de\r\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let out = common::run_with_stdin(&["normalize", "--format", "json"], &bytes, false);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["canonical"], "xn--bcher-kva.de");
    assert_eq!(v.as_array().unwrap().len(), 1);

    // Bytes that are neither are an input error, located, exit 2.
    let out = common::run_with_stdin(&["normalize"], b"contoso.com\n\xff\n", false);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: <stdin>: line 2"));
}
