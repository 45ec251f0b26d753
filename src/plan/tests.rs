//! The proposal's unit tests.

use std::collections::BTreeSet;

use super::*;
use crate::diag::Code;
use crate::ingest::{self, InputKind};
use crate::model::TenantData;
use crate::options::{Merge, SpoAfter, Subdomains};

fn data(tenant: &str, entra: Option<&str>) -> TenantData {
    let mut d = ingest::load_bytes(InputKind::Tenant, "tenant.json", tenant.into(), None)
        .unwrap()
        .data;
    if let Some(e) = entra {
        d.entra = ingest::load_bytes(InputKind::Entra, "entra.json", e.into(), None)
            .unwrap()
            .data
            .entra;
    }
    d
}

fn assumptions(merge: Merge) -> Assumptions {
    Assumptions {
        subdomains: Subdomains::Exact,
        merge,
        spo_after: SpoAfter::Keep,
    }
}

/// Empty arrays restrict nothing in Entra, so a list with no domain is proposed as no list:
/// the analysis must not claim that the written policy blocks every invitation.
#[test]
fn a_list_with_no_domain_is_proposed_as_no_list() {
    let empty_allow = data(
        r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"*.x.com"}"#,
        None,
    );
    let p = propose(&empty_allow, &BTreeSet::new(), assumptions(Merge::Union));
    assert_eq!(p.proposed.mode, PolicyMode::None);
    assert!(p.proposed.domains.is_empty());
    assert!(!p.changes.mode_changed);

    let dropped = data(
        r#"{"SharingDomainRestrictionMode":"None"}"#,
        Some(
            r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["a.com"],"BlockedDomains":[]}}}"#,
        ),
    );
    let p = propose(&dropped, &BTreeSet::new(), assumptions(Merge::Replace));
    assert_eq!(p.proposed.mode, PolicyMode::None);
    assert!(p.changes.mode_changed);
    assert_eq!(p.changes.removed, vec!["a.com".to_string()]);
    let p = propose(&dropped, &BTreeSet::new(), assumptions(Merge::Union));
    assert_eq!(p.proposed.mode, PolicyMode::Allow);
    assert_eq!(p.proposed.domains, vec!["a.com".to_string()]);
}

/// The conflict message names both list types with the right article.
#[test]
fn mode_conflict_message_reads_well_both_ways() {
    let entra = |list: &str| {
        format!(
            r#"{{"B2BManagementPolicy":{{"InvitationsAllowedAndBlockedDomainsPolicy":{{"AllowedDomains":{},"BlockedDomains":{}}}}}}}"#,
            if list == "allow" {
                r#"["x.com"]"#
            } else {
                "[]"
            },
            if list == "block" {
                r#"["x.com"]"#
            } else {
                "[]"
            },
        )
    };
    let cases = [
        (
            "BlockList",
            "allow",
            "the existing Entra list is an allow list and SharePoint's is a block list;",
        ),
        (
            "AllowList",
            "block",
            "the existing Entra list is a block list and SharePoint's is an allow list;",
        ),
    ];
    for (spo, existing, want) in cases {
        let d = data(
            &format!(
                r#"{{"SharingDomainRestrictionMode":"{spo}","SharingAllowedDomainList":"a.com","SharingBlockedDomainList":"a.com"}}"#
            ),
            Some(&entra(existing)),
        );
        let p = propose(&d, &BTreeSet::new(), assumptions(Merge::Union));
        let f = p
            .findings
            .iter()
            .find(|f| f.code == Code::EntraModeConflict)
            .expect("a conflict");
        assert!(f.message.starts_with(want), "{}", f.message);
    }
}

/// Under `replace`, an existing Entra entry whose domain SharePoint also lists stays in the
/// proposal: its ledger row is a duplicate, not `dropped`; only the others are dropped.
#[test]
fn replace_drops_only_entries_the_proposal_leaves_out() {
    let d = data(
        r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"a.com"}"#,
        Some(
            r#"{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["A.com","b.com"],"BlockedDomains":[]}}}"#,
        ),
    );
    let p = propose(&d, &BTreeSet::new(), assumptions(Merge::Replace));
    let got: Vec<(&str, Disposition)> = p
        .ledger
        .iter()
        .map(|r| (r.raw.as_str(), r.disposition))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a.com", Disposition::Emitted),
            ("A.com", Disposition::Duplicate),
            ("b.com", Disposition::Dropped),
        ]
    );
    let dropped: Vec<&Finding> = p
        .findings
        .iter()
        .filter(|f| f.code == Code::EntraEntriesDropped)
        .collect();
    assert_eq!(dropped.len(), 1);
    assert!(
        dropped[0].message.starts_with("1 existing"),
        "{}",
        dropped[0].message
    );
}

#[test]
fn the_list_normaliser_splits_then_normalises_in_the_callers_role() {
    use crate::diag::Severity;
    use crate::domain::{EntryContext, ListRole};
    let ctx = |role| EntryContext {
        role,
        from_csv: false,
    };
    let s = normalize_list_string("Contoso.COM, gmail.com;;10.0.0.1\n", ctx(ListRole::Allow));
    assert!(s.nonstandard);
    let raw: Vec<&str> = s.entries.iter().map(|n| n.raw.as_str()).collect();
    assert_eq!(raw, ["Contoso.COM", "gmail.com", "10.0.0.1"]);
    let canonical: Vec<Option<&str>> = s.entries.iter().map(|n| n.canonical.as_deref()).collect();
    assert_eq!(canonical, [Some("contoso.com"), Some("gmail.com"), None]);
    let consumer = |s: &NormalizedString| {
        s.entries[1]
            .issues
            .iter()
            .find(|i| i.code == Code::ConsumerDomain)
            .map(|i| i.severity)
    };
    assert_eq!(consumer(&s), Some(Severity::Warning));
    let block = normalize_list_string("contoso.com gmail.com\n", ctx(ListRole::Block));
    assert!(
        !block.nonstandard,
        "spaces and a trailing line break are standard"
    );
    assert_eq!(consumer(&block), Some(Severity::Info));
    assert!(
        normalize_list_string(" ,; \n", ctx(ListRole::Query))
            .entries
            .is_empty()
    );
}
