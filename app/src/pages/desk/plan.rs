//! The contact plan: the server suggests who should contact which companies in a period
//! (the domain's plan rule, with each row's reasons); the coordinator reviews the draft,
//! takes rows out, and publishes it to the consultants' devices. Needs the network (the plan
//! is computed and kept on the server); the published rows then travel by sync, offline too.

use super::export;
use super::problem;
use super::texts::{T, both, t, tr};
use crate::admin_api;
use crate::app::paths;
use crate::i18n::{I18n, Lang, either, number};
use crate::rules::parse_date;
use crate::services::records::today;
use crate::services::{Records, SessionService, SyncService};
use kontaktpunkt_domain::Colleague;
use kontaktpunkt_domain::plan::{PlanDetail, PlanItem, PlanStatus};
use leptos::prelude::*;
use uuid::Uuid;

/// Rows per consultant unless the coordinator says otherwise.
const DEFAULT_CAPACITY: &str = "10";

#[component]
pub fn ContactPlanView() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let records = expect_context::<Records>();
    // Who a row can go to: colleagues with a unit (the server checks it again).
    let assignees = LocalResource::new(move || async move {
        let mut people: Vec<Colleague> =
            records.colleagues().await.into_iter().filter(|c| c.unit_id.is_some()).collect();
        people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        people
    });
    let token = move || session.token_untracked().unwrap_or_default();
    let start = today();
    let from = RwSignal::new(start.to_string());
    let to = RwSignal::new(start.checked_add_days(chrono::Days::new(30)).unwrap_or(start).to_string());
    let capacity = RwSignal::new(DEFAULT_CAPACITY.to_owned());
    let shown = RwSignal::new(None::<PlanDetail>);
    let error = RwSignal::new(None::<(String, String)>);
    let refresh = RwSignal::new(0u32);
    let plans = LocalResource::new(move || {
        refresh.track();
        async move { admin_api::plans(&token()).await }
    });
    // Every call answers the plan as it now is, or why not.
    let call = Action::new_local(move |step: &Step| {
        let step = step.clone();
        async move {
            let token = token();
            let answer = match step {
                Step::Create => {
                    let period = (parse_date(&from.get_untracked()), parse_date(&to.get_untracked()));
                    let cap = capacity.get_untracked().trim().parse::<u32>().unwrap_or(0);
                    match period {
                        (Some(f), Some(t)) => admin_api::create_plan(&token, f, t, cap).await,
                        _ => {
                            error.set(Some(both(T::BadPeriod)));
                            return;
                        }
                    }
                }
                Step::Open(id) => admin_api::plan(&token, id).await,
                Step::Remove(plan, item) => admin_api::remove_plan_row(&token, plan, item).await,
                Step::Reassign(plan, item, user) => {
                    admin_api::reassign_plan_row(&token, plan, item, user).await
                }
                Step::Publish(plan) => admin_api::publish_plan(&token, plan).await,
            };
            match answer {
                Ok(plan) => {
                    error.set(None);
                    if plan.plan.status == PlanStatus::Published {
                        // The rows come to this device (and every other) with the next pull.
                        sync.sync_now();
                    }
                    shown.set(Some(plan));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(problem(e))),
            }
        }
    });
    view! {
        <section class="desk-view" aria-labelledby="plan-title">
            <h2 id="plan-title">{tr(i18n, T::ViewPlan)}</h2>
            <p class="muted">{tr(i18n, T::PlanIntro)}</p>
            <form class="desk-controls" on:submit=move |ev| { ev.prevent_default(); call.dispatch_local(Step::Create); }>
                <div class="field">
                    <label for="plan-from">{tr(i18n, T::From)}</label>
                    <input id="plan-from" type="date" bind:value=from />
                </div>
                <div class="field">
                    <label for="plan-to">{tr(i18n, T::To)}</label>
                    <input id="plan-to" type="date" bind:value=to />
                </div>
                <div class="field">
                    <label for="plan-capacity">{tr(i18n, T::Capacity)}</label>
                    <input id="plan-capacity" type="number" min="1" max="200" inputmode="numeric" bind:value=capacity />
                </div>
                <button type="submit" class="button button-primary" data-testid="plan-create" disabled=move || call.pending().get()>
                    {tr(i18n, T::PlanCreate)}
                </button>
            </form>
            <p role="alert" class="error" data-testid="plan-error">
                {move || error.get().map(|(da, en)| either(i18n.lang.get(), &da, &en).to_owned())}
            </p>
            {move || shown.get().map(|plan| {
                let people = assignees.get().unwrap_or_default();
                view! { <PlanTable plan people call /> }
            })}
            <h3>{tr(i18n, T::PlanList)}</h3>
            <Transition fallback=move || view! { <p class="muted">{tr(i18n, T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Err(e) => {
                            let (da, en) = problem(e);
                            view! { <p class="muted">{move || either(i18n.lang.get(), &da, &en).to_owned()}</p> }.into_any()
                        }
                        Ok(list) if list.is_empty() => view! { <p class="muted">{tr(i18n, T::NoPlans)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="desk-comments" data-testid="plan-list">
                                {list.into_iter().map(|p| {
                                    let id = p.id;
                                    let label = move || {
                                        let lang = i18n.lang.get();
                                        format!("{} – {} · {} · {}", p.from, p.to, t(lang, status_text(p.status)), number(lang, p.item_count))
                                    };
                                    view! {
                                        <li>
                                            <button type="button" class="link-button" on:click=move |_| { call.dispatch_local(Step::Open(id)); }>
                                                {label}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What the coordinator asked of the server.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Create,
    Open(Uuid),
    Remove(Uuid, Uuid),
    /// The row goes to this user.
    Reassign(Uuid, Uuid, Uuid),
    Publish(Uuid),
}

/// The plan's rows with their reasons; a draft's rows can be taken out or given to another
/// consultant, and it published. Any plan downloads as CSV.
#[component]
fn PlanTable(plan: PlanDetail, people: Vec<Colleague>, call: Action<Step, ()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let draft = plan.plan.status == PlanStatus::Draft;
    let plan_id = plan.plan.id;
    let lang = i18n.lang.get_untracked();
    let rows = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let reasons = worded_reasons(lang, row).to_owned();
            let item = row.id;
            let assignee = if draft && !people.is_empty() {
                let current = row.user_id;
                let mut options: Vec<(Uuid, String)> = people.iter().map(|p| (p.id, p.display_name.clone())).collect();
                if !options.iter().any(|(id, _)| *id == current) {
                    options.insert(0, (current, row.user_name.clone()));
                }
                let label = format!("{}: {}", t(lang, T::PlanAssignee), row.company_name);
                view! {
                    <select
                        data-testid="plan-assignee"
                        aria-label=label
                        on:change=move |ev| {
                            if let Ok(user) = Uuid::parse_str(&event_target_value(&ev)) && user != current {
                                call.dispatch_local(Step::Reassign(plan_id, item, user));
                            }
                        }
                    >
                        {options
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.to_string() selected=id == current>{name}</option> })
                            .collect_view()}
                    </select>
                }
                .into_any()
            } else {
                row.user_name.clone().into_any()
            };
            view! {
                <tr data-testid="plan-item" data-cvr=row.company.to_string() data-status=row.status.as_str()>
                    <td class="num">{i + 1}</td>
                    <td><a href=paths::company(&row.company)>{row.company_name.clone()}</a><div class="muted small">{row.company.to_string()}</div></td>
                    <td>{row.unit_name.clone()}</td>
                    <td data-testid="plan-user" data-user=row.user_id.to_string()>{assignee}</td>
                    <td>{reasons}</td>
                    <td>{row.status.as_str()}</td>
                    <td>
                        {draft.then(|| view! {
                            <button type="button" class="button button-small" data-testid="plan-remove"
                                on:click=move |_| { call.dispatch_local(Step::Remove(plan_id, item)); }>
                                {tr(i18n, T::PlanRemove)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let csv_name = format!("kontaktplan-{}-{}", plan.plan.from, plan.plan.to);
    let summary = format!(
        "{} – {}: {} {}",
        plan.plan.from,
        plan.plan.to,
        number(lang, plan.plan.item_count),
        t(lang, T::PlanRows)
    );
    let (status, count) = (plan.plan.status, plan.plan.item_count);
    // The CSV is written when asked for, in the language of that moment.
    let export = move |_| export::offer(&csv_name, &csv_rows(i18n.lang.get_untracked(), &plan));
    view! {
        <div class="desk-view" data-testid="plan" data-status=status.as_str() data-id=plan_id.to_string()>
            <p class="desk-figure">
                <strong data-testid="plan-count">{count}</strong>" "{summary}
                " · "{tr(i18n, if draft { T::PlanDraft } else { T::PlanPublished })}
            </p>
            {draft.then(|| view! {
                <button type="button" class="button button-primary" data-testid="plan-publish"
                    on:click=move |_| { call.dispatch_local(Step::Publish(plan_id)); }>
                    {tr(i18n, T::PlanPublish)}
                </button>
            })}
            <button type="button" class="button" data-testid="plan-export" on:click=export>
                {tr(i18n, T::ExportCsv)}
            </button>
            <div class="table-scroll">
                <table class="desk-table" data-testid="plan-items">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{tr(i18n, T::Company)}</th>
                            <th scope="col">{tr(i18n, T::Unit)}</th>
                            <th scope="col">{tr(i18n, T::Person)}</th>
                            <th scope="col">{tr(i18n, T::Why)}</th>
                            <th scope="col">{tr(i18n, T::Status)}</th>
                            <th scope="col"><span class="visually-hidden">{tr(i18n, T::PlanRemove)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

/// The plan as CSV rows, header first, in the user's language.
fn csv_rows(lang: Lang, plan: &PlanDetail) -> Vec<Vec<String>> {
    let mut header = vec!["#".to_owned(), "CVR".to_owned()];
    header.extend([T::Company, T::Unit, T::Person, T::Why, T::Status].map(|key| t(lang, key).to_owned()));
    let mut rows = vec![header];
    for (i, row) in plan.items.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            row.company.to_string(),
            row.company_name.clone(),
            row.unit_name.clone(),
            row.user_name.clone(),
            worded_reasons(lang, row).to_owned(),
            row.status.as_str().to_owned(),
        ]);
    }
    rows
}

/// A row's reasons as the server worded them, in `lang`.
fn worded_reasons(lang: Lang, row: &PlanItem) -> &str {
    match lang {
        Lang::Da => &row.reasons_da,
        Lang::En => &row.reasons_en,
    }
}

fn status_text(status: PlanStatus) -> T {
    match status {
        PlanStatus::Draft => T::PlanDraft,
        PlanStatus::Published => T::PlanPublished,
    }
}
