//! Property tests of the plan's conservation law (SPEC §5): whatever the lists hold, the ledger
//! has one row per raw entry, every emitted row is a proposed domain and every proposed domain
//! comes from an emitted row, and the proposal is sorted, unique and never holds a rejected entry.

use std::collections::BTreeSet;

use proptest::prelude::*;
use spo2b2b::diag::Location;
use spo2b2b::domain;
use spo2b2b::model::{DomainListField, EntraPolicy, RestrictionMode, Site, Tenant, TenantData};
use spo2b2b::options::{Merge, SpoAfter, Subdomains};
use spo2b2b::plan::{self, Assumptions, Disposition};

/// List strings as admins write them: real-looking names, junk, separators, wildcards, IDNs.
fn list_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,8}\\.(com|co\\.uk|de|io|net)",
        "[A-Z][a-z]{1,6}\\.COM\\.?",
        Just("*.contoso.com".to_string()),
        Just("bücher.de".to_string()),
        Just("gmail.com".to_string()),
        Just("co.uk".to_string()),
        Just("10.0.0.1".to_string()),
        Just("user@fabrikam.com".to_string()),
        "\\PC{0,6}",
    ];
    let sep = prop_oneof![Just(" "), Just(","), Just(";"), Just("\n"), Just("  ")];
    prop::collection::vec((piece, sep), 0..12).prop_map(|v| {
        v.into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

fn field(file: &str, s: String) -> DomainListField {
    DomainListField::new(Location::pointer(file, "/list"), vec![s])
}

fn mode() -> impl Strategy<Value = RestrictionMode> {
    prop_oneof![
        Just(RestrictionMode::None),
        Just(RestrictionMode::AllowList),
        Just(RestrictionMode::BlockList)
    ]
}

fn raw_entries(f: &DomainListField) -> usize {
    f.values
        .iter()
        .map(|v| domain::split_list(v).pieces.len())
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ledger_conserves_every_entry(
        tenant_mode in mode(),
        allowed in list_string(),
        blocked in list_string(),
        sites in prop::collection::vec((prop::option::of(mode()), list_string(), list_string()), 0..4),
        entra in prop::option::of((list_string(), list_string())),
        replace in any::<bool>(),
    ) {
        let tenant = Tenant {
            location: Location::file("tenant.json"),
            mode: tenant_mode,
            allowed: field("tenant.json", allowed),
            blocked: field("tenant.json", blocked),
            b2b_integration: None,
            sync_aad_b2b_policy: None,
            sharing_capability: None,
            onedrive_sharing_capability: None,
            root_site_url: None,
        };
        let sites: Vec<Site> = sites
            .into_iter()
            .enumerate()
            .map(|(i, (m, a, b))| Site {
                location: Location::row("sites.csv", (i + 2) as u64, None),
                url: format!("https://contoso.sharepoint.com/sites/s{i}"),
                mode: m,
                allowed: field("sites.csv", a),
                blocked: field("sites.csv", b),
                group_id: None,
                is_teams_connected: None,
                template: None,
                sharing_capability: None,
            })
            .collect();
        let entra = entra.map(|(a, b)| EntraPolicy {
            location: Location::file("entra.json"),
            id: None,
            definition: serde_json::Map::new(),
            allowed: field("entra.json", a),
            blocked: field("entra.json", b),
        });
        let mut expected = raw_entries(&tenant.allowed) + raw_entries(&tenant.blocked);
        for s in &sites {
            expected += raw_entries(&s.allowed) + raw_entries(&s.blocked);
        }
        if let Some(e) = &entra {
            expected += raw_entries(&e.allowed) + raw_entries(&e.blocked);
        }
        let data = TenantData { tenant: Some(tenant), sites, entra, ..TenantData::default() };
        let assumptions = Assumptions {
            subdomains: Subdomains::Exact,
            merge: if replace { Merge::Replace } else { Merge::Union },
            spo_after: SpoAfter::Keep,
        };
        let p = plan::propose(&data, &BTreeSet::new(), assumptions);

        prop_assert_eq!(p.ledger.len(), expected);
        let emitted: BTreeSet<&str> = p
            .ledger
            .iter()
            .filter(|r| r.disposition == Disposition::Emitted)
            .map(|r| r.canonical.as_deref().expect("an emitted row has a canonical form"))
            .collect();
        let proposed: Vec<&str> = p.proposed.domains.iter().map(String::as_str).collect();
        prop_assert_eq!(emitted.iter().copied().collect::<Vec<_>>(), proposed.clone());
        // Sorted and unique (BTreeSet order equals Vec order above), and nothing rejected.
        for row in &p.ledger {
            if row.canonical.is_none() {
                prop_assert_ne!(row.disposition, Disposition::Emitted);
                prop_assert_ne!(row.disposition, Disposition::Duplicate);
            }
        }
        // The definition lists exactly the proposed domains.
        let def = serde_json::Value::Object(p.proposed.definition.clone());
        let inv = &def["B2BManagementPolicy"]["InvitationsAllowedAndBlockedDomainsPolicy"];
        let listed: Vec<&str> = inv["AllowedDomains"]
            .as_array()
            .into_iter()
            .chain(inv["BlockedDomains"].as_array())
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        prop_assert_eq!(listed, proposed);
    }
}
