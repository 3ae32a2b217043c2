//! The top of the company screen for the visit moment: who else is in contact, in one line,
//! and the primary "Log kontakt" button within thumb's reach.

use super::context::CompanyCtx;
use super::labels::format_date;
use crate::i18n::{I18n, Key};
use crate::services::SessionService;
use crate::services::records::today;
use kontaktpunkt_domain::coordination::also_in_contact;
use leptos::prelude::*;

/// `p[data-testid=also-in-contact]` ("Også i kontakt: Jobcenter 25.11.2026 · Ungeindsatsen
/// 20.11.2026", with `data-count` units) and `button#log-contact`, which opens the contact
/// form as a visit today.
#[component]
pub fn VisitSummary() -> impl IntoView {
    let ctx = expect_context::<CompanyCtx>();
    let session = expect_context::<SessionService>();
    let i18n = expect_context::<I18n>();
    let my_unit =
        session.with_untracked(|s| s.and_then(|s| s.user.unit_id.or(s.unit.as_ref().map(|u| u.id))));
    // `None` while the device is still reading the company's records.
    let units = Memo::new(move |_| {
        ctx.data.with(|d| {
            d.as_ref().map(|d| {
                also_in_contact(&d.facts(), my_unit, today())
                    .into_iter()
                    .map(|u| {
                        let name = d.unit_name(u.unit_id).unwrap_or(i18n.t(Key::UnknownUnit)).to_owned();
                        format!("{name} {}", format_date(&u.latest.to_string()))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let line = move || {
        units.with(|units| match units.as_deref() {
            None => String::new(),
            Some([]) => i18n.t(Key::AlsoInContactNone).to_owned(),
            Some(list) => format!("{}: {}", i18n.t(Key::AlsoInContact), list.join(" · ")),
        })
    };
    let count = move || units.with(|u| u.as_ref().map_or(0, Vec::len)).to_string();
    // The contact plan: who is to contact the company, and when (the user's own included).
    let planned = Memo::new(move |_| {
        ctx.data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.open_planned()
                        .map(|p| {
                            let who = d
                                .person_and_unit(p.user_id)
                                .unwrap_or_else(|| i18n.t(Key::UnknownUnit).to_owned());
                            format!(
                                "{who} {}–{}",
                                format_date(&p.from.to_string()),
                                format_date(&p.to.to_string())
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let busy = move || units.with(|u| u.as_ref().is_some_and(|u| !u.is_empty()));

    view! {
        <div class="visit-summary">
            <p
                class=move || if busy() { "also-in-contact also-in-contact-busy" } else { "also-in-contact" }
                data-testid="also-in-contact"
                data-count=count
                aria-live="polite"
            >
                {line}
            </p>
            <Show when=move || planned.with(|p| !p.is_empty())>
                <p class="also-in-contact also-in-contact-busy" data-testid="planned-contacts" data-count=move || planned.with(Vec::len).to_string()>
                    {move || format!("{}: {}", i18n.t(Key::PlannedContacts), planned.with(|p| p.join(" · ")))}
                </p>
            </Show>
            <button
                type="button"
                id="log-contact"
                data-testid="log-contact"
                class="button button-primary button-wide"
                on:click=move |_| ctx.open_form.update(|n| *n += 1)
            >
                {i18n.tr(Key::LogContact)}
            </button>
        </div>
    }
}
