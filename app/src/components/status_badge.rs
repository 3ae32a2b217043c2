use crate::i18n::{I18n, Key};
use crate::outbox::EntryStatus;
use leptos::prelude::*;

/// "Ikke synkroniseret" / "Afvist" beside a record the server does not have yet.
#[component]
pub fn StatusBadge(status: Option<EntryStatus>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    status.map(|status| match status {
        EntryStatus::Pending => {
            view! { <span class="badge badge-pending">{i18n.tr(Key::StatusPending)}</span> }
        }
        EntryStatus::Rejected => {
            view! { <span class="badge badge-danger">{i18n.tr(Key::StatusRejected)}</span> }
        }
    })
}
