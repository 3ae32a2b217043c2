//! The admin's screens, one lazy chunk behind the shell's gate (`app::admin_gate`): the
//! register import (`/admin/import`) and the accounts screens (`/admin/brugere`, `/admin/log`).
//! One chunk for all of them: each chunk costs the field shell its loader and its share of
//! the code the chunks have in common.

use crate::pages::admin_import::AdminImportPage;
use crate::pages::admin_users::AdminAccountsPage;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The screen of the path's last segment.
#[component]
pub fn AdminScreens() -> impl IntoView {
    let params = use_params_map();
    let import = Memo::new(move |_| params.with(|p| p.get_str("vis") == Some("import")));
    move || {
        if import.get() {
            view! { <AdminImportPage /> }.into_any()
        } else {
            view! { <AdminAccountsPage /> }.into_any()
        }
    }
}
