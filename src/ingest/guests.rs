//! Guest users: who would be hit when a domain becomes uninvitable.
//!
//! Rows come from `Get-MgUser` or Graph `/users` (JSON pages or CSV). Only the properties that
//! locate a guest's home domain and invitation state are read; `otherMails` is an array in JSON
//! and a `;`-separated cell in CSV.

use super::record::{FieldError, Fields, Places, RecordKind, Val, describe, string, take};
use crate::model::{ExternalUserState, Guest, GuestEntry};

pub(crate) struct GuestKind;

const ID: usize = 0;
const MAIL: usize = 1;
const UPN: usize = 2;
const OTHER_MAILS: usize = 3;
const STATE: usize = 4;
const CREATION: usize = 5;
const USER_TYPE: usize = 6;
const NAME: usize = 7;

impl RecordKind for GuestKind {
    type Out = Guest;
    const FIELDS: &'static [&'static str] = &[
        "id",
        "mail",
        "userPrincipalName",
        "otherMails",
        "externalUserState",
        "creationType",
        "userType",
        "displayName",
    ];
    const FOREIGN: &'static [(&'static str, &'static str)] = &[
        ("members", "groups"),
        ("resourceProvisioningOptions", "groups"),
        ("groupTypes", "groups"),
        ("GroupId", "groups"),
        ("MemberId", "groups"),
        ("Url", "sites"),
        ("SharingDomainRestrictionMode", "SharePoint settings"),
    ];
    const CSV_REQUIRED: &'static [usize] = &[ID, MAIL, UPN];
    const NAME: &'static str = "guests";

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Guest, FieldError> {
        let id = string(f, ID)?;
        let mail = string(f, MAIL)?;
        let user_principal_name = string(f, UPN)?;
        if id.is_none() && mail.is_none() && user_principal_name.is_none() {
            return Err(FieldError::record(
                "none of id, mail and userPrincipalName: a guest row needs at least one",
            ));
        }
        let other_mails = match take(f, OTHER_MAILS) {
            None | Some(Val::Null) => Vec::new(),
            Some(Val::List(v)) => v,
            // CSV cells (and some hand-made JSON) join the addresses with `;`.
            Some(Val::Str(s)) => s
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Some(v) => {
                return Err(FieldError::at(
                    OTHER_MAILS,
                    format!(
                        "expected an array of strings or a `;`-separated string, found {}",
                        describe(&v)
                    ),
                ));
            }
        };
        let state = match take(f, STATE) {
            None | Some(Val::Null) => None,
            Some(Val::Str(s)) => {
                let t = s.trim();
                if t.is_empty() {
                    None
                } else if t.eq_ignore_ascii_case("PendingAcceptance")
                    || t.eq_ignore_ascii_case("Pending Acceptance")
                {
                    Some(ExternalUserState::PendingAcceptance)
                } else if t.eq_ignore_ascii_case("Accepted") {
                    Some(ExternalUserState::Accepted)
                } else {
                    return Err(FieldError::at(
                        STATE,
                        format!(
                            "unknown externalUserState {}; expected PendingAcceptance, \
                             Accepted or null",
                            describe(&Val::Str(s))
                        ),
                    ));
                }
            }
            Some(v) => {
                return Err(FieldError::at(
                    STATE,
                    format!(
                        "unknown externalUserState {}; expected PendingAcceptance, Accepted or \
                         null",
                        describe(&v)
                    ),
                ));
            }
        };
        Ok(Guest {
            location: Some(at.record()),
            id,
            display_name: string(f, NAME)?,
            mail,
            user_principal_name,
            other_mails,
            state,
            creation_type: string(f, CREATION)?,
            user_type: string(f, USER_TYPE)?,
        })
    }

    fn subject(out: &Guest) -> String {
        out.user_principal_name
            .as_ref()
            .or(out.mail.as_ref())
            .or(out.id.as_ref())
            .cloned()
            .unwrap_or_default()
    }
}

/// Guests read straight into their [`GuestEntry`] and id key, on the thread that parses them
/// (streamed JSON in plan runs). Same properties, rules and errors as [`GuestKind`].
pub(crate) struct GuestEntryKind;

impl RecordKind for GuestEntryKind {
    type Out = (IdKey, GuestEntry);
    const FIELDS: &'static [&'static str] = GuestKind::FIELDS;
    const FOREIGN: &'static [(&'static str, &'static str)] = GuestKind::FOREIGN;
    const CSV_REQUIRED: &'static [usize] = GuestKind::CSV_REQUIRED;
    const NAME: &'static str = GuestKind::NAME;

    fn build(f: &mut Fields, at: &dyn Places) -> Result<Self::Out, FieldError> {
        let g = GuestKind::build(f, at)?;
        let key = IdKey::of(g.id.as_deref());
        Ok((key, g.into()))
    }

    fn subject(out: &Self::Out) -> String {
        out.1.label.clone()
    }
}

/// A guest id as [`GuestIndex`] keys it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdKey {
    None,
    Guid(u128),
    Text(String),
}

impl IdKey {
    pub fn of(id: Option<&str>) -> IdKey {
        match id {
            None => IdKey::None,
            Some(id) => guid_key(id).map_or_else(|| IdKey::Text(id.to_string()), IdKey::Guid),
        }
    }
}

/// Guest ids to their index in [`crate::model::TenantData::guest_entries`], so group members
/// are resolved as they are read. The first guest with an id wins. Ids in the canonical
/// lower-case GUID form (nearly all) are kept as 128-bit numbers: no allocation per guest.
#[derive(Debug, Default)]
pub(crate) struct GuestIndex {
    guids: GuidTable,
    others: foldhash::HashMap<String, u32>,
}

/// A member id about to be looked up: its GUID key, already parsed, with the table slot it
/// starts at requested from memory ([`GuestIndex::probe`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Probe(Option<u128>);

impl GuestIndex {
    pub fn insert(&mut self, id: &str, index: u32) {
        match guid_key(id) {
            Some(k) => self.guids.insert(k, index),
            None => {
                if !self.others.contains_key(id) {
                    self.others.insert(id.to_string(), index);
                }
            }
        }
    }

    /// [`GuestIndex::insert`] with the key already made.
    pub fn insert_key(&mut self, key: IdKey, index: u32) {
        match key {
            IdKey::None => {}
            IdKey::Guid(k) => self.guids.insert(k, index),
            IdKey::Text(id) => {
                self.others.entry(id).or_insert(index);
            }
        }
    }

    /// Forgets the guests from `len` on (a file being read again from the start).
    pub fn truncate(&mut self, len: u32) {
        self.guids.truncate(len);
        self.others.retain(|_, i| *i < len);
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        let probe = Probe(guid_key(id));
        self.get_probed(probe, id)
    }

    /// Starts the look-up of `id`: the slot it needs is fetched while the caller reads on.
    /// Finish with [`GuestIndex::get_probed`] and the same id.
    pub fn probe(&self, id: &str) -> Probe {
        let key = guid_key(id);
        if let Some(k) = key {
            self.guids.prefetch(k);
        }
        Probe(key)
    }

    /// [`GuestIndex::get`] for an id already [probed](GuestIndex::probe).
    pub fn get_probed(&self, probe: Probe, id: &str) -> Option<u32> {
        match probe.0 {
            Some(k) => self.guids.get(k),
            None => self.others.get(id).copied(),
        }
    }
}

/// GUID keys to guest indexes: open addressing with linear probing in one flat array (a slot
/// is 24 bytes; at most half the slots are used), so a look-up is usually one cache line that
/// can be requested ahead of time.
#[derive(Debug, Default)]
struct GuidTable {
    slots: Vec<Slot>,
    len: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    index: u32,
    full: bool,
}

impl GuidTable {
    fn start(&self, k: u128) -> usize {
        let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        let m = u128::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let h = ((m >> 64) as u64) ^ (m as u64);
        (h as usize) & (self.slots.len().wrapping_sub(1))
    }

    fn split(k: u128) -> [u64; 2] {
        [(k >> 64) as u64, k as u64]
    }

    /// Keeps the first index given for `k`.
    fn insert(&mut self, k: u128, index: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = Self::split(k);
        let mask = self.slots.len() - 1;
        let mut at = self.start(k);
        loop {
            let Some(slot) = self.slots.get_mut(at) else {
                return;
            };
            if !slot.full {
                *slot = Slot {
                    key,
                    index,
                    full: true,
                };
                self.len += 1;
                return;
            }
            if slot.key == key {
                return;
            }
            at = (at + 1) & mask;
        }
    }

    fn get(&self, k: u128) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let key = Self::split(k);
        let mask = self.slots.len() - 1;
        let mut at = self.start(k);
        loop {
            let slot = self.slots.get(at)?;
            if !slot.full {
                return None;
            }
            if slot.key == key {
                return Some(slot.index);
            }
            at = (at + 1) & mask;
        }
    }

    fn prefetch(&self, k: u128) {
        if let Some(slot) = self.slots.get(self.start(k)) {
            prefetch(slot);
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.rebuild(size, u32::MAX, true);
    }

    fn truncate(&mut self, len: u32) {
        self.rebuild(self.slots.len(), len, false);
    }

    /// Re-inserts the entries with an index below `below` (all when `all`) into `size` slots.
    fn rebuild(&mut self, size: usize, below: u32, all: bool) {
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        self.len = 0;
        for s in old
            .into_iter()
            .filter(|s| s.full && (all || s.index < below))
        {
            let k = (u128::from(s.key[0]) << 64) | u128::from(s.key[1]);
            self.insert(k, s.index);
        }
    }
}

/// Asks for the cache line(s) holding `slot` without waiting for them.
#[inline(always)]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let p = std::ptr::from_ref(slot).cast::<i8>();
        // SAFETY: SSE is part of every x86_64 target, and a prefetch is only a hint: it never
        // faults and reads nothing the program sees.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(p);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(size_of::<Slot>() - 1));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower-case hex as a number; `None` for any other
/// spelling (which is then compared as text, so ids still match exactly).
fn guid_key(id: &str) -> Option<u128> {
    let b: &[u8; 36] = id.as_bytes().try_into().ok()?;
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let mut n: u128 = 0;
    let mut bad = 0u8;
    for (i, &c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            continue;
        }
        let d = HEX[usize::from(c)];
        bad |= d;
        n = (n << 4) | u128::from(d & 0x0F);
    }
    // Any byte that is not a lower-case hex digit sets the high bit.
    (bad & 0x80 == 0).then_some(n)
}

/// Lower-case hex digit values; 0x80 for every other byte.
const HEX: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_ids_match_exactly() {
        let mut ix = GuestIndex::default();
        ix.insert("11111111-aaaa-4bbb-8ccc-000000000001", 0);
        ix.insert("11111111-aaaa-4bbb-8ccc-000000000001", 5);
        ix.insert("11111111-AAAA-4bbb-8ccc-000000000002", 1);
        ix.insert("x", 2);
        assert_eq!(ix.get("11111111-aaaa-4bbb-8ccc-000000000001"), Some(0));
        assert_eq!(ix.get("11111111-aaaa-4bbb-8ccc-000000000002"), None);
        assert_eq!(ix.get("11111111-AAAA-4bbb-8ccc-000000000002"), Some(1));
        assert_eq!(ix.get("11111111-AAAA-4bbb-8ccc-000000000001"), None);
        assert_eq!(ix.get("x"), Some(2));
        assert_eq!(ix.get("y"), None);
        assert_eq!(guid_key("00000000-0000-0000-0000-0000000000af"), Some(0xaf));
        assert_eq!(guid_key("00000000-0000-0000-0000-0000000000ag"), None);
        assert_eq!(guid_key("00000000x0000-0000-0000-0000000000af"), None);
    }

    #[test]
    fn guid_table_grows_truncates_and_probes() {
        let id = |n: u32| format!("00000000-0000-4000-8000-{n:012x}");
        let mut ix = GuestIndex::default();
        for n in 0..1000 {
            ix.insert(&id(n), n);
        }
        ix.insert(&id(7), 999);
        assert_eq!(ix.get(&id(7)), Some(7));
        ix.truncate(500);
        assert_eq!(ix.get(&id(499)), Some(499));
        assert_eq!(ix.get(&id(500)), None);
        ix.insert(&id(600), 500);
        let p = ix.probe(&id(600));
        assert_eq!(ix.get_probed(p, &id(600)), Some(500));
        assert_eq!(ix.get_probed(ix.probe("x"), "x"), None);
    }
}
