//! A server with companies and a logged-in consultant, and builders for sync messages.

use crate::common::{TestServer, companies};
use chrono::{Duration, NaiveDate, Utc};
use kontaktpunkt_domain::sync::{
    Change, ChangeEntry, ChangesPage, Mutation, Outcome, PROTOCOL_VERSION, PushRequest, PushResponse,
};
use kontaktpunkt_domain::{Contact, ContactKind, Cvr, Feedback, Purpose, Role, User};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "hemmeligt-kodeord";

pub struct Fixture {
    pub server: TestServer,
    pub user: User,
    pub token: String,
    pub cvrs: Vec<Cvr>,
}

impl Fixture {
    /// A server with five companies and consultant `konsulent-a`.
    pub async fn start() -> Self {
        let server = TestServer::start().await;
        let made = companies(5);
        server.state.store().insert_companies(&made, Utc::now()).await.expect("insert companies");
        let (user, token) = login_new(&server, "konsulent-a", Role::Consultant).await;
        Self { server, user, token, cvrs: made.into_iter().map(|c| c.cvr).collect() }
    }

    /// Another user in a unit of their own, logged in.
    pub async fn user(&self, username: &str, role: Role) -> (User, String) {
        login_new(&self.server, username, role).await
    }

    /// A user in an existing `unit` (`None`: no unit), logged in.
    pub async fn member(&self, username: &str, role: Role, unit: Option<Uuid>) -> (User, String) {
        let user = User {
            id: Uuid::now_v7(),
            username: username.into(),
            display_name: format!("Test {username}"),
            role,
            unit_id: unit,
        };
        let hash = kontaktpunkt_server::password::hash(PASSWORD).expect("hash");
        self.server.state.store().create_user(&user, &hash, Utc::now()).await.expect("create user");
        let token = self.server.login(username, PASSWORD).await;
        (user, token)
    }

    /// Pulls everything as `token`'s user, as a device does before an edit; the last cursor.
    pub async fn catch_up(&self, token: &str) -> u64 {
        let mut cursor = 0;
        loop {
            let response = self
                .server
                .get_with(&format!("/api/sync/v1/changes?since={cursor}&limit=10000"), token)
                .await;
            assert_eq!(response.status(), 200);
            let page: ChangesPage = response.json().await.expect("changes page");
            cursor = page.cursor;
            if !page.has_more {
                return cursor;
            }
        }
    }

    /// Pushes as the fixture's consultant and expects 200.
    pub async fn push(&self, mutations: &[Mutation]) -> Vec<Outcome> {
        push_as(&self.server, &self.token, mutations).await
    }

    /// Pushes any JSON body and hands back the raw answer.
    pub async fn push_json(&self, token: Option<&str>, body: &Value) -> reqwest::Response {
        let request = self.server.client.post(self.server.url("/api/sync/v1/push")).json(body);
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        request.send().await.expect("POST push")
    }

    /// One page of changes.
    pub async fn page(&self, since: u64, limit: u32) -> ChangesPage {
        let response = self
            .server
            .get_with(&format!("/api/sync/v1/changes?since={since}&limit={limit}"), &self.token)
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("changes page")
    }

    /// Every change after `since`, following `has_more`.
    pub async fn pull_all(&self, since: u64, limit: u32) -> Vec<ChangeEntry> {
        let mut cursor = since;
        let mut all = Vec::new();
        loop {
            let page = self.page(cursor, limit).await;
            assert!(page.cursor >= cursor, "the cursor never moves backwards");
            cursor = page.cursor;
            all.extend(page.changes);
            if !page.has_more {
                return all;
            }
        }
    }

    /// The newest sequence on the server, after the fixture's consultant has pulled up to it
    /// (the server trusts a `base_seq` only as far as it has sent the log).
    pub async fn head(&self) -> u64 {
        self.catch_up(&self.token).await
    }
}

pub async fn push_as(server: &TestServer, token: &str, mutations: &[Mutation]) -> Vec<Outcome> {
    let request =
        PushRequest { protocol: PROTOCOL_VERSION, device_id: Uuid::now_v7(), mutations: mutations.to_vec() };
    let response = server
        .client
        .post(server.url("/api/sync/v1/push"))
        .bearer_auth(token)
        .json(&request)
        .send()
        .await
        .expect("push");
    assert_eq!(response.status(), 200, "push answered");
    let body: PushResponse = response.json().await.expect("push response");
    assert_eq!(
        body.results.iter().map(|r| r.id).collect::<Vec<_>>(),
        mutations.iter().map(|m| m.id).collect::<Vec<_>>(),
        "one result per mutation, in order"
    );
    body.results.into_iter().map(|r| r.outcome).collect()
}

async fn login_new(server: &TestServer, username: &str, role: Role) -> (User, String) {
    let user = server.create_user(username, PASSWORD, role).await;
    let token = server.login(username, PASSWORD).await;
    (user, token)
}

pub fn mutation(change: Change) -> Mutation {
    Mutation { id: Uuid::now_v7(), change }
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A valid contact by `user` with `cvr`, dated yesterday.
pub fn contact(user: &User, cvr: &Cvr) -> Contact {
    Contact {
        id: Uuid::now_v7(),
        company: cvr.clone(),
        unit_id: user.unit_id.expect("the test user has a unit"),
        user_id: user.id,
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment],
        date: today() - Duration::days(1),
        notes: "Talte om lærlinge".into(),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    }
}

/// Feedback on `contact`, submitted at a whole second (storage keeps microseconds).
pub fn feedback(contact: &Contact, satisfaction: u8) -> Feedback {
    Feedback {
        id: Uuid::now_v7(),
        contact_id: contact.id,
        company: contact.company.clone(),
        submitted_at: chrono::DateTime::from_timestamp(Utc::now().timestamp(), 0).expect("time"),
        satisfaction,
        relevant: true,
        comment: "Godt besøg".into(),
        questions: kontaktpunkt_domain::feedback::FIRST_QUESTIONS,
        survey: None,
    }
}

pub fn created(contact: &Contact) -> Mutation {
    mutation(Change::ContactCreated { contact: contact.clone() })
}

/// The stable code of a rejection, or a panic naming what came instead.
pub fn rejection_code(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Rejected { reason } => {
            assert!(!reason.da.is_empty() && !reason.en.is_empty(), "texts in both languages");
            &reason.code
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
}

pub fn applied_seq(outcome: &Outcome) -> u64 {
    match outcome {
        Outcome::Applied { seq } => *seq,
        other => panic!("expected applied, got {other:?}"),
    }
}

/// A push body as JSON, for shapes the typed contract cannot express (bad CVR numbers).
pub fn push_body(mutations: Vec<Value>) -> Value {
    json!({ "protocol": PROTOCOL_VERSION, "device_id": Uuid::now_v7(), "mutations": mutations })
}
