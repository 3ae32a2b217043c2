//! `/admin/apparater`: the installations of the app that are logged in, and revoking one (a
//! lost or stolen phone). A lazy chunk for admins; it needs the network, as the list and the
//! revocation live on the server.

mod texts;

use crate::admin_api::{self, AdminError};
use crate::components::sync_status::format_time;
use crate::i18n::{I18n, either, number};
use crate::services::SessionService;
use kontaktpunkt_domain::accounts::DeviceInfo;
use leptos::prelude::*;
use texts::{T, both, t, tr};
use uuid::Uuid;

/// Why a call did not answer, in Danish and English.
fn problem(error: AdminError) -> (String, String) {
    match error {
        AdminError::Offline => both(T::NeedsNetwork),
        AdminError::Unauthorized => both(T::SessionExpired),
        AdminError::Forbidden => both(T::Forbidden),
        // The server words its refusals "dansk / English".
        AdminError::Refused { da, en, .. } => match da.split_once(" / ") {
            Some((da, en)) => (da.to_owned(), en.to_owned()),
            None => (da, en),
        },
        other => {
            leptos::logging::error!("devices: {other:?}");
            both(T::CallFailed)
        }
    }
}

/// "Chrome · Android" from a `User-Agent`: enough to tell a phone from a laptop.
pub fn browser_label(user_agent: &str) -> String {
    let browser = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .into_iter()
        .find(|(token, _)| user_agent.contains(token))
        .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} · {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => user_agent.chars().take(40).collect(),
    }
}

#[component]
pub fn AdminDevicesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    // Bumped after a revocation, to read the list again.
    let reload = RwSignal::new(0_u32);
    let devices = LocalResource::new(move || {
        reload.track();
        async move {
            let token = session.token_untracked().unwrap_or_default();
            admin_api::devices(&token).await.map_err(problem)
        }
    });
    view! {
        <section class="panel admin-devices" data-testid="admin-devices" aria-labelledby="devices-title">
            <h1 id="devices-title">{tr(i18n, T::Title)}</h1>
            <p class="muted">{tr(i18n, T::Intro)}</p>
            <Suspense fallback=move || view! { <p class="muted" role="status">{tr(i18n, T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match devices.await {
                        Err((da, en)) => view! {
                            <p class="error" role="alert" data-testid="device-error">{move || either(i18n.lang.get(), &da, &en).to_owned()}</p>
                        }
                        .into_any(),
                        Ok(list) => view! { <DeviceTable list reload /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeviceTable(list: Vec<DeviceInfo>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let count = list.len();
    if list.is_empty() {
        return view! { <p class="muted" data-testid="device-count" data-count="0">{tr(i18n, T::None)}</p> }
            .into_any();
    }
    view! {
        <p role="status" data-testid="device-count" data-count=count.to_string()>
            {move || format!("{} {}", number(i18n.lang.get(), count as u64), t(i18n.lang.get(), T::Count))}
        </p>
        <div class="table-scroll">
            <table class="desk-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(i18n, T::User)}</th>
                        <th scope="col">{tr(i18n, T::Browser)}</th>
                        <th scope="col">{tr(i18n, T::LastUsed)}</th>
                        <th scope="col">{tr(i18n, T::Sessions)}</th>
                        <th scope="col">{tr(i18n, T::Status)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || list.clone() key=|d| (d.device_id, d.revoked.is_some()) let:device>
                        <DeviceRow device reload />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn DeviceRow(device: DeviceInfo, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let id: Uuid = device.device_id;
    let user = device.display_name.clone().or(device.username.clone());
    let browser = device.user_agent.as_deref().map(browser_label);
    let last_used = device.last_used_at.map(|at| at.timestamp_millis() as f64);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<(String, String)>);
    let revoke = Action::new_local(move |reason: &String| {
        let reason = reason.trim().to_owned();
        async move {
            if reason.is_empty() {
                return failure.set(Some(both(T::ReasonRequired)));
            }
            let token = session.token_untracked().unwrap_or_default();
            match admin_api::revoke_device(&token, id, &reason).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(error) => failure.set(Some(problem(error))),
            }
        }
    });
    let status = match device.revoked.clone() {
        Some(revocation) => {
            let by = revocation.by.unwrap_or_default();
            let at = revocation.at.timestamp_millis() as f64;
            view! {
                <span class="badge badge-danger">{tr(i18n, T::RevokedBy)}</span>
                " "{move || format_time(i18n.lang.get(), at)}" · "{by}" · "{revocation.reason}
            }
            .into_any()
        }
        None => view! {
            <span class="badge">{tr(i18n, T::Active)}</span>" "
            <button type="button" class="button button-small button-danger" data-testid="device-revoke"
                aria-expanded=move || asking.get().to_string()
                on:click=move |_| asking.update(|a| *a = !*a)>
                {tr(i18n, T::Revoke)}
            </button>
        }
        .into_any(),
    };
    let reason_id = format!("device-revoke-reason-{id}");
    view! {
        <tr data-testid="device-row" data-device=id.to_string() data-revoked=device.revoked.is_some().to_string()>
            <th scope="row">{user.unwrap_or_else(|| t(i18n.lang.get_untracked(), T::Unknown).to_owned())}</th>
            <td title=device.user_agent.clone().unwrap_or_default()>{browser.unwrap_or_default()}</td>
            <td>{move || last_used.map(|ms| format_time(i18n.lang.get(), ms)).unwrap_or_default()}</td>
            <td class="num">{device.active_sessions}</td>
            <td>
                {status}
                <Show when=move || asking.get()>
                    <form class="device-revoke" on:submit=move |ev| { ev.prevent_default(); failure.set(None); revoke.dispatch_local(reason.get_untracked()); }>
                        <label for=reason_id.clone()>{tr(i18n, T::Reason)}</label>
                        <input id=reason_id.clone() class="device-revoke-reason" maxlength="500" required bind:value=reason />
                        <button type="submit" class="button button-danger" data-testid="device-revoke-confirm" disabled=move || revoke.pending().get()>
                            {tr(i18n, T::Confirm)}
                        </button>
                        <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>{tr(i18n, T::Cancel)}</button>
                        <p class="error" role="alert" data-testid="device-error">
                            {move || failure.get().map(|(da, en)| either(i18n.lang.get(), &da, &en).to_owned())}
                        </p>
                    </form>
                </Show>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::browser_label;

    #[test]
    fn a_user_agent_is_named_by_browser_and_system() {
        let phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        assert_eq!(browser_label(phone), "Chrome · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_label(iphone), "Safari · iPhone");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0";
        assert_eq!(browser_label(edge), "Edge · Windows");
        assert_eq!(browser_label("curl/8.5"), "curl/8.5");
    }
}
