//! Data minimisation in the pull: other units learn that a contact happened, not what was
//! written about it.

use crate::fixture::*;
use kontaktpunkt_domain::sync::{Change, SyncedRecord};
use kontaktpunkt_domain::{Contact, FollowUp, Role};

const NOTE: &str = "Medarbejder sygemeldt, fleksjob drøftet (§56)";
const FOLLOW_UP_NOTE: &str = "Ring om fleksjobbet";
const COMMENT: &str = "Tak for hjælpen med sygemeldingen";

/// Pulls everything as `token` and returns the raw JSON text of every page and the records.
async fn pull_as(f: &Fixture, token: &str) -> (String, Vec<SyncedRecord>) {
    let (mut text, mut records, mut cursor) = (String::new(), Vec::new(), 0);
    loop {
        let response =
            f.server.get_with(&format!("/api/sync/v1/changes?since={cursor}&limit=10000"), token).await;
        assert_eq!(response.status(), 200);
        let body = response.text().await.expect("body");
        let page: kontaktpunkt_domain::sync::ChangesPage = serde_json::from_str(&body).expect("a page");
        text.push_str(&body);
        records.extend(page.changes.into_iter().map(|c| c.record));
        cursor = page.cursor;
        if !page.has_more {
            return (text, records);
        }
    }
}

#[tokio::test]
async fn a_pull_carries_no_note_text_of_another_units_contacts() {
    let f = Fixture::start().await;
    // The author's unit: the author and a coordinator of it. Another unit: a consultant and a
    // coordinator.
    let (author, author_token) = f.user("jobcenter", Role::Consultant).await;
    let (_, same_unit_coordinator) =
        f.member("jobcenter-koordinator", Role::Coordinator, author.unit_id).await;
    let (_, other_coordinator) = f.member("erhverv-koordinator", Role::Coordinator, f.user.unit_id).await;
    let (_, admin) = f.member("admin", Role::Admin, None).await;

    let due = today() + chrono::Duration::days(14);
    let theirs = Contact {
        notes: NOTE.into(),
        follow_up: Some(FollowUp { due, note: FOLLOW_UP_NOTE.into() }),
        ..contact(&author, &f.cvrs[0])
    };
    let fb = kontaktpunkt_domain::Feedback { comment: COMMENT.into(), ..feedback(&theirs, 5) };
    push_as(
        &f.server,
        &author_token,
        &[created(&theirs), mutation(Change::FeedbackCreated { feedback: fb.clone() })],
    )
    .await;
    let mine = contact(&f.user, &f.cvrs[1]);
    f.push(&[created(&mine)]).await;

    for (who, token) in
        [("konsulent", &f.token), ("other unit's coordinator", &other_coordinator), ("admin", &admin)]
    {
        let (text, records) = pull_as(&f, token).await;
        for secret in [NOTE, FOLLOW_UP_NOTE, COMMENT, "sygemeldt", "fleksjob"] {
            assert!(!text.contains(secret), "{who} was sent {secret:?}");
        }
        // What happened still travels: date, unit, kind, purposes, the follow-up's due date.
        let blanked = Contact {
            notes: String::new(),
            follow_up: Some(FollowUp { due, note: String::new() }),
            ..theirs.clone()
        };
        assert!(records.contains(&SyncedRecord::Contact { contact: blanked }), "{who}: {records:?}");
        let feedback = kontaktpunkt_domain::Feedback { comment: String::new(), ..fb.clone() };
        assert!(records.contains(&SyncedRecord::Feedback { feedback }), "{who}");
    }
    // The fixture's consultant still gets their own notes.
    let (_, records) = pull_as(&f, &f.token).await;
    assert!(records.contains(&SyncedRecord::Contact { contact: mine }));

    // The author's unit gets everything.
    for token in [&author_token, &same_unit_coordinator] {
        let (_, records) = pull_as(&f, token).await;
        assert!(records.contains(&SyncedRecord::Contact { contact: theirs.clone() }));
        assert!(records.contains(&SyncedRecord::Feedback { feedback: fb.clone() }));
    }
}

/// A database from before the security migration (0008) is brought forward as a device needs:
/// contacts and feedback are logged anew, so devices that pulled other units' notes get the
/// blanked records at their next sync, and existing users are trusted up to the old head.
#[tokio::test]
async fn upgrading_a_database_relogs_contacts_and_feedback_and_trusts_users_up_to_the_old_head() {
    use kontaktpunkt_server::Store;
    use kontaktpunkt_server::config::DatabaseTarget;

    let f = Fixture::start().await;
    let (author, author_token) = f.user("jobcenter", Role::Consultant).await;
    let theirs = Contact { notes: NOTE.into(), ..contact(&author, &f.cvrs[0]) };
    let fb = kontaktpunkt_domain::Feedback { comment: COMMENT.into(), ..feedback(&theirs, 4) };
    push_as(
        &f.server,
        &author_token,
        &[created(&theirs), mutation(Change::FeedbackCreated { feedback: fb.clone() })],
    )
    .await;
    let old_head = f.head().await;

    // Undo migration 0008 by hand, as if the data came from the previous version.
    let path = f.server.dirs.data.path().join("kontaktpunkt.sqlite");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("pool");
    for statement in [
        "delete from _sqlx_migrations where version = 8",
        "drop table user_sync_state",
        "drop table do_not_contact_history",
        "alter table applied_mutations drop column body_hash",
    ] {
        sqlx::query(statement).execute(&pool).await.expect(statement);
    }
    pool.close().await;

    let upgraded = Store::open(&DatabaseTarget::SqliteFile(path)).await.expect("the migration runs");
    let page = upgraded.changes_since(f.user.unit_id, old_head, 1000).await.expect("pull");
    let records: Vec<SyncedRecord> =
        page.entries.iter().map(|(_, raw)| serde_json::from_str(raw.get()).expect("a record")).collect();
    let blanked = Contact { notes: String::new(), ..theirs.clone() };
    let blank_feedback = kontaktpunkt_domain::Feedback { comment: String::new(), ..fb };
    assert_eq!(
        records,
        [SyncedRecord::Contact { contact: blanked }, SyncedRecord::Feedback { feedback: blank_feedback }],
        "logged again after the old head, the contact before its feedback, in the viewer's form"
    );
    for user in [f.user.id, author.id] {
        assert_eq!(upgraded.served_seq(user).await.expect("served"), old_head);
    }
    upgraded.close().await;
}

#[tokio::test]
async fn a_shared_note_travels_to_every_unit_but_the_feedback_comment_on_it_does_not() {
    let f = Fixture::start().await;
    let (author, author_token) = f.user("jobcenter", Role::Consultant).await;
    let shared = Contact {
        notes: "Søger tre lærlinge".into(),
        follow_up: Some(FollowUp { due: today() + chrono::Duration::days(7), note: "Send opslag".into() }),
        notes_shared: true,
        ..contact(&author, &f.cvrs[0])
    };
    let kept = Contact { notes: NOTE.into(), ..contact(&author, &f.cvrs[1]) };
    let fb = kontaktpunkt_domain::Feedback { comment: COMMENT.into(), ..feedback(&shared, 5) };
    push_as(
        &f.server,
        &author_token,
        &[created(&shared), created(&kept), mutation(Change::FeedbackCreated { feedback: fb.clone() })],
    )
    .await;

    let (text, records) = pull_as(&f, &f.token).await;
    assert!(records.contains(&SyncedRecord::Contact { contact: shared.clone() }), "shared as written");
    assert!(!text.contains(NOTE) && !text.contains(COMMENT), "unshared notes and comments stay in the unit");
    let feedback = kontaktpunkt_domain::Feedback { comment: String::new(), ..fb };
    assert!(records.contains(&SyncedRecord::Feedback { feedback }));
    // Unshared contacts keep their exact v1 shape on the wire: no `notes_shared` member.
    assert_eq!(text.matches("notes_shared").count(), 1, "{text}");
}
