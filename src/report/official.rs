//! The official progress report, laid out like the annual publication: a cover, the contents,
//! then per 施策 its heading, the ★●◎ legend and per ■ goal a table of its items.

use super::furniture::{self, Entry};
use super::Report;
use crate::config::Column as Field;
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Element, Meta, Outline, A4_LANDSCAPE, A4_PORTRAIT};
use crate::layout::table::{Align, Cell, Column, Row, Table};
use crate::layout::text::Style;
use crate::model::{Goal, Item, Progress, Section, Text};

/// Page margins in mm.
const MARGIN: f32 = 20.0;
/// Body text size in points.
const BODY: f32 = 9.0;

/// Lays out the official report.
pub fn layout(report: &Report) -> Document {
    let size = if report.shows_progress() { A4_LANDSCAPE } else { A4_PORTRAIT };
    let setup = PageSetup::new(size, MARGIN);
    let table = table(report, setup.body_width());
    let mut flow = Flow::new(setup);
    let mut marks = Vec::new();
    for (i, section) in report.plan.sections.iter().enumerate() {
        if i > 0 {
            flow.new_page();
        }
        marks.push(place_section(&mut flow, report, &table, section));
    }
    let front = 1 + report.plan.sections.len().div_ceil(furniture::contents_per_page(setup));
    let title = report.title();
    let year = report.year_label();
    let entries: Vec<Entry> =
        marks.iter().map(|m| Entry { title: m.title.clone(), page: m.page + front }).collect();
    let mut pages =
        vec![furniture::cover(setup, year.as_deref(), &title, &report.config.city, report.issued)];
    pages.extend(furniture::contents(setup, &entries));
    pages.extend(flow.pages);
    let full_title = match &year {
        Some(y) => format!("{y} {title}"),
        None => title.clone(),
    };
    furniture::number_pages(&mut pages, setup, &full_title, &report.config.city);
    Document { pages, outline: outline(&marks, front), meta: meta(report, full_title) }
}

/// Where a section and its goals begin, for the contents and the bookmarks.
struct Mark {
    title: String,
    page: usize,
    goals: Vec<(String, usize)>,
}

fn outline(marks: &[Mark], front: usize) -> Vec<Outline> {
    let mut outline = vec![
        Outline { title: "表紙".into(), page: 0, children: Vec::new() },
        Outline { title: "目次".into(), page: 1, children: Vec::new() },
    ];
    outline.extend(marks.iter().map(|m| {
        Outline {
            title: m.title.clone(),
            page: m.page + front,
            children: m
                .goals
                .iter()
                .map(|(title, page)| Outline {
                    title: title.clone(),
                    page: page + front,
                    children: Vec::new(),
                })
                .collect(),
        }
    }));
    outline
}

fn meta(report: &Report, title: String) -> Meta {
    Meta {
        title,
        author: report.config.city.clone(),
        subject: "市民協働推進アクションプランの進捗状況".into(),
        keywords: vec!["市民協働".into(), "アクションプラン".into(), "進捗状況".into()],
        date: report.issued,
    }
}

/// The heading, legends and goal tables of one section.
fn place_section(flow: &mut Flow, report: &Report, table: &Table, section: &Section) -> Mark {
    let width = flow.setup.body_width();
    let title =
        section.heading.as_ref().map_or("施策の記載がない項目".to_string(), |h| h.display());
    let page = flow.page();
    let heading = Style::new(14.0).bold().color(Color::ACCENT);
    let top = flow.y();
    flow.push(Element::Rect {
        x: flow.setup.left,
        y: top,
        w: 1.6,
        h: heading.line_height(),
        fill: Some(Color::ACCENT),
        stroke: None,
    });
    flow.paragraph(&title, heading, 4.0, width - 4.0);
    flow.advance(1.5);
    for legend in legends(report, section) {
        flow.paragraph(&legend, Style::new(BODY).color(Color::GREY), 0.0, width);
    }
    flow.advance(3.0);
    let mut goals = Vec::new();
    for goal in &section.goals {
        let rows = rows(report, goal);
        if let Some(statement) = &goal.statement {
            let text = format!("■{}", statement.value);
            let style = Style::new(10.5).bold();
            flow.ensure(Flow::paragraph_height(&text, style, width) + table.lead_height(rows.first()));
            goals.push((text.clone(), flow.page()));
            flow.paragraph(&text, style, 0.0, width);
            flow.advance(1.5);
        }
        table.place(flow, &rows);
        flow.advance(6.0);
    }
    Mark { title, page, goals }
}

/// The ★●◎ legend where the section uses marks, and the grading scale where it shows grades.
fn legends(report: &Report, section: &Section) -> Vec<String> {
    let items = || section.goals.iter().flat_map(|g| &g.items);
    let mut out = Vec::new();
    if items().any(|i| i.mark.is_some()) {
        let marks: Vec<String> = report.config.marks.iter().map(|(m, label)| format!("{m}{label}")).collect();
        out.push(marks.join("　"));
    }
    if report.shows_progress() {
        let grades: Vec<String> =
            report.config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
        out.push(format!("評価　{}", grades.join("　")));
    }
    out
}

/// Which columns the table has, and their relative widths.
fn columns(report: &Report) -> Vec<(Field, f32)> {
    let items = || report.plan.items();
    let mut cols = Vec::new();
    if items().any(|i| i.mark.is_some()) {
        cols.push((Field::Mark, 4.5));
    }
    cols.extend([(Field::Name, 15.0), (Field::Content, 22.0)]);
    let actors_only = items().any(|i| i.actors.is_some()) && !items().any(|i| i.departments.is_some());
    cols.push((if actors_only { Field::Actors } else { Field::Departments }, 11.0));
    if report.shows_progress() {
        cols.extend([
            (Field::Grade, 5.0),
            (Field::Results, 22.0),
            (Field::Issues, 11.0),
            (Field::NextSteps, 9.5),
        ]);
    }
    cols
}

fn table(report: &Report, width: f32) -> Table {
    let cols = columns(report);
    let total: f32 = cols.iter().map(|(_, w)| w).sum();
    let columns = cols
        .iter()
        .map(|&(field, w)| Column {
            title: field.label().to_string(),
            width: width * w / total,
            align: if matches!(field, Field::Mark | Field::Grade) { Align::Center } else { Align::Left },
            spans_joined: matches!(field, Field::Mark | Field::Name | Field::Content),
        })
        .collect();
    let label_col = cols.iter().position(|(f, _)| *f == Field::Name).unwrap_or(0);
    Table { columns, header_style: Style::new(BODY).bold(), body_style: Style::new(BODY), label_col }
}

/// One row per item, or per reporting department of an item (joined to the item's first).
fn rows(report: &Report, goal: &Goal) -> Vec<Row> {
    let fields: Vec<Field> = columns(report).into_iter().map(|(f, _)| f).collect();
    let mut rows = Vec::new();
    for item in &goal.items {
        let reports: Vec<Option<&Progress>> =
            if item.progress.is_empty() { vec![None] } else { item.progress.iter().map(Some).collect() };
        let several = reports.len() > 1;
        for (i, progress) in reports.into_iter().enumerate() {
            let cells = fields.iter().map(|&f| cell(report, item, progress, f, i > 0, several)).collect();
            rows.push(Row { cells, joined: i > 0, label: item.label() });
        }
    }
    rows
}

/// The text of one cell. `sub` rows (a second department's report) leave the item's own
/// columns to the row above; with `several` reports, 関係部署 names the reporting department.
fn cell(
    report: &Report,
    item: &Item,
    progress: Option<&Progress>,
    field: Field,
    sub: bool,
    several: bool,
) -> Cell {
    let body = Style::new(BODY);
    let text = |t: Option<&Text>, required: bool| match t {
        Some(t) => Cell { text: t.value.clone(), style: body },
        None if required => Cell { text: "（未記入）".into(), style: body.color(Color::GREY) },
        None => Cell { text: String::new(), style: body },
    };
    let has_column = |f: Field| item.columns.iter().any(|(c, _)| *c == f);
    match field {
        Field::Mark | Field::Name | Field::Content if sub => text(None, false),
        Field::Mark => text(item.mark.as_ref(), has_column(Field::Mark)),
        Field::Name => Cell { style: body.bold(), ..text(item.name.as_ref(), true) },
        Field::Content => text(item.content.as_ref(), true),
        Field::Departments if several => {
            Cell { text: progress.map(|p| p.department.clone()).unwrap_or_default(), style: body }
        }
        // One name a line, however the sheet separated them.
        Field::Departments if item.departments.is_some() => {
            Cell { text: item.department_list().join("\n"), style: body }
        }
        Field::Departments => text(None, has_column(Field::Departments)),
        Field::Actors if item.actors.is_some() => {
            Cell { text: item.actor_list(&report.config.actors).join("\n"), style: body }
        }
        Field::Actors => text(None, has_column(Field::Actors)),
        _ => progress_cell(report, progress, field),
    }
}

fn progress_cell(report: &Report, progress: Option<&Progress>, field: Field) -> Cell {
    let body = Style::new(BODY);
    let Some(p) = progress else {
        let unreported = field == Field::Grade && report.progress_expected;
        return match unreported {
            true => Cell { text: "未提出".into(), style: body.bold().color(Color::ALERT) },
            false => Cell { text: String::new(), style: body },
        };
    };
    let required = matches!(field, Field::Grade | Field::Results | Field::NextSteps);
    match p.field(field) {
        Some(t) if field == Field::Grade => Cell { text: t.value.clone(), style: body.bold() },
        Some(t) => Cell { text: t.value.clone(), style: body },
        None if required => Cell { text: "（未記入）".into(), style: body.color(Color::GREY) },
        None => Cell { text: String::new(), style: body },
    }
}
