use crate::components::contact_list::{StatusBadge, format_date};
use crate::i18n::Key;
use crate::pages::company::CompanyCtx;
use crate::state::AppState;
use kontaktpunkt_domain::contact::MAX_COMMENT_CHARS;
use leptos::prelude::*;

/// The do-not-contact flag: a prominent banner when set (with the reason and a way to lift
/// it), otherwise a quiet "Frabedt sig kontakt" action that asks for the reason.
#[component]
pub fn DoNotContactPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = state.i18n;
    let flag =
        Memo::new(move |_| ctx.data.with(|d| d.as_ref().and_then(|d| d.records.do_not_contact.clone())));
    let status = Signal::derive(move || ctx.data.with(|d| d.as_ref().and_then(|d| d.flag_unsynced)));
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);

    let set = Action::new_local(move |reason: &String| {
        let reason = reason.clone();
        async move {
            match state.set_do_not_contact(ctx.cvr.get_value(), reason, flag.get_untracked()).await {
                Ok(()) => editing.set(false),
                Err(key) => error.set(Some(key)),
            }
        }
    });
    let lift = Action::new_local(move |_: &()| async move {
        if let Some(current) = flag.get_untracked()
            && let Err(key) = state.lift_do_not_contact(current).await
        {
            error.set(Some(key));
        }
        confirming.set(false);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() || text.chars().count() > MAX_COMMENT_CHARS {
            return error.set(Some(Key::ErrReasonMissing));
        }
        error.set(None);
        set.dispatch_local(text);
    };

    let flagged = move || flag.with(Option::is_some);
    view! {
        {move || flag.get().map(|f| view! {
            <section class="banner banner-danger" data-testid="do-not-contact" role="region" aria-labelledby="dnc-title">
                <h2 id="dnc-title">{i18n.tr(Key::DoNotContactBanner)}</h2>
                <p><span class="muted-strong">{i18n.tr(Key::Reason)} ": "</span>{f.reason}</p>
                <p class="small">{format_date(f.registered_on)} " " <StatusBadge status /></p>
            </section>
        })}
        <div class="button-row" hidden=move || !flagged()>
            <button type="button" id="dnc-lift" class="button button-small" hidden=move || confirming.get()
                on:click=move |_| confirming.set(true)>
                {i18n.tr(Key::LiftDoNotContact)}
            </button>
            <button type="button" id="dnc-lift-confirm" class="button" hidden=move || !confirming.get()
                on:click=move |_| { lift.dispatch_local(()); }>
                {i18n.tr(Key::LiftDoNotContact)}
            </button>
            <button type="button" class="button" hidden=move || !confirming.get() on:click=move |_| confirming.set(false)>
                {i18n.tr(Key::Cancel)}
            </button>
        </div>
        <div class="dnc-action" hidden=flagged>
            <button type="button" id="dnc-start" class="button button-small" hidden=move || editing.get()
                on:click=move |_| editing.set(true)>
                {i18n.tr(Key::SetDoNotContact)}
            </button>
            <form id="dnc-form" class="panel form" novalidate hidden=move || !editing.get() on:submit=on_submit>
                <div class="field">
                    <label for="dnc-reason">{i18n.tr(Key::SetDoNotContact)} " — " {i18n.tr(Key::Reason)}</label>
                    <textarea id="dnc-reason" rows="2" required
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <div class="button-row">
                    <button type="submit" id="dnc-save" class="button button-primary" disabled=move || set.pending().get()>
                        {i18n.tr(Key::Save)}
                    </button>
                    <button type="button" class="button" on:click=move |_| editing.set(false)>{i18n.tr(Key::Cancel)}</button>
                </div>
            </form>
        </div>
        {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
    }
}
