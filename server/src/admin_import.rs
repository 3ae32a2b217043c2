//! The admin's register import over HTTP: upload → preview → apply or discard.
//!
//! `POST /api/admin/imports?format=cvr|csv&full=false` takes the raw file as the body (any
//! content type; a browser sends it with `fetch(url, {method: "POST", body: file})`), streams
//! it to a file in the data directory, validates it and compares it with the database without
//! writing any company, and answers an [`ImportPreview`]. Nothing changes until
//! `POST /api/admin/imports/{id}/apply`. Admins only.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::import::{self, ImportError, ImportOutcome, ImportRequest, Quiet, blocker};
use axum::body::{Body, HttpBody};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{ImportFormat, ImportList, ImportPreview, ImportStatus, ImportSummary};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use tracing::instrument;
use utoipa::IntoParams;
use uuid::Uuid;

/// Largest upload: a whole-country CVR extract of the municipality's size fits many times.
pub const MAX_UPLOAD_BYTES: u64 = 200 * 1024 * 1024;
/// Imports listed by `GET /api/admin/imports`.
const LISTED_IMPORTS: u32 = 50;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/imports", get(list_imports).post(upload))
        .route("/api/admin/imports/{id}", get(get_import).delete(discard))
        .route("/api/admin/imports/{id}/apply", post(apply))
}

fn require_admin(auth: &AuthUser) -> Result<(), ApiError> {
    if auth.user.role == Role::Admin { Ok(()) } else { Err(ApiError::Forbidden) }
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

/// Where an uploaded file waits.
fn upload_path(state: &AppState, id: Uuid) -> PathBuf {
    state.data_dir().join("imports").join(format!("{id}.upload"))
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
        (status = 201, description = "Uploaded and previewed; pending until applied or discarded", body = ImportPreview),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 413, description = "Larger than 200 MB (`too_large`)", body = ErrorBody),
        (status = 422, description = "Bad query (`invalid_input`) or a file that cannot be read at all: `invalid_file`, `empty_file`, `wrong_document_type`, `wrong_encoding`, `wrong_delimiter`, `missing_column`. `message` is Danish, `fields.file` English.", body = ErrorBody),
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
    };
    let previewed = async {
        save_body(body, &path).await?;
        let outcome =
            import::run(state.store(), &request, Arc::new(Quiet), Utc::now()).await.map_err(import_failed)?;
        let preview = preview(id, &request, outcome);
        state.store().insert_import(&preview, municipality_filter, auth.user.id, Utc::now()).await?;
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
    let strict = blocker(&outcome.summary, false);
    let lenient = blocker(&outcome.summary, true);
    let file = outcome.file;
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
        blocked_da: strict.map(|b| b.message_da()),
        blocked_en: strict.map(|b| b.message_en()),
    }
}

async fn pending(state: &AppState, id: Uuid) -> Result<crate::store::StoredImport, ApiError> {
    let stored = state.store().import(id).await?.ok_or(ApiError::NotFound)?;
    if stored.status != ImportStatus::Pending {
        return Err(not_pending(stored.status));
    }
    Ok(stored)
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
        (status = 409, description = "Already applied or discarded (`not_pending`)", body = ErrorBody),
        (status = 422, description = "Not applied: `rejected_records` (retry with skip_invalid=true), `full_refresh_with_rejections`, `full_refresh_without_companies`", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn apply(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<Uuid>,
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
        format: stored.format,
        path: upload_path(&state, id),
        full: stored.full,
        municipality_filter: stored.municipality_code,
        default_municipality: state.municipality_code(),
        skip_invalid,
        dry_run: false,
        import_id: Some(id),
    };
    let outcome =
        import::run(state.store(), &request, Arc::new(Quiet), Utc::now()).await.map_err(import_failed)?;
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
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already applied or discarded (`not_pending`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn discard(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<Uuid>,
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
        (status = 404, description = "No such import (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn get_import(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<Uuid>,
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
