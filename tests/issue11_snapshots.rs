//! Issue 11 "done when": real exports give the right blast radius in every format. A `GET
//! /users` export with members and guests, a portal CSV with pending guests, and a groups export
//! without members, each with the combined-run tenant of testdata/real/EXPECTED.md.

mod common;

use common::cmd;

const TENANT: &str = "testdata/real/tenant-spo-rest-nometadata.json";

fn case(name: &str, guests: &str, groups: Option<&str>) {
    for format in ["table", "markdown", "json", "sarif"] {
        let mut c = cmd();
        c.args(["plan", "--format", format, "--tenant", TENANT, "--guests"])
            .arg(format!("testdata/real/{guests}"));
        if let Some(g) = groups {
            c.arg("--groups").arg(format!("testdata/real/{g}"));
        }
        snap!(format!("real-{name}-{format}"), c);
    }
}

#[test]
fn graph_users_members_and_guests() {
    case("graph-users", "users-graph-members-and-guests.json", None);
}

#[test]
fn portal_csv_pending_guests() {
    case("portal-csv", "users-entra-portal-download.csv", None);
}

#[test]
fn groups_without_members() {
    case(
        "groups-no-members",
        "users-graph-members-and-guests.json",
        Some("groups-graph-no-members.json"),
    );
}
