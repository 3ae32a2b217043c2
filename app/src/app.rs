use crate::components::app_header::AppHeader;
use crate::components::sync_status::SyncBar;
use crate::i18n::{Key, Lang, text};
use crate::pages::admin_import::AdminImportPage;
use crate::pages::companies::CompaniesPage;
use crate::pages::company::CompanyPage;
use crate::pages::login::LoginPage;
use crate::pages::outbox::OutboxPage;
use crate::state::{AppState, Screen};
use crate::store::{Session, Store, StoreError};
use leptos::prelude::*;

/// The root: provides the services and shows the login or the current screen.
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
    let i18n = state.i18n;
    let logged_in = Memo::new(move |_| state.session.with(Option::is_some));
    let show_login = move || !logged_in.get() || state.relogin.get();
    // Only the variant matters here; the screen itself reads its details.
    let screen = Memo::new(move |_| state.screen.get());

    view! {
        <AppHeader />
        <div class="banner banner-danger" role="alert" hidden=move || !state.db_closed.get()>
            <p>{i18n.tr(Key::DbClosed)}</p>
            <button type="button" class="button" on:click=move |_| { let _ = window().location().reload(); }>
                {i18n.tr(Key::Reload)}
            </button>
        </div>
        <main id="main" class="main">
            {move || if show_login() {
                view! { <LoginPage /> }.into_any()
            } else {
                view! {
                    <SyncBar />
                    {move || match screen.get() {
                        Screen::Search => view! { <CompaniesPage /> }.into_any(),
                        Screen::Company(cvr) => view! { <CompanyPage cvr /> }.into_any(),
                        Screen::Outbox => view! { <OutboxPage /> }.into_any(),
                        Screen::AdminImport => view! { <AdminImportPage /> }.into_any(),
                    }}
                }
                .into_any()
            }}
        </main>
    }
    .into_any()
}
