//! "Ny bruger": username, name, role, unit and the first password. The server checks them;
//! what it says about each field is shown next to that field, in the admin's language.

use super::calls::{self, CallError};
use super::texts::{ROLES, T, field_problem, role, t};
use super::users::{Accounts, Notice};
use super::{Problem, ProblemBanner, lang, token, tr};
use crate::focus::focus;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::NewUser;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The form's fields as the server names them, with the ids of their inputs, in form order.
const FIELDS: [(&str, &str); 5] = [
    ("username", "new-user-username"),
    ("display_name", "new-user-name"),
    ("role", "new-user-role"),
    ("unit_id", "new-user-unit"),
    ("password", "new-user-password"),
];

/// The input of the server's `field`, if the form has one.
fn input_of(field: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(name, _)| *name == field).map(|(_, id)| *id)
}

#[component]
pub fn NewUserForm() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let lang = lang();
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let chosen_role = RwSignal::new(Role::Consultant.as_str().to_owned());
    let unit = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // The server's problem with each field (English), and what else it refused.
    let fields = RwSignal::new(BTreeMap::<String, String>::new());
    let problem = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |user: &NewUser| {
        let (user, token) = (user.clone(), token());
        fields.set(BTreeMap::new());
        problem.set(None);
        accounts.notice.set(None);
        async move {
            let Some(token) = token else { return problem.set(Some(Problem::Session)) };
            match calls::create(&token, &user).await {
                Ok(account) => {
                    username.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    accounts.notice.set(Some(Notice::Created(account.username)));
                    accounts.reload.dispatch_local(());
                    focus("new-user-username");
                }
                Err(CallError::Refused { fields: refused, .. })
                    if refused.keys().any(|f| input_of(f).is_some()) =>
                {
                    let first = FIELDS.iter().find(|(f, _)| refused.contains_key(*f)).map(|(_, id)| *id);
                    fields.set(refused);
                    problem.set(Some(Problem::Text(T::ErrForm)));
                    focus(first.unwrap_or("new-user-username"));
                }
                Err(error) => {
                    problem.set(Some(error.into()));
                    focus("new-user-problem");
                }
            }
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let role = Role::parse(&chosen_role.get_untracked()).unwrap_or(Role::Consultant);
        create.dispatch_local(NewUser {
            username: username.get_untracked(),
            display_name: name.get_untracked(),
            role,
            unit_id: unit.get_untracked().parse::<Uuid>().ok(),
            password: password.get_untracked(),
        });
    };
    // The server's problem with `field` in the admin's language, under its input.
    let error = move |field: &'static str| {
        let id = format!("{}-error", input_of(field).unwrap_or(field));
        view! {
            <p class="error field-error" id=id data-testid=format!("field-error-{field}")>
                {move || fields.with(|f| f.get(field).map(|p| field_problem(lang.get(), p)))}
            </p>
        }
    };
    let invalid = move |field: &'static str| move || fields.with(|f| f.contains_key(field)).then_some("true");
    let described = |field: &str, hint: bool| {
        let id = input_of(field).unwrap_or(field);
        if hint { format!("{id}-hint {id}-error") } else { format!("{id}-error") }
    };
    let units = move || {
        accounts
            .units
            .get()
            .into_iter()
            .map(|u| view! { <option value=u.id.to_string()>{u.name}</option> })
            .collect_view()
    };
    let roles = ROLES
        .map(|r| {
            view! {
                <option value=r.as_str() selected={r == Role::Consultant}>{move || t(lang.get(), role(r))}</option>
            }
        })
        .collect_view();
    view! {
        <form id="new-user-form" class="panel form" novalidate aria-labelledby="new-user-title" on:submit=submit>
            <h2 id="new-user-title">{tr(T::NewUser)}</h2>
            <ProblemBanner problem id="new-user-problem" />
            <div class="desk-controls new-user-fields">
                <div class="field">
                    <label for="new-user-username">{tr(T::Username)}</label>
                    <input
                        type="text"
                        id="new-user-username"
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                        bind:value=username
                        aria-invalid=invalid("username")
                        aria-describedby=described("username", false)
                    />
                    {error("username")}
                </div>
                <div class="field">
                    <label for="new-user-name">{tr(T::Name)}</label>
                    <input
                        type="text"
                        id="new-user-name"
                        autocomplete="off"
                        bind:value=name
                        aria-invalid=invalid("display_name")
                        aria-describedby=described("display_name", false)
                    />
                    {error("display_name")}
                </div>
                <div class="field">
                    <label for="new-user-role">{tr(T::Role)}</label>
                    <select
                        id="new-user-role"
                        bind:value=chosen_role
                        aria-invalid=invalid("role")
                        aria-describedby=described("role", false)
                    >
                        {roles}
                    </select>
                    {error("role")}
                </div>
                <div class="field">
                    <label for="new-user-unit">{tr(T::Unit)}</label>
                    <select
                        id="new-user-unit"
                        bind:value=unit
                        aria-invalid=invalid("unit_id")
                        aria-describedby=described("unit_id", true)
                    >
                        <option value="">{tr(T::NoUnit)}</option>
                        {units}
                    </select>
                    <p class="muted small" id="new-user-unit-hint">{tr(T::UnitRequiredHint)}</p>
                    {error("unit_id")}
                </div>
                <div class="field">
                    <label for="new-user-password">{tr(T::Password)}</label>
                    <input
                        type="password"
                        id="new-user-password"
                        autocomplete="new-password"
                        bind:value=password
                        aria-invalid=invalid("password")
                        aria-describedby=described("password", true)
                    />
                    <p class="muted small" id="new-user-password-hint">{tr(T::PasswordHint)}</p>
                    {error("password")}
                </div>
            </div>
            <div class="button-row">
                <button type="submit" id="new-user-create" class="button button-primary" disabled=move || create.pending().get()>
                    {move || t(lang.get(), if create.pending().get() { T::Working } else { T::Create })}
                </button>
            </div>
        </form>
    }
}
