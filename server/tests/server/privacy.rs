//! `/api/admin/privacy/…`: a contact person's export and erasure, the retention list and the
//! access-to-documents export — who may call them, what they hold, and that an erased person
//! is nowhere in the database nor on a device after its next pull.

use crate::accounts::{PASSWORD, send};
use crate::common::{TestServer, companies};
use chrono::{Duration, NaiveDate, Utc};
use kontaktpunkt_domain::accounts::{AuditAction, AuditPage};
use kontaktpunkt_domain::contact_person::ContactPerson;
use kontaktpunkt_domain::sync::{
    Change, ChangesPage, FieldEdit, Mutation, Outcome, PROTOCOL_VERSION, PushRequest, PushResponse,
    SharedField,
};
use kontaktpunkt_domain::{Contact, ContactKind, Cvr, Feedback, FollowUp, Purpose, Role, User};
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Row;
use uuid::Uuid;

const NAME: &str = "Mette Holm";
const PHONE: &str = "+45 12 34 56 78";
const EMAIL: &str = "mette.holm@smedjen.dk";

fn mette() -> ContactPerson {
    ContactPerson { name: NAME.into(), role: "HR-chef".into(), phone: PHONE.into(), email: EMAIL.into() }
}

fn bo() -> ContactPerson {
    ContactPerson {
        name: "Bo Lund".into(),
        role: "Direktør".into(),
        phone: "86 42 00 00".into(),
        email: "bo@smedjen.dk".into(),
    }
}

/// A server with companies, an admin, a coordinator and a consultant (each in a unit of
/// their own), all logged in.
struct World {
    server: TestServer,
    cvrs: Vec<Cvr>,
    admin: String,
    coordinator: String,
    consultant: User,
    consultant_token: String,
}

impl World {
    async fn start() -> Self {
        let server = TestServer::start().await;
        let made = companies(3);
        server.state.store().insert_companies(&made, Utc::now()).await.expect("insert companies");
        server.create_user("admin-p", PASSWORD, Role::Admin).await;
        server.create_user("koordinator-p", PASSWORD, Role::Coordinator).await;
        let consultant = server.create_user("konsulent-p", PASSWORD, Role::Consultant).await;
        let admin = server.login("admin-p", PASSWORD).await;
        let coordinator = server.login("koordinator-p", PASSWORD).await;
        let consultant_token = server.login("konsulent-p", PASSWORD).await;
        Self {
            server,
            cvrs: made.into_iter().map(|c| c.cvr).collect(),
            admin,
            coordinator,
            consultant,
            consultant_token,
        }
    }

    async fn push(&self, token: &str, changes: Vec<Change>) -> Vec<Outcome> {
        let mutations: Vec<Mutation> =
            changes.into_iter().map(|change| Mutation { id: Uuid::now_v7(), change }).collect();
        let request = PushRequest { protocol: PROTOCOL_VERSION, device_id: Uuid::now_v7(), mutations };
        let response = self
            .server
            .client
            .post(self.server.url("/api/sync/v1/push"))
            .bearer_auth(token)
            .json(&request)
            .send()
            .await
            .expect("push");
        assert_eq!(response.status(), 200);
        let body: PushResponse = response.json().await.expect("push response");
        body.results.into_iter().map(|r| r.outcome).collect()
    }

    /// Every change after `since` as `token`'s user sees them, as raw JSON text, and the cursor.
    async fn pull(&self, token: &str, since: u64) -> (String, u64) {
        let response =
            self.server.get_with(&format!("/api/sync/v1/changes?since={since}&limit=10000"), token).await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.expect("changes");
        let page: ChangesPage = serde_json::from_str(&text).expect("changes page");
        assert!(!page.has_more, "one page holds the test's log");
        (text, page.cursor)
    }

    fn persons(&self, company: usize, persons: &[ContactPerson], base_seq: u64) -> Change {
        Change::CompanyFieldsEdited {
            company: self.cvrs[company].clone(),
            base_seq,
            fields: vec![FieldEdit {
                field: SharedField::ContactPersons,
                value: Some(serde_json::to_string(persons).expect("encodes")),
            }],
        }
    }

    fn contact(&self, company: usize, days_ago: i64, notes: &str) -> Contact {
        let today = Utc::now().date_naive();
        Contact {
            id: Uuid::now_v7(),
            company: self.cvrs[company].clone(),
            unit_id: self.consultant.unit_id.expect("a unit"),
            user_id: self.consultant.id,
            kind: ContactKind::Visit,
            purposes: vec![Purpose::Recruitment],
            date: today - Duration::days(days_ago),
            notes: notes.into(),
            follow_up: None,
            do_not_contact_reason: None,
            notes_shared: false,
        }
    }

    async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.server.get_with(path, token).await
    }

    async fn find(&self, q: &str) -> Vec<Value> {
        let response = self.get(&format!("/api/admin/privacy/contact-persons?q={q}"), &self.admin).await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("matches")
    }

    async fn audit(&self, action: AuditAction) -> AuditPage {
        let path = format!("/api/admin/audit?action={}", action.as_str());
        let response = self.get(&path, &self.admin).await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("audit page")
    }

    /// The SQLite database, opened beside the server.
    async fn database(&self) -> sqlx::SqlitePool {
        let path = self.server.dirs.data.path().join("kontaktpunkt.sqlite");
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
        sqlx::SqlitePool::connect_with(options).await.expect("open the database")
    }
}

/// Mette and Bo at company 0, with a conflict over the list (the overwritten list holds
/// Mette), a contact whose notes and follow-up name her, feedback naming her and the
/// company's shared note with her address. Returns Mette's id and the contact.
async fn mette_everywhere(world: &World) -> (String, Contact) {
    let token = &world.consultant_token;
    let (_, cursor) = world.pull(token, 0).await;
    let first = world.persons(0, &[mette(), bo()], cursor);
    assert!(matches!(world.push(token, vec![first]).await[0], Outcome::Applied { .. }));
    // A second device edits from before the first edit: a decided conflict keeps the first list.
    let renamed = ContactPerson { role: "Personalechef".into(), ..mette() };
    let second = world.persons(0, &[renamed, bo()], cursor);
    assert!(matches!(world.push(token, vec![second]).await[0], Outcome::Conflict { .. }));

    let mut contact = world.contact(0, 3, &format!("Mødte {NAME} om lærlinge. Ring på 12 34 56 78."));
    contact.follow_up =
        Some(FollowUp { due: Utc::now().date_naive(), note: format!("Send tilbud til {EMAIL}") });
    let feedback = Feedback {
        id: Uuid::now_v7(),
        contact_id: contact.id,
        company: contact.company.clone(),
        submitted_at: Utc::now(),
        satisfaction: 5,
        relevant: true,
        comment: format!("{NAME} var glad for besøget"),
        questions: kontaktpunkt_domain::feedback::FIRST_QUESTIONS,
        survey: None,
    };
    let note = Change::CompanyFieldsEdited {
        company: world.cvrs[0].clone(),
        base_seq: world.pull(token, 0).await.1,
        fields: vec![FieldEdit { field: SharedField::Notes, value: Some(format!("Skriv til {EMAIL}")) }],
    };
    let outcomes = world
        .push(
            token,
            vec![
                Change::ContactCreated { contact: contact.clone() },
                Change::FeedbackCreated { feedback },
                note,
                // Who asked not to be contacted names the person too.
                Change::DoNotContactSet {
                    company: world.cvrs[0].clone(),
                    reason: "Ønsker ingen opkald".into(),
                    requested_by: Some(format!("{NAME}, direktør")),
                    units: vec![],
                },
            ],
        )
        .await;
    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Applied { .. })), "{outcomes:?}");

    let found = world.find("mette").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["person"]["email"], EMAIL);
    (found[0]["id"].as_str().expect("an id").to_owned(), contact)
}

/// Every text value of every column of every table, as `table.column: value`.
async fn every_text(pool: &sqlx::SqlitePool) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar("select name from sqlite_master where type = 'table'")
        .fetch_all(pool)
        .await
        .expect("tables");
    assert!(tables.len() > 10, "the schema is there: {tables:?}");
    let mut texts = Vec::new();
    for table in tables {
        let columns =
            sqlx::query(&format!("pragma table_info(\"{table}\")")).fetch_all(pool).await.expect("columns");
        for column in columns {
            let name: String = column.get("name");
            let sql = format!(
                "select cast(\"{name}\" as blob) from \"{table}\" where typeof(\"{name}\") in ('text', 'blob')"
            );
            let values: Vec<Vec<u8>> = sqlx::query_scalar(&sql).fetch_all(pool).await.expect("values");
            texts.extend(values.iter().map(|v| format!("{table}.{name}: {}", String::from_utf8_lossy(v))));
        }
    }
    texts
}

fn mentions_mette(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains(&NAME.to_lowercase())
        || text.contains(PHONE)
        || text.contains("12345678")
        || lower.contains(EMAIL)
}

#[tokio::test]
async fn each_tool_answers_only_the_roles_it_is_for() {
    let world = World::start().await;
    let (id, _) = mette_everywhere(&world).await;
    let cvr = world.cvrs[0].as_str();
    let today = Utc::now().date_naive();
    let access =
        format!("/api/admin/privacy/access-request/{cvr}?from={}&to={today}", today - Duration::days(30));
    let erase = format!("/api/admin/privacy/contact-persons/{id}/erase");
    let reason = json!({"reason": "Personen har bedt om sletning"});
    let admin_only: [(Method, String, Option<&Value>); 4] = [
        (Method::GET, "/api/admin/privacy/contact-persons?q=mette".into(), None),
        (Method::GET, format!("/api/admin/privacy/contact-persons/{id}"), None),
        (Method::GET, "/api/admin/privacy/retention".into(), None),
        (Method::POST, erase.clone(), Some(&reason)),
    ];
    for (method, path, body) in &admin_only {
        for (token, expected) in
            [(None, 401), (Some(&world.consultant_token), 403), (Some(&world.coordinator), 403)]
        {
            let response = send(&world.server, method.clone(), path, token.map(String::as_str), *body).await;
            assert_eq!(response.status(), expected, "{method} {path} as {token:?}");
            let body: Value = response.json().await.expect("a JSON error body");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
        }
    }
    for (token, expected) in [
        (None, 401),
        (Some(&world.consultant_token), 403),
        (Some(&world.coordinator), 200),
        (Some(&world.admin), 200),
    ] {
        let response = send(&world.server, Method::GET, &access, token.map(String::as_str), None).await;
        assert_eq!(response.status(), expected, "access request as {token:?}");
    }
    for (method, path, body) in &admin_only {
        let response = send(&world.server, method.clone(), path, Some(&world.admin), *body).await;
        assert_eq!(response.status(), 200, "{method} {path} as admin");
    }
}

#[tokio::test]
async fn coordinators_read_only_the_contact_matters_of_the_audit_log() {
    let world = World::start().await;
    let (id, _) = mette_everywhere(&world).await;
    assert_eq!(
        world.get(&format!("/api/admin/privacy/contact-persons/{id}"), &world.admin).await.status(),
        200
    );
    let cvr = world.cvrs[0].as_str();
    let today = Utc::now().date_naive();
    let access = format!("/api/admin/privacy/access-request/{cvr}?from={today}&to={today}");
    assert_eq!(world.get(&access, &world.coordinator).await.status(), 200);
    let w = &world;
    let page = |path: String, token: String| async move {
        let response = w.get(&path, &token).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json::<AuditPage>().await.expect("audit page")
    };
    // The admin's log also holds the logins the coordinator must not read.
    let all = page("/api/admin/audit".into(), world.admin.clone()).await;
    assert!(all.entries.iter().any(|e| e.action == AuditAction::LoginSucceeded), "{all:?}");

    let seen = page("/api/admin/audit".into(), world.coordinator.clone()).await;
    let actions: Vec<AuditAction> = seen.entries.iter().map(|e| e.action).collect();
    assert!(actions.iter().all(|a| a.is_contact_matter()), "only contact matters: {actions:?}");
    for wanted in
        [AuditAction::DoNotContactSet, AuditAction::ContactPersonExported, AuditAction::AccessRequestExported]
    {
        assert!(actions.contains(&wanted), "{wanted:?} in {actions:?}");
    }
    let contact_matters = all.entries.iter().filter(|e| e.action.is_contact_matter()).count();
    assert_eq!(seen.entries.len(), contact_matters, "every contact matter, newest first");
    // Narrowed by the admin who exported: the export, not the admin's login.
    let by_admin = page("/api/admin/audit?user=admin-p".into(), world.coordinator.clone()).await;
    let by_admin: Vec<AuditAction> = by_admin.entries.iter().map(|e| e.action).collect();
    assert_eq!(by_admin, [AuditAction::ContactPersonExported]);
    let flags = page("/api/admin/audit?action=do_not_contact_set".into(), world.coordinator.clone()).await;
    assert!(
        !flags.entries.is_empty() && flags.entries.iter().all(|e| e.action == AuditAction::DoNotContactSet)
    );

    // Any other action is refused outright, and consultants read nothing.
    for action in AuditAction::ALL.into_iter().filter(|a| !a.is_contact_matter()) {
        let path = format!("/api/admin/audit?action={}", action.as_str());
        let response = world.get(&path, &world.coordinator).await;
        assert_eq!(response.status(), 403, "{path}");
        let body: Value = response.json().await.expect("error body");
        assert_eq!(body["error"], "forbidden");
    }
    let response = world.get("/api/admin/audit", &world.consultant_token).await;
    assert_eq!(response.status(), 403);
    // The other admin tools stay the admins'.
    for path in
        ["/api/admin/users", "/api/admin/devices", "/api/admin/imports", "/api/admin/privacy/retention"]
    {
        assert_eq!(world.get(path, &world.coordinator).await.status(), 403, "{path}");
    }
}

#[tokio::test]
async fn the_export_holds_the_persons_record_contacts_conflicts_and_audit_and_is_audited() {
    let world = World::start().await;
    let (id, contact) = mette_everywhere(&world).await;
    let response = world.get(&format!("/api/admin/privacy/contact-persons/{id}"), &world.admin).await;
    assert_eq!(response.status(), 200);
    let export: Value = response.json().await.expect("export");
    assert_eq!(export["company"], world.cvrs[0].as_str());
    assert_eq!(export["records"].as_array().map(Vec::len), Some(1));
    assert_eq!(export["records"][0]["phone"], PHONE);
    let contacts = export["contacts"].as_array().expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["id"], contact.id.to_string());
    assert_eq!(contacts[0]["date"], contact.date.to_string());
    assert_eq!(contacts[0]["mentions_person"], true);
    assert!(contacts[0]["notes"].as_str().is_some_and(|n| n.contains(NAME)));
    assert!(export["follow_ups"][0]["note"].as_str().is_some_and(|n| n.contains(EMAIL)));
    assert!(export["feedback"][0]["comment"].as_str().is_some_and(|c| c.contains(NAME)));
    assert!(!export["conflicts"].as_array().expect("conflicts").is_empty(), "the conflict over the list");
    assert!(export["company_note"].as_str().is_some_and(|n| n.contains(EMAIL)));
    let audit = export["audit"].as_array().expect("audit");
    let actions: Vec<&Value> = audit.iter().map(|e| &e["action"]).collect();
    assert_eq!(
        actions,
        ["contact_persons_shown", "contact_person_exported"],
        "the search that showed her, this export"
    );
    assert_eq!(audit[0]["details"]["list"], "search");
    assert_eq!(audit[0]["details"]["persons"], id.as_str());

    // A search is audited by whom it showed, never by what was typed (a name itself).
    assert!(world.find("ingen-saadan").await.is_empty());
    let shown = world.audit(AuditAction::ContactPersonsShown).await;
    let newest = &shown.entries[0];
    assert_eq!(newest.actor.as_deref(), Some("admin-p"));
    assert_eq!(newest.details.get("shown").map(String::as_str), Some("0"));
    assert!(
        shown.entries.iter().all(|e| !e.details.values().any(|v| v.contains("mette") || v.contains("ingen")))
    );

    let page = world.audit(AuditAction::ContactPersonExported).await;
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].subject.as_deref(), Some(id.as_str()));
    assert_eq!(page.entries[0].actor.as_deref(), Some("admin-p"));

    let missing = world
        .get(
            &format!("/api/admin/privacy/contact-persons/{}-0123456789abcdef", world.cvrs[0].as_str()),
            &world.admin,
        )
        .await;
    assert_eq!(missing.status(), 404);
    let malformed = world.get("/api/admin/privacy/contact-persons/nobody", &world.admin).await;
    assert_eq!(malformed.status(), 400);
    let short = world.get("/api/admin/privacy/contact-persons?q=m", &world.admin).await;
    assert_eq!(short.status(), 422);
}

#[tokio::test]
async fn erasure_leaves_no_personal_data_in_any_table_and_keeps_the_contact() {
    let world = World::start().await;
    let (id, contact) = mette_everywhere(&world).await;
    let pool = world.database().await;
    let before: Vec<String> = every_text(&pool).await.into_iter().filter(|t| mentions_mette(t)).collect();
    for table in
        ["company_shared_fields", "conflicts", "contacts", "feedback", "change_log", "applied_mutations"]
    {
        assert!(
            before.iter().any(|t| t.starts_with(&format!("{table}."))),
            "the test puts her in {table}: {before:#?}"
        );
    }
    let (_, cursor) = world.pull(&world.consultant_token, 0).await;

    let path = format!("/api/admin/privacy/contact-persons/{id}/erase");
    let blank =
        send(&world.server, Method::POST, &path, Some(&world.admin), Some(&json!({"reason": "  "}))).await;
    assert_eq!(blank.status(), 422, "a reason is required");
    let body = json!({"reason": format!("{NAME} bad om sletning pr. mail fra {EMAIL}")});
    let response = send(&world.server, Method::POST, &path, Some(&world.admin), Some(&body)).await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.expect("report");
    assert_eq!(report["id"], id.as_str());

    let left: Vec<String> = every_text(&pool).await.into_iter().filter(|t| mentions_mette(t)).collect();
    assert!(left.is_empty(), "still in the database: {left:#?}");
    let notes: String = sqlx::query_scalar("select notes from contacts where id = ?")
        .bind(contact.id.to_string())
        .fetch_one(&pool)
        .await
        .expect("the contact still exists");
    assert_eq!(notes, "Mødte [slettet] om lærlinge. Ring på [slettet].");
    let bo_left: String =
        sqlx::query_scalar("select value from company_shared_fields where field = 'contact_persons'")
            .fetch_one(&pool)
            .await
            .expect("the list");
    assert_eq!(serde_json::from_str::<Vec<ContactPerson>>(&bo_left).expect("a list"), [bo()]);

    // A device that pulls after the erasure learns it, and nothing it pulls names her.
    let (changes, _) = world.pull(&world.consultant_token, cursor).await;
    assert!(
        changes.contains("Bo Lund") && changes.contains("contact_persons"),
        "the new list arrives: {changes}"
    );
    assert!(!mentions_mette(&changes), "{changes}");
    let (everything, _) = world.pull(&world.consultant_token, 0).await;
    assert!(!mentions_mette(&everything), "{everything}");
    let conflicts =
        world.get("/api/sync/v1/conflicts", &world.coordinator).await.text().await.expect("conflicts");
    assert!(conflicts.contains(world.cvrs[0].as_str()) && !mentions_mette(&conflicts), "{conflicts}");

    let page = world.audit(AuditAction::ContactPersonErased).await;
    assert_eq!(page.entries.len(), 1);
    let entry = &page.entries[0];
    assert_eq!(entry.subject.as_deref(), Some(id.as_str()));
    assert_eq!(
        entry.details.get("reason").map(String::as_str),
        Some("[slettet] bad om sletning pr. mail fra [slettet]")
    );
    assert!(world.find("mette").await.is_empty(), "not found any more");
    let again = send(&world.server, Method::POST, &path, Some(&world.admin), Some(&body)).await;
    assert_eq!(again.status(), 404, "already erased");
}

#[tokio::test]
async fn a_first_name_alone_is_erased_at_the_persons_company_and_two_people_may_not_share_a_name() {
    let world = World::start().await;
    let token = &world.consultant_token;
    let (_, cursor) = world.pull(token, 0).await;
    let twin = ContactPerson { name: " mette HOLM".into(), role: "Bogholder".into(), ..Default::default() };
    match &world.push(token, vec![world.persons(0, &[mette(), twin], cursor)]).await[0] {
        Outcome::Rejected { reason } => {
            assert_eq!(reason.code, "invalid_fields");
            assert_eq!(reason.da, "Kontaktperson 2 har samme navn som en anden.");
        }
        other => panic!("two people with one name are one person to erasure: {other:?}"),
    }
    assert!(matches!(
        world.push(token, vec![world.persons(0, &[mette(), bo()], cursor)]).await[0],
        Outcome::Applied { .. }
    ));
    let own = world.contact(0, 2, "Mette ringede tilbage; Bo tager over. Holm-familien ejer firmaet.");
    let other = world.contact(1, 2, "Mette fra kommunen kom forbi.");
    let created = [&own, &other].map(|c| Change::ContactCreated { contact: c.clone() }).to_vec();
    assert!(world.push(token, created).await.iter().all(|o| matches!(o, Outcome::Applied { .. })));
    let found = world.find("mette").await;
    let id = found[0]["id"].as_str().expect("an id");

    let export: Value = world
        .get(&format!("/api/admin/privacy/contact-persons/{id}"), &world.admin)
        .await
        .json()
        .await
        .expect("the export");
    let mentioned: Vec<&Value> = export["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .filter(|c| c["mentions_person"] == true)
        .collect();
    assert_eq!(mentioned.len(), 1, "her first name in her company's note is her: {export}");

    let path = format!("/api/admin/privacy/contact-persons/{id}/erase");
    let body = json!({"reason": "Mette bad om det"});
    let response = send(&world.server, Method::POST, &path, Some(&world.admin), Some(&body)).await;
    assert_eq!(response.status(), 200);
    let pool = world.database().await;
    let notes = |id: Uuid| {
        sqlx::query_scalar::<_, String>("select notes from contacts where id = ?")
            .bind(id.to_string())
            .fetch_one(&pool)
    };
    assert_eq!(
        notes(own.id).await.expect("her company's contact"),
        "[slettet] ringede tilbage; Bo tager over. [slettet]-familien ejer firmaet."
    );
    assert_eq!(
        notes(other.id).await.expect("another company's contact"),
        other.notes,
        "someone else's Mette"
    );
    let page = world.audit(AuditAction::ContactPersonErased).await;
    assert_eq!(page.entries[0].details.get("reason").map(String::as_str), Some("[slettet] bad om det"));
}

#[tokio::test]
async fn the_retention_list_finds_an_old_person_and_not_a_recent_one() {
    let world = World::start().await;
    let token = &world.consultant_token;
    let (_, cursor) = world.pull(token, 0).await;
    let old = ContactPerson { name: "Gammel Person".into(), ..Default::default() };
    let recent = ContactPerson { name: "Ny Person".into(), ..Default::default() };
    let outcomes =
        world.push(token, vec![world.persons(1, &[old], cursor), world.persons(2, &[recent], cursor)]).await;
    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Applied { .. })), "{outcomes:?}");
    // Company 1's list was last changed six years ago; company 2's today.
    let pool = world.database().await;
    let long_ago = (Utc::now() - Duration::days(6 * 366)).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    sqlx::query("update company_shared_fields set updated_at = ? where cvr = ?")
        .bind(long_ago)
        .bind(world.cvrs[1].as_str())
        .execute(&pool)
        .await
        .expect("age the list");

    let names = |list: &Value| -> Vec<String> {
        list["persons"]
            .as_array()
            .expect("persons")
            .iter()
            .map(|p| p["person"]["name"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let five: Value =
        world.get("/api/admin/privacy/retention?years=5", &world.admin).await.json().await.expect("list");
    assert_eq!(names(&five), ["Gammel Person"]);
    let default: Value =
        world.get("/api/admin/privacy/retention", &world.admin).await.json().await.expect("list");
    assert_eq!(default["years"], 5);
    let seven: Value =
        world.get("/api/admin/privacy/retention?years=7", &world.admin).await.json().await.expect("list");
    assert!(names(&seven).is_empty(), "six years is within seven");

    // A contact with the company since the cutoff touches its people.
    let outcomes =
        world.push(token, vec![Change::ContactCreated { contact: world.contact(1, 10, "Besøg") }]).await;
    assert!(matches!(outcomes[0], Outcome::Applied { .. }));
    let after: Value =
        world.get("/api/admin/privacy/retention?years=5", &world.admin).await.json().await.expect("list");
    assert!(names(&after).is_empty(), "{after}");

    for bad in ["0", "51", "fem", "-1"] {
        let response = world.get(&format!("/api/admin/privacy/retention?years={bad}"), &world.admin).await;
        assert_eq!(response.status(), 422, "years={bad}");
        let body: Value = response.json().await.expect("error body");
        assert_eq!(body["error"], "invalid_input");
        assert!(body["fields"]["years"].is_string(), "{body}");
    }
    let shown = world.audit(AuditAction::ContactPersonsShown).await;
    let listed: Vec<(Option<&str>, Option<&str>)> = shown
        .entries
        .iter()
        .map(|e| (e.details.get("years").map(String::as_str), e.details.get("shown").map(String::as_str)))
        .collect();
    assert_eq!(
        listed,
        [(Some("5"), Some("0")), (Some("7"), Some("0")), (Some("5"), Some("1")), (Some("5"), Some("1"))],
        "each list shown, newest first; refused requests show nobody"
    );
}

#[tokio::test]
async fn the_access_request_csv_has_one_row_per_contact_in_the_period_and_is_audited() {
    let world = World::start().await;
    let token = &world.consultant_token;
    let inside = [world.contact(0, 5, "Talte om praktik; æøå \"citat\""), world.contact(0, 20, "Opfølgning")];
    let outside = [world.contact(0, 90, "For længe siden"), world.contact(1, 5, "Anden virksomhed")];
    let changes =
        inside.iter().chain(&outside).map(|c| Change::ContactCreated { contact: c.clone() }).collect();
    let outcomes = world.push(token, changes).await;
    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Applied { .. })), "{outcomes:?}");
    let today = Utc::now().date_naive();
    let from: NaiveDate = today - Duration::days(30);
    let path = format!("/api/admin/privacy/access-request/{}?from={from}&to={today}", world.cvrs[0].as_str());

    let response = world.get(&path, &world.admin).await;
    assert_eq!(response.status(), 200);
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(header("content-type").starts_with("text/csv"));
    assert!(header("content-disposition").starts_with("attachment"), "{}", header("content-disposition"));
    let bytes = response.bytes().await.expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for spreadsheet programs");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(headers[0], "Dato");
    assert!(headers.contains(&"Noter".to_owned()) && headers.contains(&"Enhed".to_owned()), "{headers:?}");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    let dates: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap_or("")).collect();
    let mut expected: Vec<String> = inside.iter().map(|c| c.date.to_string()).collect();
    expected.sort();
    assert_eq!(dates, expected, "oldest first, only the period's contacts of the company");
    assert!(
        rows.iter().any(|r| r.iter().any(|f| f == "Talte om praktik; æøå \"citat\"")),
        "quoted and whole"
    );

    // JSON: a coordinator of another unit sees that the contacts happened, not their notes.
    let json: Value =
        world.get(&format!("{path}&format=json"), &world.coordinator).await.json().await.expect("json");
    let contacts = json["contacts"].as_array().expect("contacts");
    assert_eq!(contacts.len(), 2);
    assert!(contacts.iter().all(|c| c["notes"].is_null()), "{json}");

    let page = world.audit(AuditAction::AccessRequestExported).await;
    assert_eq!(page.entries.len(), 2);
    assert!(page.entries.iter().all(|e| e.subject.as_deref() == Some(world.cvrs[0].as_str())));
    assert_eq!(page.entries[1].details.get("contacts").map(String::as_str), Some("2"));

    let bad = [
        format!("/api/admin/privacy/access-request/12345678?from={from}&to={today}"),
        format!("/api/admin/privacy/access-request/{}?from={today}&to={from}", world.cvrs[0].as_str()),
        format!("/api/admin/privacy/access-request/{}?from=1.1.2026&to={today}", world.cvrs[0].as_str()),
        format!("/api/admin/privacy/access-request/{}?to={today}", world.cvrs[0].as_str()),
        format!("{path}&format=xlsx"),
    ];
    for path in bad {
        let response = world.get(&path, &world.admin).await;
        assert_eq!(response.status(), 422, "{path}");
        let body: Value = response.json().await.expect("error body");
        assert_eq!(body["error"], "invalid_input", "{body}");
    }
    let unknown = companies(4).into_iter().next().expect("a fourth company").cvr;
    let response = world
        .get(
            &format!("/api/admin/privacy/access-request/{}?from={from}&to={today}", unknown.as_str()),
            &world.admin,
        )
        .await;
    assert_eq!(response.status(), 404);
}
