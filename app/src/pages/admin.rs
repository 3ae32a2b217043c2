//! The admin's screens, one lazy chunk behind the shell's gate (`app::admin_gate`): the
//! register import (`/admin/import`), the accounts screens (`/admin/brugere`, `/admin/log`)
//! the devices (`/admin/apparater`, to revoke a lost phone) and the contact persons' personal
//! data (`/admin/persondata`: access, erasure, retention).
//! One chunk for all of them: each chunk costs the field shell its loader and its share of
//! the code the chunks have in common.

use crate::pages::admin_devices::AdminDevicesPage;
use crate::pages::admin_import::AdminImportPage;
use crate::pages::admin_privacy::AdminPrivacyPage;
use crate::pages::admin_users::AdminAccountsPage;
use crate::services::SessionService;
use kontaktpunkt_domain::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The screen of the path's last segment.
#[component]
pub fn AdminScreens() -> impl IntoView {
    let params = use_params_map();
    let screen = Memo::new(move |_| params.with(|p| p.get_str("vis").map(str::to_owned)));
    let admin =
        expect_context::<SessionService>().with_untracked(|s| s.is_some_and(|s| s.user.role == Role::Admin));
    move || match screen.get().as_deref() {
        // A coordinator reads the audit log only (the gate let them in for it).
        Some(other) if !admin && other != "log" => crate::app::admin_forbidden(),
        Some("import") => view! { <AdminImportPage /> }.into_any(),
        Some("apparater") => view! { <AdminDevicesPage /> }.into_any(),
        Some("persondata") => view! { <AdminPrivacyPage /> }.into_any(),
        _ => view! { <AdminAccountsPage /> }.into_any(),
    }
}
