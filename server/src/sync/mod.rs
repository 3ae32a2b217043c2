//! The sync endpoints (protocol v1, [`kontaktpunkt_domain::sync`]): push, pull, conflicts.
//!
//! - `POST /api/sync/v1/push` applies a device's outbox batch at most once per mutation id and
//!   answers per mutation, only after commit ([`crate::store::Store::push`]).
//! - `GET /api/sync/v1/changes?since=N&limit=M` pages through the change log
//!   ([`crate::store::Store::changes_since`]); deletions travel as tombstones.
//! - `GET /api/sync/v1/conflicts` lists how concurrent changes were decided (coordinators
//!   and admins).
//!
//! Who may push what is [`crate::access`]'s matrix; a pull blanks the free-text notes of
//! other units' contacts and feedback ([`crate::store::Store::changes_since`]).

mod changes;
mod conflicts;
mod push;
pub mod reasons;

use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub(crate) use changes::__path_changes;
pub(crate) use conflicts::__path_conflicts;
pub(crate) use push::__path_push;
pub use push::{DecodedPush, decode_push};

/// Largest push body: 500 mutations with notes at their length limit, with room to spare.
const MAX_PUSH_BYTES: usize = 16 * 1024 * 1024;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sync/v1/push", post(push::push).layer(DefaultBodyLimit::max(MAX_PUSH_BYTES)))
        .route("/api/sync/v1/changes", get(changes::changes))
        .route("/api/sync/v1/conflicts", get(conflicts::conflicts))
}

/// Parses an optional whole-number query value; `None` when absent or blank.
fn query_number(
    name: &str,
    text: Option<&str>,
    fields: &mut std::collections::BTreeMap<String, String>,
) -> Option<u64> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match text.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            fields.insert(name.to_owned(), "must be a whole number".to_owned());
            None
        }
    }
}
