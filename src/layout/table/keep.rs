//! What of a table must stay together: the lead a heading above it is kept with, a short
//! table kept whole where moving it costs little, the short end of a group of joined rows
//! carried with the row above ([`super`]'s module doc gives the rules).

use super::{lead_lines, max_lines, Laid, Table, KEEP_LEAD_ROWS, KEEP_ROWS, MIN_LINES, MOVE_SHARE};

impl Table {
    /// Height the table needs at the foot of a page `page` mm tall (its body) so that a heading
    /// above it is not left alone: the header and the first lines of the first of its `laid`
    /// rows; for a table kept whole ([`Table::kept_whole`]), the whole table, or where more
    /// than [`MOVE_SHARE`] of a page is left (this height is at most that), its header and
    /// first [`KEEP_LEAD_ROWS`] rows. So the flow moves it whole exactly when it does not fit
    /// and less than that share of the page is left. A table of fewer than twice
    /// [`KEEP_LEAD_ROWS`] rows always moves whole: it cannot leave that many on each page.
    pub fn lead_height(&self, laid: &Laid, page: f32) -> f32 {
        let heights = self.heights(laid);
        let (joined, insets) = (&laid.joined, &laid.has_inset());
        let lines = |i: usize| laid.rows.get(i).map_or(1, |cells| max_lines(cells));
        let first = self.header_height() + self.row_lead(&heights, joined, insets, 0, lines(0));
        if !self.kept_whole(laid, page) {
            return first;
        }
        let whole = self.whole_height(laid);
        if heights.len() < 2 * KEEP_LEAD_ROWS {
            return whole; // too few rows to leave enough on each page
        }
        let before: f32 = heights[..KEEP_LEAD_ROWS - 1].iter().sum();
        let last = KEEP_LEAD_ROWS - 1;
        let start =
            self.header_height() + before + self.row_lead(&heights, joined, insets, last, lines(last));
        whole.min(start.max(page * MOVE_SHARE))
    }

    /// Whether the table is kept whole on one page of a body `page` mm tall where moving it
    /// costs little ([`Table::lead_height`]): [`KEEP_ROWS`] rows or fewer, at most half a page
    /// tall. A taller one splits as any table does: moving it whole would leave more than half
    /// a page empty.
    pub(super) fn kept_whole(&self, laid: &Laid, page: f32) -> bool {
        laid.rows.len() <= KEEP_ROWS && self.whole_height(laid) <= page / 2.0
    }

    /// Each row's height, whole (a row with an inset: the inset's).
    pub(super) fn heights(&self, laid: &Laid) -> Vec<f32> {
        let insets = laid.insets.iter().map(|i| i.as_ref().map(|(_, h)| *h));
        laid.rows
            .iter()
            .zip(insets.chain(std::iter::repeat(None)))
            .map(|(cells, inset)| inset.unwrap_or_else(|| self.fragment_height(max_lines(cells))))
            .collect()
    }

    /// What of row `i` (of `lines` lines) must fit under a header: the row and the short end
    /// of its group that goes with it (see `short_tail`), else its first lines.
    pub(super) fn row_lead(
        &self,
        heights: &[f32],
        joined: &[bool],
        insets: &[bool],
        i: usize,
        lines: usize,
    ) -> f32 {
        let tail = self.short_tail(heights, joined, insets, i);
        if tail > 0.0 {
            heights.get(i).copied().unwrap_or(0.0) + tail
        } else {
            self.fragment_height(lead_lines(lines))
        }
    }

    /// Height of the joined rows that end the group of row `i` (the rows after it up to the
    /// next row that is not joined) when they are short (at most [`MIN_LINES`] lines of rows
    /// together); 0 otherwise.
    /// An inset ([`Row::inset`]) right under row `i` is kept with it, however tall.
    pub(super) fn short_tail(&self, heights: &[f32], joined: &[bool], insets: &[bool], i: usize) -> f32 {
        let end = joined.iter().skip(i + 1).take_while(|j| **j).count();
        let tail: f32 = heights.iter().skip(i + 1).take(end).sum();
        if end > 0 && tail <= MIN_LINES as f32 * self.fragment_height(1) + 0.01 {
            tail
        } else if end > 0 && insets.get(i + 1) == Some(&true) {
            heights[i + 1]
        } else {
            0.0
        }
    }

    /// Height of the header and every row of `laid`, on one page.
    pub(super) fn whole_height(&self, laid: &Laid) -> f32 {
        self.header_height() + self.heights(laid).iter().sum::<f32>()
    }

    /// The row before which a table kept whole, its rows `heights` tall and `space` mm left
    /// under its header, goes on to the next page: where the rows that fit would leave fewer
    /// than [`KEEP_LEAD_ROWS`] for it, the last of those; None where all fit or enough are left.
    pub(super) fn early_break(&self, heights: &[f32], space: f32) -> Option<usize> {
        let mut used = 0.0;
        let fit = heights.iter().take_while(|&&h| {
            used += h;
            used <= space + 0.01
        });
        let left = heights.len() - fit.count();
        (left > 0 && left < KEEP_LEAD_ROWS).then(|| heights.len() - KEEP_LEAD_ROWS)
    }
}
