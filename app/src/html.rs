//! Read-only lists rendered as HTML text (set with `inner_html`), with clicks handled by one
//! delegated listener. A list item built from Leptos elements costs kilobytes of wasm per
//! distinct shape; this costs a few string writes. Everything user-made is escaped here.

use std::fmt::Write as _;

/// HTML text under construction.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// Literal markup from this crate (never user input).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped for element content and attribute values.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// `<tag class="class">text</tag>`.
    pub fn el(&mut self, tag: &str, class: &str, text: &str) -> &mut Self {
        let _ = write!(self.0, "<{tag} class=\"{class}\">");
        self.text(text);
        let _ = write!(self.0, "</{tag}>");
        self
    }

    /// A button that the list's delegated click handler recognises by `data-action`.
    pub fn button(&mut self, class: &str, action: &str, id: &str, label: &str) -> &mut Self {
        let _ = write!(
            self.0,
            "<button type=\"button\" class=\"button button-small {class}\" data-action=\"{action}\" data-id=\""
        );
        self.text(id).raw("\">").text(label).raw("</button>")
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// The `data-action` and `data-id` of the clicked button inside a delegated list, if any.
pub fn clicked_action(event: &web_sys::MouseEvent) -> Option<(String, String)> {
    use wasm_bindgen::JsCast as _;
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest("[data-action]").ok()??;
    Some((button.get_attribute("data-action")?, button.get_attribute("data-id").unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        let mut html = Html::default();
        html.el("p", "note", "<script>\"x\" & 'y'</script>");
        assert_eq!(
            html.finish(),
            "<p class=\"note\">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>"
        );
    }

    #[test]
    fn buttons_carry_their_action() {
        let mut html = Html::default();
        html.button("feedback-start", "feedback", "a\"b", "Giv <feedback>");
        assert_eq!(
            html.finish(),
            "<button type=\"button\" class=\"button button-small feedback-start\" data-action=\"feedback\" \
             data-id=\"a&quot;b\">Giv &lt;feedback&gt;</button>"
        );
    }
}
