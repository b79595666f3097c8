//! The workbook's 指標 sheet: every indicator of every item, one a row, with its 達成率 as the
//! settings round it and, where `[grades] from_indicator` is set, the grade it proposes beside
//! the department's; under the table a bar chart of the rates.

use super::sheet::{self, Cell, Column, Print, TableStyle};
use crate::model::indicator::{self, Reading};
use crate::model::{Grade, Text};
use crate::report::Report;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartSolidFill, ChartType, Format,
    FormatAlign, Worksheet,
};

/// The sheet's name.
pub const NAME: &str = "指標";

/// The 指標 sheet, when any item has an indicator.
pub fn sheet(report: &Report, title: &str) -> Result<Option<Worksheet>, String> {
    let entries: Vec<_> = report
        .plan
        .entries()
        .flat_map(|e| indicator::readings(e.item).into_iter().map(move |r| (e, r)))
        .collect();
    if entries.is_empty() {
        return Ok(None);
    }
    let proposes = !report.config.from_indicator.is_empty();
    let mut ws = Worksheet::new();
    ws.set_name(NAME).map_err(sheet::xlsx)?;
    ws.write_string_with_format(0, 0, format!("{title}　指標"), &sheet::title()).map_err(sheet::xlsx)?;
    let mut columns = vec![
        Column::new(report.plan.section_word(), 10.0, 22.0),
        Column::new("No", 4.0, 8.0),
        Column::new("項目", 14.0, 28.0),
        Column::new("報告部署", 10.0, 20.0),
    ];
    for title in ["指標", "単位", "基準値", "目標値", "目標年度", "実績値", "達成率", "評価"]
    {
        columns.push(Column::new(title, 6.0, if title == "指標" { 30.0 } else { 12.0 }));
    }
    if proposes {
        columns.push(Column::new("指標からの評価", 8.0, 12.0));
    }
    let body = sheet::body();
    let number = body.clone().set_align(FormatAlign::Right);
    let decimals = report.config.rate_decimals;
    let pattern = if decimals == 0 { "0%".to_string() } else { format!("0.{}%", "0".repeat(decimals)) };
    let percent = number.clone().set_num_format(pattern);
    let formats = Formats { body: &body, number: &number, percent: &percent };
    let rows: Vec<Vec<Cell>> = entries.iter().map(|(e, r)| row(report, e, r, &formats, proposes)).collect();
    let header = sheet::header();
    let style = TableStyle { header: &header, budget: 200.0, min_lines: 1 };
    let written = sheet::write_table(&mut ws, 2, &columns, &rows, &style)?;
    ws.autofilter(written.header_row, 0, written.last_row, columns.len() as u16 - 1).map_err(sheet::xlsx)?;
    ws.set_freeze_panes(written.header_row + 1, 0).map_err(sheet::xlsx)?;
    let rate_col = columns.iter().position(|c| c.title == "達成率").expect("a 達成率 column") as u16;
    let label_col = columns.iter().position(|c| c.title == "指標").expect("a 指標 column") as u16;
    let chart = rate_chart(&written, label_col, rate_col, entries.len());
    ws.insert_chart(written.last_row + 2, 0, &chart).map_err(sheet::xlsx)?;
    sheet::print_setup(&mut ws, &Print { title, label: NAME, repeat: Some(written.header_row) })?;
    Ok(Some(ws))
}

/// A bar per indicator of its 達成率, the first indicator on top; gridlines every 25％, so the
/// target (100％) reads at one.
fn rate_chart(written: &sheet::Written, label_col: u16, rate_col: u16, count: usize) -> Chart {
    let (first, last) = (written.header_row + 1, written.last_row);
    let mut font = ChartFont::new();
    font.set_name(sheet::FONT).set_size(9);
    let mut fill = ChartFormat::new();
    fill.set_solid_fill(ChartSolidFill::new().set_color(sheet::rgb(crate::layout::frame::Color::ACCENT)));
    let mut label = ChartDataLabel::new();
    label.show_value().set_font(&font);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((NAME, first, label_col, last, label_col))
        .set_values((NAME, first, rate_col, last, rate_col))
        .set_name("達成率")
        .set_format(&mut fill)
        .set_data_label(&label)
        .set_gap(60);
    let mut title = ChartFont::new();
    title.set_name(sheet::FONT).set_size(12).set_bold();
    chart.title().set_name("指標の達成率").set_font(&title);
    chart.legend().set_hidden();
    chart.y_axis().set_reverse().set_crossing(ChartAxisCrossing::Max).set_font(&font);
    chart.x_axis().set_min(0.0).set_major_unit(0.25).set_num_format("0%").set_font(&font);
    chart.set_width(720).set_height((120 + 32 * count.max(1)).min(900) as u32);
    chart
}

struct Formats<'f> {
    body: &'f Format,
    number: &'f Format,
    percent: &'f Format,
}

/// One indicator's row: numbers as numbers where they read as one, else as written.
fn row<'a>(
    report: &'a Report,
    e: &crate::model::Entry<'a>,
    r: &Reading<'a>,
    f: &Formats<'a>,
    proposes: bool,
) -> Vec<Cell<'a>> {
    let i = &r.indicator;
    let text = |t: Option<&Text>| Cell::text(t.map_or(String::new(), |t| t.value.clone()), f.body);
    let value = |t: Option<&Text>| match t.and_then(|t| indicator::number(&t.value)) {
        Some(n) => Cell::number(n, f.number),
        None => text(t),
    };
    let grade = Grade::of(report.config, r.progress);
    let mut cells = vec![
        Cell::text(e.section.title(), f.body),
        text(e.item.no.as_ref()),
        Cell::text(e.item.label(), f.body),
        Cell::text(r.progress.map_or(String::new(), |p| p.department.clone()), f.body),
        Cell::text(i.label().to_string(), f.body),
        text(i.unit.as_ref()),
        value(i.baseline.as_ref()),
        value(i.target.as_ref()),
        text(i.target_year.as_ref()),
        value(i.actual.as_ref()),
        match i.rounded_rate(report.config) {
            // The fraction of the rounded percent, divided once: 0.333, not 0.33299999999999996.
            Some(rate) => {
                let scale = 10f64.powi(report.config.rate_decimals as i32);
                Cell::number((rate * scale).round() / (100.0 * scale), f.percent)
            }
            None => Cell::text("－", f.body),
        },
        Cell::text(if r.progress.is_some() { grade.shown("未記入", "") } else { String::new() }, f.body),
    ];
    if proposes {
        let proposed =
            i.rounded_rate(report.config).and_then(|rate| indicator::proposed_grade(report.config, rate));
        cells.push(Cell::text(proposed.unwrap_or("").to_string(), f.body));
    }
    cells
}
