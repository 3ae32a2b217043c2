//! The company's short feedback form, filled in on the consultant's phone.

use super::context::CompanyCtx;
use super::fields::{FieldError, FieldErrors, TextArea, invalid};
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::services::Records;
use crate::services::records::now_utc;
use kontaktpunkt_domain::{Feedback, FeedbackError};
use leptos::prelude::*;
use uuid::Uuid;

const SATISFACTION: &str = "feedback-satisfaction";
const COMMENT: &str = "feedback-comment";

/// Satisfaction 1–5 as large radio buttons (`input[name=satisfaction][value=1..5]`), "did it
/// make sense" (`input#feedback-relevant`) and a comment (`textarea#feedback-comment`). Saved
/// on the device like everything else.
#[component]
pub fn FeedbackForm(contact_id: Uuid) -> impl IntoView {
    let records = expect_context::<Records>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    // 0: none chosen yet.
    let satisfaction = RwSignal::new(0u8);
    let relevant = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let failure = RwSignal::new(None::<Key>);
    let save = Action::new_local(move |feedback: &Feedback| {
        let feedback = feedback.clone();
        async move {
            match records.give_feedback(feedback).await {
                Ok(()) => {
                    ctx.feedback_for.set(None);
                    ctx.saved.set(None);
                    ctx.notice.set(Some(Key::FeedbackSaved));
                }
                Err(key) => failure.set(Some(key)),
            }
        }
    });
    focus("feedback-title");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let feedback = Feedback {
            id: Uuid::now_v7(),
            contact_id,
            company: ctx.cvr.get_value(),
            submitted_at: now_utc(),
            satisfaction: satisfaction.get_untracked(),
            relevant: relevant.get_untracked(),
            comment: comment.with_untracked(|c| c.trim().to_owned()),
        };
        let found = feedback.validate().err().unwrap_or_default();
        let found = found.iter().map(|e| match e {
            FeedbackError::SatisfactionOutOfRange => (SATISFACTION, Key::ErrSatisfaction),
            FeedbackError::CommentTooLong { .. } => (COMMENT, Key::ErrCommentTooLong),
        });
        if !errors.show(found.collect()) {
            save.dispatch_local(feedback);
        }
    };
    let satisfaction_error = errors.of(i18n, SATISFACTION);
    let scale = (1..=5u8)
        .map(|n| {
            view! {
                <label class="scale-option">
                    <input
                        type="radio"
                        name="satisfaction"
                        value=n.to_string()
                        prop:checked=move || satisfaction.get() == n
                        on:change=move |_| satisfaction.set(n)
                    />
                    <span>{n}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="feedback-panel">
            <h3 id="feedback-title" tabindex="-1">{i18n.tr(Key::FeedbackTitle)}</h3>
            <form id="feedback-form" class="form" novalidate on:submit=on_submit>
                <fieldset
                    class="field"
                    id=SATISFACTION
                    tabindex="-1"
                    aria-invalid=invalid(satisfaction_error)
                    aria-describedby="feedback-satisfaction-error"
                >
                    <legend>{i18n.tr(Key::Satisfaction)}</legend>
                    <div class="scale">{scale}</div>
                    <FieldError id=SATISFACTION error=satisfaction_error />
                </fieldset>
                <label class="check check-large" for="feedback-relevant">
                    <input id="feedback-relevant" name="relevant" value="yes" type="checkbox" bind:checked=relevant />
                    <span>{i18n.tr(Key::Relevant)}" ("{i18n.tr(Key::Yes)}")"</span>
                </label>
                <TextArea id=COMMENT name="comment" label=Key::Comment rows="3" value=comment error=errors.of(i18n, COMMENT) />
                <div id="feedback-error" aria-live="assertive">
                    {alert(i18n, failure)}
                </div>
                <div class="button-row">
                    <button id="feedback-save" type="submit" class="button button-primary" disabled=move || save.pending().get()>
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
