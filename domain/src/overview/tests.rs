use super::*;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid")
}

/// The `n`-th valid CVR number (modulus 11), for hand-built cases.
fn cvr(n: u32) -> Cvr {
    let mut base = 1_000_000 + n * 13;
    loop {
        let digits: Vec<u32> = format!("{base:07}").chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
        let sum: u32 = digits.iter().zip([2, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        if check < 10 {
            return Cvr::parse(&format!("{base:07}{check}")).expect("valid by construction");
        }
        base += 1;
    }
}

fn unit(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn contact(company: u32, unit_id: u128, date: NaiveDate) -> ContactFact {
    ContactFact {
        company: cvr(company),
        unit_id: unit(unit_id),
        user_id: Uuid::from_u128(100 + unit_id),
        date,
        kind: ContactKind::Visit,
        planned: false,
    }
}

fn company(n: u32, code: &str, postal: &str, active: bool) -> CompanyFact {
    CompanyFact {
        cvr: cvr(n),
        name: format!("Firma {n}"),
        postal_code: postal.into(),
        town: format!("By {postal}"),
        industry_code: code.into(),
        employees: EmployeeInterval::From2To4,
        active,
    }
}

#[test]
fn two_different_units_within_the_window_make_a_parallel_case() {
    let contacts = [contact(1, 1, day(11, 2)), contact(1, 2, day(11, 20)), contact(2, 1, day(11, 3))];
    let cases = parallel_cases(&contacts, day(11, 1), day(11, 30), 30);
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].company, cvr(1));
    assert_eq!(cases[0].units, vec![unit(1), unit(2)]);
    assert_eq!(cases[0].contacts.iter().map(|c| c.date).collect::<Vec<_>>(), [day(11, 2), day(11, 20)]);
}

#[test]
fn the_same_unit_twice_is_not_parallel() {
    let contacts = [contact(1, 1, day(11, 2)), contact(1, 1, day(11, 3))];
    assert!(parallel_cases(&contacts, day(11, 1), day(11, 30), 30).is_empty());
}

#[test]
fn contacts_further_apart_than_the_window_are_not_parallel() {
    let contacts = [contact(1, 1, day(9, 1)), contact(1, 2, day(11, 1)), contact(1, 3, day(11, 30))];
    let cases = parallel_cases(&contacts, day(1, 1), day(12, 31), 30);
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].units, vec![unit(2), unit(3)], "the September contact is 61 days before");
    assert!(parallel_cases(&contacts[..2], day(1, 1), day(12, 31), 30).is_empty());
}

#[test]
fn contacts_outside_the_period_do_not_count() {
    let contacts = [contact(1, 1, day(10, 31)), contact(1, 2, day(11, 1))];
    assert!(parallel_cases(&contacts, day(11, 1), day(11, 30), 30).is_empty());
}

#[test]
fn a_planned_contact_counts_as_parallel() {
    let planned = ContactFact { planned: true, ..contact(1, 2, day(11, 25)) };
    let cases = parallel_cases(&[contact(1, 1, day(11, 20)), planned], day(11, 1), day(11, 30), 30);
    assert_eq!(cases.len(), 1);
    assert!(cases[0].contacts.iter().any(|c| c.planned));
}

#[test]
fn the_monthly_trend_counts_companies_with_two_units_in_the_month_and_lists_empty_months() {
    let contacts = [
        contact(1, 1, day(9, 30)),
        contact(1, 2, day(10, 1)), // across a month boundary: parallel in neither month
        contact(2, 1, day(10, 5)),
        contact(2, 2, day(10, 6)),
        contact(2, 3, day(10, 7)), // three units: still one company
        contact(3, 1, day(10, 9)),
        contact(3, 2, day(10, 10)),
        contact(4, 1, day(12, 1)),
        contact(4, 1, day(12, 2)), // same unit twice
    ];
    let trend = parallel_by_month(&contacts, day(9, 1), day(12, 31));
    let counts: Vec<(&str, u64)> = trend.iter().map(|m| (m.month.as_str(), m.count)).collect();
    assert_eq!(counts, [("2026-09", 0), ("2026-10", 2), ("2026-11", 0), ("2026-12", 0)]);
}

#[test]
fn sections_follow_the_db07_divisions() {
    assert_eq!(db07_section("011100"), Some('A'));
    assert_eq!(db07_section("412000"), Some('F'));
    assert_eq!(db07_section("471100"), Some('G'));
    assert_eq!(db07_section("620100"), Some('J'));
    assert_eq!(db07_section("749000"), Some('M'));
    assert_eq!(db07_section("990000"), Some('U'));
    assert_eq!(db07_section("999999"), Some('X'), "DB07's own \"uoplyst\"");
    assert_eq!(industry_group_of_code("999999"), UNKNOWN_INDUSTRY_GROUP);
    assert_eq!(db07_section("040000"), None, "division 04 does not exist");
    assert_eq!(db07_section(""), None);
    assert_eq!(industry_group_of_code("412000"), 3);
    assert_eq!(industry_group_of_code("xx"), UNKNOWN_INDUSTRY_GROUP);
}

#[test]
fn stale_lists_never_and_long_ago_contacted_active_companies_but_never_ceased_ones() {
    let companies = [
        company(1, "412000", "8900", true),  // never contacted
        company(2, "412000", "8900", true),  // contacted 13 months ago
        company(3, "412000", "8900", true),  // contacted exactly 12 months ago: not stale
        company(4, "412000", "8900", true),  // contacted last month
        company(5, "412000", "8900", false), // ceased, never contacted
    ];
    let today = day(11, 30);
    let last = HashMap::from([
        (cvr(2), NaiveDate::from_ymd_opt(2025, 10, 30).expect("valid")),
        (cvr(3), NaiveDate::from_ymd_opt(2025, 11, 30).expect("valid")),
        (cvr(4), day(10, 30)),
    ]);
    let stale = stale_companies(&companies, &last, today, 12, &StaleFilter::default());
    assert_eq!(stale.iter().map(|s| s.cvr.clone()).collect::<Vec<_>>(), [cvr(1), cvr(2)]);
    assert_eq!(stale[0].last_contact, None, "never-contacted first");
    assert_eq!(stale[0].industry_group, 3);
}

#[test]
fn stale_filters_by_employees_industry_group_and_postal_code() {
    let mut big = company(2, "620100", "8960", true);
    big.employees = EmployeeInterval::From50To99;
    let companies = [company(1, "412000", "8900", true), big, company(3, "620100", "8900", true)];
    let none = HashMap::new();
    let today = day(11, 30);
    let cvrs = |filter: StaleFilter| -> Vec<Cvr> {
        stale_companies(&companies, &none, today, 12, &filter).into_iter().map(|s| s.cvr).collect()
    };
    assert_eq!(cvrs(StaleFilter { industry_group: Some(5), ..Default::default() }), [cvr(2), cvr(3)]);
    assert_eq!(
        cvrs(StaleFilter { postal_code: Some("8900".into()), ..Default::default() }),
        [cvr(1), cvr(3)]
    );
    assert_eq!(
        cvrs(StaleFilter { employees: Some(vec![EmployeeInterval::From50To99]), ..Default::default() }),
        [cvr(2)]
    );
}

#[test]
fn coverage_marks_groups_under_half_the_municipality_share_and_ignores_ceased_companies() {
    // Building (group 3): 4 companies, 2 contacted (50 %); IT (group 5): 4 companies, 0
    // contacted; trade (group 4): 2 companies, 1 contacted (50 %). One ceased IT company
    // contacted does not count. Municipality: 3 of 10 = 30 %.
    let mut companies = Vec::new();
    for n in 0..4 {
        companies.push(company(n, "412000", "8900", true));
        companies.push(company(10 + n, "620100", "8960", true));
    }
    companies.push(company(20, "471100", "8900", true));
    companies.push(company(21, "471100", "8960", true));
    companies.push(company(30, "620100", "8960", false));
    let contacted: HashSet<Cvr> = [cvr(0), cvr(1), cvr(20), cvr(30)].into_iter().collect();
    let coverage = coverage(&companies, &contacted);
    assert_eq!((coverage.population, coverage.contacted), (10, 3));
    assert!((coverage.share - 0.3).abs() < 1e-9);
    assert_eq!(coverage.by_industry_group.len(), 11, "every group listed");
    let group = |n: &str| coverage.by_industry_group.iter().find(|r| r.key == n).expect("listed");
    assert_eq!((group("3").population, group("3").contacted, group("3").far_below), (4, 2, false));
    assert_eq!((group("5").population, group("5").contacted, group("5").far_below), (4, 0, true));
    assert!(!group("1").far_below, "an empty group is never marked");
    assert_eq!(group("5").label, "Information og kommunikation");
    let area = |p: &str| coverage.by_area.iter().find(|r| r.key == p).expect("listed");
    assert_eq!((area("8900").population, area("8900").contacted, area("8900").far_below), (5, 3, false));
    assert_eq!((area("8960").population, area("8960").contacted, area("8960").far_below), (5, 0, true));
    assert_eq!(area("8960").label, "By 8960");
    let sections: Vec<&str> = coverage.by_section.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(sections, ["F", "G", "J"]);
}

#[test]
fn a_group_at_exactly_half_the_average_is_not_far_below() {
    let mut companies = Vec::new();
    for n in 0..8 {
        companies.push(company(n, "412000", "8900", true));
        companies.push(company(10 + n, "620100", "8900", true));
    }
    // F: 3/8, J: 1/8 → municipality 4/16 = 25 %, J exactly half → not far below.
    let contacted: HashSet<Cvr> = [cvr(0), cvr(1), cvr(2), cvr(10)].into_iter().collect();
    let coverage = coverage(&companies, &contacted);
    let j = coverage.by_industry_group.iter().find(|r| r.key == "5").expect("listed");
    assert!((j.share - 0.125).abs() < 1e-9 && !j.far_below);
}

#[test]
fn feedback_is_aggregated_in_total_by_unit_and_by_month_within_the_period() {
    let answer = |u: u128, date: NaiveDate, satisfaction: u8, relevant: bool| FeedbackFact {
        unit_id: unit(u),
        date,
        satisfaction,
        relevant: Some(relevant),
        survey: None,
    };
    let answers = [
        answer(1, day(10, 3), 5, true),
        answer(1, day(10, 20), 3, false),
        answer(2, day(11, 2), 4, true),
        answer(2, day(8, 1), 1, false), // before the period
    ];
    let summary = feedback_summary(&answers, day(10, 1), day(12, 31));
    assert_eq!(summary.total.responses, 3);
    assert_eq!(summary.total.average_satisfaction, Some(4.0));
    assert!((summary.total.relevant_share.unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(summary.by_unit.len(), 2);
    assert_eq!(summary.by_unit[0].key, unit(1).to_string());
    assert_eq!(summary.by_unit[0].average_satisfaction, Some(4.0));
    assert_eq!(summary.by_unit[0].relevant_share, Some(0.5));
    assert_eq!(summary.by_unit[1].average_satisfaction, Some(4.0));
    let months: Vec<(&str, u64)> = summary.by_month.iter().map(|m| (m.key.as_str(), m.responses)).collect();
    assert_eq!(months, [("2026-10", 2), ("2026-11", 1), ("2026-12", 0)]);
    assert_eq!(summary.by_month[2].average_satisfaction, None, "no answers, no average");
}

#[test]
fn every_six_digit_db07_code_in_the_shipped_file_gets_its_files_section() {
    let file = include_str!("../../../server/data/db07.tsv");
    let mut checked = 0;
    for line in file.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(level), Some(section), Some(code)) = (cols.get(1), cols.get(2), cols.get(12)) else {
            continue;
        };
        if *level == "4" {
            assert_eq!(db07_section(code), section.chars().next(), "{code}");
            checked += 1;
        }
    }
    assert!(checked > 500, "read the file: {checked} codes");
}

#[test]
fn unit_activity_counts_logged_contacts_and_distinct_companies_in_the_period() {
    let mut planned = contact(3, 1, day(11, 10));
    planned.planned = true;
    let contacts = vec![
        contact(1, 1, day(11, 1)),
        contact(1, 1, day(11, 5)),
        contact(2, 1, day(11, 6)),
        contact(1, 2, day(11, 7)),
        // Before the period, and a planned one: neither counts.
        contact(4, 1, day(9, 1)),
        planned,
    ];
    let activity = unit_activity(&contacts, &[unit(1), unit(2), unit(3)], day(10, 1), day(11, 30));
    let figures: Vec<(u64, u64)> = activity.iter().map(|a| (a.contacts, a.companies)).collect();
    assert_eq!(figures, vec![(3, 2), (1, 1), (0, 0)], "in the order of the units, zeros included");
    assert_eq!(activity[2].unit_id, unit(3));
}

#[test]
fn unanswered_questions_count_in_no_share_and_no_mean() {
    use crate::feedback::{Frequency, Score, Survey, YesNo};
    let v1 = |relevant: bool| FeedbackFact {
        unit_id: unit(1),
        date: day(10, 3),
        satisfaction: 4,
        relevant: Some(relevant),
        survey: None,
    };
    let v2 = |survey: Survey| FeedbackFact {
        unit_id: unit(1),
        date: day(10, 4),
        satisfaction: 2,
        relevant: survey.relevant.as_bool(),
        survey: Some(survey),
    };
    let answers = [
        v1(true),
        v1(false),
        v2(Survey {
            relevant: YesNo::Yes,
            one_organisation: Score::Rated(2),
            dialogue: Score::Rated(5),
            labour_help: Score::NotRelevant,
            frequency: Frequency::TooOften,
            ..Survey::default()
        }),
        v2(Survey {
            relevant: YesNo::NoAnswer,
            one_organisation: Score::Rated(4),
            labour_help: Score::Rated(3),
            frequency: Frequency::TooOften,
            ..Survey::default()
        }),
        v2(Survey::default()),
    ];
    let total = feedback_summary(&answers, day(10, 1), day(10, 31)).total;
    assert_eq!(total.responses, 5);
    assert_eq!(total.average_satisfaction, Some(14.0 / 5.0));
    // Two yes of three answers: the two unanswered ones are neither yes nor no.
    assert!((total.relevant_share.unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(total.survey_responses, 3);
    assert_eq!(total.average_one_organisation, Some(3.0));
    assert_eq!(total.average_dialogue, Some(5.0));
    assert_eq!(total.average_labour_help, Some(3.0), "'not relevant' is no score");
    assert_eq!(total.frequency, [2, 0, 0]);
}
