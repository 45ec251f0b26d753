//! The policy artefacts: the proposed definition (`--out-policy`) and the Graph request body
//! (`--out-graph`), with the request it belongs to.

use serde_json::{Map, Value, json};

use crate::model::EntraPolicy;
pub use crate::plan::{GraphRequest, POLICIES_URL};

/// The definition as pretty JSON, one domain per line. Keys come out sorted (serde_json's map
/// is ordered), which is the fixed order reviewers diff against.
pub fn definition(def: &Map<String, Value>) -> String {
    super::json(def)
}

/// The compact definition string Entra stores.
pub fn compact(def: &Map<String, Value>) -> String {
    serde_json::to_string(def).unwrap_or_default()
}

/// The display name and description of a policy the tool creates. Both are required on create
/// (microsoftgraph/microsoft-graph-docs-contrib api-reference/beta/resources/b2bmanagementpolicy.md,
/// inherited from stsPolicy; the same text is used by the apply script).
pub const NEW_POLICY_NAME: &str = "B2BManagementPolicy";
pub const NEW_POLICY_DESCRIPTION: &str = "Entra B2B collaboration restrictions (allowed or blocked invitation domains), written by spo2b2b.";

/// The request body: for `PATCH`, `definition` only (a string collection holding the compact
/// JSON definition, FACTS §2); for `POST`, also the required displayName and description and
/// `isOrganizationDefault: true`, so the new policy is the one in force.
pub fn graph_body(def: &Map<String, Value>, existing: Option<&EntraPolicy>) -> String {
    match existing {
        Some(_) => super::json(&json!({ "definition": [compact(def)] })),
        None => super::json(&json!({
            "definition": [compact(def)],
            "description": NEW_POLICY_DESCRIPTION,
            "displayName": NEW_POLICY_NAME,
            "isOrganizationDefault": true,
        })),
    }
}
