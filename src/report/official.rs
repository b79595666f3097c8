//! The official progress report, laid out like the annual publication: a cover, the contents,
//! then per 施策 its heading, the ★●◎ legend and per ■ goal a table of its items.

use super::furniture::{self, Entry};
use super::{items, Report};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Element, Meta, Outline};
use crate::layout::table::Table;
use crate::layout::text::Style;
use crate::model::Section;

/// Lays out the official report.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.official;
    let setup = PageSetup::new(settings.page_size(report.shows_progress()), settings.margin);
    let table = items::table(report, settings, setup.body_width());
    let mut flow = Flow::new(setup);
    let mut marks = Vec::new();
    for (i, section) in report.plan.sections.iter().enumerate() {
        if i > 0 {
            flow.new_page();
        }
        marks.push(place_section(&mut flow, report, &table, section));
    }
    let front = 1 + report.plan.sections.len().div_ceil(furniture::contents_per_page(setup));
    let title = report.cover_title();
    let year = report.year_label();
    let entries: Vec<Entry> =
        marks.iter().map(|m| Entry { title: m.title.clone(), page: m.page + front }).collect();
    let mut pages =
        vec![furniture::cover(setup, year.as_deref(), &title, &report.config.city, report.issued)];
    pages.extend(furniture::contents(setup, &entries));
    pages.extend(flow.pages);
    let full_title = report.full_title();
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
    let title = section.title();
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
    // The plan's own paragraph under its heading, as the plan prints it.
    let body = Style::new(report.config.official.body);
    for lead in &section.lead {
        flow.paragraph(&lead.value, body, 0.0, width);
        flow.advance(1.0);
    }
    for legend in legends(report, section) {
        flow.paragraph(&legend, Style::new(report.config.official.body).color(Color::GREY), 0.0, width);
    }
    flow.advance(3.0);
    let mut goals = Vec::new();
    for goal in &section.goals {
        let rows = items::rows(report, &report.config.official, &goal.items);
        if let Some(statement) = &goal.statement {
            let text = format!("■{}", statement.value);
            let style = Style::new(report.config.official.body + 1.5).bold();
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
        let mut line = format!("評価　{}", grades.join("　"));
        let uncounted = report.config.uncounted_codes();
        if !uncounted.is_empty() {
            line.push_str(&format!("（{}は評価として数えない区分）", uncounted.join("・")));
        }
        if items::any_invalid(report, items()) {
            line.push_str(&format!("　{}", crate::model::grade::INVALID_NOTE));
        }
        out.push(line);
    }
    out
}
