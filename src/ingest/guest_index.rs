//! The guest index: every guest id of the export, for the group-member join. Ids that are
//! GUIDs (nearly all) live in an open-addressing table of `u128` keys whose slot a member
//! look-up can prefetch ahead of time; other spellings fall back to a text map.

use super::prefetch::prefetch;
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

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower-case hex as a number; `None` for any other
/// spelling (which is then compared as text, so ids still match exactly).
pub(super) fn guid_key(id: &str) -> Option<u128> {
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
