//! Widgets shared by several screens, one public component per file.

pub mod app_header;
pub mod company_card;
pub mod download_progress;
pub mod fact;
pub mod language_switch;
pub mod network_status;
pub mod status_badge;
pub mod sync_status;
