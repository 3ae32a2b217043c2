//! (B) Companies not contacted for long: active companies without a contact for N months,
//! never-contacted included; filtered by employees, industry group and area, sortable,
//! shown a hundred at a time.

use super::data::DeskData;
use super::export;
use super::kept::Kept;
use super::period::whole_number;
use super::texts::{self, T, counted, t, tr};
use crate::app::paths;
use crate::i18n::{I18n, Lang, industry_group_name};
use kontaktpunkt_domain::overview::{DEFAULT_STALE_MONTHS, StaleCompany, StaleFilter, stale_companies};
use kontaktpunkt_domain::reference::INDUSTRY_GROUPS;
use kontaktpunkt_domain::{Cvr, EmployeeInterval};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows shown at first and added by "Vis flere".
const PAGE: usize = 100;

/// The column the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    /// Never contacted first, then the oldest last contact (the rule's own order).
    LastContact,
    Name,
    /// Most employees first.
    Employees,
    Area,
}

#[component]
pub fn StaleView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let months = Kept::signal("stale.months", || DEFAULT_STALE_MONTHS.to_string());
    let group = Kept::signal("stale.group", String::new);
    let employees = Kept::signal("stale.employees", String::new);
    let area = Kept::signal("stale.area", String::new);
    let sort = Kept::signal("stale.sort", || SortBy::LastContact);
    let shown = RwSignal::new(PAGE);
    let months_value = move || months.with(|m| whole_number(m, 1..=120));
    let list = {
        let data = data.clone();
        Memo::new(move |_| {
            let months = u32::try_from(months_value()?).ok()?;
            let filter = StaleFilter {
                employees: employees.with(|e| (!e.is_empty()).then(|| vec![EmployeeInterval::parse(e)])),
                industry_group: group.with(|g| g.parse::<u8>().ok()),
                postal_code: area.with(|a| (!a.is_empty()).then(|| a.clone())),
            };
            let mut list = stale_companies(&data.companies, &data.last_contact, data.today, months, &filter);
            sort_list(&mut list, sort.get());
            Some(list)
        })
    };
    // A new filter starts at the top of the list again.
    Effect::new(move || {
        list.track();
        shown.set(PAGE);
    });
    let never =
        move || list.with(|l| l.as_ref().map(|l| l.iter().filter(|c| c.last_contact.is_none()).count()));
    let areas = data.areas();
    let export = move |_| {
        if let Some(list) = list.get_untracked() {
            export::offer("ikke-kontaktet", &csv_rows(i18n.lang.get_untracked(), &list));
        }
    };
    let sort_button = move |by: SortBy, label: T| {
        view! {
            <th scope="col" aria-sort=move || (sort.get() == by).then_some(if by == SortBy::Employees { "descending" } else { "ascending" })>
                <button type="button" class="link-button" on:click=move |_| sort.set(by)>{tr(i18n, label)}</button>
            </th>
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="stale-title">
            <h2 id="stale-title">{tr(i18n, T::ViewStale)}</h2>
            <div class="desk-controls">
                <div class="field">
                    <label for="stale-months">{tr(i18n, T::Months)}</label>
                    <input id="stale-months" type="number" min="1" max="120" inputmode="numeric" bind:value=months />
                </div>
                <div class="field">
                    <label for="stale-group">{tr(i18n, T::IndustryGroup)}</label>
                    <select id="stale-group" bind:value=group>
                        <option value="">{tr(i18n, T::All)}</option>
                        {INDUSTRY_GROUPS.iter().map(|(n, _, _)| view! {
                            <option value=n.to_string()>{move || industry_group_name(i18n.lang.get(), *n)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="stale-employees">{tr(i18n, T::Employees)}</label>
                    <select id="stale-employees" bind:value=employees>
                        <option value="">{tr(i18n, T::All)}</option>
                        {EmployeeInterval::ALL.iter().map(|e| view! {
                            <option value=e.as_str()>{move || texts::employees(i18n.lang.get(), *e)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="stale-area">{tr(i18n, T::Area)}</label>
                    <select id="stale-area" bind:value=area>
                        <option value="">{tr(i18n, T::All)}</option>
                        {areas.into_iter().map(|(code, town)| view! {
                            <option value=code.clone()>{format!("{code} {town}")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || months_value().is_none()>
                    <p class="error desk-controls-error" role="alert">{tr(i18n, T::BadMonths)}</p>
                </Show>
            </div>
            <p class="desk-figure">
                <strong data-testid="stale-count">{move || list.with(|l| l.as_ref().map(|l| crate::i18n::number(i18n.lang.get(), l.len() as u64)))}</strong>
                " "{tr(i18n, T::StaleCount)}"; "
                <span data-testid="stale-never-count">{move || never().map(|n| counted(i18n.lang.get(), n, T::NeverCount))}</span>
            </p>
            <button type="button" class="button" data-testid="stale-export" on:click=export>{tr(i18n, T::ExportCsv)}</button>
            <div class="table-scroll">
                <table class="desk-table" data-testid="stale-list">
                    <thead>
                        <tr>
                            {sort_button(SortBy::Name, T::Company)}
                            {sort_button(SortBy::LastContact, T::LastContact)}
                            {sort_button(SortBy::Employees, T::Employees)}
                            <th scope="col">{tr(i18n, T::IndustryGroup)}</th>
                            {sort_button(SortBy::Area, T::Area)}
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || list.with(|l| l.iter().flatten().take(shown.get()).cloned().collect::<Vec<_>>())
                            key=|c| c.cvr.clone()
                            let:company
                        >
                            <StaleRow company />
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || list.with(|l| l.as_ref().is_some_and(|l| l.is_empty()))>
                <p class="panel muted">{tr(i18n, T::NoneMatch)}</p>
            </Show>
            <Show when=move || list.with(|l| l.as_ref().is_some_and(|l| l.len() > shown.get()))>
                <button type="button" class="button" data-testid="stale-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {tr(i18n, T::ShowMore)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn StaleRow(company: StaleCompany) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let group = company.industry_group;
    let last = company.last_contact.map(|d| d.format("%d.%m.%Y").to_string());
    let cvr: Cvr = company.cvr.clone();
    view! {
        <tr data-testid="stale-company" data-cvr=cvr.to_string()>
            <td><a href=paths::company(&cvr)>{company.name}</a><div class="muted small">{cvr.to_string()}</div></td>
            <td>{move || last.clone().unwrap_or_else(|| t(i18n.lang.get(), T::Never).to_owned())}</td>
            <td class="num">{move || texts::employees(i18n.lang.get(), company.employees)}</td>
            <td>{move || industry_group_name(i18n.lang.get(), group)}</td>
            <td>{format!("{} {}", company.postal_code, company.town)}</td>
        </tr>
    }
}

fn sort_list(list: &mut [StaleCompany], by: SortBy) {
    match by {
        SortBy::LastContact => {}
        SortBy::Name => list.sort_by(|a, b| a.name.cmp(&b.name)),
        SortBy::Employees => {
            list.sort_by(|a, b| b.employees.cmp(&a.employees).then_with(|| a.name.cmp(&b.name)))
        }
        SortBy::Area => {
            list.sort_by(|a, b| a.postal_code.cmp(&b.postal_code).then_with(|| a.name.cmp(&b.name)))
        }
    }
}

fn csv_rows(lang: Lang, list: &[StaleCompany]) -> Vec<Vec<String>> {
    let header = [T::Company, T::LastContact, T::Employees, T::IndustryGroup, T::Area];
    let mut rows =
        vec![std::iter::once("CVR").chain(header.map(|k| t(lang, k))).map(str::to_owned).collect()];
    rows.extend(list.iter().map(|c| {
        vec![
            c.cvr.to_string(),
            c.name.clone(),
            c.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            c.employees.label().to_owned(),
            c.industry_group.to_string(),
            c.postal_code.clone(),
        ]
    }));
    rows
}
