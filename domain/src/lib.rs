//! The Kontaktpunkt domain: what the browser and the server must agree on.
//!
//! Pure data and rules only — no I/O and no clock reads (callers pass `today`/`now`),
//! so everything here compiles for wasm32 and is unit-tested natively.

pub mod accounts;
pub mod api;
pub mod company;
pub mod contact;
pub mod contact_person;
pub mod coordination;
pub mod cvr;
pub mod feedback;
pub mod import;
pub mod org;
pub mod overview;
pub mod plan;
pub mod privacy;
pub mod reference;
pub mod search;
pub mod search_filter;
pub mod sync;

pub use company::{Address, Company, EmployeeInterval, Industry};
pub use contact::{
    Contact, ContactError, ContactKind, DoNotContact, DoNotContactError, DoNotContactEvent, FlagAction,
    FollowUp, Purpose, flag_covers,
};
pub use cvr::{Cvr, CvrError, PNumber, PNumberError};
pub use feedback::{Feedback, FeedbackError};
pub use org::{Colleague, Role, Unit, User};
