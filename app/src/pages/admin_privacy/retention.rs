//! The retention list: contact persons whose company's list has not changed and whose
//! company has had no contact for N years (the server's default to start with), each with
//! the same export and erasure as a search hit.

use super::person::PersonCard;
use super::texts::{T, both, t, tr};
use super::{ErrorText, problem};
use crate::admin_api;
use crate::i18n::{I18n, number};
use crate::services::SessionService;
use kontaktpunkt_domain::contact_person::{DEFAULT_RETENTION_YEARS, MAX_RETENTION_YEARS};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The years typed, when a whole number from 1 to the server's maximum (50).
pub fn retention_years(typed: &str) -> Option<u32> {
    typed.trim().parse::<u32>().ok().filter(|n| (1..=MAX_RETENTION_YEARS).contains(n))
}

#[component]
pub fn Retention() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let typed = RwSignal::new(DEFAULT_RETENTION_YEARS.to_string());
    let invalid = RwSignal::new(None::<(String, String)>);
    // The years asked for, and a count of askings so that asking again reads afresh.
    let asked = RwSignal::new((DEFAULT_RETENTION_YEARS, 0_u32));
    let list = LocalResource::new(move || {
        let (years, _) = asked.get();
        async move {
            let token = session.token_untracked().unwrap_or_default();
            admin_api::retention(&token, years).await.map_err(problem)
        }
    });
    let show = move |ev: SubmitEvent| {
        ev.prevent_default();
        match retention_years(&typed.get_untracked()) {
            Some(years) => {
                invalid.set(None);
                asked.update(|a| *a = (years, a.1 + 1));
            }
            None => {
                invalid.set(Some(both(T::YearsInvalid)));
                crate::focus::focus("retention-years");
            }
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="retention-title">
            <h2 id="retention-title">{tr(i18n, T::RetentionTitle)}</h2>
            <p class="muted">{tr(i18n, T::RetentionIntro)}</p>
            <form class="desk-controls" id="retention-form" novalidate on:submit=show>
                <div class="field">
                    <label for="retention-years">{tr(i18n, T::Years)}</label>
                    <input type="number" id="retention-years" inputmode="numeric" min="1" max=MAX_RETENTION_YEARS.to_string()
                        step="1" aria-invalid=move || invalid.with(Option::is_some).to_string() bind:value=typed />
                </div>
                <button type="submit" id="retention-show" class="button">{tr(i18n, T::ShowList)}</button>
            </form>
            <ErrorText message=invalid />
            <div>
                <Suspense fallback=move || view! { <p class="muted" role="status">{tr(i18n, T::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Err(message) => view! { <ErrorText message=Signal::stored(Some(message)) /> }.into_any(),
                            Ok(answer) => {
                                let count = answer.persons.len();
                                let cutoff = answer.cutoff.format("%d.%m.%Y").to_string();
                                let persons = answer.persons;
                                view! {
                                    <p role="status" aria-live="polite" data-testid="retention-count" data-count=count.to_string()
                                        data-years=answer.years.to_string()>
                                        {move || if count == 0 {
                                            t(i18n.lang.get(), T::RetentionNone).to_owned()
                                        } else {
                                            format!("{} {} {} {cutoff}", number(i18n.lang.get(), count as u64),
                                                t(i18n.lang.get(), T::Persons), t(i18n.lang.get(), T::Untouched))
                                        }}
                                    </p>
                                    <ul class="privacy-list">
                                        <For each=move || persons.clone() key=|p| p.id.clone() let:hit>
                                            <PersonCard hit testid="retention-row" />
                                        </For>
                                    </ul>
                                }
                                .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_years_are_a_whole_number_from_1_to_50() {
        assert_eq!(retention_years(" 5 "), Some(5));
        assert_eq!(retention_years("1"), Some(1));
        assert_eq!(retention_years("50"), Some(50));
        for bad in ["0", "51", "-1", "2.5", "", "fem"] {
            assert_eq!(retention_years(bad), None, "{bad}");
        }
        assert_eq!(retention_years(&DEFAULT_RETENTION_YEARS.to_string()), Some(DEFAULT_RETENTION_YEARS));
    }
}
