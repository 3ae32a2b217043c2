//! "Log kontakt": the form that records a contact with the company.

use super::context::CompanyCtx;
use super::fields::{FieldError, FieldErrors, TextArea, TextInput, invalid};
use super::labels::{kind_key, purpose_key};
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::outbox::Queued;
use crate::rules::parse_date;
use crate::services::records::today;
use crate::services::{Records, SessionService};
use kontaktpunkt_domain::{Contact, ContactError, ContactKind, FollowUp, Purpose};
use leptos::prelude::*;
use uuid::Uuid;

/// The fields' ids; each field's error is `#<id>-error`.
const PURPOSES: &str = "contact-purposes";
const DATE: &str = "contact-date";
const NOTES: &str = "contact-notes";
const FOLLOW_DATE: &str = "follow-up-date";
const FOLLOW_NOTE: &str = "follow-up-note";

/// What is typed in the form.
#[derive(Clone, Copy)]
struct Draft {
    kind: RwSignal<ContactKind>,
    purposes: RwSignal<Vec<Purpose>>,
    date: RwSignal<String>,
    notes: RwSignal<String>,
    follow_date: RwSignal<String>,
    follow_note: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        let draft = Self {
            kind: RwSignal::new(ContactKind::Visit),
            purposes: RwSignal::new(Vec::new()),
            date: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            follow_date: RwSignal::new(String::new()),
            follow_note: RwSignal::new(String::new()),
        };
        draft.fill(None);
        draft
    }

    /// A new contact's values (a visit, today), or those of the contact being corrected.
    fn fill(self, contact: Option<&Contact>) {
        let follow_up = contact.and_then(|c| c.follow_up.as_ref());
        self.kind.set(contact.map_or(ContactKind::Visit, |c| c.kind));
        self.purposes.set(contact.map(|c| c.purposes.clone()).unwrap_or_default());
        self.date.set(contact.map_or_else(today, |c| c.date).to_string());
        self.notes.set(contact.map(|c| c.notes.clone()).unwrap_or_default());
        self.follow_date.set(follow_up.map(|f| f.due.to_string()).unwrap_or_default());
        self.follow_note.set(follow_up.map(|f| f.note.clone()).unwrap_or_default());
    }
}

/// Kind (`select#contact-kind`), purposes (`input[name=purpose]`), date (today), notes
/// (`textarea#contact-notes`), an optional follow-up. Validated by the domain's rules; saved
/// on the device at once (with its outbox entry, `button#contact-save`), synced later.
///
/// Correcting a refused contact (`ctx.fixing`, which arrives after the screen opens) fills
/// the form with it, and the save replaces its outbox entry.
#[component]
pub fn ContactForm() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let draft = Draft::new();
    let errors = FieldErrors::default();
    let failure = RwSignal::new(None::<Key>);
    Effect::new(move || {
        ctx.fixing.with(|fixing| {
            if let Some((_, contact)) = fixing.as_ref().filter(|(_, c)| c.company == ctx.cvr.get_value()) {
                errors.clear();
                draft.fill(Some(contact));
            }
        });
    });
    let save = Action::new_local(move |(contact, fixing): &(Contact, Option<Queued>)| {
        let (contact, fixing) = (contact.clone(), fixing.clone());
        async move {
            let id = contact.id;
            let result = match fixing {
                Some(entry) => records.fix_contact(entry, contact).await,
                None => records.log_contact(contact).await,
            };
            match result {
                Ok(()) => {
                    ctx.fixing.set(None);
                    draft.fill(None);
                    ctx.notice.set(None);
                    ctx.saved.set(Some(id));
                    focus("feedback-start");
                }
                Err(key) => failure.set(Some(key)),
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let Some((user_id, unit_id)) = session.with_untracked(|s| {
            s.as_ref().map(|s| (s.user.id, s.user.unit_id.or(s.unit.as_ref().map(|u| u.id))))
        }) else {
            return failure.set(Some(Key::ErrSessionExpired));
        };
        let mut found: Vec<(&'static str, Key)> = Vec::new();
        let day = draft.date.with_untracked(|d| parse_date(d));
        if day.is_none() {
            found.push((DATE, Key::ErrInvalidDate));
        }
        let follow_date = draft.follow_date.with_untracked(|d| d.trim().to_owned());
        let due = parse_date(&follow_date);
        if !follow_date.is_empty() && due.is_none() {
            found.push((FOLLOW_DATE, Key::ErrInvalidDate));
        }
        let fixing = ctx.fixing.get_untracked().map(|(entry, _)| entry);
        let trimmed = |value: RwSignal<String>| value.with_untracked(|v| v.trim().to_owned());
        let chosen = draft.purposes.get_untracked();
        let contact = Contact {
            id: fixing.as_ref().and_then(|e| e.record_id).unwrap_or_else(Uuid::now_v7),
            company: ctx.cvr.get_value(),
            unit_id: unit_id.unwrap_or_default(),
            user_id,
            kind: draft.kind.get_untracked(),
            // In the form's order, so the record reads the same everywhere.
            purposes: Purpose::ALL.into_iter().filter(|p| chosen.contains(p)).collect(),
            date: day.unwrap_or_else(today),
            notes: trimmed(draft.notes),
            follow_up: due.map(|due| FollowUp { due, note: trimmed(draft.follow_note) }),
        };
        if let Err(rule_errors) = contact.validate(today()) {
            found.extend(rule_errors.iter().map(field_error));
        }
        if !errors.show(found) {
            save.dispatch_local((contact, fixing));
        }
    };
    let kinds = ContactKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option value=kind.as_str() prop:selected=move || draft.kind.get() == kind>
                    {i18n.tr(kind_key(kind))}
                </option>
            }
        })
        .collect_view();
    let on_kind = move |ev| {
        if let Some(kind) = ContactKind::parse(&event_target_value(&ev)) {
            draft.kind.set(kind);
        }
    };
    let purposes_error = errors.of(i18n, PURPOSES);
    let purposes = Purpose::ALL
        .into_iter()
        .map(|purpose| {
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                draft.purposes.update(|chosen| {
                    chosen.retain(|p| *p != purpose);
                    if on {
                        chosen.push(purpose);
                    }
                });
            };
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="purpose"
                        value=purpose.as_str()
                        prop:checked=move || draft.purposes.with(|chosen| chosen.contains(&purpose))
                        on:change=toggle
                    />
                    <span>{i18n.tr(purpose_key(purpose))}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <section class="panel" aria-labelledby="contact-form-title">
            <h2 id="contact-form-title">{i18n.tr(Key::LogContact)}</h2>
            <form id="contact-form" class="form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="contact-kind">{i18n.tr(Key::ContactKind)}</label>
                    <select id="contact-kind" name="kind" on:change=on_kind>{kinds}</select>
                </div>
                <fieldset
                    class="field purposes"
                    id=PURPOSES
                    tabindex="-1"
                    aria-invalid=invalid(purposes_error)
                    aria-describedby="contact-purposes-error"
                >
                    <legend>{i18n.tr(Key::Purposes)}</legend>
                    {purposes}
                    <FieldError id=PURPOSES error=purposes_error />
                </fieldset>
                <TextInput
                    id=DATE
                    name="date"
                    label=Key::ContactDate
                    kind="date"
                    required=true
                    max=today().to_string()
                    value=draft.date
                    error=errors.of(i18n, DATE)
                />
                <TextArea id=NOTES name="notes" label=Key::Notes rows="4" value=draft.notes error=errors.of(i18n, NOTES) />
                <div class="field-row">
                    <TextInput
                        id=FOLLOW_DATE
                        name="follow_up_date"
                        label=Key::FollowUpDate
                        kind="date"
                        value=draft.follow_date
                        error=errors.of(i18n, FOLLOW_DATE)
                    />
                    <TextInput
                        id=FOLLOW_NOTE
                        name="follow_up_note"
                        label=Key::FollowUpNote
                        value=draft.follow_note
                        error=errors.of(i18n, FOLLOW_NOTE)
                    />
                </div>
                {alert(i18n, failure)}
                <button id="contact-save" type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {i18n.tr(Key::Save)}
                </button>
            </form>
        </section>
    }
}

fn field_error(error: &ContactError) -> (&'static str, Key) {
    match error {
        ContactError::NoPurpose => (PURPOSES, Key::ErrNoPurpose),
        ContactError::DuplicatePurpose => (PURPOSES, Key::ErrDuplicatePurpose),
        ContactError::DateInFuture => (DATE, Key::ErrDateInFuture),
        ContactError::NotesTooLong { .. } => (NOTES, Key::ErrNotesTooLong),
        ContactError::FollowUpBeforeContact => (FOLLOW_DATE, Key::ErrFollowUpBeforeContact),
        ContactError::FollowUpNoteTooLong { .. } => (FOLLOW_NOTE, Key::ErrFollowUpNoteTooLong),
    }
}
