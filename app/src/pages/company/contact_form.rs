//! "Log kontakt": the form that records a contact with the company.

use super::context::CompanyCtx;
use super::fields::{FieldError, FieldErrors, TextArea, TextInput, invalid};
use super::labels::{format_date, kind_key, purpose_key};
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::outbox::Queued;
use crate::rules::parse_date;
use crate::services::records::today;
use crate::services::{Records, SessionService};
use crate::store::StoredContact;
use kontaktpunkt_domain::contact::needs_do_not_contact_reason;
use kontaktpunkt_domain::coordination::parallel_to;
use kontaktpunkt_domain::{Contact, ContactError, ContactKind, FollowUp, Purpose};
use leptos::prelude::*;
use uuid::Uuid;

/// The fields' ids; each field's error is `#<id>-error`. The do-not-contact confirmation's
/// fieldset (its checkbox's error) and its reason come first: they are asked first.
const DNC_CONFIRM: &str = "dnc-confirm";
const DNC_REASON: &str = "dnc-confirm-reason";
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
    /// The author shares the notes with every unit (unshared, only their own unit reads them).
    notes_shared: RwSignal<bool>,
    follow_date: RwSignal<String>,
    follow_note: RwSignal<String>,
    /// The user confirmed contacting a company that asked not to be, and why.
    dnc_confirmed: RwSignal<bool>,
    dnc_reason: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        let draft = Self {
            kind: RwSignal::new(ContactKind::Visit),
            purposes: RwSignal::new(Vec::new()),
            date: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            notes_shared: RwSignal::new(false),
            follow_date: RwSignal::new(String::new()),
            follow_note: RwSignal::new(String::new()),
            dnc_confirmed: RwSignal::new(false),
            dnc_reason: RwSignal::new(String::new()),
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
        self.notes_shared.set(contact.is_some_and(|c| c.notes_shared));
        self.follow_date.set(follow_up.map(|f| f.due.to_string()).unwrap_or_default());
        self.follow_note.set(follow_up.map(|f| f.note.clone()).unwrap_or_default());
        let reason = contact.and_then(|c| c.do_not_contact_reason.clone());
        self.dnc_confirmed.set(reason.is_some());
        self.dnc_reason.set(reason.unwrap_or_default());
    }

    /// Nothing typed beyond the defaults: "Log kontakt" may start it afresh (a visit, today).
    fn untouched(self) -> bool {
        self.purposes.with_untracked(Vec::is_empty)
            && self.notes.with_untracked(|n| n.trim().is_empty())
            && self.follow_date.with_untracked(|d| d.trim().is_empty())
            && self.follow_note.with_untracked(|n| n.trim().is_empty())
            && self.dnc_reason.with_untracked(|r| r.trim().is_empty())
    }
}

/// What a save does: log a new contact, correct a refused one, or edit one of the user's own.
#[derive(Clone)]
enum Target {
    New,
    Fix(Queued),
    Edit(StoredContact),
}

/// Another unit's contact the form warns about: unit, person, date, planned or logged.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParallelRow {
    unit: Option<String>,
    person: Option<String>,
    /// `YYYY-MM-DD`.
    date: String,
    planned: bool,
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
    let my_unit =
        session.with_untracked(|s| s.and_then(|s| s.user.unit_id.or(s.unit.as_ref().map(|u| u.id))));
    // The date as typed (today while it is not a date yet): the warnings follow it.
    let contact_date = Memo::new(move |_| draft.date.with(|d| parse_date(d)).unwrap_or_else(today));
    let flagged_since =
        Memo::new(move |_| ctx.data.with(|d| d.as_ref().and_then(|d| d.flagged_since(my_unit))));
    let needs_reason =
        Memo::new(move |_| needs_do_not_contact_reason(contact_date.get(), flagged_since.get()));
    let parallel = Memo::new(move |_| {
        let date = contact_date.get();
        ctx.data.with(|d| {
            let Some(d) = d.as_ref() else { return Vec::new() };
            let facts = d.facts();
            parallel_to(date, my_unit, &facts)
                .into_iter()
                .map(|f| ParallelRow {
                    unit: d.unit_name(f.unit_id).map(str::to_owned),
                    person: d.colleague(f.user_id).map(|c| c.display_name.clone()),
                    date: f.date.to_string(),
                    planned: f.planned,
                })
                .collect::<Vec<_>>()
        })
    });
    // "Log kontakt" at the top: a fresh visit today unless something is typed, then the form.
    Effect::new(move |seen: Option<u32>| {
        let pressed = ctx.open_form.get();
        if seen.is_some_and(|seen| seen != pressed) {
            if ctx.fixing.with_untracked(Option::is_none) && draft.untouched() {
                draft.fill(None);
            }
            // The form's heading at the top, so its first part (the confirmation) is whole.
            if let Some(heading) = document().get_element_by_id("contact-form-title") {
                heading.scroll_into_view();
            }
            focus(if needs_reason.get_untracked() { "dnc-confirm-check" } else { "contact-kind" });
        }
        pressed
    });
    // "Ret" on one of the user's own contacts fills the form with it.
    Effect::new(move || {
        ctx.editing.with(|editing| {
            if let Some(contact) = editing.as_ref().and_then(StoredContact::to_contact) {
                errors.clear();
                failure.set(None);
                draft.fill(Some(&contact));
                if let Some(heading) = document().get_element_by_id("contact-form-title") {
                    heading.scroll_into_view();
                }
                focus("contact-kind");
            }
        });
    });
    Effect::new(move || {
        ctx.fixing.with(|fixing| {
            if let Some((_, contact)) = fixing.as_ref().filter(|(_, c)| c.company == ctx.cvr.get_value()) {
                errors.clear();
                draft.fill(Some(contact));
            }
        });
    });
    let save = Action::new_local(move |(contact, target): &(Contact, Target)| {
        let (contact, target) = (contact.clone(), target.clone());
        async move {
            let id = contact.id;
            let edited = matches!(target, Target::Edit(_));
            let result = match target {
                Target::Fix(entry) => records.fix_contact(entry, contact).await,
                Target::Edit(previous) => records.update_contact(previous, contact).await,
                Target::New => records.log_contact(contact).await,
            };
            match result {
                Ok(()) => {
                    ctx.fixing.set(None);
                    ctx.editing.set(None);
                    draft.fill(None);
                    if edited {
                        ctx.notice.set(Some(Key::ContactUpdated));
                    } else {
                        ctx.notice.set(None);
                        ctx.saved.set(Some(id));
                        focus("feedback-start");
                    }
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
        let editing = ctx.editing.get_untracked();
        let target = match (ctx.fixing.get_untracked(), editing.clone()) {
            (Some((entry, _)), _) => Target::Fix(entry),
            (None, Some(previous)) => Target::Edit(previous),
            (None, None) => Target::New,
        };
        let trimmed = |value: RwSignal<String>| value.with_untracked(|v| v.trim().to_owned());
        let chosen = draft.purposes.get_untracked();
        let contact = Contact {
            id: match &target {
                Target::Fix(entry) => entry.record_id.unwrap_or_else(Uuid::now_v7),
                Target::Edit(previous) => previous.id,
                Target::New => Uuid::now_v7(),
            },
            company: ctx.cvr.get_value(),
            // An edit keeps who made the contact and for which unit.
            unit_id: editing.as_ref().map_or(unit_id.unwrap_or_default(), |e| e.unit_id),
            user_id: editing.as_ref().map_or(user_id, |e| e.user_id),
            kind: draft.kind.get_untracked(),
            // In the form's order, so the record reads the same everywhere.
            purposes: Purpose::ALL.into_iter().filter(|p| chosen.contains(p)).collect(),
            date: day.unwrap_or_else(today),
            notes: trimmed(draft.notes),
            follow_up: due.map(|due| FollowUp { due, note: trimmed(draft.follow_note) }),
            do_not_contact_reason: None,
            notes_shared: draft.notes_shared.get_untracked(),
        };
        // Asked only while the company's flag covers the contact's date; then it must be both
        // ticked and explained (the domain's rule, as the server applies it).
        let needed = needs_do_not_contact_reason(contact.date, flagged_since.get_untracked());
        let contact = Contact {
            do_not_contact_reason: (needed && draft.dnc_confirmed.get_untracked())
                .then(|| trimmed(draft.dnc_reason))
                .filter(|r| !r.is_empty()),
            ..contact
        };
        if contact.check_do_not_contact(flagged_since.get_untracked()).is_err() {
            let missing_reason = draft.dnc_confirmed.get_untracked();
            found.insert(
                0,
                if missing_reason {
                    (DNC_REASON, Key::ErrDncReason)
                } else {
                    (DNC_CONFIRM, Key::ErrDncConfirm)
                },
            );
        }
        if let Err(rule_errors) = contact.validate(today()) {
            found.extend(rule_errors.iter().map(field_error));
        }
        if !errors.show(found) {
            save.dispatch_local((contact, target));
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

    let dnc_error = errors.of(i18n, DNC_CONFIRM);
    let dnc_reason_error = errors.of(i18n, DNC_REASON);
    let dnc_confirm = move || {
        needs_reason.get().then(|| {
            view! {
                <fieldset
                    class="field banner banner-danger dnc-confirm"
                    data-testid="dnc-confirm"
                    id=DNC_CONFIRM
                    tabindex="-1"
                    aria-invalid=invalid(dnc_error)
                    aria-describedby="dnc-confirm-hint dnc-confirm-error"
                >
                    <legend>{i18n.tr(Key::DoNotContactBanner)}</legend>
                    <label class="check">
                        <input
                            type="checkbox"
                            id="dnc-confirm-check"
                            name="dnc_confirmed"
                            prop:checked=move || draft.dnc_confirmed.get()
                            on:change=move |ev| draft.dnc_confirmed.set(event_target_checked(&ev))
                        />
                        <span>{i18n.tr(Key::DncConfirmCheck)}</span>
                    </label>
                    <TextArea
                        id=DNC_REASON
                        name="dnc_reason"
                        label=Key::DncConfirmReason
                        rows="2"
                        required=true
                        value=draft.dnc_reason
                        error=dnc_reason_error
                    />
                    <p class="small" id="dnc-confirm-hint">{i18n.tr(Key::DncConfirmHint)}</p>
                    <FieldError id=DNC_CONFIRM error=dnc_error />
                </fieldset>
            }
        })
    };
    let parallel_warning = move || {
        parallel.with(|rows| !rows.is_empty()).then(|| view! {
            <div class="banner banner-warn parallel-warning" data-testid="parallel-warning" role="note">
                <p><strong>{i18n.tr(Key::ParallelWarningTitle)}</strong></p>
                <ul>
                    {move || parallel.get().into_iter().map(|row| {
                        let unit = row.unit.clone();
                        let planned = row.planned;
                        view! {
                            <li data-testid="parallel-contact">
                                <strong>{move || unit.clone().unwrap_or_else(|| i18n.t(Key::UnknownUnit).to_owned())}</strong>
                                {row.person.map(|p| view! { " · "{p} })}
                                " · "
                                {format_date(&row.date)}
                                {planned.then(|| view! { " ("{i18n.tr(Key::Planned)}")" })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    };

    view! {
        <section class="panel" aria-labelledby="contact-form-title">
            <h2 id="contact-form-title">
                {move || i18n.t(if ctx.editing.with(Option::is_some) { Key::EditContactTitle } else { Key::LogContact })}
            </h2>
            <form id="contact-form" class="form" novalidate on:submit=on_submit>
                {dnc_confirm}
                {parallel_warning}
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
                <label class="check">
                    <input
                        type="checkbox"
                        id="contact-notes-shared"
                        name="notes_shared"
                        prop:checked=move || draft.notes_shared.get()
                        on:change=move |ev| draft.notes_shared.set(event_target_checked(&ev))
                    />
                    <span>{i18n.tr(Key::NotesShared)}</span>
                </label>
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
                <button
                    id="contact-edit-cancel"
                    type="button"
                    class="button"
                    hidden=move || ctx.editing.with(Option::is_none)
                    on:click=move |_| {
                        ctx.editing.set(None);
                        errors.clear();
                        draft.fill(None);
                    }
                >
                    {i18n.tr(Key::Cancel)}
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
        ContactError::DoNotContactReasonTooLong { .. } => (DNC_REASON, Key::ErrDncReasonTooLong),
    }
}
