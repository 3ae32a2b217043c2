use crate::actions::today;
use crate::components::feedback_form::FeedbackForm;
use crate::i18n::{Key, satisfaction, text};
use crate::outbox::EntryStatus;
use crate::pages::company::{CompanyCtx, CompanyData};
use crate::rules::{is_parallel, newest_first};
use crate::state::AppState;
use crate::store::StoredContact;
use kontaktpunkt_domain::{ContactKind, Feedback, Purpose};
use leptos::prelude::*;

/// "Who else has contacted it": every unit's contacts, newest first, recent ones of other
/// units marked as parallel contact; the user's own contacts offer feedback and follow-up.
#[component]
pub fn ContactList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    let rows = Memo::new(move |_| {
        ctx.data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            let mut contacts = d.records.contacts.clone();
            newest_first(&mut contacts, |c| &c.contact);
            contacts
        })
    });
    view! {
        <section class="panel contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{move || i18n.t(Key::ContactsTitle)}</h2>
            {move || ctx.notice.get().map(|key| view! { <p class="notice" role="status">{move || i18n.t(key)}</p> })}
            {move || ctx.saved.get().map(|id| view! {
                <div class="notice saved" role="status">
                    <p>{move || i18n.t(Key::ContactSaved)}</p>
                    <button type="button" id="feedback-start" class="button button-primary" on:click=move |_| {
                        ctx.notice.set(None);
                        ctx.feedback_for.set(Some(id));
                    }>
                        {move || i18n.t(Key::GiveFeedback)}
                    </button>
                </div>
            })}
            {move || ctx.feedback_for.get().map(|contact_id| view! { <FeedbackForm contact_id /> })}
            <Show when=move || ctx.data.with(|d| d.is_some()) && rows.with(Vec::is_empty)>
                <p class="muted">{move || i18n.t(Key::NoContacts)}</p>
            </Show>
            <ul class="contact-list">
                <For each=move || rows.get() key=|c| (c.contact.id, c.follow_up_done_on) let:stored>
                    <ContactItem stored />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn ContactItem(stored: StoredContact) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    let (me, my_unit) = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| (Some(s.user.id), s.user.unit_id)))
        .unwrap_or_default();
    let contact = stored.contact.clone();
    let id = contact.id;
    let own = Some(contact.user_id) == me;
    let parallel = is_parallel(&contact, my_unit, today());
    let status = move || ctx.data.with(|d| d.as_ref().and_then(|d| d.status(id)));
    let unit =
        move || ctx.data.with(|d| d.as_ref().and_then(|d| d.unit_names.get(&contact.unit_id).cloned()));
    let feedback = move || {
        ctx.data.with(|d: &Option<CompanyData>| {
            d.as_ref()
                .map(|d| {
                    d.records.feedback.iter().filter(|f| f.contact_id == id).cloned().collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let purposes = contact.purposes.clone();
    let kind = contact.kind;
    let follow_up = contact.follow_up.clone();
    let done_on = stored.follow_up_done_on;
    let complete = Action::new_local(move |_: &()| {
        let stored = stored.clone();
        async move {
            if let Err(key) = state.complete_follow_up(stored).await {
                state.sync.problem.set(Some(key));
            }
        }
    });

    view! {
        <li
            class="contact-item"
            class:contact-parallel=parallel
            data-testid="contact-item"
            data-id=id.to_string()
            data-pending=move || status().is_some().to_string()
            data-parallel=parallel.to_string()
        >
            <div class="contact-head">
                <strong class="contact-unit">{move || unit().unwrap_or_else(|| i18n.t(Key::UnknownUnit).to_owned())}</strong>
                <time datetime=contact.date.to_string()>{format_date(contact.date)}</time>
                <span class="contact-kind">{move || i18n.t(kind_key(kind))}</span>
                {parallel.then(|| view! {
                    <span class="badge badge-warn" title=move || i18n.t(Key::ParallelHint)>{move || i18n.t(Key::ParallelContact)}</span>
                })}
                <StatusBadge status=Signal::derive(status) />
            </div>
            <p class="contact-purposes">
                {move || {
                    let lang = i18n.lang.get();
                    purposes.iter().map(|p| text(lang, purpose_key(*p))).collect::<Vec<_>>().join(" · ")
                }}
            </p>
            // Free-text notes stay within the unit (minimal visibility across units).
            {(Some(contact.unit_id) == my_unit && !contact.notes.is_empty()).then(|| view! {
                <p class="contact-notes">{contact.notes.clone()}</p>
            })}
            {follow_up.map(|f| view! {
                <p class="contact-follow-up">
                    <span class="muted">{move || i18n.t(Key::FollowUp)} ": "</span>
                    <time datetime=f.due.to_string()>{format_date(f.due)}</time>
                    {(!f.note.is_empty()).then(|| format!(" — {}", f.note))}
                    {match done_on {
                        Some(day) => view! {
                            <span class="badge badge-ok">{move || i18n.t(Key::FollowUpDone)} " " {format_date(day)}</span>
                        }.into_any(),
                        None if own => view! {
                            <button type="button" class="button button-small follow-up-done"
                                disabled=move || complete.pending().get()
                                on:click=move |_| { complete.dispatch_local(()); }>
                                {move || i18n.t(Key::MarkFollowUpDone)}
                            </button>
                        }.into_any(),
                        None => ().into_any(),
                    }}
                </p>
            })}
            <ul class="feedback-list">
                <For each=feedback key=|f| f.id let:item>
                    <FeedbackItem item />
                </For>
            </ul>
            {own.then(|| view! {
                <button type="button" class="button button-small feedback-start" on:click=move |_| {
                    ctx.notice.set(None);
                    ctx.feedback_for.set(Some(id));
                }>
                    {move || i18n.t(Key::GiveFeedback)}
                </button>
            })}
        </li>
    }
}

#[component]
fn FeedbackItem(item: Feedback) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    let id = item.id;
    let status = move || ctx.data.with(|d| d.as_ref().and_then(|d| d.status(id)));
    view! {
        <li class="feedback-item" data-testid="feedback-item" data-id=id.to_string() data-pending=move || status().is_some().to_string()>
            <span>{move || satisfaction(i18n.lang.get(), item.satisfaction)}</span>
            " · "
            <span>{move || i18n.t(if item.relevant { Key::RelevantYes } else { Key::RelevantNo })}</span>
            {(!item.comment.is_empty()).then(|| view! { <q class="feedback-comment">{item.comment.clone()}</q> })}
            <StatusBadge status=Signal::derive(status) />
        </li>
    }
}

/// "Ikke synkroniseret" / "Afvist" next to a record.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<Option<EntryStatus>>) -> impl IntoView {
    let i18n = expect_context::<AppState>().i18n;
    move || {
        status.get().map(|s| {
            let (class, key) = match s {
                EntryStatus::Pending => ("badge badge-pending", Key::StatusPending),
                EntryStatus::Rejected => ("badge badge-danger", Key::StatusRejected),
            };
            view! { <span class=class>{move || i18n.t(key)}</span> }
        })
    }
}

/// "23.11.2026" (Danish style; also readable in English).
pub fn format_date(day: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{}.{}.{}", day.day(), day.month(), day.year())
}

pub fn kind_key(kind: ContactKind) -> Key {
    match kind {
        ContactKind::Visit => Key::KindVisit,
        ContactKind::Phone => Key::KindPhone,
        ContactKind::Meeting => Key::KindMeeting,
        ContactKind::Event => Key::KindEvent,
        ContactKind::Email => Key::KindEmail,
    }
}

pub fn purpose_key(purpose: Purpose) -> Key {
    match purpose {
        Purpose::Recruitment => Key::PurposeRecruitment,
        Purpose::JobTraining => Key::PurposeJobTraining,
        Purpose::WageSubsidy => Key::PurposeWageSubsidy,
        Purpose::Retention => Key::PurposeRetention,
        Purpose::BusinessDevelopment => Key::PurposeBusinessDevelopment,
        Purpose::PupilPlacement => Key::PurposePupilPlacement,
        Purpose::YouthEmployment => Key::PurposeYouthEmployment,
        Purpose::Other => Key::PurposeOther,
    }
}
