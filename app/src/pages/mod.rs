//! Screens, one per route; a screen with parts has a folder of its own.

pub mod admin;
pub mod admin_devices;
pub mod admin_import;
pub mod admin_privacy;
pub mod admin_users;
pub mod companies;
pub mod company;
pub mod desk;
pub mod login;
pub mod my_sessions;
pub mod my_work;
pub mod not_found;
pub mod outbox;
