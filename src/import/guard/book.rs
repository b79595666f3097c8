//! Bookkeeping every format shares: [`Book`] carries what spans the parts of one
//! workbook (decompressed bytes, the cells of all sheets, the text budget, the
//! length bound of each shared string) and [`BBox`] the area calamine would
//! allocate for one sheet. Each sheet is judged on its own and the workbook as a
//! whole, since kyodo may hold every sheet at once.

use super::{Limits, Refusal};

/// State that spans parts: byte totals, the text budget and shared-string lengths.
pub(super) struct Book<'l> {
    pub(super) limits: &'l Limits,
    pub(super) total: u64,
    cells: u64,
    text: u64,
    /// Upper bound of each shared string's length, by index.
    pub(super) sst: Vec<u64>,
    /// Upper bound of formula text per formula byte (xlsb: from the longest name).
    pub(super) formula_factor: u64,
}

impl<'l> Book<'l> {
    pub(super) fn new(limits: &'l Limits) -> Self {
        Book { limits, total: 0, cells: 0, text: 0, sst: Vec::new(), formula_factor: 64 }
    }

    /// Adds text calamine would build and refuses once the budget is spent.
    pub(super) fn charge(&mut self, part: &str, bytes: u64) -> Result<(), Refusal> {
        self.text = self.text.saturating_add(bytes);
        if self.text > self.limits.max_text_bytes {
            return Err(Refusal::TextTooLarge {
                part: part.to_string(),
                bytes: self.text,
                limit: self.limits.max_text_bytes,
            });
        }
        Ok(())
    }

    /// Checks one sheet's used area and adds it to the workbook's total.
    pub(super) fn sheet_area(&mut self, part: &str, bbox: &BBox) -> Result<(), Refusal> {
        bbox.check(part, self.limits)?;
        if bbox.any {
            self.cells = self.cells.saturating_add(bbox.rows() * bbox.cols());
        }
        if self.cells > self.limits.max_total_cells {
            return Err(Refusal::WorkbookTooLarge { cells: self.cells, limit: self.limits.max_total_cells });
        }
        Ok(())
    }

    /// Records a shared string's length bound; several tables keep the larger bound.
    pub(super) fn record_string(&mut self, part: &str, index: usize, len: u64) -> Result<(), Refusal> {
        if index as u64 >= self.limits.max_shared_strings {
            return Err(Refusal::TooManySharedStrings {
                part: part.to_string(),
                count: index as u64 + 1,
                limit: self.limits.max_shared_strings,
            });
        }
        if index >= self.sst.len() {
            self.sst.resize(index + 1, 0);
        }
        self.sst[index] = self.sst[index].max(len);
        Ok(())
    }

    /// Length bound of the shared string calamine would copy for `index`.
    pub(super) fn string_len(&self, index: u64) -> u64 {
        usize::try_from(index).ok().and_then(|i| self.sst.get(i)).copied().unwrap_or(0)
    }

    pub(super) fn longest_string(&self) -> u64 {
        self.sst.iter().copied().max().unwrap_or(0)
    }
}

/// Bounding box of the cells calamine would place, 0-based.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct BBox {
    pub(super) any: bool,
    pub(super) min_r: u64,
    pub(super) max_r: u64,
    pub(super) min_c: u64,
    pub(super) max_c: u64,
}

impl BBox {
    pub(super) fn add(&mut self, r: u64, c: u64) {
        self.add_span(r, r, c, c);
    }

    pub(super) fn add_span(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        if !self.any {
            *self = BBox { any: true, min_r: r0, max_r: r1, min_c: c0, max_c: c1 };
            return;
        }
        self.min_r = self.min_r.min(r0);
        self.max_r = self.max_r.max(r1);
        self.min_c = self.min_c.min(c0);
        self.max_c = self.max_c.max(c1);
    }

    fn rows(&self) -> u64 {
        self.max_r - self.min_r + 1
    }

    fn cols(&self) -> u64 {
        self.max_c - self.min_c + 1
    }

    /// Refuses when the dense range calamine allocates for this box is too large.
    pub(super) fn check(&self, part: &str, limits: &Limits) -> Result<(), Refusal> {
        if !self.any {
            return Ok(());
        }
        let (rows, cols) = (self.rows(), self.cols());
        if rows > limits.max_rows || cols > limits.max_cols || rows.saturating_mul(cols) > limits.max_cells {
            return Err(Refusal::RangeTooLarge {
                part: part.to_string(),
                range: range_name(self.min_r, self.min_c, self.max_r, self.max_c),
                rows,
                cols,
                max_rows: limits.max_rows,
                max_cols: limits.max_cols,
                max_cells: limits.max_cells,
            });
        }
        Ok(())
    }
}

/// `A1`-style name of a 0-based cell.
pub(super) fn cell_name(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut c = col.saturating_add(1);
    while c > 0 {
        c -= 1;
        letters.push(b'A' + (c % 26) as u8);
        c /= 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row.saturating_add(1))
}

pub(super) fn range_name(r0: u64, c0: u64, r1: u64, c1: u64) -> String {
    format!("{}:{}", cell_name(r0, c0), cell_name(r1, c1))
}

/// Refuses a merged range larger than `max_cells` (callers iterate merged cells).
pub(super) fn check_merge(
    part: &str,
    r0: u64,
    c0: u64,
    r1: u64,
    c1: u64,
    limits: &Limits,
) -> Result<(), Refusal> {
    let (lo_r, hi_r) = (r0.min(r1), r0.max(r1));
    let (lo_c, hi_c) = (c0.min(c1), c0.max(c1));
    let cells = (hi_r - lo_r + 1).saturating_mul(hi_c - lo_c + 1);
    if cells > limits.max_cells {
        return Err(Refusal::MergeTooLarge {
            part: part.to_string(),
            range: range_name(lo_r, lo_c, hi_r, hi_c),
            cells,
            limit: limits.max_cells,
        });
    }
    Ok(())
}

pub(super) fn malformed(part: &str, detail: &str) -> Refusal {
    Refusal::Malformed { part: part.to_string(), detail: detail.to_string() }
}
