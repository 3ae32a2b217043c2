//! "Where I am logged in", on "mit arbejde": my valid sessions (browser, when last used, when
//! it ends), and ending any but this one, e.g. for a phone left behind. It needs the network;
//! offline it says so. In the "mit arbejde" chunk.

use crate::admin_api::{self, AdminError};
use crate::components::sync_status::format_time;
use crate::i18n::{I18n, Lang};
use crate::pages::admin_devices::browser_label;
use crate::services::SessionService;
use kontaktpunkt_domain::accounts::SessionInfo;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    Title,
    Intro,
    Loading,
    ThisOne,
    LastUsed,
    Ends,
    End,
    NeedsNetwork,
    Failed,
    Unknown,
}

fn t(lang: Lang, key: T) -> &'static str {
    let (da, en) = match key {
        T::Title => ("Hvor jeg er logget ind", "Where I am logged in"),
        T::Intro => (
            "Afslut et login, du ikke bruger mere – fx på en telefon, du har glemt eller mistet. Den bliver logget ud, næste gang den har forbindelse.",
            "End a login you no longer use – e.g. on a phone you left behind or lost. It is logged out the next time it is online.",
        ),
        T::Loading => ("Henter dine logins …", "Loading your logins …"),
        T::ThisOne => ("Denne enhed", "This device"),
        T::LastUsed => ("Sidst brugt", "Last used"),
        T::Ends => ("Udløber", "Expires"),
        T::End => ("Log ud der", "Log out there"),
        T::NeedsNetwork => (
            "Kræver forbindelse: dine logins står på serveren.",
            "Needs a connection: your logins are kept on the server.",
        ),
        T::Failed => ("Det lykkedes ikke. Prøv igen.", "That did not work. Try again."),
        T::Unknown => ("Ukendt browser", "Unknown browser"),
    };
    if lang == Lang::En { en } else { da }
}

fn tr(i18n: I18n, key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = i18n.lang;
    move || t(lang.get(), key)
}

fn problem(error: AdminError) -> T {
    match error {
        AdminError::Offline => T::NeedsNetwork,
        other => {
            leptos::logging::warn!("sessions: {other:?}");
            T::Failed
        }
    }
}

#[component]
pub fn MySessions() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    // Bumped after a session is ended, to read the list again.
    let reload = RwSignal::new(0_u32);
    let sessions = LocalResource::new(move || {
        reload.track();
        async move {
            let token = session.token_untracked().unwrap_or_default();
            admin_api::my_sessions(&token).await.map_err(problem)
        }
    });
    view! {
        <section class="panel my-sessions" data-testid="my-sessions" aria-labelledby="my-sessions-title">
            <h2 id="my-sessions-title">{tr(i18n, T::Title)}</h2>
            <p class="muted">{tr(i18n, T::Intro)}</p>
            <Suspense fallback=move || view! { <p class="muted" role="status">{tr(i18n, T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Err(key) => view! {
                            <p class="muted" role="status" data-testid="my-sessions-error">{tr(i18n, key)}</p>
                        }
                        .into_any(),
                        Ok(list) => {
                            let count = list.len();
                            view! {
                                <ul class="work-list my-sessions-list" data-testid="my-session-count" data-count=count.to_string()>
                                    <For each=move || list.clone() key=|s| s.id let:login>
                                        <SessionRow login reload />
                                    </For>
                                </ul>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionRow(login: SessionInfo, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let id: Uuid = login.id;
    let failure = RwSignal::new(None::<T>);
    let end = Action::new_local(move |_: &()| async move {
        let token = session.token_untracked().unwrap_or_default();
        match admin_api::end_my_session(&token, id).await {
            Ok(()) => reload.update(|n| *n += 1),
            Err(error) => failure.set(Some(problem(error))),
        }
    });
    let browser = login.user_agent.as_deref().map(browser_label);
    let (last_used, ends) =
        (login.last_used_at.timestamp_millis() as f64, login.expires_at.timestamp_millis() as f64);
    let label = move || {
        let lang = i18n.lang.get();
        browser.clone().unwrap_or_else(|| t(lang, T::Unknown).to_owned())
    };
    view! {
        <li class="my-session" data-testid="my-session" data-session=id.to_string() data-current=login.current.to_string()>
            <strong>{label}</strong>
            {login.current.then(|| view! { " " <span class="badge">{tr(i18n, T::ThisOne)}</span> })}
            <p class="muted">
                {tr(i18n, T::LastUsed)} " " {move || format_time(i18n.lang.get(), last_used)} " · "
                {tr(i18n, T::Ends)} " " {move || format_time(i18n.lang.get(), ends)}
            </p>
            {(!login.current).then(|| view! {
                <button type="button" class="button button-small button-danger" data-testid="my-session-end"
                    disabled=move || end.pending().get()
                    on:click=move |_| { failure.set(None); end.dispatch_local(()); }>
                    {tr(i18n, T::End)}
                </button>
            })}
            <p class="error" role="alert">
                {move || failure.get().map(|key| t(i18n.lang.get(), key))}
            </p>
        </li>
    }
}
