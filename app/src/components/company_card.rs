use crate::app::paths;
use crate::i18n::{Key, Lang, text};
use crate::store::CompanyMark;
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// One company in the search results; the whole card opens it (its `.company-open` link
/// covers the card). `mark` is its do-not-contact mark (`[data-testid=dnc-mark]`, hidden
/// unless flagged) and last contact date (`.company-last-contact`, hidden while none), once
/// read from the device. Its texts are in `lang`, not reactive: a keystroke makes up to a
/// page of cards, and the list makes them again when the language changes.
#[component]
pub fn CompanyCard(company: Company, mark: Signal<Option<CompanyMark>>, lang: Lang) -> impl IntoView {
    let t = move |key| text(lang, key);
    let flagged = move || mark.with(|m| m.as_ref().is_some_and(|m| m.flagged));
    let last_contact = move || mark.with(|m| m.as_ref().and_then(|m| m.last_contact.clone()));
    let address =
        format!("{}, {} {}", company.address.street, company.address.postal_code, company.address.town);
    let href = paths::company(&company.cvr);
    let employees = company.employees;
    let Company { name, cvr, industry, advertising_protected, active, .. } = company;
    view! {
        <li class="company" data-testid="company-result">
            <div class="company-head">
                <h2 class="company-name">
                    <a class="company-open" href=href>{name}</a>
                </h2>
                // Static parts with reactive attributes: no view branch per mark (a smaller shell).
                <span class="badge badge-danger" data-testid="dnc-mark" hidden=move || !flagged()>
                    {t(Key::SetDoNotContact)}
                </span>
                {advertising_protected.then(|| view! {
                    <span class="badge badge-warn" data-testid="advertising-protected" title=t(Key::AdvertisingProtectedHint)>
                        {t(Key::AdvertisingProtected)}
                    </span>
                })}
                {(!active).then(|| view! { <span class="badge">{t(Key::Inactive)}</span> })}
            </div>
            <p class="company-address">{address}</p>
            <dl class="company-facts">
                <div>
                    <dt>{t(Key::Cvr)}</dt>
                    <dd class="company-cvr">{cvr.to_string()}</dd>
                </div>
                {(employees != EmployeeInterval::Unknown).then(|| view! {
                    <div>
                        <dt>{t(Key::Employees)}</dt>
                        <dd>{employees.label()}</dd>
                    </div>
                })}
                <div hidden=move || last_contact().is_none()>
                    <dt>{t(Key::LastContact)}</dt>
                    <dd class="company-last-contact">{move || last_contact().map(|day| short_date(&day))}</dd>
                </div>
                <div class="company-industry">
                    <dt>{t(Key::Industry)}</dt>
                    <dd>{industry.text}</dd>
                </div>
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
