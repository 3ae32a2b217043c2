use crate::components::contact_form::focus;
use crate::components::contact_list::status_badge;
use crate::form::{Values, busy, mark};
use crate::html::{Html, clicked_action};
use crate::i18n::{Key, Lang, alert, text};
use crate::pages::company::{CompanyCtx, CompanyData};
use crate::state::AppState;
use crate::store::SharedFields;
use kontaktpunkt_domain::contact::MAX_NOTES_CHARS;
use kontaktpunkt_domain::sync::{MAX_TAGS_CHARS, normalize_tags};
use leptos::prelude::*;
use uuid::Uuid;

/// The municipality's own data on the company — key account manager, tags and a shared
/// note — with an edit form. Saved on the device first; the server merges it field by field.
#[component]
pub fn SharedFieldsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
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
                editing.set(Some(state.sync_cursor().await));
                focus("shared-key-account");
            }),
            "shared-cancel" => {
                editing.set(None);
                error.set(None);
                focus("shared-edit");
            }
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
        mark("shared-tags", tags_too_long.then(|| text(lang, Key::ErrTagsTooLong)));
        mark("shared-notes", notes_too_long.then(|| text(lang, Key::ErrNotesTooLong)));
        if tags_too_long || notes_too_long {
            return focus(if tags_too_long { "shared-tags" } else { "shared-notes" });
        }
        let key_account = Some(values.get("key_account").to_owned()).filter(|k| !k.is_empty());
        let previous = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.records.shared.clone()));
        let edited = SharedFields { company: ctx.cvr.get_value(), key_account, tags, notes };
        busy("shared-save", true);
        leptos::task::spawn_local(async move {
            match state.edit_company_fields(previous, edited, base_seq).await {
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
    h.raw("</select></div><div class=\"field\"><label for=\"shared-tags\">")
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
