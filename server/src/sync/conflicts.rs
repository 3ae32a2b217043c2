//! `GET /api/sync/v1/conflicts`: how concurrent changes were decided, for coordinators.

use super::query_number;
use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::sync::{ConflictList, MAX_CONFLICT_PAGE};
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::IntoParams;

/// Page size when the client does not ask for one.
const DEFAULT_CONFLICT_PAGE: u32 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ConflictsQuery {
    /// Only records with a smaller id (the previous page's `next_before`).
    #[param(value_type = Option<u64>)]
    before: Option<String>,
    /// Page size; default 100, clamped to 1..=1000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
}

/// Decided conflicts, newest first: shared company fields where a later edit overwrote a
/// concurrent one (the lost value is kept here), and do-not-contact flags that survived a
/// stale lifting. Coordinators and admins only.
#[utoipa::path(
    get,
    path = "/api/sync/v1/conflicts",
    tag = "sync",
    params(ConflictsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Conflict records, newest first", body = ConflictList),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 422, description = "`before` or `limit` is not a whole number", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn conflicts(
    State(state): State<AppState>,
    auth: AuthUser,
    query: Result<Query<ConflictsQuery>, QueryRejection>,
) -> Result<Json<ConflictList>, ApiError> {
    if !crate::access::may_review(auth.user.role) {
        return Err(ApiError::Forbidden);
    }
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let mut fields = BTreeMap::new();
    let before = query_number("before", query.before.as_deref(), &mut fields);
    let limit = query_number("limit", query.limit.as_deref(), &mut fields)
        .map_or(DEFAULT_CONFLICT_PAGE, |n| u32::try_from(n).unwrap_or(u32::MAX).clamp(1, MAX_CONFLICT_PAGE));
    if !fields.is_empty() {
        return Err(ApiError::InvalidInput(fields));
    }
    let (conflicts, more) = state.store().conflicts(before, limit).await?;
    let next_before = if more { conflicts.last().map(|c| c.id) } else { None };
    Ok(Json(ConflictList { conflicts, next_before }))
}
