//! Choosing the file (format, options, the file by picker or drop) and the bar while it is sent.

use super::texts::{T, bytes, t, upload_progress};
use super::{Calls, Page};
use kontaktpunkt_domain::import::ImportFormat;
use leptos::ev::{DragEvent, SubmitEvent};
use leptos::html::Input;
use leptos::prelude::*;
use web_sys::{FileList, HtmlInputElement};

/// Format, options and the file, with "Send og vis forhåndsvisning".
#[component]
pub fn ChooseForm() -> impl IntoView {
    let page = expect_context::<Page>();
    let calls = expect_context::<Calls>();
    let (lang, tr) = (page.lang, move |key| page.tr(key));
    let input = NodeRef::<Input>::new();
    let over = RwSignal::new(false);
    // The file input keeps its own list: emptied when the chosen file is dropped (after an
    // import or a discard).
    Effect::new(move || {
        if page.file.with(Option::is_none)
            && let Some(input) = input.get()
        {
            input.set_value("");
        }
    });
    let first = |files: Option<FileList>| files.and_then(|f| f.get(0));
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = ev.data_transfer().and_then(|d| d.files()).filter(|f| f.length() > 0);
        // The picker shows the dropped file as if it had been picked.
        if let (Some(files), Some(input)) = (&files, input.get_untracked()) {
            input.set_files(Some(files));
        }
        if files.is_some() {
            page.choose(first(files));
        }
    };
    let is = move |format| move || page.format.get() == format;
    view! {
        <form
            id="import-form"
            class="panel form import-form"
            novalidate
            on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                page.submit(calls);
            }
        >
            <div class="import-options">
                <div class="field">
                    <label for="import-format">{tr(T::Format)}</label>
                    <select
                        id="import-format"
                        on:change=move |ev| {
                            let csv = event_target_value(&ev) == ImportFormat::Csv.as_str();
                            page.format.set(if csv { ImportFormat::Csv } else { ImportFormat::Cvr });
                        }
                    >
                        <option value="cvr" prop:selected=is(ImportFormat::Cvr)>{tr(T::FormatCvr)}</option>
                        <option value="csv" prop:selected=is(ImportFormat::Csv)>{tr(T::FormatCsv)}</option>
                    </select>
                </div>
                <div class="field import-municipality">
                    <label for="import-municipality">{tr(T::Municipality)}</label>
                    <select
                        id="import-municipality"
                        aria-describedby="import-municipality-hint"
                        on:change=move |ev| page.all.set(event_target_value(&ev) == "all")
                    >
                        <option value="own" prop:selected=move || !page.all.get()>{tr(T::MunicipalityOwn)}</option>
                        <option value="all" prop:selected=move || page.all.get()>{tr(T::MunicipalityAll)}</option>
                    </select>
                    <p class="muted small" id="import-municipality-hint">{tr(T::MunicipalityHint)}</p>
                </div>
            </div>
            <div class="field import-full">
                <label class="check check-large">
                    <input
                        type="checkbox"
                        id="import-full"
                        aria-describedby="import-full-hint"
                        prop:checked=move || page.full.get()
                        on:change=move |ev| page.full.set(event_target_checked(&ev))
                    />
                    {tr(T::Full)}
                </label>
                <p class="small" id="import-full-hint">{tr(T::FullHint)}</p>
            </div>
            <div
                class="import-drop"
                class:import-drop-over=move || over.get()
                on:dragover=move |ev: DragEvent| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <label for="import-file">{tr(T::File)}</label>
                <input
                    type="file"
                    id="import-file"
                    node_ref=input
                    accept=".json,.jsonl,.ndjson,.csv,.txt,application/json,text/csv"
                    aria-describedby="import-file-hint"
                    on:change=move |ev| page.choose(first(event_target::<HtmlInputElement>(&ev).files()))
                />
                <p class="muted small" id="import-file-hint">{tr(T::FileHint)}</p>
                // "virksomheder.csv · 12 kB"
                <p
                    class="import-chosen"
                    id="import-chosen"
                    data-testid="import-chosen"
                    hidden=move || page.file.with(Option::is_none)
                >
                    {move || {
                        page.file
                            .with(|f| f.as_ref().map(|f| (f.name(), f.size())))
                            .map(|(name, size)| {
                                view! {
                                    <strong>{name}</strong>
                                    {move || format!(" · {}", bytes(lang.get(), size))}
                                }
                            })
                    }}
                </p>
            </div>
            <div class="button-row">
                <button type="submit" class="button button-primary" id="import-upload">
                    {tr(T::Upload)}
                </button>
            </div>
        </form>
    }
}

/// The bar while the file is sent, with "Afbryd"; once all is sent, an indeterminate bar
/// while the server reads it.
#[component]
pub fn Sending() -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    let all_sent = move || page.sent.with(|&(sent, total)| total > 0.0 && sent >= total);
    let percent = move || {
        let (sent, total) = page.sent.get();
        let percent = if total > 0.0 { sent * 100.0 / total } else { 0.0 };
        (!all_sent()).then(|| percent.to_string())
    };
    let cancel = move |_| {
        page.upload.with_untracked(|upload| upload.as_ref().map(|u| u.cancel()));
    };
    view! {
        <div class="panel import-progress" aria-busy="true">
            <label for="import-progress" id="import-progress-label">
                {move || t(lang.get(), if all_sent() { T::Checking } else { T::Uploading })}
            </label>
            <progress id="import-progress" tabindex="-1" max="100" value=percent></progress>
            <p class="small import-progress-text" id="import-progress-text" data-testid="import-progress-text">
                {move || page.sent.with(|&(sent, total)| upload_progress(lang.get(), sent, total))}
            </p>
            <div class="button-row">
                <button type="button" class="button button-small" id="import-cancel" on:click=cancel>
                    {page.tr(T::Cancel)}
                </button>
            </div>
        </div>
    }
}
