//! The indicators' 達成率 for the summaries: the sentence that counts the targets reached
//! (広報 and the committee handout) and the bars of the chart that shows each rate against
//! its target.

use super::doc::{self, Block, Cell, Chart, Column, Figure, Role, Row, Table};
use super::Report;
use crate::layout::chart::{self, Rate};
use crate::model::indicator::readings;

/// 「数値目標を掲げた4つの指標のうち、1つが目標に達しました。」: the indicators with a 達成率, and
/// how many reached 100％; nothing where no indicator has a rate.
pub fn sentence(report: &Report) -> String {
    let rates: Vec<f64> = report
        .plan
        .items()
        .flat_map(readings)
        .filter_map(|r| r.indicator.rounded_rate(report.config))
        .collect();
    let reached = rates.iter().filter(|r| **r >= 100.0).count();
    let all = crate::text::tsu(rates.len());
    match (rates.len(), reached) {
        (0, _) => String::new(),
        (_, 0) => format!("数値目標を掲げた{all}の指標のうち、目標に達したものはまだありません。"),
        (n, k) if k == n => format!("数値目標を掲げた{all}の指標すべてが目標に達しました。"),
        (_, k) => format!("数値目標を掲げた{all}の指標のうち、{}が目標に達しました。", crate::text::tsu(k)),
    }
}

/// A bar per indicator with a 達成率, in plan order: labelled 「項目：指標」 (`with_item`) or
/// with the indicator's name alone.
pub fn bars(report: &Report, with_item: bool) -> Vec<Rate> {
    report
        .plan
        .items()
        .flat_map(|item| readings(item).into_iter().map(move |r| (item, r)))
        .filter_map(|(item, r)| {
            let percent = Some(r.indicator.rounded_rate(report.config)?);
            let name = r.indicator.label();
            let label = if with_item { format!("{}：{name}", item.label()) } else { name.to_string() };
            Some(Rate { label, percent, text: r.indicator.rate_text(report.config) })
        })
        .collect()
}

/// The indicators' rates as content: the heading, the rule of the rate (after the count of
/// targets reached where `detail`) and the chart with its numbers; nothing where no indicator
/// has a rate. `detail` (the committee handout) labels the bars 「項目：指標」. `level` is the
/// heading's.
pub fn blocks(report: &Report, detail: bool, level: u8) -> Vec<Block> {
    let bars = bars(report, detail);
    if bars.is_empty() {
        return Vec::new();
    }
    let counted = if detail { sentence(report) } else { String::new() };
    let alt = chart::rate_alt_text(&bars);
    let columns = vec![
        Column::new(if detail { "項目：指標" } else { "指標" }, Role::Label),
        Column::new("達成率", Role::Share),
    ];
    let rows = bars
        .iter()
        .map(|b| Row {
            cells: vec![Cell::plain(&b.label), Cell::plain(&b.text)],
            joined: false,
            label: b.label.clone(),
            inset: None,
        })
        .collect();
    let table = Table { caption: format!("{HEADING}（数値）"), columns, rows, label_col: 0 };
    let rates =
        bars.into_iter().map(|b| doc::Rate { label: b.label, percent: b.percent, text: b.text }).collect();
    vec![
        Block::Heading { level, text: HEADING.into() },
        Block::Paragraph(format!("{counted}{NOTE}")),
        Block::Figure(Figure { chart: Chart::Rates(rates), alt, table }),
    ]
}

/// The heading over the indicators' rates.
pub(super) const HEADING: &str = "数値目標の達成状況";

/// What 達成率 is, in words and as a sum: readers otherwise take 71％ of a target of 80％ as
/// 71 ÷ 80, where the rate counts the way from the baseline.
pub(super) const RULE: &str =
    "※ 達成率＝基準値から目標値までの伸びに対する実績の割合。（実績値−基準値）÷（目標値−基準値）で求めます。";
const NOTE: &str = "（達成率 ＝（実績値 − 基準値）÷（目標値 − 基準値）。線は目標の100％）";
