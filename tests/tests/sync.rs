//! Nothing recorded on a phone is lost or duplicated: contacts and feedback recorded with the
//! server gone survive a reload, reach the server when it returns, and reach a second device.

use kontaktpunkt_e2e::{
    Browser, LONG, TestServer, contactable_company, contacts_with_id, feedback_on_contact,
};

#[tokio::test(flavor = "multi_thread")]
async fn contacts_and_feedback_recorded_offline_reach_the_server_and_another_device() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;
    phone.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    // In a basement meeting room: no server at all.
    server.kill();
    phone.open_company(&company.name, &cvr).await;
    let note = "Besøg uden net — e2e";
    let contact_id = phone.log_pending_visit(note).await;

    phone.wait_for("button#feedback-start", LONG).await.click().await.expect("start feedback");
    phone.wait_for(r#"input[name="satisfaction"][value="5"]"#, LONG).await.click().await.expect("5");
    phone.wait_for(r#"input[name="relevant"][value="yes"]"#, LONG).await.click().await.expect("relevant");
    phone.wait_for("textarea#feedback-comment", LONG).await.send_keys("Godt møde").await.expect("comment");
    phone.wait_for("button#feedback-save", LONG).await.click().await.expect("save feedback");
    // The company hands the phone back: the consultant ends the hand-over.
    phone.wait_for(r#"[data-testid="handover-thanks"]"#, LONG).await;
    phone.wait_for("button#handover-exit", LONG).await.click().await.expect("for the consultant");
    phone.wait_for("button#handover-exit-confirm", LONG).await.click().await.expect("end the hand-over");
    phone.wait_for(r#"[data-testid="feedback-item"][data-pending="true"]"#, LONG).await;
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n >= 2, "two pending records").await;

    // A reload with the server still gone keeps both, still pending, on the same screen.
    phone.client.refresh().await.expect("reload offline");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n >= 2, "pending after reload").await;
    phone.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{cvr}"]"#), LONG).await;
    phone
        .wait_for(
            &format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"][data-pending="true"]"#),
            LONG,
        )
        .await;

    // Signal returns: the outbox drains.
    server.restart();
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("sync now");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "the outbox emptying").await;
    phone
        .wait_for(
            &format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"][data-pending="false"]"#),
            LONG,
        )
        .await;

    // Exactly one copy of each on the server.
    let records = server.records().await;
    let contacts = contacts_with_id(&records, &contact_id);
    assert_eq!(contacts.len(), 1, "the contact is on the server once");
    assert_eq!(contacts[0].notes, note);
    assert_eq!(contacts[0].company, company.cvr);
    let feedback = feedback_on_contact(&records, &contact_id);
    assert_eq!(feedback.len(), 1, "the feedback is on the server once");
    assert_eq!(feedback[0].satisfaction, 5);
    assert!(feedback[0].relevant);

    // Another device (the coordinator's desktop) sees the consultant's contact.
    let desk = Browser::start().await;
    desk.log_in(&server, "koordinator").await;
    desk.open_company(&company.name, &cvr).await;
    desk.wait_for(&format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"]"#), LONG).await;

    phone.close().await;
    desk.close().await;
}
