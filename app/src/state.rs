//! The app's services, provided through context: the session, the network state and the
//! company catalog, over the local [`Store`]. Components read these signals and call these
//! methods; they never touch IndexedDB or HTTP themselves.

use crate::api::{self, ApiError};
use crate::catalog::Catalog;
use crate::i18n::{I18n, Key};
use crate::store::{Session, Store};
use leptos::prelude::*;

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
        let state = Self {
            i18n: I18n::new(),
            session: RwSignal::new(session),
            login_notice: RwSignal::new(None),
            online,
            catalog: RwSignal::new(Catalog::default()),
            store: StoredValue::new_local(store),
        };
        // A download that waited for the network resumes when it comes back.
        Effect::new(move || {
            if state.online.get() {
                state.ensure_companies();
            }
        });
        state
    }

    pub fn store(self) -> Store {
        self.store.get_value()
    }

    /// Logs in online and keeps the session on the device (so a reload offline stays logged in).
    pub async fn login(self, username: String, password: String) -> Result<(), Key> {
        let response = api::login(&username, &password).await.map_err(|e| e.key())?;
        let session = Session::from(response);
        self.store().save_session(&session).await.map_err(|e| {
            leptos::logging::error!("saving the session failed: {}", e.0);
            Key::ErrStorage
        })?;
        self.login_notice.set(None);
        self.session.set(Some(session));
        Ok(())
    }

    /// Forgets the session on this device. Downloaded companies stay for the next login.
    pub async fn logout(self) {
        if let Err(e) = self.store().clear_session().await {
            leptos::logging::error!("clearing the session failed: {}", e.0);
        }
        self.session.set(None);
    }

    /// Reacts to an API error that means the session is no longer valid.
    pub async fn handle_api_error(self, error: &ApiError) {
        if *error == ApiError::Unauthorized {
            // The notice first: the login screen reads it when it appears.
            self.login_notice.set(Some(Key::ErrSessionExpired));
            self.logout().await;
        }
    }
}
