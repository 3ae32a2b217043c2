//! The company's name and register facts, and the page for a CVR number this device lacks.

use crate::app::paths;
use crate::components::fact::{CompanyBadges, Fact};
use crate::i18n::{I18n, Key};
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// Name (`h1#company-title`, focused when the screen opens) and register facts.
#[component]
pub fn CompanyFacts(company: Company) -> impl IntoView {
    let address =
        format!("{}, {} {}", company.address.street, company.address.postal_code, company.address.town);
    let industry = format!("{} ({})", company.industry.text, company.industry.code);
    let employees = company.employees;
    let (name, cvr) = (company.name.clone(), company.cvr.to_string());
    view! {
        <header class="panel company-facts-panel">
            <h1 id="company-title" tabindex="-1">{name}</h1>
            <div class="company-head">
                <CompanyBadges company />
            </div>
            <dl class="facts">
                <Fact label=Key::Cvr value=cvr value_class="company-cvr" />
                <Fact label=Key::Address value=address />
                <Fact label=Key::Industry value=industry />
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <Fact label=Key::Employees value=employees.label().to_owned() />
                })}
            </dl>
        </header>
    }
}

/// A CVR number that is not on this device (or is no CVR number at all).
#[component]
pub fn UnknownCompany(cvr: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel" data-testid="company-not-found" aria-labelledby="company-title">
            <h1 id="company-title" tabindex="-1">{cvr}</h1>
            <p>{i18n.tr(Key::CompanyNotFound)}</p>
            <p><a href=paths::SEARCH class="button">{i18n.tr(Key::BackToSearch)}</a></p>
        </section>
    }
}
