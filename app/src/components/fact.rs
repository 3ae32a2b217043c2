use crate::i18n::{I18n, Key};
use kontaktpunkt_domain::Company;
use leptos::prelude::*;

/// One labelled fact of a `<dl>`: `<div class=class><dt>label</dt><dd class=value_class>value</dd></div>`.
#[component]
pub fn Fact(
    label: Key,
    value: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] value_class: &'static str,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class=(!class.is_empty()).then_some(class)>
            <dt>{i18n.tr(label)}</dt>
            <dd class=(!value_class.is_empty()).then_some(value_class)>{value}</dd>
        </div>
    }
}

/// The register's marks on a company: advertising-protected, ceased.
#[component]
pub fn CompanyBadges(company: Company) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        {company.advertising_protected.then(|| view! {
            <span class="badge badge-warn" data-testid="advertising-protected" title=i18n.tr(Key::AdvertisingProtectedHint)>
                {i18n.tr(Key::AdvertisingProtected)}
            </span>
        })}
        {(!company.active).then(|| view! { <span class="badge">{i18n.tr(Key::Inactive)}</span> })}
    }
}
