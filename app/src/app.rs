//! The root: provides the services and routes one URL per screen (Danish paths). The office
//! screens are lazy routes: their code is a separate chunk, loaded on first use.

use crate::components::app_header::AppHeader;
use crate::components::sync_status::SyncBar;
use crate::i18n::{I18n, Key, Lang, text};
use crate::pages::companies::CompaniesPage;
use crate::pages::company::CompanyScreen;
use crate::pages::desk::DeskGate;
use crate::pages::login::LoginPage;
use crate::pages::my_work::MyWorkScreen;
use crate::pages::not_found::{DeviceRevokedPage, NotFoundPage};
use crate::pages::outbox::OutboxScreen;
use crate::services::{self, LocalStore, SessionService};
use crate::store::{Session, Store, StoreError};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::{Lazy, LazyRoute, lazy_route, path};

/// The app's paths, so links and navigation agree with the routes.
pub mod paths {
    use kontaktpunkt_domain::Cvr;

    pub const SEARCH: &str = "/";
    pub const OUTBOX: &str = "/udbakke";
    pub const MY_WORK: &str = "/mit-arbejde";
    pub const ADMIN_IMPORT: &str = "/admin/import";
    pub const ADMIN_DEVICES: &str = "/admin/apparater";
    /// The contact persons' personal data (GDPR access, erasure, retention).
    pub const ADMIN_PRIVACY: &str = "/admin/persondata";
    /// The admin's accounts screens (one chunk): the users and the audit log.
    pub const ADMIN_USERS: &str = "/admin/brugere";
    pub const ADMIN_AUDIT: &str = "/admin/log";
    /// The coordinator's desk (its first view, parallel contacts).
    pub const DESK: &str = "/koordinator";

    /// One company's screen.
    pub fn company(cvr: &Cvr) -> String {
        format!("/virksomhed/{cvr}")
    }

    /// One company's screen with a refused contact (by its outbox key) open for correction.
    pub fn company_fixing(cvr: &Cvr, outbox_key: u64) -> String {
        format!("/virksomhed/{cvr}?ret={outbox_key}")
    }
}

#[component]
pub fn App(store: Result<Store, StoreError>, session: Option<Session>) -> impl IntoView {
    let store = match store {
        Ok(store) => store,
        Err(error) => {
            leptos::logging::error!("opening IndexedDB failed: {}", error.0);
            return view! {
                <main class="main">
                    <p class="panel error" role="alert">{text(Lang::load(), Key::ErrStorage)}</p>
                </main>
            }
            .into_any();
        }
    };
    services::provide(store, session);
    view! {
        <Router>
            <Shell />
        </Router>
    }
    .into_any()
}

/// The header, the sync bar and the screen of the current URL (or the login form).
#[component]
fn Shell() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let local = expect_context::<LocalStore>();
    view! {
        <AppHeader />
        <div class="banner banner-danger" role="alert" hidden=move || !local.closed()>
            <p>{i18n.tr(Key::DbClosed)}</p>
            <button type="button" class="button" on:click=move |_| { let _ = window().location().reload(); }>
                {i18n.tr(Key::Reload)}
            </button>
        </div>
        <main id="main" class="main">
            <Show
                when=move || !session.needs_login_form() && !session.revoked()
                fallback=move || if session.revoked() {
                    view! { <DeviceRevokedPage /> }.into_any()
                } else {
                    view! { <LoginPage /> }.into_any()
                }
            >
                <SyncBar />
                <FlatRoutes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=CompaniesPage />
                    <Route path=path!("/virksomhed/:cvr") view={Lazy::<CompanyScreen>::new()} />
                    <Route path=path!("/udbakke") view={Lazy::<OutboxScreen>::new()} />
                    <Route path=path!("/mit-arbejde") view={Lazy::<MyWorkScreen>::new()} />
                    // The admin's screens: import, users, audit log (one route for all costs the
                    // shell less than one each).
                    <Route path=path!("/admin/:vis") view=admin_gate />
                    // One route for every view: a tab click keeps the desk (and its records) mounted.
                    <Route path=path!("/koordinator/:vis?") view=DeskGate />
                </FlatRoutes>
            </Show>
        </main>
    }
}

/// The admin's screens (`/admin/<vis>`: import, users, audit log, devices, personal data), one
/// lazy chunk loaded for admins (and coordinators, for the audit log) only. Consultants get a
/// sentence and never download its code (a `Lazy` route would load it for whoever opens the
/// address). No `Show`/`Suspense`: each distinct one
/// costs the shell.
fn admin_gate() -> AnyView {
    let session = expect_context::<SessionService>();
    // Read once: a new login draws the routes afresh. Coordinators read the audit log's
    // contact matters: the chunk shows them that screen only (deciding it here, by the path,
    // would cost the shell the router's parameter code), and the server answers them no more.
    if session.with_untracked(|s| s.is_some_and(|s| s.user.role.sees_desk())) {
        return Suspend::new(AdminRoute::view(AdminRoute)).into_any();
    }
    admin_forbidden()
}

/// "Only for administrators": the gate's answer, and the admin chunk's to a coordinator on
/// another admin screen.
pub fn admin_forbidden() -> AnyView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel" data-testid="admin-forbidden">
            <p role="alert">{i18n.tr(Key::AdminForbidden)}</p>
        </section>
    }
    .into_any()
}

/// The admin's screens: a lazy chunk, so the consultants' phones never load it.
struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <crate::pages::admin::AdminScreens /> }.into_any()
    }
}
