use super::context::{CompanyCtx, CompanyData};
use super::feedback_form::FeedbackForm;
use crate::html::{Html, clicked_action};
use crate::i18n::I18n;
use crate::i18n::{Key, Lang, satisfaction, text};
use crate::outbox::EntryStatus;
use crate::rules::{newest_first, parse_date};
use crate::services::records::today;
use crate::services::{Records, SessionService, SyncService};
use crate::store::StoredContact;
use kontaktpunkt_domain::coordination::is_parallel_contact;
use kontaktpunkt_domain::{ContactKind, Purpose};
use leptos::prelude::*;
use uuid::Uuid;

/// "Who else has contacted it": every unit's contacts, newest first, recent ones of other
/// units marked as parallel contact; the user's own contacts offer feedback and follow-up.
/// The list is read-only text, so it is rendered as HTML (see [`crate::html`]).
#[component]
pub fn ContactList() -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let _ = (&session, &sync);
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let (me, my_unit) =
        session.with_untracked(|s| s.map(|s| (Some(s.user.id), s.user.unit_id))).unwrap_or_default();
    let list = move || {
        let lang = i18n.lang.get();
        ctx.data.with(|d| d.as_ref().map(|d| render(d, lang, me, my_unit)).unwrap_or_default())
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked_action(&ev) else { return };
        let Ok(id) = Uuid::parse_str(&id) else { return };
        match action.as_str() {
            "feedback" => {
                ctx.notice.set(None);
                ctx.saved.set(None);
                ctx.feedback_for.set(Some(id));
            }
            "follow-up" => {
                let stored = ctx.data.with_untracked(|d| {
                    d.as_ref().and_then(|d| d.records.contacts.iter().find(|c| c.id == id).cloned())
                });
                if let Some(stored) = stored {
                    leptos::task::spawn_local(async move {
                        if let Err(key) = records.complete_follow_up(stored).await {
                            sync.report(key);
                        }
                    });
                }
            }
            _ => {}
        }
    };
    view! {
        <section class="panel contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{i18n.tr(Key::ContactsTitle)}</h2>
            <div on:click=on_click inner_html=move || notice(i18n.lang.get(), ctx.notice.get(), ctx.saved.get())></div>
            {move || ctx.feedback_for.get().map(|contact_id| view! { <FeedbackForm contact_id /> })}
            <ul class="contact-list" on:click=on_click inner_html=list></ul>
        </section>
    }
}

/// A short confirmation, and after a save: "Kontakten er gemt" with `button#feedback-start`.
fn notice(lang: Lang, notice: Option<Key>, saved: Option<Uuid>) -> String {
    let mut h = Html::default();
    if let Some(key) = notice {
        h.raw("<p class=\"notice\" role=\"status\">").text(text(lang, key)).raw("</p>");
    }
    if let Some(id) = saved {
        h.raw("<div class=\"notice saved\" role=\"status\">")
            .el("p", "", text(lang, Key::ContactSaved))
            .raw("<button type=\"button\" id=\"feedback-start\" class=\"button button-primary\" data-action=\"feedback\" data-id=\"")
            .text(&id.to_string())
            .raw("\">")
            .text(text(lang, Key::GiveFeedback))
            .raw("</button></div>");
    }
    h.finish()
}

/// The list items: `li[data-testid=contact-item]` with `data-id`, `data-pending`, and the
/// contact's feedback as `[data-testid=feedback-item]`.
fn render(data: &CompanyData, lang: Lang, me: Option<Uuid>, my_unit: Option<Uuid>) -> String {
    let t = |key| text(lang, key);
    let mut contacts: Vec<&StoredContact> = data.records.contacts.iter().collect();
    newest_first(&mut contacts, |c| (c.date.as_str(), c.id));
    let mut h = Html::default();
    if contacts.is_empty() {
        h.el("li", "muted", t(Key::NoContacts));
    }
    let today = today();
    for stored in contacts {
        let c = stored;
        let id = c.id.to_string();
        let parallel =
            parse_date(&c.date).is_some_and(|date| is_parallel_contact(c.unit_id, date, my_unit, today));
        let status = data.status(c.id);
        h.raw("<li class=\"contact-item")
            .raw(if parallel { " contact-parallel" } else { "" })
            .raw("\" data-testid=\"contact-item\" data-id=\"")
            .text(&id)
            .raw("\" data-pending=\"")
            .raw(if status.is_some() { "true" } else { "false" })
            .raw("\" data-parallel=\"")
            .raw(if parallel { "true" } else { "false" })
            .raw("\"><div class=\"contact-head\">");
        let unit = data.unit_name(c.unit_id).unwrap_or(t(Key::UnknownUnit));
        h.el("strong", "contact-unit", unit);
        if let Some(author) = data.colleague(c.user_id) {
            h.el("span", "contact-author", &author.display_name);
        }
        h.raw("<time datetime=\"").text(&c.date).raw("\">").text(&format_date(&c.date)).raw("</time>").el(
            "span",
            "contact-kind",
            t(kind_key(c.kind)),
        );
        if parallel {
            h.raw("<span class=\"badge badge-warn\" title=\"")
                .text(t(Key::ParallelHint))
                .raw("\">")
                .text(t(Key::ParallelContact))
                .raw("</span>");
        }
        status_badge(&mut h, lang, status);
        h.raw("</div>");
        let purposes: Vec<&str> = c.purposes.iter().map(|p| t(purpose_key(*p))).collect();
        h.el("p", "contact-purposes", &purposes.join(" · "));
        // Free-text notes stay within the unit (minimal visibility across units).
        if Some(c.unit_id) == my_unit && !c.notes.is_empty() {
            h.el("p", "contact-notes", &c.notes);
        }
        let own = Some(c.user_id) == me;
        if let Some(f) = &c.follow_up {
            h.raw("<p class=\"contact-follow-up\">")
                .el("span", "muted", t(Key::FollowUp))
                .raw(": ")
                .text(&format_date(&f.due));
            if !f.note.is_empty() {
                h.raw(" — ").text(&f.note);
            }
            h.raw(" ");
            match &stored.follow_up_done_on {
                Some(day) => {
                    h.el("span", "badge badge-ok", &format!("{} {}", t(Key::FollowUpDone), format_date(day)));
                }
                None if own => {
                    h.button("follow-up-done", "follow-up", &id, t(Key::MarkFollowUpDone));
                }
                None => {}
            }
            h.raw("</p>");
        }
        h.raw("<ul class=\"feedback-list\">");
        for f in data.records.feedback.iter().filter(|f| f.contact_id == c.id) {
            let pending = data.status(f.id);
            h.raw("<li class=\"feedback-item\" data-testid=\"feedback-item\" data-id=\"")
                .text(&f.id.to_string())
                .raw("\" data-pending=\"")
                .raw(if pending.is_some() { "true" } else { "false" })
                .raw("\">")
                .el("span", "", &satisfaction(lang, f.satisfaction))
                .raw(" · ")
                .el("span", "", t(if f.relevant { Key::RelevantYes } else { Key::RelevantNo }));
            if !f.comment.is_empty() {
                h.el("q", "feedback-comment", &f.comment);
            }
            status_badge(&mut h, lang, pending);
            h.raw("</li>");
        }
        h.raw("</ul>");
        if own {
            h.button("feedback-start", "feedback", &id, t(Key::GiveFeedback));
        }
        h.raw("</li>");
    }
    h.finish()
}

/// "Ikke synkroniseret" / "Afvist" as HTML.
pub fn status_badge(h: &mut Html, lang: Lang, status: Option<EntryStatus>) {
    match status {
        Some(EntryStatus::Pending) => h.el("span", "badge badge-pending", text(lang, Key::StatusPending)),
        Some(EntryStatus::Rejected) => h.el("span", "badge badge-danger", text(lang, Key::StatusRejected)),
        None => h,
    };
}

/// "23.11.2026" from a stored `YYYY-MM-DD` (Danish style; also readable in English).
pub fn format_date(iso: &str) -> String {
    use chrono::Datelike as _;
    match parse_date(iso) {
        Some(day) => format!("{}.{}.{}", day.day(), day.month(), day.year()),
        None => iso.to_owned(),
    }
}

pub fn kind_key(kind: ContactKind) -> Key {
    match kind {
        ContactKind::Visit => Key::KindVisit,
        ContactKind::Phone => Key::KindPhone,
        ContactKind::Meeting => Key::KindMeeting,
        ContactKind::Event => Key::KindEvent,
        ContactKind::Email => Key::KindEmail,
    }
}

pub fn purpose_key(purpose: Purpose) -> Key {
    match purpose {
        Purpose::Recruitment => Key::PurposeRecruitment,
        Purpose::JobTraining => Key::PurposeJobTraining,
        Purpose::WageSubsidy => Key::PurposeWageSubsidy,
        Purpose::Retention => Key::PurposeRetention,
        Purpose::BusinessDevelopment => Key::PurposeBusinessDevelopment,
        Purpose::PupilPlacement => Key::PurposePupilPlacement,
        Purpose::YouthEmployment => Key::PurposeYouthEmployment,
        Purpose::Other => Key::PurposeOther,
    }
}
