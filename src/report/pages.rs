//! A report's content ([`Doc`]) onto pages: the one placement of the official report and the
//! committee handout. A kind's `document` decides what is shown and in what order; this
//! module walks its blocks and sets each in the kind's [`Look`] (styles, gaps, what a heading
//! is kept with, legends joined on one line, 「（続き）」 captions), and says where each part
//! and each 施策 landed ([`Placed`]) for the kind's contents, bookmarks and running heads.
//!
//! What the blocks are to the pages:
//! - the title and its dateline ([`Block::Heading`] of level 1, the paragraph under it): on
//!   the first page, or on a cover of the kind's own ([`Look::cover`]);
//! - a [`Block::Part`] (進捗の概要) or a [`Block::Group`] of more than notes (the handout's
//!   counts): pages of their own, headings kept with what follows, tables of figures sized to
//!   their content;
//! - a [`Block::Group`] of notes: the plan's ※ notes, set apart above what they qualify;
//! - a [`Block::Section`]: a 施策, its heading kept with its lead, its legends and the start of
//!   its first table; its tables are the tables of items, each a goal under its statement.

use super::doc::{self, Block, Chart, Doc, Role as Holds};
use super::items;
use crate::config::Field;
use crate::layout::chart::{self, Rate};
use crate::layout::flow::Flow;
use crate::layout::frame::{Color, Element, Role};
use crate::layout::table::{Align, Column, Row, Sizing, Table};
use crate::layout::text::Style;

/// How a kind sets its content on pages.
pub struct Look {
    /// The body text.
    pub body: Style,
    /// The title and its dateline go on a cover the kind draws: they are not set here, and
    /// every heading is one level higher in the PDF's structure.
    pub cover: bool,
    /// The title where it heads the first page.
    pub title: Style,
    /// How a part (進捗の概要, the handout's counts) is set.
    pub front: Front,
    /// How a 施策 is set.
    pub section: Sectioned,
    /// Space after the plan's notes at the top level, in mm.
    pub after_plan_notes: f32,
    /// Space after a paragraph and after a note standing alone at the top level, in mm.
    pub after_lone: (f32, f32),
}

/// How the headings, notes and tables of a part are set.
pub struct Front {
    /// A heading of level 2 and of level 3.
    pub headings: (Style, Style),
    /// A heading is measured as its lines (else as one line) when it is kept with what follows.
    pub measured: bool,
    /// Space under a heading, and above one of level 3, in mm.
    pub gaps: (f32, f32),
    /// Space after a note, and after a table that no note follows, in mm.
    pub after: (f32, f32),
    /// A continued table repeats its caption (else the heading over it) with 「（続き）」.
    pub by_caption: bool,
}

/// How a 施策 is set: its heading, its goals' statements, the space around it.
pub struct Sectioned {
    /// The heading; with an accent bar at its left.
    pub heading: Style,
    /// Draws the accent bar left of the heading.
    pub bar: bool,
    /// Space under the heading, and under the whole head (heading, lead, legends), in mm.
    pub gaps: (f32, f32),
    /// What the head is kept with: this height (else the head measured), and the start of the
    /// first table.
    pub keep: Option<f32>,
    /// A goal's statement.
    pub statement: Style,
    /// Space before a 施策 that runs on after another, and after one, in mm.
    pub around: (f32, f32),
    /// Each 施策 after the first begins a page.
    pub new_page: bool,
}

/// Space under a goal's statement, in mm.
const STATEMENT_GAP: f32 = 1.5;
/// Space above a goal's statement after the table before it, in mm.
const GOAL_GAP: f32 = 5.0;
/// Space under a lead paragraph of a 施策, in mm.
const LEAD_GAP: f32 = 1.0;
/// Space above the plan's notes, in mm.
const NOTES_GAP: f32 = 1.5;
/// Space under the title's dateline, in mm.
const DATELINE_GAP: f32 = 4.0;
/// The mark and the grade legends share a line, so far apart, where it holds both.
const LEGEND_JOIN: &str = "　　";

/// Where the parts and the 施策 of a document landed, pages counted from the flow's first.
#[derive(Default)]
pub struct Placed {
    /// The top-level parts in order, each with its first page.
    pub parts: Vec<(Landmark, usize)>,
    /// Each 施策.
    pub marks: Vec<Mark>,
}

/// A part at the top level of a document.
pub enum Landmark {
    /// A [`Block::Part`], named by its heading.
    Part(String),
    /// A [`Block::Group`] of more than notes (the handout's counts).
    Group,
    /// A heading at the top level (the handout's 項目別の進捗状況).
    Heading(String),
}

/// Where a 施策 and its goals begin, for the contents, the bookmarks and the running heads.
pub struct Mark {
    /// Its heading.
    pub title: String,
    /// The page of its heading.
    pub page: usize,
    /// The heading is the first thing on its page.
    pub at_top: bool,
    /// Its goals' statements and their pages.
    pub goals: Vec<(String, usize)>,
}

/// The tables of items of a document (those in its [`Block::Section`]s), as the kind lays
/// them out: one layout for all, the rows of each table in reading order.
pub struct Items {
    /// The layout, its columns sized for every table of the document.
    pub table: Table,
    /// Each table's rows, in the order of the document.
    pub rows: std::vec::IntoIter<Vec<Row>>,
}

/// The rows of every table of items in `doc` (in its [`Block::Section`]s), in the body text
/// `body`: what the kind sizes its item layout to.
pub fn item_rows(doc: &Doc, body: Style) -> Vec<Vec<Row>> {
    fn walk(blocks: &[Block], inside: bool, body: Style, out: &mut Vec<Vec<Row>>) {
        for block in blocks {
            match block {
                Block::Table(t) if inside => out.push(items::layout_rows(&t.rows, body)),
                Block::Section(inner) => walk(inner, true, body, out),
                Block::Group(inner) => walk(inner, inside, body, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, false, body, &mut out);
    out
}

/// Sets `doc` onto `flow` in `look`, its tables of items from `items`.
pub fn place(flow: &mut Flow, doc: &Doc, look: &Look, mut items: Items) -> Placed {
    let mut blocks = &doc.blocks[..];
    if let [Block::Heading { level: 1, text }, Block::Paragraph(dateline), rest @ ..] = blocks {
        if !look.cover {
            let width = flow.setup.body_width();
            flow.heading(1, text, look.title, 0.0, width);
            flow.paragraph(dateline, look.body.color(Color::GREY), 0.0, width);
            flow.advance(DATELINE_GAP);
        }
        blocks = rest;
    }
    let mut placed = Placed::default();
    for (i, block) in blocks.iter().enumerate() {
        let page = flow.page();
        match block {
            Block::Part(inner) => {
                let node = flow.node(Role::Section);
                flow.inside(node, |flow| front(flow, look, inner));
                flow.new_page();
                placed.parts.push((Landmark::Part(first_heading(inner)), page));
            }
            Block::Group(inner) if inner.iter().all(|b| matches!(b, Block::Note(_))) => {
                notes(flow, look.body, inner);
                flow.advance(look.after_plan_notes);
            }
            Block::Group(inner) => {
                front(flow, look, inner);
                flow.new_page();
                placed.parts.push((Landmark::Group, page));
            }
            Block::Section(inner) => {
                let index = placed.marks.len();
                placed.marks.push(section(flow, look, &mut items, inner, index));
            }
            Block::Paragraph(text) => {
                flow.paragraph(text, look.body, 0.0, flow.setup.body_width());
                flow.advance(look.after_lone.0);
            }
            Block::Note(text) => {
                flow.paragraph(text, look.body.color(Color::GREY), 0.0, flow.setup.body_width());
                flow.advance(look.after_lone.1);
            }
            Block::Heading { text, .. } => {
                front(flow, look, std::slice::from_ref(block));
                placed.parts.push((Landmark::Heading(text.clone()), page));
            }
            Block::Table(_) | Block::Figure(_) | Block::List(_) | Block::Topic { .. } => {
                front(flow, look, &blocks[i..=i])
            }
        }
    }
    placed
}

/// The words of the first heading among `blocks`.
fn first_heading(blocks: &[Block]) -> String {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The level in the PDF's structure of a heading of `level` in the content.
fn pdf_level(look: &Look, level: u8) -> u16 {
    u16::from(level.saturating_sub(u8::from(look.cover)).max(1))
}

/// The blocks of a part: a heading kept with the table or the lines under it, a heading over
/// a paragraph and a figure of rates set as the figure's title, tables of figures sized to
/// their content.
fn front(flow: &mut Flow, look: &Look, blocks: &[Block]) {
    let (body, f) = (look.body, &look.front);
    let width = flow.setup.body_width();
    let mut i = 0;
    while i < blocks.len() {
        match (&blocks[i], blocks.get(i + 1), blocks.get(i + 2)) {
            (Block::Heading { text, .. }, Some(Block::Paragraph(lead)), Some(Block::Figure(figure))) => {
                rates(flow, f.headings.0, body, (text, lead, figure));
                i += 3;
                continue;
            }
            (Block::Heading { level, text }, Some(Block::Table(table)), _) => {
                let (layout, rows) = front_table(table, body, width);
                let laid = layout.lay(&[&rows]).pop();
                let lead = laid.as_ref().map_or(0.0, |l| layout.lead_height(l, flow.setup.body_height()));
                front_heading(flow, look, (*level, text), lead);
                let caption = if f.by_caption { &table.caption } else { text };
                if let Some(laid) = laid {
                    layout.place_laid(flow, &rows, laid, &format!("{caption}（続き）"));
                }
                i += 1;
            }
            (Block::Heading { level, text }, ..) => {
                front_heading(flow, look, (*level, text), body.line_height() * 2.0)
            }
            (Block::Paragraph(text), ..) => flow.paragraph(text, body, 0.0, width),
            (Block::Note(text), ..) => {
                flow.paragraph(text, body.color(Color::GREY), 0.0, width);
                flow.advance(f.after.0);
            }
            (Block::Table(table), ..) => {
                let (layout, rows) = front_table(table, body, width);
                layout.place(flow, &rows, &format!("{}（続き）", table.caption));
            }
            (Block::List(points), ..) => flow.list(points, body, 0.0, width),
            // A topic as the web page shows it: its heading, its paragraph.
            (Block::Topic { level, heading, text, .. }, ..) => {
                front_heading(flow, look, (*level, heading), body.line_height() * 2.0);
                flow.paragraph(text, body, 0.0, width);
            }
            (Block::Figure(figure), ..) => figure_alone(flow, body, figure),
            (Block::Section(inner) | Block::Part(inner) | Block::Group(inner), ..) => {
                front(flow, look, inner)
            }
        }
        // A table stands apart from what follows, unless that is the note that explains it.
        if matches!(blocks[i], Block::Table(_)) && !matches!(blocks.get(i + 1), Some(Block::Note(_))) {
            flow.advance(f.after.1);
        }
        i += 1;
    }
}

/// A heading of a part, which goes to the next page unless `keep` mm of what follows fit
/// under it.
fn front_heading(flow: &mut Flow, look: &Look, (level, text): (u8, &str), keep: f32) {
    let f = &look.front;
    let style = if level <= 2 { f.headings.0 } else { f.headings.1 };
    let width = flow.setup.body_width();
    let height = if f.measured { Flow::paragraph_height(text, style, width) } else { style.line_height() };
    flow.ensure(height + f.gaps.0 + keep);
    if level > 2 {
        flow.advance(f.gaps.1);
    }
    flow.heading(pdf_level(look, level), text, style, 0.0, width);
    flow.advance(f.gaps.0);
}

/// The rates of the indicators: the title (in `title`), what the rate is, the chart, kept
/// together at the start.
fn rates(flow: &mut Flow, title: Style, body: Style, (heading, lead, figure): (&str, &str, &doc::Figure)) {
    let width = flow.setup.body_width();
    flow.ensure(title.line_height() * 2.0 + body.line_height() * 3.0);
    flow.paragraph(heading, title, 0.0, width);
    flow.advance(1.0);
    flow.paragraph(lead, body, 0.0, width);
    flow.advance(1.5);
    figure_alone(flow, body, figure);
    flow.advance(4.0);
}

/// A figure's chart (the PDF draws the chart; its numbers are the web page's).
fn figure_alone(flow: &mut Flow, body: Style, figure: &doc::Figure) {
    if let Chart::Rates(rates) = &figure.chart {
        let bars: Vec<Rate> = rates
            .iter()
            .map(|r| Rate { label: r.label.clone(), percent: r.percent, text: r.text.clone() })
            .collect();
        chart::rate_bars(flow, &bars, body);
    }
}

/// A table of figures or words as the PDF lays it out: a table of counts with its numbers in
/// columns of one width (counts side by side read best so), any other with its columns sized
/// from their content.
fn front_table(table: &doc::Table, body: Style, width: f32) -> (Table, Vec<Row>) {
    if table.columns.iter().any(|c| c.role == Holds::Count) {
        return counts_layout(table, body, width);
    }
    let (mut layout, rows) = auto_layout(table, body);
    layout.fit(&rows, width);
    (layout, rows)
}

/// A content table as the PDF lays it out, columns sized from their content: counts and
/// shares centred, names kept whole.
fn auto_layout(table: &doc::Table, body: Style) -> (Table, Vec<Row>) {
    let columns = table
        .columns
        .iter()
        .map(|c| {
            let align = if c.role.is_short() { Align::Center } else { Align::Left };
            let names = matches!(c.role, Holds::Field(Field::Departments | Field::Actors));
            Column { names, ..Column::auto(&c.title, align) }
        })
        .collect();
    let layout = Table { columns, header_style: body.bold(), body_style: body, label_col: table.label_col };
    (layout, items::layout_rows(&table.rows, body))
}

/// A table of counts across the page: the group's name, then its numbers in columns of one
/// width, the widest header's.
fn counts_layout(table: &doc::Table, body: Style, width: f32) -> (Table, Vec<Row>) {
    let (mut layout, rows) = auto_layout(table, body);
    let number_width =
        table.columns[1..].iter().map(|c| body.bold().width(&c.title)).fold(0.0, f32::max) + 4.0;
    for column in &mut layout.columns[1..] {
        column.sizing = Sizing::Fixed(number_width);
    }
    layout.fit(&rows, width);
    (layout, rows)
}

/// The plan's ※ notes under what they belong to, set apart from it.
fn notes(flow: &mut Flow, body: Style, blocks: &[Block]) {
    let width = flow.setup.body_width();
    flow.advance(NOTES_GAP);
    for block in blocks {
        if let Block::Note(text) = block {
            flow.paragraph(text, body.color(Color::GREY), 0.0, width);
        }
    }
}

/// A 施策 read from its blocks: its heading, lead paragraphs, legends, goals and notes.
#[derive(Default)]
struct Parts<'d> {
    /// The heading's level in the content, and its words.
    title: (u8, &'d str),
    leads: Vec<&'d str>,
    legends: Vec<String>,
    goals: Vec<Goal<'d>>,
    notes: Vec<Block>,
}

/// A goal: its statement (a heading), its notes (its table of items is the next of [`Items`]).
struct Goal<'d> {
    statement: Option<&'d str>,
    notes: Vec<Block>,
}

fn parts(blocks: &[Block]) -> Parts<'_> {
    let mut p = Parts::default();
    for block in blocks {
        match block {
            Block::Heading { level, text } if p.title.0 == 0 => p.title = (*level, text.as_str()),
            Block::Paragraph(text) => p.leads.push(text),
            Block::Note(text) if p.goals.is_empty() => p.legends.push(text.clone()),
            Block::Table(_) => p.goals.push(Goal { statement: None, notes: Vec::new() }),
            Block::Group(inner) => match goal(inner) {
                Some(g) => p.goals.push(g),
                None => p.notes.extend(inner.iter().cloned()),
            },
            other => p.notes.push(other.clone()),
        }
    }
    p
}

/// A goal from its group: None for a group without a table (notes).
fn goal(blocks: &[Block]) -> Option<Goal<'_>> {
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return None;
    }
    let statement = blocks.iter().find_map(|b| match b {
        Block::Heading { text, .. } => Some(text.as_str()),
        _ => None,
    });
    let notes = blocks
        .iter()
        .flat_map(|b| match b {
            Block::Group(inner) => inner.clone(),
            Block::Note(_) => vec![b.clone()],
            _ => Vec::new(),
        })
        .collect();
    Some(Goal { statement, notes })
}

/// A 施策 (number `index`): a gap or a new page before it, its head kept with the start of its
/// first table, each goal's statement kept with the start of its table.
fn section(flow: &mut Flow, look: &Look, items: &mut Items, blocks: &[Block], index: usize) -> Mark {
    let s = &look.section;
    if s.new_page && !flow.at_top() && index > 0 {
        flow.new_page();
    } else if !flow.at_top() {
        flow.advance(s.around.0);
    }
    let node = flow.node(Role::Section);
    let mark = flow.inside(node, |flow| section_body(flow, look, items, &parts(blocks)));
    flow.advance(s.around.1);
    mark
}

fn section_body(flow: &mut Flow, look: &Look, items: &mut Items, p: &Parts) -> Mark {
    let (s, body) = (&look.section, look.body);
    let title = p.title.1;
    let width = flow.setup.body_width();
    let legends = legends(p, body.color(Color::GREY), width);
    // Every goal's rows broken at once, on every core: the first lines of each are needed
    // before it is placed (a statement stays with them).
    let rows: Vec<Vec<Row>> = items.rows.by_ref().take(p.goals.len()).collect();
    let laid = items.table.lay(&rows);
    let page = flow.setup.body_height();
    let leads: Vec<f32> = laid.iter().map(|l| items.table.lead_height(l, page)).collect();
    let goal_lead = |i: usize| {
        let statement = p.goals[i].statement;
        statement.map_or(0.0, |t| Flow::paragraph_height(t, s.statement, width) + STATEMENT_GAP) + leads[i]
    };
    let head = s.keep.unwrap_or_else(|| head_height(look, p, &legends, width));
    flow.ensure(head + if p.goals.is_empty() { 0.0 } else { goal_lead(0) });
    let (page, at_top) = (flow.page(), flow.at_top());
    let level = place_head(flow, look, p, &legends);
    let mut goals = Vec::new();
    for (i, ((goal, rows), laid)) in p.goals.iter().zip(&rows).zip(laid).enumerate() {
        if i > 0 {
            flow.ensure(GOAL_GAP + goal_lead(i));
            if !flow.at_top() {
                flow.advance(GOAL_GAP);
            }
        }
        let caption = match goal.statement {
            Some(text) => {
                flow.ensure(goal_lead(i));
                goals.push((text.to_string(), flow.page()));
                flow.heading(level + 1, text, s.statement, 0.0, width);
                flow.advance(STATEMENT_GAP);
                format!("{title}／{text}（続き）")
            }
            None => format!("{title}（続き）"),
        };
        items.table.place_laid(flow, rows, laid, &caption);
        if !goal.notes.is_empty() {
            notes(flow, body, &goal.notes);
        }
    }
    if !p.notes.is_empty() {
        notes(flow, body, &p.notes);
    }
    Mark { title: title.to_string(), page, at_top, goals }
}

/// The legends of a 施策, the mark and grade legends on one line where it holds both.
fn legends(p: &Parts, style: Style, width: f32) -> Vec<String> {
    let joined = p.legends.join(LEGEND_JOIN);
    if p.legends.len() > 1 && style.width(&joined) <= width {
        vec![joined]
    } else {
        p.legends.clone()
    }
}

/// Left of a heading with the accent bar, in mm.
fn indent(look: &Look) -> f32 {
    if look.section.bar {
        4.0
    } else {
        0.0
    }
}

/// The height of a 施策's head: its heading, lead and legends.
fn head_height(look: &Look, p: &Parts, legends: &[String], width: f32) -> f32 {
    let (s, body) = (&look.section, look.body);
    Flow::paragraph_height(p.title.1, s.heading, width - indent(look))
        + s.gaps.0
        + p.leads.iter().map(|l| Flow::paragraph_height(l, body, width) + LEAD_GAP).sum::<f32>()
        + legends.iter().map(|l| Flow::paragraph_height(l, body.color(Color::GREY), width)).sum::<f32>()
        + s.gaps.1
}

/// Sets a 施策's head (the bar, the heading, its lead, the legends); the heading's level in
/// the PDF's structure.
fn place_head(flow: &mut Flow, look: &Look, p: &Parts, legends: &[String]) -> u16 {
    let (s, body) = (&look.section, look.body);
    let (width, indent) = (flow.setup.body_width(), indent(look));
    if s.bar {
        let (x, y, h) = (flow.setup.left, flow.y(), s.heading.line_height());
        flow.push(Element::Rect { x, y, w: 1.6, h, fill: Some(Color::ACCENT), stroke: None });
    }
    let level = pdf_level(look, p.title.0);
    flow.heading(level, p.title.1, s.heading, indent, width - indent);
    flow.advance(s.gaps.0);
    for lead in &p.leads {
        flow.paragraph(lead, body, 0.0, width);
        flow.advance(LEAD_GAP);
    }
    for legend in legends {
        flow.paragraph(legend, body.color(Color::GREY), 0.0, width);
    }
    flow.advance(s.gaps.1);
    level
}

/// The 施策 a page is about, for its running head: the one its top continues, or the one
/// starting at its top, else the first starting on it; None before the first.
pub fn running_heads(marks: &[Mark], pages: usize) -> Vec<Option<String>> {
    let head = |page: usize| {
        marks
            .iter()
            .rev()
            .find(|m| m.page < page || (m.page == page && m.at_top))
            .or_else(|| marks.iter().find(|m| m.page == page))
            .map(|m| m.title.clone())
    };
    (0..pages).map(head).collect()
}
