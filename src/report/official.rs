//! The official progress report, laid out like the annual publication: a cover, the contents,
//! then per 施策 its heading, the ★●◎ legend and per ■ goal a table of its items.

use super::doc::{Block, Doc};
use super::furniture::{self, Entry};
use super::pages::{self, Front, Landmark, Look, Mark, Sectioned};
use super::{committee, items, rates, summary, Report};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::text::Style;
use crate::model::{Item, Section};

/// Lays out the official report: its content ([`document`]) on pages after a cover and the
/// contents, each 施策 named in the running heads and the bookmarks.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.official;
    let setup = PageSetup::new(settings.page_size(report.shows_progress()), settings.margin);
    let doc = document(report);
    // Every goal's rows first: the columns are sized once, for the whole report.
    let mut rows = pages::item_rows(&doc, items::body_style(settings));
    let table = items::table(report, settings, setup.body_width(), rows.iter().flatten());
    table.fit_insets(rows.iter_mut().flatten());
    let mut flow = Flow::new(setup);
    let placed = pages::place(&mut flow, &doc, &look(report), pages::Items { table, rows: rows.into_iter() });
    let summary = placed.parts.iter().find_map(|(part, _)| match part {
        Landmark::Part(title) => Some(title.as_str()),
        _ => None,
    });
    let marks = &placed.marks;
    let entry_count = marks.len() + usize::from(summary.is_some());
    let front = 1 + entry_count.div_ceil(furniture::contents_per_page(setup));
    let entries: Vec<Entry> = summary
        .map(|t| Entry { title: t.into(), page: front })
        .into_iter()
        .chain(marks.iter().map(|m| Entry { title: m.title.clone(), page: m.page + front }))
        .collect();
    let mut heads = vec![None; front];
    heads.extend(pages::running_heads(marks, flow.pages.len()));
    let (title, year) = (report.cover_title(), report.year_label());
    let cover = furniture::cover(setup, year.as_deref(), &title, &report.config.city, report.issued);
    let parts = vec![cover, furniture::contents(setup, &entries), flow.finish()];
    let city = &report.config.city;
    let running = furniture::Running { title: &doc.title, city, heads: &heads, cover: true };
    let outline = outline(marks, front, summary);
    let mut document = Document::assemble(parts, outline, meta(report, doc.title.clone()));
    furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// How the official report is set: the title on the cover, each 施策 under an accent heading
/// with a bar, its lead, its legends and each goal's statement over the goal's table.
fn look(report: &Report) -> Look {
    let settings = &report.config.official;
    let body = items::body_style(settings);
    let heading = Style { size: 14.0, ..body }.bold().color(Color::ACCENT);
    let subheading = Style { size: body.size + 1.5, ..body }.bold();
    Look {
        body,
        cover: true,
        title: heading,
        front: Front {
            headings: (heading, subheading),
            measured: true,
            gaps: (1.5, 3.0),
            after: (0.0, 0.0),
            by_caption: true,
        },
        section: Sectioned {
            heading,
            bar: true,
            gaps: (1.5, 3.0),
            keep: None,
            statement: subheading,
            around: (SECTION_GAP, 0.0),
            new_page: settings.section_new_page,
        },
        after_plan_notes: SECTION_GAP,
        after_lone: (0.0, 0.0),
    }
}

/// Space between one 施策 and the next when they run on, in mm (and under the plan's notes).
const SECTION_GAP: f32 = 7.0;

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

/// The official report as content: the title, the summary at the front (a part of its own),
/// the plan's notes, then per 施策 its heading, its lead, the legends and per ■ goal (a group)
/// its statement, the table of its items and its notes.
pub fn document(report: &Report) -> Doc {
    let settings = &report.config.official;
    let mut blocks = vec![
        Block::Heading { level: 1, text: report.full_title() },
        Block::Paragraph(super::spaced(&[&issued(report), &report.config.city])),
    ];
    let overview = overview(report);
    if !overview.is_empty() {
        blocks.push(Block::Part(overview));
    }
    blocks.extend(notes(&report.plan.notes));
    for (index, section) in report.plan.sections.iter().enumerate() {
        let title = section.title();
        let mut part = vec![Block::Heading { level: 2, text: title.clone() }];
        part.extend(section.lead.iter().map(|l| Block::Paragraph(l.value.clone())));
        part.extend(legends(report, index, section).into_iter().map(Block::Note));
        for (i, goal) in section.goals.iter().enumerate() {
            let mut group = Vec::new();
            // Captions name the table apart from every other (each is a region of the page).
            let caption = match &goal.statement {
                Some(statement) => {
                    group.push(Block::Heading { level: 3, text: format!("■{}", statement.value) });
                    format!("{title}：目標{}の項目", i + 1)
                }
                None if section.goals.len() > 1 => format!("{title}：{}番目の項目", i + 1),
                None => format!("{title}の項目"),
            };
            group.push(Block::Table(items::content(report, settings, caption, &goal.items)));
            group.extend(notes(&goal.notes));
            part.push(Block::Group(group));
        }
        part.extend(notes(&section.notes));
        blocks.push(Block::Section(part));
    }
    let full_title = report.full_title();
    let meta = meta(report, full_title.clone());
    Doc { title: full_title, subject: meta.subject, author: meta.author, issued: issued(report), blocks }
}

/// The plan's ※ notes on one thing as a group of notes of the content; none without a note.
pub(crate) fn notes<'a>(notes: impl IntoIterator<Item = &'a crate::model::Text>) -> Option<Block> {
    let notes: Vec<Block> = notes.into_iter().map(|n| Block::Note(n.value.clone())).collect();
    (!notes.is_empty()).then_some(Block::Group(notes))
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
