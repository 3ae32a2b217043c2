//! The units: each unit's liaison to the coordinator (named here by a coordinator or admin,
//! online), its contacts and the companies it reached in the period.

use super::data::DeskData;
use super::kept::Kept;
use super::period::{Period, PeriodFields};
use super::problem;
use super::texts::{T, t, tr};
use crate::admin_api;
use crate::i18n::{I18n, either, number};
use crate::services::{SessionService, SyncService};
use kontaktpunkt_domain::overview::{DEFAULT_STALE_MONTHS, unit_activity};
use kontaktpunkt_domain::{Colleague, Unit};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

#[component]
pub fn UnitsView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let period = Period::kept(["units.from", "units.to"], data.today, DEFAULT_STALE_MONTHS, None);
    let ids: Vec<Uuid> = data.unit_list.iter().map(|u| u.id).collect();
    let rows = {
        let data = data.clone();
        move || {
            let (from, to) = period.get()?;
            let activity = unit_activity(&data.contacts, &ids, from, to);
            Some(
                data.unit_list
                    .iter()
                    .zip(activity)
                    .map(|(unit, activity)| {
                        let members: Vec<Colleague> =
                            data.colleagues.iter().filter(|c| c.unit_id == Some(unit.id)).cloned().collect();
                        let lang = i18n.lang.get();
                        view! {
                            <tr data-testid="unit-row" data-unit=unit.id.to_string()>
                                <th scope="row">{unit.name.clone()}</th>
                                <td><LiaisonPicker unit=unit.clone() members /></td>
                                <td class="num" data-testid="unit-contacts">{number(lang, activity.contacts)}</td>
                                <td class="num" data-testid="unit-companies">{number(lang, activity.companies)}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="units-title">
            <h2 id="units-title">{tr(i18n, T::ViewUnits)}</h2>
            <p class="muted">{tr(i18n, T::UnitsIntro)}</p>
            <div class="desk-controls">
                <PeriodFields period prefix="units" />
            </div>
            <div class="table-scroll">
                <table class="desk-table" data-testid="unit-list">
                    <thead>
                        <tr>
                            <th scope="col">{tr(i18n, T::Unit)}</th>
                            <th scope="col">{tr(i18n, T::Liaison)}</th>
                            <th scope="col">{tr(i18n, T::Contacts)}</th>
                            <th scope="col">{tr(i18n, T::CompaniesReached)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A liaison save's answer: `Ok`, or why not in Danish and English.
type Status = Result<(), (String, String)>;

/// The liaison's name and a choice among the unit's users, saved on the server (it needs the
/// network: the server checks the choice); every device learns it at its next sync.
#[component]
fn LiaisonPicker(unit: Unit, members: Vec<Colleague>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let chosen = RwSignal::new(unit.liaison.map(|id| id.to_string()).unwrap_or_default());
    // By unit: `Ok` once saved; why not, in Danish and English. Kept by the desk page: the
    // sync a save starts rebuilds this view, and the answer must not vanish with it.
    let statuses = Kept::signal("units.liaison-status", HashMap::<Uuid, Status>::new);
    let unit_id = unit.id;
    let set_status = move |status: Option<Status>| {
        statuses.update(|s| match status {
            Some(status) => drop(s.insert(unit_id, status)),
            None => drop(s.remove(&unit_id)),
        })
    };
    let save = Action::new_local(move |choice: &String| {
        let choice = choice.parse::<Uuid>().ok();
        async move {
            let Some(token) = session.token_untracked() else {
                return;
            };
            let outcome = admin_api::set_liaison(&token, unit_id, choice).await;
            if outcome.is_ok() {
                sync.sync_now();
            }
            set_status(Some(outcome.map(drop).map_err(problem)));
        }
    });
    let select_id = format!("liaison-{unit_id}");
    let options = members
        .into_iter()
        .map(|c| view! { <option value=c.id.to_string()>{c.display_name}</option> })
        .collect_view();
    view! {
        <div class="desk-liaison">
            <label for=select_id.clone() class="visually-hidden">{tr(i18n, T::Liaison)}</label>
            <select id=select_id data-testid="liaison-select" bind:value=chosen>
                <option value="">{tr(i18n, T::NoLiaison)}</option>
                {options}
            </select>
            <button
                type="button"
                class="button button-small"
                data-testid="liaison-save"
                disabled=move || save.pending().get()
                on:click=move |_| {
                    set_status(None);
                    save.dispatch_local(chosen.get_untracked());
                }
            >
                {tr(i18n, T::Save)}
            </button>
            <span role="status" data-testid="liaison-status">{move || statuses.with(|s| match s.get(&unit_id) {
                Some(Ok(())) => t(i18n.lang.get(), T::LiaisonSaved).to_owned(),
                Some(Err((da, en))) => either(i18n.lang.get(), da, en).to_owned(),
                None => String::new(),
            })}</span>
        </div>
    }
}
