//! Do-not-contact flags set and lifted through a push leave audit entries, written in the
//! push's own transaction; a refused lifting leaves none.

use crate::fixture::*;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::{AuditAction, AuditPage};
use kontaktpunkt_domain::sync::Change;

async fn audit(f: &Fixture, token: &str, action: AuditAction) -> AuditPage {
    let response = f.server.get_with(&format!("/api/admin/audit?action={}", action.as_str()), token).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("audit page")
}

#[tokio::test]
async fn setting_and_lifting_a_flag_are_audited_with_who_and_which_company() {
    let f = Fixture::start().await;
    let (coordinator, coordinator_token) = f.user("koordinator", Role::Coordinator).await;
    let (_, admin) = f.member("admin", Role::Admin, None).await;
    let company = f.cvrs[1].clone();

    let set = mutation(Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ønsker ingen opkald".into(),
        requested_by: None,
        units: vec![],
    });
    applied_seq(&f.push(std::slice::from_ref(&set)).await[0]);
    // A consultant may not lift it: refused, and so not audited.
    let seen = f.head().await;
    let refused =
        mutation(Change::DoNotContactCleared { company: company.clone(), seen_seq: seen, reason: None });
    assert_eq!(rejection_code(&f.push(&[refused]).await[0]), "not_coordinator");
    assert!(audit(&f, &admin, AuditAction::DoNotContactLifted).await.entries.is_empty());

    let seen = f.catch_up(&coordinator_token).await;
    let lift = mutation(Change::DoNotContactCleared {
        company: company.clone(),
        seen_seq: seen,
        reason: Some("Ny direktør vil gerne kontaktes".into()),
    });
    applied_seq(&push_as(&f.server, &coordinator_token, std::slice::from_ref(&lift)).await[0]);

    let set_entries = audit(&f, &admin, AuditAction::DoNotContactSet).await.entries;
    assert_eq!(set_entries.len(), 1);
    assert_eq!(set_entries[0].actor_id, Some(f.user.id));
    assert_eq!(set_entries[0].subject.as_deref(), Some(company.as_str()));
    assert_eq!(set_entries[0].details.get("mutation_id"), Some(&set.id.to_string()));

    let lifted = audit(&f, &admin, AuditAction::DoNotContactLifted).await.entries;
    assert_eq!(lifted.len(), 1, "{lifted:?}");
    assert_eq!(lifted[0].actor_id, Some(coordinator.id));
    assert_eq!(lifted[0].actor.as_deref(), Some("koordinator"));
    assert_eq!(lifted[0].subject.as_deref(), Some(company.as_str()));
    assert_eq!(lifted[0].details.get("reason_given").map(String::as_str), Some("yes"));
    assert_eq!(lifted[0].details.get("mutation_id"), Some(&lift.id.to_string()));

    // The same lifting again is a duplicate: applied once, audited once.
    push_as(&f.server, &coordinator_token, &[lift]).await;
    assert_eq!(audit(&f, &admin, AuditAction::DoNotContactLifted).await.entries.len(), 1);
}
