//! Aktindsigt: every contact with one company in a period, fetched from the server (which
//! withholds other units' notes from coordinators and logs the lookup), shown as a printable
//! page and offered as the same CSV the server writes. Needs the network.

use super::export;
use super::kept::Kept;
use super::period::{Period, PeriodFields};
use super::problem;
use super::texts::{self, T, both, t, tr};
use crate::admin_api;
use crate::i18n::{I18n, either};
use crate::services::SessionService;
use crate::services::records::today;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::privacy::{
    ACCESS_REQUEST_CSV_HEADER, AccessRequestContact, AccessRequestExport, access_request_csv_row,
};
use leptos::prelude::*;

#[component]
pub fn AccessRequestView() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let cvr = Kept::signal("access.cvr", String::new);
    let period = Period::kept(["access.from", "access.to"], today(), 12, None);
    // The answer, or why there is none, in Danish and English.
    let answer = RwSignal::new(None::<Result<AccessRequestExport, (String, String)>>);
    let fetch = Action::new_local(move |_: &()| async move {
        let Ok(company) = Cvr::parse(cvr.get_untracked().trim()) else {
            return answer.set(Some(Err(both(T::AccessBadCvr))));
        };
        let Some((from, to)) = untrack(|| period.get()) else {
            return answer.set(Some(Err(both(T::BadPeriod))));
        };
        let token = session.token_untracked().unwrap_or_default();
        answer.set(Some(admin_api::access_request(&token, &company, from, to).await.map_err(problem)));
    });
    view! {
        <section class="desk-view" aria-labelledby="access-title" data-testid="access-request">
            <h2 id="access-title">{tr(i18n, T::ViewAccessRequest)}</h2>
            <p class="muted">{tr(i18n, T::AccessIntro)}</p>
            <form class="desk-controls" on:submit=move |ev| { ev.prevent_default(); fetch.dispatch_local(()); }>
                <div class="field">
                    <label for="access-cvr">{tr(i18n, T::AccessCvr)}</label>
                    <input id="access-cvr" inputmode="numeric" autocomplete="off" maxlength="10" bind:value=cvr />
                </div>
                <PeriodFields period prefix="access" />
                <button type="submit" class="button button-primary" data-testid="access-fetch" disabled=move || fetch.pending().get()>
                    {tr(i18n, T::AccessFetch)}
                </button>
            </form>
            {move || match answer.get() {
                None => ().into_any(),
                Some(Err((da, en))) => view! {
                    <p role="alert" class="error" data-testid="access-error">{move || either(i18n.lang.get(), &da, &en).to_owned()}</p>
                }
                .into_any(),
                Some(Ok(export)) => view! { <AccessRequestAnswer export /> }.into_any(),
            }}
        </section>
    }
}

/// The contacts as a table to print, with print and CSV buttons.
#[component]
fn AccessRequestAnswer(export: AccessRequestExport) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lang = i18n.lang.get_untracked();
    let csv_name = format!("aktindsigt-{}-{}-{}", export.company.as_str(), export.from, export.to);
    let heading = format!(
        "{} · CVR {} · {} – {}",
        export.company_name,
        export.company.as_str(),
        export.from,
        export.to
    );
    let contacts = export.contacts;
    let count = contacts.len();
    let rows = contacts.iter().cloned().map(|contact| view! { <AccessRow contact /> }).collect_view();
    // The server's CSV rows, written when asked for.
    let export_csv = move |_| {
        let mut csv = vec![ACCESS_REQUEST_CSV_HEADER.map(str::to_owned).to_vec()];
        csv.extend(contacts.iter().map(access_request_csv_row));
        export::offer(&csv_name, &csv);
    };
    let print = move |_| {
        if window().print().is_err() {
            leptos::logging::warn!("the browser would not print");
        }
    };
    view! {
        <div class="access-answer">
            <h3 data-testid="access-company">{heading}</h3>
            <p class="desk-figure">
                <strong data-testid="access-count" data-count=count.to_string()>{count}</strong>
                " "{tr(i18n, T::AccessCount)}
            </p>
            <div class="desk-actions no-print">
                <button type="button" class="button" data-testid="access-print" on:click=print>{tr(i18n, T::AccessPrint)}</button>
                <button type="button" class="button" data-testid="access-export" on:click=export_csv>
                    {tr(i18n, T::ExportCsv)}
                </button>
            </div>
            {(count == 0).then(|| view! { <p class="muted">{t(lang, T::AccessNone)}</p> })}
            <div class="table-scroll">
                <table class="desk-table" data-testid="access-list">
                    <thead>
                        <tr>
                            <th scope="col">{tr(i18n, T::Date)}</th>
                            <th scope="col">{tr(i18n, T::Kind)}</th>
                            <th scope="col">{tr(i18n, T::Unit)}</th>
                            <th scope="col">{tr(i18n, T::Person)}</th>
                            <th scope="col">{tr(i18n, T::Notes)}</th>
                            <th scope="col">{tr(i18n, T::FollowUp)}</th>
                            <th scope="col">{tr(i18n, T::Satisfaction)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
fn AccessRow(contact: AccessRequestContact) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let withheld = contact.notes.is_none();
    let notes = contact.notes;
    let follow_up = match (contact.follow_up_due, contact.follow_up_done_on) {
        (Some(due), Some(done)) => format!("{due} → {done}"),
        (Some(due), None) => due.to_string(),
        _ => String::new(),
    };
    let follow_up_note = contact.follow_up_note.unwrap_or_default();
    let satisfaction: Vec<String> = contact.feedback.iter().map(|f| f.satisfaction.to_string()).collect();
    let comments: Vec<String> = contact.feedback.iter().filter_map(|f| f.comment.clone()).collect();
    view! {
        <tr data-testid="access-row" data-id=contact.id.to_string() data-withheld=withheld.to_string()>
            <td>{contact.date.to_string()}</td>
            <td>{tr(i18n, texts::kind(contact.kind))}</td>
            <td>{contact.unit_name}</td>
            <td>{contact.user_name}</td>
            <td data-testid="access-notes">
                {move || notes.clone().unwrap_or_else(|| t(i18n.lang.get(), T::AccessWithheld).to_owned())}
            </td>
            <td>{follow_up}<div class="muted small">{follow_up_note}</div></td>
            <td>{satisfaction.join(", ")}<div class="muted small">{comments.join(" | ")}</div></td>
        </tr>
    }
}
