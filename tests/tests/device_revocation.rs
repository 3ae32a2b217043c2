//! A lost phone: an admin revokes it on the devices screen; at its next contact the server
//! answers `device_revoked`, and the app wipes its IndexedDB (outbox included) and its
//! caches, says so, and starts over as a new installation.

use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::Value;

/// One value of the app's IndexedDB `meta` store (`arguments[0]`: its key), `null` when absent.
const META: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('kontaktpunkt');
open.onerror = () => done(null);
open.onsuccess = () => {
  const db = open.result;
  const get = db.transaction(['meta'], 'readonly').objectStore('meta').get(arguments[0]);
  get.onsuccess = () => { db.close(); done(get.result ?? null); };
  get.onerror = () => { db.close(); done(null); };
};
"#;

async fn meta(browser: &Browser, key: &str) -> Value {
    browser.client.execute_async(META, vec![Value::from(key)]).await.expect("read IndexedDB meta")
}

/// What the origin keeps: the names of its IndexedDB databases and of its caches.
const KEPT: &str = r#"
const done = arguments[arguments.length - 1];
Promise.all([indexedDB.databases(), caches.keys()])
  .then(([dbs, names]) => done({ databases: dbs.map(d => d.name), caches: names }))
  .catch(e => done({ error: String(e) }));
"#;

async fn kept(browser: &Browser) -> Value {
    let value = browser.client.execute_async(KEPT, vec![]).await.expect("read what the origin keeps");
    assert!(value.get("error").is_none(), "{value}");
    value
}

fn names(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

async fn wait_for_kept(browser: &Browser, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + LONG;
    loop {
        let value = kept(browser).await;
        if ok(&value) {
            return value;
        }
        assert!(std::time::Instant::now() < deadline, "{what} never happened: {value}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn me(server: &TestServer, token: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(server.url("/api/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET /api/me");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_revokes_a_lost_phone_and_it_wipes_itself_at_its_next_contact() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;
    let device = meta(&phone, "device_id").await;
    let device = device.as_str().expect("the app made a device id at login").to_owned();
    // The phone holds the municipality, and the service worker has cached the app.
    let before =
        wait_for_kept(&phone, "the service worker's precache", |k| !names(k, "caches").is_empty()).await;
    assert!(names(&before, "databases").contains(&"kontaktpunkt".to_owned()), "{before}");
    let token = meta(&phone, "session").await["token"].as_str().expect("the session's token").to_owned();
    assert_eq!(me(&server, &token).await.0, 200);

    // The admin finds the phone on the devices screen (a lazy chunk) and revokes it.
    let office = Browser::start().await;
    office.log_in(&server, "admin").await;
    office.wait_for("#open-admin-devices", LONG).await.click().await.expect("open devices");
    let row = format!(r#"[data-testid="device-row"][data-device="{device}"]"#);
    let listed = office.wait_for(&row, LONG).await;
    assert_eq!(listed.attr("data-revoked").await.expect("attr").as_deref(), Some("false"));
    assert!(listed.text().await.expect("row text").contains("Karen"), "the row names the phone's user");
    office
        .wait_for(&format!(r#"{row} [data-testid="device-revoke"]"#), LONG)
        .await
        .click()
        .await
        .expect("revoke");
    // Without a reason, nothing is sent (the field is required).
    office
        .wait_for(&format!(r#"{row} [data-testid="device-revoke-confirm"]"#), LONG)
        .await
        .click()
        .await
        .expect("confirm");
    assert_eq!(me(&server, &token).await.0, 200, "not revoked without a reason");
    office
        .wait_for(&format!("{row} input.device-revoke-reason"), LONG)
        .await
        .send_keys("Mistet på Randers Station")
        .await
        .expect("reason");
    office
        .wait_for(&format!(r#"{row} [data-testid="device-revoke-confirm"]"#), LONG)
        .await
        .click()
        .await
        .expect("confirm");
    office
        .wait_for(
            &format!(r#"[data-testid="device-row"][data-device="{device}"][data-revoked="true"]"#),
            LONG,
        )
        .await;
    let revoked_row = office.wait_for(&row, LONG).await.text().await.expect("row text");
    assert!(revoked_row.contains("Mistet på Randers Station"), "the row says why: {revoked_row}");
    let (status, body) = me(&server, &token).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("device_revoked")));

    // The phone's next contact: it syncs, learns it, wipes everything and says so.
    phone.wait_for("#sync-now", LONG).await.click().await.expect("sync now");
    let notice = phone.wait_for("#device-revoked", LONG).await.text().await.expect("notice");
    assert!(notice.contains("spærret"), "{notice}");
    let after = wait_for_kept(&phone, "the wipe", |k| {
        !names(k, "databases").contains(&"kontaktpunkt".to_owned()) && names(k, "caches").is_empty()
    })
    .await;
    assert!(names(&after, "databases").is_empty(), "{after}");

    // "Start forfra": a new installation, at the login form, that works as any other.
    phone.wait_for("#device-revoked button", LONG).await.click().await.expect("start over");
    phone.wait_for("form#login-form", LONG).await;
    phone.log_in(&server, "konsulent").await;
    let new_device = meta(&phone, "device_id").await;
    assert_ne!(new_device.as_str(), Some(device.as_str()), "the wiped phone starts as a new device");

    phone.close().await;
    office.close().await;
}
