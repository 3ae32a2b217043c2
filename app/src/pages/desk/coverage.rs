//! (C) Coverage: the share of active companies contacted in the period by industry group (with
//! the DB07 sections of a chosen group) and by postal code, against the municipality's share.
//! Groups far below the average are marked. Each chart has its table beside it.

use super::chart::{Bar, BarChart};
use super::data::DeskData;
use super::export;
use super::kept::Kept;
use super::period::{Period, PeriodFields};
use super::texts::{T, percent, t, tr};
use crate::i18n::{I18n, Lang, industry_group_name, number};
use kontaktpunkt_domain::overview::{Coverage, CoverageRow, DEFAULT_STALE_MONTHS, coverage};
use kontaktpunkt_domain::reference::industry_group_of_section;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Which rows a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breakdown {
    IndustryGroup,
    Section,
    Area,
}

#[component]
pub fn CoverageView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let period = Period::kept(["coverage.from", "coverage.to"], data.today, DEFAULT_STALE_MONTHS, None);
    let drill = Kept::signal("coverage.drill", || None::<u8>);
    let result = Memo::new(move |_| {
        let (from, to) = period.get()?;
        let contacted: HashSet<_> = data
            .contacts
            .iter()
            .filter(|c| c.date >= from && c.date <= to)
            .map(|c| c.company.clone())
            .collect();
        Some(coverage(&data.companies, &contacted))
    });
    let export = move |_| {
        if let Some(result) = result.get_untracked() {
            export::offer("daekning", &csv_rows(i18n.lang.get_untracked(), &result));
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="coverage-title">
            <h2 id="coverage-title">{tr(i18n, T::ViewCoverage)}</h2>
            <div class="desk-controls">
                <PeriodFields period prefix="coverage" />
            </div>
            {move || result.get().map(|result| {
                let lang = i18n.lang.get();
                let sections: Vec<CoverageRow> = match drill.get() {
                    Some(group) => result
                        .by_section
                        .iter()
                        .filter(|r| r.key.chars().next().map(industry_group_of_section) == Some(group))
                        .cloned()
                        .collect(),
                    None => Vec::new(),
                };
                view! {
                    <p class="desk-figure">
                        <strong data-testid="coverage-share">{percent(lang, result.share)}</strong>
                        " ("{number(lang, result.contacted)}" / "{number(lang, result.population)}") "
                        {tr(i18n, T::CoverageSummary)}
                    </p>
                    <button type="button" class="button" data-testid="coverage-export" on:click=export>{tr(i18n, T::ExportCsv)}</button>
                    <h3 id="coverage-groups-title">{tr(i18n, T::ByIndustryGroup)}</h3>
                    <CoverageTable id="coverage-groups" rows=result.by_industry_group.clone() share=result.share breakdown=Breakdown::IndustryGroup drill />
                    {(!sections.is_empty()).then(|| view! {
                        <h3 id="coverage-sections-title">{tr(i18n, T::BySection)}</h3>
                        <CoverageTable id="coverage-sections" rows=sections share=result.share breakdown=Breakdown::Section drill />
                    })}
                    <h3 id="coverage-areas-title">{tr(i18n, T::ByArea)}</h3>
                    <CoverageTable id="coverage-areas" rows=result.by_area.clone() share=result.share breakdown=Breakdown::Area drill />
                }
            })}
        </section>
    }
}

/// A chart of the rows' shares (with the municipality's share as a line) and their table.
#[component]
fn CoverageTable(
    id: &'static str,
    rows: Vec<CoverageRow>,
    share: f64,
    breakdown: Breakdown,
    drill: RwSignal<Option<u8>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lang = i18n.lang.get_untracked();
    let title = match breakdown {
        Breakdown::IndustryGroup => "coverage-groups-title",
        Breakdown::Section => "coverage-sections-title",
        Breakdown::Area => "coverage-areas-title",
    };
    let bars = rows
        .iter()
        .filter(|r| r.population > 0)
        .map(|r| Bar {
            label: label(lang, breakdown, r),
            value: r.share,
            text: percent(lang, r.share),
            alert: r.far_below,
        })
        .collect();
    let body = rows
        .into_iter()
        .map(|row| {
            let group = (breakdown == Breakdown::IndustryGroup).then(|| row.key.parse::<u8>().ok()).flatten();
            let name = label(lang, breakdown, &row);
            view! {
                <tr data-testid="coverage-row" data-key=row.key.clone() class:desk-alert=row.far_below>
                    <th scope="row">
                        {match group {
                            Some(group) => view! {
                                <button type="button" class="link-button" aria-pressed=move || (drill.get() == Some(group)).to_string()
                                    title=tr(i18n, T::Drill)
                                    on:click=move |_| drill.update(|d| *d = if *d == Some(group) { None } else { Some(group) })>
                                    {name}
                                </button>
                            }.into_any(),
                            None => view! { <span>{name}</span> }.into_any(),
                        }}
                        {row.far_below.then(|| view! { <span class="badge badge-warn" data-testid="far-below">{tr(i18n, T::FarBelow)}</span> })}
                    </th>
                    <td class="num">{number(lang, row.population)}</td>
                    <td class="num">{number(lang, row.contacted)}</td>
                    <td class="num">{percent(lang, row.share)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="desk-chart-pair">
            <div>
                <BarChart labelled_by=title bars average=share />
                <p class="muted small">{tr(i18n, T::Average)}": "{percent(lang, share)}</p>
            </div>
            <div class="table-scroll">
                <table class="desk-table" data-testid=id>
                    <thead>
                        <tr>
                            <th scope="col">{tr(i18n, match breakdown {
                                Breakdown::Area => T::Area,
                                _ => T::IndustryGroup,
                            })}</th>
                            <th scope="col">{tr(i18n, T::Population)}</th>
                            <th scope="col">{tr(i18n, T::Contacted)}</th>
                            <th scope="col">{tr(i18n, T::Share)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}

fn label(lang: Lang, breakdown: Breakdown, row: &CoverageRow) -> String {
    match breakdown {
        Breakdown::IndustryGroup => {
            let n = row.key.parse().unwrap_or(0);
            format!("{} {}", row.key, industry_group_name(lang, n))
        }
        Breakdown::Section => row.key.clone(),
        Breakdown::Area => format!("{} {}", row.key, row.label),
    }
}

fn csv_rows(lang: Lang, result: &Coverage) -> Vec<Vec<String>> {
    let header = [T::Population, T::Contacted, T::Share];
    let mut rows =
        vec![["", ""].into_iter().chain(header.map(|k| t(lang, k))).map(str::to_owned).collect::<Vec<_>>()];
    let groups = [
        (T::IndustryGroup, &result.by_industry_group),
        (T::BySection, &result.by_section),
        (T::Area, &result.by_area),
    ];
    for (kind, list) in groups {
        rows.extend(list.iter().map(|r| {
            vec![
                t(lang, kind).to_owned(),
                format!("{} {}", r.key, r.label),
                r.population.to_string(),
                r.contacted.to_string(),
                format!("{:.4}", r.share),
            ]
        }));
    }
    rows
}
