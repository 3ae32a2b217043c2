//! One contact person found (by a search or the retention list): what is held about them,
//! the export as a file, and the erasure behind a confirmation with a required reason.

use super::texts::{T, both, t, tr};
use super::{ErrorText, problem};
use crate::admin_api;
use crate::i18n::{I18n, Lang, number};
use crate::services::SessionService;
use crate::services::records::download;
use kontaktpunkt_domain::privacy::{ContactPersonExport, ContactPersonMatch, ErasureReport};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The server's longest erasure reason.
const MAX_REASON_CHARS: usize = 500;

/// The reason to send, trimmed; `None` when empty or too long.
pub fn erasure_reason(typed: &str) -> Option<String> {
    let reason = typed.trim();
    (!reason.is_empty() && reason.chars().count() <= MAX_REASON_CHARS).then(|| reason.to_owned())
}

/// The export's file name: the person's id (never their name, which the file system of a
/// shared office computer would keep).
pub fn export_file_name(id: &str) -> String {
    let safe: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    format!("kontaktpunkt-kontaktperson-{safe}.json")
}

/// A day as the desk shows one (`03.12.2026`).
fn day(date: chrono::NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// "7 kontakter med virksomheden".
fn counted(lang: Lang, n: usize, key: T) -> String {
    format!("{} {}", number(lang, n as u64), t(lang, key))
}

/// A hit; `testid` names the list it is in (`privacy-hit`, `retention-row`).
#[component]
pub fn PersonCard(hit: ContactPersonMatch, testid: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let id = hit.id.clone();
    let exported = RwSignal::new(None::<ContactPersonExport>);
    let erased = RwSignal::new(None::<ErasureReport>);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<(String, String)>);
    let export = Action::new_local({
        let id = id.clone();
        move |_: &()| {
            let (id, token) = (id.clone(), session.token_untracked().unwrap_or_default());
            async move {
                let answer = admin_api::export_contact_person(&token, &id).await;
                if exported.is_disposed() {
                    return;
                }
                match answer {
                    Ok((text, export)) => {
                        if download(&export_file_name(&id), "application/json", &text).is_err() {
                            failure.set(Some(both(T::SaveFailed)));
                        }
                        exported.set(Some(export));
                    }
                    Err(error) => failure.set(Some(problem(error))),
                }
            }
        }
    });
    let reason_id = format!("privacy-reason-{id}");
    let panel_id = format!("privacy-erase-{id}");
    let controls = panel_id.clone();
    let erase = Action::new_local({
        let (id, reason_id) = (id.clone(), reason_id.clone());
        move |typed: &String| {
            let (id, token) = (id.clone(), session.token_untracked().unwrap_or_default());
            let reason = erasure_reason(typed);
            let reason_id = reason_id.clone();
            async move {
                let Some(reason) = reason else {
                    failure.set(Some(both(T::ReasonRequired)));
                    return crate::focus::focus(&reason_id);
                };
                let answer = admin_api::erase_contact_person(&token, &id, &reason).await;
                if erased.is_disposed() {
                    return;
                }
                match answer {
                    Ok(report) => {
                        asking.set(false);
                        exported.set(None);
                        erased.set(Some(report));
                    }
                    Err(error) => failure.set(Some(problem(error))),
                }
            }
        }
    });
    let confirm = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        erase.dispatch_local(reason.get_untracked());
    };
    let open = {
        let reason_id = reason_id.clone();
        move |_| {
            failure.set(None);
            let now = !asking.get_untracked();
            asking.set(now);
            if now {
                crate::focus::focus(&reason_id);
            }
        }
    };
    let body = move || {
        if let Some(report) = erased.get() {
            let rows: u64 = report.scrubbed.values().sum();
            return view! {
                <p class="banner banner-warn" role="status" data-testid="privacy-erased">
                    {move || format!("{} {}", t(i18n.lang.get(), T::Erased), number(i18n.lang.get(), rows))}
                </p>
            }
            .into_any();
        }
        let ContactPersonMatch { company, company_name, person, changed_at, last_contact, .. } = hit.clone();
        let fact = |key: T, value: String| {
            (!value.is_empty()).then(|| view! { <div><dt>{tr(i18n, key)}</dt><dd>{value}</dd></div> })
        };
        let last = last_contact.map(day);
        view! {
            <h3>{person.name.clone()}</h3>
            <dl class="facts">
                {fact(T::Role, person.role.clone())}
                {fact(T::Phone, person.phone.clone())}
                {fact(T::Email, person.email.clone())}
                {fact(T::Company, format!("{company_name} (CVR {company})"))}
                {fact(T::ListChanged, day(changed_at.date_naive()))}
                <div>
                    <dt>{tr(i18n, T::LastContact)}</dt>
                    <dd>{move || last.clone().unwrap_or_else(|| t(i18n.lang.get(), T::NoContact).to_owned())}</dd>
                </div>
            </dl>
            <div class="button-row">
                <button type="button" class="button" data-testid="privacy-export" disabled=move || export.pending().get()
                    on:click=move |_| { failure.set(None); export.dispatch_local(()); }>
                    {move || t(i18n.lang.get(), if export.pending().get() { T::Exporting } else { T::Export })}
                </button>
                <button type="button" class="button button-danger" data-testid="privacy-erase"
                    aria-expanded=move || asking.get().to_string() aria-controls=controls.clone() on:click=open.clone()>
                    {tr(i18n, T::Erase)}
                </button>
            </div>
            {move || exported.get().map(|export| view! { <ExportSummary export /> })}
        }
        .into_any()
    };
    view! {
        <li class="panel" data-testid=testid data-id=id.clone()
            data-erased=move || erased.with(Option::is_some).to_string()>
            {body}
            <Show when=move || asking.get()>
                <form class="banner banner-danger" id=panel_id.clone() novalidate on:submit=confirm>
                    <h4>{tr(i18n, T::EraseTitle)}</h4>
                    <p>{tr(i18n, T::EraseWhat)}</p>
                    <p><strong>{tr(i18n, T::EraseStays)}</strong></p>
                    <div class="field">
                        <label for=reason_id.clone()>{tr(i18n, T::Reason)}</label>
                        <textarea id=reason_id.clone() data-testid="privacy-erase-reason" rows="2" maxlength="500"
                            required bind:value=reason></textarea>
                    </div>
                    <div class="button-row">
                        <button type="submit" class="button button-danger" data-testid="privacy-erase-confirm"
                            disabled=move || erase.pending().get()>
                            {move || t(i18n.lang.get(), if erase.pending().get() { T::Erasing } else { T::Confirm })}
                        </button>
                        <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>
                            {tr(i18n, T::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <ErrorText message=failure />
        </li>
    }
}

/// What the export held, counted, and the company's contacts by date, unit and consultant.
#[component]
fn ExportSummary(export: ContactPersonExport) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lang = i18n.lang;
    let mentioning = export.contacts.iter().filter(|c| c.mentions_person).count();
    let contact_count = export.contacts.len();
    let line = move |n: usize, key: T| view! { <li>{move || counted(lang.get(), n, key)}</li> };
    let contacts = export
        .contacts
        .iter()
        .map(|c| {
            let notes = c.notes.clone().map(|n| format!(" — {n}"));
            view! { <li>{day(c.date)}" · "{c.unit_name.clone()}" · "{c.user_name.clone()}{notes}</li> }
        })
        .collect_view();
    view! {
        <div class="small" role="status" data-testid="privacy-exported">
            <p>{tr(i18n, T::Exported)}</p>
            <ul>
                {line(export.records.len(), T::Records)}
                <li>
                    {move || counted(lang.get(), contact_count, T::Contacts)}
                    {move || format!(" ({} {})", number(lang.get(), mentioning as u64), t(lang.get(), T::Mentioning))}
                </li>
                {line(export.follow_ups.len(), T::FollowUps)}
                {line(export.feedback.len(), T::Feedback)}
                {line(export.conflicts.len(), T::Conflicts)}
                {export.company_note.is_some().then(|| view! { <li>{tr(i18n, T::CompanyNote)}</li> })}
                {line(export.audit.len(), T::AuditEntries)}
            </ul>
            <details hidden=contact_count == 0>
                <summary>{tr(i18n, T::Contacts)}</summary>
                <ul>{contacts}</ul>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erasure_needs_a_reason_of_at_most_500_characters() {
        assert_eq!(erasure_reason("  Personens anmodning "), Some("Personens anmodning".to_owned()));
        assert_eq!(erasure_reason(" \n "), None);
        assert!(erasure_reason(&"ø".repeat(500)).is_some());
        assert_eq!(erasure_reason(&"a".repeat(501)), None);
    }

    #[test]
    fn the_export_file_is_named_by_the_persons_id_only() {
        assert_eq!(
            export_file_name("25052943-0123456789abcdef"),
            "kontaktpunkt-kontaktperson-25052943-0123456789abcdef.json"
        );
        assert_eq!(export_file_name("../x y"), "kontaktpunkt-kontaktperson-xy.json");
    }
}
