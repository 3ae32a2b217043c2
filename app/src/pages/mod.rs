//! Screens, one per file.

pub mod admin_import;
pub mod companies;
pub mod company;
pub mod login;
pub mod outbox;
