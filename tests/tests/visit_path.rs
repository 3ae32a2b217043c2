//! The visit moment's main path on a phone (390×844, touch), with the server stopped: cold
//! start from the service worker → search → open a company another unit contacted lately →
//! "Log kontakt" with a purpose and a note, warned before saving → hand the phone over, the
//! company answers, gives it back → saved and pending; the server returns → synced exactly
//! once. It counts the taps and times the path (printed; the taps have a ceiling, the time
//! none), and runs axe-core on every screen of the path, the hand-over included: no serious or
//! critical violation.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_domain::{Company, Contact};
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contacts_with_id, feedback_on_contact};
use serde_json::{Value, json};

/// Goal of the visit-moment issue: from cold start to a saved visit with feedback.
const MOST_TAPS: u32 = 8;

/// axe-core's browser build, installed by `.ci/install` (or named by `AXE_CORE_JS`).
fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/kontaktpunkt/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core at {} ({e}): run .ci/install", path.display()))
}

struct Path<'a> {
    phone: &'a Browser,
    axe: String,
    taps: u32,
    checked: Vec<String>,
}

impl Path<'_> {
    /// One tap of the user's on the element `css`.
    async fn tap(&mut self, css: &str) {
        self.phone.wait_for(css, LONG).await.click().await.unwrap_or_else(|e| panic!("tap {css}: {e}"));
        self.taps += 1;
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.phone.client.execute(script, args).await.unwrap_or_else(|e| panic!("`{script}` failed: {e}"))
    }

    /// axe-core on the page as it is now: WCAG 2.1 A/AA rules, no serious or critical
    /// violation (within the open modal only, when one is open, as assistive technology sees it).
    async fn check(&mut self, screen: &str) {
        let loaded = self.js("return typeof window.axe === 'object';", vec![]).await;
        if loaded != json!(true) {
            self.js("(0, eval)(arguments[0]); return true;", vec![json!(self.axe)]).await;
        }
        let result = self
            .phone
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const modal = document.querySelector('dialog[open]');
                 axe.run(modal || document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("axe on {screen}: {e}"));
        assert_eq!(result, json!([]), "axe-core on the {screen} screen");
        self.checked.push(screen.to_owned());
    }
}

fn contacts(records: &[SyncedRecord]) -> impl Iterator<Item = &Contact> {
    records.iter().filter_map(|r| match r {
        SyncedRecord::Contact { contact } => Some(contact),
        _ => None,
    })
}

/// A company another unit contacted 2–10 days ago, not flagged, with a name that finds it.
fn busy_company(records: &[SyncedRecord], my_unit: uuid::Uuid, today: NaiveDate) -> (Company, Contact) {
    let flagged: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::DoNotContact { entry } => Some(entry.company.clone()),
            _ => None,
        })
        .collect();
    let recent = contacts(records)
        .filter(|c| c.unit_id != my_unit && !flagged.contains(&c.company))
        .filter(|c| (2..=10).contains(&(today - c.date).num_days()))
        .max_by_key(|c| c.date)
        .expect("the demo has another unit's contact last week")
        .clone();
    let company = records
        .iter()
        .find_map(|r| match r {
            SyncedRecord::Company { company } if company.cvr == recent.company => Some(company.clone()),
            _ => None,
        })
        .expect("the company is in the demo");
    (company, recent)
}

#[tokio::test(flavor = "multi_thread")]
async fn from_cold_start_to_a_saved_visit_with_feedback_in_few_taps_and_accessible_screens() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let records = server.records().await;
    let me = server.login("konsulent").await;
    let my_unit = me.user.unit_id.expect("the demo consultant has a unit");

    let phone = Browser::start().await;
    let metrics = json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true });
    phone.devtools("Emulation.setDeviceMetricsOverride", metrics).await;
    phone
        .devtools("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 5 }))
        .await;
    let mut path = Path { phone: &phone, axe: axe_source(), taps: 0, checked: Vec::new() };

    phone.client.goto(&server.url("/")).await.expect("open the app");
    phone.wait_for("#login-form", LONG).await;
    path.check("login").await;
    phone.log_in(&server, "konsulent").await;
    phone.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;
    let today: NaiveDate = path
        .js("const d = new Date(); return d.toISOString().slice(0, 10);", vec![])
        .await
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("the browser's date");
    let (company, recent) = busy_company(&records, my_unit, today);

    // No signal from here on; a cold start: the app comes from the service worker.
    server.kill();
    phone.client.goto("about:blank").await.expect("leave the app");
    phone.client.goto(&server.url("/")).await.expect("start offline");
    let started = Instant::now();
    phone.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    path.check("search").await;

    path.tap("input[type=search]").await;
    phone.wait_for("input[type=search]", LONG).await.send_keys(&company.name).await.expect("type the name");
    let card = format!(
        r#"li[data-testid="company-result"]:has(.company-cvr) a.company-open[href$="{}"]"#,
        company.cvr
    );
    phone.wait_for(&card, LONG).await;
    path.check("search results").await;
    path.tap(&card).await;
    phone.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{}"]"#, company.cvr), LONG).await;
    phone.wait_for(r#"[data-testid="also-in-contact"]"#, LONG).await;
    path.check("company").await;

    path.tap(r#"[data-testid="log-contact"]"#).await;
    phone.wait_for(r#"[data-testid="parallel-warning"]"#, LONG).await;
    path.tap(r#"input[name="purpose"][value="recruitment"]"#).await;
    let note = "Besøg om lærlinge — stien";
    phone.wait_for("textarea#contact-notes", LONG).await.send_keys(note).await.expect("note");
    path.check("contact form").await;
    path.tap("button#contact-save").await;
    phone.wait_for_text(".notice.saved", "gemt").await;
    let contact_id = phone.attr_of(r#"li[data-testid="contact-item"][data-pending="true"]"#, "data-id").await;

    path.tap("button#feedback-start").await;
    phone.wait_for("dialog#handover[open]", LONG).await;
    path.check("hand-over").await;
    path.tap(r#"input[name="satisfaction"][value="5"]"#).await;
    path.tap("button#feedback-save").await;
    phone.wait_for(r#"[data-testid="handover-thanks"]"#, LONG).await;
    let taps = path.taps;
    let seconds = started.elapsed().as_secs_f64();
    path.check("hand-over thanks").await;
    path.tap("button#handover-exit").await;
    path.tap("button#handover-exit-confirm").await;
    phone.wait_for(r#"[data-testid="feedback-item"][data-pending="true"]"#, LONG).await;

    println!(
        "visit path: {taps} taps plus typing, {seconds:.1} s from the offline start to a saved visit with feedback \
         (automation speed); axe-core clean on {:?}",
        path.checked
    );
    assert!(
        taps <= MOST_TAPS,
        "{taps} taps from cold start to a saved visit with feedback (goal ≤ {MOST_TAPS})"
    );

    // A company that asked not to be contacted: the banner, and logging asks for a
    // confirmation with a reason before anything is saved.
    let flagged = records
        .iter()
        .find_map(|r| match r {
            SyncedRecord::DoNotContact { entry } => Some(entry.company.clone()),
            _ => None,
        })
        .expect("the demo has flagged companies");
    phone.client.goto(&server.url(&format!("/virksomhed/{flagged}"))).await.expect("a flagged company");
    phone.wait_for(r#"[data-testid="do-not-contact"]"#, LONG).await;
    phone.wait_for(r#"[data-testid="log-contact"]"#, LONG).await.click().await.expect("log contact");
    phone.wait_for(r#"[data-testid="dnc-confirm"]"#, LONG).await;
    phone.wait_for("button#contact-save", LONG).await.click().await.expect("save unconfirmed");
    phone.wait_for_text("#dnc-confirm-error", "frabedt sig kontakt").await;
    path.check("do-not-contact confirmation").await;

    phone.client.goto(&server.url("/udbakke")).await.expect("the outbox");
    phone.wait_for(r#"[data-testid="outbox"]"#, LONG).await;
    path.check("outbox").await;

    // Signal again: each record reaches the server once.
    server.restart();
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("sync now");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "the outbox emptying").await;
    let after = server.records().await;
    let mine = contacts_with_id(&after, &contact_id);
    assert_eq!(mine.len(), 1, "the visit is on the server once");
    assert_eq!(mine[0].notes, note);
    assert_ne!(mine[0].unit_id, recent.unit_id, "a parallel contact, by another unit");
    let answers = feedback_on_contact(&after, &contact_id);
    assert_eq!(answers.len(), 1, "the feedback is on the server once");
    assert_eq!(answers[0].satisfaction, 5);

    phone.close().await;
}
