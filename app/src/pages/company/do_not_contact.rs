//! The do-not-contact flag ("frabedt sig kontakt").

use super::context::CompanyCtx;
use super::dnc_texts::{T, tr};
use super::fields::{FieldErrors, TextArea};
use super::labels::format_date;
use crate::components::status_badge::StatusBadge;
use crate::focus::focus;
use crate::i18n::{I18n, Key, alert};
use crate::outbox::LocalDoNotContact;
use crate::services::records::DoNotContactRequest;
use crate::services::{Records, SessionService};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::contact::MAX_COMMENT_CHARS;
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use uuid::Uuid;

const REASON: &str = "dnc-reason";
const LIFT_REASON: &str = "dnc-lift-reason";

/// A prominent banner when the flag is set (`[data-testid=do-not-contact]`, with who
/// registered it, when and why); coordinators and admins may lift it, giving a reason
/// (`#dnc-lift` → `#dnc-lift-reason`, `#dnc-lift-confirm`; the server refuses consultants).
/// Otherwise a quiet "Frabedt sig kontakt" (`#dnc-start`) that asks for the reason
/// (`#dnc-reason`, `#dnc-save`). `children` (the screen's primary action) go between the
/// banner and these controls: the warning first, the quiet flag controls after the action.
#[component]
pub fn DoNotContactPanel(children: Children) -> impl IntoView {
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let ctx = expect_context::<CompanyCtx>();
    let i18n = expect_context::<I18n>();
    let may_lift =
        session.with_untracked(|s| s.is_some_and(|s| matches!(s.user.role, Role::Coordinator | Role::Admin)));
    let lift_reason = RwSignal::new(String::new());
    let flag =
        Memo::new(move |_| ctx.data.with(|d| d.as_ref().and_then(|d| d.records.do_not_contact.clone())));
    let status = Memo::new(move |_| ctx.data.with(|d| d.as_ref().and_then(|d| d.flag_unsynced)));
    let flagged = Memo::new(move |_| flag.with(Option::is_some));
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let requested_by = RwSignal::new(String::new());
    let scope = RwSignal::new(Vec::<Uuid>::new());
    let my_unit = session.with_untracked(|s| s.and_then(|s| s.user.unit_id));
    let errors = FieldErrors::default();
    let failure = RwSignal::new(None::<Key>);
    // After the user sets or lifts the flag, focus follows once the screen shows the change
    // (the records reload after the save); a change synced from elsewhere moves nothing.
    let follow = StoredValue::new(false);
    Effect::new(move |was: Option<bool>| {
        let now = flagged.get();
        if was.is_some_and(|was| was != now) && follow.get_value() {
            follow.set_value(false);
            focus(if now { "dnc-title" } else { "dnc-start" });
        }
        now
    });

    let set = Action::new_local(move |request: &DoNotContactRequest| {
        let reason = request.clone();
        // Before the save: the screen may show the change before the save returns.
        follow.set_value(true);
        async move {
            match records.set_do_not_contact(ctx.cvr.get_value(), reason, flag.get_untracked()).await {
                Ok(()) => editing.set(false),
                Err(key) => {
                    follow.set_value(false);
                    failure.set(Some(key));
                }
            }
        }
    });
    let lift = Action::new_local(move |(current, reason): &(LocalDoNotContact, String)| {
        let (current, reason) = (current.clone(), reason.clone());
        follow.set_value(true);
        async move {
            if let Err(key) = records.lift_do_not_contact(current, reason).await {
                follow.set_value(false);
                failure.set(Some(key));
            }
            confirming.set(false);
        }
    });
    let start = move |_| {
        failure.set(None);
        errors.clear();
        reason.set(String::new());
        requested_by.set(String::new());
        scope.set(Vec::new());
        editing.set(true);
        focus(REASON);
    };
    let cancel = move |_| {
        editing.set(false);
        confirming.set(false);
        focus(if flagged.get_untracked() { "dnc-lift" } else { "dnc-start" });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if set.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let text = reason.with_untracked(|r| r.trim().to_owned());
        let missing = text.is_empty() || text.chars().count() > MAX_COMMENT_CHARS;
        if !errors.show(if missing { vec![(REASON, Key::ErrReasonMissing)] } else { Vec::new() }) {
            let who = requested_by.with_untracked(|w| w.trim().to_owned());
            let who = (!who.is_empty()).then_some(who);
            set.dispatch_local(DoNotContactRequest {
                reason: text,
                requested_by: who,
                units: scope.get_untracked(),
            });
        }
    };

    // Rebuilt only when the flag comes or goes, so focus on its heading survives a sync that
    // changes its details or its sync mark.
    let banner = move || {
        flagged.get().then(|| {
            let detail = move |part: fn(&LocalDoNotContact) -> String| {
                move || flag.with(|f| f.as_ref().map(part))
            };
            let who = move || {
                let by = flag.with(|f| f.as_ref().map(|f| f.registered_by));
                ctx.data.with(|d| by.and_then(|by| d.as_ref().and_then(|d| d.person_and_unit(by))))
                    .unwrap_or_else(|| i18n.t(Key::UnknownColleague).to_owned())
            };
            view! {
                <section class="banner banner-danger" data-testid="do-not-contact" role="region" aria-labelledby="dnc-title">
                    <h2 id="dnc-title" tabindex="-1">{i18n.tr(Key::DoNotContactBanner)}</h2>
                    <p>
                        <span class="muted-strong">{i18n.tr(Key::Reason)}": "</span>
                        <span data-testid="dnc-reason">{detail(|f| f.reason.clone())}</span>
                    </p>
                    <p class="small">
                        <span class="muted-strong">{i18n.tr(Key::RegisteredBy)}": "</span>
                        <span data-testid="dnc-registered-by">{who}</span>
                        " · "
                        <span data-testid="dnc-registered-on">{detail(|f| format_date(&f.registered_on))}</span>
                        " "
                        {move || view! { <StatusBadge status=status.get() /> }}
                    </p>
                    {move || flag.with(|f| f.as_ref().and_then(|f| f.requested_by.clone())).map(|who| view! {
                        <p class="small">
                            <span class="muted-strong">{tr(i18n, T::RequestedBy)}": "</span>
                            <span data-testid="dnc-requested-by">{who}</span>
                        </p>
                    })}
                    <p class="small">
                        <span class="muted-strong">{tr(i18n, T::Scope)}": "</span>
                        <span data-testid="dnc-scope">{move || {
                            let units = flag.with(|f| f.as_ref().map(|f| f.units.clone()).unwrap_or_default());
                            if units.is_empty() {
                                return tr(i18n, T::AllUnits)().to_owned();
                            }
                            let names: Vec<String> = ctx.data.with(|d| units.iter().map(|u| {
                                d.as_ref().and_then(|d| d.unit_name(*u)).unwrap_or("?").to_owned()
                            }).collect());
                            let mut text = names.join(", ");
                            if !kontaktpunkt_domain::flag_covers(&units, my_unit) {
                                text.push_str(" — ");
                                text.push_str(tr(i18n, T::NotYourUnit)());
                            }
                            text
                        }}</span>
                    </p>
                </section>
            }
        })
    };
    let on_lift = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if lift.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let text = lift_reason.with_untracked(|r| r.trim().to_owned());
        let missing = text.is_empty() || text.chars().count() > MAX_COMMENT_CHARS;
        if !errors.show(if missing { vec![(LIFT_REASON, Key::ErrReasonMissing)] } else { Vec::new() })
            && let Some(current) = flag.get_untracked()
        {
            lift.dispatch_local((current, text));
        }
    };
    let controls = move || match (flagged.get(), editing.get(), confirming.get()) {
        // Consultants are not offered lifting: the list is the coordinators'.
        (true, _, _) if !may_lift => EitherOf4::A(Either::Right(())),
        (true, _, false) => EitherOf4::A(Either::Left(view! {
            <button type="button" id="dnc-lift" class="button button-small" on:click=move |_| {
                failure.set(None);
                errors.clear();
                lift_reason.set(String::new());
                confirming.set(true);
                focus(LIFT_REASON);
            }>
                {i18n.tr(Key::LiftDoNotContact)}
            </button>
        })),
        (true, _, true) => EitherOf4::B(view! {
            <form id="dnc-lift-form" class="panel form" novalidate on:submit=on_lift>
                <TextArea
                    id=LIFT_REASON
                    name="lift_reason"
                    label=Key::LiftReason
                    rows="2"
                    required=true
                    value=lift_reason
                    error=errors.of(i18n, LIFT_REASON)
                />
                <div class="button-row">
                    <button type="submit" id="dnc-lift-confirm" class="button" disabled=move || lift.pending().get()>
                        {i18n.tr(Key::LiftDoNotContact)}
                    </button>
                    <button type="button" id="dnc-cancel" class="button button-small" on:click=cancel>
                        {i18n.tr(Key::Cancel)}
                    </button>
                </div>
            </form>
        }),
        (false, false, _) => EitherOf4::C(view! {
            <button type="button" id="dnc-start" class="button button-small" on:click=start>
                {i18n.tr(Key::SetDoNotContact)}
            </button>
        }),
        (false, true, _) => EitherOf4::D(view! {
            <form id="dnc-form" class="panel form" novalidate on:submit=on_submit>
                <TextArea
                    id=REASON
                    name="reason"
                    label=Key::DoNotContactReason
                    rows="2"
                    required=true
                    value=reason
                    error=errors.of(i18n, REASON)
                />
                <div class="field">
                    <label for="dnc-requested-by">{tr(i18n, T::RequestedBy)}</label>
                    <input id="dnc-requested-by" name="requested_by" maxlength="200" autocomplete="off"
                        aria-describedby="dnc-requested-by-hint" bind:value=requested_by />
                    <p id="dnc-requested-by-hint" class="hint">{tr(i18n, T::RequestedByHint)}</p>
                </div>
                <fieldset class="field" aria-describedby="dnc-scope-hint">
                    <legend>{tr(i18n, T::Scope)}</legend>
                    <p id="dnc-scope-hint" class="hint">{tr(i18n, T::ScopeHint)}</p>
                    {move || ctx.data.with(|d| d.as_ref().map(|d| d.unit_names.clone()).unwrap_or_default())
                        .into_iter()
                        .map(|(unit, name)| view! {
                            <label class="check">
                                <input type="checkbox" name="dnc_unit" value=unit.to_string()
                                    prop:checked=move || scope.with(|s| s.contains(&unit))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scope.update(|s| {
                                            s.retain(|u| *u != unit);
                                            if on { s.push(unit); }
                                        });
                                    } />
                                <span>{name}</span>
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <div class="button-row">
                    <button type="submit" id="dnc-save" class="button button-primary" disabled=move || set.pending().get()>
                        {i18n.tr(Key::Save)}
                    </button>
                    <button type="button" id="dnc-cancel" class="button button-small" on:click=cancel>
                        {i18n.tr(Key::Cancel)}
                    </button>
                </div>
            </form>
        }),
    };

    view! {
        <div class="dnc">{banner}</div>
        {children()}
        <div class="dnc-action">{controls}</div>
        {alert(i18n, failure)}
    }
}
