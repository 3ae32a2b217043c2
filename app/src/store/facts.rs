//! The contacts' facts, packed: what the coordinator's desk counts of every contact (id,
//! company, unit, user, kind, date), kept beside the contacts so the desk opens without reading
//! 200,000 whole contact records (notes, purposes, follow-ups) out of IndexedDB.
//!
//! The object store `contact_facts` is a log. Each of its records (auto-increment key: the
//! order they were written) is a byte array of fixed-size [entries](ENTRY_LEN), each saying
//! what one contact's facts now are, or that the contact is gone (or unreadable). Every write
//! to `contacts` appends its entries in the same transaction — a pulled page one record for all
//! its contacts, a local write one record — so the log read in order, the last entry of each
//! contact winning, always says what `contacts` holds. Appending needs no read, so the pull
//! stays as fast as before; a log of many records is compacted into one after a sync.

use super::{CONTACT_FACTS, Store, StoreError, finish};
use chrono::{Datelike, NaiveDate};
use idb::{ObjectStore, TransactionMode};
use kontaktpunkt_domain::overview::ContactFact;
use kontaktpunkt_domain::{Contact, ContactKind, Cvr};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

/// Bytes of one entry: id 16 | kind 1 (0: gone) | company 8 (ASCII digits) | unit 16 | user 16 |
/// date 4 (days from the Common Era, little-endian). A format change needs a schema step that
/// rewrites the log.
pub(super) const ENTRY_LEN: usize = 61;
/// The kind byte of an entry saying the contact is gone.
const GONE: u8 = 0;
/// More log records than this are compacted into one after a sync (see [`Store::compact_contact_facts`]).
const MAX_RECORDS: u32 = 64;

/// A contact as the desk reads it: its id (answers name their contact) and its facts.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskContact {
    pub id: Uuid,
    pub fact: ContactFact,
}

fn kind_code(kind: ContactKind) -> u8 {
    match kind {
        ContactKind::Visit => 1,
        ContactKind::Phone => 2,
        ContactKind::Meeting => 3,
        ContactKind::Event => 4,
        ContactKind::Email => 5,
    }
}

fn kind_of(code: u8) -> Option<ContactKind> {
    Some(match code {
        1 => ContactKind::Visit,
        2 => ContactKind::Phone,
        3 => ContactKind::Meeting,
        4 => ContactKind::Event,
        5 => ContactKind::Email,
        _ => return None,
    })
}

/// Entries to append to the log, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Entries(Vec<u8>);

impl Entries {
    /// The contact's facts now are these. A company that is not 8 ASCII digits can never be
    /// read back as a CVR number: the contact counts as gone then.
    pub fn fact(
        &mut self,
        id: Uuid,
        company: &str,
        unit: Uuid,
        user: Uuid,
        kind: ContactKind,
        date: NaiveDate,
    ) {
        let Ok(company) = <[u8; 8]>::try_from(company.as_bytes()) else {
            return self.gone(id);
        };
        if !company.iter().all(u8::is_ascii_digit) {
            return self.gone(id);
        }
        self.0.extend_from_slice(id.as_bytes());
        self.0.push(kind_code(kind));
        self.0.extend_from_slice(&company);
        self.0.extend_from_slice(unit.as_bytes());
        self.0.extend_from_slice(user.as_bytes());
        self.0.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
    }

    /// The contact is gone (deleted, or stored in a shape the desk cannot count).
    pub fn gone(&mut self, id: Uuid) {
        self.0.extend_from_slice(id.as_bytes());
        self.0.resize(self.0.len() + ENTRY_LEN - 16, GONE);
    }

    /// A contact as the user saved it.
    pub fn contact(&mut self, contact: &Contact) {
        let c = contact;
        self.fact(c.id, c.company.as_str(), c.unit_id, c.user_id, c.kind, c.date);
    }

    /// A contact as stored (a plain JS object: a pulled record, or one an undo puts back): its
    /// facts, or gone if they are unreadable. Skipped if even its id is (nothing keyed so can
    /// be read as a contact).
    pub fn stored(&mut self, contact: &JsValue) {
        let text = |key: &str| crate::js::prop(contact, key).as_string();
        let Some(id) = text("id").and_then(|id| Uuid::parse_str(&id).ok()) else { return };
        let uuid = |key: &str| text(key).and_then(|v| Uuid::parse_str(&v).ok());
        let kind = text("kind").and_then(|k| ContactKind::ALL.into_iter().find(|kind| kind.as_str() == k));
        let date = text("date").and_then(|d| crate::rules::parse_date(&d));
        match (text("company"), uuid("unit_id"), uuid("user_id"), kind, date) {
            (Some(company), Some(unit), Some(user), Some(kind), Some(date)) => {
                self.fact(id, &company, unit, user, kind, date)
            }
            _ => self.gone(id),
        }
    }

    /// A deleted contact, by its stored key (the id as text).
    pub fn deleted(&mut self, id: &JsValue) {
        if let Some(id) = id.as_string().and_then(|id| Uuid::parse_str(&id).ok()) {
            self.gone(id);
        }
    }

    #[cfg(test)]
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Appends the entries as one log record (none if there are none), in `facts`' transaction.
    pub fn append(&self, facts: &ObjectStore) -> Result<(), StoreError> {
        if !self.0.is_empty() {
            facts.add(&js_sys::Uint8Array::from(self.0.as_slice()), None)?;
        }
        Ok(())
    }
}

/// The entries of the log's `records` (in the order written) still in force: each contact's
/// last entry, gone ones left out.
pub(super) fn live(records: &[Vec<u8>]) -> Vec<&[u8]> {
    let entries = records.iter().flat_map(|record| record.chunks_exact(ENTRY_LEN));
    let mut at: HashMap<u128, usize, BuildHasherDefault<IdHasher>> = HashMap::default();
    let mut slots: Vec<Option<&[u8]>> = Vec::new();
    for entry in entries {
        let id = u128::from_be_bytes(entry[..16].try_into().unwrap_or_default());
        let value = (entry[16] != GONE).then_some(entry);
        match at.get(&id) {
            Some(&slot) => slots[slot] = value,
            None => {
                at.insert(id, slots.len());
                slots.push(value);
            }
        }
    }
    slots.into_iter().flatten().collect()
}

/// The contacts the log's `records` say are stored. An entry that does not read as facts (it
/// cannot happen unless the bytes were damaged) is left out.
pub(super) fn read(records: &[Vec<u8>]) -> Vec<DeskContact> {
    live(records).into_iter().filter_map(decode).collect()
}

fn decode(entry: &[u8]) -> Option<DeskContact> {
    let uuid = |at: usize| Some(Uuid::from_bytes(entry.get(at..at + 16)?.try_into().ok()?));
    let days = i32::from_le_bytes(entry.get(57..61)?.try_into().ok()?);
    let company = Cvr::parse(std::str::from_utf8(entry.get(17..25)?).ok()?).ok()?;
    Some(DeskContact {
        id: uuid(0)?,
        fact: ContactFact {
            company,
            unit_id: uuid(25)?,
            user_id: uuid(41)?,
            date: NaiveDate::from_num_days_from_ce_opt(days)?,
            kind: kind_of(*entry.get(16)?)?,
            planned: false,
        },
    })
}

/// Hashes a contact id (a `u128`) by mixing its two halves: ids are UUIDs (v7: random low
/// bits), and SipHash on 200,000 of them is a noticeable part of the desk's opening.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u128(&mut self, id: u128) {
        let mixed = (id as u64) ^ ((id >> 64) as u64).rotate_left(32);
        self.0 = mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The log's records as `getAll` gives them (in the order written), as bytes.
pub(super) fn records(values: Vec<JsValue>) -> Result<Vec<Vec<u8>>, StoreError> {
    values
        .into_iter()
        .map(|value| {
            value
                .dyn_into::<js_sys::Uint8Array>()
                .map(|bytes| bytes.to_vec())
                .map_err(|_| StoreError("a contact facts record is not bytes".into()))
        })
        .collect()
}

impl Store {
    /// Compacts the contact facts log into one record when it has more than a few dozen (a
    /// device that syncs every few minutes adds one for each page with contacts), in one
    /// transaction, so the log read is always as consistent as the writes were.
    pub async fn compact_contact_facts(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[CONTACT_FACTS], TransactionMode::ReadWrite)?;
        let facts = tx.object_store(CONTACT_FACTS)?;
        if facts.count(None)?.await? > MAX_RECORDS {
            let records = records(facts.get_all(None, None)?.await?)?;
            let live = live(&records).concat();
            facts.clear()?;
            if !live.is_empty() {
                facts.add(&js_sys::Uint8Array::from(live.as_slice()), None)?;
            }
        }
        finish(tx).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("a date")
    }

    fn facts(records: &[Entries]) -> Vec<(Uuid, ContactFact)> {
        let records: Vec<Vec<u8>> = records.iter().map(|e| e.bytes().to_vec()).collect();
        read(&records).into_iter().map(|c| (c.id, c.fact)).collect()
    }

    fn fact(cvr: &str, unit: u128, user: u128, kind: ContactKind, date: NaiveDate) -> ContactFact {
        let company = Cvr::parse(cvr).expect("a CVR number");
        ContactFact { company, unit_id: id(unit), user_id: id(user), date, kind, planned: false }
    }

    #[test]
    fn an_entry_reads_back_as_the_facts_it_was_written_with() {
        let mut entries = Entries::default();
        entries.fact(id(1), "25052943", id(7), id(8), ContactKind::Meeting, day(14));
        assert_eq!(entries.bytes().len(), ENTRY_LEN);
        assert_eq!(facts(&[entries]), vec![(id(1), fact("25052943", 7, 8, ContactKind::Meeting, day(14)))]);
    }

    #[test]
    fn the_last_entry_of_a_contact_wins_across_records_and_within_one() {
        let mut first = Entries::default();
        first.fact(id(1), "25052943", id(7), id(8), ContactKind::Visit, day(1));
        first.fact(id(2), "25052943", id(7), id(8), ContactKind::Visit, day(2));
        // Edited in the same page: the later entry is the contact.
        first.fact(id(2), "25052943", id(9), id(8), ContactKind::Phone, day(3));
        let mut second = Entries::default();
        second.fact(id(1), "25052943", id(7), id(8), ContactKind::Email, day(4));
        assert_eq!(
            facts(&[first, second]),
            vec![
                (id(1), fact("25052943", 7, 8, ContactKind::Email, day(4))),
                (id(2), fact("25052943", 9, 8, ContactKind::Phone, day(3))),
            ]
        );
    }

    #[test]
    fn a_gone_contact_is_left_out_until_it_is_stored_again() {
        let mut entries = Entries::default();
        entries.fact(id(1), "25052943", id(7), id(8), ContactKind::Visit, day(1));
        entries.fact(id(2), "25052943", id(7), id(8), ContactKind::Visit, day(2));
        entries.gone(id(1));
        entries.gone(id(2));
        assert_eq!(facts(&[entries.clone()]), vec![]);
        // An undone delete puts it back.
        entries.fact(id(1), "25052943", id(7), id(8), ContactKind::Visit, day(1));
        assert_eq!(facts(&[entries]), vec![(id(1), fact("25052943", 7, 8, ContactKind::Visit, day(1)))]);
    }

    #[test]
    fn a_contact_whose_company_is_no_cvr_number_replaces_its_earlier_facts_as_gone() {
        let mut entries = Entries::default();
        entries.fact(id(1), "25052943", id(7), id(8), ContactKind::Visit, day(1));
        entries.fact(id(1), "2505294", id(7), id(8), ContactKind::Visit, day(1));
        entries.fact(id(2), "2505294x", id(7), id(8), ContactKind::Visit, day(1));
        // Eight digits but no valid CVR number: written, and left out when read.
        entries.fact(id(3), "12345678", id(7), id(8), ContactKind::Visit, day(1));
        assert_eq!(entries.bytes().len(), 4 * ENTRY_LEN);
        assert_eq!(facts(&[entries]), vec![]);
    }

    #[test]
    fn live_entries_are_a_compacted_log_that_reads_the_same() {
        let mut first = Entries::default();
        for n in 0..50 {
            first.fact(id(n), "25052943", id(n % 3), id(8), ContactKind::Visit, day(1 + (n % 28) as u32));
        }
        let mut second = Entries::default();
        for n in (0..50).step_by(7) {
            second.gone(id(n));
        }
        second.fact(id(3), "25052943", id(1), id(1), ContactKind::Event, day(9));
        let records = vec![first.bytes().to_vec(), second.bytes().to_vec()];
        let compacted = live(&records).concat();
        assert_eq!(compacted.len(), (50 - 8) * ENTRY_LEN);
        let read_compacted: Vec<_> = read(&[compacted]);
        assert_eq!(read_compacted, read(&records));
    }
}
