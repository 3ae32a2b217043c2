use crate::app::paths;
use crate::i18n::{Key, Lang, text};
use crate::store::CompanyMark;
use kontaktpunkt_domain::{Company, EmployeeInterval};
use leptos::prelude::*;

/// One place in the search results, showing whichever company is there now (none while the
/// place is being removed); the whole card opens it (its `.company-open` link covers it). `mark` is its do-not-contact mark
/// (`[data-testid=dnc-mark]`, hidden unless flagged) and last contact date
/// (`.company-last-contact`, hidden while none), once read from the device.
///
/// A keystroke changes which companies hold the places, so the card keeps its elements and
/// changes only their texts and `hidden` attributes: making and removing a page of cards'
/// elements per letter cost more than the search itself. Its labels are in `lang`, not
/// reactive: the list makes its cards again when the language changes.
#[component]
pub fn CompanyCard(
    company: Memo<Option<Company>>,
    mark: Signal<Option<CompanyMark>>,
    lang: Lang,
) -> impl IntoView {
    let t = move |key| text(lang, key);
    let shown = move |read: fn(&Company) -> String| {
        move || company.with(|c| c.as_ref().map(read).unwrap_or_default())
    };
    let lacks = move |has: fn(&Company) -> bool| move || !company.with(|c| c.as_ref().is_some_and(has));
    let flagged = move || mark.with(|m| m.as_ref().is_some_and(|m| m.flagged));
    let last_contact = move || mark.with(|m| m.as_ref().and_then(|m| m.last_contact.clone()));
    view! {
        <li class="company" data-testid="company-result">
            <div class="company-head">
                <h2 class="company-name">
                    <a class="company-open" href=shown(|c| paths::company(&c.cvr))>{shown(|c| c.name.clone())}</a>
                </h2>
                <span class="badge badge-danger" data-testid="dnc-mark" hidden=move || !flagged()>
                    {t(Key::SetDoNotContact)}
                </span>
                <span
                    class="badge badge-warn"
                    data-testid="advertising-protected"
                    title=t(Key::AdvertisingProtectedHint)
                    hidden=lacks(|c| c.advertising_protected)
                >
                    {t(Key::AdvertisingProtected)}
                </span>
                <span class="badge" hidden=lacks(|c| !c.active)>{t(Key::Inactive)}</span>
            </div>
            <p class="company-address">{shown(|c| format!("{}, {} {}", c.address.street, c.address.postal_code, c.address.town))}</p>
            <dl class="company-facts">
                <div>
                    <dt>{t(Key::Cvr)}</dt>
                    <dd class="company-cvr">{shown(|c| c.cvr.as_str().to_owned())}</dd>
                </div>
                <div hidden=lacks(|c| c.employees != EmployeeInterval::Unknown)>
                    <dt>{t(Key::Employees)}</dt>
                    <dd>{shown(|c| c.employees.label().to_owned())}</dd>
                </div>
                <div hidden=move || last_contact().is_none()>
                    <dt>{t(Key::LastContact)}</dt>
                    <dd class="company-last-contact">{move || last_contact().map(|day| short_date(&day))}</dd>
                </div>
                <div class="company-industry">
                    <dt>{t(Key::Industry)}</dt>
                    <dd>{shown(|c| c.industry.text.clone())}</dd>
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
