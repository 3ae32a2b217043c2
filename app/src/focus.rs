//! Moving keyboard focus (and screen readers) after a render: to a form's first field when it
//! opens, to the field in error, back to the button that opened a closed form.

use wasm_bindgen::JsCast as _;

/// Moves focus to the element with `id`, after the render.
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
