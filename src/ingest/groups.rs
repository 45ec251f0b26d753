//! Groups and teams with their members: the reach of the Entra list beyond SharePoint.
//!
//! Graph `/groups?$expand=members` JSON gives one object per group; the CSV shape gives one row
//! per membership. Either way a group seen again (a later row, page or file) adds its members to
//! the first sighting, and groups keep the order they first appeared in, so output is
//! deterministic without sorting ids.

use super::guest_index::GuestIndex;
use super::membership::Membership;

use super::record::{
    FieldError, Fields, Places, RecordKind, Val, boolean, describe, guid, semicolon_list, string,
    take,
};
use crate::model::{Group, Member};

/// A group object of Graph `/groups?$expand=members`.
pub(crate) struct GroupKind;

const ID: usize = 0;
const NAME: usize = 1;
const OPTIONS: usize = 2;
const MEMBERS: usize = 3;
const OWNERS: usize = 4;

/// Graph's `$expand` returns at most 20 related objects (FACTS §5).
pub(crate) const EXPAND_CAP: usize = 20;

fn group_id(raw: Option<String>, field: usize) -> Result<String, FieldError> {
    match raw {
        Some(s) if !s.trim().is_empty() => {
            guid(&s).ok_or_else(|| FieldError::at(field, "the group id is the all-zero GUID"))
        }
        Some(_) => Err(FieldError::at(field, "the group id is empty")),
        None => Err(FieldError::record("no group id: every group needs its id")),
    }
}

impl RecordKind for GroupKind {
    type Out = Group;
    const FIELDS: &'static [&'static str] = &[
        "id",
        "displayName",
        "resourceProvisioningOptions",
        "members",
        "owners",
    ];
    const MEMBERS: Option<usize> = Some(MEMBERS);
    const OWNERS: Option<usize> = Some(OWNERS);
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("userPrincipalName", "guests"),
        ("externalUserState", "guests"),
        ("userType", "guests"),
        ("Url", "sites"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[ID];
    const NAME: &'static str = "groups";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Group, FieldError> {
        let id = group_id(string(f, ID)?, ID)?;
        let is_team = match take(f, OPTIONS) {
            None | Some(Val::Null) => false,
            Some(Val::List(v)) => v.iter().any(|o| o.trim().eq_ignore_ascii_case("Team")),
            Some(Val::Str(s)) => s.split(';').any(|o| o.trim().eq_ignore_ascii_case("Team")),
            Some(v) => {
                return Err(FieldError::at(
                    OPTIONS,
                    format!("expected an array of strings, found {}", describe(&v)),
                ));
            }
        };
        let (members, resolved, members_exported) = match take(f, MEMBERS) {
            Some(Val::Members(rows, resolved)) => (rows, resolved, true),
            _ => (Vec::new(), Membership::default(), false),
        };
        let count = members.len()
            + resolved.guest_members.len()
            + resolved.outside_guests.len()
            + resolved.other_members;
        Ok(Group {
            location: at.record(),
            id,
            display_name: string(f, NAME)?,
            is_team,
            members,
            guest_members: resolved.guest_members,
            outside_guests: resolved.outside_guests,
            other_members: resolved.other_members,
            members_exported,
            members_truncated: count == EXPAND_CAP,
            owners: owners(f, OWNERS)?,
        })
    }

    fn subject(out: &Group) -> String {
        out.id.clone()
    }
}

/// One membership row of the CSV shape
/// `GroupId,GroupName,IsTeam,MemberId,MemberMail,MemberUserPrincipalName`.
pub(crate) struct GroupRowKind;

const ROW_GROUP: usize = 0;
const ROW_NAME: usize = 1;
const ROW_TEAM: usize = 2;
const ROW_MEMBER_ID: usize = 3;
const ROW_MEMBER_MAIL: usize = 4;
const ROW_MEMBER_UPN: usize = 5;
const ROW_OWNER: usize = 6;

/// Owners as a sorted list without repeats: a JSON `owners` array (already addresses), or a
/// CSV `OwnerMail` cell (`;`-separated).
fn owners(f: &mut Fields, slot: usize) -> Result<Vec<String>, FieldError> {
    let mut out = semicolon_list(f, slot, "an array of owners")?;
    // Sorted for determinism: owners are shown as a set.
    out.sort();
    out.dedup();
    Ok(out)
}

impl RecordKind for GroupRowKind {
    /// The group with at most one member: the row's.
    type Out = Group;
    const FIELDS: &'static [&'static str] = &[
        "GroupId",
        "GroupName",
        "IsTeam",
        "MemberId",
        "MemberMail",
        "MemberUserPrincipalName",
        "OwnerMail",
    ];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("userPrincipalName", "guests"),
        ("externalUserState", "guests"),
        ("Url", "sites"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[ROW_GROUP];
    const NAME: &'static str = "groups";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Group, FieldError> {
        let id = group_id(string(f, ROW_GROUP)?, ROW_GROUP)?;
        let member = Member {
            id: string(f, ROW_MEMBER_ID)?,
            mail: string(f, ROW_MEMBER_MAIL)?,
            user_principal_name: string(f, ROW_MEMBER_UPN)?,
        };
        let has_member =
            member.id.is_some() || member.mail.is_some() || member.user_principal_name.is_some();
        Ok(Group {
            location: at.record(),
            id,
            display_name: string(f, ROW_NAME)?,
            is_team: boolean(f, ROW_TEAM)?.unwrap_or(false),
            members: if has_member { vec![member] } else { Vec::new() },
            guest_members: Vec::new(),
            outside_guests: Vec::new(),
            other_members: 0,
            // A membership export: one row per membership (a row without a member is a
            // group listed with none).
            members_exported: true,
            members_truncated: false,
            owners: owners(f, ROW_OWNER)?,
        })
    }

    fn subject(out: &Group) -> String {
        out.id.clone()
    }
}

/// Merges group sightings by id, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct GroupSet {
    groups: Vec<Group>,
    index: foldhash::HashMap<String, usize>,
}

impl GroupSet {
    /// Adds a sighting: its members are resolved against the guests read so far (and dropped
    /// unless `keep_rows`); a new group is appended; a known one gains the members, a name it
    /// lacked, and team status if this sighting says so. The first location is kept.
    pub fn add(&mut self, mut group: Group, guests: &GuestIndex, keep_rows: bool) {
        resolve(&mut group, guests);
        if !keep_rows {
            group.members = Vec::new();
        }
        match self
            .index
            .get(&group.id)
            .and_then(|&i| self.groups.get_mut(i))
        {
            Some(known) => {
                known.members.extend(group.members);
                known.guest_members.extend(group.guest_members);
                known.outside_guests.extend(group.outside_guests);
                known.other_members += group.other_members;
                if known.display_name.is_none() {
                    known.display_name = group.display_name;
                }
                known.is_team |= group.is_team;
                known.members_exported |= group.members_exported;
                known.members_truncated |= group.members_truncated;
                if !group.owners.is_empty() {
                    known.owners.extend(group.owners);
                    // Sorted for determinism: owners are shown as a set.
                    known.owners.sort();
                    known.owners.dedup();
                }
            }
            None => {
                self.index.insert(group.id.clone(), self.groups.len());
                self.groups.push(group);
            }
        }
    }

    pub fn into_groups(self) -> Vec<Group> {
        self.groups
    }
}

/// Resolves the exported members still held as rows in `group` (see [`Membership`]).
fn resolve(group: &mut Group, guests: &GuestIndex) {
    let mut m = Membership {
        guest_members: std::mem::take(&mut group.guest_members),
        outside_guests: std::mem::take(&mut group.outside_guests),
        other_members: group.other_members,
    };
    for row in &group.members {
        m.add(
            row.id.as_deref(),
            row.mail.as_deref(),
            row.user_principal_name.as_deref(),
            guests,
        );
    }
    group.guest_members = m.guest_members;
    group.outside_guests = m.outside_guests;
    group.other_members = m.other_members;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn g(id: &str, place: &str, team: bool, members: &[&str]) -> Group {
        Group {
            location: Location::pointer("f", place),
            id: id.to_string(),
            display_name: None,
            is_team: team,
            guest_members: Vec::new(),
            outside_guests: Vec::new(),
            other_members: 0,
            members_exported: true,
            members_truncated: false,
            owners: Vec::new(),
            members: members
                .iter()
                .map(|m| Member {
                    id: Some(m.to_string()),
                    ..Member::default()
                })
                .collect(),
        }
    }

    #[test]
    fn merges_by_id_in_first_seen_order() {
        let mut set = GroupSet::default();
        let guests = GuestIndex::default();
        set.add(g("b", "1", false, &["x"]), &guests, true);
        set.add(g("a", "2", false, &[]), &guests, true);
        set.add(g("b", "3", true, &["y"]), &guests, true);
        let out = set.into_groups();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].id, "b");
        assert_eq!(out[0].location, Location::pointer("f", "1"));
        assert!(out[0].is_team);
        assert_eq!(out[0].members.len(), 2);
        assert_eq!(out[0].other_members, 2);
        assert_eq!(out[1].id, "a");
    }
}
