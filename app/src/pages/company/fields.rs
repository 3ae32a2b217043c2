//! The parts the company screen's forms share: a labelled input or text area bound to a
//! signal, with its error right below it (`p#<id>-error`, named by the field's
//! `aria-describedby`, the field marked `aria-invalid` while it has one).

use crate::focus::focus;
use crate::i18n::{I18n, Key, text};
use leptos::prelude::*;

/// A form's field errors by field id; each field shows its own.
#[derive(Clone, Copy, Default)]
pub struct FieldErrors(RwSignal<Vec<(&'static str, Key)>>);

impl FieldErrors {
    /// The error text of field `id` in the current language, `None` while it has none.
    pub fn of(self, i18n: I18n, id: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            let key =
                self.0.with(|errors| errors.iter().find(|(field, _)| *field == id).map(|(_, key)| *key));
            key.map(|key| text(i18n.lang.get(), key).to_owned())
        })
    }

    /// Shows `errors` instead of the previous ones; the first field in error.
    pub fn set(self, errors: Vec<(&'static str, Key)>) -> Option<&'static str> {
        let first = errors.first().map(|(id, _)| *id);
        self.0.set(errors);
        first
    }

    /// Like [`Self::set`], and moves the cursor to the first field in error; whether there
    /// was any.
    pub fn show(self, errors: Vec<(&'static str, Key)>) -> bool {
        self.set(errors).inspect(|id| focus(id)).is_some()
    }

    pub fn clear(self) {
        self.0.update(Vec::clear);
    }
}

/// `aria-invalid` of a field with this error: one closure type for every field.
pub fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || if error.with(Option::is_some) { "true" } else { "false" }
}

/// The error below the field `id` (`p#<id>-error`), hidden while there is none.
#[component]
pub fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="error field-error" id=format!("{id}-error") hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}

/// A labelled `<input>` bound to `value`.
#[component]
pub fn TextInput(
    id: &'static str,
    name: &'static str,
    label: Key,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] max: Option<String>,
    /// A hint below the field (`p#<id>-hint`), also named by `aria-describedby`.
    #[prop(optional)]
    hint: Option<Key>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    view! {
        <div class="field">
            <label for=id>{i18n.tr(label)}</label>
            <input
                id=id
                name=name
                type=kind
                required=required
                max=max
                autocomplete=autocomplete
                aria-invalid=invalid(error)
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint small" id=format!("{id}-hint")>{i18n.tr(hint)}</p> })}
            <FieldError id error />
        </div>
    }
}

/// A labelled `<textarea>` bound to `value`.
#[component]
pub fn TextArea(
    id: &'static str,
    name: &'static str,
    label: Key,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    rows: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="field">
            <label for=id>{i18n.tr(label)}</label>
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                aria-invalid=invalid(error)
                aria-describedby=format!("{id}-error")
                bind:value=value
            ></textarea>
            <FieldError id error />
        </div>
    }
}
