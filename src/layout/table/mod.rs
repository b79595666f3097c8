//! Tables across pages: column widths from content ([`super::columns`]), wrapped cells, the
//! header repeated on every page under a caption naming what continues, rows split between
//! pages only at line boundaries and only when moving them would leave much of a page empty
//! (the rest marked 「（続き）」), and sub-rows joined to the row above (a plan item with one
//! line per reporting department).
//!
//! A table of [`KEEP_ROWS`] rows or fewer, at most half a page tall, is kept whole where that
//! costs little: it moves whole to the next page only when less than [`MOVE_SHARE`] of the page
//! is left under it (a heading above it goes along, through [`Table::lead_height`]); with more
//! left it starts there with at least its first [`KEEP_LEAD_ROWS`] rows and continues on the
//! next page as any table does, with at least as many, so no page is left half empty before it. The short end of a
//! group of joined rows (a note, an indicator) is not carried over alone: the row above it
//! goes along.

mod fit;
mod inset;
mod keep;

pub use inset::Inset;

use super::flow::Flow;
use super::frame::{Color, Element, Furniture, Mark, Role, Scope};
use super::linebreak::Line;
use super::text::Style;
use rayon::prelude::*;

/// Cell padding left and right, in mm.
const PAD: f32 = 1.4;
/// Padding above and below a cell's lines, in mm: the line box already holds a quarter em of
/// leading on each side.
const VPAD: f32 = 1.0;
/// Rule width in points.
const RULE: f32 = 0.5;
/// Fewest lines of a row left on a page, or carried to the next, when a row is split; also
/// the most lines of joined rows ending a group that are kept with the row above them.
const MIN_LINES: usize = 2;
/// Most rows of a table that is kept whole on one page (when it fits on one).
pub const KEEP_ROWS: usize = 10;
/// The part of a page's body that a table kept whole may leave empty by moving to the next
/// page: with more space left it splits there rather (a short table that moves whole from
/// half a page leaves the lower half of the page blank, which publications avoid).
const MOVE_SHARE: f32 = 0.25;
/// Fewest rows a table kept whole where it fits starts with on a page, when it splits
/// because moving would leave too much of the page empty: its header above one row alone
/// reads as a stray.
const KEEP_LEAD_ROWS: usize = 2;

/// How a column's text sits in its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
}

/// How a column's width is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sizing {
    /// From its content; `weight` (1 by default) scales its part of the free width.
    Auto {
        /// Its share of the free width (1 by default).
        weight: f32,
    },
    /// Pinned, in mm.
    Fixed(f32),
}

/// A column: its header title, width in mm, alignment, whether its cells span the sub-rows of
/// a joined row (no rule between them), how its width is chosen and whether every line of
/// its cells is a name to keep whole (関係部署, 主体).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Width in mm, once chosen.
    pub width: f32,
    /// Alignment of its cells.
    pub align: Align,
    /// Whether its cells span the sub-rows of a joined row.
    pub spans_joined: bool,
    /// How its width is chosen.
    pub sizing: Sizing,
    /// Whether every line of its cells is a name to keep whole.
    pub names: bool,
}

impl Column {
    /// A column sized from its content, left-aligned, not spanning joined rows.
    pub fn auto(title: &str, align: Align) -> Column {
        Column {
            title: title.to_string(),
            width: 0.0,
            align,
            spans_joined: false,
            sizing: Sizing::Auto { weight: 1.0 },
            names: false,
        }
    }
}

/// One cell's text and style.
#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    /// The text.
    pub text: String,
    /// How it is set.
    pub style: Style,
}

/// One table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its cells, one per column.
    pub cells: Vec<CellText>,
    /// Continues the row above (same item, another department): the spanning columns show
    /// no rule between the two.
    pub joined: bool,
    /// What a continuation on a new page repeats in the label column (the item's name).
    pub label: String,
    /// A table of its own set in the row across its last columns (an item's indicators),
    /// kept whole and with the row above.
    pub inset: Option<Box<Inset>>,
}

/// A table's columns and styles.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// Style of the header row.
    pub header_style: Style,
    /// Style of the body rows.
    pub body_style: Style,
    /// The column where 「（続き）」 and the label of a continued row appear.
    pub label_col: usize,
}

/// A cell broken into lines.
type CellLines = Vec<CellLine>;

/// A line of a cell with its style, what it is in the structure, and the spaces between its
/// characters (JLReq), found where the rows are broken on every core rather than when the
/// line is placed.
struct CellLine {
    line: Line,
    style: Style,
    tag: Tag,
    spaces: Vec<(u32, f32)>,
}

impl CellLine {
    fn new(line: Line, style: Style, tag: Tag) -> CellLine {
        let spaces = style.spaces(&line.text);
        CellLine { line, style, tag, spaces }
    }
}

/// Rows of a table broken into lines for its column widths, ready to be placed
/// ([`Table::place`]). Breaking depends on the widths only, so [`Table::lay`] breaks many rows
/// on every core at once, while placing them on pages stays in order on one thread.
pub struct Laid {
    /// Per row, its cells' lines.
    rows: Vec<Vec<CellLines>>,
    /// Per row, whether it is joined to the row above.
    joined: Vec<bool>,
    /// Per row, its inset's rows broken into lines, and the inset's height.
    insets: Vec<Option<(Laid, f32)>>,
}

impl Laid {
    fn empty() -> Laid {
        Laid { rows: Vec::new(), joined: Vec::new(), insets: Vec::new() }
    }

    /// Per row, whether it holds an inset.
    fn has_inset(&self) -> Vec<bool> {
        self.insets.iter().map(Option::is_some).collect()
    }
}

/// What a line of a cell is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tag {
    /// Text of its cell, in a cell without ・ bullets (until the row's nodes are made).
    Own,
    /// A line of `paragraph` of a cell with ・ bullets; `bullet` when the paragraph is one,
    /// `first` on its first line (until the row's nodes are made).
    Part { paragraph: usize, bullet: bool, first: bool },
    /// Content of this node (a cell, or a paragraph or list body in it).
    Node(usize),
    /// The first line of a ・ list item: its mark the label, the rest the body.
    Bullet { label: usize, body: usize },
    /// Repeated for pagination (「（続き）」 and the label above it on a later page):
    /// furniture, not content.
    Repeated,
}

/// The mark that opens a list item in a cell, as in the koho highlights.
const BULLET: char = '・';

impl Table {
    /// Height of the header row, in mm.
    pub fn header_height(&self) -> f32 {
        let lines = self
            .columns
            .iter()
            .map(|c| self.header_style.as_title().lines(&c.title, c.width - 2.0 * PAD).len())
            .max()
            .unwrap_or(1);
        lines as f32 * self.header_style.line_height() + 2.0 * VPAD
    }

    /// The rows of several tables with these columns (the goals of a section), each broken
    /// into lines on every core at once: one goal's few rows alone would keep a second core
    /// idle most of the time.
    ///
    /// ```
    /// use kyodo::layout::table::{Align, CellText, Column, Row, Table};
    /// use kyodo::layout::text::Style;
    /// let body = Style::new(9.0);
    /// let table = Table {
    ///     columns: vec![Column { width: 40.0, ..Column::auto("内容", Align::Left) }],
    ///     header_style: body.bold(),
    ///     body_style: body,
    ///     label_col: 0,
    /// };
    /// let row = |text: &str| Row {
    ///     cells: vec![CellText { text: text.into(), style: body }],
    ///     joined: false,
    ///     label: String::new(),
    ///     inset: None,
    /// };
    /// let laid = table.lay(&[vec![row("一行")], vec![row("一行目\n二行目\n三行目"), row("")]]);
    /// assert_eq!(laid.len(), 2);
    /// assert!(table.lead_height(&laid[1], 250.0) > table.lead_height(&laid[0], 250.0));
    /// ```
    pub fn lay<R: AsRef<[Row]>>(&self, tables: &[R]) -> Vec<Laid> {
        let rows: Vec<&Row> = tables.iter().flat_map(|t| t.as_ref()).collect();
        let mut laid = rows
            .par_iter()
            .map(|row| (self.lay_row(row), row.inset.as_ref().map(|i| i.lay())))
            .collect::<Vec<_>>()
            .into_iter();
        tables
            .iter()
            .map(|t| {
                let (rows, insets) = laid.by_ref().take(t.as_ref().len()).unzip();
                Laid { rows, joined: t.as_ref().iter().map(|r| r.joined).collect(), insets }
            })
            .collect()
    }

    /// Places the rows, starting where the flow stands. On every page after the first the
    /// header is repeated under `caption` (「施策3 …／■…（続き）」): a table continued on
    /// another page always says what it continues.
    pub fn place(&self, flow: &mut Flow, rows: &[Row], caption: &str) {
        let laid = self.lay(&[rows]).pop().unwrap_or_else(Laid::empty);
        self.place_laid(flow, rows, laid, caption);
    }

    /// [`Table::place`] for rows already broken into lines by [`Table::lay`].
    pub fn place_laid(&self, flow: &mut Flow, rows: &[Row], laid: Laid, caption: &str) {
        let table = flow.node(Role::Table);
        flow.inside(table, |flow| self.place_rows(flow, rows, laid, caption));
    }

    fn place_rows(&self, flow: &mut Flow, rows: &[Row], laid: Laid, caption: &str) {
        // The header row comes first in the structure, drawn or not yet.
        let header_row = flow.node(Role::Row);
        let mut header_page = None;
        let caption_style = self.body_style.bold().color(Color::GREY).as_title();
        let width: f32 = self.columns.iter().map(|c| c.width).sum();
        let caption_height = Flow::paragraph_height(caption, caption_style, width) + 1.0;
        // A small table starts where all of it fits, unless that leaves much of a page empty.
        let lead = self.lead_height(&laid, flow.setup.body_height());
        let kept = self.kept_whole(&laid, flow.setup.body_height());
        let heights = self.heights(&laid);
        // Where a table kept whole that starts on a page it does not fit breaks early, so that
        // the next page gets at least KEEP_LEAD_ROWS of its rows.
        let mut break_before = None;
        let has_inset = laid.has_inset();
        let mut insets = laid.insets.into_iter();
        let joined = laid.joined;
        // Where the rows of a page that the table starts at its top begin: a row there that
        // does not fit is split, as no later page would hold more of it.
        let mut fresh_top = None;
        let mut header_bottom = f32::NAN;
        for (i, (row, mut cells)) in rows.iter().zip(laid.rows).enumerate() {
            let mut inset = insets.next().flatten();
            // A row holding an inset makes its nodes as it is drawn, whole.
            let nodes = match inset {
                Some(_) => Vec::new(),
                None => self.row_nodes(flow, &mut cells),
            };
            let mut split = false; // part of this row is already on an earlier page
            if break_before == Some(i) && header_page == Some(flow.page()) {
                self.close(flow);
                flow.new_page();
            }
            loop {
                if header_page != Some(flow.page()) {
                    let continued = header_page.is_some();
                    let lead = match continued {
                        false => lead,
                        true => {
                            self.header_height()
                                + self.row_lead(&heights, &joined, &has_inset, i, max_lines(&cells))
                        }
                    };
                    flow.ensure(lead + if continued { caption_height } else { 0.0 });
                    let page_top = flow.at_top();
                    // What a later page repeats is furniture: the table has one header row.
                    let repeat = Mark::Artifact(Furniture::Pagination);
                    if continued {
                        flow.marked(repeat, |f| f.wrapped(caption, caption_style, 0.0, width));
                        flow.advance(1.0);
                    }
                    if continued {
                        flow.marked(repeat, |f| self.draw_header(f, false));
                    } else {
                        flow.inside(header_row, |f| self.draw_header(f, true));
                    }
                    header_bottom = flow.y();
                    if kept && !continued {
                        break_before = self.early_break(&heights, flow.space_left());
                    }
                    header_page = Some(flow.page());
                    fresh_top = page_top.then_some(flow.y());
                    if split || row.joined {
                        self.mark_continuation(row, &mut cells);
                    }
                }
                let at_top = fresh_top.is_some_and(|y| flow.y() <= y + 0.01);
                let joins_above = row.joined && !at_top && !split;
                if let (Some(own), Some((_, height))) = (row.inset.as_deref(), &inset) {
                    // Kept whole: it moves to the next page unless it starts one.
                    if *height <= flow.space_left() + 0.01 || at_top {
                        let laid = inset.take().expect("an inset laid out with its row");
                        self.draw_inset(flow, own, &mut cells, laid, joins_above);
                        break;
                    }
                    self.close(flow);
                    flow.new_page();
                    continue;
                }
                let lines = max_lines(&cells);
                let fit = self.lines_that_fit(flow.space_left());
                if lines <= fit {
                    // The short end of this row's group would go to the next page alone: this
                    // row goes with it, when both fit on a fresh page.
                    let tail = self.short_tail(&heights, &joined, &has_inset, i);
                    let with_tail = heights[i] + tail;
                    let keep_with_tail = tail > 0.0
                        && !at_top
                        && !split
                        && with_tail > flow.space_left()
                        && with_tail + self.header_height() + caption_height <= flow.setup.body_height();
                    if !keep_with_tail {
                        self.draw_fragment(flow, &mut cells, &nodes, lines, joins_above, !split);
                        break;
                    }
                    self.close(flow);
                    flow.new_page();
                    continue;
                }
                // Right under a header, a row that can split does: moving it would leave the
                // header (and the heading above it) alone at the foot of the page.
                let under_header = flow.y() <= header_bottom + 0.01;
                let can_split = fit >= MIN_LINES && lines - fit >= MIN_LINES;
                if at_top || (under_header && can_split) || self.splits_here(flow, lines, fit, caption_height)
                {
                    self.draw_fragment(flow, &mut cells, &nodes, fit.max(1), joins_above, !split);
                    split = true;
                }
                self.close(flow);
                flow.new_page();
            }
        }
        self.close(flow);
    }

    /// Whether a row of `lines` lines, of which `fit` fit on this page, is split here rather
    /// than moved whole to the next page: only at a line boundary with at least two lines on
    /// each side, and only when it could not go whole onto a fresh page or moving it would
    /// leave more than a third of this page empty.
    fn splits_here(&self, flow: &Flow, lines: usize, fit: usize, caption_height: f32) -> bool {
        if fit < MIN_LINES || lines - fit < MIN_LINES {
            return false;
        }
        let fresh = self.lines_that_fit(flow.setup.body_height() - caption_height - self.header_height());
        lines > fresh || flow.space_left() > flow.setup.body_height() / 3.0
    }

    /// Lines of body text that fit in `space` mm.
    fn lines_that_fit(&self, space: f32) -> usize {
        ((space - 2.0 * VPAD + 0.01) / self.body_style.line_height()).floor().max(0.0) as usize
    }

    fn fragment_height(&self, lines: usize) -> f32 {
        lines as f32 * self.body_style.line_height() + 2.0 * VPAD
    }

    /// A row's cells broken into lines. A cell shorter than the row's tallest may take a line
    /// more to break between phrases (「広報紙／「つしま」で」 rather than 「広報紙「つし／ま」で」):
    /// the row grows no taller for it.
    fn lay_row(&self, row: &Row) -> Vec<CellLines> {
        let columns = row.cells.iter().zip(&self.columns);
        let mut cells: Vec<CellLines> =
            columns.clone().map(|(cell, col)| lay_cell(cell, text_width(col), false)).collect();
        let tallest = max_lines(&cells);
        for ((cell, col), lines) in columns.zip(&mut cells) {
            if (2..tallest).contains(&lines.len()) {
                let loose = lay_cell(cell, text_width(col), true);
                if loose.len() <= tallest {
                    *lines = loose;
                }
            }
        }
        cells
    }

    /// A row's node and its cells' nodes: the label column's cells head their rows (they
    /// name the item), the others are data.
    /// A cell with ・ bullets holds paragraphs and lists (L › LI › Lbl + LBody) in reading
    /// order; the lines of `cells` are told which node they belong to.
    fn row_nodes(&self, flow: &mut Flow, cells: &mut [CellLines]) -> Vec<usize> {
        let tr = flow.node(Role::Row);
        flow.inside(tr, |flow| {
            cells
                .iter_mut()
                .enumerate()
                .map(|(i, cell)| {
                    let role =
                        if i == self.label_col { Role::HeaderCell { scope: Scope::Row } } else { Role::Cell };
                    let node = flow.node(role);
                    flow.inside(node, |flow| cell_nodes(flow, node, cell));
                    node
                })
                .collect()
        })
    }

    /// Draws the header row: its titles as column header cells when `cells` (the first
    /// time), else with the flow's mark.
    fn draw_header(&self, flow: &mut Flow, cells: bool) {
        let top = flow.y();
        let h = self.header_height();
        let mut x = flow.setup.left;
        for col in &self.columns {
            flow.push(Element::Rect {
                x,
                y: top,
                w: col.width,
                h,
                fill: Some(Color::HEADER_FILL),
                stroke: Some((Color::RULE, RULE)),
            });
            let lines = self.header_style.as_title().lines(&col.title, col.width - 2.0 * PAD);
            let block = lines.len() as f32 * self.header_style.line_height();
            let y = top + (h - block) / 2.0;
            let draw = |flow: &mut Flow| {
                for (i, line) in lines.iter().enumerate() {
                    let lx = x + (col.width - line.width) / 2.0;
                    let baseline =
                        y + i as f32 * self.header_style.line_height() + self.header_style.baseline_offset();
                    flow.text(lx, baseline, self.header_style, &line.text);
                }
            };
            if cells {
                flow.block(Role::HeaderCell { scope: Scope::Column }, draw);
            } else {
                draw(flow);
            }
            x += col.width;
        }
        flow.advance(h);
    }

    /// Draws the first `lines` lines of every cell as content of its node in `nodes`, and
    /// removes them from `cells`. A row that `joins_above` draws no rule above its spanning
    /// columns. On a row's `first` fragment a blank cell gets an empty run, to stay a cell.
    fn draw_fragment(
        &self,
        flow: &mut Flow,
        cells: &mut [CellLines],
        nodes: &[usize],
        lines: usize,
        joins_above: bool,
        first: bool,
    ) {
        let top = flow.y();
        let h = self.fragment_height(lines);
        let lh = self.body_style.line_height();
        let mut x = flow.setup.left;
        for ((col, cell), &node) in self.columns.iter().zip(cells.iter_mut()).zip(nodes) {
            if !(joins_above && col.spans_joined) {
                flow.push(rule(x, top, x + col.width, top));
            }
            flow.push(rule(x, top, x, top + h));
            if first && cell.is_empty() {
                flow.marked(Mark::Content(node), |f| f.placeholder(self.body_style));
            }
            let take = lines.min(cell.len());
            for (i, CellLine { line, style, tag, spaces }) in cell.drain(..take).enumerate() {
                let indent = match col.align {
                    Align::Left => line.indent,
                    Align::Center => (col.width - 2.0 * PAD - line.width) / 2.0,
                };
                let baseline = top + VPAD + i as f32 * lh + style.baseline_offset();
                let left = x + PAD + indent;
                let mark = match tag {
                    Tag::Bullet { label, body } => {
                        flow.bullet_line(left, baseline, style, &line.text, (label, body));
                        continue;
                    }
                    Tag::Repeated => Mark::Artifact(Furniture::Pagination),
                    Tag::Node(n) => Mark::Content(n),
                    Tag::Own | Tag::Part { .. } => Mark::Content(node),
                };
                if !line.text.is_empty() {
                    let run = super::text::spaced_run(left, baseline, style, line.text, spaces);
                    flow.marked(mark, |f| f.push(run));
                }
            }
            x += col.width;
        }
        flow.push(rule(x, top, x, top + h));
        flow.advance(h);
    }

    /// Puts 「（続き）」 (and the row's label when that cell has nothing left) at the top of the
    /// label column.
    fn mark_continuation(&self, row: &Row, cells: &mut [CellLines]) {
        let col = &self.columns[self.label_col];
        let marker = self.body_style.color(Color::GREY);
        let cell = &mut cells[self.label_col];
        if cell.is_empty() && !row.label.is_empty() {
            *cell = marker
                .lines(&row.label, text_width(col))
                .into_iter()
                .map(|l| CellLine::new(l, marker, Tag::Repeated))
                .collect();
        }
        let mark = marker.lines("（続き）", text_width(col));
        cell.splice(0..0, mark.into_iter().map(|l| CellLine::new(l, marker, Tag::Repeated)));
    }

    /// The bottom rule under the last row placed on a page.
    fn close(&self, flow: &mut Flow) {
        let y = flow.y();
        let left = flow.setup.left;
        let width: f32 = self.columns.iter().map(|c| c.width).sum();
        flow.push(rule(left, y, left + width, y));
    }
}

/// A cell's lines. A cell with a ・ bullet is broken paragraph by paragraph (a hard break ends
/// a line either way, so the lines are the same), each line knowing its paragraph. A `loose`
/// cell is broken between phrases as a title is, perhaps in a line more.
fn lay_cell(cell: &CellText, width: f32, loose: bool) -> CellLines {
    let style = cell.style;
    let breaking = if loose { style.as_title() } else { style };
    if !cell.text.split('\n').any(|p| p.starts_with(BULLET)) {
        let lines = breaking.lines(&cell.text, width);
        let own = lines.into_iter().filter(|l| !(l.text.is_empty() && cell.text.is_empty()));
        return own.map(|l| CellLine::new(l, style, Tag::Own)).collect();
    }
    let mut out = Vec::new();
    for (paragraph, text) in cell.text.split('\n').enumerate() {
        let bullet = text.starts_with(BULLET);
        for (i, line) in breaking.lines(text, width).into_iter().enumerate() {
            // An empty line draws nothing: no node of its own.
            let tag = match text.is_empty() {
                true => Tag::Own,
                false => Tag::Part { paragraph, bullet, first: i == 0 },
            };
            out.push(CellLine::new(line, style, tag));
        }
    }
    out
}

/// The nodes under a cell with ・ bullets: a paragraph for each other paragraph, a list for
/// each run of bullets. Each line is told its node.
fn cell_nodes(flow: &mut Flow, cell_node: usize, cell: &mut CellLines) {
    let (mut list, mut current) = (None, None::<(usize, Tag)>);
    for CellLine { line, style, tag, .. } in cell.iter_mut() {
        let Tag::Part { paragraph, bullet, first } = *tag else { continue };
        if first {
            current = Some(match bullet {
                true => {
                    let l = *list.get_or_insert_with(|| flow.node(Role::List));
                    let li = flow.inside(l, |f| f.node(Role::ListItem));
                    // A mark set close to what follows (・「) stays in the body's run.
                    let apart = crate::layout::flow::label_apart(*style, &line.text);
                    let label = apart.then(|| flow.inside(li, |f| f.node(Role::Label)));
                    let body = flow.inside(li, |f| f.node(Role::ListBody));
                    match label {
                        Some(label) => (paragraph, Tag::Bullet { label, body }),
                        None => (paragraph, Tag::Node(body)),
                    }
                }
                false => {
                    list = None;
                    (paragraph, Tag::Node(flow.node(Role::Paragraph)))
                }
            });
        }
        *tag = match current {
            Some((p, Tag::Bullet { label, body })) if p == paragraph => match first {
                true => Tag::Bullet { label, body },
                false => Tag::Node(body),
            },
            Some((p, node)) if p == paragraph => node,
            _ => Tag::Node(cell_node),
        };
    }
}

/// Width a cell's text is broken to: the whole measure between the paddings, so a box of n
/// ems holds n full-width characters. A line-end 、。 that hangs (ぶら下げ) sets its ink, the
/// left half of its em, in the padding.
fn text_width(col: &Column) -> f32 {
    col.width - 2.0 * PAD
}

/// Lines of a row that must go with the header (and a heading): the whole row when it is too
/// short to split with two lines on each side, else two.
fn lead_lines(lines: usize) -> usize {
    if lines < 2 * MIN_LINES {
        lines
    } else {
        MIN_LINES
    }
}

fn max_lines(cells: &[CellLines]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

fn rule(x1: f32, y1: f32, x2: f32, y2: f32) -> Element {
    Element::Line { x1, y1, x2, y2, color: Color::RULE, width: RULE }
}

#[cfg(test)]
mod tests;
