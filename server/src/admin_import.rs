//! The admin's register import over HTTP: upload → preview → apply or discard.
//!
//! `POST /api/admin/imports?format=cvr|csv&full=false` takes the raw file as the body (any
//! content type; a browser sends it with `fetch(url, {method: "POST", body: file})`), streams
//! it to a file in the data directory, validates it and compares it with the database without
//! writing any company, and answers an [`ImportPreview`]. A spreadsheet whose columns were
//! not all recognised is previewed too, blocked until the admin chooses the columns with
//! `PUT /api/admin/imports/{id}/mapping`, which answers a new preview. Nothing changes until
//! `POST /api/admin/imports/{id}/apply`, whose progress `GET /api/admin/imports/{id}/progress`
//! reports while it runs. Pending uploads older than a day are discarded ([`discard_stale`]).
//! Admins only.

mod progress;

pub use progress::{ApplyProgress, ApplyState};

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::import::{self, ImportError, ImportOutcome, ImportRequest, Quiet, outcome_blocker};
use crate::store::{Store, StoreError};
use axum::body::{Body, HttpBody};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{
    ImportFormat, ImportList, ImportPreview, ImportProgress, ImportStatus, ImportSummary,
};
use kontaktpunkt_register::{ColumnMapping, Field};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use tracing::instrument;
use utoipa::IntoParams;
use uuid::Uuid;

/// Largest upload: a whole-country CVR extract of the municipality's size fits many times.
pub const MAX_UPLOAD_BYTES: u64 = 200 * 1024 * 1024;
/// Imports listed by `GET /api/admin/imports`.
const LISTED_IMPORTS: u32 = 50;
/// A pending upload older than this is discarded and its file deleted.
pub const PENDING_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// How often a running server looks for stale uploads (it also does at start).
pub const STALE_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/imports", get(list_imports).post(upload))
        .route("/api/admin/imports/{id}", get(get_import).delete(discard))
        .route("/api/admin/imports/{id}/mapping", put(set_mapping))
        .route("/api/admin/imports/{id}/apply", post(apply))
        .route("/api/admin/imports/{id}/progress", get(apply_progress))
}

fn require_admin(auth: &AuthUser) -> Result<(), ApiError> {
    if crate::access::may_import(auth.user.role) { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// The `{id}` of an import's path; anything but a UUID answers 400 with the usual
/// [`ErrorBody`] (`bad_request`) rather than axum's plain-text rejection.
pub(crate) struct ImportId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ImportId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<Uuid>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(rejection) => Err(ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "bad_request",
                message: "Indlæsningens id i adressen er ikke et gyldigt UUID.".to_owned(),
                fields: BTreeMap::from([(
                    "id".to_owned(),
                    format!("the import id is not a UUID: {}", rejection.body_text()),
                )]),
            }),
        }
    }
}

/// An apply of this import runs now: it cannot be changed, applied again or discarded.
fn busy() -> ApiError {
    ApiError::Refused {
        status: StatusCode::CONFLICT,
        code: "busy",
        message: "Indlæsningen er i gang. Vent, til den er færdig.".to_owned(),
        fields: BTreeMap::from([("status".to_owned(), "the import is being applied".to_owned())]),
    }
}

/// Query of the upload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UploadQuery {
    /// `cvr` (the register's JSON) or `csv` (a spreadsheet extract).
    #[param(value_type = String, example = "cvr")]
    format: Option<String>,
    /// `true`: companies missing from the file become inactive. Default `false`.
    #[param(value_type = Option<bool>)]
    full: Option<String>,
    /// CVR JSON: keep only this municipality's companies; `all` keeps every one. Default: the
    /// installation's municipality.
    #[param(value_type = Option<String>, example = "730")]
    municipality: Option<String>,
}

/// Query of the apply.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ApplyQuery {
    /// `true`: import the valid records although others are rejected (never for a full refresh).
    #[param(value_type = Option<bool>)]
    skip_invalid: Option<String>,
}

fn flag(name: &str, value: Option<&str>, fields: &mut BTreeMap<String, String>) -> bool {
    match value.map(str::trim) {
        None | Some("" | "false" | "0" | "no") => false,
        Some("true" | "1" | "yes") => true,
        Some(_) => {
            fields.insert(name.to_owned(), "must be true or false".to_owned());
            false
        }
    }
}

impl UploadQuery {
    fn parse(&self, default_municipality: u16) -> Result<(ImportFormat, bool, Option<u16>), ApiError> {
        let mut fields = BTreeMap::new();
        let format = self.format.as_deref().map(str::trim).and_then(ImportFormat::parse);
        if format.is_none() {
            fields.insert("format".to_owned(), "must be cvr or csv".to_owned());
        }
        let full = flag("full", self.full.as_deref(), &mut fields);
        let municipality = match self.municipality.as_deref().map(str::trim) {
            None | Some("") => Some(default_municipality),
            Some("all") => None,
            Some(text) => text.parse::<u16>().map(Some).unwrap_or_else(|_| {
                fields.insert("municipality".to_owned(), "must be a municipality code or all".to_owned());
                None
            }),
        };
        match format {
            Some(format) if fields.is_empty() => {
                Ok((format, full, municipality.filter(|_| format == ImportFormat::Cvr)))
            }
            _ => Err(ApiError::InvalidInput(fields)),
        }
    }
}

/// Where uploaded files wait.
fn uploads_dir(data_dir: &FsPath) -> PathBuf {
    data_dir.join("imports")
}

/// Where an uploaded file waits.
fn upload_path(state: &AppState, id: Uuid) -> PathBuf {
    uploads_dir(state.data_dir()).join(format!("{id}.upload"))
}

/// A file error for the admin: the parser's Danish text as the message, English under `file`.
fn file_error(error: &ImportError) -> ApiError {
    ApiError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: error.code(),
        message: error.message_da(),
        fields: BTreeMap::from([("file".to_owned(), error.to_string())]),
    }
}

fn import_failed(error: ImportError) -> ApiError {
    match error {
        error if error.is_file_error() => file_error(&error),
        ImportError::Store(error) => ApiError::Store(error),
        other => ApiError::Internal(anyhow::anyhow!(other.to_string())),
    }
}

fn too_large() -> ApiError {
    ApiError::Refused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        message: format!("Filen er større end {} MB.", MAX_UPLOAD_BYTES / (1024 * 1024)),
        fields: BTreeMap::from([("file".to_owned(), format!("larger than {MAX_UPLOAD_BYTES} bytes"))]),
    }
}

/// Streams the request body into `path`, refusing more than [`MAX_UPLOAD_BYTES`].
async fn save_body(mut body: Body, path: &std::path::Path) -> Result<u64, ApiError> {
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(|e| ApiError::Internal(e.into()))?;
    }
    let mut file = tokio::fs::File::create(path).await.map_err(|e| ApiError::Internal(e.into()))?;
    let mut written = 0u64;
    while let Some(frame) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| ApiError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            message: format!("the upload broke off: {e}"),
        })?;
        let Ok(data) = frame.into_data() else { continue };
        written += data.len() as u64;
        if written > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        file.write_all(&data).await.map_err(|e| ApiError::Internal(e.into()))?;
    }
    file.flush().await.map_err(|e| ApiError::Internal(e.into()))?;
    Ok(written)
}

/// Uploads a register file and previews what importing it would do. Writes no company.
#[utoipa::path(
    post,
    path = "/api/admin/imports",
    tag = "admin",
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file as it is: CVR JSON (pages or JSON Lines) or CSV"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Uploaded and previewed; pending until applied or discarded. A CSV whose CVR or name column was not recognised is previewed with `can_apply=false` and `blocked_da`/`blocked_en` naming the fields: choose their columns with `PUT /api/admin/imports/{id}/mapping`.", body = ImportPreview),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 413, description = "Larger than 200 MB (`too_large`)", body = ErrorBody),
        (status = 422, description = "Bad query (`invalid_input`) or a file that cannot be read at all: `invalid_file`, `empty_file`, `wrong_document_type`, `wrong_encoding`, `wrong_delimiter`. `message` is Danish, `fields.file` English.", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn upload(
    State(state): State<AppState>,
    auth: AuthUser,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: axum::http::HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ImportPreview>), ApiError> {
    require_admin(&auth)?;
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let (format, full, municipality_filter) = query.parse(state.municipality_code())?;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES) {
        return Err(too_large());
    }
    let id = Uuid::now_v7();
    let path = upload_path(&state, id);
    let request = ImportRequest {
        format,
        path: path.clone(),
        full,
        municipality_filter,
        default_municipality: state.municipality_code(),
        skip_invalid: false,
        dry_run: true,
        import_id: None,
        mapping: None,
    };
    let previewed = async {
        save_body(body, &path).await?;
        let outcome =
            import::run(state.store(), &request, Arc::new(Quiet), Utc::now()).await.map_err(import_failed)?;
        let column_mapping = outcome.file.column_mapping.clone();
        let preview = preview(id, &request, outcome);
        let store = state.store();
        store
            .insert_import(&preview, municipality_filter, column_mapping.as_ref(), auth.user.id, Utc::now())
            .await?;
        Ok::<_, ApiError>(preview)
    }
    .await;
    match previewed {
        Ok(preview) => {
            tracing::info!(%id, format = format.as_str(), full, user = %auth.user.username, "import uploaded");
            Ok((StatusCode::CREATED, Json(preview)))
        }
        Err(error) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(error)
        }
    }
}

fn preview(id: Uuid, request: &ImportRequest, outcome: ImportOutcome) -> ImportPreview {
    let file = outcome.file;
    let strict = outcome_blocker(&file.unmapped, &outcome.summary, false);
    let lenient = outcome_blocker(&file.unmapped, &outcome.summary, true);
    ImportPreview {
        id,
        status: ImportStatus::Pending,
        format: request.format,
        full: request.full,
        file_bytes: file.file_bytes,
        encoding: file.encoding,
        delimiter: file.delimiter,
        headers: file.headers,
        mapping: file.mapping,
        preview_rows: file.rows,
        summary: outcome.summary,
        can_apply: strict.is_none(),
        can_apply_skipping_invalid: lenient.is_none(),
        blocked_da: strict.as_ref().map(|b| b.message_da()),
        blocked_en: strict.as_ref().map(|b| b.message_en()),
    }
}

async fn pending(state: &AppState, id: Uuid) -> Result<crate::store::StoredImport, ApiError> {
    let stored = state.store().import(id).await?.ok_or(ApiError::NotFound)?;
    if stored.status != ImportStatus::Pending {
        return Err(not_pending(stored.status));
    }
    if state.import_progress().is_running(id) {
        return Err(busy());
    }
    Ok(stored)
}

/// A dry run over a stored import's file, as it was uploaded and with the columns chosen since.
fn stored_request(state: &AppState, stored: &crate::store::StoredImport) -> ImportRequest {
    ImportRequest {
        format: stored.format,
        path: upload_path(state, stored.id),
        full: stored.full,
        municipality_filter: stored.municipality_code,
        default_municipality: state.municipality_code(),
        skip_invalid: false,
        dry_run: true,
        import_id: None,
        mapping: stored.column_mapping.clone(),
    }
}

fn not_pending(status: ImportStatus) -> ApiError {
    let (da, en) = match status {
        ImportStatus::Applied => {
            ("Indlæsningen er allerede gennemført.", "the import has already been applied")
        }
        _ => ("Indlæsningen er kasseret.", "the import has been discarded"),
    };
    ApiError::Refused {
        status: StatusCode::CONFLICT,
        code: "not_pending",
        message: da.to_owned(),
        fields: BTreeMap::from([("status".to_owned(), en.to_owned())]),
    }
}

/// Applies a pending import in one transaction: all of it or nothing.
#[utoipa::path(
    post,
    path = "/api/admin/imports/{id}/apply",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The import's id from the upload"), ApplyQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Applied; what changed", body = ImportSummary),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 409, description = "Already applied or discarded (`not_pending`), or being applied (`busy`)", body = ErrorBody),
        (status = 422, description = "Not applied: `rejected_records` (retry with skip_invalid=true), `full_refresh_with_rejections`, `full_refresh_without_companies`, `unmapped_columns` (choose the CSV columns first)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn apply(
    State(state): State<AppState>,
    client: crate::auth::ClientAddr,
    auth: AuthUser,
    ImportId(id): ImportId,
    query: Result<Query<ApplyQuery>, QueryRejection>,
) -> Result<Json<ImportSummary>, ApiError> {
    require_admin(&auth)?;
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let mut fields = BTreeMap::new();
    let skip_invalid = flag("skip_invalid", query.skip_invalid.as_deref(), &mut fields);
    if !fields.is_empty() {
        return Err(ApiError::InvalidInput(fields));
    }
    let stored = pending(&state, id).await?;
    let request = ImportRequest {
        skip_invalid,
        dry_run: false,
        import_id: Some(id),
        ..stored_request(&state, &stored)
    };
    let total_bytes = tokio::fs::metadata(&request.path).await.map_or(stored.preview.file_bytes, |m| m.len());
    let Some((_running, observer)) = state.import_progress().start(id, total_bytes) else {
        return Err(busy());
    };
    let outcome = import::run(state.store(), &request, observer, Utc::now()).await.map_err(import_failed)?;
    if let Some(reason) = outcome.blocker {
        return Err(ApiError::Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: reason.code(),
            message: reason.message_da(),
            fields: BTreeMap::from([("file".to_owned(), reason.message_en())]),
        });
    }
    let _ = tokio::fs::remove_file(&request.path).await;
    let s = &outcome.summary;
    let audit = crate::store::NewAuditEntry::new(kontaktpunkt_domain::accounts::AuditAction::ImportApplied)
        .by(&auth.user)
        .on(id.to_string())
        .from_address(client.0)
        .detail("new", s.new.to_string())
        .detail("changed", s.changed.to_string())
        .detail("ceased", s.ceased.to_string());
    state.store().audit(&audit, Utc::now()).await?;
    tracing::info!(%id, new = s.new, changed = s.changed, ceased = s.ceased, user = %auth.user.username, "import applied");
    Ok(Json(outcome.summary))
}

/// Discards a pending import; its file is deleted and nothing is imported.
#[utoipa::path(
    delete,
    path = "/api/admin/imports/{id}",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The import's id from the upload")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Discarded"),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already applied or discarded (`not_pending`), or being applied (`busy`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn discard(
    State(state): State<AppState>,
    auth: AuthUser,
    ImportId(id): ImportId,
) -> Result<StatusCode, ApiError> {
    require_admin(&auth)?;
    let stored = pending(&state, id).await?;
    if !state.store().discard_import(id, Utc::now()).await? {
        return Err(not_pending(ImportStatus::Applied));
    }
    let _ = tokio::fs::remove_file(upload_path(&state, stored.id)).await;
    Ok(StatusCode::NO_CONTENT)
}

/// One import's preview as answered at upload, with its current status.
#[utoipa::path(
    get,
    path = "/api/admin/imports/{id}",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The import's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The preview", body = ImportPreview),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn get_import(
    State(state): State<AppState>,
    auth: AuthUser,
    ImportId(id): ImportId,
) -> Result<Json<ImportPreview>, ApiError> {
    require_admin(&auth)?;
    let stored = state.store().import(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(stored.preview))
}

/// The 50 most recent imports, newest first, with their summaries.
#[utoipa::path(
    get,
    path = "/api/admin/imports",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recent imports", body = ImportList),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn list_imports(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<ImportList>, ApiError> {
    require_admin(&auth)?;
    Ok(Json(ImportList { imports: state.store().recent_imports(LISTED_IMPORTS).await? }))
}

/// Chooses the columns of a pending CSV import, previews it again with them and keeps them for
/// the apply.
///
/// The body maps every field to read to a 0-based column index of the file (`null` or absent:
/// the field is read from no column), e.g. `{"cvr": 0, "name": 2, "postal_code": 3}`. It
/// replaces the whole mapping. Fields: `cvr` and `name` (required), `street`, `house_number`,
/// `postal_code`, `town`, `municipality_code`, `industry_code`, `industry_text`, `employees`,
/// `advertising_protected`, `p_number`. A column serves one field only.
#[utoipa::path(
    put,
    path = "/api/admin/imports/{id}/mapping",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The import's id from the upload")),
    request_body(
        content = BTreeMap<String, Option<u32>>,
        description = "Field code → 0-based column index of the file, or null",
        example = json!({"cvr": 0, "name": 2, "postal_code": 3, "town": null})
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The import previewed with these columns; they are kept for the apply", body = ImportPreview),
        (status = 400, description = "The id is not a UUID, or the body is not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already applied or discarded (`not_pending`), or being applied (`busy`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "Not a CSV import, an unknown field, a column the file does not have or one column for two fields (`invalid_input`; `message` Danish, `fields` English per field)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn set_mapping(
    State(state): State<AppState>,
    auth: AuthUser,
    ImportId(id): ImportId,
    body: Result<Json<serde_json::Map<String, serde_json::Value>>, JsonRejection>,
) -> Result<Json<ImportPreview>, ApiError> {
    require_admin(&auth)?;
    let Json(body) = body?;
    let stored = pending(&state, id).await?;
    if stored.format != ImportFormat::Csv {
        return Err(invalid_mapping(
            "format",
            "Kun et CSV-regneark har kolonner at vælge.".to_owned(),
            "only a CSV import has columns to choose".to_owned(),
        ));
    }
    let mapping = parse_mapping(&body, &stored.preview.headers)?;
    let request = ImportRequest { mapping: Some(mapping.clone()), ..stored_request(&state, &stored) };
    let outcome =
        import::run(state.store(), &request, Arc::new(Quiet), Utc::now()).await.map_err(import_failed)?;
    let preview = preview(id, &request, outcome);
    if !state.store().update_import_mapping(&preview, &mapping, Utc::now()).await? {
        let status = state.store().import(id).await?.map_or(ImportStatus::Discarded, |s| s.status);
        return Err(not_pending(status));
    }
    tracing::info!(%id, can_apply = preview.can_apply, user = %auth.user.username, "import columns chosen");
    Ok(Json(preview))
}

fn invalid_mapping(field: &str, da: String, en: String) -> ApiError {
    ApiError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_input",
        message: da,
        fields: BTreeMap::from([(field.to_owned(), en)]),
    }
}

/// The body of `PUT …/mapping` as a mapping, checked against the file's `headers`.
fn parse_mapping(
    body: &serde_json::Map<String, serde_json::Value>,
    headers: &[String],
) -> Result<ColumnMapping, ApiError> {
    let mut mapping = ColumnMapping::default();
    for (code, value) in body {
        let Some(field) = Field::from_code(code) else {
            let codes: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
            return Err(invalid_mapping(
                code,
                format!("«{code}» er ikke et felt. Felterne er {}.", codes.join(", ")),
                format!("unknown field; the fields are {}", codes.join(", ")),
            ));
        };
        let column = match value {
            serde_json::Value::Null => None,
            value => match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
                Some(index) if index < headers.len() => Some(index),
                Some(index) => {
                    return Err(invalid_mapping(
                        code,
                        format!(
                            "{} peger på kolonne {index}, men filen har kun {} kolonner (0–{}).",
                            field.label_da(),
                            headers.len(),
                            headers.len().saturating_sub(1)
                        ),
                        format!("column {index} does not exist: the file has {} columns", headers.len()),
                    ));
                }
                None => {
                    return Err(invalid_mapping(
                        code,
                        format!("{} skal være et kolonnenummer (0 eller mere) eller null.", field.label_da()),
                        "must be a column index (0 or more) or null".to_owned(),
                    ));
                }
            },
        };
        mapping.set(field, column);
    }
    if let Some((first, second, index)) = mapping.shared_column() {
        let header = headers.get(index).map_or(String::new(), String::clone);
        return Err(invalid_mapping(
            second.code(),
            format!(
                "Kolonnen «{header}» er valgt til både {} og {}. En kolonne kan kun bruges til ét felt.",
                first.label_da(),
                second.label_da()
            ),
            format!("column {index} ({header:?}) is already chosen for {}", first.code()),
        ));
    }
    Ok(mapping)
}

/// How far the apply of an import has come, while it runs and for a while after.
#[utoipa::path(
    get,
    path = "/api/admin/imports/{id}/progress",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The import's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The apply's figures; all zero and `running=false` when no apply of it ran lately in this server", body = ImportProgress),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn apply_progress(
    State(state): State<AppState>,
    auth: AuthUser,
    ImportId(id): ImportId,
) -> Result<Json<ImportProgress>, ApiError> {
    require_admin(&auth)?;
    let stored = state.store().import(id).await?.ok_or(ApiError::NotFound)?;
    let known = state.import_progress().get(id);
    let progress = known.map(|s| s.progress);
    Ok(Json(ImportProgress {
        id,
        status: stored.status,
        running: known.is_some_and(|s| s.running),
        finished: known.is_some_and(|s| !s.running),
        records: progress.map_or(0, |p| p.records),
        bytes_read: progress.map_or(0, |p| p.bytes_read),
        total_bytes: progress.map_or(stored.preview.file_bytes, |p| p.total_bytes),
    }))
}

/// Discards the pending imports uploaded before `now - PENDING_LIFETIME` and deletes their
/// files, and any upload file that old which belongs to no pending import (a crash between
/// saving and recording it). Returns the discarded imports.
pub async fn discard_stale(
    store: &Store,
    data_dir: &FsPath,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    let before = now - PENDING_LIFETIME;
    let discarded = store.discard_pending_imports_before(before, now).await?;
    let dir = uploads_dir(data_dir);
    for id in &discarded {
        let _ = tokio::fs::remove_file(dir.join(format!("{id}.upload"))).await;
    }
    let Ok(mut entries) = tokio::fs::read_dir(&dir).await else { return Ok(discarded) };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".upload"))
            .and_then(|stem| Uuid::parse_str(stem).ok())
        else {
            continue;
        };
        let modified = entry.metadata().await.ok().and_then(|m| m.modified().ok()).map(DateTime::<Utc>::from);
        if modified.is_none_or(|at| at >= before) {
            continue;
        }
        let pending = store.import(id).await?.is_some_and(|i| i.status == ImportStatus::Pending);
        if !pending {
            let _ = tokio::fs::remove_file(&path).await;
        }
    }
    Ok(discarded)
}

/// Runs [`discard_stale`] every [`STALE_CHECK_EVERY`] for as long as the server runs.
pub async fn discard_stale_periodically(state: AppState) {
    let mut every = tokio::time::interval(STALE_CHECK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is immediate; start-up has just done it.
    every.tick().await;
    loop {
        every.tick().await;
        match discard_stale(state.store(), state.data_dir(), Utc::now()).await {
            Ok(ids) if !ids.is_empty() => {
                tracing::info!(count = ids.len(), "discarded stale pending imports")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not discard stale pending imports"),
        }
    }
}
