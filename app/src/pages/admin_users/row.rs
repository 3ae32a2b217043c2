//! One account's row: what it is, and its actions. Each action opens a small panel in a row
//! of its own under it — the change form, the new password, or the confirmation of a
//! destructive action — where the server's refusal is shown too.

use super::calls;
use super::texts::{Done, ROLES, T, role, t, time};
use super::users::{Accounts, Notice};
use super::{Problem, lang, me, token, tr};
use crate::focus::focus;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::{UserAccount, UserChanges};
use leptos::prelude::*;
use uuid::Uuid;

/// The panel open under a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Edit,
    Password,
    Deactivate,
    Revoke,
}

impl Panel {
    /// The button that opens it (where the focus returns when it closes).
    fn opener(self) -> &'static str {
        match self {
            Self::Edit => "edit",
            Self::Password => "password",
            Self::Deactivate => "active",
            Self::Revoke => "revoke",
        }
    }
}

/// A change of the account, sent to the server.
#[derive(Debug, Clone)]
enum Write {
    Change(UserChanges, Done),
    Password(String),
    Revoke,
}

/// The row's state, for its panels.
#[derive(Clone, Copy)]
struct RowState {
    id: Uuid,
    account: Memo<Option<UserAccount>>,
    open: RwSignal<Option<Panel>>,
    problem: RwSignal<Option<Problem>>,
    write: Action<Write, ()>,
}

impl RowState {
    /// The id of the row's element `part` (`user-<id>-<part>`).
    fn el(self, part: &str) -> String {
        format!("user-{}-{part}", self.id)
    }

    fn show(self, panel: Panel, first: &str) {
        self.problem.set(None);
        self.open.set(Some(panel));
        focus(&self.el(first));
    }

    fn close(self) {
        if let Some(panel) = self.open.get_untracked() {
            focus(&self.el(panel.opener()));
        }
        self.open.set(None);
        self.problem.set(None);
    }

    /// The server's problem with `field`, for `aria-invalid`.
    fn invalid(self, field: &'static str) -> impl Fn() -> Option<&'static str> + Copy {
        let problem = self.problem;
        move || {
            problem.with(|p| matches!(p, Some(Problem::Fields(f)) if f.contains_key(field)).then_some("true"))
        }
    }
}

#[component]
pub fn UserRow(id: Uuid) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let lang = lang();
    let account = Memo::new(move |_| accounts.account(id));
    let open = RwSignal::new(None);
    let problem = RwSignal::new(None);
    let write = Action::new_local(move |write: &Write| {
        let (write, token) = (write.clone(), token());
        let username = account.with_untracked(|a| a.as_ref().map(|a| a.username.clone()).unwrap_or_default());
        problem.set(None);
        accounts.notice.set(None);
        async move {
            let Some(token) = token else { return problem.set(Some(Problem::Session)) };
            let answer = match write {
                Write::Change(changes, what) => calls::change(&token, id, &changes).await.map(|_| what),
                Write::Password(password) => {
                    calls::set_password(&token, id, password).await.map(|e| Done::Password(e.ended))
                }
                Write::Revoke => calls::revoke(&token, id).await.map(|e| Done::Revoked(e.ended)),
            };
            if problem.is_disposed() {
                return;
            }
            match answer {
                Ok(what) => {
                    let opener = open.get_untracked().map_or("active", Panel::opener);
                    open.set(None);
                    accounts.notice.set(Some(Notice::Done(username, what)));
                    accounts.reload.dispatch_local(());
                    focus(&format!("user-{id}-{opener}"));
                }
                Err(error) => {
                    problem.set(Some(error.into()));
                    focus(&format!("user-{id}-problem"));
                }
            }
        }
    });
    let row = RowState { id, account, open, problem, write };
    let get =
        move |f: fn(&UserAccount) -> String| move || account.with(|a| a.as_ref().map(f).unwrap_or_default());
    let active = move || account.with(|a| a.as_ref().is_some_and(|a| a.active));
    let username = account.with_untracked(|a| a.as_ref().map(|a| a.username.clone()).unwrap_or_default());
    let (head, shown_name) = (format!("user-{id}"), username.clone());
    let busy = move || write.pending().get();
    let button =
        move |part: &'static str, testid: &'static str, label: Signal<&'static str>, click: fn(RowState)| {
            view! {
                <button
                    type="button"
                    class="button button-small"
                    id=row.el(part)
                    data-testid=testid
                    aria-describedby=format!("user-{id}")
                    disabled=busy
                    on:click=move |_| click(row)
                >
                    {label}
                </button>
            }
        };
    view! {
        <tr
            data-testid="user-row"
            data-id=id.to_string()
            data-username=username
            data-active=move || active().to_string()
            data-role=move || account.with(|a| a.as_ref().map(|a| a.role.as_str()))
            class:user-inactive=move || !active()
        >
            <th scope="row" id=head>
                {shown_name}
                {(me() == Some(id)).then(|| view! { " " <span class="muted small">{tr(T::NotYou)}</span> })}
            </th>
            <td data-testid="user-name">{get(|a| a.display_name.clone())}</td>
            <td data-testid="user-role">{move || account.with(|a| a.as_ref().map(|a| t(lang.get(), role(a.role))))}</td>
            <td data-testid="user-unit">{move || accounts.unit_name(account.with(|a| a.as_ref().and_then(|a| a.unit_id)))}</td>
            <td>
                <span class=move || if active() { "badge badge-ok" } else { "badge badge-danger" }>
                    {move || t(lang.get(), if active() { T::Active } else { T::Inactive })}
                </span>
            </td>
            <td>
                {move || {
                    let at = account.with(|a| a.as_ref().and_then(|a| a.last_login_at));
                    at.map_or_else(|| t(lang.get(), T::Never).to_owned(), |at| time(lang.get(), at))
                }}
            </td>
            <td class="num" data-testid="user-sessions">{get(|a| a.active_sessions.to_string())}</td>
            <td>
                <div class="button-row user-actions">
                    {button("edit", "user-edit", Signal::derive(tr(T::Edit)), |row| row.show(Panel::Edit, "name"))}
                    {button(
                        "active",
                        "user-active",
                        Signal::derive(move || t(lang.get(), if active() { T::Deactivate } else { T::Reactivate })),
                        |row| {
                            if row.account.with_untracked(|a| a.as_ref().is_some_and(|a| a.active)) {
                                row.show(Panel::Deactivate, "confirm");
                            } else {
                                row.open.set(None);
                                let changes = UserChanges { active: Some(true), ..UserChanges::default() };
                                row.write.dispatch_local(Write::Change(changes, Done::Reactivated));
                            }
                        },
                    )}
                    {button("password", "user-password", Signal::derive(tr(T::NewPassword)), |row| row.show(Panel::Password, "new-password"))}
                    {button("revoke", "user-revoke", Signal::derive(tr(T::Revoke)), |row| row.show(Panel::Revoke, "confirm"))}
                </div>
            </td>
        </tr>
        {move || (open.get().is_some() || problem.with(Option::is_some)).then(|| view! { <PanelRow row /> })}
    }
}

/// The row under an account: the open panel, and what the server refused.
#[component]
fn PanelRow(row: RowState) -> impl IntoView {
    let lang = lang();
    let panel = move || match row.open.get() {
        Some(Panel::Edit) => view! { <EditPanel row /> }.into_any(),
        Some(Panel::Password) => view! { <PasswordPanel row /> }.into_any(),
        Some(Panel::Deactivate) => view! { <ConfirmPanel row panel=Panel::Deactivate /> }.into_any(),
        Some(Panel::Revoke) => view! { <ConfirmPanel row panel=Panel::Revoke /> }.into_any(),
        None => ().into_any(),
    };
    view! {
        // Escape closes the panel, as a dialog would.
        <tr
            class="user-panel"
            data-testid="user-panel"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    row.close();
                }
            }
        >
            <td colspan="8">
                <div class="desk-view">
                    {panel}
                    <div id=row.el("problem") tabindex="-1" role="alert">
                        {move || {
                            row.problem.get().map(|p| {
                                view! {
                                    <p class="banner banner-danger" data-testid="user-error">{move || p.text(lang.get())}</p>
                                }
                            })
                        }}
                    </div>
                </div>
            </td>
        </tr>
    }
}

/// "Fortryd": closes the panel, back to the button that opened it.
#[component]
fn CancelButton(row: RowState) -> impl IntoView {
    view! {
        <button type="button" class="button button-small" data-testid="user-cancel" on:click=move |_| row.close()>
            {tr(T::Cancel)}
        </button>
    }
}

/// Name, role and unit, saved together.
#[component]
fn EditPanel(row: RowState) -> impl IntoView {
    let lang = lang();
    let accounts = expect_context::<Accounts>();
    let Some(account) = row.account.get_untracked() else { return ().into_any() };
    let name = RwSignal::new(account.display_name.clone());
    let chosen_role = RwSignal::new(account.role.as_str().to_owned());
    let unit = RwSignal::new(account.unit_id.map(|u| u.to_string()).unwrap_or_default());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name.get_untracked().trim().to_owned();
        let new_role = Role::parse(&chosen_role.get_untracked()).unwrap_or(account.role);
        let new_unit = unit.get_untracked().parse::<Uuid>().ok();
        let changes = UserChanges {
            display_name: (name != account.display_name).then_some(name),
            role: (new_role != account.role).then_some(new_role),
            unit_id: (new_unit != account.unit_id).then_some(new_unit),
            active: None,
        };
        if changes.is_empty() {
            row.close();
        } else {
            row.write.dispatch_local(Write::Change(changes, Done::Saved));
        }
    };
    // `selected` draws the saved choice before `bind:value` takes over.
    let units = accounts.units.get_untracked().into_iter().map(|u| {
        let selected = Some(u.id) == account.unit_id;
        view! { <option value=u.id.to_string() selected=selected>{u.name}</option> }
    });
    let roles = ROLES.map(|r| {
        view! { <option value=r.as_str() selected={r == account.role}>{move || t(lang.get(), role(r))}</option> }
    });
    view! {
        <form class="desk-controls" novalidate on:submit=save data-testid="user-edit-form">
            <div class="field">
                <label for=row.el("name")>{tr(T::Name)}</label>
                <input type="text" id=row.el("name") bind:value=name aria-invalid=row.invalid("display_name") />
            </div>
            <div class="field">
                <label for=row.el("role")>{tr(T::Role)}</label>
                <select id=row.el("role") bind:value=chosen_role aria-invalid=row.invalid("role")>{roles.collect_view()}</select>
            </div>
            <div class="field">
                <label for=row.el("unit")>{tr(T::Unit)}</label>
                <select id=row.el("unit") bind:value=unit aria-invalid=row.invalid("unit_id")>
                    <option value="">{tr(T::NoUnit)}</option>
                    {units.collect_view()}
                </select>
            </div>
            <div class="button-row">
                <button type="submit" class="button button-small button-primary" data-testid="user-save" disabled=move || row.write.pending().get()>
                    {tr(T::Save)}
                </button>
                <CancelButton row />
            </div>
        </form>
    }
    .into_any()
}

/// A new password for the user (which ends the user's sessions).
#[component]
fn PasswordPanel(row: RowState) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let hint = row.el("new-password-hint");
    view! {
        <form
            class="desk-controls"
            novalidate
            data-testid="user-password-form"
            on:submit=move |ev| {
                ev.prevent_default();
                row.write.dispatch_local(Write::Password(password.get_untracked()));
            }
        >
            <div class="field">
                <label for=row.el("new-password")>{tr(T::NewPassword)}</label>
                <input
                    type="password"
                    autocomplete="new-password"
                    id=row.el("new-password")
                    data-testid="user-password-input"
                    aria-describedby=hint.clone()
                    aria-invalid=row.invalid("password")
                    bind:value=password
                />
                <p class="muted small" id=hint>{tr(T::PasswordHint)} " " {tr(T::ConfirmPassword)}</p>
            </div>
            <div class="button-row">
                <button type="submit" class="button button-small button-primary" data-testid="user-password-save" disabled=move || row.write.pending().get()>
                    {tr(T::SetPassword)}
                </button>
                <CancelButton row />
            </div>
        </form>
    }
}

/// "Deaktivér brugeren? …" or "Afslut alle brugerens sessioner? …", with the button that does it.
#[component]
fn ConfirmPanel(row: RowState, panel: Panel) -> impl IntoView {
    let (question, yes) = match panel {
        Panel::Deactivate => (T::ConfirmDeactivate, T::YesDeactivate),
        _ => (T::ConfirmRevoke, T::YesRevoke),
    };
    let confirm = move |_| {
        let write = match panel {
            Panel::Deactivate => Write::Change(
                UserChanges { active: Some(false), ..UserChanges::default() },
                Done::Deactivated,
            ),
            _ => Write::Revoke,
        };
        row.write.dispatch_local(write);
    };
    view! {
        <p class="banner banner-warn">{tr(question)}</p>
        <div class="button-row">
            <button
                type="button"
                class="button button-small button-danger"
                id=row.el("confirm")
                data-testid="user-confirm"
                disabled=move || row.write.pending().get()
                on:click=confirm
            >
                {tr(yes)}
            </button>
            <CancelButton row />
        </div>
    }
}
