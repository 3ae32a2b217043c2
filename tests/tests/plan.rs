//! The contact plan end to end: the coordinator makes a draft at desktop size (never a
//! do-not-contact company), takes a row out, gives one to another consultant, downloads it as
//! CSV and publishes it; the assigned consultant sees
//! the planned contact in "my work" and accepts it with the server gone — it reaches the
//! server once it is back; a consultant of another unit sees it as planned on the company.

use std::time::{Duration, Instant};

use kontaktpunkt_domain::accounts::UserAccount;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_domain::{Cvr, Role};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::Value;

async fn get_json(server: &TestServer, token: &str, path: &str) -> Value {
    reqwest::Client::new()
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
        .json()
        .await
        .expect("json")
}

async fn rows(browser: &Browser) -> u64 {
    let n = browser
        .client
        .execute("return document.querySelectorAll('[data-testid=plan-item]').length;", vec![])
        .await
        .expect("rows");
    n.as_u64().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_published_plan_is_accepted_offline_and_seen_by_another_unit() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let flagged: Vec<Cvr> = server
        .records()
        .await
        .into_iter()
        .filter_map(|r| match r {
            SyncedRecord::DoNotContact { entry } => Some(entry.company),
            _ => None,
        })
        .collect();

    // The coordinator: a draft, one row out, published.
    let desk = Browser::start().await;
    desk.client.set_window_size(1280, 900).await.expect("desktop size");
    desk.log_in(&server, "koordinator").await;
    desk.client.goto(&server.url("/koordinator/plan")).await.expect("the plan view");
    desk.wait_for(r#"[data-testid="plan-create"]"#, LONG).await.click().await.expect("suggest");
    desk.wait_for(r#"[data-testid="plan"][data-status="draft"]"#, LONG).await;
    let suggested = rows(&desk).await;
    assert!(suggested > 1, "the demo gets a plan: {suggested} rows");
    for cvr in &flagged {
        let hit = desk
            .client
            .find(fantoccini::Locator::Css(&format!(r#"[data-testid="plan-item"][data-cvr="{cvr}"]"#)))
            .await;
        assert!(hit.is_err(), "{cvr} asked not to be contacted but is in the plan");
    }
    desk.wait_for(r#"[data-testid="plan-remove"]"#, LONG).await.click().await.expect("remove a row");
    desk.wait_until_js(
        &format!("document.querySelectorAll('[data-testid=plan-item]').length == {}", suggested - 1),
        LONG,
    )
    .await;

    // The first row to someone else: the select offers the unit-holding colleagues.
    let first_user = r#"[data-testid="plan-item"] [data-testid="plan-user"]"#;
    desk.wait_for(&format!("{first_user} select"), LONG).await;
    let choice = desk
        .client
        .execute(
            &format!(
                "const cell = document.querySelector('{first_user}'); \
                 const other = [...cell.querySelectorAll('option')].find(o => o.value !== cell.dataset.user); \
                 return [cell.closest('[data-testid=plan-item]').dataset.cvr, other.value, other.textContent.trim()];"
            ),
            vec![],
        )
        .await
        .expect("an assignee to choose");
    let [reassigned_cvr, new_user, new_name] =
        [0, 1, 2].map(|i| choice[i].as_str().expect("cvr, user id and name").to_owned());
    desk.wait_for(&format!("{first_user} select"), LONG)
        .await
        .select_by_value(&new_user)
        .await
        .expect("reassign");
    desk.wait_until_js(
        &format!("document.querySelector('{first_user}').dataset.user === '{new_user}'"),
        LONG,
    )
    .await;

    // The CSV holds every row, the new assignee by name (the download's text is caught on its way out).
    desk.client
        .execute(
            "window.__csv = null; const make = URL.createObjectURL; \
             URL.createObjectURL = blob => { blob.text().then(t => window.__csv = t); return make(blob); };",
            vec![],
        )
        .await
        .expect("catch the download");
    desk.wait_for(r#"[data-testid="plan-export"]"#, LONG).await.click().await.expect("export");
    desk.wait_until_js("window.__csv !== null", LONG).await;
    let csv = desk.client.execute("return window.__csv;", vec![]).await.expect("csv");
    let csv = csv.as_str().expect("csv text");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len() as u64, suggested, "a header and every remaining row: {csv}");
    let row = lines.iter().find(|l| l.contains(reassigned_cvr.as_str())).expect("the reassigned row");
    assert!(row.contains(new_name.as_str()), "the new assignee is in the CSV: {row}");

    desk.wait_for(r#"[data-testid="plan-publish"]"#, LONG).await.click().await.expect("publish");
    let published = r#"[data-testid="plan"][data-status="published"]"#;
    let deadline = Instant::now() + LONG;
    while desk.client.find(fantoccini::Locator::Css(published)).await.is_err() {
        let error = desk
            .client
            .execute("return document.querySelector('[data-testid=plan-error]').textContent + ' | ' + (document.querySelector('[data-testid=plan]')?.outerHTML ?? 'no plan').slice(0, 600);", vec![])
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        assert!(Instant::now() < deadline, "the plan was not published: {error:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let plan = desk.wait_for(published, LONG).await;
    let plan_id = plan.attr("data-id").await.ok().flatten().expect("plan id");
    desk.close().await;

    // Who got the first row, and a consultant of another unit.
    let token = server.login_token("koordinator").await;
    let detail = get_json(&server, &token, &format!("/api/plans/{plan_id}")).await;
    let moved = detail["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["company"] == reassigned_cvr.as_str()))
        .expect("the reassigned row is published");
    assert_eq!(moved["user_id"], new_user.as_str(), "the row went to the chosen consultant");
    let item = &detail["items"][0];
    let (cvr, item_id) =
        (item["company"].as_str().expect("cvr").to_owned(), item["id"].as_str().expect("id").to_owned());
    let admin = server.login_token("admin").await;
    let users: Vec<UserAccount> =
        serde_json::from_value(get_json(&server, &admin, "/api/admin/users").await).expect("users");
    let assignee = users
        .iter()
        .find(|u| u.id.to_string() == item["user_id"].as_str().unwrap_or_default())
        .expect("assignee");
    let other = users
        .iter()
        .find(|u| {
            u.role == Role::Consultant && u.active && u.unit_id.is_some() && u.unit_id != assignee.unit_id
        })
        .expect("a consultant of another unit");

    // The assignee: the planned contact in "my work"; accepted with the server gone.
    let phone = Browser::start().await;
    phone.log_in(&server, &assignee.username).await;
    phone.client.goto(&server.url("/mit-arbejde")).await.expect("my work");
    let planned = format!(r#"[data-testid="planned-contact"][data-item="{item_id}"]"#);
    phone.wait_for(&format!(r#"{planned}[data-status="proposed"]"#), LONG).await;
    server.kill();
    phone.client.refresh().await.expect("reload offline");
    phone
        .wait_for(&format!(r#"{planned} [data-testid="planned-accept"]"#), LONG)
        .await
        .click()
        .await
        .expect("accept");
    phone.wait_for(&format!(r#"{planned}[data-status="accepted"]"#), LONG).await;
    server.restart();
    phone.wait_for("#sync-now", LONG).await.click().await.expect("sync now");
    let deadline = Instant::now() + LONG;
    loop {
        let detail = get_json(&server, &token, &format!("/api/plans/{plan_id}")).await;
        let status = detail["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["id"] == item_id.as_str()))
            .map(|i| i["status"].clone());
        if status == Some(Value::from("accepted")) {
            break;
        }
        assert!(Instant::now() < deadline, "the acceptance never reached the server: {status:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    phone.close().await;

    // Another unit sees it planned on the company's screen.
    let colleague = Browser::start().await;
    colleague.log_in(&server, &other.username).await;
    colleague.client.goto(&server.url(&format!("/virksomhed/{cvr}"))).await.expect("the company");
    let line = colleague.wait_for_text(r#"[data-testid="planned-contacts"]"#, &assignee.display_name).await;
    assert!(line.contains("Planlagt"), "{line}");
    colleague.close().await;
}
