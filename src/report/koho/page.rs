//! The 広報 page laid out from its content ([`Doc`]): one A4 page in the 広報 type ([`Type`]),
//! each block where the magazine's page puts it — the year above the headline, the lead, the
//! chart under its heading, a paragraph per 施策 led by its number, the lists under theirs.

use super::super::doc::{Block, Chart, Doc};
use super::super::Report;
use super::Fit;
use crate::layout::chart::{self, Series};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::text::Style;

/// The type of the page: the body at the settings' size (12 pt or more, as UD guidance asks
/// of print for older readers), the headings larger.
struct Type {
    kicker: Style,
    headline: Style,
    /// 「施策ごとの評価」, 「数値目標の達成状況」, 「主な成果」.
    heading: Style,
    body: Style,
}

impl Type {
    fn of(report: &Report) -> Type {
        let settings = &report.config.koho;
        let size = settings.body;
        let body = Style::new(size).latin_gap(settings.latin_gap);
        let sized = |style: Style, times: f32| Style { size: size * times, ..style };
        Type {
            kicker: sized(body.color(Color::ACCENT), 1.2),
            headline: sized(body.bold().color(Color::ACCENT), 1.8),
            heading: sized(body.bold().color(Color::ACCENT), 4.0 / 3.0),
            body,
        }
    }
}

/// How many pages `doc` takes set as `fit`.
pub(super) fn pages(report: &Report, doc: &Doc, fit: Fit) -> usize {
    place(report, doc, fit).pages.len()
}

/// The page of `doc` set as `fit`, with its bookmarks (PDF/UA asks for an outline: the
/// headline, the parts under it), properties and running footer.
pub(super) fn place(report: &Report, doc: &Doc, fit: Fit) -> Document {
    let settings = &report.config.koho;
    let setup = PageSetup::new(settings.page_size(false), settings.margin);
    let mut page = Page { flow: Flow::new(setup), t: Type::of(report), fit, parts: Vec::new() };
    let mut headline = String::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        if let Block::Heading { level: 1, text } = block {
            headline.clone_from(text);
        }
        page.block(block, doc.blocks.get(i + 1));
    }
    let Page { flow, parts, .. } = page;
    let running =
        super::super::furniture::Running { title: &doc.title, city: &doc.author, heads: &[], cover: false };
    let meta = Meta {
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
        keywords: vec!["市民協働".into(), "広報".into()],
        date: report.issued,
    };
    let outline = vec![Outline { title: headline, page: 0, children: parts }];
    let mut document = Document::assemble(vec![flow.finish()], outline, meta);
    super::super::furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// The page being laid out: the flow, the type, how it is fitted, the bookmarks of the parts
/// so far.
struct Page {
    flow: Flow,
    t: Type,
    fit: Fit,
    parts: Vec<Outline>,
}

impl Page {
    /// Lays out `block`, `next` the one after it.
    fn block(&mut self, block: &Block, next: Option<&Block>) {
        let (t, width) = (&self.t, self.flow.setup.body_width());
        match block {
            // The year, above the headline.
            Block::Paragraph(text) if matches!(next, Some(Block::Heading { level: 1, .. })) => {
                self.flow.paragraph(text, t.kicker, 0.0, width);
            }
            Block::Paragraph(text) => self.flow.paragraph(text, t.body, 0.0, width),
            Block::Heading { level: 1, text } => {
                self.flow.heading(1, text, t.headline, 0.0, width);
                self.flow.advance(3.0);
            }
            Block::Heading { level, text } => {
                self.heading(*level, text, matches!(next, Some(Block::Figure(_))))
            }
            Block::Figure(figure) => {
                if let Chart::Stacked { series, bars } = &figure.chart {
                    let series: Vec<Series> = series
                        .iter()
                        .map(|(label, color)| Series { label: label.clone(), color: *color })
                        .collect();
                    chart::stacked_bars(&mut self.flow, bars, &series, t.body, self.fit.rows);
                }
                self.flow.advance(2.0);
            }
            // The chart above names each 施策 in full: here its number leads its sentence, or
            // the sentences are left to the chart where the page is short of room.
            Block::Topic { short, text, .. } if self.fit.sentences => {
                self.flow.paragraph(&format!("{short}　{text}"), t.body, 0.0, width);
                if !matches!(next, Some(Block::Topic { .. })) {
                    self.flow.advance(2.0);
                }
            }
            Block::List(items) => {
                let items: Vec<String> = items.iter().map(|item| format!("・{item}")).collect();
                self.flow.list(&items, t.body, 0.0, width);
            }
            // The 広報 content holds no tables, notes, sections, parts or charts of rates.
            Block::Topic { .. }
            | Block::Table(_)
            | Block::Note(_)
            | Block::Section(_)
            | Block::Part(_)
            | Block::Group(_) => {}
        }
    }

    /// A part's heading, bookmarked: the chart's well apart from the lead, a list's kept with
    /// its first two lines.
    fn heading(&mut self, level: u8, text: &str, over_figure: bool) {
        let (t, width) = (&self.t, self.flow.setup.body_width());
        if over_figure {
            self.flow.advance(5.0);
        } else {
            self.flow.advance(3.0);
            self.flow.ensure(t.heading.line_height() + 2.0 * t.body.line_height());
        }
        self.parts.push(Outline { title: text.into(), page: self.flow.page(), children: Vec::new() });
        self.flow.heading(u16::from(level), text, t.heading, 0.0, width);
        if over_figure {
            self.flow.advance(1.5);
        }
    }
}
