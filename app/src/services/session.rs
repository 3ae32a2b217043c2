//! Who is logged in on this device. The session is kept in the local store, so a reload while
//! offline stays logged in; the sync service re-checks it with the server at every sync.

use crate::api;
use crate::i18n::Key;
use crate::services::LocalStore;
use crate::services::sync::storage_key;
use crate::store::Session;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct SessionService {
    session: RwSignal<Option<Session>>,
    /// The user asked to log in again (session expired) while staying on this device's data.
    relogin: RwSignal<bool>,
    /// A logout was refused because the outbox holds the user's entries.
    logout_refused: RwSignal<bool>,
    local: LocalStore,
}

impl SessionService {
    pub fn new(local: LocalStore, session: Option<Session>) -> Self {
        Self {
            session: RwSignal::new(session),
            relogin: RwSignal::new(false),
            logout_refused: RwSignal::new(false),
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
        let response = api::login(&username, &password).await.map_err(|e| e.key())?;
        let session = Session::from(response);
        self.local.get().save_session(&session).await.map_err(|e| storage_key(&e))?;
        self.relogin.set(false);
        self.logout_refused.set(false);
        self.session.set(Some(session));
        Ok(())
    }

    /// Forgets the session on this device, unless `unsynced` entries of the user were not
    /// exported: then the logout is refused (and the outbox explains why). The outbox always stays.
    pub async fn logout(self, unsynced_and_not_exported: bool) -> bool {
        if unsynced_and_not_exported {
            self.logout_refused.set(true);
            return false;
        }
        if let Err(e) = self.local.get().clear_session().await {
            leptos::logging::error!("clearing the session failed: {}", e.0);
        }
        self.logout_refused.set(false);
        self.relogin.set(false);
        self.session.set(None);
        true
    }
}
