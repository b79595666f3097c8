//! The table of items that the official report and the committee handout share: which
//! columns a kind shows, and the cells of each item (one row per reporting department).

use super::Report;
use crate::config::kinds::KindSettings;
use crate::config::Column as Field;
use crate::layout::frame::Color;
use crate::layout::table::{Align, Cell, Column, Row, Table};
use crate::layout::text::Style;
use crate::model::{Item, Progress, Text};

/// The item table of a report kind, `width` mm wide.
pub fn table(report: &Report, settings: &KindSettings, width: f32) -> Table {
    let cols = fields(report, settings);
    let total: f32 = cols.iter().map(|(_, w)| w).sum();
    let columns = cols
        .iter()
        .map(|&(field, w)| Column {
            title: field.label().to_string(),
            width: width * w / total,
            align: if matches!(field, Field::Mark | Field::Grade | Field::No) {
                Align::Center
            } else {
                Align::Left
            },
            spans_joined: matches!(field, Field::No | Field::Mark | Field::Name | Field::Content),
        })
        .collect();
    let label_col = cols.iter().position(|(f, _)| *f == Field::Name).unwrap_or(0);
    let body = Style::new(settings.body);
    Table { columns, header_style: body.bold(), body_style: body, label_col }
}

/// The configured columns that apply: progress columns only where progress is shown, 区分 only
/// where an item has a mark, 主体 for 関係部署 when the plan names actors only.
pub fn fields(report: &Report, settings: &KindSettings) -> Vec<(Field, f32)> {
    let items = || report.plan.items();
    let any_mark = items().any(|i| i.mark.is_some());
    let actors_only = items().any(|i| i.actors.is_some()) && !items().any(|i| i.departments.is_some());
    settings
        .columns
        .iter()
        .filter(|(f, _)| report.shows_progress() || !f.is_progress())
        .filter(|(f, _)| *f != Field::Mark || any_mark)
        .map(|&(f, w)| if f == Field::Departments && actors_only { (Field::Actors, w) } else { (f, w) })
        .collect()
}

/// One row per item, or per reporting department of an item (joined to the item's first).
pub fn rows<'a>(
    report: &Report,
    settings: &KindSettings,
    items: impl IntoIterator<Item = &'a Item>,
) -> Vec<Row> {
    let fields: Vec<Field> = fields(report, settings).into_iter().map(|(f, _)| f).collect();
    let body = Style::new(settings.body);
    let mut rows = Vec::new();
    for item in items {
        let reports = item_reports(report, item);
        let several = reports.len() > 1;
        for (i, (progress, silent)) in reports.into_iter().enumerate() {
            let at = Place { item, progress, silent, sub: i > 0, several };
            let cells = fields.iter().map(|&f| cell(report, &at, f, body)).collect();
            rows.push(Row { cells, joined: i > 0, label: item.label() });
        }
    }
    rows
}

/// The rows of an item: each report, then (progress expected) a 未提出 row per listed
/// department that did not report ([`Item::unreported_departments`]), or one row for an item
/// without any report.
fn item_reports<'a>(report: &Report, item: &'a Item) -> Vec<(Option<&'a Progress>, Option<String>)> {
    let mut rows: Vec<_> = item.progress.iter().map(|p| (Some(p), None)).collect();
    if report.progress_expected && !rows.is_empty() {
        rows.extend(item.unreported_departments().into_iter().map(|d| (None, Some(d))));
    }
    if rows.is_empty() {
        rows.push((None, None));
    }
    rows
}

/// Which row of an item a cell is in.
struct Place<'a> {
    item: &'a Item,
    progress: Option<&'a Progress>,
    /// The listed department this row says 未提出 for, when others reported.
    silent: Option<String>,
    /// A second department's row: the item's own columns are left to the row above.
    sub: bool,
    /// The item has several reports: 関係部署 names the reporting department.
    several: bool,
}

fn cell(report: &Report, at: &Place, field: Field, body: Style) -> Cell {
    let item = at.item;
    let has_column = |f: Field| item.columns.iter().any(|(c, _)| *c == f);
    match field {
        Field::No | Field::Mark | Field::Name | Field::Content if at.sub => plain("", body),
        Field::No => text(item.no.as_ref(), false, body),
        Field::Mark => text(item.mark.as_ref(), has_column(Field::Mark), body),
        Field::Name => Cell { style: body.bold(), ..text(item.name.as_ref(), true, body) },
        Field::Content => text(item.content.as_ref(), true, body),
        Field::Departments if at.several => {
            let department = at.progress.map(|p| p.department.clone()).or_else(|| at.silent.clone());
            plain(&department.unwrap_or_default(), body)
        }
        // One name a line, however the sheet separated them.
        Field::Departments if item.departments.is_some() => plain(&item.department_list().join("\n"), body),
        Field::Actors if item.actors.is_some() => {
            plain(&item.actor_list(&report.config.actors).join("\n"), body)
        }
        Field::Departments | Field::Actors => text(None, has_column(field), body),
        Field::Section | Field::Goal => plain("", body),
        _ => progress_cell(report, at, field, body),
    }
}

fn progress_cell(report: &Report, at: &Place, field: Field, body: Style) -> Cell {
    let Some(p) = at.progress else {
        let unreported = field == Field::Grade && report.progress_expected;
        return if unreported {
            Cell { text: "未提出".into(), style: body.bold().color(Color::ALERT) }
        } else {
            plain("", body)
        };
    };
    let required = matches!(field, Field::Grade | Field::Results | Field::NextSteps);
    match (field, p.field(field)) {
        (Field::Grade, Some(t)) => Cell { text: grade_text(report, at.item, &t.value), style: body.bold() },
        (_, t) => text(t, required, body),
    }
}

/// The grade, with last year's beside it and an arrow when the committee compares years.
fn grade_text(report: &Report, item: &Item, grade: &str) -> String {
    match report.trend(item) {
        Some(trend) => format!("{grade} {}\n（前年 {}）", trend.arrow(), trend.previous),
        None => grade.to_string(),
    }
}

/// A cell of input text; a blank required one says （未記入）.
fn text(t: Option<&Text>, required: bool, body: Style) -> Cell {
    match t {
        Some(t) => plain(&t.value, body),
        None if required => Cell { text: "（未記入）".into(), style: body.color(Color::GREY) },
        None => plain("", body),
    }
}

fn plain(text: &str, style: Style) -> Cell {
    Cell { text: text.to_string(), style }
}
