//! The municipality's own data on the company — key account manager, the company's contact
//! persons, tags and a shared note — with an edit form. Saved on the device first; the
//! server merges it field by field.

use super::context::{CompanyCtx, CompanyData};
use super::shared_form::SharedForm;
use crate::components::status_badge::StatusBadge;
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::outbox::EntryStatus;
use crate::services::Records;
use crate::store::SharedFields;
use kontaktpunkt_domain::contact_person::ContactPerson;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use uuid::Uuid;

/// Heading, the fields as a `dl` (`dd[data-testid=key-account|contact-persons|tags|shared-notes]`),
/// their sync mark, and `button#shared-edit`, which opens the form in place.
#[component]
pub fn SharedFieldsPanel() -> impl IntoView {
    let records = expect_context::<Records>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    // `Some(cursor)` while the form is open: the change-log position the edit is based on.
    let editing = RwSignal::new(None::<u64>);
    let base_seq = Memo::new(move |_| editing.get());
    let failure = RwSignal::new(None::<Key>);
    let shown = Memo::new(move |_| ctx.data.with(|d| d.as_ref().map(Shown::of)));
    // Opening reads the change-log cursor the edit is based on (a read: no action needed).
    let open = move |_| {
        leptos::task::spawn_local(async move {
            let cursor = records.sync_cursor().await;
            failure.set(None);
            editing.set(Some(cursor));
            focus("shared-key-account");
        })
    };

    view! {
        <section class="panel shared-fields" data-testid="shared-fields" aria-labelledby="shared-title">
            <h2 id="shared-title">{i18n.tr(Key::SharedTitle)}</h2>
            {move || shown.get().map(|shown| view! { <SharedFacts shown /> })}
            {move || {
                (base_seq.get().is_none() && shown.with(Option::is_some)).then(|| view! {
                    <button
                        type="button"
                        id="shared-edit"
                        class="button button-small"
                        on:click=open
                    >
                        {i18n.tr(Key::EditShared)}
                    </button>
                })
            }}
            {move || base_seq.get().map(|base_seq| view! { <SharedForm base_seq editing failure /> })}
            {alert(i18n, failure)}
        </section>
    }
}

/// The fields as shown; the panel redraws them only when one of them changes.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    /// `Some(None)`: a manager this device does not know (yet).
    key_account: Option<Option<String>>,
    persons: Vec<ContactPerson>,
    tags: Option<String>,
    notes: Option<String>,
    status: Option<EntryStatus>,
}

impl Shown {
    fn of(data: &CompanyData) -> Self {
        let shared = data.records.shared.as_ref();
        Self {
            key_account: shared.and_then(|s| s.key_account.as_deref()).map(|id| colleague_label(data, id)),
            persons: shared.map(SharedFields::persons).unwrap_or_default(),
            tags: shared.and_then(|s| s.tags.clone()),
            notes: shared.and_then(|s| s.notes.clone()),
            status: data.fields_unsynced,
        }
    }
}

/// The colleague's name and unit ("Mette Holm, Erhverv"); `None` for an id the device does
/// not know (yet).
pub(super) fn colleague_label(data: &CompanyData, id: &str) -> Option<String> {
    let colleague = data.colleague(Uuid::parse_str(id).ok()?)?;
    Some(match colleague.unit_id.and_then(|u| data.unit_name(u)) {
        Some(unit) => format!("{}, {unit}", colleague.display_name),
        None => colleague.display_name.clone(),
    })
}

#[component]
fn SharedFacts(shown: Shown) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let none = move || view! { <span class="muted">{i18n.tr(Key::NoneSet)}</span> };
    let Shown { key_account, persons, tags, notes, status } = shown;
    let key_account = match key_account {
        Some(Some(label)) => EitherOf3::A(label),
        Some(None) => EitherOf3::B(i18n.tr(Key::UnknownColleague)),
        None => EitherOf3::C(none()),
    };
    let persons = if persons.is_empty() {
        Either::Left(none())
    } else {
        let cards = persons.into_iter().map(|person| view! { <PersonCard person /> }).collect_view();
        Either::Right(view! { <ul class="persons">{cards}</ul> })
    };
    let tags = match tags {
        Some(tags) => {
            let each = tags.split(',').map(|tag| view! { <span class="tag">{tag.trim().to_owned()}</span> });
            Either::Left(each.collect_view())
        }
        None => Either::Right(none()),
    };
    let notes = match notes {
        Some(notes) => Either::Left(notes),
        None => Either::Right(none()),
    };
    view! {
        <dl class="facts">
            <div>
                <dt>{i18n.tr(Key::AccountManager)}</dt>
                <dd data-testid="key-account">{key_account}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::ContactPersons)}</dt>
                <dd data-testid="contact-persons">{persons}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::Tags)}</dt>
                <dd data-testid="tags">{tags}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Key::SharedNotes)}</dt>
                <dd data-testid="shared-notes" class="pre-line">{notes}</dd>
            </div>
        </dl>
        {status.map(|status| view! {
            <p class="small" data-testid="shared-status"><StatusBadge status=Some(status) /></p>
        })}
    }
}

/// One person as shown: name, role, and the phone and e-mail as links that call and write.
#[component]
fn PersonCard(person: ContactPerson) -> impl IntoView {
    let phone_link = format!("tel:{}", person.phone_link());
    let ContactPerson { name, role, phone, email } = person;
    let mail_link = format!("mailto:{email}");
    view! {
        <li data-testid="contact-person">
            <strong>{name}</strong>
            {(!role.is_empty()).then(|| view! { ", "{role} })}
            {(!phone.is_empty()).then(|| view! { <br /><a href=phone_link>{phone}</a> })}
            {(!email.is_empty()).then(|| view! { <br /><a href=mail_link>{email}</a> })}
        </li>
    }
}
