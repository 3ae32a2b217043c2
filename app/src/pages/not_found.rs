use crate::app::paths;
use crate::i18n::{I18n, Key};
use leptos::prelude::*;

/// A path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel" data-testid="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{i18n.tr(Key::PageNotFound)}</h1>
            <p><a href=paths::SEARCH class="button">{i18n.tr(Key::BackToSearch)}</a></p>
        </section>
    }
}

/// An admin revoked this device: its data is gone, and this is all the app shows until it
/// is loaded again (then it starts as a new installation, at the login form).
#[component]
pub fn DeviceRevokedPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel" id="device-revoked" role="alert" aria-labelledby="device-revoked-title">
            <h1 id="device-revoked-title">{i18n.tr(Key::DeviceRevokedTitle)}</h1>
            <p>{i18n.tr(Key::DeviceRevoked)}</p>
            <p>
                <button type="button" class="button" on:click=move |_| { let _ = window().location().replace(paths::SEARCH); }>
                    {i18n.tr(Key::StartOver)}
                </button>
            </p>
        </section>
    }
}
