//! `/admin/log`: the audit log, newest first, searched by period, user and action; "Vis flere"
//! appends the next (older) page the server points to with `next_before`.

use super::calls::{self, AuditQuery};
use super::texts::{T, action, entries_shown, t, time};
use super::{Problem, ProblemBanner, lang, token, tr};
use chrono::NaiveDate;
use kontaktpunkt_domain::accounts::{AuditAction, AuditEntry};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// A page to fetch: the first of a search, or the next of the one shown.
#[derive(Debug, Clone)]
struct Fetch {
    query: AuditQuery,
    /// Appended to the entries shown, not instead of them.
    more: bool,
}

#[component]
pub fn AuditScreen() -> impl IntoView {
    let lang = lang();
    let (from, to, user, chosen) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    // The search shown, and where its next page starts (`None`: no more).
    let shown = RwSignal::new(AuditQuery::default());
    let next = RwSignal::new(None::<u64>);
    // No page loaded yet.
    let fresh = RwSignal::new(true);
    let problem = RwSignal::new(None::<Problem>);
    let fetch = Action::new_local(move |fetch: &Fetch| {
        let (fetch, token) = (fetch.clone(), token());
        problem.set(None);
        async move {
            let Some(token) = token else { return problem.set(Some(Problem::Session)) };
            let answer = calls::audit(&token, &fetch.query).await;
            if entries.is_disposed() {
                return;
            }
            match answer {
                Ok(page) => {
                    if fetch.more {
                        entries.update(|e| e.extend(page.entries));
                    } else {
                        entries.set(page.entries);
                        shown.set(AuditQuery { before: None, ..fetch.query });
                    }
                    next.set(page.next_before);
                    fresh.set(false);
                }
                Err(error) => {
                    problem.set(Some(error.into()));
                    crate::focus::focus("audit-problem");
                }
            }
        }
    });
    fetch.dispatch_local(Fetch { query: AuditQuery::default(), more: false });
    crate::focus::focus("audit-title");
    let day = |text: String| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
    let search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let query = AuditQuery {
            from: day(from.get_untracked()),
            to: day(to.get_untracked()),
            user: user.get_untracked(),
            action: AuditAction::parse(&chosen.get_untracked()),
            before: None,
        };
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            problem.set(Some(Problem::Text(T::BadPeriod)));
            return;
        }
        fetch.dispatch_local(Fetch { query, more: false });
    };
    let more = move |_| {
        if let Some(before) = next.get_untracked() {
            let query = AuditQuery { before: Some(before), ..shown.get_untracked() };
            fetch.dispatch_local(Fetch { query, more: true });
        }
    };
    let busy = move || fetch.pending().get();
    // A coordinator reads (and may ask for) the contact matters only.
    let admin = super::is_admin();
    let actions = AuditAction::ALL
        .into_iter()
        .filter(|a| admin || a.is_contact_matter())
        .map(|a| view! { <option value=a.as_str()>{move || t(lang.get(), action(a))}</option> })
        .collect_view();
    let count = move || entries.with(Vec::len);
    let heading = |key: T| view! { <th scope="col">{tr(key)}</th> };
    view! {
        <section class="desk-view" aria-labelledby="audit-title">
            <h1 id="audit-title" tabindex="-1">{tr(T::AuditTitle)}</h1>
            <p class="muted">{tr(if admin { T::AuditIntro } else { T::AuditIntroCoordinator })}</p>
            <form class="desk-controls" id="audit-filters" novalidate on:submit=search>
                <div class="field">
                    <label for="audit-from">{tr(T::From)}</label>
                    <input type="date" id="audit-from" bind:value=from />
                </div>
                <div class="field">
                    <label for="audit-to">{tr(T::To)}</label>
                    <input type="date" id="audit-to" bind:value=to />
                </div>
                <div class="field">
                    <label for="audit-user">{tr(T::Username)}</label>
                    <input type="text" id="audit-user" autocapitalize="none" spellcheck="false" bind:value=user />
                </div>
                <div class="field">
                    <label for="audit-action">{tr(T::Action)}</label>
                    <select id="audit-action" bind:value=chosen>
                        <option value="">{tr(T::AllActions)}</option>
                        {actions}
                    </select>
                </div>
                <button type="submit" id="audit-search" class="button button-primary" disabled=busy>
                    {tr(T::Search)}
                </button>
            </form>
            <ProblemBanner problem id="audit-problem" />
            <p data-testid="audit-count" data-count=move || count().to_string() role="status" hidden=move || fresh.get()>
                {move || entries_shown(lang.get(), count())}
            </p>
            <p class="muted" hidden=move || !fresh.get() || problem.with(Option::is_some)>{tr(T::Loading)}</p>
            <p class="muted" hidden={move || fresh.get() || count() > 0}>{tr(T::NoEntries)}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="audit-title" hidden=move || count() == 0>
                <table class="desk-table" data-testid="audit-list" aria-busy=move || busy().to_string()>
                    <thead>
                        <tr>
                            {heading(T::When)}
                            {heading(T::Action)}
                            {heading(T::Actor)}
                            {heading(T::Subject)}
                            {heading(T::Address)}
                            {heading(T::Details)}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || entries.get() key=|e| e.id children=|entry| view! { <AuditRow entry /> } />
                    </tbody>
                </table>
            </div>
            <div class="button-row" hidden=move || next.with(Option::is_none)>
                <button type="button" id="audit-more" class="button" disabled=busy on:click=more>
                    {tr(T::More)}
                </button>
            </div>
        </section>
    }
}

/// One entry: when, what, who, on whom or what, from where, and its details.
#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let lang = lang();
    let AuditEntry { id, at, action: what, actor, subject, subject_user, address, details, .. } = entry;
    let details = details.into_iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ");
    view! {
        <tr data-testid="audit-row" data-action=what.as_str() data-id=id.to_string()>
            <td>{move || time(lang.get(), at)}</td>
            <td>{move || t(lang.get(), action(what))}</td>
            <td>{actor.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{subject_user.or(subject).unwrap_or_default()}</td>
            <td>{address.unwrap_or_default()}</td>
            <td class="small">{details}</td>
        </tr>
    }
}
