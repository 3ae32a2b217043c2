//! A deterministic, realistic demo municipality: Randers (municipality code 730).
//!
//! Same `seed` and `today` → the same municipality, byte for byte, so tests and demos agree.

use chrono::NaiveDate;
use kontaktpunkt_domain::{Company, Contact, DoNotContact, Feedback, Unit, User};

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

/// Generates the demo municipality as it looks on `today`.
pub fn generate(seed: u64, today: NaiveDate) -> DemoMunicipality {
    let _ = (seed, today);
    DemoMunicipality {
        units: Vec::new(),
        users: Vec::new(),
        companies: Vec::new(),
        contacts: Vec::new(),
        feedback: Vec::new(),
        do_not_contact: Vec::new(),
    }
}
