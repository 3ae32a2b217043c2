use super::contact_list::{kind_key, purpose_key};
use super::context::CompanyCtx;
use crate::form::{Values, busy, focus, mark};
use crate::html::Html;
use crate::i18n::I18n;
use crate::i18n::{Key, Lang, alert, text};
use crate::rules::parse_date;
use crate::services::records::today;
use crate::services::{Records, SessionService, SyncService};
use kontaktpunkt_domain::{Contact, ContactError, ContactKind, FollowUp, Purpose};
use leptos::prelude::*;
use uuid::Uuid;

/// The form's fields: `(id, name)`. Errors go to `#<id>-error`.
const PURPOSES: &str = "contact-purposes";
const DATE: (&str, &str) = ("contact-date", "date");
const NOTES: (&str, &str) = ("contact-notes", "notes");
const FOLLOW_DATE: (&str, &str) = ("follow-up-date", "follow_up_date");
const FOLLOW_NOTE: (&str, &str) = ("follow-up-note", "follow_up_note");
const ALL_FIELDS: [&str; 5] = [PURPOSES, DATE.0, NOTES.0, FOLLOW_DATE.0, FOLLOW_NOTE.0];

/// "Log kontakt": kind, purposes, date (today), notes, optional follow-up. Validated by the
/// domain's rules; saved on the device at once (with its outbox entry), synced later.
///
/// The fields are plain HTML read with `FormData` (see [`crate::form`]); a language switch
/// re-renders them with what was typed.
#[component]
pub fn ContactForm() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let _ = (&session, &sync);
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    // Fixing a refused contact: the form starts from it and replaces its outbox entry.
    let fixing = ctx.fixing.get_untracked().filter(|(_, contact)| contact.company == ctx.cvr.get_value());
    let start = fixing.as_ref().map(|(_, c)| initial(Some(c))).unwrap_or_else(|| initial(None));
    let fixing = StoredValue::new(fixing.map(|(entry, _)| entry));
    // Bumped after a save: the next render starts empty instead of keeping what was typed.
    let generation = RwSignal::new(0u32);
    let rendered = StoredValue::new(0u32);
    let fields = move || {
        let lang = i18n.lang.get();
        let generation = generation.get();
        let values = if rendered.get_value() != generation {
            rendered.set_value(generation);
            initial(None)
        } else {
            Values::read("contact-form").unwrap_or_else(|| start.clone())
        };
        // The generation in the markup makes a reset render differ from the last one even
        // when the values do (unchanged markup would leave the typed DOM state in place).
        format!("<!--{generation}-->{}", render(lang, &values))
    };
    let failure = RwSignal::new(None::<Key>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(values) = Values::read("contact-form") else { return };
        failure.set(None);
        let Some((user_id, unit_id)) = session.with_untracked(|s| {
            s.as_ref().map(|s| (s.user.id, s.user.unit_id.or(s.unit.as_ref().map(|u| u.id))))
        }) else {
            return failure.set(Some(Key::ErrSessionExpired));
        };
        let mut errors: Vec<(&str, Key)> = Vec::new();
        let day = parse_date(values.get(DATE.1));
        if day.is_none() {
            errors.push((DATE.0, Key::ErrInvalidDate));
        }
        let due = parse_date(values.get(FOLLOW_DATE.1));
        if !values.get(FOLLOW_DATE.1).is_empty() && due.is_none() {
            errors.push((FOLLOW_DATE.0, Key::ErrInvalidDate));
        }
        let contact = Contact {
            id: fixing.with_value(|f| f.as_ref().and_then(|e| e.record_id)).unwrap_or_else(Uuid::now_v7),
            company: ctx.cvr.get_value(),
            unit_id: unit_id.unwrap_or_default(),
            user_id,
            kind: ContactKind::parse(values.get("kind")).unwrap_or(ContactKind::Visit),
            // In the form's order, so the record reads the same everywhere.
            purposes: Purpose::ALL.into_iter().filter(|p| values.has("purpose", p.as_str())).collect(),
            date: day.unwrap_or_else(today),
            notes: values.get(NOTES.1).to_owned(),
            follow_up: due.map(|due| FollowUp { due, note: values.get(FOLLOW_NOTE.1).to_owned() }),
        };
        if let Err(rule_errors) = contact.validate(today()) {
            errors.extend(rule_errors.iter().map(field_error));
        }
        let lang = i18n.lang.get_untracked();
        for id in ALL_FIELDS {
            mark(id, errors.iter().find(|(f, _)| *f == id).map(|(_, key)| text(lang, *key)));
        }
        if let Some((first, _)) = errors.first() {
            focus(first);
            return;
        }
        busy("contact-save", true);
        leptos::task::spawn_local(async move {
            let id = contact.id;
            let result = match fixing.get_value() {
                Some(entry) => records.fix_contact(entry, contact).await,
                None => records.log_contact(contact).await,
            };
            busy("contact-save", false);
            match result {
                Ok(()) => {
                    fixing.set_value(None);
                    ctx.fixing.set(None);
                    generation.update(|g| *g += 1);
                    ctx.notice.set(None);
                    ctx.saved.set(Some(id));
                    focus("feedback-start");
                }
                Err(key) => failure.set(Some(key)),
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="contact-form-title">
            <h2 id="contact-form-title">{i18n.tr(Key::LogContact)}</h2>
            <form id="contact-form" class="form" novalidate on:submit=on_submit>
                <div class="form" inner_html=fields></div>
                {alert(i18n, failure)}
                <button id="contact-save" type="submit" class="button button-primary">
                    {i18n.tr(Key::Save)}
                </button>
            </form>
        </section>
    }
}

/// A new form's values, or those of the contact being corrected.
fn initial(contact: Option<&Contact>) -> Values {
    let mut v = Values::default();
    match contact {
        Some(c) => {
            v.set("kind", c.kind.as_str()).set(DATE.1, c.date.to_string()).set(NOTES.1, c.notes.clone());
            for p in &c.purposes {
                v.set("purpose", p.as_str());
            }
            if let Some(f) = &c.follow_up {
                v.set(FOLLOW_DATE.1, f.due.to_string()).set(FOLLOW_NOTE.1, f.note.clone());
            }
        }
        None => {
            v.set("kind", ContactKind::Visit.as_str()).set(DATE.1, today().to_string());
        }
    }
    v
}

/// The fields as HTML: `select#contact-kind`, `input[name=purpose]`, `input#contact-date`,
/// `textarea#contact-notes`, the follow-up, each with its error slot.
fn render(lang: Lang, v: &Values) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    h.raw("<div class=\"field\"><label for=\"contact-kind\">")
        .text(t(Key::ContactKind))
        .raw("</label><select id=\"contact-kind\" name=\"kind\">");
    for k in ContactKind::ALL {
        h.raw("<option value=\"")
            .raw(k.as_str())
            .raw(if v.has("kind", k.as_str()) { "\" selected>" } else { "\">" })
            .text(t(kind_key(k)))
            .raw("</option>");
    }
    h.raw("</select></div><fieldset class=\"field purposes\" id=\"contact-purposes\" tabindex=\"-1\" aria-describedby=\"contact-purposes-error\"><legend>")
        .text(t(Key::Purposes))
        .raw("</legend>");
    for p in Purpose::ALL {
        h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"purpose\" value=\"")
            .raw(p.as_str())
            .raw(if v.has("purpose", p.as_str()) { "\" checked>" } else { "\">" })
            .el("span", "", t(purpose_key(p)))
            .raw("</label>");
    }
    error_slot(&mut h, PURPOSES);
    h.raw("</fieldset>");
    input(&mut h, DATE, t(Key::ContactDate), "date", v, &format!(" required max=\"{}\"", today()));
    h.raw("<div class=\"field\"><label for=\"contact-notes\">")
        .text(t(Key::Notes))
        .raw("</label><textarea id=\"contact-notes\" name=\"notes\" rows=\"4\" aria-describedby=\"contact-notes-error\">")
        .text(v.get(NOTES.1))
        .raw("</textarea>");
    error_slot(&mut h, NOTES.0);
    h.raw("</div><div class=\"field-row\">");
    input(&mut h, FOLLOW_DATE, t(Key::FollowUpDate), "date", v, "");
    input(&mut h, FOLLOW_NOTE, t(Key::FollowUpNote), "text", v, "");
    h.raw("</div>");
    h.finish()
}

fn input(h: &mut Html, (id, name): (&str, &str), label: &str, kind: &str, v: &Values, extra: &str) {
    h.raw("<div class=\"field\"><label for=\"")
        .raw(id)
        .raw("\">")
        .text(label)
        .raw("</label><input id=\"")
        .raw(id)
        .raw("\" name=\"")
        .raw(name)
        .raw("\" type=\"")
        .raw(kind)
        .raw("\" aria-describedby=\"")
        .raw(id)
        .raw("-error\"")
        .raw(extra)
        .raw(" value=\"")
        .text(v.get(name))
        .raw("\">");
    error_slot(h, id);
    h.raw("</div>");
}

fn error_slot(h: &mut Html, id: &str) {
    h.raw("<p class=\"error field-error\" id=\"").raw(id).raw("-error\" hidden></p>");
}

fn field_error(error: &ContactError) -> (&'static str, Key) {
    match error {
        ContactError::NoPurpose => (PURPOSES, Key::ErrNoPurpose),
        ContactError::DuplicatePurpose => (PURPOSES, Key::ErrDuplicatePurpose),
        ContactError::DateInFuture => (DATE.0, Key::ErrDateInFuture),
        ContactError::NotesTooLong { .. } => (NOTES.0, Key::ErrNotesTooLong),
        ContactError::FollowUpBeforeContact => (FOLLOW_DATE.0, Key::ErrFollowUpBeforeContact),
        ContactError::FollowUpNoteTooLong { .. } => (FOLLOW_NOTE.0, Key::ErrFollowUpNoteTooLong),
    }
}
