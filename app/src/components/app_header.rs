use crate::components::language_switch::LanguageSwitch;
use crate::components::network_status::NetworkStatus;
use crate::i18n::{Key, logged_in_as};
use crate::pages::admin_import::AdminImportButton;
use crate::state::AppState;
use leptos::prelude::*;

/// The bar on top of every screen: name, network state, language, and who is logged in.
#[component]
pub fn AppHeader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = state.i18n;
    let user_name = move || state.session.with(|s| s.as_ref().map(|s| s.user.display_name.clone()));
    let logout = Action::new_local(move |_: &()| state.logout());
    view! {
        <header class="app-header">
            <div class="brand">
                <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                <span class="brand-name">{i18n.tr(Key::AppName)}</span>
            </div>
            <div class="header-tools">
                <NetworkStatus />
                <LanguageSwitch />
                <Show when=move || user_name().is_some()>
                    <AdminImportButton />
                    <span class="user" title=move || logged_in_as(i18n.lang.get(), &user_name().unwrap_or_default())>
                        {move || user_name().unwrap_or_default()}
                    </span>
                    <button
                        type="button"
                        id="logout"
                        title=move || logged_in_as(i18n.lang.get(), &user_name().unwrap_or_default())
                        class="button button-quiet"
                        disabled=move || logout.pending().get()
                        on:click=move |_| {
                            logout.dispatch_local(());
                        }
                    >
                        {i18n.tr(Key::LogOut)}
                    </button>
                </Show>
            </div>
        </header>
    }
}
