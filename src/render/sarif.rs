//! `plan --format sarif`: SARIF 2.1.0 for code-scanning services (GitHub code scanning, GitHub
//! Advanced Security for Azure DevOps). One rule per finding code (every code, so a rule's index
//! never changes), results located in the input files. Waived findings carry an external
//! suppression with the waiver's reason.
//!
//! What the services require, and Microsoft's SARIF Multitool checks (`validate --rule-kind
//! "Sarif;Gh;Ado"`): every location has a `region` and a relative, percent-encoded URI resolved
//! against `%SRCROOT%`; the driver has `fullName` and `informationUri`; every rule has a `name`;
//! the run has `automationDetails`. Its id is a fixed category with no run part: nothing here
//! depends on the clock, and the pipeline identity GHAzDO asks for is only known to the pipeline.
//! GitHub keeps at most 25,000 results of a run, so past that the most severe findings are listed
//! and the rest become one summary result per code.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::diag::{Code, Finding, Location, Place, Severity, plural};
use crate::report::Report;

/// GitHub code scanning's limit of results per run (it drops the rest of the file).
pub const MAX_RESULTS: usize = 25_000;
/// GitHub shows at most this many locations of one result; the rest are counted in a property.
pub const MAX_LOCATIONS: usize = 100;
/// The base every relative input path is resolved against: the folder `spo2b2b` ran in, which
/// in CI is the checkout (code-scanning services resolve `%SRCROOT%` to the repository root).
const SRCROOT: &str = "%SRCROOT%";
/// Category of every run; the trailing `/` leaves the run part empty (SARIF §3.17.3): runs of
/// the same plan replace each other in code scanning instead of piling up.
const AUTOMATION_ID: &str = "spo2b2b/plan/";
const INFORMATION_URI: &str = "https://github.com/spo2b2b/spo2b2b";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The place of a location as a SARIF region: a text position (JSON and text syntax errors)
/// gives its line and column, a CSV row the line the record starts on; a place without a line (a
/// JSON pointer such as `/value/3`, a waiver's `[[waive]] #2`, or none) is put on line 1, and its
/// text stays in the location's message. Code-scanning annotations need a line, and the services
/// reject a location without a region.
fn region(l: &Location) -> Value {
    match &l.place {
        Some(Place::LineColumn { line, column }) if *line >= 1 => {
            json!({"startLine": line, "startColumn": column})
        }
        Some(Place::Row { row, .. }) if *row >= 1 => json!({"startLine": row}),
        _ => json!({"startLine": 1}),
    }
}

/// An input file as SARIF names it. A relative path (as given on the command line) becomes a
/// relative URI against `%SRCROOT%`; an absolute one (`/x`, `C:\x`, `\\server\x`) a `file:` URI
/// of its own. Backslashes become `/`, a leading `./` goes, and every byte outside the unreserved
/// set and `/` is percent-encoded (spaces, `#`, `?`, `%`, `:` and non-ASCII names included), so
/// the URI is valid and cannot be read as a scheme, a query or a fragment.
fn artifact_location(file: &str) -> Value {
    let path = file.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        return json!({"uri": format!("file:///{}{}", &path[..2], encode(&path[2..]))});
    }
    if let Some(unc) = path.strip_prefix("//") {
        return json!({"uri": format!("file://{}", encode(unc))});
    }
    if path.starts_with('/') {
        return json!({"uri": format!("file://{}", encode(&path))});
    }
    let mut rel = path.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest.trim_start_matches('/');
    }
    json!({"uri": encode(rel), "uriBaseId": SRCROOT})
}

fn encode(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

fn location(l: &Location) -> Value {
    let mut loc = json!({"physicalLocation": {
        "artifactLocation": artifact_location(&l.file),
        "region": region(l),
    }});
    if let Some(p) = &l.place {
        loc["message"] = json!({"text": p});
    }
    loc
}

fn rule_index(code: Code) -> usize {
    Code::ALL.iter().position(|c| *c == code).unwrap_or(0)
}

fn result(f: &Finding) -> Value {
    let shown = f.locations.len().min(MAX_LOCATIONS);
    let mut r = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": rule_index(f.code),
        "level": level(f.severity),
        "message": {"text": format!("{}: {}", f.subject, f.message)},
        "locations": f.locations[..shown].iter().map(location).collect::<Vec<_>>(),
        "properties": {"subject": f.subject},
    });
    if f.locations.len() > shown {
        r["properties"]["omittedLocations"] = json!(f.locations.len() - shown);
    }
    if let Some(reason) = &f.waived {
        r["suppressions"] = json!([{"kind": "external", "justification": reason}]);
    }
    r
}

/// One result standing for the findings of one code that did not fit under [`MAX_RESULTS`]:
/// at the level of the most severe of them, located where the first of them is.
fn summary(code: Code, omitted: &[&Finding]) -> Value {
    let n = omitted.len();
    let waived = omitted.iter().filter(|f| f.waived.is_some()).count();
    let severity = omitted
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    let mut text = format!(
        "{} of `{}` not listed here: code scanning keeps {MAX_RESULTS} results of a run. The JSON report (--format json or --out-json) lists every finding.",
        plural(n, "more finding", "more findings"),
        code.as_str(),
    );
    if waived > 0 && waived < n {
        text.push_str(&format!(" {waived} of them are waived."));
    }
    let locations: Vec<Value> = omitted
        .iter()
        .find_map(|f| f.locations.first())
        .map(location)
        .into_iter()
        .collect();
    let mut r = json!({
        "ruleId": code.as_str(),
        "ruleIndex": rule_index(code),
        "level": level(severity),
        "message": {"text": text},
        "locations": locations,
        "properties": {"omittedFindings": n},
    });
    if waived == n {
        r["suppressions"] =
            json!([{"kind": "external", "justification": format!("all {n} are waived")}]);
    }
    r
}

/// The results of a run: every finding while they fit under [`MAX_RESULTS`]; otherwise the first
/// ones in report order (errors first) and one summary per code for the rest, together at most
/// [`MAX_RESULTS`]. Only the results written are built, so the cost stays bounded.
fn results(findings: &[Finding]) -> Vec<Value> {
    if findings.len() <= MAX_RESULTS {
        return findings.iter().map(result).collect();
    }
    let mut codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes.dedup();
    // The summaries are at most one per code present, so this many listed results always fit.
    let listed = MAX_RESULTS - codes.len();
    let mut rest: BTreeMap<usize, (Code, Vec<&Finding>)> = BTreeMap::new();
    for f in &findings[listed..] {
        rest.entry(rule_index(f.code))
            .or_insert_with(|| (f.code, Vec::new()))
            .1
            .push(f);
    }
    let mut out: Vec<Value> = findings[..listed].iter().map(result).collect();
    // Summaries in rule order, so the same findings give the same file.
    out.extend(rest.values().map(|(code, omitted)| summary(*code, omitted)));
    out
}

/// `wildcard-entry` -> `WildcardEntry`: the rule's `name`, in the form SARIF recommends.
fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule(c: Code) -> Value {
    let e = c.explanation();
    let help = format!("{} (`spo2b2b explain {}` says more.)", e.todo, c.as_str());
    json!({
        "id": c.as_str(),
        "name": rule_name(c),
        "shortDescription": {"text": e.means},
        "fullDescription": {"text": format!("{} {}", e.means, e.matters)},
        "help": {"text": help, "markdown": help},
        "helpUri": format!("{INFORMATION_URI}#findings-explain"),
        "defaultConfiguration": {"level": level(c.default_severity())},
    })
}

pub fn plan(report: &Report) -> String {
    let mut artifacts: Vec<&str> = report.inputs.iter().map(|i| i.path.as_str()).collect();
    // Sorted and deduplicated: the order of the command line or the bundle never shows.
    artifacts.sort_unstable();
    artifacts.dedup();
    let version = env!("CARGO_PKG_VERSION");
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "spo2b2b",
                "fullName": format!("spo2b2b {version}: SharePoint domain restrictions to Entra B2B"),
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": Code::ALL.iter().map(|c| rule(*c)).collect::<Vec<_>>(),
            }},
            "automationDetails": {"id": AUTOMATION_ID},
            "originalUriBaseIds": {SRCROOT: {"description": {
                "text": "The folder spo2b2b ran in; input paths are relative to it as given on its command line."
            }}},
            "artifacts": artifacts.iter().map(|a| json!({"location": artifact_location(a)})).collect::<Vec<_>>(),
            "results": results(&report.findings),
            "columnKind": "unicodeCodePoints",
        }],
    });
    super::json(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(place: Option<Place>) -> Value {
        region(&Location {
            file: "f".into(),
            place,
        })
    }

    #[test]
    fn places_become_regions() {
        assert_eq!(
            at(Some(Place::LineColumn { line: 3, column: 7 })),
            json!({"startLine": 3, "startColumn": 7})
        );
        assert_eq!(
            at(Some(Place::Row {
                row: 4,
                column: Some("SharingAllowedDomainList".into())
            })),
            json!({"startLine": 4})
        );
        assert_eq!(
            at(Some(Place::Row {
                row: 9,
                column: None
            })),
            json!({"startLine": 9})
        );
        for lineless in [
            Some(Place::Pointer("/value/10".into())),
            Some(Place::Config("[[waive]] #2".into())),
            Some(Place::Row {
                row: 0,
                column: None,
            }),
            None,
        ] {
            assert_eq!(
                at(lineless.clone()),
                json!({"startLine": 1}),
                "{lineless:?}"
            );
        }
    }

    #[test]
    fn paths_become_relative_percent_encoded_uris() {
        let rel = |p: &str| artifact_location(p);
        assert_eq!(
            rel("testdata/example/tenant.json"),
            json!({"uri": "testdata/example/tenant.json", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            rel(".\\exports\\my sites #1.csv"),
            json!({"uri": "exports/my%20sites%20%231.csv", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            rel("a:b/100%?x/é.json"),
            json!({"uri": "a%3Ab/100%25%3Fx/%C3%A9.json", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            rel("/srv/t 1.json"),
            json!({"uri": "file:///srv/t%201.json"})
        );
        assert_eq!(
            rel("C:\\Exports\\t.json"),
            json!({"uri": "file:///C:/Exports/t.json"})
        );
        assert_eq!(
            rel("\\\\server\\share\\t.json"),
            json!({"uri": "file://server/share/t.json"})
        );
    }

    #[test]
    fn rule_names_are_pascal_case_codes() {
        assert_eq!(
            rule_name(Code::ALL[0])
                .chars()
                .next()
                .map(|c| c.is_ascii_uppercase()),
            Some(true)
        );
        for c in Code::ALL {
            let n = rule_name(*c);
            assert!(n.chars().all(|c| c.is_ascii_alphanumeric()), "{n}");
            assert_eq!(n.to_ascii_lowercase(), c.as_str().replace('-', ""));
        }
    }

    fn finding(code: Code, i: usize) -> Finding {
        let mut f = Finding::new(code, format!("s{i:06}"), "m");
        f.locations
            .push(Location::pointer("sites.json", format!("/{i}")));
        f
    }

    #[test]
    fn results_are_capped_with_one_summary_per_code() {
        let a = Code::ALL[0];
        let b = Code::ALL[1];
        let mut findings: Vec<Finding> = (0..MAX_RESULTS).map(|i| finding(a, i)).collect();
        assert_eq!(
            results(&findings).len(),
            MAX_RESULTS,
            "exactly at the cap: all listed"
        );
        findings.extend((0..10).map(|i| finding(b, i)));
        let mut waived = finding(b, 99);
        waived.waived = Some("r".into());
        findings.push(waived);
        let r = results(&findings);
        assert_eq!(r.len(), MAX_RESULTS);
        let listed = MAX_RESULTS - 2;
        assert!(r[..listed].iter().all(|r| r["ruleId"] == a.as_str()));
        assert_eq!(r[listed]["ruleId"], a.as_str());
        assert_eq!(r[listed]["properties"]["omittedFindings"], 2);
        assert_eq!(r[listed + 1]["ruleId"], b.as_str());
        assert_eq!(r[listed + 1]["properties"]["omittedFindings"], 11);
        assert!(
            r[listed + 1]["message"]["text"]
                .as_str()
                .unwrap()
                .contains("11 more findings of `")
        );
        assert!(
            r[listed + 1]["message"]["text"]
                .as_str()
                .unwrap()
                .contains("1 of them are waived")
        );
        assert!(r[listed + 1].get("suppressions").is_none());
        assert_eq!(
            r[listed + 1]["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
    }

    #[test]
    fn locations_are_capped_and_counted() {
        let mut f = finding(Code::ALL[0], 0);
        f.locations = (0..MAX_LOCATIONS + 5)
            .map(|i| Location::pointer("g.json", format!("/value/{i}")))
            .collect();
        let r = result(&f);
        assert_eq!(r["locations"].as_array().unwrap().len(), MAX_LOCATIONS);
        assert_eq!(r["properties"]["omittedLocations"], 5);
    }
}
