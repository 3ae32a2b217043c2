//! "Who else has contacted it": every unit's contacts, newest first, recent ones of other
//! units marked as parallel contact; the user's own contacts offer feedback and follow-up.

use super::context::{CompanyCtx, CompanyData};
use super::labels::{format_date, kind_key, purpose_key};
use crate::components::status_badge::StatusBadge;
use crate::i18n::{I18n, Key, satisfaction};
use crate::outbox::EntryStatus;
use crate::rules::{newest_first, parse_date};
use crate::services::records::today;
use crate::services::{Records, SessionService, SyncService};
use crate::store::StoredContact;
use kontaktpunkt_domain::coordination::is_parallel_contact;
use kontaktpunkt_domain::{ContactKind, Purpose};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use uuid::Uuid;

/// One contact as the list shows it. It is also the item's key in the list, so an item is
/// rebuilt exactly when something it shows changes (its sync status, a feedback, the
/// follow-up done) and left alone when a sync changes nothing about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: Uuid,
    /// `YYYY-MM-DD`.
    date: String,
    kind: ContactKind,
    purposes: Vec<Purpose>,
    /// Only for the user's own unit, unless the author shared them: free-text notes stay
    /// within the unit.
    notes: Option<String>,
    /// Due date and note.
    follow_up: Option<(String, String)>,
    follow_up_done_on: Option<String>,
    /// Why it was made although the company asked not to be contacted.
    dnc_reason: Option<String>,
    unit: Option<String>,
    author: Option<String>,
    own: bool,
    parallel: bool,
    status: Option<EntryStatus>,
    feedback: Vec<FeedbackRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FeedbackRow {
    id: Uuid,
    satisfaction: u8,
    relevant: Option<bool>,
    comment: String,
    status: Option<EntryStatus>,
}

/// The rows of the company's contacts, newest first.
fn rows(data: &CompanyData, me: Option<Uuid>, my_unit: Option<Uuid>) -> Vec<Row> {
    let mut contacts: Vec<&StoredContact> = data.records.contacts.iter().collect();
    newest_first(&mut contacts, |c| (c.date.as_str(), c.id));
    let today = today();
    let feedback = |contact: Uuid| {
        let of_contact = data.records.feedback.iter().filter(move |f| f.contact_id == contact);
        of_contact
            .map(|f| FeedbackRow {
                id: f.id,
                satisfaction: f.satisfaction,
                relevant: f.relevance(),
                comment: f.comment.clone(),
                status: data.status(f.id),
            })
            .collect()
    };
    contacts
        .into_iter()
        .map(|c| Row {
            id: c.id,
            date: c.date.clone(),
            kind: c.kind,
            purposes: c.purposes.clone(),
            notes: ((Some(c.unit_id) == my_unit || c.notes_shared) && !c.notes.is_empty())
                .then(|| c.notes.clone()),
            follow_up: c.follow_up.as_ref().map(|f| (f.due.clone(), f.note.clone())),
            follow_up_done_on: c.follow_up_done_on.clone(),
            dnc_reason: c.do_not_contact_reason.clone(),
            unit: data.unit_name(c.unit_id).map(str::to_owned),
            author: data.colleague(c.user_id).map(|a| a.display_name.clone()),
            own: Some(c.user_id) == me,
            parallel: parse_date(&c.date)
                .is_some_and(|date| is_parallel_contact(c.unit_id, date, my_unit, today)),
            status: data.status(c.id),
            feedback: feedback(c.id),
        })
        .collect()
}

/// The list (`li[data-testid=contact-item]` with `data-id`, `data-pending`, `data-parallel`),
/// the confirmation after a save with `button#feedback-start`, and the open feedback form.
#[component]
pub fn ContactList() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let (me, my_unit) =
        session.with_untracked(|s| s.map(|s| (Some(s.user.id), s.user.unit_id))).unwrap_or_default();
    // `None` while the device is still reading the company's records.
    let rows = Memo::new(move |_| ctx.data.with(|d| d.as_ref().map(|d| rows(d, me, my_unit))));
    let complete_follow_up = Action::new_local(move |id: &Uuid| {
        let id = *id;
        let stored = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.contact(id).cloned()));
        async move {
            if let Some(stored) = stored
                && let Err(key) = records.complete_follow_up(stored).await
            {
                sync.report(key);
            }
        }
    });
    let delete = Action::new_local(move |id: &Uuid| {
        let id = *id;
        let stored = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.contact(id).cloned()));
        async move {
            if let Some(stored) = stored
                && let Err(key) = records.delete_contact(stored).await
            {
                sync.report(key);
            }
        }
    });

    view! {
        <section class="panel contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{i18n.tr(Key::ContactsTitle)}</h2>
            <div role="status">
                {move || ctx.notice.get().map(|key| view! { <p class="notice">{i18n.tr(key)}</p> })}
                {move || ctx.saved.get().map(|contact_id| view! {
                    <div class="notice saved">
                        <p>{i18n.tr(Key::ContactSaved)}</p>
                        <FeedbackStart contact_id id="feedback-start" class="button button-primary" />
                    </div>
                })}
            </div>
            <ul class="contact-list">
                {move || {
                    rows.with(|r| r.as_ref().is_some_and(Vec::is_empty))
                        .then(|| view! { <li class="muted">{i18n.tr(Key::NoContacts)}</li> })
                }}
                <For each=move || rows.get().unwrap_or_default() key=Row::clone let:row>
                    <ContactItem row complete_follow_up delete />
                </For>
            </ul>
        </section>
    }
}

/// Opens the feedback form for `contact_id`.
#[component]
fn FeedbackStart(
    contact_id: Uuid,
    class: &'static str,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let open = move |_| {
        ctx.notice.set(None);
        ctx.saved.set(None);
        ctx.feedback_for.set(Some(contact_id));
    };
    view! {
        <button type="button" id=id class=class on:click=open>
            {i18n.tr(Key::GiveFeedback)}
        </button>
    }
}

/// One contact: unit, author, date, kind, marks; purposes, notes, follow-up, feedback.
#[component]
fn ContactItem(row: Row, complete_follow_up: Action<Uuid, ()>, delete: Action<Uuid, ()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let confirming = RwSignal::new(false);
    let Row {
        id,
        date,
        kind,
        purposes,
        notes,
        follow_up,
        follow_up_done_on,
        dnc_reason,
        unit,
        author,
        own,
        parallel,
        status,
        feedback,
    } = row;
    let flag = |on: bool| if on { "true" } else { "false" };
    let purposes = move || purposes.iter().map(|p| i18n.t(purpose_key(*p))).collect::<Vec<_>>().join(" · ");
    let follow_up = follow_up.map(|(due, note)| {
        let done = match follow_up_done_on {
            Some(day) => EitherOf3::A(view! {
                <span class="badge badge-ok">{i18n.tr(Key::FollowUpDone)}" "{format_date(&day)}</span>
            }),
            None if own => EitherOf3::B(view! {
                <button
                    type="button"
                    class="button button-small follow-up-done"
                    disabled=move || complete_follow_up.pending().get()
                    on:click=move |_| {
                        complete_follow_up.dispatch_local(id);
                    }
                >
                    {i18n.tr(Key::MarkFollowUpDone)}
                </button>
            }),
            None => EitherOf3::C(()),
        };
        view! {
            <p class="contact-follow-up">
                <span class="muted">{i18n.tr(Key::FollowUp)}</span>
                ": "
                {format_date(&due)}
                {(!note.is_empty()).then(|| view! { " — "{note} })}
                " "
                {done}
            </p>
        }
    });
    // Own, synced contacts can be deleted (a tombstone for every device); not one with
    // feedback, which is the company's answer about it.
    let deletable = own && status.is_none();
    let has_feedback = !feedback.is_empty();
    let edit_button = own.then(|| {
        let ctx = expect_context::<CompanyCtx>();
        view! {
            <button
                type="button"
                class="button button-small button-quiet"
                data-testid="contact-edit"
                on:click=move |_| {
                    ctx.editing.set(ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.contact(id).cloned())));
                }
            >
                {i18n.tr(Key::EditContact)}
            </button>
        }
    });
    let delete_controls = deletable.then(|| {
        if has_feedback {
            return view! { <p class="muted small" data-testid="contact-undeletable">{i18n.tr(Key::ContactHasFeedback)}</p> }.into_any();
        }
        view! {
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button button-small button-quiet" data-testid="contact-delete" on:click=move |_| confirming.set(true)>
                        {i18n.tr(Key::DeleteContact)}
                    </button>
                }
            >
                <div class="button-row" role="group" aria-label=i18n.tr(Key::DeleteContactConfirm)>
                    <span>{i18n.tr(Key::DeleteContactConfirm)}</span>
                    <button type="button" class="button button-small button-danger" data-testid="contact-delete-confirm"
                        disabled=move || delete.pending().get()
                        on:click=move |_| { delete.dispatch_local(id); }>
                        {i18n.tr(Key::DeleteContact)}
                    </button>
                    <button type="button" class="button button-small" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                </div>
            </Show>
        }
        .into_any()
    });
    // A contact's few feedbacks: the item is rebuilt when they change (see `Row`).
    let feedback = feedback
        .into_iter()
        .map(|f| {
            let n = f.satisfaction;
            view! {
                <li class="feedback-item" data-testid="feedback-item" data-id=f.id.to_string() data-pending=flag(f.status.is_some())>
                    <span>{move || satisfaction(i18n.lang.get(), n)}</span>
                    {f.relevant.map(|yes| view! {
                        " · "<span>{i18n.tr(if yes { Key::RelevantYes } else { Key::RelevantNo })}</span>
                    })}
                    {(!f.comment.is_empty()).then(|| view! { <q class="feedback-comment">{f.comment}</q> })}
                    <StatusBadge status=f.status />
                </li>
            }
        })
        .collect_view();

    view! {
        <li
            class=if parallel { "contact-item contact-parallel" } else { "contact-item" }
            data-testid="contact-item"
            data-id=id.to_string()
            data-pending=flag(status.is_some())
            data-parallel=flag(parallel)
        >
            <div class="contact-head">
                <strong class="contact-unit">
                    {match unit {
                        Some(unit) => Either::Left(unit),
                        None => Either::Right(i18n.tr(Key::UnknownUnit)),
                    }}
                </strong>
                {author.map(|author| view! { <span class="contact-author">{author}</span> })}
                <time datetime=date.clone()>{format_date(&date)}</time>
                <span class="contact-kind">{i18n.tr(kind_key(kind))}</span>
                {parallel.then(|| view! {
                    <span class="badge badge-warn" title=i18n.tr(Key::ParallelHint)>{i18n.tr(Key::ParallelContact)}</span>
                })}
                <StatusBadge status />
            </div>
            <p class="contact-purposes">{purposes}</p>
            {dnc_reason.map(|reason| view! {
                <p class="contact-dnc" data-testid="dnc-override">
                    <span class="badge badge-danger">{i18n.tr(Key::DncOverride)}</span>
                    " "
                    {reason}
                </p>
            })}
            {notes.map(|notes| view! { <p class="contact-notes">{notes}</p> })}
            {follow_up}
            <ul class="feedback-list">{feedback}</ul>
            {own.then(|| view! { <FeedbackStart contact_id=id class="button button-small feedback-start" /> })}
            {edit_button}
            {delete_controls}
        </li>
    }
}
