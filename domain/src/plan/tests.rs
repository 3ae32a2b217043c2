use super::*;
use crate::contact::ContactKind;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
}

const TODAY: (i32, u32, u32) = (2026, 11, 30);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// The `n`-th valid CVR number (modulus 11), increasing with `n`.
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

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Construction (section F, group 3) unless `code` says otherwise; 2–4 employees.
fn company(n: u32) -> CompanyFact {
    CompanyFact {
        cvr: cvr(n),
        name: format!("Firma {n}"),
        postal_code: "8900".into(),
        town: "Randers C".into(),
        industry_code: "412000".into(),
        employees: EmployeeInterval::From2To4,
        active: true,
    }
}

fn contact(company: u32, unit: u128, date: NaiveDate) -> ContactFact {
    ContactFact {
        company: cvr(company),
        unit_id: id(unit),
        user_id: id(100 + unit),
        date,
        kind: ContactKind::Visit,
        planned: false,
    }
}

/// Consultant `user` in `unit`.
fn consultant(user: u128, unit: u128) -> Consultant {
    Consultant { user_id: id(user), unit_id: id(unit) }
}

fn settings(capacity: u32) -> PlanSettings {
    PlanSettings {
        today: today(),
        from: day(2026, 12, 1),
        to: day(2026, 12, 31),
        capacity,
        recent_days: DEFAULT_RECENT_DAYS,
    }
}

fn facts(companies: Vec<CompanyFact>) -> PlanFacts {
    PlanFacts {
        companies,
        consultants: vec![consultant(11, 1), consultant(12, 1), consultant(21, 2)],
        ..PlanFacts::default()
    }
}

fn suggested(plan: &[Suggestion]) -> Vec<Cvr> {
    plan.iter().map(|s| s.company.clone()).collect()
}

#[test]
fn a_do_not_contact_company_is_never_suggested() {
    let mut facts = facts((1..=5).map(company).collect());
    facts.do_not_contact.insert(cvr(3));
    facts.key_accounts.insert(cvr(3), id(11));
    facts.open_follow_ups.insert(cvr(3));
    let plan = suggest(&facts, &settings(10));
    assert_eq!(suggested(&plan), [cvr(1), cvr(2), cvr(4), cvr(5)]);
}

#[test]
fn a_ceased_company_is_not_suggested() {
    let mut ceased = company(2);
    ceased.active = false;
    ceased.employees = EmployeeInterval::From1000;
    let plan = suggest(&facts(vec![company(1), ceased]), &settings(10));
    assert_eq!(suggested(&plan), [cvr(1)]);
}

#[test]
fn recently_contacted_and_planned_companies_are_skipped() {
    let mut facts = facts((1..=4).map(company).collect());
    facts.contacts = vec![
        // 60 days ago: recent.
        contact(1, 1, today() - chrono::Duration::days(60)),
        // 100 days ago: due again.
        contact(2, 1, today() - chrono::Duration::days(100)),
        // Planned by an earlier plan.
        ContactFact { planned: true, ..contact(3, 2, day(2026, 11, 1)) },
    ];
    let plan = suggest(&facts, &settings(10));
    assert_eq!(suggested(&plan), [cvr(4), cvr(2)], "never contacted first");
    // With a shorter window the recent one is due too.
    let plan = suggest(&facts, &PlanSettings { recent_days: 30, ..settings(10) });
    assert_eq!(suggested(&plan), [cvr(4), cvr(2), cvr(1)]);
}

#[test]
fn priority_comes_from_time_size_coverage_and_follow_ups_with_their_reasons() {
    let mut small_old = company(1);
    small_old.employees = EmployeeInterval::None;
    let mut big = company(2);
    big.employees = EmployeeInterval::From50To99;
    let mut shop = company(3);
    shop.industry_code = "471100".into(); // group 4, not under-covered
    let mut facts = facts(vec![small_old, big, shop, company(4)]);
    facts.contacts = vec![contact(1, 1, day(2025, 9, 15)), contact(2, 1, day(2025, 9, 15))];
    facts.under_covered = BTreeSet::from([3]);
    facts.open_follow_ups.insert(cvr(4));
    let plan = suggest(&facts, &settings(10));
    let scores: Vec<(Cvr, u32)> = plan.iter().map(|s| (s.company.clone(), s.score)).collect();
    // 4: never 40 + size 2 + group 10 + follow-up 15; 3: never 40 + size 2;
    // 2: 14 months + size 10 + group 10; 1: 14 months + group 10.
    assert_eq!(scores, [(cvr(4), 67), (cvr(3), 42), (cvr(2), 34), (cvr(1), 24)]);
    let reasons = |n: usize| &plan[n].reasons;
    assert_eq!(
        reasons(0)[..4],
        [
            PlanReason::NeverContacted,
            PlanReason::CompanySize { employees: EmployeeInterval::From2To4 },
            PlanReason::UnderCoveredGroup { group: 3 },
            PlanReason::OpenFollowUp,
        ]
    );
    assert_eq!(reasons(3)[0], PlanReason::SinceLastContact { months: 14, last: day(2025, 9, 15) });
    assert_eq!(
        reasons_da(&reasons(3)[..2]),
        "14 måneder siden seneste kontakt; branchegruppen Bygge og anlæg er underdækket"
    );
    assert_eq!(
        reasons_en(&reasons(3)[..2]),
        "14 months since last contact; industry group Construction under-covered"
    );
    assert!(plan.iter().all(|s| s.reasons.len() >= 2), "a priority reason and an assignment reason");
}

#[test]
fn the_key_account_manager_wins_over_relationship_and_workload() {
    let mut facts = facts(vec![company(1)]);
    // Unit 1 knows the company well, but unit 2's consultant is its key account manager.
    facts.contacts = vec![contact(1, 1, day(2025, 1, 10)), contact(1, 1, day(2025, 2, 10))];
    facts.key_accounts.insert(cvr(1), id(21));
    let plan = suggest(&facts, &settings(10));
    assert_eq!((plan[0].unit_id, plan[0].user_id), (id(2), id(21)));
    assert_eq!(plan[0].reasons.last(), Some(&PlanReason::KeyAccount));
}

#[test]
fn without_key_account_the_related_unit_then_the_focused_unit_gets_it() {
    let mut other = company(2);
    other.industry_code = "620100".into(); // group 5
    let mut facts = facts(vec![company(1), other, company(3)]);
    facts.contacts = vec![
        // Company 1: unit 2 has the relationship (two contacts against one).
        contact(1, 1, day(2025, 1, 10)),
        contact(1, 2, day(2025, 2, 10)),
        contact(1, 2, day(2025, 3, 10)),
        // Group 5's focus is unit 1 (via a company outside the plan's candidates: recent).
        contact(9, 1, today()),
    ];
    facts.companies.push(CompanyFact { industry_code: "620100".into(), ..company(9) });
    let plan = suggest(&facts, &settings(10));
    let by_company: HashMap<Cvr, &Suggestion> = plan.iter().map(|s| (s.company.clone(), s)).collect();
    assert_eq!(by_company[&cvr(1)].unit_id, id(2));
    assert_eq!(by_company[&cvr(1)].reasons.last(), Some(&PlanReason::ExistingRelationship { contacts: 2 }));
    assert_eq!(by_company[&cvr(2)].unit_id, id(1));
    assert_eq!(
        by_company[&cvr(2)].reasons.last(),
        Some(&PlanReason::IndustryFocus { group: 5, contacts: 1 })
    );
    // Company 3 (group 3) is in unit 2's focus through company 1's contacts.
    assert_eq!(by_company[&cvr(3)].unit_id, id(2));
    assert!(!by_company.contains_key(&cvr(9)), "contacted today");
}

#[test]
fn capacity_is_never_exceeded_and_the_load_is_balanced() {
    let mut facts = facts((1..=20).map(company).collect());
    // Everyone's focus is unit 1 (two consultants), so unit 1 fills first, then unit 2.
    facts.companies.push(CompanyFact { active: true, ..company(50) });
    facts.contacts = vec![contact(50, 1, today())];
    let plan = suggest(&facts, &settings(3));
    assert_eq!(plan.len(), 9, "three consultants of capacity three");
    let mut load: HashMap<Uuid, u32> = HashMap::new();
    for s in &plan {
        *load.entry(s.user_id).or_default() += 1;
    }
    assert_eq!(load, HashMap::from([(id(11), 3), (id(12), 3), (id(21), 3)]));
    // Within unit 1 the two consultants take turns.
    let unit_one: Vec<Uuid> = plan.iter().filter(|s| s.unit_id == id(1)).map(|s| s.user_id).collect();
    assert_eq!(unit_one, [id(11), id(12), id(11), id(12), id(11), id(12)]);
    // A key account manager at capacity does not get more: the next consultant does.
    let mut facts = facts.clone();
    for n in 1..=5 {
        facts.key_accounts.insert(cvr(n), id(21));
    }
    let plan = suggest(&facts, &settings(2));
    assert_eq!(plan.iter().filter(|s| s.user_id == id(21)).count(), 2);
    assert_eq!(plan.len(), 6);
}

#[test]
fn the_same_facts_give_the_same_plan_whatever_their_order() {
    let mut facts = facts((1..=30).map(company).collect());
    facts.contacts = (1..=30).map(|n| contact(n, u128::from(n % 2 + 1), day(2024, 1 + n % 12, 1))).collect();
    facts.key_accounts.insert(cvr(7), id(12));
    let first = suggest(&facts, &settings(4));
    assert_eq!(first, suggest(&facts, &settings(4)));
    let mut shuffled = facts.clone();
    shuffled.companies.reverse();
    shuffled.contacts.reverse();
    shuffled.consultants.reverse();
    assert_eq!(first, suggest(&shuffled, &settings(4)));
    // Equal scores are ordered by CVR number.
    let plain = suggest(&PlanFacts { contacts: vec![], key_accounts: HashMap::new(), ..facts }, &settings(4));
    assert!(plain.windows(2).all(|w| w[0].score > w[1].score || w[0].company < w[1].company));
}

#[test]
fn without_consultants_or_capacity_there_is_no_plan() {
    let plan = suggest(&PlanFacts { consultants: vec![], ..facts(vec![company(1)]) }, &settings(5));
    assert!(plan.is_empty());
    assert!(suggest(&facts(vec![company(1)]), &settings(0)).is_empty());
}

#[test]
fn a_plan_period_must_be_in_order_short_enough_and_not_past_and_capacity_in_range() {
    assert!(validate(day(2026, 12, 1), day(2027, 2, 28), 10, today()).is_empty(), "a quarter");
    assert_eq!(validate(day(2026, 12, 2), day(2026, 12, 1), 10, today()), [PlanError::PeriodReversed]);
    assert_eq!(validate(day(2026, 12, 1), day(2027, 3, 31), 10, today()), [PlanError::PeriodTooLong]);
    assert_eq!(
        validate(day(2026, 10, 1), day(2026, 10, 31), 0, today()),
        [PlanError::PeriodInThePast, PlanError::CapacityOutOfRange]
    );
    assert_eq!(validate(today(), today(), MAX_CAPACITY + 1, today()), [PlanError::CapacityOutOfRange]);
}

#[test]
fn whole_months_count_calendar_months() {
    assert_eq!(whole_months(day(2025, 9, 15), today()), 14);
    assert_eq!(whole_months(day(2025, 11, 30), today()), 12);
    assert_eq!(whole_months(day(2025, 12, 1), today()), 11);
    assert_eq!(whole_months(today(), day(2026, 1, 1)), 0, "never negative");
}

#[test]
fn under_covered_groups_are_read_from_the_coverage() {
    let mut shop = company(2);
    shop.industry_code = "471100".into();
    let companies = vec![company(1), shop.clone(), CompanyFact { cvr: cvr(3), ..shop }];
    let contacted = HashSet::from([cvr(2), cvr(3)]);
    let coverage = crate::overview::coverage(&companies, &contacted);
    assert_eq!(under_covered_groups(&coverage), BTreeSet::from([3]));
}

#[test]
fn reasons_and_planned_contacts_keep_their_json_shape() {
    let item = PlannedContact {
        id: id(1),
        plan_id: id(2),
        company: cvr(1),
        unit_id: id(3),
        user_id: id(4),
        from: day(2026, 12, 1),
        to: day(2026, 12, 31),
        reasons: vec![
            PlanReason::SinceLastContact { months: 14, last: day(2025, 9, 15) },
            PlanReason::UnderCoveredGroup { group: 3 },
            PlanReason::KeyAccount,
        ],
        status: PlannedStatus::Proposed,
        answer: None,
    };
    let expected = serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "plan_id": "00000000-0000-0000-0000-000000000002",
        "company": cvr(1).as_str(),
        "unit_id": "00000000-0000-0000-0000-000000000003",
        "user_id": "00000000-0000-0000-0000-000000000004",
        "from": "2026-12-01",
        "to": "2026-12-31",
        "reasons": [
            { "kind": "since_last_contact", "months": 14, "last": "2025-09-15" },
            { "kind": "under_covered_group", "group": 3 },
            { "kind": "key_account" }
        ],
        "status": "proposed",
        "answer": null
    });
    assert_eq!(serde_json::to_value(&item).expect("encode"), expected);
    assert_eq!(serde_json::from_value::<PlannedContact>(expected).expect("decode"), item);
    for status in [PlannedStatus::Proposed, PlannedStatus::Accepted, PlannedStatus::Declined] {
        assert_eq!(PlannedStatus::parse(status.as_str()), Some(status));
    }
}

#[test]
fn planned_facts_are_the_open_items_overlapping_the_period_dated_no_earlier_than_it() {
    let item = |n: u128, from: NaiveDate, to: NaiveDate, status: PlannedStatus| PlannedContact {
        id: id(n),
        plan_id: id(1),
        company: cvr(n as u32),
        unit_id: id(10),
        user_id: id(20),
        from,
        to,
        reasons: Vec::new(),
        status,
        answer: None,
    };
    let items = [
        item(2, day(2026, 12, 1), day(2026, 12, 31), PlannedStatus::Proposed),
        item(3, day(2026, 11, 1), day(2026, 11, 30), PlannedStatus::Accepted),
        item(4, day(2026, 12, 1), day(2026, 12, 31), PlannedStatus::Declined),
        item(5, day(2027, 1, 1), day(2027, 1, 31), PlannedStatus::Proposed),
    ];
    let facts = planned_facts(&items, day(2026, 11, 15), day(2026, 12, 15));
    let got: Vec<(Cvr, NaiveDate)> = facts.iter().map(|f| (f.company.clone(), f.date)).collect();
    assert_eq!(
        got,
        vec![(cvr(2), day(2026, 12, 1)), (cvr(3), day(2026, 11, 15))],
        "declined and later ones left out"
    );
    assert!(facts.iter().all(|f| f.planned && f.kind == ContactKind::Visit));
}
