//! The workbook's 指標 sheet: every indicator of every item, one a row, with its 達成率 as the
//! settings round it, whether it reached its target (目標の達成: the indicator's own, not the
//! item's 評価, which 一覧 gives and which one indicator of several does not decide) and,
//! where `[grades] from_indicator` is set, the grade its rate proposes; under the table a bar
//! chart of the rates.

use super::Styles;
use crate::layout::frame::Color;
use crate::model::indicator::{self, Reading};
use crate::model::Text;
use crate::report::sheet::{
    Align, Chart, ColumnSpec, Line, Print, Series, Sheet, SheetCell, Style, StyleId, Table, Workbook,
};
use crate::report::{doc, Report};

/// The sheet's name.
pub const NAME: &str = "指標";

/// The 指標 sheet, when any item has an indicator.
pub(crate) fn sheet<'a>(
    report: &'a Report,
    book: &mut Workbook,
    styles: &Styles,
    title: &str,
) -> Option<Sheet<'a>> {
    let entries = entries(report);
    if entries.is_empty() {
        return None;
    }
    let proposes = !report.config.from_indicator.is_empty();
    let mut columns = vec![
        ColumnSpec::new(report.plan.section_word(), 10.0, 22.0),
        ColumnSpec::new("No", 4.0, 8.0),
        ColumnSpec::new("項目", 14.0, 28.0),
        ColumnSpec::new("報告部署", 10.0, 20.0),
    ];
    for title in TITLES {
        columns.push(ColumnSpec::new(title, 6.0, if title == "指標" { 30.0 } else { 12.0 }));
    }
    if proposes {
        columns.push(ColumnSpec::new(PROPOSED, 8.0, 12.0));
    }
    let number = Style { align: Align::Right, ..Style::body() };
    let decimals = report.config.rate_decimals;
    let pattern = if decimals == 0 { "0%".to_string() } else { format!("0.{}%", "0".repeat(decimals)) };
    let percent = Style { number: Some(pattern), ..number.clone() };
    // Whole numbers with thousands separators, as the report prints them (1,000人); others as
    // written (12.5), which a fixed pattern would pad or cut.
    let whole = Style { number: Some("#,##0".into()), ..number.clone() };
    let formats = Formats {
        body: styles.body,
        number: book.style(number),
        whole: book.style(whole),
        percent: book.style(percent),
    };
    let rows: Vec<Vec<SheetCell>> =
        entries.iter().map(|(e, r)| row(report, e, r, &formats, proposes)).collect();
    let rate_col = columns.iter().position(|c| c.title == "達成率").expect("a 達成率 column") as u16;
    let label_col = columns.iter().position(|c| c.title == "指標").expect("a 指標 column") as u16;
    let table = Table::new(2, columns, styles.header, rows);
    let print = Print { title: title.to_string(), label: NAME.into(), repeat_header: true };
    let heading = Line { row: 0, text: format!("{title}　指標"), style: styles.title, height: None };
    Some(Sheet {
        lines: vec![heading],
        filter: true,
        freeze: true,
        chart: Some(rate_chart(label_col, rate_col)),
        ..Sheet::new(NAME, table, print)
    })
}

/// The columns after the item's: the indicator's own.
const TITLES: [&str; 8] = ["指標", "単位", "基準値", "目標値", "目標年度", "実績値", "達成率", REACHED];
/// The column saying whether the indicator reached its target.
pub(crate) const REACHED: &str = "目標の達成";

/// Whether the indicator reached its target: 「達成」 at a 達成率 of 100％ or more, 「未達成」
/// below, nothing where no rate can be worked out (no 実績値 yet, no target).
pub(crate) fn reached(report: &Report, i: &crate::model::Indicator) -> &'static str {
    match i.reached(report.config) {
        Some(true) => "達成",
        Some(false) => "未達成",
        None => "",
    }
}
const PROPOSED: &str = "指標からの評価";

/// Every indicator with its item, in plan order.
fn entries<'a>(report: &'a Report) -> Vec<(crate::model::Entry<'a>, Reading<'a>)> {
    report.plan.entries().flat_map(|e| indicator::readings(e.item).into_iter().map(move |r| (e, r))).collect()
}

/// The indicators as open data (the second CSV): the sheet's columns, every value as written,
/// 達成率 as a percentage figure.
pub fn open_data(report: &Report) -> doc::Table {
    let proposes = !report.config.from_indicator.is_empty();
    let first = [report.plan.section_word(), "No", "項目", "報告部署"];
    let titles = first.into_iter().chain(TITLES.map(|t| if t == "達成率" { "達成率（％）" } else { t }));
    let mut columns: Vec<doc::Column> = titles.map(|t| doc::Column::new(t, doc::Role::Words)).collect();
    columns.extend(proposes.then(|| doc::Column::new(PROPOSED, doc::Role::Words)));
    let rows = entries(report)
        .iter()
        .map(|(e, r)| {
            let i = &r.indicator;
            let text = |t: Option<&Text>| t.map_or(String::new(), |t| t.value.clone());
            let decimals = report.config.rate_decimals;
            let mut cells = vec![
                e.section.title(),
                text(e.item.no.as_ref()),
                e.item.label(),
                r.progress.map_or(String::new(), |p| p.department.clone()),
                i.label().to_string(),
                text(i.unit.as_ref()),
                text(i.baseline.as_ref()),
                text(i.target.as_ref()),
                text(i.target_year.as_ref()),
                text(i.actual.as_ref()),
                i.rounded_rate(report.config).map_or(String::new(), |rate| format!("{rate:.decimals$}")),
                reached(report, i).to_string(),
            ];
            if proposes {
                let proposed = i
                    .rounded_rate(report.config)
                    .and_then(|rate| indicator::proposed_grade(report.config, rate));
                cells.push(proposed.unwrap_or("").to_string());
            }
            doc::Row {
                cells: cells.into_iter().map(doc::Cell::plain).collect(),
                joined: false,
                label: e.item.label(),
                inset: None,
            }
        })
        .collect();
    doc::Table { caption: format!("{}（指標）", report.full_title()), columns, rows, label_col: 2 }
}

/// A bar per indicator of its 達成率, the first indicator on top; gridlines every 25％, so the
/// target (100％) reads at one.
fn rate_chart(label_col: u16, rate_col: u16) -> Chart {
    Chart {
        stacked: false,
        title: "指標の達成率".into(),
        categories: label_col,
        skip: 0,
        rows: None,
        series: vec![Series {
            name: "達成率".into(),
            column: rate_col,
            color: Color::ACCENT,
            label_color: None,
            hide_zero: false,
        }],
        legend: false,
        axis: None,
        percent: true,
        counts_up_to: None,
        width: Some(720),
        bar_height: 32,
    }
}

struct Formats {
    body: StyleId,
    number: StyleId,
    whole: StyleId,
    percent: StyleId,
}

/// One indicator's row: numbers as numbers where they read as one, else as written.
fn row<'a>(
    report: &'a Report,
    e: &crate::model::Entry<'a>,
    r: &Reading<'a>,
    f: &Formats,
    proposes: bool,
) -> Vec<SheetCell<'a>> {
    let i = &r.indicator;
    let text = |t: Option<&Text>| SheetCell::text(t.map_or(String::new(), |t| t.value.clone()), f.body);
    let value = |t: Option<&Text>| match t.and_then(|t| indicator::number(&t.value)) {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => SheetCell::number(n, f.whole),
        Some(n) => SheetCell::number(n, f.number),
        None => text(t),
    };
    let mut cells = vec![
        SheetCell::text(e.section.title(), f.body),
        text(e.item.no.as_ref()),
        SheetCell::text(e.item.label(), f.body),
        SheetCell::text(r.progress.map_or(String::new(), |p| p.department.clone()), f.body),
        SheetCell::text(i.label().to_string(), f.body),
        text(i.unit.as_ref()),
        value(i.baseline.as_ref()),
        value(i.target.as_ref()),
        text(i.target_year.as_ref()),
        value(i.actual.as_ref()),
        match i.rounded_rate(report.config) {
            // The fraction of the rounded percent, divided once: 0.333, not 0.33299999999999996.
            Some(rate) => {
                let scale = 10f64.powi(report.config.rate_decimals as i32);
                SheetCell::number((rate * scale).round() / (100.0 * scale), f.percent)
            }
            None => SheetCell::text("－", f.body),
        },
        SheetCell::text(reached(report, i), f.body),
    ];
    if proposes {
        let proposed =
            i.rounded_rate(report.config).and_then(|rate| indicator::proposed_grade(report.config, rate));
        cells.push(SheetCell::text(proposed.unwrap_or("").to_string(), f.body));
    }
    cells
}
