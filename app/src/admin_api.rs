//! HTTP calls of the admin's company-register import (`/api/admin/imports`).
//!
//! All of them go through [`send`] on an `XMLHttpRequest`: it is the only browser API that
//! reports upload progress, and one code path keeps the wasm small. Answers are read from the parsed
//! JSON with `Reflect` into plain view structs instead of deserialising the domain types
//! (`kontaktpunkt_domain::import::{ImportPreview, ImportSummary, ImportEntry}`): the screen only
//! displays them, and serde's per-type code would cost the shell kilobytes. The field names
//! below are those types' JSON names, pinned by the domain crate's JSON-shape test.

use crate::i18n::Lang;
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType, XmlHttpRequestUpload};

/// Largest file the server takes (`MAX_UPLOAD_BYTES`); checked here before sending it.
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
    /// The server refused with its own explanation (unreadable file, not pending, too large …).
    Refused { code: String, text: Bilingual },
    /// The server answered, but not as agreed; the detail is for the console.
    Server(String),
}

/// A text the server sends in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    pub da: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.da,
        }
    }
}

/// What to upload: `?format=…&full=…&municipality=…`.
#[derive(Debug, Clone, Copy)]
pub struct UploadOptions {
    /// `"cvr"` or `"csv"`.
    pub format: &'static str,
    pub full: bool,
    /// Every municipality in the file instead of the installation's own (CVR JSON only).
    pub all_municipalities: bool,
}

/// `ImportPreview`: the upload's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub id: String,
    pub format: String,
    pub full: bool,
    pub file_bytes: u64,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<Column>,
    pub rows: Vec<Row>,
    pub summary: Summary,
    pub can_apply: bool,
    pub can_apply_skipping_invalid: bool,
    pub blocked: Option<Bilingual>,
}

/// `ColumnAssignment`: which CSV column a field is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The field's code ("cvr", "name", "postal_code" …).
    pub field: String,
    pub label: Bilingual,
    pub required: bool,
    /// 0-based column index; `None`: read from no column.
    pub column: Option<u32>,
    pub header: Option<String>,
}

/// `ImportProgress`: how far an apply has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyProgress {
    pub running: bool,
    pub records: u64,
    pub bytes_read: u64,
    pub total_bytes: u64,
}

/// What a request sends.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    Nothing,
    /// A file as it is (the upload).
    File(&'a Blob),
    /// JSON text.
    Json(&'a str),
}

/// The body of `PUT /api/admin/imports/{id}/mapping`: the current `mapping` with `field` read
/// from `column` (`None`: from no column). The chosen column serves that field only, so a
/// field that had it loses it.
pub fn mapping_body(mapping: &[Column], field: &str, column: Option<u32>) -> String {
    let mut json = String::from("{");
    for c in mapping {
        let value = if c.field == field {
            column
        } else if column.is_some() && c.column == column {
            None
        } else {
            c.column
        };
        if json.len() > 1 {
            json.push(',');
        }
        // Field codes are the server's own snake_case names; nothing else reaches the JSON.
        let code: String = c.field.chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '_').collect();
        json.push_str(&format!("\"{code}\":"));
        json.push_str(&value.map_or("null".to_owned(), |n| n.to_string()));
    }
    json.push('}');
    json
}

/// `PreviewRow`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub row: u64,
    pub cells: Vec<String>,
}

/// `ImportSummary`: what an import will do (dry run) or did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub full: bool,
    pub companies_read: u64,
    pub new: u64,
    pub new_cvrs: Vec<String>,
    pub changed: u64,
    pub changed_companies: Vec<Changed>,
    pub ceased: u64,
    pub ceased_companies: Vec<Ceased>,
    pub unchanged: u64,
    pub duplicates: u64,
    pub skipped_other_municipality: u64,
    pub skipped_unknown_municipality: u64,
    pub rejected: u64,
    pub rejected_records: Vec<Rejected>,
}

/// `CompanyChange`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub cvr: String,
    pub name: String,
    /// `(field code, old, new)`.
    pub changes: Vec<(String, String, String)>,
}

/// `CeasedCompany`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceased {
    pub cvr: String,
    pub name: String,
    /// A full refresh did not contain it (rather than the register saying it ceased).
    pub missing_from_file: bool,
}

/// `RejectedRecord`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub row: Option<u64>,
    pub hit: Option<u64>,
    pub column: Option<String>,
    pub message: Bilingual,
}

/// `ImportEntry` of the recent-imports list, with its summary's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub format: String,
    pub full: bool,
    /// `pending`, `applied` or `discarded`.
    pub status: String,
    pub uploaded_by: String,
    /// ISO 8601.
    pub uploaded_at: String,
    pub file_bytes: u64,
    pub new: u64,
    pub changed: u64,
    pub ceased: u64,
    pub rejected: u64,
}

/// The upload's URL: `/api/admin/imports?format=…&full=…[&municipality=all]`.
pub fn upload_url(options: UploadOptions) -> String {
    let mut url = format!("/api/admin/imports?format={}&full={}", options.format, options.full);
    if options.all_municipalities && options.format == "cvr" {
        url.push_str("&municipality=all");
    }
    url
}

/// Reports the bytes sent and the total to `progress` while `xhr` uploads, until dropped.
pub struct UploadProgress {
    upload: XmlHttpRequestUpload,
    /// Kept alive while the browser may call it.
    _handler: Closure<dyn Fn(ProgressEvent)>,
}

impl Drop for UploadProgress {
    fn drop(&mut self) {
        self.upload.set_onprogress(None);
    }
}

/// Starts reporting `xhr`'s upload progress (call before [`send`]).
pub fn watch_upload(xhr: &XmlHttpRequest, progress: impl Fn(f64, f64) + 'static) -> Option<UploadProgress> {
    let upload = xhr.upload().ok()?;
    let on_progress =
        Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| progress(e.loaded(), e.total()));
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    Some(UploadProgress { upload, _handler: on_progress })
}

/// `GET /api/admin/imports`'s `ImportList`.
pub fn entries_from(answer: &JsValue) -> Vec<Entry> {
    Obj(answer.clone()).list("imports", |e| {
        let s = e.get("summary");
        Entry {
            id: e.str("id"),
            format: e.str("format"),
            full: e.flag("full"),
            status: e.str("status"),
            uploaded_by: e.str("uploaded_by"),
            uploaded_at: e.str("uploaded_at"),
            file_bytes: e.num("file_bytes"),
            new: s.num("new"),
            changed: s.num("changed"),
            ceased: s.num("ceased"),
            rejected: s.num("rejected"),
        }
    })
}

fn js_error(error: JsValue) -> AdminError {
    AdminError::Server(format!("{error:?}"))
}

/// Sends the request and waits for the whole answer: the parsed JSON body of a 2xx answer
/// (`null` for 204), or the error the status and `ErrorBody` describe.
pub async fn send(
    xhr: &XmlHttpRequest,
    method: &str,
    url: &str,
    token: &str,
    body: Payload<'_>,
) -> Result<JsValue, AdminError> {
    xhr.open(method, url).map_err(js_error)?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}")).map_err(js_error)?;
    if let Payload::Json(_) = body {
        xhr.set_request_header("Content-Type", "application/json").map_err(js_error)?;
    }
    xhr.set_response_type(XmlHttpRequestResponseType::Json);
    let done = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    let sent = match body {
        Payload::Nothing => xhr.send(),
        Payload::File(file) => xhr.send_with_opt_blob(Some(file)),
        Payload::Json(text) => xhr.send_with_opt_str(Some(text)),
    };
    sent.map_err(|_| AdminError::Offline)?;
    if let Err(event) = JsFuture::from(done).await {
        let aborted = Obj(event).str("type") == "abort";
        return Err(if aborted { AdminError::Aborted } else { AdminError::Offline });
    }
    let status = xhr.status().unwrap_or(0);
    let answer = Obj(xhr.response().unwrap_or(JsValue::NULL));
    if (200..300).contains(&status) {
        return Ok(answer.0);
    }
    let code = answer.str("error");
    Err(match status {
        401 => AdminError::Unauthorized,
        403 => AdminError::Forbidden,
        // A proxy answering for an unreachable server.
        0 | 502..=504 if code.is_empty() => AdminError::Offline,
        400..=499 if !code.is_empty() => {
            // The English text sits under the field at fault (`file`, `status`, a query field).
            let fields = answer.get("fields").0;
            let en = if fields.is_object() {
                Object::values(fields.unchecked_ref::<Object>()).get(0).as_string().unwrap_or_default()
            } else {
                String::new()
            };
            AdminError::Refused { code, text: Bilingual { da: answer.str("message"), en } }
        }
        _ => AdminError::Server(format!("HTTP {status} {code}")),
    })
}

/// An `ImportPreview` (answer to the upload and to `GET /api/admin/imports/{id}`).
pub fn preview_from(answer: &JsValue) -> Result<Preview, AdminError> {
    let p = &Obj(answer.clone());
    let id = p.str("id");
    if id.is_empty() {
        return Err(AdminError::Server("preview: no id".into()));
    }
    let blocked_da = p.opt_str("blocked_da");
    Ok(Preview {
        id,
        format: p.str("format"),
        full: p.flag("full"),
        file_bytes: p.num("file_bytes"),
        encoding: p.opt_str("encoding"),
        delimiter: p.opt_str("delimiter"),
        headers: p.strings("headers"),
        mapping: p.list("mapping", |c| Column {
            field: c.str("field"),
            label: Bilingual { da: c.str("label_da"), en: c.str("label_en") },
            required: c.flag("required"),
            column: c.opt_num("column").and_then(|n| u32::try_from(n).ok()),
            header: c.opt_str("header"),
        }),
        rows: p.list("preview_rows", |r| Row { row: r.num("row"), cells: r.strings("cells") }),
        summary: summary(&p.get("summary")),
        can_apply: p.flag("can_apply"),
        can_apply_skipping_invalid: p.flag("can_apply_skipping_invalid"),
        blocked: blocked_da.map(|da| Bilingual { da, en: p.str("blocked_en") }),
    })
}

/// An `ImportProgress` (answer to `GET /api/admin/imports/{id}/progress`).
pub fn progress_from(answer: &JsValue) -> ApplyProgress {
    let p = Obj(answer.clone());
    ApplyProgress {
        running: p.flag("running"),
        records: p.num("records"),
        bytes_read: p.num("bytes_read"),
        total_bytes: p.num("total_bytes"),
    }
}

/// An `ImportSummary` (answer to the apply); `None` when the answer is not one.
pub fn summary_from(answer: &JsValue) -> Option<Summary> {
    let s = Obj(answer.clone());
    s.get("new").0.as_f64().is_some().then(|| summary(&s))
}

fn summary(s: &Obj) -> Summary {
    Summary {
        full: s.flag("full"),
        companies_read: s.num("companies_read"),
        new: s.num("new"),
        changed: s.num("changed"),
        ceased: s.num("ceased"),
        unchanged: s.num("unchanged"),
        duplicates: s.num("duplicates"),
        skipped_other_municipality: s.num("skipped_other_municipality"),
        skipped_unknown_municipality: s.num("skipped_unknown_municipality"),
        rejected: s.num("rejected"),
        new_cvrs: s.strings("new_cvrs"),
        changed_companies: s.list("changed_companies", |c| Changed {
            cvr: c.str("cvr"),
            name: c.str("name"),
            changes: c.list("changes", |f| (f.str("field"), f.str("old"), f.str("new"))),
        }),
        ceased_companies: s.list("ceased_companies", |c| Ceased {
            cvr: c.str("cvr"),
            name: c.str("name"),
            missing_from_file: c.str("reason") == "missing_from_full_refresh",
        }),
        rejected_records: s.list("rejected_records", |r| Rejected {
            row: r.opt_num("row"),
            hit: r.opt_num("hit"),
            column: r.opt_str("column"),
            message: Bilingual { da: r.str("message_da"), en: r.str("message_en") },
        }),
    }
}

/// A parsed JSON value; missing or mistyped fields read as empty, zero or false.
struct Obj(JsValue);

impl Obj {
    fn get(&self, key: &str) -> Obj {
        if !self.0.is_object() {
            return Obj(JsValue::UNDEFINED);
        }
        Obj(Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
    }

    fn opt_str(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }

    fn str(&self, key: &str) -> String {
        self.opt_str(key).unwrap_or_default()
    }

    fn opt_num(&self, key: &str) -> Option<u64> {
        self.get(key).0.as_f64().filter(|n| *n >= 0.0).map(|n| n as u64)
    }

    fn num(&self, key: &str) -> u64 {
        self.opt_num(key).unwrap_or(0)
    }

    fn flag(&self, key: &str) -> bool {
        self.get(key).0.as_bool().unwrap_or(false)
    }

    fn list<T>(&self, key: &str, item: impl FnMut(Obj) -> T) -> Vec<T> {
        match self.get(key).0.dyn_into::<Array>() {
            Ok(array) => array.iter().map(Obj).map(item).collect(),
            Err(_) => Vec::new(),
        }
    }

    fn strings(&self, key: &str) -> Vec<String> {
        self.list(key, |v| v.0.as_string().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(field: &str, column: Option<u32>) -> Column {
        Column { field: field.to_owned(), label: Bilingual::default(), required: false, column, header: None }
    }

    #[test]
    fn a_chosen_column_moves_to_its_new_field() {
        let mapping = [column("cvr", Some(0)), column("name", None), column("street", Some(1))];
        assert_eq!(mapping_body(&mapping, "name", Some(1)), r#"{"cvr":0,"name":1,"street":null}"#);
        assert_eq!(mapping_body(&mapping, "cvr", None), r#"{"cvr":null,"name":null,"street":1}"#);
        assert_eq!(mapping_body(&mapping, "na\"me", Some(2)), r#"{"cvr":0,"name":null,"street":1}"#);
    }
}
