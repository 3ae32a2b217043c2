//! Forms whose fields are plain HTML (see [`crate::html`]): the browser keeps what is typed,
//! the app reads it with `FormData` on submit and marks errors in place. Leptos-bound inputs
//! cost kilobytes of wasm per field; these cost a string and a lookup.

use wasm_bindgen::JsCast as _;
use web_sys::{FormData, HtmlFormElement};

/// The values of a form: from `FormData`, or the defaults of a new form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(pub Vec<(String, String)>);

impl Values {
    /// What is typed in the form with this id now, if it is on the page.
    pub fn read(form_id: &str) -> Option<Self> {
        let form =
            leptos::prelude::document().get_element_by_id(form_id)?.dyn_into::<HtmlFormElement>().ok()?;
        let data = FormData::new_with_form(&form).ok()?;
        let mut values = Vec::new();
        for entry in js_sys::try_iter(&data).ok()??.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                values.push((name, value));
            }
        }
        Some(Self(values))
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.0.push((name.to_owned(), value.into()));
        self
    }

    /// The first value of `name`, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.trim())
    }

    /// Every value of `name` in document order, trimmed (repeated fields, e.g. a list's rows).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.trim()).collect()
    }

    /// Whether a checkbox/radio `name` with `value` is checked (or a select has it).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && v == value)
    }
}

/// Shows `message` under the field `id` (its `#<id>-error` element) and marks the field
/// invalid — or clears both with `None`.
pub fn mark(id: &str, message: Option<&str>) {
    let document = leptos::prelude::document();
    if let Some(field) = document.get_element_by_id(id) {
        let _ = field.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
    }
    if let Some(slot) = document.get_element_by_id(&format!("{id}-error")) {
        slot.set_text_content(message);
        let _ = if message.is_some() {
            slot.remove_attribute("hidden")
        } else {
            slot.set_attribute("hidden", "")
        };
    }
}

/// Disables (or enables) the submit button `id` while a save runs.
pub fn busy(id: &str, busy: bool) {
    if let Some(button) = leptos::prelude::document().get_element_by_id(id) {
        let _ = if busy { button.set_attribute("disabled", "") } else { button.remove_attribute("disabled") };
        let _ = button.set_attribute("aria-busy", if busy { "true" } else { "false" });
    }
}

/// Moves keyboard focus (and screen readers) to the element with `id`, after the render.
pub fn focus(id: &str) {
    focus_first(&format!("#{id}"));
}

/// Like [`focus`], for the first element matching a CSS selector.
pub fn focus_first(selector: &str) {
    let selector = selector.to_owned();
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = leptos::prelude::document().query_selector(&selector).ok().flatten() {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}
