//! (A) Parallel contacts: companies contacted by two or more different units within a window,
//! with who, when and how, and the monthly trend of the last twelve months.

use super::chart::{Bar, ColumnChart};
use super::data::DeskData;
use super::export;
use super::kept::Kept;
use super::period::{Period, PeriodFields, whole_number};
use super::texts::{self, T, t, tr};
use crate::app::paths;
use crate::i18n::{I18n, Lang, number};
use chrono::Months;
use kontaktpunkt_domain::overview::{DEFAULT_PARALLEL_DAYS, ParallelCase, parallel_by_month, parallel_cases};
use kontaktpunkt_domain::plan::planned_facts;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ParallelView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let period =
        Period::kept(["parallel.from", "parallel.to"], data.today, 0, Some(DEFAULT_PARALLEL_DAYS as u64));
    let window = Kept::signal("parallel.window", || DEFAULT_PARALLEL_DAYS.to_string());
    let window_days = move || window.with(|w| whole_number(w, 0..=366));
    let cases = {
        let data = data.clone();
        Memo::new(move |_| {
            let (from, to) = period.get()?;
            let counted = crate::js::Timing::start("kp:desk-parallel");
            // Only the period's contacts are copied (the rule counts no others): a year's
            // 200,000 cloned for a month's cases was a tenth of the desk's opening.
            let mut facts = planned_facts(&data.planned, from, to);
            facts.extend(data.contacts.iter().filter(|c| c.date >= from && c.date <= to).cloned());
            let cases = parallel_cases(&facts, from, to, window_days()?);
            counted.end();
            Some(cases)
        })
    };
    let year_ago = data.today.checked_sub_months(Months::new(11)).unwrap_or(data.today);
    let trend = parallel_by_month(&data.contacts, year_ago, data.today);
    let trend_rows = trend.clone();
    let bars = trend
        .iter()
        .map(|m| Bar {
            label: texts::month_short(i18n.lang.get_untracked(), &m.month),
            value: m.count as f64,
            text: m.count.to_string(),
            alert: false,
        })
        .collect();
    let export_data = data.clone();
    let export = move |_| {
        if let Some(cases) = cases.get_untracked() {
            export::offer("parallelle-kontakter", &csv_rows(i18n.lang.get_untracked(), &export_data, &cases));
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="parallel-title">
            <h2 id="parallel-title">{tr(i18n, T::ViewParallel)}</h2>
            <div class="desk-controls">
                <PeriodFields period prefix="parallel" />
                <div class="field">
                    <label for="parallel-window">{tr(i18n, T::WindowDays)}</label>
                    <input id="parallel-window" type="number" min="0" max="366" inputmode="numeric" bind:value=window aria-describedby="parallel-window-hint" />
                    <small id="parallel-window-hint" class="muted">{tr(i18n, T::WindowHint)}</small>
                </div>
                <Show when=move || window_days().is_none()>
                    <p class="error desk-controls-error" role="alert">{tr(i18n, T::BadWindow)}</p>
                </Show>
            </div>
            <p class="desk-figure">
                <strong data-testid="parallel-count">{move || cases.with(|c| c.as_ref().map(|c| number(i18n.lang.get(), c.len() as u64)))}</strong>
                " "
                {tr(i18n, T::ParallelCount)}
            </p>
            <button type="button" class="button" data-testid="parallel-export" on:click=export>{tr(i18n, T::ExportCsv)}</button>
            {move || {
                let data = data.clone();
                cases.get().map(|cases| {
                    if cases.is_empty() {
                        return view! { <p class="panel muted">{tr(i18n, T::ParallelNone)}</p> }.into_any();
                    }
                    view! { <CaseTable data cases /> }.into_any()
                })
            }}
            <h3 id="parallel-trend-title">{tr(i18n, T::ParallelTrend)}</h3>
            <div class="desk-chart-pair">
                <ColumnChart labelled_by="parallel-trend-title" bars />
                <div class="table-scroll">
                    <table class="desk-table" data-testid="parallel-trend">
                        <thead><tr><th scope="col">{tr(i18n, T::Month)}</th><th scope="col">{tr(i18n, T::Count)}</th></tr></thead>
                        <tbody>
                            {trend_rows.into_iter().map(|m| view! {
                                <tr><td>{move || texts::month(i18n.lang.get(), &m.month)}</td><td class="num">{m.count}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

/// The cases: one row per company, its parallel contacts listed in the row.
#[component]
fn CaseTable(data: Arc<DeskData>, cases: Vec<ParallelCase>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = cases
        .into_iter()
        .map(|case| {
            let units = case.units.iter().map(|u| data.unit_name(u)).collect::<Vec<_>>().join(", ");
            let contacts = case
                .contacts
                .iter()
                .map(|c| {
                    let (unit, person, kind) =
                        (data.unit_name(&c.unit_id), data.person_name(&c.user_id), c.kind);
                    let date = c.date.format("%d.%m.%Y").to_string();
                    let planned = c.planned.then(|| view! { " · "<strong>{tr(i18n, T::Planned)}</strong> });
                    view! { <li>{date}" · "{unit}" · "{person}" · "{tr(i18n, texts::kind(kind))}{planned}</li> }
                })
                .collect_view();
            view! {
                <tr data-testid="parallel-case" data-cvr=case.company.to_string()>
                    <td>
                        <a href=paths::company(&case.company)>{data.company_name(&case.company)}</a>
                        <div class="muted small">{case.company.to_string()}</div>
                    </td>
                    <td>{units}</td>
                    <td><ul class="desk-contacts">{contacts}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="desk-table" data-testid="parallel-cases">
                <thead>
                    <tr>
                        <th scope="col">{tr(i18n, T::Company)}</th>
                        <th scope="col">{tr(i18n, T::Units)}</th>
                        <th scope="col">{tr(i18n, T::Contacts)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One CSV row per parallel contact: company, unit, person, date, kind.
fn csv_rows(lang: Lang, data: &DeskData, cases: &[ParallelCase]) -> Vec<Vec<String>> {
    let header = [T::Company, T::Unit, T::Person, T::Date, T::Kind];
    let mut rows =
        vec![std::iter::once("CVR").chain(header.map(|k| t(lang, k))).map(str::to_owned).collect()];
    for case in cases {
        for c in &case.contacts {
            rows.push(vec![
                case.company.to_string(),
                data.company_name(&case.company),
                data.unit_name(&c.unit_id),
                data.person_name(&c.user_id),
                c.date.to_string(),
                t(lang, texts::kind(c.kind)).to_owned(),
            ]);
        }
    }
    rows
}
