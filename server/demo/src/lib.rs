//! A deterministic, realistic demo municipality: Randers (municipality code 730).
//!
//! Same `seed` and `today` → the same municipality, byte for byte, so tests and demos agree.
//!
//! The companies are made from real reference data (DB07 industry codes, Randers' postal
//! codes, see [`mod@reference`]) and Danish names; the contacts follow how the units really work,
//! with the situations a coordinator looks for built in: parallel contacts from several units
//! in one month, companies not contacted for years, and companies that asked not to be
//! contacted.

mod companies;
mod contacts;
mod names;
mod notes;
mod numbered;
mod org;
mod pick;
mod places;
pub mod reference;
mod responses;
mod scale;
mod trades;

use chrono::NaiveDate;
use kontaktpunkt_domain::{Company, Contact, DoNotContact, Feedback, Unit, User};
use std::collections::BTreeMap;

pub use numbered::numbered_companies;
pub use scale::DemoSize;

/// Password of every demo user.
pub const DEMO_PASSWORD: &str = "kontaktpunkt";
/// Randers Kommune.
pub const MUNICIPALITY_CODE: u16 = 730;

/// Everything the demo puts in an empty database.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoMunicipality {
    pub units: Vec<Unit>,
    /// Every user's password is [`DEMO_PASSWORD`].
    pub users: Vec<User>,
    pub companies: Vec<Company>,
    pub contacts: Vec<Contact>,
    pub feedback: Vec<Feedback>,
    pub do_not_contact: Vec<DoNotContact>,
}

/// Random streams of the generator's parts (see [`pick::stream`]).
mod part {
    pub const COMPANIES: u64 = 1;
    pub const CONTACTS: u64 = 2;
    pub const DO_NOT_CONTACT: u64 = 3;
    pub const FEEDBACK: u64 = 4;
}

/// Generates the demo municipality as it looks on `today`, at its standard size.
pub fn generate(seed: u64, today: NaiveDate) -> DemoMunicipality {
    generate_sized(seed, today, DemoSize::Standard)
}

/// Generates the demo municipality of `size` as it looks on `today`.
pub fn generate_sized(seed: u64, today: NaiveDate, size: DemoSize) -> DemoMunicipality {
    let scale = size.scale();
    let industries = reference::industries();
    let towns = reference::postal_towns(MUNICIPALITY_CODE);
    let companies = companies::generate(
        &mut pick::stream(seed, part::COMPANIES),
        scale.companies,
        MUNICIPALITY_CODE,
        &industries,
        &towns,
    );
    let section_of: BTreeMap<&str, char> = industries.iter().map(|i| (i.code.as_str(), i.section)).collect();
    let sections: Vec<char> =
        companies.iter().map(|c| section_of.get(c.industry.code.as_str()).copied().unwrap_or('?')).collect();
    let units = org::units();
    let users = org::users_with(scale.extra_consultants);
    let mut contacts = contacts::generate(
        &mut pick::stream(seed, part::CONTACTS),
        &scale,
        &companies,
        &sections,
        &users,
        today,
    );
    let do_not_contact = responses::do_not_contact(
        &mut pick::stream(seed, part::DO_NOT_CONTACT),
        scale.do_not_contact,
        &mut contacts,
        org::coordinator(&users).unwrap_or_default(),
        today,
    );
    let feedback = responses::feedback(&mut pick::stream(seed, part::FEEDBACK), &contacts, today);
    DemoMunicipality { units, users, companies, contacts, feedback, do_not_contact }
}

#[cfg(test)]
mod tests;
