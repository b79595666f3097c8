//! The official progress report, laid out like the annual publication: a cover, the contents,
//! then per 施策 its heading, the ★●◎ legend and per ■ goal a table of its items.

use super::doc::{Block, Doc};
use super::furniture::{self, Entry};
use super::{committee, items, rates, summary, Report};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Element, Meta, Outline, Role};
use crate::layout::table::{Row, Table};
use crate::layout::text::Style;
use crate::model::{Item, Section};

/// Space between one 施策 and the next when they run on, in mm.
const SECTION_GAP: f32 = 7.0;
/// Space above a goal's statement after the table before it, in mm.
const GOAL_GAP: f32 = 5.0;

/// Lays out the official report.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.official;
    let setup = PageSetup::new(settings.page_size(report.shows_progress()), settings.margin);
    // Every goal's rows first: the columns are sized once, for the whole report.
    let mut rows: Vec<Vec<Vec<Row>>> = report
        .plan
        .sections
        .iter()
        .map(|s| s.goals.iter().map(|g| items::rows(report, settings, &g.items)).collect())
        .collect();
    let table = items::table(report, settings, setup.body_width(), rows.iter().flatten().flatten());
    table.fit_insets(rows.iter_mut().flatten().flatten());
    let mut flow = Flow::new(setup);
    let overview = overview(report);
    if !overview.is_empty() {
        let node = flow.node(Role::Section);
        flow.inside(node, |flow| place_blocks(flow, &overview, items::body_style(settings)));
        flow.new_page();
    }
    // The plan's own notes qualify every table: before the first.
    if !report.plan.notes.is_empty() {
        place_notes(&mut flow, items::body_style(settings), &report.plan.notes);
        flow.advance(SECTION_GAP);
    }
    let mut marks = Vec::new();
    for (index, (section, rows)) in report.plan.sections.iter().zip(&rows).enumerate() {
        // The plan's notes stay on the first 施策's page.
        if settings.section_new_page && !flow.at_top() && index > 0 {
            flow.new_page();
        } else if !flow.at_top() {
            flow.advance(SECTION_GAP);
        }
        let sect = flow.node(Role::Section);
        marks.push(flow.inside(sect, |flow| place_section(flow, report, &table, (index, section), rows)));
    }
    let summary_entry = (!overview.is_empty()).then_some(SUMMARY);
    let entry_count = report.plan.sections.len() + usize::from(summary_entry.is_some());
    let front = 1 + entry_count.div_ceil(furniture::contents_per_page(setup));
    let title = report.cover_title();
    let year = report.year_label();
    let entries: Vec<Entry> = summary_entry
        .map(|t| Entry { title: t.into(), page: front })
        .into_iter()
        .chain(marks.iter().map(|m| Entry { title: m.title.clone(), page: m.page + front }))
        .collect();
    let body_pages = flow.pages.len();
    let cover = furniture::cover(setup, year.as_deref(), &title, &report.config.city, report.issued);
    let parts = vec![cover, furniture::contents(setup, &entries), flow.finish()];
    let full_title = report.full_title();
    let mut heads = vec![None; front];
    heads.extend((0..body_pages).map(|p| running_head(&marks, p)));
    let running =
        furniture::Running { title: &full_title, city: &report.config.city, heads: &heads, cover: true };
    let outline = outline(&marks, front, summary_entry);
    let mut document = Document::assemble(parts, outline, meta(report, full_title.clone()));
    furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// The 施策 a body page is about: the one its top continues, or the one starting at its top.
fn running_head(marks: &[Mark], page: usize) -> Option<String> {
    marks
        .iter()
        .rev()
        .find(|m| m.page < page || (m.page == page && m.at_top))
        .or_else(|| marks.iter().find(|m| m.page == page))
        .map(|m| m.title.clone())
}

/// Where a section and its goals begin, for the contents and the bookmarks.
struct Mark {
    title: String,
    page: usize,
    /// The heading is the first thing on its page.
    at_top: bool,
    goals: Vec<(String, usize)>,
}

fn outline(marks: &[Mark], front: usize, summary: Option<&str>) -> Vec<Outline> {
    let mut outline = vec![
        Outline { title: "表紙".into(), page: 0, children: Vec::new() },
        Outline { title: "目次".into(), page: 1, children: Vec::new() },
    ];
    outline.extend(summary.map(|t| Outline { title: t.into(), page: front, children: Vec::new() }));
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
        subject: report.subject(),
        keywords: vec!["市民協働".into(), "アクションプラン".into(), "進捗状況".into()],
        date: report.issued,
    }
}

/// The heading, legends and goal tables of one section; the heading stays with its legends,
/// the first goal statement and the first lines of its table.
fn place_section(
    flow: &mut Flow,
    report: &Report,
    table: &Table,
    (index, section): (usize, &Section),
    rows: &[Vec<Row>],
) -> Mark {
    let width = flow.setup.body_width();
    let title = section.title();
    let body = items::body_style(&report.config.official);
    let heading = Style { size: 14.0, ..body }.bold().color(Color::ACCENT);
    let legend_style = body.color(Color::GREY);
    let mut legends = legends(report, index, section);
    // The mark and grade legends share a line where it holds both.
    let joined = legends.join("　　");
    if legends.len() > 1 && legend_style.width(&joined) <= width {
        legends = vec![joined];
    }
    let statement_style = Style { size: body.size + 1.5, ..body }.bold();
    let statement = |i: usize| section.goals[i].statement.as_ref().map(|s| format!("■{}", s.value));
    // Every goal's rows broken at once, on every core: the first lines of each are needed
    // before it is placed (a goal statement stays with them).
    let laid = table.lay(rows);
    let page = flow.setup.body_height();
    let leads: Vec<f32> = laid.iter().map(|l| table.lead_height(l, page)).collect();
    let goal_lead = |i: usize| {
        statement(i).map_or(0.0, |t| Flow::paragraph_height(&t, statement_style, width) + 1.5) + leads[i]
    };
    let head_height = Flow::paragraph_height(&title, heading, width - 4.0)
        + 1.5
        + section.lead.iter().map(|l| Flow::paragraph_height(&l.value, body, width) + 1.0).sum::<f32>()
        + legends.iter().map(|l| Flow::paragraph_height(l, legend_style, width)).sum::<f32>()
        + 3.0;
    flow.ensure(head_height + if section.goals.is_empty() { 0.0 } else { goal_lead(0) });
    let (page, at_top) = (flow.page(), flow.at_top());
    let top = flow.y();
    flow.push(Element::Rect {
        x: flow.setup.left,
        y: top,
        w: 1.6,
        h: heading.line_height(),
        fill: Some(Color::ACCENT),
        stroke: None,
    });
    flow.heading(1, &title, heading, 4.0, width - 4.0);
    flow.advance(1.5);
    // The plan's own paragraph under its heading, as the plan prints it.
    for lead in &section.lead {
        flow.paragraph(&lead.value, body, 0.0, width);
        flow.advance(1.0);
    }
    for legend in &legends {
        flow.paragraph(legend, legend_style, 0.0, width);
    }
    flow.advance(3.0);
    let mut goals = Vec::new();
    for (i, (rows, laid)) in rows.iter().zip(laid).enumerate() {
        if i > 0 {
            flow.ensure(GOAL_GAP + goal_lead(i));
            if !flow.at_top() {
                flow.advance(GOAL_GAP);
            }
        }
        let caption = match statement(i) {
            Some(text) => {
                flow.ensure(goal_lead(i));
                goals.push((text.clone(), flow.page()));
                flow.heading(2, &text, statement_style, 0.0, width);
                flow.advance(1.5);
                format!("{title}／{text}（続き）")
            }
            None => format!("{title}（続き）"),
        };
        table.place_laid(flow, rows, laid, &caption);
        place_notes(flow, body, &section.goals[i].notes);
    }
    place_notes(flow, body, &section.notes);
    Mark { title, page, at_top, goals }
}

/// The plan's ※ notes under the table or section they belong to, as the plan prints them.
pub(crate) fn place_notes(flow: &mut Flow, body: Style, notes: &[crate::model::Text]) {
    if notes.is_empty() {
        return;
    }
    let style = body.color(Color::GREY);
    let width = flow.setup.body_width();
    flow.advance(1.5);
    for note in notes {
        flow.paragraph(&note.value, style, 0.0, width);
    }
}

/// The official report as content: the title, then per 施策 its heading, its lead, the
/// legends and per ■ goal its statement and the table of its items.
pub fn document(report: &Report) -> Doc {
    let settings = &report.config.official;
    let mut blocks = vec![
        Block::Heading { level: 1, text: report.full_title() },
        Block::Paragraph(super::spaced(&[&issued(report), &report.config.city])),
    ];
    let overview = overview(report);
    if !overview.is_empty() {
        blocks.push(Block::Section(overview));
    }
    blocks.extend(notes(&report.plan.notes));
    for (index, section) in report.plan.sections.iter().enumerate() {
        let title = section.title();
        let mut part = vec![Block::Heading { level: 2, text: title.clone() }];
        part.extend(section.lead.iter().map(|l| Block::Paragraph(l.value.clone())));
        part.extend(legends(report, index, section).into_iter().map(Block::Note));
        for (i, goal) in section.goals.iter().enumerate() {
            // Captions name the table apart from every other (each is a region of the page).
            let caption = match &goal.statement {
                Some(statement) => {
                    part.push(Block::Heading { level: 3, text: format!("■{}", statement.value) });
                    format!("{title}：目標{}の項目", i + 1)
                }
                None if section.goals.len() > 1 => format!("{title}：{}番目の項目", i + 1),
                None => format!("{title}の項目"),
            };
            part.push(Block::Table(items::content(report, settings, caption, &goal.items)));
            part.extend(notes(&goal.notes));
        }
        part.extend(notes(&section.notes));
        blocks.push(Block::Section(part));
    }
    let full_title = report.full_title();
    let meta = meta(report, full_title.clone());
    Doc { title: full_title, subject: meta.subject, author: meta.author, issued: issued(report), blocks }
}

/// The plan's ※ notes as notes of the content.
pub(crate) fn notes<'a>(notes: impl IntoIterator<Item = &'a crate::model::Text>) -> Vec<Block> {
    notes.into_iter().map(|n| Block::Note(n.value.clone())).collect()
}

/// 「令和7年6月15日」: the date of issue.
pub(crate) fn issued(report: &Report) -> String {
    crate::text::wareki::date_label(report.issued)
}

/// The ★●◎ legend where the section uses marks, and the grading scale where it shows grades;
/// in the first section (number `index`) that shows them, what the arrows of 「B → A ↑」 and
/// the 達成率 of an indicator mean (once in the report, where a reader first meets them).
fn legends(report: &Report, index: usize, section: &Section) -> Vec<String> {
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
    if first_showing(report, has_arrow) == Some(index) {
        out.push(committee::ARROWS_NOTE.into());
    }
    if first_showing(report, has_indicator) == Some(index) {
        out.push(rates::RULE.into());
    }
    out
}

/// The first section with an item that `shows` something.
fn first_showing(report: &Report, shows: fn(&Report, &Item) -> bool) -> Option<usize> {
    report.plan.sections.iter().position(|s| s.goals.iter().flat_map(|g| &g.items).any(|i| shows(report, i)))
}

/// Whether an item's 評価 shows last year's grade and an arrow (「B → A ↑」).
fn has_arrow(report: &Report, item: &Item) -> bool {
    item.progress.iter().any(|p| summary::report_trend(report, item, p).is_some())
}

/// Whether an item shows an indicator with its 達成率.
fn has_indicator(_: &Report, item: &Item) -> bool {
    !crate::model::indicator::readings(item).is_empty()
}

/// The heading of the summary at the front.
const SUMMARY: &str = "進捗の概要";

/// 進捗の概要, the summary at the front (`summary = true`, progress shown): the overall
/// sentence, the counts per 施策 as the handout counts them, and the targets reached.
fn overview(report: &Report) -> Vec<Block> {
    if !report.config.official.summary || !report.shows_progress() {
        return Vec::new();
    }
    let (_, total) = summary::by_section(report);
    let mut blocks =
        vec![Block::Heading { level: 2, text: SUMMARY.into() }, Block::Paragraph(overall(report, &total))];
    if total.reported() > 0 {
        let mut table = committee::section_counts(report);
        blocks.push(Block::Heading { level: 3, text: table.caption.clone() });
        table.caption.push_str("（件数）");
        blocks.extend([Block::Table(table), Block::Note(committee::counts_note(report))]);
    }
    let reached = rates::sentence(report);
    if !reached.is_empty() {
        // The rates themselves, and what 達成率 is, come with the items.
        blocks.extend([Block::Heading { level: 3, text: rates::HEADING.into() }, Block::Paragraph(reached)]);
    }
    blocks
}

/// 「全27項目のうち21項目（78％）が順調（A・B）でした。未提出は2項目です。」: the share on
/// track as the table's 合計 gives it, the codes the city counts as on track, what is missing.
fn overall(report: &Report, total: &summary::Counts) -> String {
    // Counts with thousands separators, as a table of figures prints them (10,000).
    let count = |k: usize| items::figure(k as f64);
    let n = count(total.total());
    if total.reported() == 0 {
        return format!("全{n}項目とも、進捗の報告はまだありません。");
    }
    let on_track = report.config.on_track.join("・");
    let mut sentence = match total.on_track_percent() {
        Some(p) => {
            format!("全{n}項目のうち{}項目（{p}％）が順調（{on_track}）でした。", count(total.on_track))
        }
        None => format!("全{n}項目のうち{}項目の進捗が報告されました。", count(total.reported())),
    };
    let mut rest = Vec::new();
    if total.unreported > 0 {
        rest.push(format!("{}は{}項目", items::NOT_REPORTED, count(total.unreported)));
    }
    if total.ungraded > 0 {
        rest.push(format!("評価なしは{}項目", count(total.ungraded)));
    }
    if total.uncounted > 0 {
        let codes = report.config.uncounted_codes().join("・");
        rest.push(format!("{codes}（順調の割合に数えない区分）は{}項目", count(total.uncounted)));
    }
    if !rest.is_empty() {
        sentence.push_str(&format!("{}です。", rest.join("、")));
    }
    sentence
}

/// Lays out the summary's blocks: headings as the sections' and the goals', a table of counts
/// as the handout sets it, kept with the heading above it.
fn place_blocks(flow: &mut Flow, blocks: &[Block], body: Style) {
    let width = flow.setup.body_width();
    let heading = Style { size: 14.0, ..body }.bold().color(Color::ACCENT);
    let subheading = Style { size: body.size + 1.5, ..body }.bold();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let style = if *level <= 2 { heading } else { subheading };
                let next = match blocks.get(i + 1) {
                    Some(Block::Table(t)) => {
                        let (layout, rows) = committee::counts_layout(t, body, width);
                        layout
                            .lay(&[rows])
                            .pop()
                            .map_or(0.0, |laid| layout.lead_height(&laid, flow.setup.body_height()))
                    }
                    _ => body.line_height() * 2.0,
                };
                flow.ensure(Flow::paragraph_height(text, style, width) + 1.5 + next);
                if *level > 2 {
                    flow.advance(3.0);
                }
                flow.heading(u16::from(*level - 1), text, style, 0.0, width);
                flow.advance(1.5);
            }
            Block::Paragraph(text) => flow.paragraph(text, body, 0.0, width),
            Block::Note(text) => flow.paragraph(text, body.color(Color::GREY), 0.0, width),
            Block::Table(table) => {
                let (layout, rows) = committee::counts_layout(table, body, width);
                layout.place(flow, &rows, &format!("{}（続き）", table.caption));
            }
            // The summary holds no lists, figures or sections.
            Block::List(_) | Block::Figure(_) | Block::Section(_) | Block::Topic { .. } => {}
        }
    }
}
