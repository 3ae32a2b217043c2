//! My work (`/mit-arbejde`), offline: my planned contacts from the coordinator's contact plan
//! (accept or decline), my follow-ups — overdue, due this week, later — each
//! markable done; my recent contacts; what waits in the outbox. A lazy route: its code is a
//! chunk of its own, kept by the service worker for offline use.

use crate::app::paths;
use crate::i18n::{I18n, Lang, number};
use crate::rules::parse_date;
use crate::services::records::today;
use crate::services::{CatalogService, Records, SessionService, SyncService};
use crate::store::{DeskRecords, StoredContact};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::coordination::{FollowUpDue, follow_up_due};
use kontaktpunkt_domain::plan::{
    PlannedContact, PlannedStatus, reasons_da as plan_reasons_da, reasons_en as plan_reasons_en,
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// Recent contacts shown.
const RECENT: usize = 20;

pub struct MyWorkScreen;

#[lazy_route]
impl LazyRoute for MyWorkScreen {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <MyWorkPage /> }.into_any()
    }
}

/// The screen's texts, Danish and English side by side (they live in this chunk only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    Title,
    Back,
    Loading,
    Overdue,
    ThisWeek,
    Later,
    NoFollowUps,
    Done,
    Due,
    Recent,
    NoContacts,
    Waiting,
    OpenOutbox,
    Planned,
    NoPlanned,
    Accept,
    Decline,
    DeclineReason,
    Accepted,
    Declined,
    Period,
}

fn t(lang: Lang, key: T) -> &'static str {
    let (da, en) = match key {
        T::Title => ("Mit arbejde", "My work"),
        T::Back => ("Tilbage til søgning", "Back to search"),
        T::Loading => ("Henter dine opgaver …", "Loading your tasks …"),
        T::Overdue => ("Opfølgninger over tid", "Overdue follow-ups"),
        T::ThisWeek => ("Opfølgninger de næste 7 dage", "Follow-ups in the next 7 days"),
        T::Later => ("Senere opfølgninger", "Later follow-ups"),
        T::NoFollowUps => ("Ingen åbne opfølgninger.", "No open follow-ups."),
        T::Done => ("Markér som udført", "Mark as done"),
        T::Due => ("Frist", "Due"),
        T::Recent => ("Mine seneste kontakter", "My recent contacts"),
        T::NoContacts => ("Du har ikke logget kontakter endnu.", "You have not logged any contacts yet."),
        T::Waiting => ("poster venter i udbakken", "entries wait in the outbox"),
        T::OpenOutbox => ("Åbn udbakken", "Open the outbox"),
        T::Planned => ("Mine planlagte kontakter (kontaktplanen)", "My planned contacts (the contact plan)"),
        T::NoPlanned => ("Ingen planlagte kontakter til dig.", "No planned contacts for you."),
        T::Accept => ("Acceptér", "Accept"),
        T::Decline => ("Afvis", "Decline"),
        T::DeclineReason => ("Hvorfor ikke? (valgfrit)", "Why not? (optional)"),
        T::Accepted => ("Accepteret", "Accepted"),
        T::Declined => ("Afvist", "Declined"),
        T::Period => ("Periode", "Period"),
    };
    if lang == Lang::En { en } else { da }
}

fn tr(i18n: I18n, key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = i18n.lang;
    move || t(lang.get(), key)
}

/// One of my contacts with its company's name.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    contact: StoredContact,
    company: String,
}

/// One of my planned contacts with its company's name.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    item: PlannedContact,
    company: String,
}

/// What the screen shows of mine.
#[derive(Debug, Clone, Default, PartialEq)]
struct Mine {
    contacts: Vec<Item>,
    planned: Vec<Plan>,
}

#[component]
fn MyWorkPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let catalog = expect_context::<CatalogService>();
    let mine = LocalResource::new(move || {
        sync.track_records();
        let me = session.user_id();
        let index = catalog.index();
        async move {
            let me = me?;
            let all: DeskRecords = records.desk_records().await.ok()?;
            let name = |cvr: &Cvr| {
                index.as_ref().and_then(|i| i.name_of(cvr)).map_or_else(|| cvr.to_string(), str::to_owned)
            };
            let mut contacts: Vec<Item> = all
                .contacts
                .into_iter()
                .filter(|c| c.user_id == me)
                .map(|contact| Item { company: name(&contact.company), contact })
                .collect();
            contacts.sort_by(|a, b| b.contact.date.cmp(&a.contact.date));
            let mut planned: Vec<Plan> = all
                .planned
                .into_iter()
                .filter(|p| p.user_id == me)
                .map(|item| Plan { company: name(&item.company), item })
                .collect();
            planned.sort_by(|a, b| a.item.from.cmp(&b.item.from).then_with(|| a.company.cmp(&b.company)));
            Some(Mine { contacts, planned })
        }
    });
    let complete = Action::new_local(move |item: &Item| {
        let stored = item.contact.clone();
        async move {
            if let Err(key) = records.complete_follow_up(stored).await {
                sync.report(key);
            }
        }
    });
    // The lists follow the records through memos and keyed `<For>`s: a re-read (after a
    // sync, a write, or the catalog's names arriving) redraws only the rows that changed,
    // so a button under the user's finger is never swapped for a copy as it is tapped.
    let shown = Memo::new(move |_| mine.get().flatten());
    let loaded = move || shown.with(Option::is_some);
    let planned =
        Memo::new(move |_| shown.with(|m| m.as_ref().map(|m| m.planned.clone()).unwrap_or_default()));
    let groups = Memo::new(move |_| shown.with(|m| m.as_ref().map(follow_up_groups).unwrap_or_default()));
    let group = move |at: usize| Signal::derive(move || groups.with(|g| g[at].clone()));
    let recent = Memo::new(move |_| {
        shown.with(|m| {
            m.as_ref().map(|m| m.contacts.iter().take(RECENT).cloned().collect()).unwrap_or_default()
        })
    });
    let waiting = move || sync.unsynced();
    view! {
        <section class="my-work" aria-labelledby="my-work-title" data-testid="my-work">
            <div class="detail-nav">
                <a class="button button-small" href=crate::pages::companies::last_search_url>
                    <span aria-hidden="true">"← "</span>{tr(i18n, T::Back)}
                </a>
            </div>
            <h1 id="my-work-title">{tr(i18n, T::Title)}</h1>
            <Show when=move || { waiting() > 0 }>
                <p class="banner banner-warn" data-testid="my-work-outbox">
                    <strong>{move || number(i18n.lang.get(), u64::from(waiting()))}</strong>" "{tr(i18n, T::Waiting)}" "
                    <a href=paths::OUTBOX>{tr(i18n, T::OpenOutbox)}</a>
                </p>
            </Show>
            <Show when=loaded fallback=move || view! { <p class="muted">{tr(i18n, T::Loading)}</p> }>
                <PlannedList planned />
                <FollowUps title=T::Overdue testid="follow-ups-overdue" items=group(0) complete />
                <FollowUps title=T::ThisWeek testid="follow-ups-week" items=group(1) complete />
                <FollowUps title=T::Later testid="follow-ups-later" items=group(2) complete />
                <RecentList recent />
            </Show>
            <crate::pages::my_sessions::MySessions />
        </section>
    }
}

/// My open follow-ups by when they are due (overdue, this week, later), each with its due
/// date, soonest first.
fn follow_up_groups(mine: &Mine) -> [Vec<(Item, String)>; 3] {
    let today = today();
    let mut groups: [Vec<(Item, String)>; 3] = Default::default();
    for item in &mine.contacts {
        let Some(follow_up) = item.contact.follow_up.as_ref() else { continue };
        if item.contact.follow_up_done_on.is_some() {
            continue;
        }
        let Some(due) = parse_date(&follow_up.due) else { continue };
        let group = match follow_up_due(due, today) {
            FollowUpDue::Overdue => 0,
            FollowUpDue::ThisWeek => 1,
            FollowUpDue::Later => 2,
        };
        groups[group].push((item.clone(), follow_up.due.clone()));
    }
    for group in &mut groups {
        group.sort_by(|a, b| a.1.cmp(&b.1));
    }
    groups
}

/// My most recent contacts, newest first.
#[component]
fn RecentList(recent: Memo<Vec<Item>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel" aria-labelledby="recent-title">
            <h2 id="recent-title">{tr(i18n, T::Recent)}</h2>
            <Show when=move || recent.with(|r| !r.is_empty()) fallback=move || view! { <p class="muted">{tr(i18n, T::NoContacts)}</p> }>
                <ul class="work-list" data-testid="my-recent">
                    <For
                        each=move || recent.get()
                        key=|item| (item.contact.id, item.company.clone(), item.contact.date.clone())
                        let:item
                    >
                        <li>
                            <a href=paths::company(&item.contact.company)>{item.company}</a>
                            <span class="muted small">" · "{item.contact.date}</span>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// My planned contacts, each with its period, the plan's reasons and accept / decline.
#[component]
fn PlannedList(planned: Memo<Vec<Plan>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let count = move || planned.with(Vec::len);
    view! {
        <section class="panel" data-testid="planned" data-count=count>
            <h2>{tr(i18n, T::Planned)}" ("{count}")"</h2>
            <Show when=move || { count() > 0 } fallback=move || view! { <p class="muted">{tr(i18n, T::NoPlanned)}</p> }>
                <ul class="work-list">
                    // A row is drawn again only when what it shows changed.
                    <For
                        each=move || planned.get()
                        key=|plan| (plan.item.id, plan.item.status, plan.item.from, plan.item.to, plan.company.clone())
                        let:plan
                    >
                        <PlannedRow plan />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn PlannedRow(plan: Plan) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let item = plan.item.clone();
    let answer = Action::new_local(move |accepted: &bool| {
        let (item, accepted) = (item.clone(), *accepted);
        let why = Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty() && !accepted);
        async move {
            if let Err(key) = records.answer_planned(item, accepted, why).await {
                sync.report(key);
            }
        }
    });
    let reasons = plan.item.reasons.clone();
    let why = move || match i18n.lang.get() {
        Lang::Da => plan_reasons_da(&reasons),
        Lang::En => plan_reasons_en(&reasons),
    };
    let status = plan.item.status;
    let (cvr, id) = (plan.item.company.clone(), plan.item.id.to_string());
    let period = format!("{} – {}", plan.item.from, plan.item.to);
    let reason_id = format!("decline-reason-{id}");
    view! {
        <li class="work-item" data-testid="planned-contact" data-item=id.clone() data-status=status.as_str()>
            <div>
                <a href=paths::company(&cvr)>{plan.company}</a>
                <div class="muted small">{tr(i18n, T::Period)}": "{period}</div>
                <p>{why}</p>
            </div>
            {match status {
                PlannedStatus::Proposed => view! {
                    <div class="button-row">
                        <button type="button" class="button button-primary" data-testid="planned-accept"
                            disabled=move || answer.pending().get()
                            on:click=move |_| { answer.dispatch_local(true); }>
                            {tr(i18n, T::Accept)}
                        </button>
                        <Show
                            when=move || declining.get()
                            fallback=move || view! {
                                <button type="button" class="button" data-testid="planned-decline" on:click=move |_| declining.set(true)>
                                    {tr(i18n, T::Decline)}
                                </button>
                            }
                        >
                            <label for=reason_id.clone()>{tr(i18n, T::DeclineReason)}</label>
                            <input id=reason_id.clone() type="text" bind:value=reason />
                            <button type="button" class="button" data-testid="planned-decline-confirm" on:click=move |_| { answer.dispatch_local(false); }>
                                {tr(i18n, T::Decline)}
                            </button>
                        </Show>
                    </div>
                }.into_any(),
                PlannedStatus::Accepted => view! { <span class="badge badge-ok">{tr(i18n, T::Accepted)}</span> }.into_any(),
                PlannedStatus::Declined => view! { <span class="badge">{tr(i18n, T::Declined)}</span> }.into_any(),
            }}
        </li>
    }
}

/// One group of follow-ups, each with its company, due date, note and "done" button.
#[component]
fn FollowUps(
    title: T,
    testid: &'static str,
    #[prop(into)] items: Signal<Vec<(Item, String)>>,
    complete: Action<Item, ()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let count = move || items.with(Vec::len);
    view! {
        <section class="panel" data-testid=testid data-count=count>
            <h2>{tr(i18n, title)}" ("{count}")"</h2>
            <Show when=move || { count() > 0 } fallback=move || view! { <p class="muted">{tr(i18n, T::NoFollowUps)}</p> }>
                <ul class="work-list">
                    <For
                        each=move || items.get()
                        key=|(item, due)| {
                            let note = item.contact.follow_up.as_ref().map(|f| f.note.clone());
                            (item.contact.id, due.clone(), note, item.company.clone())
                        }
                        children=move |(item, due)| {
                            let note = item.contact.follow_up.as_ref().map(|f| f.note.clone()).unwrap_or_default();
                            let (cvr, id, name) =
                                (item.contact.company.clone(), item.contact.id.to_string(), item.company.clone());
                            view! {
                                <li class="work-item" data-testid="follow-up" data-contact=id>
                                    <div>
                                        <a href=paths::company(&cvr)>{name}</a>
                                        <div class="muted small">{tr(i18n, T::Due)}": "{due}</div>
                                        <p class="pre-line">{note}</p>
                                    </div>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="follow-up-done"
                                        on:click=move |_| { complete.dispatch_local(item.clone()); }
                                    >
                                        {tr(i18n, T::Done)}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
        </section>
    }
}
