//! Handing the phone over: the company gives its feedback on one contact in a full-screen
//! mode with large targets, no navigation and none of the consultant's notes or history
//! (a modal `<dialog>`: the page behind it is inert and hidden). The questions are
//! [`CURRENT_QUESTIONS`](kontaktpunkt_domain::feedback::CURRENT_QUESTIONS), worded for the kind of contact. It ends with "Tak — giv telefonen
//! tilbage"; only the consultant's confirmation leaves it (Escape and the phone's Back
//! gesture ask for it too), so the company never lands on the consultant's screens.

use super::context::CompanyCtx;
use super::handover_texts::{T, t, worded};
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::services::Records;
use crate::services::records::now_utc;
use kontaktpunkt_domain::feedback::{Frequency, Score, Survey, YesNo};
use kontaktpunkt_domain::{ContactKind, Feedback, FeedbackError};
use leptos::html::Dialog;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;

const COMMENT: &str = "feedback-comment";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Questions,
    Thanks,
}

/// The hand-over mode for `contact_id`, a contact of `kind`. Hooks: `dialog#handover`,
/// `input[name=satisfaction][value=1..5]`, `input[name=relevant][value=yes|no|no_answer]` and
/// the like for every question, `textarea#feedback-comment`, `button#feedback-save`,
/// `[data-testid=handover-thanks]`, `button#handover-exit` and `button#handover-exit-confirm`.
#[component]
pub fn FeedbackForm(contact_id: Uuid, kind: ContactKind) -> impl IntoView {
    let records = expect_context::<Records>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let satisfaction = RwSignal::new(None::<u8>);
    let relevant = RwSignal::new(None::<YesNo>);
    let one_organisation = RwSignal::new(None::<Score>);
    let frequency = RwSignal::new(None::<Frequency>);
    let dialogue = RwSignal::new(None::<Score>);
    let labour_help = RwSignal::new(None::<Score>);
    let may_contact = RwSignal::new(None::<YesNo>);
    let comment = RwSignal::new(String::new());
    let missing_satisfaction = RwSignal::new(false);
    let failure = RwSignal::new(None::<Key>);
    let stage = RwSignal::new(Stage::Questions);
    // The consultant's confirmation to leave is showing.
    let asking = RwSignal::new(false);

    let save = Action::new_local(move |feedback: &Feedback| {
        let feedback = feedback.clone();
        async move {
            match records.give_feedback(feedback).await {
                Ok(()) => {
                    ctx.saved.set(None);
                    ctx.notice.set(Some(Key::FeedbackSaved));
                    stage.set(Stage::Thanks);
                    focus("handover-thanks");
                }
                Err(key) => failure.set(Some(key)),
            }
        }
    });

    let dialog = NodeRef::<Dialog>::new();
    open_modal(dialog, asking);
    let trap = trap_back_gesture(asking);
    let leave = move || {
        trap.release();
        ctx.feedback_for.set(None);
    };
    focus("handover-title");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let Some(score) = satisfaction.get_untracked() else {
            missing_satisfaction.set(true);
            focus("feedback-satisfaction");
            return;
        };
        missing_satisfaction.set(false);
        let survey = Survey {
            relevant: relevant.get_untracked().unwrap_or(YesNo::NoAnswer),
            one_organisation: one_organisation.get_untracked().unwrap_or(Score::NoAnswer),
            frequency: frequency.get_untracked().unwrap_or(Frequency::NoAnswer),
            dialogue: dialogue.get_untracked().unwrap_or(Score::NoAnswer),
            labour_help: labour_help.get_untracked().unwrap_or(Score::NoAnswer),
            may_contact: may_contact.get_untracked().unwrap_or(YesNo::NoAnswer),
        };
        let feedback = Feedback::current(
            Uuid::now_v7(),
            contact_id,
            ctx.cvr.get_value(),
            now_utc(),
            score,
            comment.with_untracked(|c| c.trim().to_owned()),
            survey,
        );
        match feedback.validate() {
            Ok(()) => {
                save.dispatch_local(feedback);
            }
            Err(errors) if errors.iter().any(|e| matches!(e, FeedbackError::CommentTooLong { .. })) => {
                failure.set(Some(Key::ErrCommentTooLong));
                focus(COMMENT);
            }
            // The choices cannot make an invalid survey; say so rather than drop the answers.
            Err(_) => failure.set(Some(Key::ErrServer)),
        }
    };

    let lang = move || i18n.lang.get();
    let text = move |key: T| move || t(lang(), key);
    let question = move |key: T| Signal::derive(move || worded(lang(), key, kind));
    let plain = move |key: T| Signal::derive(move || t(lang(), key).to_owned());
    let scale = move |with_not_relevant: bool| {
        let mut options: Vec<(Score, String, Signal<String>)> =
            (1..=5u8).map(|n| (Score::Rated(n), n.to_string(), Signal::stored(n.to_string()))).collect();
        if with_not_relevant {
            options.push((Score::NotRelevant, "not_relevant".to_owned(), plain(T::NotRelevant)));
        }
        options.push((Score::NoAnswer, "no_answer".to_owned(), plain(T::NoAnswer)));
        options
    };
    let yes_no = move || {
        vec![
            (YesNo::Yes, "yes".to_owned(), plain(T::Yes)),
            (YesNo::No, "no".to_owned(), plain(T::No)),
            (YesNo::NoAnswer, "no_answer".to_owned(), plain(T::NoAnswer)),
        ]
    };
    let frequencies = vec![
        (Frequency::TooOften, "too_often".to_owned(), plain(T::TooOften)),
        (Frequency::AboutRight, "about_right".to_owned(), plain(T::AboutRight)),
        (Frequency::TooRarely, "too_rarely".to_owned(), plain(T::TooRarely)),
        (Frequency::NoAnswer, "no_answer".to_owned(), plain(T::NoAnswer)),
    ];
    let satisfactions: Vec<(u8, String, Signal<String>)> =
        (1..=5u8).map(|n| (n, n.to_string(), Signal::stored(n.to_string()))).collect();

    let questions = move || {
        view! {
            <h2 id="handover-title" tabindex="-1">{move || worded(lang(), T::Title, kind)}</h2>
            <p class="handover-intro">{text(T::Intro)}</p>
            <form id="feedback-form" class="form handover-form" novalidate on:submit=on_submit>
                <Choices
                    id="feedback-satisfaction"
                    name="satisfaction"
                    legend=question(T::Satisfaction)
                    hint=Signal::derive(move || format!("{} · {}", t(lang(), T::SatisfactionLow), t(lang(), T::SatisfactionHigh)))
                    options=satisfactions.clone()
                    value=satisfaction
                    error=Signal::derive(move || missing_satisfaction.get().then(|| t(lang(), T::ErrSatisfaction).to_owned()))
                />
                <Choices id="feedback-relevant" name="relevant" legend=question(T::Relevant) options=yes_no() value=relevant />
                <Choices
                    id="feedback-one-organisation"
                    name="one_organisation"
                    legend=plain(T::OneOrganisation)
                    hint=plain(T::OneOrganisationScale)
                    options=scale(false)
                    value=one_organisation
                />
                <Choices id="feedback-frequency" name="frequency" legend=plain(T::Frequency) options=frequencies.clone() value=frequency />
                <Choices id="feedback-dialogue" name="dialogue" legend=plain(T::Dialogue) hint=plain(T::GoodScale) options=scale(false) value=dialogue />
                <Choices
                    id="feedback-labour-help"
                    name="labour_help"
                    legend=plain(T::LabourHelp)
                    hint=plain(T::GoodScale)
                    options=scale(true)
                    value=labour_help
                />
                <div class="field">
                    <label for=COMMENT>{text(T::Better)}</label>
                    <textarea id=COMMENT name="comment" rows="3" bind:value=comment></textarea>
                </div>
                <Choices id="feedback-may-contact" name="may_contact" legend=plain(T::MayContact) options=yes_no() value=may_contact />
                <div id="feedback-error" aria-live="assertive">{alert(i18n, failure)}</div>
                <button id="feedback-save" type="submit" class="button button-primary button-large" disabled=move || save.pending().get()>
                    {text(T::Send)}
                </button>
            </form>
        }
    };
    let thanks = move || {
        view! {
            <div class="handover-thanks" data-testid="handover-thanks" id="handover-thanks" tabindex="-1" role="status">
                <p class="handover-thanks-title">{text(T::Thanks)}</p>
                <p>{text(T::ThanksText)}</p>
            </div>
        }
    };

    view! {
        <dialog node_ref=dialog id="handover" class="handover" aria-labelledby="handover-label">
            <div class="handover-body">
                <p id="handover-label" class="visually-hidden">{text(T::Label)}</p>
                {move || match stage.get() {
                    Stage::Questions => questions().into_any(),
                    Stage::Thanks => thanks().into_any(),
                }}
                <div class="handover-exit" role="group" aria-label=text(T::ForConsultant)>
                    <Show
                        when=move || asking.get()
                        fallback=move || view! {
                            <button id="handover-exit" type="button" class="button button-small" on:click=move |_| asking.set(true)>
                                {text(T::ForConsultant)}
                            </button>
                        }
                    >
                        <p role="alert">
                            {move || t(lang(), if stage.get() == Stage::Thanks { T::EndAsk } else { T::AbortAsk })}
                        </p>
                        <div class="button-row">
                            <button id="handover-exit-confirm" type="button" class="button button-primary" on:click=move |_| leave()>
                                {move || t(lang(), if stage.get() == Stage::Thanks { T::EndConfirm } else { T::AbortConfirm })}
                            </button>
                            <button type="button" class="button" on:click=move |_| asking.set(false)>{text(T::Continue)}</button>
                        </div>
                    </Show>
                </div>
            </div>
        </dialog>
    }
}

/// One question as a group of large radio buttons (`input[name=<name>][value=…]`); the
/// group's `id` is the target of its error and of focus.
#[component]
fn Choices<V>(
    id: &'static str,
    name: &'static str,
    legend: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    options: Vec<(V, String, Signal<String>)>,
    value: RwSignal<Option<V>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView
where
    V: Copy + PartialEq + Send + Sync + 'static,
{
    let error = error.unwrap_or_default();
    let described = format!("{id}-hint {id}-error");
    let options = options
        .into_iter()
        .map(|(option, attr, label)| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        value=attr
                        prop:checked=move || value.get() == Some(option)
                        on:change=move |_| value.set(Some(option))
                    />
                    <span>{move || label.get()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field choices"
            id=id
            tabindex="-1"
            aria-describedby=described
            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
        >
            <legend>{move || legend.get()}</legend>
            {hint.map(|hint| view! { <p class="muted small" id=format!("{id}-hint")>{move || hint.get()}</p> })}
            <div class="choice-row">{options}</div>
            <p class="error field-error" id=format!("{id}-error") hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </fieldset>
    }
}

/// Shows `dialog` as a modal once it is in the page; Escape asks the consultant instead of
/// closing it.
fn open_modal(dialog: NodeRef<Dialog>, asking: RwSignal<bool>) {
    Effect::new(move || {
        let Some(el) = dialog.get() else { return };
        if !el.open() {
            let _ = el.show_modal();
        }
        let on_cancel = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            asking.set(true);
        });
        el.set_oncancel(Some(on_cancel.into_js_value().unchecked_ref()));
    });
}

/// Keeps the phone's Back gesture (and the browser's Back) from leaving the hand-over: an
/// entry of the same address is pushed on entering and again whenever Back takes it, and
/// Back asks for the consultant's confirmation. [`BackTrap::release`] takes the entry back.
fn trap_back_gesture(asking: RwSignal<bool>) -> BackTrap {
    let history = window().history().ok();
    if let Some(history) = &history {
        let _ = history.push_state(&wasm_bindgen::JsValue::NULL, "");
    }
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        if let Ok(history) = window().history() {
            let _ = history.push_state(&wasm_bindgen::JsValue::NULL, "");
        }
        asking.set(true);
    });
    let handle = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        if let Some(listener) = handle.try_update_value(Option::take).flatten() {
            listener.remove();
        }
    });
    BackTrap { handle }
}

#[derive(Clone, Copy)]
struct BackTrap {
    handle: StoredValue<Option<WindowListenerHandle>, LocalStorage>,
}

impl BackTrap {
    /// Stops trapping Back and removes the pushed entry, so one Back afterwards leaves the
    /// company screen as usual.
    fn release(self) {
        if let Some(listener) = self.handle.try_update_value(Option::take).flatten() {
            listener.remove();
            if let Ok(history) = window().history() {
                let _ = history.back();
            }
        }
    }
}
