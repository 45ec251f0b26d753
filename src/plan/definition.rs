//! The proposed Entra definition: the existing one with its domain lists replaced, and its size.

use serde::Serialize;
use serde_json::{Map, Value};

use super::PolicyMode;
use crate::model::EntraPolicy;

/// The size Entra's limit is checked against: the characters of the compact JSON definition
/// (FACTS §2: how Microsoft counts is UNVERIFIED). The one place the size is counted.
pub fn compact_chars(definition: &Map<String, Value>) -> usize {
    // Serialising a Map of plain values cannot fail.
    serde_json::to_string(definition)
        .map(|s| s.chars().count())
        .unwrap_or(0)
}

/// Builds the proposed definition: the existing one (or a fresh one) with its domain lists
/// replaced and every other key kept.
pub fn build_definition(
    existing: Option<&EntraPolicy>,
    mode: PolicyMode,
    domains: &[String],
) -> Map<String, Value> {
    let mut definition = existing.map(|e| e.definition.clone()).unwrap_or_default();
    let b2b = object_at(&mut definition, "B2BManagementPolicy");
    let inv = object_at(b2b, "InvitationsAllowedAndBlockedDomainsPolicy");
    let list = |on: bool| {
        Value::Array(if on {
            domains.iter().cloned().map(Value::String).collect()
        } else {
            Vec::new()
        })
    };
    for (name, on) in [
        ("AllowedDomains", mode == PolicyMode::Allow),
        ("BlockedDomains", mode == PolicyMode::Block),
    ] {
        // Replace the list under whatever spelling the existing definition used.
        inv.retain(|k, _| !k.eq_ignore_ascii_case(name));
        inv.insert(name.to_string(), list(on));
    }
    definition
}

/// The object under `key`, made when absent. The key matches case-insensitively, as ingest
/// reads it: a definition spelled `b2bManagementPolicy` is updated in place, not given a second
/// key. Ingest accepts only objects or null there, so replacing a non-object discards nothing.
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let existing = map.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
    let slot = map
        .entry(existing.unwrap_or_else(|| key.to_string()))
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("made an object just above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn an_existing_definition_is_updated_under_its_own_spelling() {
        let existing: Value = serde_json::json!({
            "b2bManagementPolicy": {
                "invitationsAllowedAndBlockedDomainsPolicy": {"allowedDomains": ["old.com"]},
                "AutoRedeemPolicy": {"AdminConsentedForUsersIntoTenantIds": []}
            }
        });
        let Value::Object(definition) = existing else {
            unreachable!()
        };
        let policy = EntraPolicy {
            location: Location::file("e.json"),
            id: None,
            definition,
            allowed: Default::default(),
            blocked: Default::default(),
        };
        let def = build_definition(Some(&policy), PolicyMode::Block, &["a.com".to_string()]);
        assert_eq!(
            Value::Object(def),
            serde_json::json!({
                "b2bManagementPolicy": {
                    "invitationsAllowedAndBlockedDomainsPolicy": {
                        "AllowedDomains": [],
                        "BlockedDomains": ["a.com"]
                    },
                    "AutoRedeemPolicy": {"AdminConsentedForUsersIntoTenantIds": []}
                }
            })
        );
    }
}

/// The Graph collection of B2B management policies (beta only, FACTS §2;
/// microsoftgraph/microsoft-graph-docs-contrib api-reference/beta/api/policyroot-post-b2bmanagementpolicies.md
/// and b2bmanagementpolicy-update.md).
pub const POLICIES_URL: &str = "https://graph.microsoft.com/beta/policies/b2bManagementPolicies";

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
