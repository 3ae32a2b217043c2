use crate::components::app_header::AppHeader;
use crate::i18n::{Key, Lang, text};
use crate::pages::companies::CompaniesPage;
use crate::pages::login::LoginPage;
use crate::state::AppState;
use crate::store::{Session, Store, StoreError};
use leptos::prelude::*;

/// The root: provides the services and shows the login or the company screen.
#[component]
pub fn App(store: Result<Store, StoreError>, session: Option<Session>) -> impl IntoView {
    let store = match store {
        Ok(store) => store,
        Err(error) => {
            leptos::logging::error!("opening IndexedDB failed: {}", error.0);
            let lang = Lang::load();
            return view! {
                <main class="main">
                    <p class="panel error" role="alert">{text(lang, Key::ErrStorage)}</p>
                </main>
            }
            .into_any();
        }
    };
    let state = AppState::new(store, session);
    provide_context(state);
    let logged_in = Memo::new(move |_| state.session.with(Option::is_some));
    view! {
        <AppHeader />
        <main id="main" class="main">
            {move || if logged_in.get() { view! { <CompaniesPage /> }.into_any() } else { view! { <LoginPage /> }.into_any() }}
        </main>
    }
    .into_any()
}
