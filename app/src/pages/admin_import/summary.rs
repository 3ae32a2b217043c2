//! What an import will do (the dry run) or did: counts, the lists of new, changed and ceased
//! companies (collapsed: they can be long) and the rejected rows.

use super::texts::{T, either, field_label, listed_of, record, t};
use super::{Page, Stage, numbered};
use crate::i18n::number;
use kontaktpunkt_domain::import::{CeaseReason, CeasedCompany, CompanyChange, ImportSummary, RejectedRecord};
use leptos::prelude::*;

/// The applied import: what changed, and that devices get it at their next sync.
#[component]
pub fn Applied(summary: ImportSummary) -> impl IntoView {
    let page = expect_context::<Page>();
    let again = move |_| {
        page.stage.set(Stage::Choose);
        super::env::focus("import-file");
    };
    view! {
        <section class="panel import-result" aria-labelledby="import-result-title">
            <h2 id="import-result-title" tabindex="-1">{page.tr(T::ResultTitle)}</h2>
            <Summary summary applied=true />
            <p class="notice">{page.tr(T::SyncNote)}</p>
            <div class="button-row">
                <button type="button" class="button" id="import-again" on:click=again>
                    {page.tr(T::NewImport)}
                </button>
            </div>
        </section>
    }
}

/// The counts and lists of `summary`; `applied`: it happened, else it is the dry run.
#[component]
pub fn Summary(summary: ImportSummary, applied: bool) -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    let s = summary;
    let stats: Vec<(T, u64)> = [
        (T::Read, s.companies_read, true),
        (T::New, s.new, true),
        (T::Changed, s.changed, true),
        (T::Ceased, s.ceased, true),
        (T::Unchanged, s.unchanged, true),
        (T::Duplicates, s.duplicates, s.duplicates > 0),
        (T::OtherMunicipality, s.skipped_other_municipality, s.skipped_other_municipality > 0),
        (T::UnknownMunicipality, s.skipped_unknown_municipality, s.skipped_unknown_municipality > 0),
        (T::Rejected, s.rejected, true),
    ]
    .into_iter()
    .filter_map(|(key, n, shown)| shown.then_some((key, n)))
    .collect();
    let new = (!s.new_cvrs.is_empty()).then(|| {
        let cvrs = numbered(&s.new_cvrs);
        view! {
            <Collapsed title=T::NewList count=s.new shown=cvrs.len()>
                <For
                    each=move || cvrs.clone()
                    key=|(i, _)| *i
                    children=|(_, cvr)| view! { <li>{cvr.to_string()}</li> }
                />
            </Collapsed>
        }
    });
    let changed = (!s.changed_companies.is_empty()).then(|| {
        let companies = numbered(&s.changed_companies);
        view! {
            <Collapsed title=T::ChangedList count=s.changed shown=companies.len()>
                <For
                    each=move || companies.clone()
                    key=|(i, _)| *i
                    children=|(_, company)| view! { <Changed company /> }
                />
            </Collapsed>
        }
    });
    let ceased = (!s.ceased_companies.is_empty()).then(|| {
        let companies = numbered(&s.ceased_companies);
        view! {
            <Collapsed title=T::CeasedList count=s.ceased shown=companies.len()>
                <For
                    each=move || companies.clone()
                    key=|(i, _)| *i
                    children=|(_, company)| view! { <Ceased company /> }
                />
            </Collapsed>
        }
    });
    let rejected = (!s.rejected_records.is_empty())
        .then(|| view! { <Rejected records=s.rejected_records.clone() count=s.rejected /> });
    view! {
        <div
            class="import-summary"
            data-testid=if applied { "import-summary" } else { "import-dry-run" }
            data-new=s.new.to_string()
            data-changed=s.changed.to_string()
            data-ceased=s.ceased.to_string()
            data-rejected=s.rejected.to_string()
        >
            <dl class="import-stats">
                <For
                    each=move || stats.clone()
                    key=|(key, _)| *key
                    children=move |(key, n)| {
                        let alert = key == T::Rejected && n > 0;
                        view! {
                            <div class:import-stat-alert=alert>
                                <dt>{page.tr(key)}</dt>
                                <dd>{move || number(lang.get(), n)}</dd>
                            </div>
                        }
                    }
                />
            </dl>
            {(s.full && !applied).then(|| view! { <p class="banner banner-warn">{page.tr(T::FullWarning)}</p> })}
            {new}
            {changed}
            {ceased}
            {rejected}
        </div>
    }
}

/// A collapsed list with its exact count in the summary line.
#[component]
fn Collapsed(title: T, count: u64, shown: usize, children: Children) -> impl IntoView {
    let lang = expect_context::<Page>().lang;
    view! {
        <details class="import-details">
            <summary>{move || format!("{} ({})", t(lang.get(), title), number(lang.get(), count))}</summary>
            <ul class="import-list">{children()}</ul>
            <More shown count />
        </details>
    }
}

/// "Viser de første 1.000 af 12.345" when the server cut a list short.
#[component]
fn More(shown: usize, count: u64) -> impl IntoView {
    let lang = expect_context::<Page>().lang;
    (count > shown as u64)
        .then(|| view! { <p class="muted small">{move || listed_of(lang.get(), shown, count)}</p> })
}

/// "Navn CVR 12345678" and the fields that change, each "Adresse: gammel → ny".
#[component]
fn Changed(company: CompanyChange) -> impl IntoView {
    let lang = expect_context::<Page>().lang;
    let changes = numbered(&company.changes);
    view! {
        <li>
            <Company name=company.name cvr=company.cvr.to_string() />
            <ul class="import-changes">
                <For
                    each=move || changes.clone()
                    key=|(i, _)| *i
                    children=move |(_, change)| {
                        view! {
                            <li>
                                <span class="muted">
                                    {move || format!("{}: ", field_label(lang.get(), change.field))}
                                </span>
                                {format!("{} → {}", change.old, change.new)}
                            </li>
                        }
                    }
                />
            </ul>
        </li>
    }
}

/// "Navn CVR 12345678 — ophørt i registret".
#[component]
fn Ceased(company: CeasedCompany) -> impl IntoView {
    let page = expect_context::<Page>();
    let reason = match company.reason {
        CeaseReason::Ceased => T::ReasonCeased,
        CeaseReason::MissingFromFullRefresh => T::ReasonMissing,
    };
    view! {
        <li>
            <Company name=company.name cvr=company.cvr.to_string() />
            " — "
            <span class="muted">{page.tr(reason)}</span>
        </li>
    }
}

/// `<strong>Navn</strong> <span>CVR 12345678</span>`.
#[component]
fn Company(name: String, cvr: String) -> impl IntoView {
    view! {
        <strong>{name}</strong>
        " "
        <span class="muted">{format!("CVR {cvr}")}</span>
    }
}

/// The rejected rows: where, which column, and why.
#[component]
fn Rejected(records: Vec<RejectedRecord>, count: u64) -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    let shown = records.len();
    let records = numbered(&records);
    view! {
        <div>
            <h3 id="import-errors-title">
                {move || format!("{} ({})", t(lang.get(), T::RejectedTitle), number(lang.get(), count))}
            </h3>
            <div class="table-scroll import-errors" tabindex="0" role="region" aria-labelledby="import-errors-title">
                <table class="import-table">
                    <thead>
                        <tr>
                            <th scope="col">{page.tr(T::Row)}</th>
                            <th scope="col">{page.tr(T::Column)}</th>
                            <th scope="col">{page.tr(T::Problem)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || records.clone()
                            key=|(i, _)| *i
                            children=|(_, rejected)| view! { <RejectedRow rejected /> }
                        />
                    </tbody>
                </table>
            </div>
            <More shown count />
        </div>
    }
}

/// "4 | CVR-nummer | Række 4, kolonne CVR-nummer: kontrolcifferet er forkert".
#[component]
fn RejectedRow(rejected: RejectedRecord) -> impl IntoView {
    let lang = expect_context::<Page>().lang;
    let RejectedRecord { row, hit, column, message_da, message_en } = rejected;
    let at = move || match (row, hit) {
        (Some(row), _) => number(lang.get(), row),
        (None, Some(hit)) => record(lang.get(), hit + 1),
        (None, None) => String::new(),
    };
    view! {
        <tr data-testid="import-row-error" data-row=row.map(|n| n.to_string())>
            <td>{at}</td>
            <td>{column.unwrap_or_default()}</td>
            <td>{move || either(lang.get(), &message_da, &message_en).to_owned()}</td>
        </tr>
    }
}
