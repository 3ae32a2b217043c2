use super::contact_list::status_badge;
use super::context::{CompanyCtx, CompanyData};
use crate::form::{Values, busy, focus, focus_first, mark};
use crate::html::{Html, clicked_action};
use crate::i18n::I18n;
use crate::i18n::{Key, Lang, alert, text};
use crate::services::sync::storage_key;
use crate::services::{Records, SessionService, SyncService};
use crate::store::{SharedFields, encode_persons};
use kontaktpunkt_domain::contact::MAX_NOTES_CHARS;
use kontaktpunkt_domain::contact_person::{
    ContactPerson, ContactPersonError, tidy_contact_persons, validate_contact_persons,
};
use kontaktpunkt_domain::sync::{MAX_TAGS_CHARS, normalize_tags};
use leptos::prelude::*;
use uuid::Uuid;

/// The municipality's own data on the company — key account manager, the company's contact
/// persons, tags and a shared note — with an edit form. Saved on the device first; the server merges it field by field.
#[component]
pub fn SharedFieldsPanel() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let _ = (&session, &sync);
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    // `Some(cursor)` while the form is open: the change-log position the edit is based on.
    let editing = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<Key>);

    let shown = move || {
        let lang = i18n.lang.get();
        let open = editing.get().is_some();
        ctx.data.with(|d| d.as_ref().map(|d| facts(d, lang, open)).unwrap_or_default())
    };
    // Read once per opening, so a sync landing meanwhile never wipes what is being typed.
    let form = move || {
        let lang = i18n.lang.get();
        editing.get()?;
        Some(ctx.data.with_untracked(|d| d.as_ref().map(|d| edit_form(d, lang)).unwrap_or_default()))
    };

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, _)) = clicked_action(&ev) else { return };
        match action.as_str() {
            "shared-edit" => leptos::task::spawn_local(async move {
                editing.set(Some(records.sync_cursor().await));
                focus("shared-key-account");
            }),
            "shared-cancel" => {
                editing.set(None);
                error.set(None);
                focus("shared-edit");
            }
            "shared-add-person" => add_person_row(i18n.lang.get_untracked()),
            "shared-remove-person" => remove_person_row(&ev, i18n.lang.get_untracked()),
            _ => {}
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(base_seq), Some(values)) = (editing.get_untracked(), Values::read("shared-form")) else {
            return;
        };
        let lang = i18n.lang.get_untracked();
        let tags = normalize_tags(values.get("tags"));
        let notes = Some(values.get("notes").to_owned()).filter(|n| !n.is_empty());
        let tags_too_long = tags.as_ref().is_some_and(|t| t.chars().count() > MAX_TAGS_CHARS);
        let notes_too_long = notes.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS);
        let (rows, persons): (Vec<usize>, Vec<ContactPerson>) = typed_persons(&values).into_iter().unzip();
        // Errors name the row as the user sees it, not the position among filled rows.
        let persons_error =
            validate_contact_persons(&persons).err().map(|e| e.at(|p| rows.get(p).copied().unwrap_or(p)));
        mark("shared-tags", tags_too_long.then(|| text(lang, Key::ErrTagsTooLong)));
        mark("shared-notes", notes_too_long.then(|| text(lang, Key::ErrNotesTooLong)));
        mark("shared-persons", persons_error.as_ref().map(|e| person_error(lang, e)).as_deref());
        if let Some(error) = &persons_error {
            return focus_person_row(error.person());
        }
        if tags_too_long || notes_too_long {
            return focus(if tags_too_long { "shared-tags" } else { "shared-notes" });
        }
        let contact_persons = match encode_persons(&persons) {
            Ok(encoded) => encoded,
            Err(e) => return error.set(Some(storage_key(&e))),
        };
        let key_account = Some(values.get("key_account").to_owned()).filter(|k| !k.is_empty());
        let previous = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.records.shared.clone()));
        let edited = SharedFields { company: ctx.cvr.get_value(), key_account, tags, notes, contact_persons };
        busy("shared-save", true);
        leptos::task::spawn_local(async move {
            match records.edit_company_fields(previous, edited, base_seq).await {
                Ok(_) => {
                    error.set(None);
                    editing.set(None);
                    focus("shared-edit");
                }
                Err(key) => {
                    busy("shared-save", false);
                    error.set(Some(key));
                }
            }
        });
    };

    view! {
        <section class="panel shared-fields" data-testid="shared-fields" aria-labelledby="shared-title"
            on:click=on_click on:submit=on_submit>
            <div inner_html=shown></div>
            <div inner_html=move || form().unwrap_or_default()></div>
            {alert(i18n, error)}
        </section>
    }
}

/// The colleague's name and unit ("Mette Holm, Erhverv"), or a neutral text for an id the
/// device does not know (yet).
fn colleague_label(data: &CompanyData, lang: Lang, id: &str) -> String {
    let colleague = Uuid::parse_str(id).ok().and_then(|id| data.colleague(id));
    match colleague {
        Some(c) => match c.unit_id.and_then(|u| data.unit_name(u)) {
            Some(unit) => format!("{}, {unit}", c.display_name),
            None => c.display_name.clone(),
        },
        None => text(lang, Key::UnknownColleague).to_owned(),
    }
}

/// Heading, the three fields as a `dl` (`dd[data-testid=key-account|tags|shared-notes]`),
/// the sync mark, and `button#shared-edit` unless the form is open.
fn facts(data: &CompanyData, lang: Lang, open: bool) -> String {
    let t = |key| text(lang, key);
    let shared = data.records.shared.as_ref();
    let mut h = Html::default();
    h.raw("<h2 id=\"shared-title\">").text(t(Key::SharedTitle)).raw("</h2><dl class=\"facts\">");
    h.raw("<div>").el("dt", "", t(Key::AccountManager)).raw("<dd data-testid=\"key-account\">");
    match shared.and_then(|s| s.key_account.as_deref()) {
        Some(id) => h.text(&colleague_label(data, lang, id)),
        None => h.el("span", "muted", t(Key::NoneSet)),
    };
    h.raw("</dd></div><div>")
        .el("dt", "", t(Key::ContactPersons))
        .raw("<dd data-testid=\"contact-persons\">");
    let persons = shared.map(SharedFields::persons).unwrap_or_default();
    if persons.is_empty() {
        h.el("span", "muted", t(Key::NoneSet));
    } else {
        h.raw("<ul class=\"persons\">");
        for person in &persons {
            person_card(&mut h, person);
        }
        h.raw("</ul>");
    }
    h.raw("</dd></div><div>").el("dt", "", t(Key::Tags)).raw("<dd data-testid=\"tags\">");
    match shared.and_then(|s| s.tags.as_deref()) {
        Some(tags) => {
            for tag in tags.split(',').map(str::trim) {
                h.el("span", "tag", tag);
            }
        }
        None => drop(h.el("span", "muted", t(Key::NoneSet))),
    }
    h.raw("</dd></div><div>")
        .el("dt", "", t(Key::SharedNotes))
        .raw("<dd data-testid=\"shared-notes\" class=\"pre-line\">");
    match shared.and_then(|s| s.notes.as_deref()) {
        Some(notes) => h.text(notes),
        None => h.el("span", "muted", t(Key::NoneSet)),
    };
    h.raw("</dd></div></dl>");
    if data.fields_unsynced.is_some() {
        h.raw("<p class=\"small\" data-testid=\"shared-status\">");
        status_badge(&mut h, lang, data.fields_unsynced);
        h.raw("</p>");
    }
    if !open {
        h.raw("<button type=\"button\" id=\"shared-edit\" class=\"button button-small\" data-action=\"shared-edit\">")
            .text(t(Key::EditShared))
            .raw("</button>");
    }
    h.finish()
}

/// `form#shared-form`: a select of colleagues, the tags and the note, filled with what is stored.
fn edit_form(data: &CompanyData, lang: Lang) -> String {
    let t = |key| text(lang, key);
    let shared = data.records.shared.as_ref();
    let key_account = shared.and_then(|s| s.key_account.as_deref()).unwrap_or("");
    let mut h = Html::default();
    h.raw("<form id=\"shared-form\" class=\"form\" novalidate><div class=\"field\"><label for=\"shared-key-account\">")
        .text(t(Key::AccountManager))
        .raw("</label><select id=\"shared-key-account\" name=\"key_account\"><option value=\"\">")
        .text(t(Key::NoneSet))
        .raw("</option>");
    let known = data.colleagues.iter().any(|c| c.id.to_string() == key_account);
    if !key_account.is_empty() && !known {
        // Keep a manager the device does not know selectable, so saving does not drop them.
        h.raw("<option selected value=\"").text(key_account).raw("\">");
        h.text(t(Key::UnknownColleague)).raw("</option>");
    }
    for colleague in &data.colleagues {
        let id = colleague.id.to_string();
        h.raw("<option value=\"").text(&id).raw(if id == key_account { "\" selected>" } else { "\">" });
        h.text(&colleague_label(data, lang, &id)).raw("</option>");
    }
    h.raw("</select></div>");
    persons_fieldset(&mut h, lang, &shared.map(SharedFields::persons).unwrap_or_default());
    h.raw("<div class=\"field\"><label for=\"shared-tags\">")
        .text(t(Key::Tags))
        .raw("</label><input id=\"shared-tags\" name=\"tags\" type=\"text\" autocomplete=\"off\" aria-describedby=\"shared-tags-hint shared-tags-error\" value=\"")
        .text(shared.and_then(|s| s.tags.as_deref()).unwrap_or(""))
        .raw("\">")
        .raw("<p class=\"hint small\" id=\"shared-tags-hint\">")
        .text(t(Key::TagsHint))
        .raw("</p><p class=\"error field-error\" id=\"shared-tags-error\" hidden></p></div>")
        .raw("<div class=\"field\"><label for=\"shared-notes\">")
        .text(t(Key::SharedNotes))
        .raw("</label><textarea id=\"shared-notes\" name=\"notes\" rows=\"3\" aria-describedby=\"shared-notes-error\">")
        .text(shared.and_then(|s| s.notes.as_deref()).unwrap_or(""))
        .raw("</textarea><p class=\"error field-error\" id=\"shared-notes-error\" hidden></p></div>")
        .raw("<div class=\"button-row\"><button type=\"submit\" id=\"shared-save\" class=\"button button-primary\">")
        .text(t(Key::Save))
        .raw("</button>")
        .button("", "shared-cancel", "", t(Key::Cancel))
        .raw("</div></form>");
    h.finish()
}

/// One person as shown: name, role, and the phone and e-mail as links that call and write.
fn person_card(h: &mut Html, person: &ContactPerson) {
    h.raw("<li data-testid=\"contact-person\"><strong>").text(&person.name).raw("</strong>");
    if !person.role.is_empty() {
        h.raw(", ").text(&person.role);
    }
    if !person.phone.is_empty() {
        h.raw("<br><a href=\"tel:").text(&person.phone_link()).raw("\">").text(&person.phone).raw("</a>");
    }
    if !person.email.is_empty() {
        h.raw("<br><a href=\"mailto:").text(&person.email).raw("\">").text(&person.email).raw("</a>");
    }
    h.raw("</li>");
}

/// `fieldset#shared-persons`: a row per person plus an empty one to add to, an add button,
/// and the list's error slot.
fn persons_fieldset(h: &mut Html, lang: Lang, persons: &[ContactPerson]) {
    let t = |key| text(lang, key);
    h.raw("<fieldset class=\"field persons-edit\" id=\"shared-persons\" tabindex=\"-1\" aria-describedby=\"shared-persons-error\"><legend>")
        .text(t(Key::ContactPersons))
        .raw("</legend><div id=\"shared-person-rows\">");
    let blank = ContactPerson::default();
    for (index, person) in persons.iter().chain([&blank]).enumerate() {
        person_row(h, lang, index + 1, person);
    }
    h.raw("</div>")
        .button("", "shared-add-person", "", t(Key::AddPerson))
        .raw("<p class=\"error field-error\" id=\"shared-persons-error\" hidden></p></fieldset>");
}

/// One person's four inputs (`input[name=person_name]`, …), labelled, as a group named by
/// its position (`number`, from 1).
fn person_row(h: &mut Html, lang: Lang, number: usize, person: &ContactPerson) {
    let t = |key| text(lang, key);
    h.raw("<div class=\"person-row\" role=\"group\" aria-label=\"").text(&row_label(lang, number)).raw("\">");
    let inputs = [
        ("name", Key::PersonName, "text", "name", &person.name),
        ("role", Key::PersonRole, "text", "organization-title", &person.role),
        ("phone", Key::PersonPhone, "tel", "tel", &person.phone),
        ("email", Key::PersonEmail, "email", "email", &person.email),
    ];
    for (field, label, kind, autocomplete, value) in inputs {
        h.raw("<label class=\"small\">").text(t(label)).raw("<input name=\"person_").raw(field);
        h.raw("\" type=\"").raw(kind).raw("\" autocomplete=\"").raw(autocomplete).raw("\" value=\"");
        h.text(value).raw("\"></label>");
    }
    h.button("person-remove", "shared-remove-person", "", t(Key::RemovePerson)).raw("</div>");
}

/// "Kontaktperson 2".
fn row_label(lang: Lang, number: usize) -> String {
    format!("{} {number}", text(lang, Key::ContactPerson))
}

/// The person rows of the open form, in order.
fn person_rows() -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast as _;
    let Ok(list) = document().query_selector_all("#shared-person-rows .person-row") else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// Puts the cursor in the name of the row at `index` (0-based), or on the list as a whole.
fn focus_person_row(index: Option<usize>) {
    match index {
        Some(i) => focus_first(&format!(
            "#shared-person-rows .person-row:nth-child({}) input[name=person_name]",
            i + 1
        )),
        None => focus("shared-persons"),
    }
}

/// Appends an empty person row to the open form and puts the cursor in its name.
fn add_person_row(lang: Lang) {
    let Some(list) = document().get_element_by_id("shared-person-rows") else { return };
    let count = person_rows().len();
    let mut h = Html::default();
    person_row(&mut h, lang, count + 1, &ContactPerson::default());
    if list.insert_adjacent_html("beforeend", &h.finish()).is_ok() {
        focus_person_row(Some(count));
    }
}

/// Removes the row whose remove button was clicked, numbers the rest again, and moves focus
/// to the add button.
fn remove_person_row(event: &leptos::ev::MouseEvent, lang: Lang) {
    use wasm_bindgen::JsCast as _;
    let row = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|button| button.closest(".person-row").ok().flatten());
    let Some(row) = row else { return };
    row.remove();
    for (index, row) in person_rows().iter().enumerate() {
        let _ = row.set_attribute("aria-label", &row_label(lang, index + 1));
    }
    focus_first("[data-action=shared-add-person]");
}

/// The filled rows as typed, tidied, each with its row's position (blank rows are left out).
fn typed_persons(values: &Values) -> Vec<(usize, ContactPerson)> {
    let [names, roles, phones, emails] =
        ["person_name", "person_role", "person_phone", "person_email"].map(|name| values.all(name));
    (0..names.len())
        .filter_map(|i| {
            let at = |list: &[&str]| list.get(i).map(|v| (*v).to_owned()).unwrap_or_default();
            let typed =
                ContactPerson { name: at(&names), role: at(&roles), phone: at(&phones), email: at(&emails) };
            tidy_contact_persons(&[typed]).pop().map(|person| (i, person))
        })
        .collect()
}

/// "Kontaktperson 2 mangler et navn."
fn person_error(lang: Lang, error: &ContactPersonError) -> String {
    let detail = match error {
        ContactPersonError::TooMany => return text(lang, Key::ErrTooManyPersons).to_owned(),
        ContactPersonError::MissingName { .. } => Key::ErrPersonName,
        ContactPersonError::TooLong { .. } => Key::ErrPersonTooLong,
        ContactPersonError::InvalidPhone { .. } => Key::ErrPersonPhone,
        ContactPersonError::InvalidEmail { .. } => Key::ErrPersonEmail,
    };
    format!("{} {}.", row_label(lang, error.person().map_or(0, |p| p + 1)), text(lang, detail))
}
