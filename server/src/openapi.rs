//! `GET /api/openapi.json`: the API described as OpenAPI 3, generated from the handlers.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::api::ErrorBody;
use tracing::instrument;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Name of the security scheme the protected endpoints refer to.
pub const BEARER: &str = "bearer";

/// The OpenAPI document of every endpoint.
#[derive(OpenApi)]
#[openapi(
    info(title = "Kontaktpunkt API", description = "Company contacts of a Danish municipality."),
    paths(
        crate::health::health,
        crate::auth::login,
        crate::auth::logout,
        crate::auth::me,
        crate::sessions::my_sessions,
        crate::sessions::end_session,
        crate::accounts::list_users,
        crate::accounts::create_user,
        crate::accounts::update_user,
        crate::accounts::set_password,
        crate::accounts::revoke_sessions,
        crate::devices::list_devices,
        crate::devices::revoke_device,
        crate::audit::audit_log,
        crate::privacy::find,
        crate::privacy::export,
        crate::privacy::erase,
        crate::privacy::retention,
        crate::privacy::access_request::access_request,
        crate::units::units,
        crate::units::set_liaison,
        crate::companies::companies,
        crate::sync::push,
        crate::sync::changes,
        crate::sync::conflicts,
        crate::do_not_contact::history,
        crate::desk::parallel,
        crate::desk::stale,
        crate::desk::coverage,
        crate::desk::feedback,
        crate::desk::do_not_contact,
        crate::plans::create,
        crate::plans::list,
        crate::plans::show,
        crate::plans::edit_item,
        crate::plans::publish,
        crate::admin_import::upload,
        crate::admin_import::list_imports,
        crate::admin_import::get_import,
        crate::admin_import::set_mapping,
        crate::admin_import::apply,
        crate::admin_import::apply_progress,
        crate::admin_import::discard,
        crate::reference::industry_groups,
        crate::reference::postal_codes,
        openapi_json,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme),
    tags(
        (name = "system", description = "Health and this description"),
        (name = "auth", description = "Login sessions"),
        (name = "organisation", description = "Units and users"),
        (name = "companies", description = "The company register"),
        (name = "sync", description = "Offline sync, protocol v1: push the outbox, pull changes since a cursor"),
        (name = "desk", description = "The coordinator's overview (coordinators and admins only)"),
        (name = "plans", description = "The contact plan: drafts, edits, publishing (coordinators and admins only)"),
        (name = "admin", description = "Register imports (admins only)"),
        (name = "accounts", description = "Users, their sessions and the audit log (admins only)"),
        (name = "privacy", description = "Data protection: contact persons' export, erasure and retention \
                                           (admins only); access-to-documents exports (admins and coordinators)"),
        (name = "reference", description = "Industry groups and postal codes for filters"),
    )
)]
pub struct ApiDoc;

/// Adds the bearer-token scheme the handlers' `security(("bearer" = []))` points at.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(BEARER, SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(openapi_json))
}

/// This description of the API; needs no login.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI 3 document", content_type = "application/json"))
)]
#[instrument(skip_all)]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    // Built per request: it takes microseconds and is rarely asked for.
    Json(ApiDoc::openapi())
}
