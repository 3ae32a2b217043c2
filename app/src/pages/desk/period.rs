//! The period every overview is computed for: two date fields, checked as the user types.

use super::kept::Kept;
use super::texts::{T, tr};
use crate::i18n::I18n;
use crate::rules::parse_date;
use chrono::{Months, NaiveDate};
use leptos::prelude::*;

/// A period being chosen: the two fields' text.
#[derive(Clone, Copy)]
pub struct Period {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
}

impl Period {
    /// `months` back from `today` to `today` (`days` when given instead), as field texts.
    fn start(today: NaiveDate, months: u32, days: Option<u64>) -> (String, String) {
        let from = match days {
            Some(days) => today.checked_sub_days(chrono::Days::new(days)),
            None => today.checked_sub_months(Months::new(months)),
        };
        (from.unwrap_or(today).to_string(), today.to_string())
    }

    /// The period starting as [`Period::start`] says, kept under `keys` (from, to) while the
    /// desk is open, so a sync's reload of the views keeps what the coordinator chose.
    pub fn kept(keys: [&'static str; 2], today: NaiveDate, months: u32, days: Option<u64>) -> Self {
        let (from, to) = Self::start(today, months, days);
        Self { from: Kept::signal(keys[0], || from), to: Kept::signal(keys[1], || to) }
    }

    /// Reactive: the chosen period, or `None` while a field is empty, not a date, or `from`
    /// is after `to`.
    pub fn get(self) -> Option<(NaiveDate, NaiveDate)> {
        let from = parse_date(&self.from.get())?;
        let to = parse_date(&self.to.get())?;
        (from <= to).then_some((from, to))
    }
}

/// The period's two fields (`#<prefix>-from`, `#<prefix>-to`) and, when they do not make a
/// period, why.
#[component]
pub fn PeriodFields(period: Period, prefix: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let from_id = format!("{prefix}-from");
    let to_id = format!("{prefix}-to");
    view! {
        <div class="field">
            <label for=from_id.clone()>{tr(i18n, T::From)}</label>
            <input id=from_id type="date" bind:value=period.from />
        </div>
        <div class="field">
            <label for=to_id.clone()>{tr(i18n, T::To)}</label>
            <input id=to_id type="date" bind:value=period.to />
        </div>
        <Show when=move || period.get().is_none()>
            <p class="error desk-controls-error" role="alert">{tr(i18n, T::BadPeriod)}</p>
        </Show>
    }
}

/// A whole number typed in a field, if it is one within `range`.
pub fn whole_number(text: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|n| range.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_the_range_or_not_numbers_are_refused() {
        assert_eq!(whole_number(" 30 ", 0..=366), Some(30));
        assert_eq!(whole_number("367", 0..=366), None);
        assert_eq!(whole_number("tre", 0..=366), None);
        assert_eq!(whole_number("-1", 0..=366), None);
    }
}
