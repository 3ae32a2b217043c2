use crate::app::paths;
use crate::i18n::{I18n, Key};
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// One company in the search results.
#[component]
pub fn CompanyCard(company: Company) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Company { cvr, name, address, industry, employees, advertising_protected, active, .. } = company;
    let address = format!("{}, {} {}", address.street, address.postal_code, address.town);
    let href = paths::company(&cvr);
    view! {
        <li class="company" data-testid="company-result">
            <div class="company-head">
                <h2 class="company-name">
                    <a class="company-open" href=href>{name}</a>
                </h2>
                {advertising_protected.then(|| view! {
                    <span class="badge badge-warn" title=i18n.tr(Key::AdvertisingProtectedHint)>
                        {i18n.tr(Key::AdvertisingProtected)}
                    </span>
                })}
                {(!active).then(|| view! {
                    <span class="badge">{i18n.tr(Key::Inactive)}</span>
                })}
            </div>
            <p class="company-address">{address}</p>
            <dl class="company-facts">
                <div>
                    <dt>{i18n.tr(Key::Cvr)}</dt>
                    <dd class="company-cvr">{cvr.to_string()}</dd>
                </div>
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <div>
                        <dt>{i18n.tr(Key::Employees)}</dt>
                        <dd>{employees.label()}</dd>
                    </div>
                })}
                <div class="company-industry">
                    <dt>{i18n.tr(Key::Industry)}</dt>
                    <dd>{industry.text}</dd>
                </div>
            </dl>
        </li>
    }
}
