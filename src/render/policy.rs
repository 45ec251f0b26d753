//! The policy artefacts: the proposed definition (`--out-policy`) and the Graph request body
//! (`--out-graph`).

use serde_json::{Map, Value, json};

/// The definition as pretty JSON, one domain per line. Keys come out sorted (serde_json's map
/// is ordered), which is the fixed order reviewers diff against.
pub fn definition(def: &Map<String, Value>) -> String {
    super::json(def)
}

/// The compact definition string Entra stores.
pub fn compact(def: &Map<String, Value>) -> String {
    serde_json::to_string(def).unwrap_or_default()
}

/// The body of `PATCH /beta/policies/b2bManagementPolicies/{id}`: `definition` is a string
/// collection holding the compact JSON definition (FACTS §2).
pub fn graph_body(def: &Map<String, Value>) -> String {
    super::json(&json!({ "definition": [compact(def)] }))
}
