//! A table set inside a row of another, across its last columns: an item's indicators
//! (指標 | 基準値 | 目標値 | 実績値 | 達成率) under the item, a row group of their own. It is
//! kept whole and with the row above it; in the structure it is a table of its own, with its
//! header cells, in a cell that spans the columns it takes.

use super::{max_lines, rule, CellLines, Laid, Row, Table, VPAD};
use crate::layout::flow::Flow;
use crate::layout::frame::{Furniture, Mark, Role, Scope};
use std::collections::HashMap;

/// A table of its own in a row of another.
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    /// The first column of the row it takes; it takes the rest.
    pub from: usize,
    /// Its columns (their widths set by [`Table::fit_insets`]) and styles.
    pub table: Table,
    /// Its rows.
    pub rows: Vec<Row>,
}

impl Inset {
    /// Its rows broken into lines, and its height: header and rows.
    pub(super) fn lay(&self) -> (Laid, f32) {
        let laid = self.table.lay(std::slice::from_ref(&self.rows)).pop().unwrap_or_else(Laid::empty);
        let height = self.table.whole_height(&laid);
        (laid, height)
    }
}

impl Table {
    /// Sizes the columns of the insets of `rows` to the width of the columns of this table
    /// (sized already) that they take. Insets with the same columns are sized together, on the
    /// text of all of them, so that they line up from item to item.
    pub fn fit_insets<'r>(&self, rows: impl IntoIterator<Item = &'r mut Row>) {
        let mut groups: HashMap<(usize, Vec<String>), Vec<&mut Inset>> = HashMap::new();
        for inset in rows.into_iter().filter_map(|r| r.inset.as_deref_mut()) {
            let titles = inset.table.columns.iter().map(|c| c.title.clone()).collect();
            groups.entry((inset.from, titles)).or_default().push(inset);
        }
        for ((from, _), mut insets) in groups {
            let width: f32 = self.columns.iter().skip(from).map(|c| c.width).sum();
            let mut fitted = insets[0].table.clone();
            fitted.fit(insets.iter().flat_map(|i| &i.rows), width);
            for inset in &mut insets {
                for (col, fit) in inset.table.columns.iter_mut().zip(&fitted.columns) {
                    col.width = fit.width;
                }
            }
        }
    }

    /// Draws a row holding `inset`, `height` mm tall: the cells left of it (blank, or
    /// 「（続き）」 and the item's name at the top of a page: `cells`), then the inset across
    /// the rest, a table in a cell that spans the columns it takes.
    pub(super) fn draw_inset(
        &self,
        flow: &mut Flow,
        inset: &Inset,
        cells: &mut [CellLines],
        (laid, height): (Laid, f32),
        joins_above: bool,
    ) {
        let top = flow.y();
        let from = inset.from.min(self.columns.len());
        let lh = self.body_style.line_height();
        let tr = flow.node(Role::Row);
        flow.inside(tr, |flow| {
            let mut x = flow.setup.left;
            for (i, (col, cell)) in self.columns[..from].iter().zip(cells.iter_mut()).enumerate() {
                let role = match i == self.label_col {
                    true => Role::HeaderCell { scope: Scope::Row },
                    false => Role::Cell,
                };
                let node = flow.node(role);
                if !(joins_above && col.spans_joined) {
                    flow.push(rule(x, top, x + col.width, top));
                }
                flow.push(rule(x, top, x, top + height));
                flow.marked(Mark::Content(node), |f| f.placeholder(self.body_style));
                for (k, l) in cell.drain(..).enumerate() {
                    let mark = match l.tag {
                        super::Tag::Repeated => Mark::Artifact(Furniture::Pagination),
                        _ => Mark::Content(node),
                    };
                    let baseline = top + VPAD + k as f32 * lh + l.style.baseline_offset();
                    let left = x + super::PAD + l.line.indent;
                    let run = crate::layout::text::spaced_run(left, baseline, l.style, l.line.text, l.spaces);
                    flow.marked(mark, |f| f.push(run));
                }
                x += col.width;
            }
            let columns = (self.columns.len() - from) as u32;
            let cell = flow.node(Role::WideCell { columns });
            // The inset's own drawing starts at the page's left margin: moved to its column.
            let dx = x - flow.setup.left;
            flow.setup.left += dx;
            flow.inside(cell, |flow| inset.table.place_whole(flow, laid));
            flow.setup.left -= dx;
            let right: f32 = x + inset.table.columns.iter().map(|c| c.width).sum::<f32>();
            flow.push(rule(x, top + height, right, top + height));
        });
    }

    /// Places `laid` (all of it: the caller saw it fits) as a table: its header row, then
    /// its rows, the first column heading each.
    fn place_whole(&self, flow: &mut Flow, laid: Laid) {
        let table = flow.node(Role::Table);
        flow.inside(table, |flow| {
            let header = flow.node(Role::Row);
            flow.inside(header, |f| self.draw_header(f, true));
            for mut cells in laid.rows {
                let nodes = self.row_nodes(flow, &mut cells);
                let lines = max_lines(&cells);
                self.draw_fragment(flow, &mut cells, &nodes, lines, false, true);
            }
        });
    }
}
