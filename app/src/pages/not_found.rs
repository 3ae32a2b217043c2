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
