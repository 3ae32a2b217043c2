//! Pushing mutations: idempotency, order, per-mutation rejection, concurrency, protocol.

use crate::fixture::*;
use kontaktpunkt_domain::sync::{Change, MAX_PUSH_BATCH, Mutation, Outcome, SyncedRecord};
use kontaktpunkt_domain::{FollowUp, Role};
use serde_json::json;
use std::collections::BTreeSet;
use uuid::Uuid;

#[tokio::test]
async fn push_is_idempotent_when_the_same_batch_arrives_twice() {
    let f = Fixture::start().await;
    let batch: Vec<_> = (0..3).map(|i| created(&contact(&f.user, &f.cvrs[i]))).collect();
    let first = f.push(&batch).await;
    assert!(first.iter().all(|o| matches!(o, Outcome::Applied { .. })), "{first:?}");
    let second = f.push(&batch).await;
    assert_eq!(second, vec![Outcome::Duplicate; 3]);
    let contacts =
        f.pull_all(0, 1000).await.into_iter().filter(|e| matches!(e.record, SyncedRecord::Contact { .. }));
    assert_eq!(contacts.count(), 3, "one copy of each contact");
    assert_eq!(f.server.state.store().count_applied_mutations().await.expect("count"), 3);
}

#[tokio::test]
async fn the_same_mutation_twice_in_one_batch_counts_once() {
    let f = Fixture::start().await;
    let m = created(&contact(&f.user, &f.cvrs[0]));
    let outcomes = f.push(&[m.clone(), m]).await;
    assert!(matches!(outcomes[0], Outcome::Applied { .. }));
    assert_eq!(outcomes[1], Outcome::Duplicate);
}

#[tokio::test]
async fn mutations_apply_in_order_so_an_update_after_a_create_in_one_batch_wins() {
    let f = Fixture::start().await;
    let original = contact(&f.user, &f.cvrs[0]);
    let edited = kontaktpunkt_domain::Contact { notes: "Rettet note".into(), ..original.clone() };
    let outcomes =
        f.push(&[created(&original), mutation(Change::ContactUpdated { contact: edited.clone() })]).await;
    let (first, second) = (applied_seq(&outcomes[0]), applied_seq(&outcomes[1]));
    assert!(second > first, "later mutations get later sequences");
    let entries = f.pull_all(0, 1000).await;
    let pulled: Vec<_> = entries
        .iter()
        .filter_map(|e| match &e.record {
            SyncedRecord::Contact { contact } => Some((e.seq, contact.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(pulled, vec![(second, edited)], "the record once, as it now is, at its latest sequence");
}

#[tokio::test]
async fn one_bad_mutation_in_a_batch_is_rejected_alone() {
    let f = Fixture::start().await;
    let (other, other_token) = f.user("konsulent-b", Role::Consultant).await;
    let theirs = contact(&other, &f.cvrs[0]);
    push_as(&f.server, &other_token, &[created(&theirs)]).await;

    let good = |i: usize| serde_json::to_value(created(&contact(&f.user, &f.cvrs[i]))).expect("json");
    let mut bad_cvr = good(1);
    bad_cvr["change"]["contact"]["company"] = json!("12345678");
    let future = kontaktpunkt_domain::Contact {
        date: today() + chrono::Duration::days(3),
        ..contact(&f.user, &f.cvrs[2])
    };
    let hijack = kontaktpunkt_domain::Contact { notes: "Mit nu".into(), ..theirs.clone() };
    let body = push_body(vec![
        good(0),
        bad_cvr,
        good(1),
        serde_json::to_value(created(&future)).expect("json"),
        good(2),
        serde_json::to_value(mutation(Change::ContactUpdated { contact: hijack })).expect("json"),
        serde_json::to_value(mutation(Change::ContactDeleted { id: theirs.id })).expect("json"),
        good(3),
    ]);
    let response = f.push_json(Some(&f.token), &body).await;
    assert_eq!(response.status(), 200);
    let answer: kontaktpunkt_domain::sync::PushResponse = response.json().await.expect("answer");
    let outcomes: Vec<_> = answer.results.iter().map(|r| &r.outcome).collect();
    assert_eq!(rejection_code(outcomes[1]), "invalid_cvr");
    assert_eq!(rejection_code(outcomes[3]), "date_in_future");
    assert_eq!(rejection_code(outcomes[5]), "wrong_author");
    assert_eq!(rejection_code(outcomes[6]), "not_author");
    for i in [0, 2, 4, 7] {
        assert!(matches!(outcomes[i], Outcome::Applied { .. }), "mutation {i}: {:?}", outcomes[i]);
    }
    // A retry of the rejected ones gets the same answer; the applied ones are duplicates.
    let again = f.push_json(Some(&f.token), &body).await;
    let again: kontaktpunkt_domain::sync::PushResponse = again.json().await.expect("answer");
    assert_eq!(rejection_code(&again.results[1].outcome), "invalid_cvr");
    assert_eq!(rejection_code(&again.results[3].outcome), "date_in_future");
    assert_eq!(again.results[0].outcome, Outcome::Duplicate);
}

#[tokio::test]
async fn contacts_carry_the_pushing_users_own_author_and_unit() {
    let f = Fixture::start().await;
    let (other, _) = f.user("konsulent-b", Role::Consultant).await;
    let foreign_author = kontaktpunkt_domain::Contact { user_id: other.id, ..contact(&f.user, &f.cvrs[0]) };
    let foreign_unit = kontaktpunkt_domain::Contact {
        unit_id: other.unit_id.expect("unit"),
        ..contact(&f.user, &f.cvrs[0])
    };
    let unknown_company = kontaktpunkt_domain::Contact {
        company: kontaktpunkt_domain::Cvr::parse("25052943").expect("valid"),
        ..contact(&f.user, &f.cvrs[0])
    };
    let outcomes =
        f.push(&[created(&foreign_author), created(&foreign_unit), created(&unknown_company)]).await;
    assert_eq!(rejection_code(&outcomes[0]), "wrong_author");
    assert_eq!(rejection_code(&outcomes[1]), "wrong_unit");
    assert_eq!(rejection_code(&outcomes[2]), "unknown_company");
}

#[tokio::test]
async fn feedback_needs_its_contact_and_a_satisfaction_from_one_to_five() {
    let f = Fixture::start().await;
    let c = contact(&f.user, &f.cvrs[0]);
    let orphan = feedback(&contact(&f.user, &f.cvrs[0]), 4);
    let outcomes = f
        .push(&[
            created(&c),
            mutation(Change::FeedbackCreated { feedback: feedback(&c, 5) }),
            mutation(Change::FeedbackCreated { feedback: feedback(&c, 6) }),
            mutation(Change::FeedbackCreated { feedback: orphan }),
            mutation(Change::ContactDeleted { id: c.id }),
        ])
        .await;
    applied_seq(&outcomes[1]);
    assert_eq!(rejection_code(&outcomes[2]), "satisfaction_out_of_range");
    assert_eq!(rejection_code(&outcomes[3]), "unknown_contact");
    assert_eq!(rejection_code(&outcomes[4]), "contact_has_feedback", "the company's words are never dropped");
}

#[tokio::test]
async fn survey_answers_keep_their_version_and_a_contact_takes_one_feedback() {
    use kontaktpunkt_domain::Feedback;
    use kontaktpunkt_domain::feedback::{CURRENT_QUESTIONS, Frequency, Score, Survey, YesNo};
    let f = Fixture::start().await;
    let c = contact(&f.user, &f.cvrs[0]);
    let survey = Survey {
        relevant: YesNo::NoAnswer,
        one_organisation: Score::Rated(2),
        frequency: Frequency::TooOften,
        dialogue: Score::NoAnswer,
        labour_help: Score::NotRelevant,
        may_contact: YesNo::Yes,
    };
    let base = feedback(&c, 4);
    let answer = Feedback::current(
        base.id,
        c.id,
        c.company.clone(),
        base.submitted_at,
        4,
        "Færre skemaer".into(),
        survey,
    );
    let mut claims_relevant = Feedback::current(
        Uuid::now_v7(),
        c.id,
        c.company.clone(),
        base.submitted_at,
        4,
        String::new(),
        survey,
    );
    claims_relevant.relevant = true;
    let outcomes = f
        .push(&[
            created(&c),
            mutation(Change::FeedbackCreated { feedback: claims_relevant }),
            mutation(Change::FeedbackCreated { feedback: answer.clone() }),
            mutation(Change::FeedbackCreated { feedback: feedback(&c, 5) }),
        ])
        .await;
    assert_eq!(
        rejection_code(&outcomes[1]),
        "questions_mismatch",
        "an unanswered question is never 'relevant'"
    );
    applied_seq(&outcomes[2]);
    assert_eq!(rejection_code(&outcomes[3]), "feedback_given", "one feedback per contact");

    let pulled: Vec<Feedback> = f
        .pull_all(0, 1000)
        .await
        .into_iter()
        .filter_map(|e| match e.record {
            SyncedRecord::Feedback { feedback } if feedback.contact_id == c.id => Some(feedback),
            _ => None,
        })
        .collect();
    assert_eq!(
        pulled,
        std::slice::from_ref(&answer),
        "pulled exactly as pushed, version and answers included"
    );
    assert_eq!(pulled[0].questions, CURRENT_QUESTIONS);
    assert_eq!(pulled[0].relevance(), None);
}

#[tokio::test]
async fn a_done_follow_up_travels_to_other_devices() {
    let f = Fixture::start().await;
    let due = today() + chrono::Duration::days(7);
    let c = kontaktpunkt_domain::Contact {
        follow_up: Some(FollowUp { due, note: "Ring igen".into() }),
        ..contact(&f.user, &f.cvrs[0])
    };
    let plain = contact(&f.user, &f.cvrs[1]);
    let outcomes = f
        .push(&[
            created(&c),
            created(&plain),
            mutation(Change::FollowUpCompleted { contact_id: c.id, done_on: today() }),
            mutation(Change::FollowUpCompleted { contact_id: plain.id, done_on: today() }),
        ])
        .await;
    let seq = applied_seq(&outcomes[2]);
    assert_eq!(rejection_code(&outcomes[3]), "no_follow_up");
    let entries = f.pull_all(0, 1000).await;
    let done = entries.iter().find(|e| e.seq == seq).expect("the completion is in the log");
    assert_eq!(done.record, SyncedRecord::FollowUpCompleted { contact_id: c.id, done_on: today() });
}

#[tokio::test]
async fn another_protocol_version_is_refused_with_400_and_a_clear_body() {
    let f = Fixture::start().await;
    let body = json!({ "protocol": 2, "device_id": Uuid::now_v7(), "mutations": [] });
    let response = f.push_json(Some(&f.token), &body).await;
    assert_eq!(response.status(), 400);
    let error: serde_json::Value = response.json().await.expect("body");
    assert_eq!(error["error"], "unsupported_protocol");
    assert!(error["message"].as_str().unwrap_or("").contains("protocol 1"), "{error}");
}

#[tokio::test]
async fn sync_endpoints_need_a_login() {
    let f = Fixture::start().await;
    let response = f.push_json(None, &push_body(vec![])).await;
    assert_eq!(response.status(), 401);
    for path in ["/api/sync/v1/changes", "/api/sync/v1/conflicts"] {
        assert_eq!(f.server.get(path).await.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn a_batch_above_the_limit_is_refused_whole() {
    let f = Fixture::start().await;
    let mutations: Vec<_> = (0..=MAX_PUSH_BATCH)
        .map(|_| serde_json::to_value(created(&contact(&f.user, &f.cvrs[0]))).expect("json"))
        .collect();
    let response = f.push_json(Some(&f.token), &push_body(mutations)).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        f.head().await,
        5 + 1 + 1,
        "nothing applied: only the companies, the unit and the user are logged"
    );
}

#[tokio::test]
async fn concurrent_pushes_from_many_clients_apply_every_mutation_exactly_once() {
    let f = Fixture::start().await;
    let start = f.head().await;
    let (clients, per_client, batch) = (20, 50, 10);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let mutations: Vec<_> = (0..per_client).map(|i| created(&contact(&f.user, &f.cvrs[i % 5]))).collect();
        let (client, url, token) =
            (f.server.client.clone(), f.server.url("/api/sync/v1/push"), f.token.clone());
        tasks.push(tokio::spawn(async move {
            let device_id = Uuid::now_v7();
            let mut seqs = Vec::new();
            for chunk in mutations.chunks(batch) {
                let request = kontaktpunkt_domain::sync::PushRequest {
                    protocol: 1,
                    device_id,
                    mutations: chunk.to_vec(),
                };
                let response =
                    client.post(&url).bearer_auth(&token).json(&request).send().await.expect("push");
                let body: kontaktpunkt_domain::sync::PushResponse = response.json().await.expect("answer");
                let batch_seqs: Vec<u64> = body.results.iter().map(|r| applied_seq(&r.outcome)).collect();
                assert!(
                    batch_seqs.windows(2).all(|w| w[1] == w[0] + 1),
                    "one batch, one unbroken run: {batch_seqs:?}"
                );
                seqs.extend(batch_seqs);
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("client task"));
    }
    let total = (clients * per_client) as u64;
    let unique: BTreeSet<u64> = all.iter().copied().collect();
    assert_eq!(unique.len() as u64, total, "sequences are unique");
    assert_eq!(unique.first().copied(), Some(start + 1));
    assert_eq!(unique.last().copied(), Some(start + total), "and gapless in commit order");
    let contacts = f.pull_all(start, 333).await;
    assert_eq!(contacts.len() as u64, total);
    assert_eq!(f.server.state.store().count_applied_mutations().await.expect("count"), total);
}

#[tokio::test]
async fn the_same_batch_pushed_concurrently_is_applied_once_whichever_group_it_lands_in() {
    // Concurrent pushes are committed together (group commit); a batch sent again while its
    // first copy waits must still see that copy and be answered `duplicate`.
    let f = Fixture::start().await;
    let batch: Vec<_> = (0..20).map(|i| created(&contact(&f.user, &f.cvrs[i % 5]))).collect();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (client, url, token, batch) =
            (f.server.client.clone(), f.server.url("/api/sync/v1/push"), f.token.clone(), batch.clone());
        tasks.push(tokio::spawn(async move {
            let request = kontaktpunkt_domain::sync::PushRequest {
                protocol: 1,
                device_id: Uuid::now_v7(),
                mutations: batch,
            };
            let response = client.post(&url).bearer_auth(&token).json(&request).send().await.expect("push");
            let body: kontaktpunkt_domain::sync::PushResponse = response.json().await.expect("answer");
            body.results.into_iter().map(|r| r.outcome).collect::<Vec<_>>()
        }));
    }
    let mut applied = 0;
    for task in tasks {
        let outcomes = task.await.expect("client task");
        let first = matches!(outcomes[0], Outcome::Applied { .. });
        let expected =
            |o: &Outcome| if first { matches!(o, Outcome::Applied { .. }) } else { *o == Outcome::Duplicate };
        assert!(
            outcomes.iter().all(expected),
            "a batch is applied whole or answered duplicate whole: {outcomes:?}"
        );
        applied += usize::from(first);
    }
    assert_eq!(applied, 1, "exactly one copy applied");
    assert_eq!(f.server.state.store().count_applied_mutations().await.expect("count"), 20);
}

#[tokio::test]
async fn a_mutation_id_reused_with_another_body_is_rejected_and_the_same_body_stays_a_duplicate() {
    let f = Fixture::start().await;
    let first = created(&contact(&f.user, &f.cvrs[0]));
    applied_seq(&f.push(std::slice::from_ref(&first)).await[0]);
    let other_body = Mutation { id: first.id, change: created(&contact(&f.user, &f.cvrs[1])).change };
    let notes_changed = {
        let Change::ContactCreated { contact } = &first.change else { unreachable!() };
        let contact = kontaktpunkt_domain::Contact { notes: "Anden tekst".into(), ..contact.clone() };
        Mutation { id: first.id, change: Change::ContactCreated { contact } }
    };
    let outcomes = f.push(&[other_body, notes_changed, first.clone()]).await;
    assert_eq!(rejection_code(&outcomes[0]), "id_reused");
    assert_eq!(rejection_code(&outcomes[1]), "id_reused");
    assert_eq!(outcomes[2], Outcome::Duplicate, "a true retry is still a duplicate");

    // Within one batch too: the first body counts, another body under its id is refused.
    let fresh = created(&contact(&f.user, &f.cvrs[2]));
    let twin = Mutation { id: fresh.id, change: created(&contact(&f.user, &f.cvrs[3])).change };
    let outcomes = f.push(&[fresh.clone(), twin, fresh]).await;
    applied_seq(&outcomes[0]);
    assert_eq!(rejection_code(&outcomes[1]), "id_reused");
    assert_eq!(outcomes[2], Outcome::Duplicate);
}

#[tokio::test]
async fn twenty_bodies_pushed_in_parallel_under_one_id_leave_one_applied_and_nineteen_rejected() {
    let f = Fixture::start().await;
    let id = Uuid::now_v7();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let body = Mutation { id, change: created(&contact(&f.user, &f.cvrs[i % 5])).change };
        let request = kontaktpunkt_domain::sync::PushRequest {
            protocol: 1,
            device_id: Uuid::now_v7(),
            mutations: vec![body],
        };
        let (client, url, token) =
            (f.server.client.clone(), f.server.url("/api/sync/v1/push"), f.token.clone());
        tasks.push(tokio::spawn(async move {
            let response = client.post(&url).bearer_auth(&token).json(&request).send().await.expect("push");
            let mut body: kontaktpunkt_domain::sync::PushResponse = response.json().await.expect("answer");
            body.results.remove(0).outcome
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("push task"));
    }
    let applied = outcomes.iter().filter(|o| matches!(o, Outcome::Applied { .. })).count();
    let reused = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Rejected { reason } if reason.code == "id_reused"))
        .count();
    assert_eq!((applied, reused), (1, 19), "{outcomes:?}");
}
