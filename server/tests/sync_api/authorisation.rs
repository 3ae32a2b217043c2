//! Who may do what, decided by the server from its own records: the role × action × owner
//! matrix of `kontaktpunkt_server::access`, and sequence claims a device cannot back up.

use crate::fixture::*;
use kontaktpunkt_domain::sync::{Change, FieldEdit, Mutation, Outcome, Resolution, SharedField};
use kontaktpunkt_domain::{Contact, DoNotContactEvent, FlagAction, FollowUp, Role, User};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// The actor wrote the contact.
    Own,
    /// A colleague in the actor's unit wrote it.
    OwnUnit,
    /// Someone in another unit wrote it.
    OtherUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Update,
    Delete,
    CompleteFollowUp,
    GiveFeedback,
}

use Action::*;
use Relation::*;

/// `None`: allowed (applied); `Some(code)`: rejected with that code.
const MATRIX: &[(Role, Relation, Action, Option<&str>)] = &[
    (Role::Consultant, Own, Update, None),
    (Role::Consultant, Own, Delete, None),
    (Role::Consultant, Own, CompleteFollowUp, None),
    (Role::Consultant, Own, GiveFeedback, None),
    (Role::Consultant, OwnUnit, Update, Some("not_author")),
    (Role::Consultant, OwnUnit, Delete, Some("not_author")),
    (Role::Consultant, OwnUnit, CompleteFollowUp, Some("not_author")),
    (Role::Consultant, OwnUnit, GiveFeedback, None),
    (Role::Consultant, OtherUnit, Update, Some("not_author")),
    (Role::Consultant, OtherUnit, Delete, Some("not_author")),
    (Role::Consultant, OtherUnit, CompleteFollowUp, Some("not_author")),
    (Role::Consultant, OtherUnit, GiveFeedback, Some("not_own_unit")),
    (Role::Coordinator, Own, Update, None),
    (Role::Coordinator, Own, Delete, None),
    (Role::Coordinator, Own, CompleteFollowUp, None),
    (Role::Coordinator, Own, GiveFeedback, None),
    (Role::Coordinator, OwnUnit, Update, Some("not_author")),
    (Role::Coordinator, OwnUnit, Delete, Some("not_author")),
    (Role::Coordinator, OwnUnit, CompleteFollowUp, None),
    (Role::Coordinator, OwnUnit, GiveFeedback, None),
    (Role::Coordinator, OtherUnit, Update, Some("not_author")),
    (Role::Coordinator, OtherUnit, Delete, Some("not_author")),
    (Role::Coordinator, OtherUnit, CompleteFollowUp, Some("not_author")),
    (Role::Coordinator, OtherUnit, GiveFeedback, Some("not_own_unit")),
    (Role::Admin, Own, Update, None),
    (Role::Admin, Own, Delete, None),
    (Role::Admin, Own, CompleteFollowUp, None),
    (Role::Admin, Own, GiveFeedback, None),
    (Role::Admin, OwnUnit, Update, Some("not_author")),
    (Role::Admin, OwnUnit, Delete, Some("not_author")),
    (Role::Admin, OwnUnit, CompleteFollowUp, Some("not_author")),
    (Role::Admin, OwnUnit, GiveFeedback, None),
    (Role::Admin, OtherUnit, Update, Some("not_author")),
    (Role::Admin, OtherUnit, Delete, Some("not_author")),
    (Role::Admin, OtherUnit, CompleteFollowUp, Some("not_author")),
    (Role::Admin, OtherUnit, GiveFeedback, Some("not_own_unit")),
];

/// A contact by `author` with a follow-up due in a week.
fn with_follow_up(author: &User, f: &Fixture) -> Contact {
    Contact {
        follow_up: Some(FollowUp { due: today() + chrono::Duration::days(7), note: "Ring igen".into() }),
        ..contact(author, &f.cvrs[0])
    }
}

/// The mutation for `action` on `target`, sent as `actor` would send it: claiming to be the
/// author where the body names one, so only the server's own record can refuse it.
fn attempt(action: Action, actor: &User, target: &Contact) -> Mutation {
    mutation(match action {
        Update => Change::ContactUpdated {
            contact: Contact { user_id: actor.id, notes: "Overskrevet".into(), ..target.clone() },
        },
        Delete => Change::ContactDeleted { id: target.id },
        CompleteFollowUp => Change::FollowUpCompleted { contact_id: target.id, done_on: today() },
        GiveFeedback => Change::FeedbackCreated { feedback: feedback(target, 4) },
    })
}

#[tokio::test]
async fn contact_mutations_follow_the_role_and_unit_matrix() {
    let f = Fixture::start().await;
    let unit = f.user.unit_id;
    let (outsider, outsider_token) = f.user("konsulent-anden-enhed", Role::Consultant).await;
    let actors = [
        (Role::Consultant, f.member("kollega", Role::Consultant, unit).await),
        (Role::Coordinator, f.member("koordinator-samme", Role::Coordinator, unit).await),
        (Role::Admin, f.member("admin-samme", Role::Admin, unit).await),
    ];
    for &(role, relation, action, expected) in MATRIX {
        let (actor, actor_token) = &actors.iter().find(|(r, _)| *r == role).expect("an actor per role").1;
        let (author, author_token) = match relation {
            Own => (actor, actor_token),
            OwnUnit => (&f.user, &f.token),
            OtherUnit => (&outsider, &outsider_token),
        };
        let target = with_follow_up(author, &f);
        applied_seq(&push_as(&f.server, author_token, &[created(&target)]).await[0]);
        let outcome = push_as(&f.server, actor_token, &[attempt(action, actor, &target)]).await.remove(0);
        let case = format!("{role:?} × {action:?} × {relation:?}");
        match expected {
            None => assert!(
                matches!(outcome, Outcome::Applied { .. }),
                "{case}: expected applied, got {outcome:?}"
            ),
            Some(code) => assert_eq!(rejection_code(&outcome), code, "{case}"),
        }
    }
}

#[tokio::test]
async fn only_coordinators_and_admins_lift_flags_read_conflicts_and_only_admins_reach_imports() {
    let f = Fixture::start().await;
    let unit = f.user.unit_id;
    // (role, may lift a flag, status of conflicts, status of imports)
    let table = [
        (Role::Consultant, false, 403, 403),
        (Role::Coordinator, true, 200, 403),
        (Role::Admin, true, 200, 200),
    ];
    for (i, (role, may_lift, conflicts, imports)) in table.into_iter().enumerate() {
        let (_, token) = f.member(&format!("bruger-{i}"), role, unit).await;
        let company = f.cvrs[i].clone();
        let flagged = mutation(Change::DoNotContactSet {
            company: company.clone(),
            reason: "Ingen opkald".into(),
            requested_by: None,
            units: vec![],
        });
        let seen = applied_seq(&push_as(&f.server, &token, &[flagged]).await[0]);
        f.catch_up(&token).await;
        let lift = mutation(Change::DoNotContactCleared { company, seen_seq: seen, reason: None });
        let outcome = push_as(&f.server, &token, &[lift]).await.remove(0);
        if may_lift {
            applied_seq(&outcome);
        } else {
            assert_eq!(rejection_code(&outcome), "not_coordinator", "{role:?}");
        }
        for (path, expected) in [("/api/sync/v1/conflicts", conflicts), ("/api/admin/imports", imports)] {
            let response = f.server.get_with(path, &token).await;
            assert_eq!(response.status(), expected, "{role:?} GET {path}");
            if expected == 403 {
                let body: serde_json::Value = response.json().await.expect("a JSON error body");
                assert_eq!(body["error"], "forbidden");
            }
        }
    }
}

#[tokio::test]
async fn a_flag_set_again_keeps_the_earlier_registration_and_a_lifting_without_reason_is_recorded() {
    let f = Fixture::start().await;
    let (coordinator, coordinator_token) = f.user("koordinator", Role::Coordinator).await;
    let company = f.cvrs[2].clone();
    let set = |reason: &str| {
        mutation(Change::DoNotContactSet {
            company: company.clone(),
            reason: reason.into(),
            requested_by: None,
            units: vec![],
        })
    };
    let first = applied_seq(&f.push(&[set("Ønsker ingen opkald")]).await[0]);
    let second = applied_seq(&push_as(&f.server, &coordinator_token, &[set("Kun mails")]).await[0]);
    let seen = f.catch_up(&coordinator_token).await;
    let lift =
        mutation(Change::DoNotContactCleared { company: company.clone(), seen_seq: seen, reason: None });
    let lifted = applied_seq(&push_as(&f.server, &coordinator_token, &[lift]).await[0]);

    let path = format!("/api/do-not-contact/{company}/history");
    assert_eq!(f.server.get_with(&path, &f.token).await.status(), 403, "consultants do not read it");
    let history: Vec<DoNotContactEvent> =
        f.server.get_with(&path, &coordinator_token).await.json().await.expect("history");
    let summary: Vec<_> = history.iter().map(|e| (e.action, e.reason.as_deref(), e.user_id, e.seq)).collect();
    assert_eq!(
        summary,
        [
            (FlagAction::Set, Some("Ønsker ingen opkald"), f.user.id, Some(first)),
            (FlagAction::Set, Some("Kun mails"), coordinator.id, Some(second)),
            (FlagAction::Lifted, None, coordinator.id, Some(lifted)),
        ]
    );
}

#[tokio::test]
async fn a_forged_huge_base_seq_still_leaves_a_conflict_record() {
    let f = Fixture::start().await;
    let (_, coordinator) = f.user("koordinator", Role::Coordinator).await;
    let company = f.cvrs[0].clone();
    f.head().await;
    let tags = |value: &str| vec![FieldEdit { field: SharedField::Tags, value: Some(value.into()) }];
    let edit = |base_seq: u64, value: &str| {
        mutation(Change::CompanyFieldsEdited { company: company.clone(), base_seq, fields: tags(value) })
    };
    // The coordinator's edit lands after everything the consultant's device was sent.
    f.catch_up(&coordinator).await;
    applied_seq(&push_as(&f.server, &coordinator, &[edit(0, "eksport")]).await[0]);
    let forged = f.push(&[edit(i64::MAX as u64, "turisme")]).await.remove(0);
    let Outcome::Conflict { resolution, .. } = forged else { panic!("expected a conflict, got {forged:?}") };
    assert_eq!(
        resolution,
        Resolution::LaterWins {
            overwritten: vec![FieldEdit { field: SharedField::Tags, value: Some("eksport".into()) }]
        }
    );
}

#[tokio::test]
async fn a_forged_huge_seen_seq_does_not_lift_a_flag_set_after_what_was_pulled() {
    let f = Fixture::start().await;
    let (_, coordinator) = f.user("koordinator", Role::Coordinator).await;
    let company = f.cvrs[3].clone();
    f.catch_up(&coordinator).await;
    f.push(&[mutation(Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ingen besøg".into(),
        requested_by: None,
        units: vec![],
    })])
    .await;
    let forged = mutation(Change::DoNotContactCleared {
        company,
        seen_seq: i64::MAX as u64,
        reason: Some("Glemt".into()),
    });
    let outcome = push_as(&f.server, &coordinator, &[forged]).await.remove(0);
    assert!(
        matches!(outcome, Outcome::Conflict { resolution: Resolution::DoNotContactKept, .. }),
        "the flag stays: {outcome:?}"
    );
}

#[tokio::test]
async fn a_user_without_a_unit_gives_no_feedback_and_sees_the_refusal_in_both_languages() {
    let f = Fixture::start().await;
    let (admin, admin_token) = f.member("admin-uden-enhed", Role::Admin, None).await;
    let theirs = contact(&f.user, &f.cvrs[0]);
    f.push(&[created(&theirs)]).await;
    let outcome = push_as(&f.server, &admin_token, &[attempt(GiveFeedback, &admin, &theirs)]).await.remove(0);
    assert_eq!(rejection_code(&outcome), "not_own_unit");
}
