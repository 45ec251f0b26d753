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
