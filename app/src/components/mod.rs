//! Widgets, one public component per file.

pub mod app_header;
pub mod company_card;
pub mod contact_form;
pub mod contact_list;
pub mod do_not_contact;
pub mod download_progress;
pub mod feedback_form;
pub mod language_switch;
pub mod network_status;
pub mod shared_fields;
pub mod sync_status;
