//! The header's way into the import screen.

use crate::state::{AppState, Screen};
use kontaktpunkt_domain::Role;
use leptos::prelude::*;

/// "Import" in the header, shown to admins only.
#[component]
pub fn AdminImportButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let not_admin = move || !state.session.with(|s| s.as_ref().is_some_and(|s| s.user.role == Role::Admin));
    view! {
        <button type="button" id="open-admin-import" class="button button-quiet" hidden=not_admin
            on:click=move |_| state.screen.set(Screen::AdminImport)>
            // The same word in Danish and English.
            "Import"
        </button>
    }
}
