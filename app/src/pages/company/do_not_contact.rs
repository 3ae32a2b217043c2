use super::contact_list::{format_date, status_badge};
use super::context::CompanyCtx;
use crate::form::Values;
use crate::html::{Html, clicked_action};
use crate::i18n::I18n;
use crate::i18n::{Key, Lang, alert, text};
use crate::services::{Records, SessionService, SyncService};
use kontaktpunkt_domain::contact::MAX_COMMENT_CHARS;
use leptos::prelude::*;

/// The do-not-contact flag: a prominent banner when set (with the reason and a way to lift
/// it, after confirming), otherwise a quiet "Frabedt sig kontakt" action that asks for the
/// reason. Plain HTML with delegated clicks (see [`crate::html`]).
#[component]
pub fn DoNotContactPanel() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let _ = (&session, &sync);
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let flag =
        Memo::new(move |_| ctx.data.with(|d| d.as_ref().and_then(|d| d.records.do_not_contact.clone())));
    let flagged = Memo::new(move |_| flag.with(Option::is_some));
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);

    let banner = move || {
        let lang = i18n.lang.get();
        let status = ctx.data.with(|d| d.as_ref().and_then(|d| d.flag_unsynced));
        flag.with(|f| {
            let Some(f) = f else { return String::new() };
            let mut h = Html::default();
            h.raw("<section class=\"banner banner-danger\" data-testid=\"do-not-contact\" role=\"region\" aria-labelledby=\"dnc-title\"><h2 id=\"dnc-title\">")
                .text(text(lang, Key::DoNotContactBanner))
                .raw("</h2><p>")
                .el("span", "muted-strong", &format!("{}: ", text(lang, Key::Reason)))
                .text(&f.reason)
                .raw("</p><p class=\"small\">")
                .text(&format_date(&f.registered_on))
                .raw(" ");
            status_badge(&mut h, lang, status);
            h.raw("</p></section>");
            h.finish()
        })
    };
    let controls = move || controls(i18n.lang.get(), flagged.get(), editing.get(), confirming.get());

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, _)) = clicked_action(&ev) else { return };
        match action.as_str() {
            "dnc-start" => editing.set(true),
            "dnc-cancel" => {
                editing.set(false);
                confirming.set(false);
            }
            "dnc-lift" => confirming.set(true),
            "dnc-lift-confirm" => {
                let Some(current) = flag.get_untracked() else { return };
                leptos::task::spawn_local(async move {
                    if let Err(key) = records.lift_do_not_contact(current).await {
                        error.set(Some(key));
                    }
                    confirming.set(false);
                });
            }
            _ => {}
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = Values::read("dnc-form").map(|v| v.get("reason").to_owned()).unwrap_or_default();
        if reason.is_empty() || reason.chars().count() > MAX_COMMENT_CHARS {
            return error.set(Some(Key::ErrReasonMissing));
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            match records.set_do_not_contact(ctx.cvr.get_value(), reason, flag.get_untracked()).await {
                Ok(()) => editing.set(false),
                Err(key) => error.set(Some(key)),
            }
        });
    };

    view! {
        <div class="dnc" inner_html=banner></div>
        <div class="dnc-action" on:click=on_click on:submit=on_submit inner_html=controls></div>
        {alert(i18n, error)}
    }
}

/// Lift (two steps) when flagged; otherwise "Frabedt sig kontakt", which opens `form#dnc-form`.
fn controls(lang: Lang, flagged: bool, editing: bool, confirming: bool) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    match (flagged, editing, confirming) {
        (true, _, false) => {
            h.raw("<button type=\"button\" id=\"dnc-lift\" class=\"button button-small\" data-action=\"dnc-lift\">")
                .text(t(Key::LiftDoNotContact))
                .raw("</button>");
        }
        (true, _, true) => {
            h.raw("<div class=\"button-row\"><button type=\"button\" id=\"dnc-lift-confirm\" class=\"button\" data-action=\"dnc-lift-confirm\">")
                .text(t(Key::LiftDoNotContact))
                .raw("</button>")
                .button("", "dnc-cancel", "", t(Key::Cancel))
                .raw("</div>");
        }
        (false, false, _) => {
            h.raw("<button type=\"button\" id=\"dnc-start\" class=\"button button-small\" data-action=\"dnc-start\">")
                .text(t(Key::SetDoNotContact))
                .raw("</button>");
        }
        (false, true, _) => {
            h.raw("<form id=\"dnc-form\" class=\"panel form\" novalidate><div class=\"field\"><label for=\"dnc-reason\">")
                .text(&format!("{} — {}", t(Key::SetDoNotContact), t(Key::Reason)))
                .raw("</label><textarea id=\"dnc-reason\" name=\"reason\" rows=\"2\" required></textarea></div>")
                .raw("<div class=\"button-row\"><button type=\"submit\" id=\"dnc-save\" class=\"button button-primary\">")
                .text(t(Key::Save))
                .raw("</button>")
                .button("", "dnc-cancel", "", t(Key::Cancel))
                .raw("</div></form>");
        }
    }
    h.finish()
}
