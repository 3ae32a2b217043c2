//! The service worker's half of Background Sync. When the browser fires the outbox's `sync`
//! event (the network is back, perhaps with no tab open), `sw-sync.js` loads this same
//! module and calls [`background_push`], which pushes the logged-in user's pending entries
//! by the page's own rules ([`push_batch`]) under the shared sync lock.

use crate::api::ApiError;
use crate::services::sync::{Stop, announce_data_changed, push_batch, under_sync_lock};
use crate::store::{Store, wipe_local_data};
use wasm_bindgen::prelude::*;

/// Pushes the outbox. Resolves when there is nothing left to push, or nothing a retry could
/// fix (no one logged in, or the session has expired and waits for the user to log in
/// again); rejects otherwise, so the browser tries again later.
#[wasm_bindgen]
pub async fn background_push() -> Result<(), JsValue> {
    let store = Store::open(|| {}).await.map_err(|error| JsValue::from_str(&error.0))?;
    let outcome = under_sync_lock(false, async move {
        let outcome = push_all(&store).await;
        if matches!(outcome, Err(Stop::Api(ApiError::DeviceRevoked))) {
            // A lost phone wipes itself even if nobody opens the app again.
            if let Err(error) = wipe_local_data(store).await {
                leptos::logging::error!("wiping the revoked device failed: {}", error.0);
            }
        } else {
            store.close();
        }
        outcome
    })
    .await;
    match outcome {
        Some(Ok(batches)) => {
            if batches > 0 {
                announce_data_changed();
            }
            Ok(())
        }
        Some(Err(Stop::Api(ApiError::Unauthorized | ApiError::DeviceRevoked))) => Ok(()),
        Some(Err(stop)) => Err(JsValue::from_str(&format!("{stop:?}"))),
        None => Err(JsValue::from_str("the sync lock was not granted")),
    }
}

/// Pushes every batch of the stored session's pending entries; how many batches it took.
async fn push_all(store: &Store) -> Result<u32, Stop> {
    let Some(session) = store.session().await? else { return Ok(0) };
    let device_id = store.device_id().await?;
    let mut batches = 0;
    while push_batch(store, &session.token, session.user.id, device_id).await? {
        batches += 1;
    }
    Ok(batches)
}
