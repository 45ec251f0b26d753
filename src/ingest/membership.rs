//! A group's members sorted as they are read. Its own module so that the record types, the
//! group kind and the JSON member decoder can all use it without importing one another.

use super::guest_index::GuestIndex;
use crate::model::outside_guest_address;

/// Members sorted as they are read: a guest of the export (by id), a guest outside it (a
/// `#EXT#` UPN, kept as its home address) or another member (counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Membership {
    pub guest_members: Vec<u32>,
    pub outside_guests: Vec<String>,
    pub other_members: usize,
}

impl Membership {
    pub fn add(
        &mut self,
        id: Option<&str>,
        mail: Option<&str>,
        upn: Option<&str>,
        guests: &GuestIndex,
    ) {
        self.add_found(id.and_then(|id| guests.get(id)), mail, upn);
    }

    /// [`Membership::add`] with the id already looked up: `found` is its guest, if any.
    pub fn add_found(&mut self, found: Option<u32>, mail: Option<&str>, upn: Option<&str>) {
        if let Some(i) = found {
            self.guest_members.push(i);
        } else if let Some(address) = outside_guest_address(mail, upn) {
            self.outside_guests.push(address);
        } else {
            self.other_members += 1;
        }
    }
}
