//! `plan --format sarif`: SARIF 2.1.0 for code-scanning annotations. One rule per finding code
//! (every code, so a rule's index never changes), results located in the input files. Waived
//! findings carry an external suppression with the waiver's reason.

use serde_json::{Value, json};

use crate::diag::{Code, Finding, Location, Severity};
use crate::report::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `line 3, column 7` (what ingest writes for JSON syntax errors) -> a SARIF region.
fn region(place: &str) -> Option<Value> {
    let rest = place.strip_prefix("line ")?;
    let (line, rest) = match rest.split_once(", column ") {
        Some((l, c)) => (l, Some(c)),
        None => (rest, None),
    };
    let line: u64 = line.trim().parse().ok()?;
    let col: Option<u64> = rest.and_then(|c| c.trim().parse().ok());
    Some(match col {
        Some(c) => json!({"startLine": line, "startColumn": c}),
        None => json!({"startLine": line}),
    })
}

fn location(l: &Location) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": l.file.replace('\\', "/")}});
    if let Some(r) = l.place.as_deref().and_then(region) {
        physical["region"] = r;
    }
    let mut loc = json!({"physicalLocation": physical});
    if let Some(p) = &l.place {
        loc["message"] = json!({"text": p});
    }
    loc
}

fn result(f: &Finding) -> Value {
    let index = Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0);
    let mut r = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": format!("{}: {}", f.subject, f.message)},
        "locations": f.locations.iter().map(location).collect::<Vec<_>>(),
        "properties": {"subject": f.subject},
    });
    if let Some(reason) = &f.waived {
        r["suppressions"] = json!([{"kind": "external", "justification": reason}]);
    }
    r
}

pub fn plan(report: &Report) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            let e = c.explanation();
            json!({
                "id": c.as_str(),
                "shortDescription": {"text": e.means},
                "fullDescription": {"text": format!("{} {}", e.means, e.matters)},
                "help": {"text": e.todo},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let mut artifacts: Vec<&str> = report.inputs.iter().map(|i| i.path.as_str()).collect();
    artifacts.sort_unstable();
    artifacts.dedup();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "spo2b2b",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": artifacts.iter().map(|a| json!({"location": {"uri": a.replace('\\', "/")}})).collect::<Vec<_>>(),
            "results": report.findings.iter().map(result).collect::<Vec<_>>(),
        }],
    });
    super::json(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_places_become_regions() {
        assert_eq!(
            region("line 3, column 7"),
            Some(json!({"startLine": 3, "startColumn": 7}))
        );
        assert_eq!(region("line 12"), Some(json!({"startLine": 12})));
        assert_eq!(region("record 2, field Url"), None);
    }
}
