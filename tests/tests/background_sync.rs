//! Background Sync: a contact recorded where the server cannot be reached is pushed by the
//! service worker once the network is back, although the app is no longer open.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company, contacts_with_id};

const OUTBOX_TAG: &str = "kontaktpunkt-outbox";

/// The Background Sync tags registered for the app's service worker.
async fn sync_tags(browser: &Browser) -> Vec<String> {
    let script = "const done = arguments[arguments.length - 1];
        navigator.serviceWorker.ready.then((r) => r.sync.getTags()).then(done, () => done([]));";
    let tags = browser.client.execute_async(script, vec![]).await.expect("read sync tags");
    serde_json::from_value(tags).expect("tags are strings")
}

/// The id Chromium gave the service worker registration, from its internals page (which is
/// also a page that is not the app: the app is closed while it shows).
async fn registration_id(browser: &Browser) -> String {
    browser.client.goto("chrome://serviceworker-internals").await.expect("open the internals page");
    let deadline = Instant::now() + LONG;
    loop {
        let text = match browser.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let id = text.lines().find_map(|line| line.strip_prefix("Registration ID: ")).map(str::trim);
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            return id.to_owned();
        }
        assert!(Instant::now() < deadline, "no service worker registration listed: {text}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// How many copies of the contact `id` the server holds.
async fn copies_on_server(server: &TestServer, id: &str) -> usize {
    contacts_with_id(&server.records().await, id).len()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_worker_pushes_the_outbox_after_the_app_is_closed() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;
    // Chromium has Background Sync, so the app installs the worker that can push.
    phone
        .wait_until_js(
            "navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL.endsWith('/sw-sync.js')",
            LONG,
        )
        .await;

    // A visit logged where the server cannot be reached.
    server.kill();
    phone.open_company(&company.name, &cvr).await;
    let contact_id = phone.log_pending_visit("Logget i kælderen").await;

    // The failed push asked the browser for a Background Sync.
    let deadline = Instant::now() + LONG;
    while !sync_tags(&phone).await.iter().any(|t| t == OUTBOX_TAG) {
        assert!(Instant::now() < deadline, "the app never registered the `{OUTBOX_TAG}` sync");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The consultant closes the app; later the network (here: the server) is back, and the
    // browser fires the sync event, as it does when it sees connectivity return.
    let registration = registration_id(&phone).await;
    server.restart();
    assert_eq!(
        copies_on_server(&server, &contact_id).await,
        0,
        "nothing was pushed while the server was down"
    );
    phone.devtools("ServiceWorker.enable", serde_json::json!({})).await;
    phone
        .devtools(
            "ServiceWorker.dispatchSyncEvent",
            serde_json::json!({
                "origin": server.url(""),
                "registrationId": registration,
                "tag": OUTBOX_TAG,
                "lastChance": false,
            }),
        )
        .await;

    // The service worker pushes it.
    assert_eq!(server.wait_for_contact(&contact_id).await.len(), 1, "pushed exactly once");

    // Opening the app again: the outbox is already empty and the contact is synced.
    phone.client.goto(&server.url("/")).await.expect("reopen the app");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "an empty outbox").await;
    phone.open_company(&company.name, &cvr).await;
    phone
        .wait_for(
            &format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"][data-pending="false"]"#),
            LONG,
        )
        .await;
    assert_eq!(copies_on_server(&server, &contact_id).await, 1, "still one copy after the app synced");

    phone.close().await;
}
