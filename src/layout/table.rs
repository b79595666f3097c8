//! Tables across pages: wrapped cells, the header repeated on every page, rows split between
//! pages when they do not fit (the rest marked 「（続き）」), and sub-rows joined to the row
//! above (a plan item with one line per reporting department).

use super::flow::Flow;
use super::frame::{Color, Element};
use super::linebreak::Line;
use super::text::Style;

/// Cell padding in mm.
const PAD: f32 = 1.4;
/// Rule width in points.
const RULE: f32 = 0.5;
/// Fewest lines of a row left on a page, or carried to the next, when a row is split.
const MIN_LINES: usize = 2;

/// How a column's text sits in its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

/// A column: its header title, width in mm, alignment, and whether its cells span the
/// sub-rows of a joined row (no rule between them).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
    pub spans_joined: bool,
}

/// One cell's text and style.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

/// One table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Continues the row above (same item, another department): the spanning columns show
    /// no rule between the two.
    pub joined: bool,
    /// What a continuation on a new page repeats in the label column (the item's name).
    pub label: String,
}

/// A table's columns and styles.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header_style: Style,
    pub body_style: Style,
    /// The column where 「（続き）」 and the label of a continued row appear.
    pub label_col: usize,
}

/// A cell broken into lines, each with its style.
type CellLines = Vec<(Line, Style)>;

impl Table {
    /// Height of the header row, in mm.
    pub fn header_height(&self) -> f32 {
        let lines = self
            .columns
            .iter()
            .map(|c| self.header_style.lines(&c.title, c.width - 2.0 * PAD).len())
            .max()
            .unwrap_or(1);
        lines as f32 * self.header_style.line_height() + 2.0 * PAD
    }

    /// Height the table needs at the foot of a page so that a heading above it is not left
    /// alone: the header and the first lines of the first row.
    pub fn lead_height(&self, first: Option<&Row>) -> f32 {
        let lines = first.map_or(1, |r| max_lines(&self.lay(r)).min(MIN_LINES));
        self.header_height() + self.fragment_height(lines)
    }

    /// Places the rows, starting where the flow stands.
    pub fn place(&self, flow: &mut Flow, rows: &[Row]) {
        let mut header_page = None;
        for row in rows {
            let mut cells = self.lay(row);
            let mut split = false; // part of this row is already on an earlier page
            loop {
                if header_page != Some(flow.page()) {
                    flow.ensure(
                        self.header_height() + self.fragment_height(max_lines(&cells).min(MIN_LINES)),
                    );
                    self.draw_header(flow);
                    header_page = Some(flow.page());
                    if split || row.joined {
                        self.mark_continuation(row, &mut cells);
                    }
                }
                let at_top = flow.y() <= flow.setup.top + self.header_height() + 0.01;
                let joins_above = row.joined && !at_top && !split;
                let lines = max_lines(&cells);
                let fit = self.lines_that_fit(flow.space_left());
                if lines <= fit {
                    self.draw_fragment(flow, &mut cells, lines, joins_above);
                    break;
                }
                // Split only where both parts keep a few lines; a fresh page always takes what
                // fits, so a row taller than a page still moves on.
                if (fit >= MIN_LINES && lines - fit >= MIN_LINES) || at_top {
                    self.draw_fragment(flow, &mut cells, fit.max(1), joins_above);
                    split = true;
                }
                self.close(flow);
                flow.new_page();
            }
        }
        self.close(flow);
    }

    /// Lines of body text that fit in `space` mm.
    fn lines_that_fit(&self, space: f32) -> usize {
        ((space - 2.0 * PAD + 0.01) / self.body_style.line_height()).floor().max(0.0) as usize
    }

    fn fragment_height(&self, lines: usize) -> f32 {
        lines as f32 * self.body_style.line_height() + 2.0 * PAD
    }

    fn lay(&self, row: &Row) -> Vec<CellLines> {
        row.cells
            .iter()
            .zip(&self.columns)
            .map(|(cell, col)| {
                let lines = cell.style.lines(&cell.text, text_width(col, cell.style));
                lines
                    .into_iter()
                    .filter(|l| !(l.text.is_empty() && cell.text.is_empty()))
                    .map(|l| (l, cell.style))
                    .collect()
            })
            .collect()
    }

    fn draw_header(&self, flow: &mut Flow) {
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
            let lines = self.header_style.lines(&col.title, col.width - 2.0 * PAD);
            let block = lines.len() as f32 * self.header_style.line_height();
            let mut y = top + (h - block) / 2.0;
            for line in lines {
                let lx = x + (col.width - line.width) / 2.0;
                flow.text(lx, y + self.header_style.baseline_offset(), self.header_style, &line.text);
                y += self.header_style.line_height();
            }
            x += col.width;
        }
        flow.advance(h);
    }

    /// Draws the first `lines` lines of every cell and removes them from `cells`. A row that
    /// `joins_above` draws no rule above its spanning columns.
    fn draw_fragment(&self, flow: &mut Flow, cells: &mut [CellLines], lines: usize, joins_above: bool) {
        let top = flow.y();
        let h = self.fragment_height(lines);
        let lh = self.body_style.line_height();
        let mut x = flow.setup.left;
        for (col, cell) in self.columns.iter().zip(cells.iter_mut()) {
            if !(joins_above && col.spans_joined) {
                flow.push(rule(x, top, x + col.width, top));
            }
            flow.push(rule(x, top, x, top + h));
            let take = lines.min(cell.len());
            for (i, (line, style)) in cell.drain(..take).enumerate() {
                let indent = match col.align {
                    Align::Left => line.indent,
                    Align::Center => (col.width - 2.0 * PAD - line.width) / 2.0,
                };
                let baseline = top + PAD + i as f32 * lh + style.baseline_offset();
                flow.text(x + PAD + indent, baseline, style, &line.text);
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
            *cell =
                marker.lines(&row.label, text_width(col, marker)).into_iter().map(|l| (l, marker)).collect();
        }
        let mark = marker.lines("（続き）", text_width(col, marker));
        cell.splice(0..0, mark.into_iter().map(|l| (l, marker)));
    }

    /// The bottom rule under the last row placed on a page.
    fn close(&self, flow: &mut Flow) {
        let y = flow.y();
        let left = flow.setup.left;
        let width: f32 = self.columns.iter().map(|c| c.width).sum();
        flow.push(rule(left, y, left + width, y));
    }
}

/// Width a cell's text is broken to. A line-end 、。 may hang past it (ぶら下げ); the part of
/// an em held back here keeps the hanging mark's ink inside the cell's padding.
fn text_width(col: &Column, style: Style) -> f32 {
    col.width - 2.0 * PAD - 0.3 * style.advance('あ')
}

fn max_lines(cells: &[CellLines]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

fn rule(x1: f32, y1: f32, x2: f32, y2: f32) -> Element {
    Element::Line { x1, y1, x2, y2, color: Color::RULE, width: RULE }
}
