//! A tiny DOM builder for the import screen.
//!
//! The screen is admin-only, so it must cost the consultants' phones (the shell budget) next
//! to nothing: `view!` makes one copy of the render code per view type, which for a screen of
//! this many tables and lists cost ~50 KB brotli. These few non-generic calls cost almost
//! nothing. Text always goes in as text nodes, never parsed as HTML, so file contents cannot
//! inject markup.

use wasm_bindgen::UnwrapThrowExt;
use web_sys::Element;

/// An element being built.
pub struct H(pub Element);

/// A new `<tag>`.
pub fn h(tag: &str) -> H {
    H(document().create_element(tag).expect_throw("create_element"))
}

/// `<tag class="…">`.
pub fn hc(tag: &str, class: &str) -> H {
    h(tag).attr("class", class)
}

/// `<tag class="…">text</tag>`.
pub fn ht(tag: &str, class: &str, text: &str) -> H {
    hc(tag, class).text(text)
}

impl H {
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn id(self, id: &str) -> Self {
        self.0.set_id(id);
        self
    }

    /// Appends text (as a text node).
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn add(self, child: H) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn maybe(self, child: Option<H>) -> Self {
        match child {
            Some(child) => self.add(child),
            None => self,
        }
    }

    pub fn all(mut self, children: impl IntoIterator<Item = H>) -> Self {
        for child in children {
            self = self.add(child);
        }
        self
    }
}

/// The element with `id`, if it is in the page.
pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// Replaces the children of the element with `id` by `content`.
pub fn fill(id: &str, content: Option<H>) {
    if let Some(el) = by_id(id) {
        el.set_text_content(None);
        if let Some(content) = content {
            let _ = el.append_child(&content.0);
        }
    }
}

fn document() -> web_sys::Document {
    leptos::prelude::document()
}
