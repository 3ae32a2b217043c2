//! The admin's accounts screens, one lazy chunk: the users (`/admin/brugere`: create,
//! change name, role and unit, deactivate and reactivate, set a new password, end all
//! sessions) and the audit log (`/admin/log`: searched by period, user and action, paged).
//!
//! Only the gate in `app.rs` is in the field shell; it loads this chunk for admins only. Every
//! change is a call to the server (`calls`), which decides and audits; the screens show its
//! answer, its refusals in the admin's language included.

mod audit;
mod calls;
mod new_user;
mod row;
mod texts;
mod users;

use crate::app::paths;
use crate::i18n::{I18n, Lang};
use crate::services::SessionService;
use calls::CallError;
use kontaktpunkt_domain::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
use texts::{T, t};
use uuid::Uuid;

/// Which of the chunk's two screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Users,
    Audit,
}

impl Screen {
    /// The screen of the path `/admin/<slug>` (the same as in `app::paths`).
    fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "brugere" => Some(Self::Users),
            "log" => Some(Self::Audit),
            _ => None,
        }
    }
}

/// What went wrong, for a banner or a row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Text(T),
    /// The server's own message, `"dansk / English"` where it gives both.
    Server(String),
    /// The server's problems with named fields (English), shown in the admin's language.
    Fields(BTreeMap<String, String>),
    /// The login expired.
    Session,
}

impl From<CallError> for Problem {
    fn from(error: CallError) -> Self {
        match error {
            CallError::Offline => Self::Text(T::ErrOffline),
            CallError::Unauthorized => Self::Session,
            CallError::Refused { fields, .. } if !fields.is_empty() => Self::Fields(fields),
            CallError::Refused { message, .. } => Self::Server(message),
            CallError::Server(detail) => {
                leptos::logging::error!("accounts: {detail}");
                Self::Text(T::ErrServer)
            }
        }
    }
}

impl Problem {
    fn text(&self, lang: Lang) -> String {
        match self {
            Self::Text(key) => t(lang, *key).to_owned(),
            Self::Server(message) => texts::side(lang, message).to_owned(),
            Self::Fields(fields) => {
                fields.values().map(|p| texts::field_problem(lang, p)).collect::<Vec<_>>().join(" ")
            }
            Self::Session => t(lang, T::ErrSession).to_owned(),
        }
    }
}

/// The language the UI speaks.
fn lang() -> Signal<Lang> {
    expect_context::<I18n>().lang.into()
}

/// The text of `key`, following the language.
fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = expect_context::<I18n>().lang;
    move || t(lang.get(), key)
}

/// The session's bearer token, read now; `None` when nobody is logged in.
fn token() -> Option<String> {
    expect_context::<SessionService>().token_untracked()
}

/// The logged-in admin.
fn me() -> Option<Uuid> {
    expect_context::<SessionService>().user_id_untracked()
}

/// Whether an admin is logged in (a coordinator reads the audit log's contact matters only).
fn is_admin() -> bool {
    expect_context::<SessionService>().with_untracked(|s| s.is_some_and(|s| s.user.role == Role::Admin))
}

/// The banner of `problem` while it is set (`role="alert"`), with "Log ind igen" for an
/// expired login.
#[component]
fn ProblemBanner(#[prop(into)] problem: Signal<Option<Problem>>, #[prop(into)] id: String) -> impl IntoView {
    let lang = lang();
    let session = expect_context::<SessionService>();
    view! {
        <div id=id tabindex="-1">
            {move || {
                problem.get().map(|problem| {
                    let relogin = (problem == Problem::Session).then(|| view! {
                        <button type="button" class="button button-small" on:click=move |_| session.ask_relogin()>
                            {tr(T::LogInAgain)}
                        </button>
                    });
                    view! {
                        <div class="banner banner-danger" role="alert" data-testid="accounts-error">
                            <p>{move || problem.text(lang.get())}</p>
                            {relogin}
                        </div>
                    }
                })
            }}
        </div>
    }
}

/// The screen of the path's last segment (`brugere`, `log`), under the tabs between the two.
#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let params = use_params_map();
    let screen = Memo::new(move |_| params.with(|p| Screen::from_slug(p.get_str("vis").unwrap_or_default())));
    let tab = move |target: Screen, href: &'static str, id: &'static str, label: T| {
        view! {
            <a href=href id=id class="desk-tab" aria-current=move || (screen.get() == Some(target)).then_some("page")>
                {tr(label)}
            </a>
        }
    };
    let body = move || {
        window().scroll_to_with_x_and_y(0.0, 0.0);
        match screen.get() {
            Some(Screen::Users) => view! { <users::UsersScreen /> }.into_any(),
            Some(Screen::Audit) => view! { <audit::AuditScreen /> }.into_any(),
            None => view! { <p class="panel" data-testid="accounts-not-found">{tr(T::NoSuchScreen)}</p> }
                .into_any(),
        }
    };
    view! {
        <div class="desk admin-accounts" data-testid="admin-accounts">
            <nav class="desk-tabs" aria-label=tr(T::Views)>
                {is_admin().then(|| tab(Screen::Users, paths::ADMIN_USERS, "tab-admin-users", T::UsersTitle))}
                {tab(Screen::Audit, paths::ADMIN_AUDIT, "tab-admin-audit", T::AuditTitle)}
            </nav>
            {body}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paths_of_the_app_name_the_screens() {
        let slug = |path: &str| path.strip_prefix("/admin/").unwrap_or_default().to_owned();
        assert_eq!(Screen::from_slug(&slug(paths::ADMIN_USERS)), Some(Screen::Users));
        assert_eq!(Screen::from_slug(&slug(paths::ADMIN_AUDIT)), Some(Screen::Audit));
        assert_eq!(Screen::from_slug("import"), None);
    }

    #[test]
    fn refusals_become_what_the_admin_reads() {
        let last_admin = CallError::Refused {
            code: "last_admin".into(),
            message: "Den sidste aktive administrator … / The last active admin …".into(),
            fields: BTreeMap::new(),
        };
        let problem = Problem::from(last_admin);
        assert_eq!(problem.text(Lang::Da), "Den sidste aktive administrator …");
        assert_eq!(problem.text(Lang::En), "The last active admin …");
        let yourself = CallError::Refused {
            code: "invalid_input".into(),
            message: "the input is invalid".into(),
            fields: BTreeMap::from([("active".to_owned(), "you cannot deactivate yourself".to_owned())]),
        };
        assert_eq!(Problem::from(yourself).text(Lang::Da), "Du kan ikke deaktivere dig selv.");
        assert_eq!(Problem::from(CallError::Unauthorized), Problem::Session);
        assert_eq!(Problem::from(CallError::Offline).text(Lang::En), t(Lang::En, T::ErrOffline));
    }
}
