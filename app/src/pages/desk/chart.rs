//! Bar charts as accessible SVG: a title read by screen readers (`role="img"` labelled by it);
//! every chart is shown next to a table with the same figures, which is the accessible view.

use leptos::prelude::*;

/// One bar: its label, its value (0..=`max` of the chart) and the value as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    /// Drawn in the warning colour (e.g. a group far below the average).
    pub alert: bool,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 250.0;
const ROW: f64 = 22.0;

/// Horizontal bars, one row per category (long Danish names fit), with an optional dashed
/// line at `average` (the municipality's share).
#[component]
pub fn BarChart(
    /// `id` of the element whose text names the chart.
    labelled_by: &'static str,
    bars: Vec<Bar>,
    #[prop(optional)] average: Option<f64>,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).chain(average).fold(0.0_f64, f64::max).max(f64::EPSILON);
    let span = WIDTH - LABEL - 70.0;
    let height = ROW * bars.len() as f64 + 4.0;
    let x = move |value: f64| LABEL + span * (value / max).clamp(0.0, 1.0);
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 2.0 + ROW * i as f64;
            let end = x(bar.value);
            view! {
                <g class:chart-alert=bar.alert>
                    <text x=LABEL - 6.0 y=y + 15.0 text-anchor="end" class="chart-label">{truncate(&bar.label)}</text>
                    <rect x=LABEL y=y + 3.0 width=(end - LABEL).max(1.0) height=ROW - 6.0 class="chart-bar" />
                    <text x=end + 4.0 y=y + 15.0 class="chart-value">{bar.text}</text>
                </g>
            }
        })
        .collect_view();
    let line = average.map(|avg| {
        let at = x(avg);
        view! { <line x1=at x2=at y1="0" y2=height class="chart-average" /> }
    });
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=labelled_by>
            {rows}
            {line}
        </svg>
    }
}

/// Columns over time (a monthly trend), labelled under each column.
#[component]
pub fn ColumnChart(labelled_by: &'static str, bars: Vec<Bar>) -> impl IntoView {
    const HEIGHT: f64 = 160.0;
    const BASE: f64 = 130.0;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max).max(f64::EPSILON);
    let step = WIDTH / bars.len().max(1) as f64;
    let columns = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = (BASE - 20.0) * (bar.value / max).clamp(0.0, 1.0);
            let left = step * i as f64;
            let middle = left + step / 2.0;
            view! {
                <g class:chart-alert=bar.alert>
                    <rect x=left + step * 0.15 y=BASE - h width=step * 0.7 height=h.max(1.0) class="chart-bar" />
                    <text x=middle y=BASE - h - 4.0 text-anchor="middle" class="chart-value">{bar.text}</text>
                    <text x=middle y=BASE + 16.0 text-anchor="middle" class="chart-label">{bar.label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=labelled_by>
            {columns}
        </svg>
    }
}

/// Labels longer than the label column are cut (the table beside the chart has them whole).
fn truncate(label: &str) -> String {
    const MAX: usize = 34;
    if label.chars().count() <= MAX {
        return label.to_owned();
    }
    let cut: String = label.chars().take(MAX - 1).collect();
    format!("{cut}…")
}
