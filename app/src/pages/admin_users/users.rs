//! `/admin/brugere`: the new-user form above a dense table of every account, one row each.
//!
//! The accounts are kept in one signal, loaded by an action when the screen opens and again
//! after each change; the rows are keyed by the account's id and read their account from the
//! signal, so a change redraws the cells that changed and keeps the keyboard focus where it was.

use super::calls;
use super::new_user::NewUserForm;
use super::row::UserRow;
use super::texts::{Done, T, created, done};
use super::{Problem, ProblemBanner, lang, token, tr};
use crate::i18n::number;
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::accounts::UserAccount;
use leptos::prelude::*;
use uuid::Uuid;

/// What just happened, announced in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Created(String),
    Done(String, Done),
}

/// The screen's state, provided to the form and the rows.
#[derive(Clone, Copy)]
pub struct Accounts {
    /// Every account (by username), once loaded; or why not.
    pub users: RwSignal<Option<Result<Vec<UserAccount>, Problem>>>,
    /// The units, for the selects and the table (empty until loaded).
    pub units: RwSignal<Vec<Unit>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Loads the accounts (and the units) again.
    pub reload: Action<(), ()>,
}

impl Accounts {
    fn new() -> Self {
        let users = RwSignal::new(None);
        let units = RwSignal::new(Vec::new());
        let reload = Action::new_local(move |_: &()| {
            let token = token();
            async move {
                let Some(token) = token else { return users.set(Some(Err(Problem::Session))) };
                if units.with_untracked(Vec::is_empty)
                    && let Ok(list) = calls::units(&token).await
                {
                    units.set(list);
                }
                let answer = calls::users(&token).await.map_err(Problem::from);
                if !users.is_disposed() {
                    users.set(Some(answer));
                }
            }
        });
        reload.dispatch_local(());
        Self { users, units, notice: RwSignal::new(None), reload }
    }

    /// The unit's name, or "—".
    pub fn unit_name(self, unit: Option<Uuid>) -> String {
        let name =
            unit.and_then(|id| self.units.with(|u| u.iter().find(|u| u.id == id).map(|u| u.name.clone())));
        name.unwrap_or_else(|| "—".to_owned())
    }

    /// The account `id` as last loaded.
    pub fn account(self, id: Uuid) -> Option<UserAccount> {
        self.users.with(|u| u.as_ref()?.as_ref().ok()?.iter().find(|a| a.id == id).cloned())
    }
}

#[component]
pub fn UsersScreen() -> impl IntoView {
    let accounts = Accounts::new();
    provide_context(accounts);
    let lang = lang();
    crate::focus::focus("users-title");
    let notice = move || {
        accounts.notice.get().map(|notice| match notice {
            Notice::Created(username) => created(lang.get(), &username),
            Notice::Done(username, what) => done(lang.get(), &username, what),
        })
    };
    // Which of loading / refused / the table to draw: the table stays while a reload runs.
    let state = Memo::new(move |_| {
        accounts.users.with(|u| match u {
            None => None,
            Some(Ok(_)) => Some(Ok(())),
            Some(Err(problem)) => Some(Err(problem.clone())),
        })
    });
    let load_problem = Signal::derive(move || state.get().and_then(Result::err));
    view! {
        <section class="desk-view" aria-labelledby="users-title">
            <h1 id="users-title" tabindex="-1">{tr(T::UsersTitle)}</h1>
            <p class="muted">{tr(T::UsersIntro)}</p>
            <p class="notice" role="status" aria-live="polite" data-testid="accounts-notice" hidden=move || notice().is_none()>
                {notice}
            </p>
            <NewUserForm />
            <ProblemBanner problem=load_problem id="users-problem" />
            {move || match state.get() {
                None => view! { <p class="muted">{tr(T::Loading)}</p> }.into_any(),
                Some(Err(_)) => ().into_any(),
                Some(Ok(())) => view! { <UserTable /> }.into_any(),
            }}
        </section>
    }
}

/// The table of accounts and their count.
#[component]
fn UserTable() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let lang = lang();
    let ids = move || {
        accounts.users.with(|u| match u {
            Some(Ok(list)) => list.iter().map(|a| a.id).collect(),
            _ => Vec::new(),
        })
    };
    let count = Memo::new(move |_| ids().len());
    let heading = |key: T| view! { <th scope="col">{tr(key)}</th> };
    view! {
        <p data-testid="user-count" data-count=move || count.get().to_string()>
            <strong>{move || number(lang.get(), count.get() as u64)}</strong>
            " "
            {tr(T::UserCount)}
        </p>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="users-title">
            <table class="desk-table user-table" data-testid="user-list">
                <thead>
                    <tr>
                        {heading(T::Username)}
                        {heading(T::Name)}
                        {heading(T::Role)}
                        {heading(T::Unit)}
                        {heading(T::Status)}
                        {heading(T::LastLogin)}
                        {heading(T::Sessions)}
                        {heading(T::Actions)}
                    </tr>
                </thead>
                <tbody>
                    <For each=ids key=|id| *id children=|id| view! { <UserRow id /> } />
                </tbody>
            </table>
        </div>
    }
}
