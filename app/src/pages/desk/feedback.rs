//! The companies' feedback: responses, average satisfaction and the share finding the contact
//! relevant — in total, by unit, by industry group and by month (a trend chart) — and the
//! free-text comments, newest first, filterable.

use super::chart::{Bar, ColumnChart};
use super::data::{Answer, DeskData};
use super::export;
use super::kept::Kept;
use super::period::{Period, PeriodFields};
use super::texts::{self, T, decimal, percent, t, tr};
use crate::app::paths;
use crate::i18n::{I18n, Lang, industry_group_name};
use kontaktpunkt_domain::feedback::{CURRENT_QUESTIONS, Frequency, Score, Survey};
use kontaktpunkt_domain::overview::{
    DEFAULT_STALE_MONTHS, FeedbackAggregate, FeedbackFact, feedback_summary, industry_group_of_code,
};
use kontaktpunkt_domain::reference::INDUSTRY_GROUPS;
use kontaktpunkt_domain::search::normalize;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Comments shown at most (the filter narrows them down).
const COMMENTS: usize = 200;

#[component]
pub fn FeedbackView(data: Arc<DeskData>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let period = Period::kept(["feedback.from", "feedback.to"], data.today, DEFAULT_STALE_MONTHS, None);
    let filter = Kept::signal("feedback.filter", String::new);
    let group_of: Arc<HashMap<_, u8>> = Arc::new(
        data.companies.iter().map(|c| (c.cvr.clone(), industry_group_of_code(&c.industry_code))).collect(),
    );
    let in_period = {
        let data = data.clone();
        move || -> Option<Vec<Answer>> {
            let (from, to) = period.get()?;
            Some(data.answers.iter().filter(|a| a.fact.date >= from && a.fact.date <= to).cloned().collect())
        }
    };
    let answers = Memo::new(move |_| in_period());
    let names = data.clone();
    let export_data = data.clone();
    let export = move |_| {
        if let Some(list) = answers.get_untracked() {
            export::offer("feedback", &csv_rows(i18n.lang.get_untracked(), &export_data, &list));
        }
    };
    view! {
        <section class="desk-view" aria-labelledby="feedback-title">
            <h2 id="feedback-title">{tr(i18n, T::ViewFeedback)}</h2>
            <div class="desk-controls">
                <PeriodFields period prefix="feedback" />
            </div>
            {move || {
                let data = names.clone();
                let (from, to) = period.get()?;
                let list = answers.get()?;
                let lang = i18n.lang.get();
                let facts: Vec<FeedbackFact> = list.iter().map(|a| a.fact.clone()).collect();
                let summary = feedback_summary(&facts, from, to);
                let by_group: Vec<(u8, FeedbackAggregate)> = INDUSTRY_GROUPS
                    .iter()
                    .map(|(n, ..)| {
                        let in_group: Vec<FeedbackFact> =
                            list.iter().filter(|a| group_of.get(&a.company) == Some(n)).map(|a| a.fact.clone()).collect();
                        (*n, feedback_summary(&in_group, from, to).total)
                    })
                    .filter(|(_, agg)| agg.responses > 0)
                    .collect();
                let by_unit: Vec<(String, FeedbackAggregate)> = summary
                    .by_unit
                    .iter()
                    .map(|agg| (agg.key.parse().map(|id| data.unit_name(&id)).unwrap_or_default(), agg.clone()))
                    .collect();
                let by_month: Vec<(String, FeedbackAggregate)> =
                    summary.by_month.iter().map(|agg| (texts::month(lang, &agg.key), agg.clone())).collect();
                let bars = summary
                    .by_month
                    .iter()
                    .map(|agg| Bar {
                        label: texts::month_short(lang, &agg.key),
                        value: agg.responses as f64,
                        text: agg.responses.to_string(),
                        alert: false,
                    })
                    .collect();
                let groups = by_group
                    .into_iter()
                    .map(|(n, agg)| (industry_group_name(lang, n).to_owned(), agg))
                    .collect();
                Some(view! {
                    <dl class="desk-stats">
                        <div><dt>{tr(i18n, T::Responses)}</dt><dd data-testid="feedback-responses">{summary.total.responses}</dd></div>
                        <div><dt>{tr(i18n, T::AverageSatisfaction)}</dt><dd data-testid="feedback-average">{decimal(lang, summary.total.average_satisfaction)}</dd></div>
                        <div><dt>{tr(i18n, T::RelevantShare)}</dt><dd data-testid="feedback-relevant">{summary.total.relevant_share.map(|s| percent(lang, s)).unwrap_or_else(|| "–".to_owned())}</dd></div>
                    </dl>
                    <SurveyFigures total=summary.total.clone() />
                    <button type="button" class="button" data-testid="feedback-export" on:click=export.clone()>{tr(i18n, T::ExportCsv)}</button>
                    <h3 id="feedback-trend-title">{tr(i18n, T::ByMonth)}</h3>
                    <div class="desk-chart-pair">
                        <ColumnChart labelled_by="feedback-trend-title" bars />
                        <AggregateTable id="feedback-by-month" first=T::Month rows=by_month />
                    </div>
                    <h3>{tr(i18n, T::ByUnit)}</h3>
                    <AggregateTable id="feedback-by-unit" first=T::Unit rows=by_unit />
                    <h3>{tr(i18n, T::IndustryGroup)}</h3>
                    <AggregateTable id="feedback-by-group" first=T::IndustryGroup rows=groups />
                })
            }}
            <h3>{tr(i18n, T::Comments)}</h3>
            <div class="field">
                <label for="feedback-filter">{tr(i18n, T::FilterComments)}</label>
                <input id="feedback-filter" type="search" bind:value=filter />
            </div>
            {move || {
                let needle = normalize(&filter.get());
                let mut list: Vec<Answer> = answers
                    .get()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| !a.comment.trim().is_empty())
                    .filter(|a| needle.is_empty() || normalize(&a.comment).contains(&needle))
                    .collect();
                list.sort_by_key(|a| std::cmp::Reverse(a.fact.date));
                list.truncate(COMMENTS);
                if list.is_empty() {
                    return view! { <p class="panel muted">{tr(i18n, T::NoComments)}</p> }.into_any();
                }
                let items = list
                    .into_iter()
                    .map(|a| {
                        let unit = data.unit_name(&a.fact.unit_id);
                        let company = data.company_name(&a.company);
                        view! {
                            <li class="desk-comment" data-testid="feedback-comment">
                                <p>{a.comment}</p>
                                <p class="muted small">
                                    {a.fact.date.format("%d.%m.%Y").to_string()}" · "{unit}" · "
                                    <a href=paths::company(&a.company)>{company}</a>
                                    " · "{format!("{}/5", a.fact.satisfaction)}
                                </p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="desk-comments">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Responses, average satisfaction and share relevant per row (unit, month or group).
#[component]
fn AggregateTable(id: &'static str, first: T, rows: Vec<(String, FeedbackAggregate)>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    if rows.is_empty() {
        return view! { <p class="muted">{tr(i18n, T::NoResponses)}</p> }.into_any();
    }
    let lang = i18n.lang.get_untracked();
    let body = rows
        .into_iter()
        .map(|(name, agg)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{agg.responses}</td>
                    <td class="num">{decimal(lang, agg.average_satisfaction)}</td>
                    <td class="num">{agg.relevant_share.map(|s| percent(lang, s)).unwrap_or_else(|| "–".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="desk-table" data-testid=id>
                <thead>
                    <tr>
                        <th scope="col">{tr(i18n, first)}</th>
                        <th scope="col">{tr(i18n, T::Responses)}</th>
                        <th scope="col">{tr(i18n, T::AverageSatisfaction)}</th>
                        <th scope="col">{tr(i18n, T::RelevantShare)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn csv_rows(lang: Lang, data: &DeskData, list: &[Answer]) -> Vec<Vec<String>> {
    let header = [
        T::Date,
        T::Unit,
        T::Satisfaction,
        T::Relevant,
        T::Comment,
        T::QuestionsVersion,
        T::OneOrganisation,
        T::Dialogue,
        T::LabourHelp,
        T::ContactFrequency,
        T::MayContact,
    ];
    let mut rows =
        vec![std::iter::once("CVR").chain(header.map(|k| t(lang, k))).map(str::to_owned).collect()];
    rows.extend(list.iter().map(|a| {
        vec![
            a.company.to_string(),
            a.fact.date.to_string(),
            data.unit_name(&a.fact.unit_id),
            a.fact.satisfaction.to_string(),
            t(lang, yes_no(a.fact.relevant)).to_owned(),
            a.comment.clone(),
        ]
        .into_iter()
        .chain(survey_cells(lang, a.fact.survey.as_ref()))
        .collect()
    }));
    rows
}

fn yes_no(answer: Option<bool>) -> T {
    match answer {
        Some(true) => T::Yes,
        Some(false) => T::No,
        None => T::NoAnswer,
    }
}

/// The survey's cells of one CSV row: version, the three scores, frequency, may contact;
/// version 1 answers have only their version.
fn survey_cells(lang: Lang, survey: Option<&Survey>) -> Vec<String> {
    let Some(survey) = survey else {
        return vec![
            "1".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    let score = |s: Score| match s {
        Score::Rated(n) => n.to_string(),
        Score::NotRelevant => t(lang, T::NotRelevant).to_owned(),
        Score::NoAnswer => t(lang, T::NoAnswer).to_owned(),
    };
    let frequency = match survey.frequency {
        Frequency::TooOften => T::TooOften,
        Frequency::AboutRight => T::AboutRight,
        Frequency::TooRarely => T::TooRarely,
        Frequency::NoAnswer => T::NoAnswer,
    };
    vec![
        CURRENT_QUESTIONS.to_string(),
        score(survey.one_organisation),
        score(survey.dialogue),
        score(survey.labour_help),
        t(lang, frequency).to_owned(),
        t(lang, yes_no(survey.may_contact.as_bool())).to_owned(),
    ]
}

/// The means and counts of the questions only version 2 asks (`survey-…` hooks).
#[component]
fn SurveyFigures(total: FeedbackAggregate) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lang = i18n.lang.get_untracked();
    (total.survey_responses > 0).then(|| {
        let [often, right, rarely] = total.frequency;
        view! {
            <h3 id="feedback-survey-title">{tr(i18n, T::SurveyTitle)}</h3>
            <p class="muted small">{tr(i18n, T::SurveyIntro)}</p>
            <dl class="desk-stats" aria-labelledby="feedback-survey-title">
                <div><dt>{tr(i18n, T::SurveyResponses)}</dt><dd data-testid="survey-responses">{total.survey_responses}</dd></div>
                <div><dt>{tr(i18n, T::OneOrganisation)}</dt><dd data-testid="survey-one-organisation">{decimal(lang, total.average_one_organisation)}</dd></div>
                <div><dt>{tr(i18n, T::Dialogue)}</dt><dd data-testid="survey-dialogue">{decimal(lang, total.average_dialogue)}</dd></div>
                <div><dt>{tr(i18n, T::LabourHelp)}</dt><dd data-testid="survey-labour-help">{decimal(lang, total.average_labour_help)}</dd></div>
                <div><dt>{tr(i18n, T::TooOften)}</dt><dd data-testid="survey-too-often">{often}</dd></div>
                <div><dt>{tr(i18n, T::AboutRight)}</dt><dd>{right}</dd></div>
                <div><dt>{tr(i18n, T::TooRarely)}</dt><dd>{rarely}</dd></div>
            </dl>
        }
    })
}
