//! The import screen's only door to the rest of the app: the language, the network, the
//! session and the way out. Nothing else in this folder knows how the app keeps its state.
//!
//! Each function reads the app's context, so call it where a reactive owner is current: in a
//! component's body, an event handler, or the synchronous part of an action or a resource.

use crate::i18n::Lang;
use crate::state::{AppState, Screen};
use kontaktpunkt_domain::Role;
use leptos::prelude::*;

/// The language the UI speaks.
pub fn lang() -> Signal<Lang> {
    expect_context::<AppState>().i18n.lang.into()
}

/// Whether the browser believes it has a network.
pub fn online() -> Signal<bool> {
    expect_context::<AppState>().online.into()
}

/// The logged-in user is an admin.
pub fn is_admin() -> Signal<bool> {
    let session = expect_context::<AppState>().session;
    Signal::derive(move || session.with(|s| s.as_ref().is_some_and(|s| s.user.role == Role::Admin)))
}

/// The session's bearer token, read now (not tracked); `None` when nobody is logged in.
pub fn token() -> Option<String> {
    expect_context::<AppState>().session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

/// Leaves the screen for the one the admin came from.
pub fn go_back() {
    expect_context::<AppState>().screen.set(Screen::Search);
}

/// The login expired: asks the admin to log in again (staying on this device's data).
pub fn ask_relogin() {
    expect_context::<AppState>().relogin.set(true);
}

/// Moves keyboard focus (and screen readers) to the element with `id`, after the render.
pub fn focus(id: &str) {
    crate::form::focus(id);
}
