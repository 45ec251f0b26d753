//! `plan --format sarif`: SARIF 2.1.0 for code-scanning annotations. One rule per finding code
//! (every code, so a rule's index never changes), results located in the input files. Waived
//! findings carry an external suppression with the waiver's reason.

use serde_json::{Value, json};

use crate::diag::{Code, Finding, Location, Place, Severity};
use crate::report::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A text position -> a SARIF region; other places have no line to point at.
fn region(place: &Place) -> Option<Value> {
    match place {
        Place::LineColumn { line, column } => {
            Some(json!({"startLine": line, "startColumn": column}))
        }
        _ => None,
    }
}

fn location(l: &Location) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": l.file.replace('\\', "/")}});
    if let Some(r) = l.place.as_ref().and_then(region) {
        physical["region"] = r;
    }
    let mut loc = json!({"physicalLocation": physical});
    if let Some(p) = &l.place {
        loc["message"] = json!({"text": p.to_string()});
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
    fn text_positions_become_regions() {
        assert_eq!(
            region(&Place::LineColumn { line: 3, column: 7 }),
            Some(json!({"startLine": 3, "startColumn": 7}))
        );
        let row = Place::Row {
            row: 2,
            column: Some("Url".into()),
        };
        assert_eq!(region(&row), None);
        assert_eq!(region(&Place::Pointer("/value/0".into())), None);
    }
}
