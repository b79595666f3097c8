//! Material for the city magazine 広報つしま: one A4 page in large type and plain words for
//! residents — a headline, how the year went, a bar chart of grades per 施策, a sentence per
//! 施策, the targets as written and the best-graded items as highlights. The same words come
//! as plain text for the editor's layout program and as a web page.
//!
//! Decided once: the words ([`words`]) are set down as one [`Doc`], fitted to the page
//! ([`fitted`]); the page ([`page`]), the web page and the text ([`text`]) are all made from
//! that Doc, so they say the same.
//!
//! The page is fitted by laying it out and measuring: highlights are left out from the last
//! (from the Doc, so from every format), then the chart's rows made lower, then the 施策
//! sentences left to the chart (which names every 施策 and its counts), before the page
//! would ever run onto a second one. The last two are how the page is set ([`Fit`]): the web
//! page and the text keep the sentences.

mod page;
mod text;
mod words;

use super::doc::{Block, Cell, Chart, Column, Doc, Figure, Role, Row, Table, Tone};
use super::Report;
use crate::layout::chart::{self, Rows, Series};
use crate::layout::frame::Document;
pub use words::{summary, Section, Summary};

/// The content of the page with as many highlights as fit it, and how the page is set to
/// fit: the one decision the page, the text and the web page follow.
pub fn fitted(report: &Report) -> (Doc, Fit) {
    let mut s = summary(report);
    let mut doc = content(report, &s);
    let mut fit = FITS[0];
    // Fewer highlights first, from the last (the lowest graded) …
    while page::pages(report, &doc, fit) > 1 && !s.highlights.is_empty() {
        s.highlights.pop();
        doc = content(report, &s);
    }
    // … then a lower chart, then the 施策 sentences left to the chart.
    for next in &FITS[1..] {
        if page::pages(report, &doc, fit) <= 1 {
            break;
        }
        fit = *next;
    }
    (doc, fit)
}

/// How the page is set: the chart's rows, and whether each 施策 has its sentence under the
/// chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The chart's bar and gap.
    pub rows: Rows,
    /// Whether the 施策 sentences are on the page.
    pub sentences: bool,
}

/// The ways of setting the page, from the fullest; the first that fits one page is used.
const FITS: [Fit; 6] = [
    Fit { rows: Rows { bar: 7.0, gap: 3.0 }, sentences: true },
    Fit { rows: Rows { bar: 6.0, gap: 2.0 }, sentences: true },
    Fit { rows: Rows { bar: 5.5, gap: 1.2 }, sentences: true },
    Fit { rows: Rows { bar: 7.0, gap: 3.0 }, sentences: false },
    Fit { rows: Rows { bar: 6.0, gap: 2.0 }, sentences: false },
    Fit { rows: Rows { bar: 5.5, gap: 1.2 }, sentences: false },
];

/// Lays the summary out on one A4 page in large type ([`fitted`]).
pub fn layout(report: &Report) -> Document {
    let (doc, fit) = fitted(report);
    page::place(report, &doc, fit)
}

/// The summary as content, in the order of the page: the headline, the lead, the chart of
/// grades per 施策 with its numbers, a sentence per 施策, the targets and the highlights
/// ([`fitted`]).
pub fn document(report: &Report) -> Doc {
    fitted(report).0
}

/// The summary as plain text, for pasting into a layout program ([`fitted`]).
pub fn text(report: &Report) -> String {
    text::write(&fitted(report).0)
}

/// The heading of the targets.
const TARGETS: &str = "数値目標の達成状況";

/// The heading of the highlights: the words quoted are the departments'.
const HIGHLIGHTS: &str = "主な成果（担当部署の報告から）";

/// `s` set down as content: the kicker (the year) above the headline, the lead, the chart
/// under its heading, a [`Block::Topic`] per 施策 (its heading, its number, its sentence),
/// the targets and the highlights as lists under their headings.
fn content(report: &Report, s: &Summary) -> Doc {
    let mut blocks: Vec<Block> = s.kicker.iter().map(|k| Block::Paragraph(k.clone())).collect();
    blocks.push(Block::Heading { level: 1, text: s.headline.clone() });
    blocks.push(Block::Paragraph(s.lead.clone()));
    let chart_heading = format!("{}ごとの評価", report.plan.section_word());
    blocks.push(Block::Heading { level: 2, text: chart_heading.clone() });
    let bars = bars(s);
    let alt = chart::alt_text(&bars, &s.series);
    let table = counts_table(&chart_heading, report.plan.section_word(), &s.series, &bars);
    let series = s.series.iter().map(|x| (x.label.clone(), x.color)).collect();
    blocks.push(Block::Figure(Figure { chart: Chart::Stacked { series, bars }, alt, table }));
    blocks.extend(s.sections.iter().map(|x| Block::Topic {
        level: 3,
        heading: x.heading.clone(),
        short: x.number.clone(),
        text: x.sentence.clone(),
    }));
    if !s.targets.is_empty() {
        blocks.push(Block::Heading { level: 2, text: TARGETS.into() });
        blocks.push(Block::List(s.targets.clone()));
    }
    if !s.highlights.is_empty() {
        blocks.push(Block::Heading { level: 2, text: HIGHLIGHTS.into() });
        blocks.push(Block::List(s.highlights.iter().map(|(name, text)| format!("{name}：{text}")).collect()));
    }
    let title = match &s.kicker {
        Some(k) => format!("{k} {}", s.headline),
        None => s.headline.clone(),
    };
    Doc {
        title,
        subject: SUBJECT.into(),
        author: report.config.city.clone(),
        issued: super::official::issued(report),
        blocks,
    }
}

/// What the page is about (document properties).
const SUBJECT: &str = "広報向け 市民協働の取り組み状況";

/// The chart's bars: each 施策's name and counts.
fn bars(s: &Summary) -> Vec<(String, Vec<usize>)> {
    s.sections.iter().map(|x| (x.name.clone(), x.counts.clone())).collect()
}

/// A stacked chart's numbers: a row per bar, a column per series, and the total.
pub(crate) fn counts_table(
    caption: &str,
    first: &str,
    series: &[Series],
    bars: &[(String, Vec<usize>)],
) -> Table {
    let mut columns = vec![Column::new(first, Role::Label)];
    columns.extend(series.iter().map(|s| Column::new(&s.label, Role::Count)));
    columns.push(Column::new("計", Role::Count));
    let rows = bars
        .iter()
        .map(|(label, counts)| {
            let mut cells = vec![Cell::plain(label)];
            cells.extend(counts.iter().map(|n| Cell::plain(n.to_string())));
            cells.push(Cell::toned(counts.iter().sum::<usize>().to_string(), Tone::Strong));
            Row { cells, joined: false, label: label.clone(), inset: None }
        })
        .collect();
    Table { caption: format!("{caption}（件数）"), columns, rows, label_col: 0 }
}
