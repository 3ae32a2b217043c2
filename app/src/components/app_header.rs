use crate::app::paths;
use crate::components::language_switch::LanguageSwitch;
use crate::components::network_status::NetworkStatus;
use crate::i18n::{I18n, Key, logged_in_as};
use crate::services::{SessionService, SyncService};
use kontaktpunkt_domain::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// The bar on top of every screen: name, network state, language, and who is logged in.
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let navigate = use_navigate();
    let user_name = move || session.with(|s| s.map(|s| s.user.display_name.clone()));
    let is_admin = move || session.with(|s| s.is_some_and(|s| s.user.role == Role::Admin));
    let sees_desk = move || session.with(|s| s.is_some_and(|s| s.user.role.sees_desk()));
    let logout = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            sync.refresh_counts().await;
            let refuse = sync.unsynced() > 0 && !sync.exported_untracked();
            if session.logout(refuse).await {
                navigate(paths::SEARCH, NavigateOptions::default());
            } else {
                // The outbox explains why, and offers the export that permits logging out.
                navigate(paths::OUTBOX, NavigateOptions::default());
            }
        }
    });
    view! {
        <header class="app-header">
            <div class="brand">
                <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                <span class="brand-name">{i18n.tr(Key::AppName)}</span>
            </div>
            <div class="header-tools">
                <NetworkStatus />
                <LanguageSwitch />
                {move || user_name().is_some().then(|| view! {
                    {move || sees_desk().then(|| view! {
                        <a id="open-desk" class="button button-quiet" href=paths::DESK>{i18n.tr(Key::Desk)}</a>
                    })}
                    {move || is_admin().then(|| view! {
                        // The same word in Danish and English.
                        <a id="open-admin-import" class="button button-quiet" href=paths::ADMIN_IMPORT>"Import"</a>
                        <a id="open-admin-users" class="button button-quiet" href=paths::ADMIN_USERS>{i18n.tr(Key::AdminUsers)}</a>
                        <a id="open-admin-audit" class="button button-quiet" href=paths::ADMIN_AUDIT>{i18n.tr(Key::AdminAudit)}</a>
                        <a id="open-admin-devices" class="button button-quiet" href=paths::ADMIN_DEVICES>{i18n.tr(Key::AdminDevices)}</a>
                        <a id="open-admin-privacy" class="button button-quiet" href=paths::ADMIN_PRIVACY>{i18n.tr(Key::AdminPrivacy)}</a>
                    })}
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
                })}
            </div>
        </header>
    }
}
