//! "Log ud" ends the session on the server and leaves none of the municipality's records on
//! the device.

use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Counts what the app's IndexedDB holds, and the stored session's token, read in the page.
const READ_STORE: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('kontaktpunkt');
open.onerror = () => done({ error: String(open.error) });
open.onsuccess = () => {
  const db = open.result;
  const names = ['companies', 'contacts', 'feedback', 'do_not_contact', 'colleagues', 'meta'];
  const tx = db.transaction(names, 'readonly');
  const counts = {};
  for (const name of names.slice(0, -1)) {
    const request = tx.objectStore(name).count();
    request.onsuccess = () => { counts[name] = request.result; };
  }
  const session = tx.objectStore('meta').get('session');
  const sync = tx.objectStore('meta').get('sync');
  tx.oncomplete = () => {
    db.close();
    done({
      counts,
      token: session.result ? session.result.token : null,
      cursor: sync.result ? sync.result.cursor : null,
    });
  };
  tx.onerror = () => { db.close(); done({ error: String(tx.error) }); };
};
"#;

async fn read_store(browser: &Browser) -> Value {
    let value = browser.client.execute_async(READ_STORE, vec![]).await.expect("read IndexedDB");
    assert!(value.get("error").is_none(), "IndexedDB could not be read: {value}");
    value
}

fn count(store: &Value, name: &str) -> u64 {
    store["counts"][name].as_u64().unwrap_or_else(|| panic!("no count of {name} in {store}"))
}

/// Reads the store until `ok` holds for it; the last reading.
async fn wait_for_store(browser: &Browser, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + LONG;
    loop {
        let store = read_store(browser).await;
        if ok(&store) {
            return store;
        }
        assert!(Instant::now() < deadline, "{what} never happened: {store}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn me_status(server: &TestServer, token: &str) -> u16 {
    let response = reqwest::Client::new().get(server.url("/api/me")).bearer_auth(token).send().await;
    response.expect("GET /api/me").status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn logging_out_ends_the_session_on_the_server_and_clears_the_records_on_the_device() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;

    // The first sync has brought the municipality: companies and (other units') contacts.
    let before = wait_for_store(&phone, "the first sync", |s| {
        s["counts"]["contacts"].as_u64().is_some_and(|n| n > 0) && s["cursor"].as_u64().is_some_and(|c| c > 0)
    })
    .await;
    assert!(count(&before, "companies") > 0, "{before}");
    let token = before["token"].as_str().expect("the session's token is on the device").to_owned();
    assert_eq!(me_status(&server, &token).await, 200);

    phone.wait_for("button#logout", LONG).await.click().await.expect("log out");
    phone.wait_for("form#login-form input#username", LONG).await;

    // The server no longer knows the token (the app told it in the background).
    let deadline = Instant::now() + LONG;
    while me_status(&server, &token).await != 401 {
        assert!(Instant::now() < deadline, "the old token still works after logging out");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Nothing of the municipality stays on the device, nor the session or the cursor.
    let after = wait_for_store(&phone, "clearing the device", |s| {
        ["companies", "contacts", "feedback", "do_not_contact", "colleagues"].iter().all(|n| count(s, n) == 0)
    })
    .await;
    assert_eq!(after["token"], Value::Null, "{after}");
    assert_eq!(after["cursor"], Value::Null, "the next login downloads afresh: {after}");

    // The logout is in the audit log, by the user who logged out.
    let admin = server.login_token("admin").await;
    let audit: Value = reqwest::Client::new()
        .get(server.url("/api/admin/audit?action=logout&user=konsulent"))
        .bearer_auth(&admin)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("audit")
        .json()
        .await
        .expect("audit page");
    assert_eq!(audit["entries"].as_array().map(Vec::len), Some(1), "{audit}");

    // Logging in again works and brings the records back.
    phone.log_in(&server, "konsulent").await;
    let again = wait_for_store(&phone, "the sync after logging in again", |s| count(s, "contacts") > 0).await;
    assert_ne!(again["token"], json!(token), "a new session");
    phone.close().await;
}
