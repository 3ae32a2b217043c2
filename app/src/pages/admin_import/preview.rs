//! The dry run of an uploaded file: its facts, the column choices of a spreadsheet, the first
//! rows, what the import would do, and "Importér" / "Kassér" with the apply's progress.

use super::summary::Summary;
use super::texts::{T, apply_progress, bytes, either, t};
use super::{Calls, Page, numbered};
use crate::i18n::number;
use kontaktpunkt_domain::import::{ColumnAssignment, ImportFormat, ImportPreview, PreviewRow};
use leptos::prelude::*;

/// The preview, waiting for the admin's decision.
#[component]
pub fn Preview(preview: ImportPreview) -> impl IntoView {
    let page = expect_context::<Page>();
    let calls = expect_context::<Calls>();
    let (lang, tr) = (page.lang, move |key| page.tr(key));
    let ImportPreview { id, format, file_bytes, encoding, delimiter, headers, mapping, preview_rows, .. } =
        preview.clone();
    let (can_apply, can_skip) = (preview.can_apply, !preview.can_apply && preview.can_apply_skipping_invalid);
    let busy = calls.busy;
    let waits = move || busy.with(Option::is_some);
    let applying = calls.applying;
    let fact = move |key: T, value: String| {
        view! {
            <div>
                <dt>{tr(key)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let blocked = preview.blocked_da.clone().map(|da| {
        let en = preview.blocked_en.clone().unwrap_or_default();
        view! {
            <p class="banner banner-danger" id="import-blocked" data-testid="import-blocked">
                {move || either(lang.get(), &da, &en).to_owned()}
            </p>
        }
    });
    let figures = move || page.figures.get().map(|f| (f.bytes_read, f.total_bytes, f.records));
    view! {
        <section
            class="panel import-result"
            data-testid="import-preview"
            data-id=id.to_string()
            data-can-apply=can_apply.to_string()
            aria-labelledby="import-preview-title"
        >
            <h2 id="import-preview-title" tabindex="-1">{tr(T::PreviewTitle)}</h2>
            <dl class="facts">
                <div>
                    <dt>{tr(T::Format)}</dt>
                    <dd>{tr(format_text(format))}</dd>
                </div>
                <div>
                    <dt>{tr(T::FileSize)}</dt>
                    <dd>{move || bytes(lang.get(), file_bytes as f64)}</dd>
                </div>
                {encoding.map(|encoding| fact(T::Encoding, encoding))}
                {delimiter.map(|delimiter| fact(T::Delimiter, format!("“{delimiter}”")))}
            </dl>
            {(!mapping.is_empty()).then(|| view! { <ColumnChoices headers=headers.clone() mapping /> })}
            <h3 id="import-rows-title">{tr(T::FirstRows)}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="import-rows-title">
                <table class="import-table import-rows">
                    <thead>
                        <tr>
                            <th scope="col">{tr(T::Row)}</th>
                            <For
                                each=move || numbered(&headers)
                                key=|(i, _)| *i
                                children=|(_, header)| view! { <th scope="col">{header}</th> }
                            />
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || preview_rows.clone() key=|r| r.row let:row>
                            <FileRow row />
                        </For>
                    </tbody>
                </table>
            </div>
            <h3>{tr(T::DryRunTitle)}</h3>
            <Summary summary=preview.summary.clone() applied=false />
            {blocked}
            <div class="button-row import-actions">
                <button
                    type="button"
                    class="button button-primary"
                    id="import-apply"
                    disabled=move || waits() || !can_apply
                    aria-describedby=(!can_apply).then_some("import-blocked")
                    on:click=move |_| {
                        calls.apply.dispatch_local((id, false));
                    }
                >
                    {tr(T::Apply)}
                </button>
                {can_skip.then(|| view! {
                    <button
                        type="button"
                        class="button"
                        id="import-apply-skipping"
                        disabled=waits
                        on:click=move |_| {
                            calls.apply.dispatch_local((id, true));
                        }
                    >
                        {tr(T::ApplySkipping)}
                    </button>
                })}
                <button
                    type="button"
                    class="button button-danger"
                    id="import-discard"
                    disabled=waits
                    on:click=move |_| {
                        calls.discard.dispatch_local(id);
                    }
                >
                    {tr(T::Discard)}
                </button>
                <span class="muted" id="import-busy" role="status">
                    {move || busy.get().map(|key| t(lang.get(), key))}
                </span>
            </div>
            // Indeterminate until the server's first figures.
            <div class="import-progress" id="import-apply-status" hidden=move || !applying.get()>
                <label for="import-apply-progress">{tr(T::Applying)}</label>
                <progress
                    id="import-apply-progress"
                    max="100"
                    value=move || {
                        let percent = figures().and_then(|(done, total, _)| done.saturating_mul(100).checked_div(total));
                        percent.map(|p| p.min(100).to_string())
                    }
                ></progress>
                <p
                    class="small import-progress-text"
                    id="import-apply-progress-text"
                    data-testid="import-apply-progress-text"
                >
                    {move || figures().map(|(done, total, n)| apply_progress(lang.get(), done, total, n))}
                </p>
            </div>
        </section>
    }
}

/// "CVR JSON (fra CVR-registret)" / "CSV regneark".
pub fn format_text(format: ImportFormat) -> T {
    match format {
        ImportFormat::Cvr => T::FormatCvr,
        ImportFormat::Csv => T::FormatCsv,
    }
}

/// A row of the file as it stands.
#[component]
fn FileRow(row: PreviewRow) -> impl IntoView {
    let lang = expect_context::<Page>().lang;
    let cells = numbered(&row.cells);
    view! {
        <tr>
            <td>{move || number(lang.get(), row.row)}</td>
            <For each=move || cells.clone() key=|(i, _)| *i children=|(_, cell)| view! { <td>{cell}</td> } />
        </tr>
    }
}

/// One labelled `<select>` per field: "(ingen)" or one of the file's columns. Changing one
/// previews again.
#[component]
fn ColumnChoices(headers: Vec<String>, mapping: Vec<ColumnAssignment>) -> impl IntoView {
    let page = expect_context::<Page>();
    view! {
        <fieldset class="import-mapping" aria-describedby="import-columns-hint">
            <legend>{page.tr(T::Columns)}</legend>
            <p class="muted small" id="import-columns-hint">{page.tr(T::ColumnsHint)}</p>
            <div class="import-mapping-fields">
                <For
                    each=move || mapping.clone()
                    key=|c| c.field.clone()
                    children=move |assignment| view! { <ColumnChoice assignment headers=headers.clone() /> }
                />
            </div>
        </fieldset>
    }
}

/// The column `assignment.field` is read from.
#[component]
fn ColumnChoice(assignment: ColumnAssignment, headers: Vec<String>) -> impl IntoView {
    let page = expect_context::<Page>();
    let calls = expect_context::<Calls>();
    let lang = page.lang;
    let busy = calls.busy;
    let ColumnAssignment { field, label_da, label_en, required, column, .. } = assignment;
    let id = format!("import-map-{field}");
    let missing = required && column.is_none();
    let label = move || {
        let lang = lang.get();
        let label = either(lang, &label_da, &label_en);
        if required { format!("{label} ({})", t(lang, T::Required)) } else { label.to_owned() }
    };
    let columns = numbered(&headers);
    let choose = {
        let field = field.clone();
        move |ev| {
            let column = event_target_value(&ev).parse::<u32>().ok();
            calls.columns.dispatch_local((field.clone(), column));
        }
    };
    view! {
        <div class="field" class:import-map-missing=missing>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                data-field=field
                disabled=move || busy.with(Option::is_some)
                aria-invalid=missing.then_some("true")
                aria-describedby=missing.then_some("import-blocked")
                on:change=choose
            >
                <option value="" prop:selected=column.is_none()>{page.tr(T::NoColumn)}</option>
                <For
                    each=move || columns.clone()
                    key=|(i, _)| *i
                    children=move |(i, header)| {
                        let index = i as u32;
                        // "Kolonne 3" for a column without a header.
                        let name = move || match header.as_str() {
                            "" => format!("{} {}", t(lang.get(), T::Column), i + 1),
                            header => header.to_owned(),
                        };
                        view! { <option value=i.to_string() prop:selected=column == Some(index)>{name}</option> }
                    }
                />
            </select>
        </div>
    }
}
