//! The form that edits the municipality's own data on the company (`form#shared-form`).

use super::context::CompanyCtx;
use super::fields::{FieldError, FieldErrors, TextArea, TextInput, invalid};
use super::shared_fields::colleague_label;
use crate::focus::{focus, focus_first};
use crate::i18n::{I18n, Key, Lang, text};
use crate::services::Records;
use crate::services::sync::storage_key;
use crate::store::{SharedFields, encode_persons};
use kontaktpunkt_domain::contact::MAX_NOTES_CHARS;
use kontaktpunkt_domain::contact_person::{
    ContactPerson, ContactPersonError, tidy_contact_persons, validate_contact_persons,
};
use kontaktpunkt_domain::sync::{MAX_TAGS_CHARS, normalize_tags};
use leptos::prelude::*;

const TAGS: &str = "shared-tags";
const NOTES: &str = "shared-notes";
const PERSONS: &str = "shared-persons";

/// One person's row in the form: four fields, keyed for the list.
#[derive(Clone, Copy)]
struct PersonDraft {
    key: u32,
    name: RwSignal<String>,
    role: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
}

impl PersonDraft {
    fn new(key: u32, person: &ContactPerson) -> Self {
        Self {
            key,
            name: RwSignal::new(person.name.clone()),
            role: RwSignal::new(person.role.clone()),
            phone: RwSignal::new(person.phone.clone()),
            email: RwSignal::new(person.email.clone()),
        }
    }

    /// The row as typed, tidied; `None` for a blank row.
    fn typed(&self) -> Option<ContactPerson> {
        let typed = ContactPerson {
            name: self.name.get_untracked(),
            role: self.role.get_untracked(),
            phone: self.phone.get_untracked(),
            email: self.email.get_untracked(),
        };
        tidy_contact_persons(&[typed]).pop()
    }
}

/// `form#shared-form`: the manager among the colleagues, the persons (a row each plus an
/// empty one to add to), the tags and the note — filled once per opening from what is
/// stored, so a sync landing meanwhile never wipes what is being typed.
#[component]
pub(super) fn SharedForm(
    base_seq: u64,
    editing: RwSignal<Option<u64>>,
    failure: RwSignal<Option<Key>>,
) -> impl IntoView {
    let records = expect_context::<Records>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let (stored, colleagues) = ctx.data.with_untracked(|d| {
        let Some(d) = d else { return Default::default() };
        let colleagues: Vec<(String, String)> = d
            .colleagues
            .iter()
            .map(|c| {
                let id = c.id.to_string();
                let label = colleague_label(d, &id).unwrap_or_else(|| c.display_name.clone());
                (id, label)
            })
            .collect();
        (d.records.shared.clone(), colleagues)
    });
    let stored = stored.unwrap_or_else(|| SharedFields::empty(ctx.cvr.get_value()));
    let current = stored.key_account.clone().unwrap_or_default();
    let key_account = RwSignal::new(current.clone());
    let tags = RwSignal::new(stored.tags.clone().unwrap_or_default());
    let notes = RwSignal::new(stored.notes.clone().unwrap_or_default());
    let persons = stored.persons();
    let blank = ContactPerson::default();
    let rows: Vec<PersonDraft> =
        persons.iter().chain([&blank]).enumerate().map(|(i, p)| PersonDraft::new(i as u32, p)).collect();
    let next_key = StoredValue::new(rows.len() as u32);
    let persons = RwSignal::new(rows);
    let errors = FieldErrors::default();
    let persons_error = RwSignal::new(None::<ContactPersonError>);
    let persons_message =
        Signal::derive(move || persons_error.get().map(|e| person_error(i18n.lang.get(), &e)));

    let save = Action::new_local(move |(previous, edited): &(Option<SharedFields>, SharedFields)| {
        let (previous, edited) = (previous.clone(), edited.clone());
        async move {
            match records.edit_company_fields(previous, edited, base_seq).await {
                Ok(_) => {
                    failure.set(None);
                    editing.set(None);
                    focus("shared-edit");
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
        let tags = tags.with_untracked(|t| normalize_tags(t));
        let notes = notes.with_untracked(|n| Some(n.trim().to_owned()).filter(|n| !n.is_empty()));
        let mut found = Vec::new();
        if tags.as_ref().is_some_and(|t| t.chars().count() > MAX_TAGS_CHARS) {
            found.push((TAGS, Key::ErrTagsTooLong));
        }
        if notes.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS) {
            found.push((NOTES, Key::ErrNotesTooLong));
        }
        // The filled rows, each with its row's position (blank rows are left out).
        let (rows, typed): (Vec<usize>, Vec<ContactPerson>) = persons.with_untracked(|all| {
            all.iter().enumerate().filter_map(|(i, row)| row.typed().map(|p| (i, p))).unzip()
        });
        // Errors name the row as the user sees it, not the position among filled rows.
        let person_problem =
            validate_contact_persons(&typed).err().map(|e| e.at(|p| rows.get(p).copied().unwrap_or(p)));
        let first = errors.set(found);
        persons_error.set(person_problem.clone());
        if let Some(problem) = person_problem {
            return focus_person_row(problem.person());
        }
        if let Some(id) = first {
            return focus(id);
        }
        let contact_persons = match encode_persons(&typed) {
            Ok(encoded) => encoded,
            Err(e) => return failure.set(Some(storage_key(&e))),
        };
        let key_account = key_account.with_untracked(|k| Some(k.trim().to_owned()).filter(|k| !k.is_empty()));
        let previous = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.records.shared.clone()));
        let edited = SharedFields { company: ctx.cvr.get_value(), key_account, tags, notes, contact_persons };
        save.dispatch_local((previous, edited));
    };
    let cancel = move |_| {
        failure.set(None);
        editing.set(None);
        focus("shared-edit");
    };
    let add_person = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        persons.update(|all| all.push(PersonDraft::new(key, &ContactPerson::default())));
        focus_person_row(Some(persons.with_untracked(Vec::len) - 1));
    };
    // Keep a manager the device does not know selectable, so saving does not drop them.
    let unknown = !current.is_empty() && !colleagues.iter().any(|(id, _)| *id == current);
    let options = colleagues
        .into_iter()
        .map(|(id, label)| {
            let selected = id == current;
            view! { <option value=id selected=selected>{label}</option> }
        })
        .collect_view();

    view! {
        <form id="shared-form" class="form" novalidate on:submit=on_submit>
            <div class="field">
                <label for="shared-key-account">{i18n.tr(Key::AccountManager)}</label>
                <select id="shared-key-account" name="key_account" on:change=move |ev| key_account.set(event_target_value(&ev))>
                    <option value="">{i18n.tr(Key::NoneSet)}</option>
                    {unknown.then(|| view! { <option selected value=current.clone()>{i18n.tr(Key::UnknownColleague)}</option> })}
                    {options}
                </select>
            </div>
            <fieldset
                class="field persons-edit"
                id=PERSONS
                tabindex="-1"
                aria-invalid=invalid(persons_message)
                aria-describedby="shared-persons-error"
            >
                <legend>{i18n.tr(Key::ContactPersons)}</legend>
                <div id="shared-person-rows">
                    <For each=move || persons.get() key=|row| row.key let:row>
                        <PersonRow row persons />
                    </For>
                </div>
                <button
                    type="button"
                    id="shared-add-person"
                    class="button button-small"
                    data-action="shared-add-person"
                    on:click=add_person
                >
                    {i18n.tr(Key::AddPerson)}
                </button>
                <FieldError id=PERSONS error=persons_message />
            </fieldset>
            <TextInput
                id=TAGS
                name="tags"
                label=Key::Tags
                hint=Key::TagsHint
                autocomplete="off"
                value=tags
                error=errors.of(i18n, TAGS)
            />
            <TextArea id=NOTES name="notes" label=Key::SharedNotes rows="3" value=notes error=errors.of(i18n, NOTES) />
            <div class="button-row">
                <button type="submit" id="shared-save" class="button button-primary" disabled=move || save.pending().get()>
                    {i18n.tr(Key::Save)}
                </button>
                <button type="button" class="button button-small" on:click=cancel>
                    {i18n.tr(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// One person's four inputs (`input[name=person_name]`, …), labelled, as a group named by
/// its position ("Kontaktperson 2"), and a button that removes the row.
#[component]
fn PersonRow(row: PersonDraft, persons: RwSignal<Vec<PersonDraft>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let number = move || persons.with(|all| all.iter().position(|r| r.key == row.key).map_or(0, |i| i + 1));
    let remove = move |_| {
        persons.update(|all| all.retain(|r| r.key != row.key));
        focus("shared-add-person");
    };
    let inputs = [
        ("person_name", Key::PersonName, "text", "name", row.name),
        ("person_role", Key::PersonRole, "text", "organization-title", row.role),
        ("person_phone", Key::PersonPhone, "tel", "tel", row.phone),
        ("person_email", Key::PersonEmail, "email", "email", row.email),
    ];
    let inputs = inputs
        .into_iter()
        .map(|(name, label, kind, autocomplete, value)| {
            view! {
                <label class="small">
                    {i18n.tr(label)}
                    <input name=name type=kind autocomplete=autocomplete bind:value=value />
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="person-row" role="group" aria-label=move || row_label(i18n.lang.get(), number())>
            {inputs}
            <button
                type="button"
                class="button button-small person-remove"
                data-action="shared-remove-person"
                on:click=remove
            >
                {i18n.tr(Key::RemovePerson)}
            </button>
        </div>
    }
}

/// "Kontaktperson 2".
fn row_label(lang: Lang, number: usize) -> String {
    format!("{} {number}", text(lang, Key::ContactPerson))
}

/// Puts the cursor in the name of the row at `index` (0-based), or on the list as a whole.
fn focus_person_row(index: Option<usize>) {
    match index {
        Some(i) => focus_first(&format!(
            "#shared-person-rows .person-row:nth-child({}) input[name=person_name]",
            i + 1
        )),
        None => focus(PERSONS),
    }
}

/// "Kontaktperson 2 mangler et navn."
fn person_error(lang: Lang, error: &ContactPersonError) -> String {
    let detail = match error {
        ContactPersonError::TooMany => return text(lang, Key::ErrTooManyPersons).to_owned(),
        ContactPersonError::MissingName { .. } => Key::ErrPersonName,
        ContactPersonError::TooLong { .. } => Key::ErrPersonTooLong,
        ContactPersonError::InvalidPhone { .. } => Key::ErrPersonPhone,
        ContactPersonError::InvalidEmail { .. } => Key::ErrPersonEmail,
        ContactPersonError::DuplicateName { .. } => Key::ErrPersonDuplicate,
    };
    format!("{} {}.", row_label(lang, error.person().map_or(0, |p| p + 1)), text(lang, detail))
}
