//! 経年 and 経年（項目別）: the grades of the earlier years beside this year's, when the report
//! compares any ([`crate::report::history`]).
//!
//! - **経年**: a row per 施策 and year with the counts of the scale's grades, 評価なし, 未提出 and
//!   the 順調 share, counted as 集計 counts this year; under it one small stacked bar chart per
//!   施策, a bar per year, in the scale's colours (small multiples, two abreast).
//! - **経年（項目別）**: a row per item, its grade in each year (「－」 where that year did not
//!   have the item) with the grades' fills, and the trend in words 「令和4 B → 令和5 B → 令和6 A」.

use super::{grade_color, label_color, Styles, NOT_REPORTED, UNGRADED};
use crate::layout::frame::Color;
use crate::report::history::{self, Year};
use crate::report::sheet::{Chart, ColumnSpec, Fill, Line, Notes, Print, Series, Sheet, SheetCell, Table};
use crate::report::summary::{self, Counts};
use crate::report::Report;

/// The name of the sheet of counts per 施策 and year.
pub const NAME: &str = "経年";
/// The name of the sheet of each item's grades year by year.
pub const ITEMS: &str = "経年（項目別）";

/// First row of the tables' header.
const TOP: u32 = 3;

/// Both sheets, or none when the report compares no earlier year.
pub(crate) fn sheets<'a>(report: &'a Report, styles: &Styles, title: &str) -> Vec<Sheet<'a>> {
    let earlier = history::years(report);
    if earlier.is_empty() {
        return Vec::new();
    }
    let mut years: Vec<Year> = earlier.clone();
    years.push(report.plan.report_year());
    vec![sections(report, styles, title, &years), items(report, styles, title, &years)]
}

/// The label of a year of the comparison: the last is this year's.
fn year_label(report: &Report, years: &[Year], k: usize) -> String {
    if k + 1 == years.len() {
        history::this_year_label(report)
    } else {
        history::label(years[k])
    }
}

/// The counts of a 施策 in year `k` of `years` (the last is this year).
fn counts(report: &Report, section: &crate::model::Section, years: &[Year], k: usize) -> Counts {
    if k + 1 == years.len() {
        summary::section(report, section)
    } else {
        history::section_in(report, section, years[k])
    }
}

fn heading_lines(styles: &Styles, title: &str, what: &str) -> Vec<Line> {
    vec![Line { row: 0, text: format!("{title}　{what}"), style: styles.title, height: Some(24.0) }]
}

/// Where the earlier grades come from, in the words of the office, not of the command line;
/// merged across the table over its header, so it never wraps in (and is cut by) the first
/// column.
fn source_note(styles: &Styles) -> Option<Notes> {
    let note = "※ 前年度以前の評価は、各年度の進捗状況報告（前年度以前の報告、または今年度の報告の年度ごとの列）から読んだものです。";
    Some(Notes { lines: vec![note.into()], style: styles.note, above: true })
}

/// The plan's own sections: rows on no plan item have no earlier years to compare.
fn plan_sections<'r>(report: &'r Report) -> impl Iterator<Item = &'r crate::model::Section> {
    report.plan.sections.iter().filter(|s| !s.is_unmatched())
}

/// 経年: a row per 施策 and year, and a small chart per 施策.
fn sections<'a>(report: &Report, styles: &Styles, title: &str, years: &[Year]) -> Sheet<'a> {
    let word = report.plan.section_word();
    let grades = &report.config.grades;
    let mut columns = vec![ColumnSpec::new(word, 24.0, 44.0), ColumnSpec::new("年度", 10.0, 12.0)];
    columns.push(ColumnSpec::new("項目数", 7.0, 8.0));
    columns.extend(grades.iter().map(|g| ColumnSpec::new(&g.code, 6.0, 8.0)));
    columns.extend([UNGRADED, NOT_REPORTED, "順調の割合"].map(|t| ColumnSpec::new(t, 8.0, 11.0)));
    let mut rows = Vec::new();
    for section in plan_sections(report) {
        for k in 0..years.len() {
            let c = counts(report, section, years, k);
            let mut cells = vec![
                SheetCell::text(section.title(), styles.body),
                SheetCell::text(year_label(report, years, k), styles.center),
                SheetCell::number(c.total() as f64, styles.number),
            ];
            cells.extend(c.grades.iter().map(|n| SheetCell::number(*n as f64, styles.number)));
            cells.extend([c.ungraded, c.unreported].map(|n| SheetCell::number(n as f64, styles.number)));
            cells.push(match (c.rated(), c.on_track) {
                (0, _) => SheetCell::text("－", styles.center),
                (n, on) => SheetCell::number(on as f64 / n as f64, styles.percent),
            });
            rows.push(cells);
        }
    }
    let table = Table::new(TOP, columns, styles.header, rows);
    let print = Print { title: title.to_string(), label: NAME.into(), repeat_header: true };
    // One axis for every 施策 and year, so the small charts compare at a glance.
    let most = plan_sections(report)
        .flat_map(|s| (0..years.len()).map(move |k| counts(report, s, years, k).total()))
        .max()
        .unwrap_or(0);
    let charts = plan_sections(report)
        .enumerate()
        .map(|(i, s)| small_chart(report, &s.title(), i * years.len(), years.len(), most))
        .collect();
    Sheet {
        lines: heading_lines(styles, title, "経年の評価"),
        notes: source_note(styles),
        small_multiples: charts,
        ..Sheet::new(NAME, table, print)
    }
}

/// A 施策's grades year by year: a stacked bar per year in the scale's colours, on an axis of
/// counts up to `most`, the same for every 施策.
fn small_chart(report: &Report, title: &str, skip: usize, years: usize, most: usize) -> Chart {
    let config = report.config;
    let mut series: Vec<Series> = config
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| Series {
            name: g.code.clone(),
            column: 3 + i as u16,
            color: grade_color(config, i),
            label_color: Some(label_color(grade_color(config, i))),
            hide_zero: true,
        })
        .collect();
    let after = 3 + config.grades.len() as u16;
    // The greys of 集計's chart.
    let greys = [(UNGRADED, Color(0xCF, 0xCF, 0xCF)), (NOT_REPORTED, Color(0x9E, 0x9E, 0x9E))];
    series.extend(greys.iter().enumerate().map(|(i, (name, color))| Series {
        name: name.to_string(),
        column: after + i as u16,
        color: *color,
        label_color: Some(label_color(*color)),
        hide_zero: true,
    }));
    Chart {
        stacked: true,
        title: title.to_string(),
        categories: 1,
        skip,
        rows: Some(years),
        series,
        legend: true,
        axis: Some("件数".into()),
        percent: false,
        counts_up_to: Some(most),
        width: Some(480),
        bar_height: 36,
    }
}

/// 経年（項目別）: a row per item, its grade in each year and the trend in words.
fn items<'a>(report: &'a Report, styles: &Styles, title: &str, years: &[Year]) -> Sheet<'a> {
    let word = report.plan.section_word();
    let mut columns = vec![
        ColumnSpec::new(word, 14.0, 30.0),
        ColumnSpec::field(crate::config::Field::No),
        ColumnSpec::field(crate::config::Field::Name),
    ];
    columns.extend((0..years.len()).map(|k| ColumnSpec::new(&year_label(report, years, k), 10.0, 12.0)));
    columns.push(ColumnSpec::new("評価の推移", 24.0, 40.0));
    let last = years.len() - 1;
    let mut rows = Vec::new();
    let mut subjects = Vec::new();
    for entry in report.plan.entries().filter(|e| !e.section.is_unmatched()) {
        let item = entry.item;
        let mut cells = vec![
            SheetCell::text(entry.section.title(), styles.body),
            SheetCell::text(item.no.as_ref().map_or(String::new(), |t| t.value.clone()), styles.center),
            SheetCell::text(item.label(), styles.body),
        ];
        cells.extend(years[..last].iter().map(|y| {
            let shown =
                history::grade_in(report, item, *y).map_or("－".into(), |g| g.shown("未記入", NOT_REPORTED));
            SheetCell::text(shown, styles.center)
        }));
        cells.push(SheetCell::text(
            summary::item_grade(report, item).shown("未記入", NOT_REPORTED),
            styles.center,
        ));
        cells.push(SheetCell::text(history::item_trend(report, item).unwrap_or_default(), styles.body));
        rows.push(cells);
        subjects.push(item.label());
    }
    let mut table = Table::new(TOP, columns, styles.header, rows);
    table.subjects = subjects;
    let print = Print { title: title.to_string(), label: ITEMS.into(), repeat_header: true };
    let fills =
        (0..years.len()).map(|k| Fill { column: 3 + k as u16, rules: styles.grades.clone() }).collect();
    Sheet {
        lines: heading_lines(styles, title, "項目別の評価の推移"),
        notes: source_note(styles),
        filter: true,
        freeze: true,
        fills,
        ..Sheet::new(ITEMS, table, print)
    }
}
