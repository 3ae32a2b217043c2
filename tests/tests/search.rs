//! The search screen's filters and "Vis flere" in real Chromium against the demo: each filter
//! narrows to exactly the companies the register and the contacts say (computed here from the
//! server's records with the domain's rules), the filters live in the URL (a reload keeps
//! them), and every match is reachable.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use kontaktpunkt_domain::overview::industry_group_of_code;
use kontaktpunkt_domain::reference::{industry_group_name_da, industry_group_name_en};
use kontaktpunkt_domain::search_filter::not_contacted_cutoff;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_domain::{Company, Contact};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};

const RESULTS: &str = r#"li[data-testid="company-result"]"#;

async fn listed(browser: &Browser) -> usize {
    browser.client.find_all(fantoccini::Locator::Css(RESULTS)).await.expect("rows").len()
}

async fn location(browser: &Browser) -> String {
    let value = browser.client.execute("return location.search;", vec![]).await.expect("location");
    value.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_narrow_to_the_right_companies_and_every_match_is_reachable() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let records = server.records().await;
    // The newest version of each company (a change log can hold several).
    let companies: Vec<&Company> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Company { company } => Some((company.cvr.as_str(), company)),
            _ => None,
        })
        .collect::<HashMap<_, _>>()
        .into_values()
        .collect();
    let deleted: HashSet<_> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::ContactDeleted { id } => Some(*id),
            _ => None,
        })
        .collect();
    let cutoff = not_contacted_cutoff(Utc::now().date_naive()).expect("a cut-off");
    let contacted: HashSet<&str> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Contact { contact } => Some(contact),
            _ => None,
        })
        .filter(|c: &&Contact| !deleted.contains(&c.id) && c.date >= cutoff)
        .map(|c| c.company.as_str())
        .collect();
    // The area with most companies, and within it the largest industry group.
    let mut per_area: HashMap<&str, usize> = HashMap::new();
    for company in &companies {
        *per_area.entry(company.address.postal_code.as_str()).or_default() += 1;
    }
    let (area, in_area) =
        per_area.into_iter().max_by_key(|&(code, n)| (n, std::cmp::Reverse(code))).expect("areas");
    let mut per_group: HashMap<u8, usize> = HashMap::new();
    for company in companies.iter().filter(|c| c.address.postal_code == area) {
        *per_group.entry(industry_group_of_code(&company.industry.code)).or_default() += 1;
    }
    let (group, in_group) =
        per_group.into_iter().max_by_key(|&(g, n)| (n, std::cmp::Reverse(g))).expect("groups");
    let not_contacted = companies
        .iter()
        .filter(|c| c.address.postal_code == area && industry_group_of_code(&c.industry.code) == group)
        .filter(|c| !contacted.contains(c.cvr.as_str()))
        .count();
    assert!(in_area > in_group && in_group > not_contacted, "the demo gives each filter something to do");

    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.wait_for(RESULTS, LONG).await;
    let count = r#"[data-testid="result-count"]"#;
    assert_eq!(
        browser.wait_for_count(count, |n| n == companies.len() as u64, "every company without a query").await,
        companies.len() as u64
    );

    // "Vis flere" until the list is longer: all matches are reachable, 20 at a time.
    assert_eq!(listed(&browser).await, 20, "the first page");
    browser.wait_for("#show-more", LONG).await.click().await.expect("show more");
    browser.wait_until_js(&format!("document.querySelectorAll('{RESULTS}').length === 40"), LONG).await;

    // Area, then industry group, then "not contacted for 12 months".
    browser
        .wait_for(r#"[data-testid="search-filters"] summary"#, LONG)
        .await
        .click()
        .await
        .expect("open filters");
    browser.wait_for("#filter-area", LONG).await.select_by_value(area).await.expect("pick the area");
    browser.wait_for_count(count, |n| n == in_area as u64, "companies in the area").await;
    assert!(location(&browser).await.contains(&format!("post={area}")), "the area is in the URL");
    assert_eq!(listed(&browser).await, in_area.min(20), "a new filter starts from the first page");
    let towns: Vec<String> = browser
        .client
        .execute(
            "return [...document.querySelectorAll('li[data-testid=company-result] .company-address')].map(e => e.textContent);",
            vec![],
        )
        .await
        .expect("addresses")
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    assert!(towns.iter().all(|t| t.contains(&format!(", {area} "))), "every result is in {area}: {towns:?}");

    browser
        .wait_for("#filter-industry", LONG)
        .await
        .select_by_value(&group.to_string())
        .await
        .expect("group");
    browser.wait_for_count(count, |n| n == in_group as u64, "companies of the group in the area").await;
    // The group names follow the language: Statistics Denmark's English wording in English.
    let group_option = format!("#filter-industry option[value='{group}']");
    let script = format!("return document.querySelector(\"{group_option}\").textContent.trim();");
    let danish = browser.client.execute(&script, vec![]).await.expect("option text");
    assert_eq!(danish.as_str(), Some(industry_group_name_da(group)), "the Danish group name");
    browser.wait_for("#language-switch", LONG).await.click().await.expect("English");
    let english = industry_group_name_en(group);
    browser
        .wait_until_js(
            &format!("document.querySelector(\"{group_option}\").textContent.trim() === '{english}'"),
            LONG,
        )
        .await;
    browser.wait_for("#language-switch", LONG).await.click().await.expect("back to Danish");
    browser.wait_for("#filter-not-contacted", LONG).await.click().await.expect("not contacted");
    browser.wait_for_count(count, |n| n == not_contacted as u64, "of them, the ones nobody contacted").await;

    // A reload keeps the filters (they are the URL) and the same result.
    let url = location(&browser).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_count(count, |n| n == not_contacted as u64, "the same result after a reload").await;
    assert_eq!(location(&browser).await, url);

    // "Nulstil filtre" brings the whole municipality back.
    browser.wait_for("#filter-clear", LONG).await.click().await.expect("clear");
    browser.wait_for_count(count, |n| n == companies.len() as u64, "every company again").await;
    browser.close().await;
}
