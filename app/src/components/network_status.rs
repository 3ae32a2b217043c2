use crate::i18n::{I18n, Key};
use crate::services::Network;
use leptos::prelude::*;

/// "Online" / "Offline" badge, from `navigator.onLine` and its events.
#[component]
pub fn NetworkStatus() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let network = expect_context::<Network>();
    view! {
        <span
            class="status"
            class:status-offline=move || !network.online()
            data-testid="network-status"
            data-online=move || network.online().to_string()
            role="status"
        >
            <span class="status-dot" aria-hidden="true"></span>
            {move || i18n.t(if network.online() { Key::Online } else { Key::Offline })}
        </span>
    }
}
