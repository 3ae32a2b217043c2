//! Handing the phone over (390×844, server gone): after a phone call is logged, the company
//! answers the versioned questions in a full-screen mode that hides the consultant's notes and
//! navigation, worded for a phone call, with explicit "ønsker ikke at svare"; Back does not
//! leave it; "Tak — giv telefonen tilbage" ends it only with the consultant's confirmation.
//! The answers, with their version, reach the server once when it returns.

use kontaktpunkt_domain::feedback::{CURRENT_QUESTIONS, Frequency, Score, YesNo};
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company, feedback_on_contact};
use serde_json::json;

async fn js(browser: &Browser, script: &str) -> serde_json::Value {
    browser.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("`{script}` failed: {e}"))
}

async fn choose(browser: &Browser, name: &str, value: &str) {
    browser
        .wait_for(&format!(r#"input[name="{name}"][value="{value}"]"#), LONG)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("choose {name}={value}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_company_answers_on_the_consultants_phone_and_hands_it_back() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    let metrics = json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true });
    phone.devtools("Emulation.setDeviceMetricsOverride", metrics).await;
    phone.log_in(&server, "konsulent").await;
    phone.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    server.kill();
    phone.open_company(&company.name, &cvr).await;
    let notes = "Hemmelig note om sygemelding — e2e";
    phone.save_contact("phone", notes).await;
    let contact_id = phone.attr_of(r#"li[data-testid="contact-item"][data-pending="true"]"#, "data-id").await;
    let address = js(&phone, "return location.pathname + location.search;").await;

    phone.wait_for("button#feedback-start", LONG).await.click().await.expect("hand over");
    phone.wait_for("dialog#handover[open]", LONG).await;
    let title = phone.wait_for_text("#handover-title", "telefonsamtalen").await;
    assert!(title.contains("Hvad syntes I om telefonsamtalen?"), "worded for a phone call: {title}");

    // Full screen and modal: every point of the screen is the hand-over, the consultant's
    // notes and the header are out of reach and out of sight.
    let covered = js(
        &phone,
        "const d = document.querySelector('dialog#handover');
         const points = [[5, 5], [195, 60], [195, 422], [385, 839]];
         return [d.matches(':modal'),
                 points.every(([x, y]) => { const e = document.elementFromPoint(x, y); return !!e && !!e.closest('dialog#handover'); }),
                 d.innerText.includes('Hemmelig note')];",
    )
    .await;
    assert_eq!(covered, json!([true, true, false]), "modal, full screen, and no notes in it");
    let targets = js(
        &phone,
        "return Math.min(...[...document.querySelectorAll('dialog#handover .choice span, #feedback-save')]
           .map(e => e.getBoundingClientRect().height));",
    )
    .await;
    assert!(targets.as_f64().is_some_and(|h| h >= 48.0), "every answer is a 48 px target: {targets}");

    // Sending without the one required answer says so and saves nothing.
    phone.wait_for("button#feedback-save", LONG).await.click().await.expect("send too early");
    phone.wait_for_text("#feedback-satisfaction-error", "fra 1 til 5").await;

    choose(&phone, "satisfaction", "4").await;
    choose(&phone, "relevant", "no_answer").await;
    choose(&phone, "one_organisation", "2").await;
    choose(&phone, "frequency", "too_often").await;
    // Dialogue left unanswered.
    choose(&phone, "labour_help", "not_relevant").await;
    phone.wait_for("textarea#feedback-comment", LONG).await.send_keys("Én indgang").await.expect("comment");
    choose(&phone, "may_contact", "yes").await;
    phone.wait_for("button#feedback-save", LONG).await.click().await.expect("send");
    phone.wait_for_text(r#"[data-testid="handover-thanks"]"#, "giv telefonen tilbage").await;

    // Back (the phone's back gesture) stays in the hand-over and asks for the consultant.
    js(&phone, "history.back(); return true;").await;
    phone.wait_for("button#handover-exit-confirm", LONG).await;
    let still = js(
        &phone,
        "return [!!document.querySelector('dialog#handover[open]'), location.pathname + location.search];",
    )
    .await;
    assert_eq!(still, json!([true, address]), "Back neither closes it nor leaves the company");
    phone.wait_for("button#handover-exit-confirm", LONG).await.click().await.expect("end");
    phone.wait_until_js("!document.querySelector('dialog#handover')", LONG).await;
    phone.wait_for(r#"[data-testid="feedback-item"][data-pending="true"]"#, LONG).await;

    // Signal again: synced exactly once, with the version and the explicit non-answers.
    server.restart();
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("sync now");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "the outbox emptying").await;
    let records = server.records().await;
    let answers = feedback_on_contact(&records, &contact_id);
    assert_eq!(answers.len(), 1, "one feedback on the server: {answers:?}");
    let answer = &answers[0];
    assert_eq!((answer.questions, answer.satisfaction), (CURRENT_QUESTIONS, 4));
    assert_eq!(answer.comment, "Én indgang");
    let survey = answer.survey.expect("the survey's answers");
    assert_eq!(survey.relevant, YesNo::NoAnswer);
    assert!(!answer.relevant, "no answer is not 'relevant'");
    assert_eq!(survey.one_organisation, Score::Rated(2));
    assert_eq!(survey.frequency, Frequency::TooOften);
    assert_eq!(survey.dialogue, Score::NoAnswer);
    assert_eq!(survey.labour_help, Score::NotRelevant);
    assert_eq!(survey.may_contact, YesNo::Yes);

    phone.close().await;
}
