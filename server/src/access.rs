//! Who may do what: the authorisation matrix, decided from the server's own records.
//!
//! Every decision takes the user from the session and the record's author and unit from the
//! database, never from ids or sequence numbers in the request.
//!
//! | action                               | consultant        | coordinator                 | admin             |
//! |--------------------------------------|-------------------|-----------------------------|-------------------|
//! | create a contact                     | own, in own unit  | own, in own unit            | own, in own unit  |
//! | … on a do-not-contact company        | with a reason     | with a reason               | with a reason     |
//! | edit / delete a contact              | own               | own                         | own               |
//! | complete a follow-up                 | own               | own, or of own unit         | own               |
//! | record feedback on a contact         | of own unit       | of own unit                 | of own unit       |
//! | set a do-not-contact flag            | yes               | yes                         | yes               |
//! | lift a do-not-contact flag           | no                | yes (with a reason)         | yes (with a reason)|
//! | edit shared company fields           | yes               | yes                         | yes               |
//! | read conflicts, flag history         | no                | yes                         | yes               |
//! | register imports                     | no                | no                          | yes               |
//! | read free-text notes of a contact    | own unit, shared  | own unit, shared            | own unit, shared  |
//! | draft, edit, publish a contact plan  | no                | yes                         | yes               |
//! | answer a planned contact             | own (assigned)    | own (assigned)              | own (assigned)    |
//! | find, export, erase contact persons  | no                | no                          | yes               |
//! | access-to-documents export (aktindsigt) | no             | yes (notes of own unit)     | yes (all notes)   |
//! | read the audit log                   | no                | contact matters only        | all of it         |
//!
//! Why these choices:
//! - A contact is its author's account of what happened (journal duty, access-to-documents
//!   requests), so only the author edits or deletes it. A coordinator may close a follow-up of
//!   their own unit: the task is handed over when a consultant is ill or leaves, but the
//!   record itself stays the author's.
//! - Feedback belongs to the unit that made the contact; feedback on another unit's contact
//!   would also block its author from deleting it.
//! - Anyone who hears a company ask not to be contacted must be able to record it at once;
//!   lifting it is a decision for the coordinators who keep the list. A lifting without a
//!   reason (today's app sends none) is accepted from a coordinator and recorded as such in
//!   the flag's history.
//! - A company's request not to be contacted holds for every unit, but the company may call
//!   us: a new contact dated on or after the request is accepted with the reason it was made
//!   anyway (`do_not_contact_reason`, visible to every unit like the flag), never without.
//! - Notes on contacts can touch on health and social matters (sick leave, flex jobs): other
//!   units, coordinators included, see that a contact happened (date, unit, kind, purposes,
//!   follow-up due) but not its notes, follow-up note or feedback comment. That is what the
//!   coordinator's overview (parallel contacts, staleness, coverage) needs. An admin without a
//!   unit sees no notes at all. The author may share a contact's notes (`notes_shared`) when
//!   they are meant for the whole municipality; the company's feedback comments stay the unit's.
//! - The GDPR tools (a contact person's export, erasure, the retention list) reach into every
//!   unit's data: they are the admins' (the controller's) task. An access-to-documents request
//!   (aktindsigt) is answered from the full journal, so the admin's export holds every note;
//!   a coordinator may prepare one, with other units' notes withheld as everywhere else.
//! - The audit log is the admins'. Coordinators keep the do-not-contact list and answer
//!   access-to-documents requests, so they read the log's contact matters (flags set and
//!   lifted, contact persons exported and erased, aktindsigt exports) and nothing about
//!   logins, accounts, devices or imports.

use kontaktpunkt_domain::{Role, User};
use uuid::Uuid;

/// What a user wants to do with an existing contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactAction {
    /// `contact_updated`.
    Update,
    /// `contact_deleted`.
    Delete,
    /// `follow_up_completed`.
    CompleteFollowUp,
    /// `feedback_created` on the contact.
    GiveFeedback,
}

/// The stored facts about a contact that decide access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactOwner {
    pub author: Uuid,
    pub unit: Uuid,
}

/// Whether `user` may do `action` on a contact owned as `owner` says.
pub fn may_act_on_contact(user: &User, owner: ContactOwner, action: ContactAction) -> bool {
    let own = owner.author == user.id;
    let own_unit = user.unit_id == Some(owner.unit);
    match action {
        ContactAction::Update | ContactAction::Delete => own,
        ContactAction::CompleteFollowUp => own || (own_unit && user.role == Role::Coordinator),
        ContactAction::GiveFeedback => own_unit,
    }
}

/// Whether `role` may lift a do-not-contact flag.
pub fn may_lift_do_not_contact(role: Role) -> bool {
    matches!(role, Role::Coordinator | Role::Admin)
}

/// Whether `role` may read conflict records and the history of do-not-contact flags.
pub fn may_review(role: Role) -> bool {
    role.sees_desk()
}

/// Whether `role` may upload, map, apply or discard register imports.
pub fn may_import(role: Role) -> bool {
    role == Role::Admin
}

/// Whether `role` may find, export and erase contact persons and list them for retention.
pub fn may_manage_personal_data(role: Role) -> bool {
    role == Role::Admin
}

/// Whether `role` may export a company's contacts for an access-to-documents request.
pub fn may_answer_access_request(role: Role) -> bool {
    role.sees_desk()
}

/// How much of the audit log a role reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    /// Every entry.
    All,
    /// Only entries of [`AuditAction::CONTACT_MATTERS`](kontaktpunkt_domain::accounts::AuditAction::CONTACT_MATTERS).
    ContactMatters,
}

/// What `role` may read of the audit log; `None`: nothing.
pub fn audit_scope(role: Role) -> Option<AuditScope> {
    match role {
        Role::Admin => Some(AuditScope::All),
        Role::Coordinator => Some(AuditScope::ContactMatters),
        Role::Consultant => None,
    }
}

/// Whether `user`'s access-to-documents export holds the notes of a contact of `unit`.
pub fn sees_notes_in_access_request(user: &User, unit: Uuid) -> bool {
    user.role == Role::Admin || sees_notes_of(user, unit)
}

/// Whether `user` may read the free-text notes of a contact of `unit`.
pub fn sees_notes_of(user: &User, unit: Uuid) -> bool {
    user.unit_id == Some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, unit: u128) -> User {
        User {
            id: Uuid::from_u128(100 + unit),
            username: "u".into(),
            display_name: "U".into(),
            role,
            unit_id: Some(Uuid::from_u128(unit)),
        }
    }

    #[test]
    fn the_contact_matrix_by_role_and_relation() {
        use ContactAction::*;
        let author_in = |unit: u128, author: Uuid| ContactOwner { author, unit: Uuid::from_u128(unit) };
        // (role, relation, action, allowed): relation 0 own, 1 own unit, 2 other unit.
        let table = [
            (Role::Consultant, [[true; 4], [false, false, false, true], [false; 4]]),
            (Role::Coordinator, [[true; 4], [false, false, true, true], [false; 4]]),
            (Role::Admin, [[true; 4], [false, false, false, true], [false; 4]]),
        ];
        for (role, relations) in table {
            let actor = user(role, 1);
            for (relation, allowed) in relations.iter().enumerate() {
                let owner = match relation {
                    0 => author_in(1, actor.id),
                    1 => author_in(1, Uuid::from_u128(7)),
                    _ => author_in(2, Uuid::from_u128(8)),
                };
                for (action, expected) in
                    [Update, Delete, CompleteFollowUp, GiveFeedback].into_iter().zip(allowed)
                {
                    assert_eq!(
                        may_act_on_contact(&actor, owner, action),
                        *expected,
                        "{role:?} relation {relation} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn only_coordinators_and_admins_lift_flags_and_review_only_admins_import() {
        assert!(!may_lift_do_not_contact(Role::Consultant));
        assert!(may_lift_do_not_contact(Role::Coordinator) && may_lift_do_not_contact(Role::Admin));
        assert!(!may_review(Role::Consultant) && may_review(Role::Coordinator) && may_review(Role::Admin));
        assert!(!may_import(Role::Consultant) && !may_import(Role::Coordinator) && may_import(Role::Admin));
    }

    #[test]
    fn only_admins_manage_personal_data_and_coordinators_also_answer_access_requests() {
        assert!(!may_manage_personal_data(Role::Consultant) && !may_manage_personal_data(Role::Coordinator));
        assert!(may_manage_personal_data(Role::Admin));
        assert!(!may_answer_access_request(Role::Consultant));
        assert!(may_answer_access_request(Role::Coordinator) && may_answer_access_request(Role::Admin));
        let coordinator = user(Role::Coordinator, 1);
        assert!(sees_notes_in_access_request(&coordinator, Uuid::from_u128(1)));
        assert!(!sees_notes_in_access_request(&coordinator, Uuid::from_u128(2)));
        let admin = User { unit_id: None, ..user(Role::Admin, 1) };
        assert!(sees_notes_in_access_request(&admin, Uuid::from_u128(2)));
    }

    #[test]
    fn admins_read_the_whole_audit_log_coordinators_its_contact_matters_consultants_nothing() {
        assert_eq!(audit_scope(Role::Admin), Some(AuditScope::All));
        assert_eq!(audit_scope(Role::Coordinator), Some(AuditScope::ContactMatters));
        assert_eq!(audit_scope(Role::Consultant), None);
    }

    #[test]
    fn notes_are_read_only_within_the_unit_and_not_at_all_without_one() {
        let coordinator = user(Role::Coordinator, 1);
        assert!(sees_notes_of(&coordinator, Uuid::from_u128(1)));
        assert!(!sees_notes_of(&coordinator, Uuid::from_u128(2)));
        let admin = User { unit_id: None, ..user(Role::Admin, 1) };
        assert!(!sees_notes_of(&admin, Uuid::from_u128(1)));
    }
}
