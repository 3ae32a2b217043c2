//! `/admin/persondata`: the GDPR tools for contact persons — find one by name, phone or
//! e-mail, see and download everything held about them (access), erase them with a reason
//! (erasure), and list those untouched for years (retention). In the admin chunk; it needs
//! the network, as the server searches every unit's data, decides and audits.

mod person;
mod retention;
mod texts;

use crate::admin_api::{self, AdminError};
use crate::i18n::{I18n, Lang, either, number, side};
use crate::services::SessionService;
use kontaktpunkt_domain::privacy::ContactPersonMatch;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use person::PersonCard;
use texts::{T, both, t, tr};

/// Shortest and longest search text (the server's rule).
const QUERY_CHARS: std::ops::RangeInclusive<usize> = 2..=100;

/// The search text to send, trimmed; `None` when it is too short or too long.
fn search_text(typed: &str) -> Option<String> {
    let text = typed.trim();
    QUERY_CHARS.contains(&text.chars().count()).then(|| text.to_owned())
}

/// Why a call did not answer, in Danish and English.
fn problem(error: AdminError) -> (String, String) {
    match error {
        AdminError::Offline => both(T::NeedsNetwork),
        AdminError::Unauthorized => both(T::SessionExpired),
        AdminError::Forbidden => both(T::Forbidden),
        // The server words its refusals "dansk / English", in the message or under the field.
        AdminError::Refused { da, en, .. } => {
            let message = if en.contains(" / ") {
                en
            } else if da.contains(" / ") {
                da
            } else {
                return (da, en);
            };
            (side(Lang::Da, &message).to_owned(), side(Lang::En, &message).to_owned())
        }
        other => {
            leptos::logging::error!("personal data: {other:?}");
            both(T::CallFailed)
        }
    }
}

/// "3 kontaktpersoner fundet" / "1 contact person found".
fn found(lang: Lang, n: usize) -> String {
    let words = if n == 1 { T::FoundOne } else { T::Found };
    format!("{} {}", number(lang, n as u64), t(lang, words))
}

/// A message kept in both languages, shown in the one chosen (`role="alert"`).
#[component]
fn ErrorText(#[prop(into)] message: Signal<Option<(String, String)>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <p class="error" role="alert" data-testid="privacy-error" hidden=move || message.with(Option::is_none)>
            {move || message.get().map(|(da, en)| either(i18n.lang.get(), &da, &en).to_owned())}
        </p>
    }
}

#[component]
pub fn AdminPrivacyPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let typed = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<(String, String)>);
    // The last search's hits; `None` before the first.
    let hits = RwSignal::new(None::<Vec<ContactPersonMatch>>);
    let find = Action::new_local(move |text: &String| {
        let text = text.clone();
        let token = session.token_untracked().unwrap_or_default();
        async move {
            let answer = admin_api::find_contact_persons(&token, &text).await;
            if hits.is_disposed() {
                return;
            }
            match answer {
                Ok(list) => hits.set(Some(list)),
                Err(error) => {
                    hits.set(None);
                    failure.set(Some(problem(error)));
                }
            }
        }
    });
    let search = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        match search_text(&typed.get_untracked()) {
            Some(text) => {
                find.dispatch_local(text);
            }
            None => {
                hits.set(None);
                failure.set(Some(both(T::QueryTooShort)));
                crate::focus::focus("privacy-q");
            }
        }
    };
    let busy = move || find.pending().get();
    crate::focus::focus("privacy-title");
    view! {
        <section class="panel desk admin-privacy" data-testid="admin-privacy" aria-labelledby="privacy-title">
            <h1 id="privacy-title" tabindex="-1">{tr(i18n, T::Title)}</h1>
            <p class="muted">{tr(i18n, T::Intro)}</p>
            <section class="desk-view" aria-labelledby="privacy-search-title">
                <h2 id="privacy-search-title">{tr(i18n, T::SearchTitle)}</h2>
                <form class="desk-controls" role="search" data-testid="privacy-search" novalidate on:submit=search>
                    <div class="field">
                        <label for="privacy-q">{tr(i18n, T::Query)}</label>
                        <input type="search" id="privacy-q" maxlength="100" autocomplete="off" spellcheck="false"
                            aria-describedby="privacy-q-hint" bind:value=typed />
                        <span id="privacy-q-hint" class="muted small">{tr(i18n, T::QueryHint)}</span>
                    </div>
                    <button type="submit" id="privacy-search-submit" class="button button-primary" disabled=busy>
                        {move || if busy() { t(i18n.lang.get(), T::Searching) } else { t(i18n.lang.get(), T::Search) }}
                    </button>
                </form>
                <ErrorText message=failure />
                // The count is announced (`role="status"`), not the whole list.
                <div aria-busy=move || busy().to_string()>
                    {move || hits.get().map(|list| {
                        let count = list.len();
                        view! {
                            <p role="status" aria-live="polite" data-testid="privacy-hit-count" data-count=count.to_string()>
                                {move || if count == 0 { t(i18n.lang.get(), T::NoneFound).to_owned() } else { found(i18n.lang.get(), count) }}
                            </p>
                            <ul class="privacy-list">
                                <For each=move || list.clone() key=|hit| hit.id.clone() let:hit>
                                    <PersonCard hit testid="privacy-hit" />
                                </For>
                            </ul>
                        }
                    })}
                </div>
            </section>
            <retention::Retention />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_text_is_trimmed_and_two_to_a_hundred_characters() {
        assert_eq!(search_text("  holm "), Some("holm".to_owned()));
        assert_eq!(search_text("ø"), None);
        assert_eq!(search_text("   "), None);
        assert_eq!(search_text(&"å".repeat(100)).map(|t| t.chars().count()), Some(100));
        assert_eq!(search_text(&"a".repeat(101)), None);
    }

    #[test]
    fn the_servers_refusals_become_what_the_admin_reads() {
        let short = AdminError::Refused {
            code: "invalid_input".into(),
            da: "the input is invalid".into(),
            en: "skal være 2–100 tegn / must be 2–100 characters".into(),
        };
        let (da, en) = problem(short);
        assert_eq!((da.as_str(), en.as_str()), ("skal være 2–100 tegn", "must be 2–100 characters"));
        let gone = AdminError::Refused {
            code: "not_found".into(),
            da: "Kontaktpersonen findes ikke. / No such contact person.".into(),
            en: String::new(),
        };
        assert_eq!(problem(gone), ("Kontaktpersonen findes ikke.".into(), "No such contact person.".into()));
        assert_eq!(problem(AdminError::Forbidden), both(T::Forbidden));
        assert_eq!(problem(AdminError::Offline), both(T::NeedsNetwork));
    }

    #[test]
    fn the_count_is_worded_in_the_singular_for_one() {
        assert_eq!(found(Lang::Da, 1), "1 kontaktperson fundet");
        assert_eq!(found(Lang::En, 2), "2 contact persons found");
    }
}
