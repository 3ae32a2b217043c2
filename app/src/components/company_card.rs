use crate::app::paths;
use crate::components::fact::{CompanyBadges, Fact};
use crate::i18n::Key;
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// One company in the search results.
#[component]
pub fn CompanyCard(company: Company) -> impl IntoView {
    let address =
        format!("{}, {} {}", company.address.street, company.address.postal_code, company.address.town);
    let href = paths::company(&company.cvr);
    let employees = company.employees;
    let (name, cvr, industry) =
        (company.name.clone(), company.cvr.to_string(), company.industry.text.clone());
    view! {
        <li class="company" data-testid="company-result">
            <div class="company-head">
                <h2 class="company-name">
                    <a class="company-open" href=href>{name}</a>
                </h2>
                <CompanyBadges company />
            </div>
            <p class="company-address">{address}</p>
            <dl class="company-facts">
                <Fact label=Key::Cvr value=cvr value_class="company-cvr" />
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <Fact label=Key::Employees value=employees.label().to_owned() />
                })}
                <Fact label=Key::Industry value=industry class="company-industry" />
            </dl>
        </li>
    }
}
