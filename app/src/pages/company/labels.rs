//! How the company screen names dates, kinds of contact and purposes.

use crate::i18n::Key;
use crate::rules::parse_date;
use kontaktpunkt_domain::{ContactKind, Purpose};

/// "23.11.2026" from a stored `YYYY-MM-DD` (Danish style; also readable in English).
pub fn format_date(iso: &str) -> String {
    use chrono::Datelike as _;
    match parse_date(iso) {
        Some(day) => format!("{}.{}.{}", day.day(), day.month(), day.year()),
        None => iso.to_owned(),
    }
}

pub fn kind_key(kind: ContactKind) -> Key {
    match kind {
        ContactKind::Visit => Key::KindVisit,
        ContactKind::Phone => Key::KindPhone,
        ContactKind::Meeting => Key::KindMeeting,
        ContactKind::Event => Key::KindEvent,
        ContactKind::Email => Key::KindEmail,
    }
}

pub fn purpose_key(purpose: Purpose) -> Key {
    match purpose {
        Purpose::Recruitment => Key::PurposeRecruitment,
        Purpose::JobTraining => Key::PurposeJobTraining,
        Purpose::WageSubsidy => Key::PurposeWageSubsidy,
        Purpose::Retention => Key::PurposeRetention,
        Purpose::BusinessDevelopment => Key::PurposeBusinessDevelopment,
        Purpose::PupilPlacement => Key::PurposePupilPlacement,
        Purpose::YouthEmployment => Key::PurposeYouthEmployment,
        Purpose::Other => Key::PurposeOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_danish_way() {
        assert_eq!(format_date("2026-11-23"), "23.11.2026");
        assert_eq!(format_date("2026-01-05"), "5.1.2026");
    }

    #[test]
    fn a_stored_text_that_is_no_date_is_shown_as_it_is() {
        assert_eq!(format_date("snart"), "snart");
    }
}
