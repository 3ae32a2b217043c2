//! The company's name and register facts, and the page for a CVR number this device lacks.

use crate::app::paths;
use crate::i18n::{I18n, Key};
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// Name (`h1#company-title`, focused when the screen opens) and register facts.
#[component]
pub fn CompanyFacts(company: Company) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Company { cvr, name, address, industry, employees, advertising_protected, active, .. } = company;
    let address = format!("{}, {} {}", address.street, address.postal_code, address.town);
    let industry = format!("{} ({})", industry.text, industry.code);
    view! {
        <header class="panel company-facts-panel">
            <h1 id="company-title" tabindex="-1">{name}</h1>
            <div class="company-head">
                {advertising_protected.then(|| view! {
                    <span class="badge badge-warn" data-testid="advertising-protected" title=i18n.tr(Key::AdvertisingProtectedHint)>
                        {i18n.tr(Key::AdvertisingProtected)}
                    </span>
                })}
                {(!active).then(|| view! { <span class="badge">{i18n.tr(Key::Inactive)}</span> })}
            </div>
            <dl class="facts">
                <div>
                    <dt>{i18n.tr(Key::Cvr)}</dt>
                    <dd class="company-cvr">{cvr.to_string()}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::Address)}</dt>
                    <dd>{address}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Key::Industry)}</dt>
                    <dd>{industry}</dd>
                </div>
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <div>
                        <dt>{i18n.tr(Key::Employees)}</dt>
                        <dd>{employees.label()}</dd>
                    </div>
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
