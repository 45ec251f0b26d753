//! The policy artefacts: the proposed definition (`--out-policy`) and the Graph request body
//! (`--out-graph`), with the request it belongs to.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::EntraPolicy;

/// The definition as pretty JSON, one domain per line. Keys come out sorted (serde_json's map
/// is ordered), which is the fixed order reviewers diff against.
pub fn definition(def: &Map<String, Value>) -> String {
    super::json(def)
}

/// The compact definition string Entra stores.
pub fn compact(def: &Map<String, Value>) -> String {
    serde_json::to_string(def).unwrap_or_default()
}

/// The Graph collection of B2B management policies (beta only, FACTS §2;
/// microsoftgraph/microsoft-graph-docs-contrib api-reference/beta/api/policyroot-post-b2bmanagementpolicies.md
/// and b2bmanagementpolicy-update.md).
pub const POLICIES_URL: &str = "https://graph.microsoft.com/beta/policies/b2bManagementPolicies";

/// The display name and description of a policy the tool creates. Both are required on create
/// (microsoftgraph/microsoft-graph-docs-contrib api-reference/beta/resources/b2bmanagementpolicy.md,
/// inherited from stsPolicy; the same text is used by the apply script).
pub const NEW_POLICY_NAME: &str = "B2BManagementPolicy";
pub const NEW_POLICY_DESCRIPTION: &str = "Entra B2B collaboration restrictions (allowed or blocked invitation domains), written by spo2b2b.";

/// The request `--out-graph` is the body of: `PATCH {url}/{id}` when the plan read a policy,
/// `POST {url}` when it read none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphRequest {
    pub method: &'static str,
    pub url: String,
}

impl GraphRequest {
    pub fn for_policy(existing: Option<&EntraPolicy>) -> Self {
        match existing {
            None => GraphRequest {
                method: "POST",
                url: POLICIES_URL.to_string(),
            },
            Some(p) => {
                // The export's id goes into the URL only when it is a plain object id; anything
                // else (or none) leaves the `{id}` placeholder for the admin to fill in.
                let id =
                    p.id.as_deref()
                        .filter(|id| {
                            !id.is_empty()
                                && id.len() <= 64
                                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        })
                        .unwrap_or("{id}");
                GraphRequest {
                    method: "PATCH",
                    url: format!("{POLICIES_URL}/{id}"),
                }
            }
        }
    }
}

impl GraphRequest {
    /// The URL without the Graph host, e.g. `/beta/policies/b2bManagementPolicies`.
    pub fn path(&self) -> &str {
        self.url
            .strip_prefix("https://graph.microsoft.com")
            .unwrap_or(&self.url)
    }
}

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
