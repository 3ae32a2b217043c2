//! The desk's data: the device's companies, contacts, answers and flags turned once into the
//! plain facts the domain's overview rules take, plus the names to show with them.

use crate::outbox::LocalDoNotContact;
use crate::rules::parse_date;
use crate::store::{DeskContact, DeskRecords, StoredAnswer};
use chrono::NaiveDate;
use kontaktpunkt_domain::overview::{CompanyFact, ContactFact, FeedbackFact};
use kontaktpunkt_domain::plan::PlannedContact;
use kontaktpunkt_domain::{Colleague, Company, Cvr, Unit};
use std::collections::HashMap;
use uuid::Uuid;

/// A feedback answer with what the desk filters and shows it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub fact: FeedbackFact,
    pub company: Cvr,
    pub comment: String,
}

/// Everything the desk's views are computed from; made once per visit (and again after a sync,
/// or when the companies change: from the records already read).
#[derive(Debug, Default)]
pub struct DeskData {
    pub today: NaiveDate,
    pub companies: Vec<CompanyFact>,
    pub contacts: Vec<ContactFact>,
    pub answers: Vec<Answer>,
    pub flags: Vec<LocalDoNotContact>,
    /// The published contact plans' planned contacts (they count as parallel contacts).
    pub planned: Vec<PlannedContact>,
    /// The last contact ever of each company that has one.
    pub last_contact: HashMap<Cvr, NaiveDate>,
    names: HashMap<Cvr, String>,
    /// The units by name, with their liaisons.
    pub unit_list: Vec<Unit>,
    /// Everyone the device knows, by name (to name a unit's liaison).
    pub colleagues: Vec<Colleague>,
}

impl DeskData {
    pub fn new<'a>(
        today: NaiveDate,
        companies: impl Iterator<Item = &'a Company>,
        records: &DeskRecords<DeskContact>,
        units: Vec<Unit>,
        colleagues: Vec<Colleague>,
    ) -> Self {
        let contacts: Vec<ContactFact> = records.contacts.iter().map(|c| c.fact.clone()).collect();
        let mut last_contact: HashMap<Cvr, NaiveDate> = HashMap::new();
        for contact in &contacts {
            let last = last_contact.entry(contact.company.clone()).or_insert(contact.date);
            *last = (*last).max(contact.date);
        }
        let unit_of_contact: HashMap<Uuid, Uuid> =
            records.contacts.iter().map(|c| (c.id, c.fact.unit_id)).collect();
        let answers =
            records.answers.iter().filter_map(|answer| to_answer(answer.clone(), &unit_of_contact)).collect();
        let companies: Vec<&Company> = companies.collect();
        Self {
            today,
            companies: companies
                .iter()
                .map(|c| CompanyFact {
                    cvr: c.cvr.clone(),
                    name: c.name.clone(),
                    postal_code: c.address.postal_code.clone(),
                    town: c.address.town.clone(),
                    industry_code: c.industry.code.clone(),
                    employees: c.employees,
                    active: c.active,
                })
                .collect(),
            names: companies.iter().map(|c| (c.cvr.clone(), c.name.clone())).collect(),
            contacts,
            answers,
            flags: records.flags.clone(),
            planned: records.planned.clone(),
            last_contact,
            unit_list: sorted_by(units, |u| u.name.clone()),
            colleagues: sorted_by(colleagues, |c| c.display_name.clone()),
        }
    }

    /// The company's name, or its CVR number when this device does not have it.
    pub fn company_name(&self, cvr: &Cvr) -> String {
        self.names.get(cvr).cloned().unwrap_or_else(|| cvr.to_string())
    }

    pub fn unit_name(&self, id: &Uuid) -> String {
        self.unit_list.iter().find(|u| u.id == *id).map_or_else(|| "?".to_owned(), |u| u.name.clone())
    }

    pub fn person_name(&self, id: &Uuid) -> String {
        self.colleagues
            .iter()
            .find(|c| c.id == *id)
            .map_or_else(|| "?".to_owned(), |c| c.display_name.clone())
    }

    /// Postal codes of the active companies with their town, by code.
    pub fn areas(&self) -> Vec<(String, String)> {
        let mut areas: Vec<(String, String)> = self
            .companies
            .iter()
            .filter(|c| c.active)
            .map(|c| (c.postal_code.clone(), c.town.clone()))
            .collect();
        areas.sort();
        areas.dedup_by(|a, b| a.0 == b.0);
        areas
    }
}

fn sorted_by<T>(mut items: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    items.sort_by_cached_key(key);
    items
}

/// An answer whose contact this device knows (its unit is the contact's unit).
fn to_answer(answer: StoredAnswer, unit_of_contact: &HashMap<Uuid, Uuid>) -> Option<Answer> {
    let unit_id = *unit_of_contact.get(&answer.contact_id)?;
    let date = parse_date(answer.submitted_at.get(..10)?)?;
    Some(Answer {
        fact: FeedbackFact {
            unit_id,
            date,
            satisfaction: answer.satisfaction,
            relevant: answer.relevance(),
            survey: answer.survey,
        },
        company: answer.company,
        comment: answer.comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kontaktpunkt_domain::{Address, ContactKind, EmployeeInterval, Industry};

    fn company(cvr: &str, name: &str) -> Company {
        Company {
            cvr: Cvr::parse(cvr).expect("valid CVR"),
            p_number: None,
            name: name.into(),
            address: Address {
                street: "Torvet 1".into(),
                postal_code: "8900".into(),
                town: "Randers C".into(),
            },
            municipality_code: 730,
            industry: Industry { code: "412000".into(), text: "Byggeri".into(), version: "DB07".into() },
            employees: EmployeeInterval::From10To19,
            advertising_protected: false,
            active: true,
        }
    }

    fn contact(id: u128, cvr: &str, unit: u128, date: &str) -> DeskContact {
        let fact = ContactFact {
            company: Cvr::parse(cvr).expect("valid CVR"),
            unit_id: Uuid::from_u128(unit),
            user_id: Uuid::from_u128(99),
            date: parse_date(date).expect("a date"),
            kind: ContactKind::Visit,
            planned: false,
        };
        DeskContact { id: Uuid::from_u128(id), fact }
    }

    #[test]
    fn records_become_facts_with_last_contacts_and_answers_by_their_contacts_unit() {
        let companies = [company("25052943", "Smedie A/S"), company("10001161", "Renseri ApS")];
        let answer = |contact: u128, at: &str| StoredAnswer {
            id: Uuid::from_u128(contact + 1000),
            contact_id: Uuid::from_u128(contact),
            company: Cvr::parse("25052943").expect("valid CVR"),
            submitted_at: at.into(),
            satisfaction: 4,
            relevant: true,
            comment: "God dialog".into(),
            survey: None,
        };
        let records = DeskRecords {
            contacts: vec![contact(1, "25052943", 7, "2026-10-01"), contact(2, "25052943", 8, "2026-11-20")],
            // The second answers a contact this device does not have: it has no unit to count under.
            answers: vec![answer(2, "2026-11-21T09:30:00Z"), answer(55, "2026-11-22T09:30:00Z")],
            flags: Vec::new(),
            planned: Vec::new(),
        };
        let units = vec![Unit { id: Uuid::from_u128(8), name: "Jobcenter".into(), liaison: None }];
        let today = parse_date("2026-12-01").expect("a date");
        let data = DeskData::new(today, companies.iter(), &records, units, Vec::new());

        assert_eq!(data.contacts.len(), 2);
        let smedie = Cvr::parse("25052943").expect("valid CVR");
        assert_eq!(data.last_contact.get(&smedie), parse_date("2026-11-20").as_ref());
        assert_eq!(data.last_contact.get(&Cvr::parse("10001161").expect("valid CVR")), None);
        assert_eq!(data.answers.len(), 1);
        assert_eq!(data.answers[0].fact.unit_id, Uuid::from_u128(8));
        assert_eq!(data.answers[0].fact.date, parse_date("2026-11-21").expect("a date"));
        assert_eq!(data.unit_name(&Uuid::from_u128(8)), "Jobcenter");
        assert_eq!(data.company_name(&smedie), "Smedie A/S");
        assert_eq!(data.areas(), vec![("8900".to_owned(), "Randers C".to_owned())]);
    }
}
