use crate::i18n::Key;
use crate::state::AppState;
use leptos::prelude::*;

/// Switches the UI between Danish and English; the choice is kept on the device.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = expect_context::<AppState>().i18n;
    view! {
        <button
            type="button"
            class="button button-quiet"
            id="language-switch"
            lang=move || i18n.lang.get().other().code()
            aria-label=i18n.tr(Key::SwitchLanguageLabel)
            on:click=move |_| i18n.lang.update(|lang| *lang = lang.other())
        >
            {i18n.tr(Key::SwitchLanguage)}
        </button>
    }
}
