//! Kontaktpunkt's browser app: a Leptos client-side-rendered PWA that works offline.

mod admin_api;
mod api;
mod app;
mod background;
mod components;
mod focus;
mod i18n;
mod js;
mod outbox;
mod pages;
mod rules;
mod services;
mod split;
mod store;
mod wire;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn main() {
    console_error_panic_hook::set_once();
    if web_sys::window().is_none() {
        return; // Loaded by the service worker, which only calls `background::background_push`.
    }
    // The local store is opened before the first render, so a stored session shows the
    // company list at once, without a login screen flashing by and without the network.
    wasm_bindgen_futures::spawn_local(async {
        // Another tab still has the old schema open: say so instead of a blank wait.
        let store = store::Store::open(|| {
            if let Some(text) = document().query_selector("#boot p:last-child").ok().flatten() {
                text.set_text_content(Some(
                    "Kontaktpunkt skal opdatere sine data, men er åben i en anden fane. \
                     Luk de andre faner med Kontaktpunkt — så fortsætter opdateringen af sig selv.",
                ));
            }
        })
        .await;
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
        // After the first paint: installing the worker precaches the shell and the lazy chunks,
        // which must never hold up the start.
        request_animation_frame(register_service_worker);
    });
}

/// Installs the service worker that keeps the app shell available offline.
fn register_service_worker() {
    let container = window().navigator().service_worker();
    if JsValue::from(container.clone()).is_undefined() {
        return; // Not supported, or not a secure context.
    }
    // Where Background Sync exists (Chromium), the module worker that can also push the outbox
    // with the app closed; elsewhere the plain one (module service workers are not everywhere).
    let background_sync = js_sys::Reflect::has(&window(), &"SyncManager".into()).unwrap_or(false);
    let promise = if background_sync {
        let options = web_sys::RegistrationOptions::new();
        options.set_type("module");
        container.register_with_options("/sw-sync.js", &options)
    } else {
        container.register("/sw.js")
    };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
        }
    });
}
