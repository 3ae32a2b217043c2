use crate::actions::now_utc;
use crate::components::contact_form::focus;
use crate::i18n::Key;
use crate::pages::company::CompanyCtx;
use crate::state::AppState;
use kontaktpunkt_domain::{Feedback, FeedbackError};
use leptos::prelude::*;
use uuid::Uuid;

/// The company's short feedback form, filled in on the consultant's phone: satisfaction 1–5,
/// "did it make sense", and a comment. Saved on the device like everything else.
#[component]
pub fn FeedbackForm(contact_id: Uuid) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    let score = RwSignal::new(0u8);
    let relevant = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    focus("feedback-title");

    let save = Action::new_local(move |feedback: &Feedback| {
        let feedback = feedback.clone();
        async move {
            match state.give_feedback(feedback).await {
                Ok(()) => {
                    ctx.feedback_for.set(None);
                    ctx.saved.set(None);
                    ctx.notice.set(Some(Key::FeedbackSaved));
                }
                Err(key) => error.set(Some(key)),
            }
        }
    });
    let busy = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let feedback = Feedback {
            id: Uuid::now_v7(),
            contact_id,
            company: ctx.cvr.get_value(),
            submitted_at: now_utc(),
            satisfaction: score.get_untracked(),
            relevant: relevant.get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
        };
        if let Err(errors) = feedback.validate() {
            error.set(errors.first().map(|e| match e {
                FeedbackError::SatisfactionOutOfRange => Key::ErrSatisfaction,
                FeedbackError::CommentTooLong { .. } => Key::ErrCommentTooLong,
            }));
            return;
        }
        error.set(None);
        save.dispatch_local(feedback);
    };

    view! {
        <div class="feedback-panel">
            <h3 id="feedback-title" tabindex="-1">{i18n.tr(Key::FeedbackTitle)}</h3>
            <form id="feedback-form" class="form" novalidate on:submit=on_submit>
                <fieldset class="field" aria-describedby="feedback-error">
                    <legend>{i18n.tr(Key::Satisfaction)}</legend>
                    <div class="scale">
                        {(1..=5u8).map(|n| view! {
                            <label class="scale-option">
                                <input
                                    type="radio"
                                    name="satisfaction"
                                    value=n.to_string()
                                    prop:checked=move || score.get() == n
                                    on:change=move |_| score.set(n)
                                />
                                <span>{n}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <label class="check check-large" for="feedback-relevant">
                    <input id="feedback-relevant" type="checkbox" bind:checked=relevant />
                    <span>{i18n.tr(Key::Relevant)} " " <span class="muted">"(" {i18n.tr(Key::Yes)} ")"</span></span>
                </label>
                <div class="field">
                    <label for="feedback-comment">{i18n.tr(Key::Comment)}</label>
                    <textarea id="feedback-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div id="feedback-error" aria-live="assertive">
                    {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
                </div>
                <div class="button-row">
                    <button id="feedback-save" type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || i18n.t(if busy.get() { Key::Saving } else { Key::Save })}
                    </button>
                    <button type="button" class="button" on:click=move |_| ctx.feedback_for.set(None)>
                        {i18n.tr(Key::Cancel)}
                    </button>
                </div>
            </form>
        </div>
    }
}
