//! End-to-end tests of the sync endpoints (protocol v1): a real server on port 0, a real
//! SQLite file, reqwest as the device.

#[allow(dead_code)] // the shared harness has helpers these tests do not use
#[path = "../server/common.rs"]
mod common;

mod audit;
mod authorisation;
mod conflicts;
mod do_not_contact;
mod fixture;
mod plans;
mod pull;
mod push;
mod visibility;
