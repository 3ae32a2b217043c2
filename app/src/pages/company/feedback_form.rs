use super::context::CompanyCtx;
use crate::form::focus;
use crate::form::{Values, busy};
use crate::html::Html;
use crate::i18n::I18n;
use crate::i18n::{Key, Lang, alert, text};
use crate::services::records::now_utc;
use crate::services::{Records, SessionService, SyncService};
use kontaktpunkt_domain::{Feedback, FeedbackError};
use leptos::prelude::*;
use uuid::Uuid;

/// The company's short feedback form, filled in on the consultant's phone: satisfaction 1–5
/// as large radio buttons, "did it make sense", and a comment. Saved on the device like
/// everything else. Plain HTML fields read with `FormData` (see [`crate::form`]).
#[component]
pub fn FeedbackForm(contact_id: Uuid) -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let _ = (&session, &sync);
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let error = RwSignal::new(None::<Key>);
    let fields = move || {
        let lang = i18n.lang.get();
        render(lang, &Values::read("feedback-form").unwrap_or_default())
    };
    focus("feedback-title");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(values) = Values::read("feedback-form") else { return };
        let feedback = Feedback {
            id: Uuid::now_v7(),
            contact_id,
            company: ctx.cvr.get_value(),
            submitted_at: now_utc(),
            satisfaction: values.get("satisfaction").parse().unwrap_or(0),
            relevant: values.has("relevant", "yes"),
            comment: values.get("comment").to_owned(),
        };
        if let Err(errors) = feedback.validate() {
            error.set(errors.first().map(|e| match e {
                FeedbackError::SatisfactionOutOfRange => Key::ErrSatisfaction,
                FeedbackError::CommentTooLong { .. } => Key::ErrCommentTooLong,
            }));
            return;
        }
        error.set(None);
        busy("feedback-save", true);
        leptos::task::spawn_local(async move {
            let result = records.give_feedback(feedback).await;
            busy("feedback-save", false);
            match result {
                Ok(()) => {
                    ctx.feedback_for.set(None);
                    ctx.saved.set(None);
                    ctx.notice.set(Some(Key::FeedbackSaved));
                }
                Err(key) => error.set(Some(key)),
            }
        });
    };

    view! {
        <div class="feedback-panel">
            <h3 id="feedback-title" tabindex="-1">
                {i18n.tr(Key::FeedbackTitle)}
            </h3>
            <form id="feedback-form" class="form" novalidate on:submit=on_submit>
                <div class="form" inner_html=fields></div>
                <div id="feedback-error" aria-live="assertive">
                    {alert(i18n, error)}
                </div>
                <div class="button-row">
                    <button id="feedback-save" type="submit" class="button button-primary">
                        {i18n.tr(Key::Save)}
                    </button>
                    <button type="button" class="button" on:click=move |_| ctx.feedback_for.set(None)>
                        {i18n.tr(Key::Cancel)}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// `input[name=satisfaction][value=1..5]`, `input#feedback-relevant`, `textarea#feedback-comment`.
fn render(lang: Lang, v: &Values) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    h.raw("<fieldset class=\"field\" aria-describedby=\"feedback-error\"><legend>")
        .text(t(Key::Satisfaction))
        .raw("</legend><div class=\"scale\">");
    for n in ["1", "2", "3", "4", "5"] {
        h.raw("<label class=\"scale-option\"><input type=\"radio\" name=\"satisfaction\" value=\"")
            .raw(n)
            .raw(if v.has("satisfaction", n) { "\" checked>" } else { "\">" })
            .el("span", "", n)
            .raw("</label>");
    }
    h.raw("</div></fieldset><label class=\"check check-large\" for=\"feedback-relevant\">")
        .raw("<input id=\"feedback-relevant\" name=\"relevant\" value=\"yes\" type=\"checkbox\"")
        .raw(if v.has("relevant", "yes") { " checked>" } else { ">" })
        .el("span", "", &format!("{} ({})", t(Key::Relevant), t(Key::Yes)))
        .raw("</label><div class=\"field\"><label for=\"feedback-comment\">")
        .text(t(Key::Comment))
        .raw("</label><textarea id=\"feedback-comment\" name=\"comment\" rows=\"3\">")
        .text(v.get("comment"))
        .raw("</textarea></div>");
    h.finish()
}
