//! The app's services, provided through context: the session, the network state, the
//! company catalog, the sync service and the screen shown, over the local [`Store`].
//! Components read these signals and call these methods; they never touch IndexedDB or HTTP.

use crate::api;
use crate::catalog::Catalog;
use crate::i18n::{I18n, Key};
use crate::outbox::Queued;
use crate::store::{Session, Store};
use crate::sync::SyncStatus;
use kontaktpunkt_domain::Contact;
use kontaktpunkt_domain::Cvr;
use leptos::prelude::*;

/// Which screen the main area shows. A new screen is a new variant and a new arm in `App`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Company search (the start screen).
    Search,
    /// One company: facts, do-not-contact, contacts, and logging a contact.
    Company(Cvr),
    /// The outbox: what waits to be synced or was refused.
    Outbox,
    /// Admins: importing the company register.
    AdminImport,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub i18n: I18n,
    /// Who is logged in; `None` shows the login screen.
    pub session: RwSignal<Option<Session>>,
    /// A message for the login screen (e.g. why the user was logged out).
    pub login_notice: RwSignal<Option<Key>>,
    /// `navigator.onLine`, kept current by the `online`/`offline` events.
    pub online: RwSignal<bool>,
    /// The companies on this device and their download.
    pub catalog: RwSignal<Catalog>,
    /// The sync service's state.
    pub sync: SyncStatus,
    pub screen: RwSignal<Screen>,
    /// The user asked to log in again (session expired) while staying on this device's data.
    pub relogin: RwSignal<bool>,
    /// A logout was refused because the outbox holds the user's entries.
    pub logout_refused: RwSignal<bool>,
    /// Another tab upgraded the database; this page must be reloaded.
    pub db_closed: RwSignal<bool>,
    /// A refused outbox entry the user is correcting in the contact form.
    pub fixing: RwSignal<Option<(Queued, Contact)>>,
    /// The search text, kept while a company is open.
    pub search: RwSignal<String>,
    store: StoredValue<Store, LocalStorage>,
}

impl AppState {
    /// Creates the services; call once, inside the root component.
    pub fn new(store: Store, session: Option<Session>) -> Self {
        let online = RwSignal::new(window().navigator().on_line());
        let listeners = [
            window_event_listener(leptos::ev::online, move |_| online.set(true)),
            window_event_listener(leptos::ev::offline, move |_| online.set(false)),
        ];
        on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
        let db_closed = RwSignal::new(false);
        store.on_closed(move || db_closed.set(true));
        let state = Self {
            i18n: I18n::new(),
            session: RwSignal::new(session),
            login_notice: RwSignal::new(None),
            online,
            catalog: RwSignal::new(Catalog::default()),
            sync: SyncStatus::new(),
            screen: RwSignal::new(Screen::Search),
            relogin: RwSignal::new(false),
            logout_refused: RwSignal::new(false),
            db_closed,
            fixing: RwSignal::new(None),
            search: RwSignal::new(String::new()),
            store: StoredValue::new_local(store),
        };
        state.start_sync();
        // Back online: push what waited and continue a download that waited.
        Effect::new(move |was: Option<bool>| {
            let now = state.online.get();
            if now && was == Some(false) {
                state.sync_now();
                state.ensure_companies();
            }
            now
        });
        state
    }

    pub fn store(self) -> Store {
        self.store.get_value()
    }

    /// Logs in online and keeps the session on the device (so a reload offline stays logged in).
    /// The same user logging in again after an expired session resumes the sync; another
    /// user's login leaves the first user's outbox entries waiting for them.
    pub async fn login(self, username: String, password: String) -> Result<(), Key> {
        let response = api::login(&username, &password).await.map_err(|e| e.key())?;
        let session = Session::from(response);
        self.store().save_session(&session).await.map_err(|e| crate::sync::storage_key(&e))?;
        let same_user =
            self.session.with_untracked(|s| s.as_ref().map(|s| s.user.id)) == Some(session.user.id);
        if !same_user {
            self.catalog.set(Catalog::Idle);
            self.sync.exported.set(false);
            self.screen.set(Screen::Search);
        }
        self.login_notice.set(None);
        self.relogin.set(false);
        self.sync.needs_login.set(false);
        self.sync.problem.set(None);
        self.session.set(Some(session));
        self.refresh_counts().await;
        self.sync_now();
        Ok(())
    }

    /// Forgets the session on this device, unless the user's outbox still holds entries that
    /// were not exported: then the outbox view explains why. The outbox itself always stays.
    pub async fn logout(self) {
        self.refresh_counts().await;
        if self.sync.unsynced() > 0 && !self.sync.exported.get_untracked() {
            self.logout_refused.set(true);
            self.screen.set(Screen::Outbox);
            return;
        }
        if let Err(e) = self.store().clear_session().await {
            leptos::logging::error!("clearing the session failed: {}", e.0);
        }
        self.logout_refused.set(false);
        self.relogin.set(false);
        self.sync.needs_login.set(false);
        self.sync.exported.set(false);
        self.screen.set(Screen::Search);
        self.session.set(None);
        self.refresh_counts().await;
    }
}
