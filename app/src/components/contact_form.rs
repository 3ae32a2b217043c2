use crate::actions::today;
use crate::components::contact_list::{kind_key, purpose_key};
use crate::i18n::Key;
use crate::pages::company::CompanyCtx;
use crate::state::AppState;
use chrono::NaiveDate;
use kontaktpunkt_domain::{Contact, ContactError, ContactKind, FollowUp, Purpose};
use leptos::prelude::*;
use uuid::Uuid;

/// Which field an error belongs to (for `aria-invalid` and the message under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Purposes,
    Date,
    Notes,
    FollowUpDate,
    FollowUpNote,
}

/// "Log kontakt": kind, purposes, date (today), notes, optional follow-up. Validated by the
/// domain's rules; saved on the device at once (with its outbox entry), synced later.
#[component]
pub fn ContactForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    // Fixing a refused contact: the form starts from it and replaces its outbox entry.
    let fixing = state.fixing.get_untracked().filter(|(_, contact)| contact.company == ctx.cvr.get_value());
    let start = fixing.as_ref().map(|(_, contact)| contact.clone());
    let fixing = fixing.map(|(entry, _)| entry);
    let kind = RwSignal::new(start.as_ref().map_or(ContactKind::Visit, |c| c.kind));
    let purposes = RwSignal::new(start.as_ref().map(|c| c.purposes.clone()).unwrap_or_default());
    let date = RwSignal::new(start.as_ref().map_or(today(), |c| c.date).to_string());
    let notes = RwSignal::new(start.as_ref().map(|c| c.notes.clone()).unwrap_or_default());
    let follow_date = RwSignal::new(
        start.as_ref().and_then(|c| c.follow_up.as_ref()).map(|f| f.due.to_string()).unwrap_or_default(),
    );
    let follow_note = RwSignal::new(
        start.as_ref().and_then(|c| c.follow_up.as_ref()).map(|f| f.note.clone()).unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<(Field, Key)>::new());
    let failure = RwSignal::new(None::<Key>);
    let fixing = StoredValue::new(fixing);

    let save = Action::new_local(move |contact: &Contact| {
        let contact = contact.clone();
        async move {
            let id = contact.id;
            let result = match fixing.get_value() {
                Some(entry) => state.fix_contact(entry, contact).await,
                None => state.log_contact(contact).await,
            };
            match result {
                Ok(()) => {
                    fixing.set_value(None);
                    state.fixing.set(None);
                    purposes.set(Vec::new());
                    notes.set(String::new());
                    follow_date.set(String::new());
                    follow_note.set(String::new());
                    date.set(today().to_string());
                    ctx.notice.set(None);
                    ctx.saved.set(Some(id));
                    focus("feedback-start");
                }
                Err(key) => failure.set(Some(key)),
            }
        }
    });
    let busy = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let Some((user_id, unit_id)) = state.session.with_untracked(|s| {
            s.as_ref().map(|s| (s.user.id, s.user.unit_id.or(s.unit.as_ref().map(|u| u.id))))
        }) else {
            return failure.set(Some(Key::ErrSessionExpired));
        };
        let mut found = Vec::new();
        let day = parse_date(&date.get_untracked());
        if day.is_none() {
            found.push((Field::Date, Key::ErrInvalidDate));
        }
        let due_text = follow_date.get_untracked();
        let due = parse_date(&due_text);
        if !due_text.trim().is_empty() && due.is_none() {
            found.push((Field::FollowUpDate, Key::ErrInvalidDate));
        }
        // Purposes in the form's order, so the record reads the same everywhere.
        let chosen: Vec<Purpose> =
            purposes.with_untracked(|p| Purpose::ALL.into_iter().filter(|x| p.contains(x)).collect());
        let contact = Contact {
            id: fixing.with_value(|f| f.as_ref().and_then(|e| e.record_id)).unwrap_or_else(Uuid::now_v7),
            company: ctx.cvr.get_value(),
            unit_id: unit_id.unwrap_or_default(),
            user_id,
            kind: kind.get_untracked(),
            purposes: chosen,
            date: day.unwrap_or_else(today),
            notes: notes.get_untracked().trim().to_owned(),
            follow_up: due.map(|due| FollowUp { due, note: follow_note.get_untracked().trim().to_owned() }),
        };
        if let Err(rule_errors) = contact.validate(today()) {
            found.extend(rule_errors.iter().map(field_error));
        }
        found.dedup_by_key(|(field, _)| *field);
        if let Some((field, _)) = found.first() {
            focus(field_id(*field));
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        save.dispatch_local(contact);
    };

    let error_for = move |field: Field| errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, k)| *k));
    let invalid = move |field: Field| error_for(field).is_some().to_string();
    let message = move |field: Field| {
        move || {
            error_for(field).map(|key| {
                view! { <p class="error field-error" id=format!("{}-error", field_id(field))>{i18n.tr(key)}</p> }
            })
        }
    };
    let described = |field: Field| format!("{}-error", field_id(field));

    view! {
        <section class="panel" aria-labelledby="contact-form-title">
            <h2 id="contact-form-title">{i18n.tr(Key::LogContact)}</h2>
            <form id="contact-form" class="form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="contact-kind">{i18n.tr(Key::ContactKind)}</label>
                    <select
                        id="contact-kind"
                        prop:value=move || kind.get().as_str()
                        on:change=move |ev| {
                            if let Some(k) = ContactKind::parse(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }
                    >
                        {ContactKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == k>{i18n.tr(kind_key(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset
                    class="field purposes"
                    id="contact-purposes"
                    tabindex="-1"
                    aria-invalid=move || invalid(Field::Purposes)
                    aria-describedby=described(Field::Purposes)
                >
                    <legend>{i18n.tr(Key::Purposes)}</legend>
                    {Purpose::ALL.into_iter().map(|p| view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                name="purpose"
                                value=p.as_str()
                                prop:checked=move || purposes.with(|v| v.contains(&p))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    purposes.update(|v| {
                                        v.retain(|x| *x != p);
                                        if on {
                                            v.push(p);
                                        }
                                    });
                                }
                            />
                            <span>{i18n.tr(purpose_key(p))}</span>
                        </label>
                    }).collect_view()}
                    {message(Field::Purposes)}
                </fieldset>
                <div class="field">
                    <label for="contact-date">{i18n.tr(Key::ContactDate)}</label>
                    <input
                        id="contact-date"
                        type="date"
                        max=today().to_string()
                        required
                        aria-invalid=move || invalid(Field::Date)
                        aria-describedby=described(Field::Date)
                        bind:value=date
                    />
                    {message(Field::Date)}
                </div>
                <div class="field">
                    <label for="contact-notes">{i18n.tr(Key::Notes)}</label>
                    <textarea
                        id="contact-notes"
                        rows="4"
                        aria-invalid=move || invalid(Field::Notes)
                        aria-describedby=described(Field::Notes)
                        prop:value=move || notes.get()
                        on:input=move |ev| notes.set(event_target_value(&ev))
                    ></textarea>
                    {message(Field::Notes)}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="follow-up-date">{i18n.tr(Key::FollowUpDate)}</label>
                        <input
                            id="follow-up-date"
                            type="date"
                            aria-invalid=move || invalid(Field::FollowUpDate)
                            aria-describedby=described(Field::FollowUpDate)
                            bind:value=follow_date
                        />
                        {message(Field::FollowUpDate)}
                    </div>
                    <div class="field">
                        <label for="follow-up-note">{i18n.tr(Key::FollowUpNote)}</label>
                        <input
                            id="follow-up-note"
                            type="text"
                            aria-invalid=move || invalid(Field::FollowUpNote)
                            aria-describedby=described(Field::FollowUpNote)
                            bind:value=follow_note
                        />
                        {message(Field::FollowUpNote)}
                    </div>
                </div>
                {move || failure.get().map(|key| view! {
                    <p class="error" role="alert" data-testid="contact-error">{i18n.tr(key)}</p>
                })}
                <button id="contact-save" type="submit" class="button button-primary" aria-busy=move || busy.get().to_string() disabled=move || busy.get()>
                    {move || i18n.t(if busy.get() { Key::Saving } else { Key::Save })}
                </button>
            </form>
        </section>
    }
}

fn field_error(error: &ContactError) -> (Field, Key) {
    match error {
        ContactError::NoPurpose => (Field::Purposes, Key::ErrNoPurpose),
        ContactError::DuplicatePurpose => (Field::Purposes, Key::ErrDuplicatePurpose),
        ContactError::DateInFuture => (Field::Date, Key::ErrDateInFuture),
        ContactError::NotesTooLong { .. } => (Field::Notes, Key::ErrNotesTooLong),
        ContactError::FollowUpBeforeContact => (Field::FollowUpDate, Key::ErrFollowUpBeforeContact),
        ContactError::FollowUpNoteTooLong { .. } => (Field::FollowUpNote, Key::ErrFollowUpNoteTooLong),
    }
}

fn field_id(field: Field) -> &'static str {
    match field {
        Field::Purposes => "contact-purposes",
        Field::Date => "contact-date",
        Field::Notes => "contact-notes",
        Field::FollowUpDate => "follow-up-date",
        Field::FollowUpNote => "follow-up-note",
    }
}

/// `YYYY-MM-DD` as `<input type="date">` gives it; `None` when empty or not a real date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Moves keyboard focus (and screen readers) to the element with `id`, after the render.
pub fn focus(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id) {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
        }
    });
}
