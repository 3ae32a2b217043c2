use crate::app::paths;
use crate::components::fact::{CompanyBadges, Fact};
use crate::i18n::{I18n, Key};
use crate::store::CompanyMark;
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// One company in the search results; the whole card opens it (its `.company-open` link
/// covers the card). `mark` is its do-not-contact mark (`[data-testid=dnc-mark]`, hidden
/// unless flagged) and last contact date (`.company-last-contact`, hidden while none), once
/// read from the device.
#[component]
pub fn CompanyCard(company: Company, mark: Signal<Option<CompanyMark>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let flagged = move || mark.with(|m| m.as_ref().is_some_and(|m| m.flagged));
    let last_contact = move || mark.with(|m| m.as_ref().and_then(|m| m.last_contact.clone()));
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
                // Static parts with reactive attributes: no view branch per mark (a smaller shell).
                <span class="badge badge-danger" data-testid="dnc-mark" hidden=move || !flagged()>
                    {i18n.tr(Key::SetDoNotContact)}
                </span>
                <CompanyBadges company />
            </div>
            <p class="company-address">{address}</p>
            <dl class="company-facts">
                <Fact label=Key::Cvr value=cvr value_class="company-cvr" />
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <Fact label=Key::Employees value=employees.label().to_owned() />
                })}
                <div hidden=move || last_contact().is_none()>
                    <dt>{i18n.tr(Key::LastContact)}</dt>
                    <dd class="company-last-contact">{move || last_contact().map(|day| short_date(&day))}</dd>
                </div>
                <Fact label=Key::Industry value=industry class="company-industry" />
            </dl>
        </li>
    }
}

/// "23.11.2026" from `YYYY-MM-DD` (the company screen's style, without a date parser here).
fn short_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => {
            format!("{}.{}.{y}", d.trim_start_matches('0'), m.trim_start_matches('0'))
        }
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn last_contact_dates_read_the_danish_way() {
        assert_eq!(super::short_date("2026-11-05"), "5.11.2026");
        assert_eq!(super::short_date("snart"), "snart");
    }
}
