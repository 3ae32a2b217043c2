//! The import screen's only door to the rest of the app: the language, the network, the
//! session and the way out. Nothing else in this folder knows how the app keeps its state.
//!
//! Each function reads the app's context, so call it where a reactive owner is current: in a
//! component's body, an event handler, or the synchronous part of an action or a resource.

use crate::i18n::{I18n, Lang};
use crate::services::{Network, SessionService};
use kontaktpunkt_domain::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// The language the UI speaks.
pub fn lang() -> Signal<Lang> {
    expect_context::<I18n>().lang.into()
}

/// Whether the browser believes it has a network.
pub fn online() -> Signal<bool> {
    let network = expect_context::<Network>();
    Signal::derive(move || network.online())
}

/// The logged-in user is an admin.
pub fn is_admin() -> Signal<bool> {
    let session = expect_context::<SessionService>();
    Signal::derive(move || session.with(|s| s.is_some_and(|s| s.user.role == Role::Admin)))
}

/// The session's bearer token, read now (not tracked); `None` when nobody is logged in.
pub fn token() -> Option<String> {
    expect_context::<SessionService>().token_untracked()
}

/// Leaves the screen for the search the admin had.
pub fn go_back() {
    use_navigate()(&crate::pages::companies::last_search_url(), NavigateOptions::default());
}

/// The login expired: asks the admin to log in again (staying on this device's data).
pub fn ask_relogin() {
    expect_context::<SessionService>().ask_relogin();
}

/// Moves keyboard focus (and screen readers) to the element with `id`, after the render.
pub fn focus(id: &str) {
    crate::focus::focus(id);
}
