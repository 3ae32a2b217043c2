//! The do-not-contact list: every flag with company, reason, who registered it and when;
//! filter, CSV export, and lifting a flag — always with a reason, kept in the flag's history.

use super::data::DeskData;
use super::export;
use super::kept::Kept;
use super::texts::{T, t, tr};
use crate::admin_api;
use crate::app::paths;
use crate::i18n::{I18n, Lang, number};
use crate::outbox::LocalDoNotContact;
use crate::services::{Records, SessionService, SyncService};
use kontaktpunkt_domain::search::normalize;
use kontaktpunkt_domain::{Cvr, FlagAction};
use leptos::prelude::*;
use std::sync::Arc;

/// A flag as the list shows it.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    flag: LocalDoNotContact,
    name: String,
    by: String,
    /// The units it holds for, by name ("" for every unit).
    scope: String,
    /// Normalised name, CVR, reason, who asked and the units, for the filter.
    text: String,
}

#[component]
pub fn DoNotContactView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let filter = Kept::signal("dnc.filter", String::new);
    let mut all: Vec<Row> = data
        .flags
        .iter()
        .map(|flag| {
            let name = data.company_name(&flag.company);
            let scope = flag.units.iter().map(|u| data.unit_name(u)).collect::<Vec<_>>().join(", ");
            let asked = flag.requested_by.as_deref().unwrap_or_default();
            Row {
                text: normalize(&format!("{name} {} {} {asked} {scope}", flag.company, flag.reason)),
                scope,
                by: data.person_name(&flag.registered_by),
                name,
                flag: flag.clone(),
            }
        })
        .collect();
    all.sort_by(|a, b| b.flag.registered_on.cmp(&a.flag.registered_on).then_with(|| a.name.cmp(&b.name)));
    let all = Arc::new(all);
    // Copy, so every row's history can name people and units.
    let names = StoredValue::new(data);
    let rows = {
        let all = all.clone();
        Memo::new(move |_| {
            let needle = normalize(&filter.get());
            all.iter().filter(|r| needle.is_empty() || r.text.contains(&needle)).cloned().collect::<Vec<_>>()
        })
    };
    let export = move |_| {
        export::offer("frabedt-kontakt", &csv_rows(i18n.lang.get_untracked(), &rows.get_untracked()))
    };
    view! {
        <section class="desk-view" aria-labelledby="dnc-title">
            <h2 id="dnc-title">{tr(i18n, T::ViewDoNotContact)}</h2>
            <p class="desk-figure">
                <strong data-testid="dnc-count">{move || number(i18n.lang.get(), all.len() as u64)}</strong>
                " "{tr(i18n, T::DncCount)}
            </p>
            <div class="desk-controls">
                <div class="field">
                    <label for="dnc-filter">{tr(i18n, T::DncFilter)}</label>
                    <input id="dnc-filter" type="search" bind:value=filter />
                </div>
            </div>
            <button type="button" class="button" data-testid="dnc-export" on:click=export>{tr(i18n, T::ExportCsv)}</button>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=move || view! { <p class="panel muted">{tr(i18n, T::NoFlags)}</p> }
            >
                <div class="table-scroll">
                    <table class="desk-table" data-testid="dnc-list">
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n, T::Company)}</th>
                                <th scope="col">{tr(i18n, T::Reason)}</th>
                                <th scope="col">{tr(i18n, T::RegisteredBy)}</th>
                                <th scope="col">{tr(i18n, T::RegisteredOn)}</th>
                                <th scope="col">{tr(i18n, T::RequestedBy)}</th>
                                <th scope="col">{tr(i18n, T::AppliesTo)}</th>
                                <th scope="col"><span class="visually-hidden">{tr(i18n, T::Lift)}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| (r.flag.company.clone(), r.flag.seq) let:row>
                                <FlagRow row names />
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// One flag, with "Ophæv" opening the reason field and the confirmation in the row.
#[component]
fn FlagRow(row: Row, names: StoredValue<Arc<DeskData>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let lifting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<T>);
    let cvr = row.flag.company.to_string();
    let reason_id = format!("lift-reason-{cvr}");
    let flag = row.flag.clone();
    let lift = Action::new_local(move |why: &String| {
        let (flag, why) = (flag.clone(), why.clone());
        async move {
            match records.lift_do_not_contact(flag, why).await {
                Ok(()) => lifting.set(false),
                Err(key) => sync.report(key),
            }
        }
    });
    let confirm = move |_| {
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            problem.set(Some(T::LiftNeedsReason));
            return;
        }
        problem.set(None);
        lift.dispatch_local(why);
    };
    view! {
        <tr data-testid="dnc-row" data-cvr=cvr.clone()>
            <td><a href=paths::company(&row.flag.company)>{row.name.clone()}</a><div class="muted small">{cvr.clone()}</div></td>
            <td class="pre-line">{row.flag.reason.clone()}</td>
            <td>{row.by.clone()}</td>
            <td>{row.flag.registered_on.clone()}</td>
            <td data-testid="dnc-row-requested-by">{row.flag.requested_by.clone().unwrap_or_default()}</td>
            <td data-testid="dnc-row-scope">{if row.scope.is_empty() { tr(i18n, T::AllUnits)().to_owned() } else { row.scope.clone() }}</td>
            <td>
                <FlagHistory cvr=row.flag.company.clone() names />
                <Show
                    when=move || lifting.get()
                    fallback=move || view! {
                        <button type="button" class="button button-small" data-testid="dnc-lift" on:click=move |_| lifting.set(true)>
                            {tr(i18n, T::Lift)}
                        </button>
                    }
                >
                    <div class="desk-lift">
                        <label for=reason_id.clone()>{tr(i18n, T::LiftReason)}</label>
                        <textarea id=reason_id.clone() data-testid="dnc-lift-reason" rows="2" bind:value=reason></textarea>
                        {move || problem.get().map(|p| view! { <p class="error" role="alert">{tr(i18n, p)}</p> })}
                        <div class="button-row">
                            <button type="button" class="button button-danger" data-testid="dnc-lift-confirm" disabled=move || lift.pending().get() on:click=confirm>
                                {tr(i18n, T::LiftConfirm)}
                            </button>
                            <button type="button" class="button button-quiet" on:click=move |_| lifting.set(false)>{tr(i18n, T::Cancel)}</button>
                        </div>
                    </div>
                </Show>
            </td>
        </tr>
    }
}

/// "Historik": every setting and lifting of the flag, with who and why — and for a setting who
/// at the company asked and the units it held for — fetched from the server when opened (it
/// needs the network; the device keeps only the current flag).
#[component]
fn FlagHistory(cvr: Cvr, names: StoredValue<Arc<DeskData>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let opened = RwSignal::new(false);
    let history = LocalResource::new(move || {
        let (cvr, open) = (cvr.clone(), opened.get());
        async move {
            if !open {
                return None;
            }
            let token = session.token_untracked().unwrap_or_default();
            Some(admin_api::flag_history(&token, &cvr).await)
        }
    });
    view! {
        <details class="desk-history" data-testid="dnc-history" on:toggle=move |_| opened.set(true)>
            <summary>{tr(i18n, T::History)}</summary>
            <Suspense fallback=move || view! { <p class="muted small">{tr(i18n, T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        None => ().into_any(),
                        Some(Err(_)) => view! { <p class="muted small">{tr(i18n, T::NeedsNetwork)}</p> }.into_any(),
                        Some(Ok(events)) if events.is_empty() => view! {
                            <p class="muted small" data-testid="dnc-history-empty">{tr(i18n, T::NoHistory)}</p>
                        }.into_any(),
                        Some(Ok(events)) => view! {
                            <ul class="desk-contacts">
                                {events.into_iter().map(|e| {
                                    let action = match e.action {
                                        FlagAction::Set => T::FlagSet,
                                        FlagAction::Lifted => T::FlagLifted,
                                    };
                                    let when = e.at.format("%d.%m.%Y").to_string();
                                    let (who, scope) = names.with_value(|d| {
                                        let units = e.units.iter().map(|u| d.unit_name(u)).collect::<Vec<_>>();
                                        (d.person_name(&e.user_id), units.join(", "))
                                    });
                                    let set = e.action == FlagAction::Set;
                                    let asked = e.requested_by.clone().filter(|_| set).map(|asked| view! {
                                        " · "{tr(i18n, T::RequestedBy)}": "
                                        <span data-testid="dnc-history-requested-by">{asked}</span>
                                    });
                                    let applies = set.then(|| view! {
                                        " · "{tr(i18n, T::AppliesTo)}" "
                                        <span data-testid="dnc-history-scope">
                                            {move || if scope.is_empty() { tr(i18n, T::AllUnits)().to_owned() } else { scope.clone() }}
                                        </span>
                                    });
                                    view! {
                                        <li data-testid="dnc-history-event" data-action=format!("{:?}", e.action).to_lowercase()>
                                            {when}" · "{tr(i18n, action)}" · "{who}" · "{e.reason.unwrap_or_default()}
                                            {asked}{applies}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}

fn csv_rows(lang: Lang, rows: &[Row]) -> Vec<Vec<String>> {
    let header = [T::Company, T::Reason, T::RegisteredBy, T::RegisteredOn, T::RequestedBy, T::AppliesTo];
    let mut out = vec![std::iter::once("CVR").chain(header.map(|k| t(lang, k))).map(str::to_owned).collect()];
    out.extend(rows.iter().map(|r| {
        vec![
            r.flag.company.to_string(),
            r.name.clone(),
            r.flag.reason.clone(),
            r.by.clone(),
            r.flag.registered_on.clone(),
            r.flag.requested_by.clone().unwrap_or_default(),
            if r.scope.is_empty() { t(lang, T::AllUnits).to_owned() } else { r.scope.clone() },
        ]
    }));
    out
}
