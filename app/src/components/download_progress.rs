use crate::i18n::I18n;
use crate::i18n::download_progress;
use leptos::prelude::*;

/// Progress of the first company download: "Henter virksomheder … 4.000 af 8.000".
#[component]
pub fn DownloadProgress(#[prop(into)] done: Signal<u64>, #[prop(into)] total: Signal<u64>) -> impl IntoView {
    let lang = expect_context::<I18n>().lang;
    let text = move || download_progress(lang.get(), done.get(), total.get());
    view! {
        <div class="download">
            <label for="company-download">{text}</label>
            <progress
                id="company-download"
                max=move || total.get().max(1)
                // Indeterminate until the server has said how many there are.
                value=move || (total.get() > 0).then(|| done.get())
                aria-valuetext=text
            >
                {text}
            </progress>
        </div>
    }
}
