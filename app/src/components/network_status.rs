use crate::i18n::Key;
use crate::state::AppState;
use leptos::prelude::*;

/// "Online" / "Offline" badge, from `navigator.onLine` and its events.
#[component]
pub fn NetworkStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let online = state.online;
    view! {
        <span
            class="status"
            class:status-offline=move || !online.get()
            data-testid="network-status"
            data-online=move || online.get().to_string()
            role="status"
        >
            <span class="status-dot" aria-hidden="true"></span>
            {move || state.i18n.t(if online.get() { Key::Online } else { Key::Offline })}
        </span>
    }
}
