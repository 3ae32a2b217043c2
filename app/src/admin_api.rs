//! HTTP calls of the office screens: the admin's company-register import (`/api/admin/imports`)
//! and the coordinator's naming of unit liaisons (`/api/units/{id}/liaison`).
//!
//! Answers are the domain crate's own messages (`kontaktpunkt_domain::import::{ImportPreview,
//! ImportSummary, ImportList, ImportProgress}`, errors as `api::ErrorBody`), decoded with
//! serde from the body's text by one function, [`answer`], which the native tests below feed
//! the pinned JSON of each message. Reads and small writes go over `fetch`; the upload goes
//! over an `XMLHttpRequest` ([`Upload`]), the only browser API that reports upload progress.

use gloo_net::http::{Method, RequestBuilder};
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{
    ColumnAssignment, ImportEntry, ImportFormat, ImportList, ImportPreview, ImportProgress, ImportSummary,
};
use kontaktpunkt_domain::plan::{PlanDetail, PlanSummary};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use uuid::Uuid;

pub use upload::Upload;

/// Largest file the server takes (its `MAX_UPLOAD_BYTES`); checked here before sending it.
pub const MAX_UPLOAD_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminError {
    /// The request never reached the server.
    Offline,
    /// The session is no longer valid.
    Unauthorized,
    /// The user is not an admin.
    Forbidden,
    /// The user cancelled the upload.
    Aborted,
    /// The server refused with its own explanation (unreadable file, not pending, too large …):
    /// the Danish text, and the English one it gives under the field at fault (may be empty).
    Refused { code: String, da: String, en: String },
    /// The server answered, but not as agreed; the detail is for the console.
    Server(String),
}

/// What to upload: `?format=…&full=…&municipality=…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadOptions {
    pub format: ImportFormat,
    /// A full refresh: companies missing from the file become inactive.
    pub full: bool,
    /// Every municipality in the file instead of the installation's own (CVR JSON only).
    pub all_municipalities: bool,
}

impl UploadOptions {
    /// The upload's URL: `/api/admin/imports?format=…&full=…[&municipality=all]`.
    pub fn url(self) -> String {
        let mut url = format!("/api/admin/imports?format={}&full={}", self.format.as_str(), self.full);
        if self.all_municipalities && self.format == ImportFormat::Cvr {
            url.push_str("&municipality=all");
        }
        url
    }
}

/// `GET /api/admin/imports`: the recent imports, newest first.
pub async fn list(token: &str) -> Result<Vec<ImportEntry>, AdminError> {
    let list: ImportList = call(Method::GET, "/api/admin/imports", token, None).await?;
    Ok(list.imports)
}

/// `GET /api/admin/imports/{id}`: a pending import's preview, to take it up again.
pub async fn preview(token: &str, id: Uuid) -> Result<ImportPreview, AdminError> {
    call(Method::GET, &format!("/api/admin/imports/{id}"), token, None).await
}

/// `PUT /api/admin/imports/{id}/mapping`: previews again with these columns.
pub async fn choose_columns(
    token: &str,
    id: Uuid,
    mapping: &BTreeMap<String, Option<u32>>,
) -> Result<ImportPreview, AdminError> {
    let body = serde_json::to_string(mapping).map_err(|e| AdminError::Server(format!("mapping: {e}")))?;
    call(Method::PUT, &format!("/api/admin/imports/{id}/mapping"), token, Some(body)).await
}

/// `POST /api/admin/imports/{id}/apply[?skip_invalid=true]`: imports it; what changed.
pub async fn apply(token: &str, id: Uuid, skip_invalid: bool) -> Result<ImportSummary, AdminError> {
    let skip = if skip_invalid { "?skip_invalid=true" } else { "" };
    call(Method::POST, &format!("/api/admin/imports/{id}/apply{skip}"), token, None).await
}

/// `GET /api/admin/imports/{id}/progress`: how far its apply has come.
pub async fn progress(token: &str, id: Uuid) -> Result<ImportProgress, AdminError> {
    call(Method::GET, &format!("/api/admin/imports/{id}/progress"), token, None).await
}

/// `DELETE /api/admin/imports/{id}`: discards a pending import (answers 204, no body).
pub async fn discard(token: &str, id: Uuid) -> Result<(), AdminError> {
    let (status, body) = send(Method::DELETE, &format!("/api/admin/imports/{id}"), token, None).await?;
    checked(status, &body).map(drop)
}

/// `PUT /api/units/{id}/liaison` (coordinators and admins): names the unit's liaison to the
/// coordinator, or clears it with `None`.
pub async fn set_liaison(token: &str, unit: Uuid, user: Option<Uuid>) -> Result<Unit, AdminError> {
    let user = user.map_or_else(|| "null".to_owned(), |id| format!("\"{id}\""));
    let body = format!("{{\"user_id\":{user}}}");
    call(Method::PUT, &format!("/api/units/{unit}/liaison"), token, Some(body)).await
}

/// `GET /api/do-not-contact/{cvr}/history` (coordinators and admins): every setting and
/// lifting of the company's flag, oldest first.
pub async fn flag_history(
    token: &str,
    cvr: &kontaktpunkt_domain::Cvr,
) -> Result<Vec<kontaktpunkt_domain::DoNotContactEvent>, AdminError> {
    call(Method::GET, &format!("/api/do-not-contact/{cvr}/history"), token, None).await
}

/// `GET /api/plans`: the plans, newest first.
pub async fn plans(token: &str) -> Result<Vec<PlanSummary>, AdminError> {
    call(Method::GET, "/api/plans", token, None).await
}

/// `GET /api/plans/{id}`.
pub async fn plan(token: &str, id: Uuid) -> Result<PlanDetail, AdminError> {
    call(Method::GET, &format!("/api/plans/{id}"), token, None).await
}

/// `POST /api/plans`: a new draft for the period, at most `capacity` rows per consultant.
pub async fn create_plan(
    token: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    capacity: u32,
) -> Result<PlanDetail, AdminError> {
    let body = format!("{{\"from\":\"{from}\",\"to\":\"{to}\",\"capacity\":{capacity}}}");
    call(Method::POST, "/api/plans", token, Some(body)).await
}

/// `PATCH /api/plans/{id}/items/{item}` with `remove`: takes the row out of the draft.
pub async fn remove_plan_row(token: &str, plan: Uuid, item: Uuid) -> Result<PlanDetail, AdminError> {
    let url = format!("/api/plans/{plan}/items/{item}");
    call(Method::PATCH, &url, token, Some(r#"{"remove":true}"#.to_owned())).await
}

/// `PATCH /api/plans/{id}/items/{item}` with `user_id`: the row goes to another consultant
/// (and their unit).
pub async fn reassign_plan_row(
    token: &str,
    plan: Uuid,
    item: Uuid,
    user: Uuid,
) -> Result<PlanDetail, AdminError> {
    let url = format!("/api/plans/{plan}/items/{item}");
    call(Method::PATCH, &url, token, Some(format!(r#"{{"user_id":"{user}"}}"#))).await
}

/// `GET /api/admin/privacy/access-request/{cvr}` as JSON: every contact with the company in
/// the period, as the caller may read it (audited by the server).
pub async fn access_request(
    token: &str,
    cvr: &kontaktpunkt_domain::Cvr,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<kontaktpunkt_domain::privacy::AccessRequestExport, AdminError> {
    let url = format!("/api/admin/privacy/access-request/{}?from={from}&to={to}&format=json", cvr.as_str());
    call(Method::GET, &url, token, None).await
}

/// `GET /api/admin/devices`: every logged-in installation and every revoked one.
pub async fn devices(token: &str) -> Result<Vec<kontaktpunkt_domain::accounts::DeviceInfo>, AdminError> {
    call(Method::GET, "/api/admin/devices", token, None).await
}

/// `POST /api/admin/devices/{id}/revoke`: ends the device's sessions; it wipes itself at its
/// next contact.
pub async fn revoke_device(token: &str, device: Uuid, reason: &str) -> Result<(), AdminError> {
    let body = kontaktpunkt_domain::accounts::RevokeDevice { reason: reason.to_owned() };
    let body = serde_json::to_string(&body).map_err(|e| AdminError::Server(format!("revocation: {e}")))?;
    let _: kontaktpunkt_domain::accounts::SessionsEnded =
        call(Method::POST, &format!("/api/admin/devices/{device}/revoke"), token, Some(body)).await?;
    Ok(())
}

/// `GET /api/sessions`: where I am logged in (valid sessions, the current one marked).
pub async fn my_sessions(token: &str) -> Result<Vec<kontaktpunkt_domain::accounts::SessionInfo>, AdminError> {
    call(Method::GET, "/api/sessions", token, None).await
}

/// `DELETE /api/sessions/{id}`: ends one of my sessions; its token answers 401 from then on
/// (answers 204, no body).
pub async fn end_my_session(token: &str, id: Uuid) -> Result<(), AdminError> {
    let (status, body) = send(Method::DELETE, &format!("/api/sessions/{id}"), token, None).await?;
    checked(status, &body).map(drop)
}

/// `GET /api/admin/privacy/contact-persons?q=…`: the contact persons whose name, e-mail or
/// phone number holds `q` (2–100 characters), by company.
pub async fn find_contact_persons(
    token: &str,
    q: &str,
) -> Result<Vec<kontaktpunkt_domain::privacy::ContactPersonMatch>, AdminError> {
    let url = format!("/api/admin/privacy/contact-persons?q={}", encoded(q));
    call(Method::GET, &url, token, None).await
}

/// `GET /api/admin/privacy/contact-persons/{id}`: everything stored about the person, as the
/// server's JSON text (the file the admin downloads) and decoded (what the screen sums up).
/// Audited by the server.
pub async fn export_contact_person(
    token: &str,
    id: &str,
) -> Result<(String, kontaktpunkt_domain::privacy::ContactPersonExport), AdminError> {
    let url = format!("/api/admin/privacy/contact-persons/{}", encoded(id));
    let (status, body) = send(Method::GET, &url, token, None).await?;
    let export = answer(status, &body)?;
    Ok((body, export))
}

/// `POST /api/admin/privacy/contact-persons/{id}/erase`: erases the person; what changed.
pub async fn erase_contact_person(
    token: &str,
    id: &str,
    reason: &str,
) -> Result<kontaktpunkt_domain::privacy::ErasureReport, AdminError> {
    let body = kontaktpunkt_domain::privacy::ErasureRequest { reason: reason.to_owned() };
    let body = serde_json::to_string(&body).map_err(|e| AdminError::Server(format!("erasure: {e}")))?;
    let url = format!("/api/admin/privacy/contact-persons/{}/erase", encoded(id));
    call(Method::POST, &url, token, Some(body)).await
}

/// `GET /api/admin/privacy/retention?years=…`: the persons untouched for `years`.
pub async fn retention(
    token: &str,
    years: u32,
) -> Result<kontaktpunkt_domain::privacy::RetentionList, AdminError> {
    call(Method::GET, &format!("/api/admin/privacy/retention?years={years}"), token, None).await
}

/// `POST /api/plans/{id}/publish`: the rows go to the consultants' devices.
pub async fn publish_plan(token: &str, plan: Uuid) -> Result<PlanDetail, AdminError> {
    call(Method::POST, &format!("/api/plans/{plan}/publish"), token, None).await
}

/// The columns of `mapping` with `field` read from `column` (`None`: from no column), as the
/// body of [`choose_columns`]. A column serves one field only, so a field that had it loses it.
pub fn reassigned(
    mapping: &[ColumnAssignment],
    field: &str,
    column: Option<u32>,
) -> BTreeMap<String, Option<u32>> {
    mapping
        .iter()
        .map(|c| {
            let value = if c.field == field {
                column
            } else if column.is_some() && c.column == column {
                None
            } else {
                c.column
            };
            (c.field.clone(), value)
        })
        .collect()
}

/// `text` as a query value or path segment: unreserved characters as they are, every other byte as `%XX`.
pub fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// One `fetch` call and its decoded answer.
async fn call<T: DeserializeOwned>(
    method: Method,
    url: &str,
    token: &str,
    json: Option<String>,
) -> Result<T, AdminError> {
    let (status, body) = send(method, url, token, json).await?;
    answer(status, &body)
}

/// One `fetch` call: the status and the body's text.
async fn send(
    method: Method,
    url: &str,
    token: &str,
    json: Option<String>,
) -> Result<(u16, String), AdminError> {
    let request = RequestBuilder::new(url).method(method).header("Authorization", &format!("Bearer {token}"));
    let request = match json {
        Some(json) => request.header("Content-Type", "application/json").body(json),
        None => request.build(),
    };
    let request = request.map_err(|e| AdminError::Server(format!("request: {e}")))?;
    let response = request.send().await.map_err(|_| AdminError::Offline)?;
    // A connection dropped mid-body is the network's fault, not the server's.
    let body = response.text().await.map_err(|_| AdminError::Offline)?;
    Ok((response.status(), body))
}

/// A whole answer, `status` and `body`, as the message `T` (for 2xx) or the error that the
/// status and its `ErrorBody` describe. Every call's answer goes through here.
pub fn answer<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, AdminError> {
    let body = checked(status, body)?;
    serde_json::from_str(body).map_err(|e| AdminError::Server(format!("unexpected answer: {e}")))
}

/// The body of a 2xx answer; for any other, the error it describes.
fn checked(status: u16, body: &str) -> Result<&str, AdminError> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let error = serde_json::from_str::<ErrorBody>(body).ok();
    Err(match (status, error) {
        (401, _) => AdminError::Unauthorized,
        (403, _) => AdminError::Forbidden,
        // A proxy or the service worker answering for an unreachable server.
        (0 | 502..=504, None) => AdminError::Offline,
        (400..=499, Some(error)) if !error.error.is_empty() => AdminError::Refused {
            code: error.error,
            da: error.message,
            // The English text sits under the field at fault (`file`, `status`, a query field).
            en: error.fields.into_values().next().unwrap_or_default(),
        },
        (status, error) => {
            AdminError::Server(format!("HTTP {status} {}", error.map(|e| e.error).unwrap_or_default()))
        }
    })
}

/// The upload: the file as the request's body, over an `XMLHttpRequest`.
mod upload {
    use super::{AdminError, UploadOptions, answer};
    use js_sys::Promise;
    use kontaktpunkt_domain::import::ImportPreview;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Event, File, ProgressEvent, XmlHttpRequest};

    /// An upload; [`Upload::cancel`] (from a click while [`Upload::send`] waits) aborts it.
    #[derive(Clone)]
    pub struct Upload(XmlHttpRequest);

    impl Upload {
        pub fn new() -> Result<Self, AdminError> {
            XmlHttpRequest::new().map(Self).map_err(|e| AdminError::Server(format!("{e:?}")))
        }

        /// Stops the upload: [`Upload::send`] answers [`AdminError::Aborted`].
        pub fn cancel(&self) {
            let _ = self.0.abort();
        }

        /// Sends `file` and waits for the preview, reporting the bytes sent and the total to
        /// `progress` on the way.
        pub async fn send(
            &self,
            token: &str,
            file: &File,
            options: UploadOptions,
            progress: impl Fn(f64, f64) + 'static,
        ) -> Result<ImportPreview, AdminError> {
            let xhr = &self.0;
            let failed = |e: JsValue| AdminError::Server(format!("{e:?}"));
            xhr.open("POST", &options.url()).map_err(failed)?;
            xhr.set_request_header("Authorization", &format!("Bearer {token}")).map_err(failed)?;
            let upload = xhr.upload().map_err(failed)?;
            let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
                progress(e.loaded(), e.total())
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            let done = Promise::new(&mut |resolve, reject| {
                xhr.set_onload(Some(&resolve));
                xhr.set_onerror(Some(&reject));
                xhr.set_onabort(Some(&reject));
                xhr.set_ontimeout(Some(&reject));
            });
            let result = match xhr.send_with_opt_blob(Some(file)) {
                Ok(()) => JsFuture::from(done).await,
                Err(error) => Err(error),
            };
            upload.set_onprogress(None);
            drop(on_progress);
            if let Err(event) = result {
                let aborted = event.dyn_ref::<Event>().is_some_and(|e| e.type_() == "abort");
                return Err(if aborted { AdminError::Aborted } else { AdminError::Offline });
            }
            let status = xhr.status().unwrap_or(0);
            let body = xhr.response_text().ok().flatten().unwrap_or_default();
            answer(status, &body)
        }
    }
}

/// The answers of the server as the domain crate pins them: a renamed, dropped or added field
/// fails here, natively, in seconds (`cargo test -p kontaktpunkt-app`).
#[cfg(test)]
mod tests {
    use super::*;
    use kontaktpunkt_domain::import::{CeaseReason, ImportStatus, RegisterField};
    use serde::Serialize;
    use serde_json::{Value, json};

    /// Decodes `pinned` as a 200 answer through [`answer`] and checks that nothing of it was
    /// lost or renamed on the way: the decoded message encodes back to the same JSON.
    fn decoded<T: DeserializeOwned + Serialize>(pinned: &Value) -> T {
        let message: T = answer(200, &pinned.to_string()).expect("the pinned JSON decodes");
        assert_eq!(
            &serde_json::to_value(&message).expect("encodes"),
            pinned,
            "a field was renamed or dropped"
        );
        message
    }

    /// `ImportSummary::new(Cvr, true, Some(730))`, as `domain/src/import.rs` pins it.
    fn empty_summary() -> Value {
        json!({
            "format": "cvr", "full": true, "municipality_code": 730, "applied": false,
            "companies_read": 0, "new": 0, "new_cvrs": [], "changed": 0, "changed_companies": [],
            "ceased": 0, "ceased_companies": [], "unchanged": 0, "duplicates": 0,
            "skipped_other_municipality": 0, "skipped_unknown_municipality": 0,
            "rejected": 0, "rejected_records": [],
            "production_units": {"new": 0, "changed": 0, "unchanged": 0, "ceased": 0}
        })
    }

    /// A dry run with an entry in every list.
    fn summary() -> Value {
        json!({
            "format": "csv", "full": true, "municipality_code": null, "applied": false,
            "companies_read": 3, "new": 1, "new_cvrs": ["80000006"],
            "changed": 1, "changed_companies": [{
                "cvr": "25052943", "name": "MAGENTA ApS",
                "changes": [{"field": "address", "old": "Gade 1, 8900 Randers C", "new": "Vej 2, 8900 Randers C"}]
            }],
            "ceased": 1, "ceased_companies": [{"cvr": "80000014", "name": "Lukket ApS", "reason": "missing_from_full_refresh"}],
            "unchanged": 0, "duplicates": 0, "skipped_other_municipality": 0, "skipped_unknown_municipality": 0,
            "rejected": 1, "rejected_records": [{
                "row": 4, "hit": null, "column": "CVR-nummer",
                "message_da": "Række 4, kolonne CVR-nummer: kontrolcifferet er forkert",
                "message_en": "Row 4, column CVR-nummer: the check digit is wrong"
            }],
            "production_units": {"new": 0, "changed": 0, "unchanged": 0, "ceased": 0}
        })
    }

    /// The answer to a CSV upload whose name column was not recognised.
    fn preview() -> Value {
        json!({
            "id": "019ad5c2-1f00-7000-8000-000000000001", "status": "pending", "format": "csv", "full": true,
            "file_bytes": 120, "encoding": "UTF-8", "delimiter": ";",
            "headers": ["CVR-nummer", "Firma", "Postnr", "By"],
            "mapping": [
                {"field": "cvr", "label_da": "CVR-nummer", "label_en": "CVR number", "required": true, "column": 0, "header": "CVR-nummer"},
                {"field": "name", "label_da": "Navn", "label_en": "Name", "required": true, "column": null, "header": null}
            ],
            "preview_rows": [{"row": 2, "cells": ["80000006", "Kolonnevalg ApS", "8900", "Randers C"]}],
            "summary": summary(),
            "can_apply": false, "can_apply_skipping_invalid": false,
            "blocked_da": "Vælg kolonnen til feltet Navn.", "blocked_en": "Choose the column of the field Name."
        })
    }

    #[test]
    fn the_domains_pinned_empty_summary_decodes_as_the_apply_answer() {
        let summary: ImportSummary = decoded(&empty_summary());
        assert_eq!(summary, ImportSummary::new(ImportFormat::Cvr, true, Some(730)));
    }

    #[test]
    fn an_upload_answer_decodes_into_the_domains_preview() {
        let preview: ImportPreview = decoded(&preview());
        assert_eq!(preview.status, ImportStatus::Pending);
        assert_eq!(preview.format, ImportFormat::Csv);
        assert_eq!(preview.mapping[1].column, None);
        assert_eq!(preview.preview_rows[0].cells[1], "Kolonnevalg ApS");
        assert_eq!(preview.blocked_en.as_deref(), Some("Choose the column of the field Name."));
        let summary = &preview.summary;
        assert_eq!(summary.changed_companies[0].changes[0].field, RegisterField::Address);
        assert_eq!(summary.ceased_companies[0].reason, CeaseReason::MissingFromFullRefresh);
        assert_eq!(summary.rejected_records[0].row, Some(4));
    }

    #[test]
    fn the_import_list_and_the_apply_progress_decode() {
        let list = json!({"imports": [{
            "id": "019ad5c2-1f00-7000-8000-000000000001", "format": "csv", "full": true, "status": "applied",
            "uploaded_by": "Anna Admin", "uploaded_at": "2025-11-23T14:05:00Z",
            "finished_at": "2025-11-23T14:06:30Z", "file_bytes": 120, "summary": summary()
        }]});
        let list: ImportList = decoded(&list);
        assert_eq!(list.imports[0].status, ImportStatus::Applied);
        assert_eq!(list.imports[0].summary.new, 1);
        let progress = json!({
            "id": "019ad5c2-1f00-7000-8000-000000000001", "status": "pending", "running": true,
            "finished": false, "records": 12000, "bytes_read": 40, "total_bytes": 100
        });
        let progress: ImportProgress = decoded(&progress);
        assert!(progress.running);
        assert_eq!((progress.bytes_read, progress.total_bytes), (40, 100));
    }

    /// One hit of `GET /api/admin/privacy/contact-persons`, as the server's store writes it.
    fn person_match() -> Value {
        json!({
            "id": "25052943-0123456789abcdef", "company": "25052943", "company_name": "MAGENTA ApS",
            "person": {"name": "Mette Holm", "role": "HR-chef", "phone": "+45 12 34 56 78", "email": "mette.holm@smedjen.dk"},
            "changed_at": "2026-11-02T10:00:00Z", "last_contact": "2026-10-01"
        })
    }

    #[test]
    fn the_data_protection_answers_decode_into_the_domains_messages() {
        use kontaktpunkt_domain::privacy::{
            ContactPersonExport, ContactPersonMatch, ErasureReport, RetentionList,
        };
        let found: Vec<ContactPersonMatch> = decoded(&json!([person_match()]));
        assert_eq!(found[0].person.name, "Mette Holm");
        assert_eq!(found[0].company.as_str(), "25052943");
        let list: RetentionList =
            decoded(&json!({"years": 5, "cutoff": "2021-12-03", "persons": [person_match()]}));
        assert_eq!((list.years, list.persons.len()), (5, 1));
        let report: ErasureReport = decoded(&json!({
            "id": "25052943-0123456789abcdef", "company": "25052943", "seq": 812,
            "scrubbed": {"company_shared_fields": 1, "contacts": 2}
        }));
        assert_eq!(report.scrubbed.values().sum::<u64>(), 3);
        let export: ContactPersonExport = decoded(&json!({
            "id": "25052943-0123456789abcdef", "company": "25052943", "company_name": "MAGENTA ApS",
            "records": [person_match()["person"]], "changed_at": "2026-11-02T10:00:00Z", "changed_by": null,
            "last_contact": "2026-10-01",
            "contacts": [{
                "id": "019ad5c2-1f00-7000-8000-000000000002", "date": "2026-10-01", "kind": "visit",
                "unit_id": "019ad5c2-1f00-7000-8000-000000000003", "unit_name": "Erhverv",
                "user_id": "019ad5c2-1f00-7000-8000-000000000004", "user_name": "Karen Konsulent",
                "purposes": ["recruitment"], "mentions_person": true, "notes": "Mødte Mette Holm"
            }],
            "follow_ups": [{"contact_id": "019ad5c2-1f00-7000-8000-000000000002", "due": "2026-11-01", "done_on": null, "note": null}],
            "feedback": [], "conflicts": [], "company_note": null,
            "audit": [{
                "id": 7, "at": "2026-12-03T09:00:00Z", "action": "contact_person_exported",
                "actor_id": "019ad5c2-1f00-7000-8000-000000000005", "actor": "admin",
                "subject": "25052943-0123456789abcdef", "subject_user": null, "address": "127.0.0.1",
                "details": {"company": "25052943"}
            }]
        }));
        assert!(export.contacts[0].mentions_person);
        assert_eq!(export.audit[0].action, kontaktpunkt_domain::accounts::AuditAction::ContactPersonExported);
        let body = serde_json::to_string(&kontaktpunkt_domain::privacy::ErasureRequest {
            reason: "Anmodning".into(),
        });
        assert_eq!(body.expect("encodes"), r#"{"reason":"Anmodning"}"#);
    }

    #[test]
    fn a_renamed_field_is_an_unexpected_answer() {
        let mut renamed = preview();
        let rows = renamed.as_object_mut().and_then(|o| o.remove("preview_rows")).expect("rows");
        renamed["rows"] = rows;
        let error = answer::<ImportPreview>(200, &renamed.to_string()).expect_err("refused");
        assert!(
            matches!(error, AdminError::Server(ref detail) if detail.contains("preview_rows")),
            "{error:?}"
        );
    }

    #[test]
    fn error_answers_become_what_the_admin_is_told() {
        let refused = json!({
            "error": "invalid_file", "message": "Filen er ikke CSV.", "fields": {"file": "the file is not CSV"}
        });
        assert_eq!(
            answer::<ImportPreview>(422, &refused.to_string()),
            Err(AdminError::Refused {
                code: "invalid_file".into(),
                da: "Filen er ikke CSV.".into(),
                en: "the file is not CSV".into()
            })
        );
        let expired = json!({"error": "unauthorized", "message": "m"}).to_string();
        assert_eq!(answer::<ImportList>(401, &expired), Err(AdminError::Unauthorized));
        assert_eq!(answer::<ImportList>(403, &expired), Err(AdminError::Forbidden));
        assert_eq!(answer::<ImportList>(503, "Service Unavailable"), Err(AdminError::Offline));
        assert_eq!(answer::<ImportList>(500, ""), Err(AdminError::Server("HTTP 500 ".into())));
        assert_eq!(checked(204, ""), Ok(""));
    }

    fn column(field: &str, column: Option<u32>) -> ColumnAssignment {
        ColumnAssignment {
            field: field.to_owned(),
            label_da: String::new(),
            label_en: String::new(),
            required: false,
            column,
            header: None,
        }
    }

    #[test]
    fn a_chosen_column_moves_to_its_new_field() {
        let mapping = [column("cvr", Some(0)), column("name", None), column("street", Some(1))];
        let body = |field, column| serde_json::to_value(reassigned(&mapping, field, column)).expect("json");
        assert_eq!(body("name", Some(1)), json!({"cvr": 0, "name": 1, "street": null}));
        assert_eq!(body("cvr", None), json!({"cvr": null, "name": null, "street": 1}));
        assert_eq!(body("unknown", Some(2)), json!({"cvr": 0, "name": null, "street": 1}));
    }

    #[test]
    fn the_upload_url_carries_the_options() {
        let options = UploadOptions { format: ImportFormat::Cvr, full: true, all_municipalities: true };
        assert_eq!(options.url(), "/api/admin/imports?format=cvr&full=true&municipality=all");
        let csv = UploadOptions { format: ImportFormat::Csv, ..options };
        assert_eq!(csv.url(), "/api/admin/imports?format=csv&full=true");
    }
}
