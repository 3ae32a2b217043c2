use crate::i18n::{I18n, Key};
use leptos::prelude::*;

/// Switches the UI between Danish and English; the choice is kept on the device. Its
/// accessible name is its visible text (the other language's own name, in that language).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button
            type="button"
            class="button button-quiet"
            id="language-switch"
            lang=move || i18n.lang.get().other().code()
            title=i18n.tr(Key::SwitchLanguageLabel)
            on:click=move |_| i18n.lang.update(|lang| *lang = lang.other())
        >
            {i18n.tr(Key::SwitchLanguage)}
        </button>
    }
}
