//! Screens, one per file.

pub mod companies;
pub mod login;
