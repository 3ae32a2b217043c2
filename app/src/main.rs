//! Kontaktpunkt's browser app: a Leptos client-side-rendered PWA that works offline.

mod api;
mod app;
mod catalog;
mod components;
mod i18n;
mod pages;
mod state;
mod store;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn main() {
    console_error_panic_hook::set_once();
    register_service_worker();
    request_persistent_storage();
    // The local store is opened before the first render, so a stored session shows the
    // company list at once, without a login screen flashing by and without the network.
    wasm_bindgen_futures::spawn_local(async {
        let store = store::Store::open().await;
        let session = match &store {
            Ok(store) => store.session().await.unwrap_or_else(|error| {
                leptos::logging::error!("reading the session failed: {}", error.0);
                None
            }),
            Err(_) => None,
        };
        mount_to_body(move || view! { <app::App store session /> });
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
    });
}

/// Installs the service worker that keeps the app shell available offline.
fn register_service_worker() {
    let container = window().navigator().service_worker();
    if JsValue::from(container.clone()).is_undefined() {
        return; // Not supported, or not a secure context.
    }
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
        }
    });
}

/// Asks the browser not to evict our IndexedDB data under storage pressure.
fn request_persistent_storage() {
    let Ok(promise) = window().navigator().storage().persist() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
