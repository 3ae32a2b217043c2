//! Who is logged in on this device. The session is kept in the local store, so a reload while
//! offline stays logged in; the sync service re-checks it with the server at every sync.
//!
//! "Log ud" ends the session on the server (in the background: offline, the local logout
//! happens all the same and the server's idle limit ends the session later) and removes the
//! municipality's records from the device, so nothing of what this user could see stays on it.
//!
//! A device an admin revoked (a lost phone) learns it at its next contact with the server and
//! wipes everything Kontaktpunkt keeps in the browser, the outbox included.

use crate::api;
use crate::i18n::Key;
use crate::services::LocalStore;
use crate::services::sync::{storage_key, under_sync_lock};
use crate::store::{Session, wipe_local_data};
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct SessionService {
    session: RwSignal<Option<Session>>,
    /// The user asked to log in again (session expired) while staying on this device's data.
    relogin: RwSignal<bool>,
    /// A logout was refused because the outbox holds the user's entries.
    logout_refused: RwSignal<bool>,
    /// The removal of the last logout's records, while it may still be waiting for a sync
    /// under way; the next login waits for it so that it cannot remove the new session.
    wiping: StoredValue<Option<js_sys::Promise>, LocalStorage>,
    /// An admin revoked this device; its data is wiped (or being wiped).
    revoked: RwSignal<bool>,
    local: LocalStore,
}

impl SessionService {
    pub fn new(local: LocalStore, session: Option<Session>) -> Self {
        Self {
            session: RwSignal::new(session),
            relogin: RwSignal::new(false),
            logout_refused: RwSignal::new(false),
            wiping: StoredValue::new_local(None),
            revoked: RwSignal::new(false),
            local,
        }
    }

    /// Reactive: the session, read with `f`.
    pub fn with<T>(self, f: impl FnOnce(Option<&Session>) -> T) -> T {
        self.session.with(|s| f(s.as_ref()))
    }

    pub fn with_untracked<T>(self, f: impl FnOnce(Option<&Session>) -> T) -> T {
        self.session.with_untracked(|s| f(s.as_ref()))
    }

    /// Reactive: who is logged in.
    pub fn user_id(self) -> Option<Uuid> {
        self.with(|s| s.map(|s| s.user.id))
    }

    pub fn user_id_untracked(self) -> Option<Uuid> {
        self.with_untracked(|s| s.map(|s| s.user.id))
    }

    /// The bearer token of the session, if any (for calls to the server).
    pub fn token_untracked(self) -> Option<String> {
        self.with_untracked(|s| s.map(|s| s.token.clone()))
    }

    pub fn get_untracked(self) -> Option<Session> {
        self.session.get_untracked()
    }

    /// Reactive: the login form is shown instead of the screens.
    pub fn needs_login_form(self) -> bool {
        self.session.with(Option::is_none) || self.relogin.get()
    }

    /// Reactive: the user chose "Log ind igen" after the session expired.
    pub fn relogin(self) -> bool {
        self.relogin.get()
    }

    pub fn ask_relogin(self) {
        self.relogin.set(true);
    }

    pub fn cancel_relogin(self) {
        self.relogin.set(false);
    }

    /// Reactive: the last logout was refused because of unsynced entries.
    pub fn logout_refused(self) -> bool {
        self.logout_refused.get()
    }

    /// Logs in online and keeps the session on the device. The same user logging in again
    /// after an expired session resumes the sync; another user's login leaves the first
    /// user's outbox entries waiting for them (the sync service reacts to the change).
    pub async fn login(self, username: String, password: String) -> Result<(), Key> {
        if let Some(wiping) = self.wiping.get_value() {
            let _ = wasm_bindgen_futures::JsFuture::from(wiping).await;
            self.wiping.set_value(None);
        }
        // Without a device id the login still works; the session is then just unnamed.
        let device_id = self.local.get().device_id().await.ok();
        let response = match api::login(&username, &password, device_id).await {
            Ok(response) => response,
            Err(api::ApiError::DeviceRevoked) => {
                self.device_revoked().await;
                return Err(Key::DeviceRevoked);
            }
            Err(error) => return Err(error.key()),
        };
        let session = Session::from(response);
        self.local.get().save_session(&session).await.map_err(|e| storage_key(&e))?;
        self.relogin.set(false);
        self.logout_refused.set(false);
        self.session.set(Some(session));
        Ok(())
    }

    /// Reactive: an admin revoked this device, and the app shows only that.
    pub fn revoked(self) -> bool {
        self.revoked.get()
    }

    /// The server said this device is revoked: forget the session and wipe the device's
    /// database and caches, unsynced entries included (the phone is lost). Not under the sync
    /// lock, as the sync that learns it holds that lock; its writes simply fail from here on.
    pub async fn device_revoked(self) {
        if self.revoked.get_untracked() {
            return;
        }
        self.revoked.set(true);
        self.relogin.set(false);
        self.session.set(None);
        if let Err(e) = wipe_local_data(self.local.get()).await {
            leptos::logging::error!("wiping the revoked device failed: {}", e.0);
        }
    }

    /// Logs out, unless `unsynced` entries of the user were not exported: then the logout is
    /// refused (and the outbox explains why). The outbox always stays.
    ///
    /// Never waits for the network: the session is forgotten on the device at once, the
    /// server is told in the background, and the records are removed under the sync lock
    /// (after a sync under way has stored its page, which would otherwise come back).
    pub async fn logout(self, unsynced_and_not_exported: bool) -> bool {
        if unsynced_and_not_exported {
            self.logout_refused.set(true);
            return false;
        }
        let store = self.local.get();
        // First the stored session: a reload from here on starts logged out.
        if let Err(e) = store.clear_session().await {
            leptos::logging::error!("clearing the session failed: {}", e.0);
        }
        if let Some(token) = self.token_untracked() {
            leptos::task::spawn_local(async move {
                if let Err(e) = api::logout(&token).await {
                    // Offline: the session ends on the server when it has been idle long enough.
                    leptos::logging::warn!("the server was not told of the logout: {e:?}");
                }
            });
        }
        self.logout_refused.set(false);
        self.relogin.set(false);
        self.session.set(None);
        let wiping = wasm_bindgen_futures::future_to_promise(async move {
            let wiped = under_sync_lock(false, async move { store.forget_records().await }).await;
            if let Some(Err(e)) = wiped {
                leptos::logging::error!("removing the records after logout failed: {}", e.0);
            }
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        });
        self.wiping.set_value(Some(wiping));
        true
    }
}
