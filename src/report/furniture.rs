//! What every printed report shares: the cover, the contents page, the running header and the
//! page number 「- n -」 at the foot of every page.

use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Element, Furniture, Mark, Page, Part, Role};
use crate::layout::text::Style;
use crate::text::wareki::{date_label, Date};

/// One line of the contents: a heading and its zero-based page in the finished document.
pub struct Entry {
    /// The heading.
    pub title: String,
    /// Zero-based page.
    pub page: usize,
}

/// The cover: fiscal year, title (the document's first heading), city and date of issue.
pub fn cover(setup: PageSetup, year: Option<&str>, title: &str, city: &str, issued: Date) -> Part {
    let mut flow = Flow::new(setup);
    let width = setup.body_width();
    flow.advance(setup.body_height() * 0.28);
    if let Some(year) = year {
        let style = Style::new(18.0).color(Color::ACCENT);
        centered(&mut flow, Role::Paragraph, year, style, width);
        flow.advance(4.0);
    }
    band(&mut flow, 1.2);
    flow.advance(8.0);
    let heading = Role::Heading { level: 1, title: title.to_string() };
    // A title breaks between phrases: never 「アクションプ／ラン」 or 「進／捗状況報告書」.
    centered(&mut flow, heading, title, Style::new(26.0).bold().as_title(), width * 0.9);
    flow.advance(6.0);
    band(&mut flow, 0.4);
    flow.advance(setup.body_height() * 0.18);
    let date = date_label(issued);
    centered(&mut flow, Role::Paragraph, &date, Style::new(14.0), width);
    flow.advance(3.0);
    if !city.is_empty() {
        centered(&mut flow, Role::Paragraph, city, Style::new(18.0).bold(), width);
    }
    flow.finish()
}

/// An accent band `height` mm thick across the body at the flow's position.
fn band(flow: &mut Flow, height: f32) {
    let (x, y, w) = (flow.setup.left, flow.y(), flow.setup.body_width());
    flow.push(Element::Rect { x, y, w, h: height, fill: Some(Color::ACCENT), stroke: None });
}

/// Centres each line of a wrapped text in the body width, as a block of `role`.
fn centered(flow: &mut Flow, role: Role, text: &str, style: Style, width: f32) {
    let body = flow.setup.body_width();
    flow.block(role, |flow| {
        for line in style.lines(text, width) {
            let x = flow.setup.left + (body - line.width) / 2.0;
            let baseline = flow.y() + style.baseline_offset();
            flow.text(x, baseline, style, &line.text);
            flow.advance(style.line_height());
        }
    });
}

/// Lines of contents that fit on one page.
pub fn contents_per_page(setup: PageSetup) -> usize {
    ((setup.body_height() - TITLE_SPACE) / ENTRY_HEIGHT).floor().max(1.0) as usize
}

const TITLE_SPACE: f32 = 22.0;
const ENTRY_HEIGHT: f32 = 9.0;

/// The contents pages: each entry with a dotted leader to its page number (as printed).
pub fn contents(setup: PageSetup, entries: &[Entry]) -> Part {
    let mut flow = Flow::new(setup);
    let toc = flow.node(Role::Contents);
    let per_page = contents_per_page(setup);
    let style = Style::new(11.0);
    let width = setup.body_width();
    for (i, chunk) in entries.chunks(per_page).enumerate() {
        if i > 0 {
            flow.new_page();
        }
        let title = Style::new(16.0).bold().color(Color::ACCENT);
        let baseline = flow.y() + title.baseline_offset();
        if i == 0 {
            let heading = Role::Heading { level: 1, title: "目次".into() };
            flow.block(heading, |f| f.text(setup.left, baseline, title, "目次"));
        } else {
            // The title repeated on a later contents page.
            let repeat = Mark::Artifact(Furniture::Pagination);
            flow.marked(repeat, |f| f.text(setup.left, baseline, title, "目次"));
        }
        flow.advance(TITLE_SPACE);
        for entry in chunk {
            let item = flow.inside(toc, |f| f.node(Role::ContentsEntry));
            let number = (entry.page + 1).to_string();
            let number_w = style.width(&number);
            let baseline = flow.y() + style.baseline_offset();
            let title_lines = style.as_title().lines(&entry.title, width - number_w - 12.0);
            let first = title_lines.first().map_or("", |l| l.text.as_str());
            let shown = if title_lines.len() > 1 { format!("{first}…") } else { first.to_string() };
            flow.marked(Mark::Content(item), |f| f.text(setup.left, baseline, style, &shown));
            let leader_from = setup.left + style.width(&shown) + 2.0;
            let leader_to = setup.left + width - number_w - 2.0;
            dotted(&mut flow, leader_from, leader_to, baseline - 0.6);
            let number_x = setup.left + width - number_w;
            flow.marked(Mark::Content(item), |f| f.text(number_x, baseline, style, &number));
            flow.advance(ENTRY_HEIGHT);
        }
    }
    flow.finish()
}

/// A dotted leader line from x1 to x2 at height y.
fn dotted(flow: &mut Flow, x1: f32, x2: f32, y: f32) {
    let mut x = x1;
    while x + 0.4 <= x2 {
        flow.push(Element::Rect { x, y, w: 0.4, h: 0.4, fill: Some(Color::GREY), stroke: None });
        x += 1.6;
    }
}

/// What the furniture of a document shows.
pub struct Running<'a> {
    /// The report's title, at the left of every running header.
    pub title: &'a str,
    /// At the right of the running header where a page has no `heads` entry.
    pub city: &'a str,
    /// Per page, what the page is about (the current 施策), at the right of its header.
    pub heads: &'a [Option<String>],
    /// The first page is a cover: no header, no folio (it still counts as page 1).
    pub cover: bool,
}

/// Adds the running header (title, and the current 施策 or the city) to every page but the
/// first, and 「- n -」 to the foot of every page but a cover; a one-page document has none.
pub fn number_pages(pages: &mut [Page], setup: PageSetup, running: &Running) {
    let small = Style::new(8.0).color(Color::GREY);
    let footer = Style::new(9.0).color(Color::GREY);
    let single = pages.len() == 1;
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            let baseline = setup.top - 6.0;
            let right = page.width - setup.right;
            let head = running.heads.get(i).and_then(Option::as_deref).unwrap_or(running.city);
            // The 施策 takes at most two thirds of the line: a very long one is cut with ….
            let head = first_line(small, head, (right - setup.left) * 2.0 / 3.0);
            let head_w = small.width(&head);
            // The title gives way to the 施策 when both do not fit on the line.
            let title_room = right - setup.left - head_w - 6.0;
            let title = first_line(small, running.title, title_room.max(0.0));
            if !title.is_empty() {
                page.push(text(setup.left, baseline, small, &title), HEADER);
            }
            if !head.is_empty() {
                page.push(text(right - head_w, baseline, small, &head), HEADER);
            }
            let y = setup.top - 4.0;
            let rule =
                Element::Line { x1: setup.left, y1: y, x2: right, y2: y, color: Color::RULE, width: 0.4 };
            page.push(rule, HEADER);
        }
        if single || (i == 0 && running.cover) {
            continue;
        }
        let number = format!("- {} -", i + 1);
        let x = (page.width - footer.width(&number)) / 2.0;
        page.push(
            text(x, page.height - setup.bottom / 2.0, footer, &number),
            Mark::Artifact(Furniture::Footer),
        );
    }
}

const HEADER: Mark = Mark::Artifact(Furniture::Header);

/// The first line of `text` in `width` mm, with … when more follows. Only the start of a
/// long text is broken: a running header shows one line of it.
fn first_line(style: Style, text: &str, width: f32) -> String {
    let start = crate::text::shorten(text, 200);
    // Cut between phrases, as a title is broken (「…進捗状況」, never 「…進」).
    let lines = style.as_title().lines(&start, width);
    match lines.first() {
        Some(first) if lines.len() > 1 => format!("{}…", first.text),
        Some(first) => first.text.clone(),
        None => String::new(),
    }
}

fn text(x: f32, baseline: f32, style: Style, text: &str) -> Element {
    crate::layout::text::run(x, baseline, style, text)
}
