//! ODS `content.xml` model. calamine expands `number-rows-repeated` and
//! `number-columns-repeated` cell by cell, so the repeats are multiplied out here
//! too (capped at the sheet grid, as calamine caps them) to find each table's area
//! and the text its repeated values copy; refusals name the table.

use super::book::{BBox, Book};
use super::tag::{parse_count, same, Tag};
use super::{Refusal, GRID_COLS, GRID_ROWS};

/// ODS `content.xml` model: expands `number-rows-repeated` / `number-columns-repeated`
/// the way calamine does (capped at the sheet grid) and measures the area between
/// the first and last rows holding data, plus the text repeated values copy.
#[derive(Debug, Default)]
pub(super) struct OdsModel {
    rows: u64,
    bbox: BBox,
    row: Option<OdsRow>,
    cell: Option<OdsCell>,
    /// Qualified name of the open cell (buffer reused).
    cell_name: Vec<u8>,
    /// `table:name` of the current table.
    sheet: String,
}

/// Most spaces one `<text:s text:c="…"/>` may stand for. calamine writes every space out
/// (`text:c="1000000000"` is a 1 GB allocation per cell); office suites write runs of a few.
pub(super) const MAX_SPACE_RUN: u64 = 10_000;

#[derive(Debug, Default)]
struct OdsRow {
    first: u64,
    repeat: u64,
    col: u64,
    data_end: u64,
    weight: u64,
}

#[derive(Debug)]
struct OdsCell {
    at: u64,
    col: u64,
    repeat: u64,
    data: bool,
    /// Spaces its `text:s` elements expand to, beyond their bytes.
    spaces: u64,
}

/// The repeat count, then the attributes that give an ODS cell a value or a formula.
const ODS_CELL_ATTRS: [&[u8]; 8] = [
    b"table:number-columns-repeated",
    b"office:value-type",
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
    b"table:formula",
];

impl OdsModel {
    pub(super) fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        match tag.name() {
            b"table:table" => {
                self.finish_table(part, book)?;
                self.rows = 0;
                let name = tag.attr(b"table:name", part)?.unwrap_or_default();
                self.sheet = String::from_utf8_lossy(&name[..name.len().min(100)]).into_owned();
                Ok(())
            }
            b"table:table-row" => self.row_start(tag, part, book),
            b"table:table-cell" | b"table:covered-table-cell" => self.cell_start(tag, part),
            b"text:s" => self.spaces(tag, part),
            _ => Ok(()),
        }
    }

    /// `<text:s text:c="n"/>`: n spaces in the open cell's text, refused past [`MAX_SPACE_RUN`].
    fn spaces(&mut self, tag: &Tag, part: &str) -> Result<(), Refusal> {
        let count = match tag.attr(b"text:c", part)? {
            Some(v) => parse_count(v, part)?,
            None => 1,
        };
        if count > MAX_SPACE_RUN {
            return Err(self.named(Refusal::Malformed {
                part: part.to_string(),
                detail: format!("連続する空白の数 text:c=\"{count}\" が大きすぎます（上限 {MAX_SPACE_RUN}）"),
            }));
        }
        if let Some(cell) = self.cell.as_mut() {
            cell.spaces = cell.spaces.saturating_add(count);
        }
        Ok(())
    }

    fn row_start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        self.row_end(part, book)?;
        let repeat = match tag.attr(b"table:number-rows-repeated", part)? {
            Some(v) => parse_count(v, part)?,
            None => 1,
        };
        let repeat = repeat.min(GRID_ROWS.saturating_sub(self.rows));
        self.row = Some(OdsRow { first: self.rows, repeat, ..OdsRow::default() });
        self.rows += repeat;
        if tag.closing {
            self.row_end(part, book)?;
        }
        Ok(())
    }

    fn cell_start(&mut self, tag: &Tag, part: &str) -> Result<(), Refusal> {
        self.cell_end(tag.at);
        let Some(row) = self.row.as_mut() else {
            return Ok(());
        };
        let [repeat, values @ ..] = tag.attrs(ODS_CELL_ATTRS, part)?;
        let repeat = match repeat {
            Some(v) => parse_count(v, part)?,
            None => 1,
        };
        let repeat = repeat.min(GRID_COLS.saturating_sub(row.col));
        let data = !tag.closing || values.iter().any(Option::is_some);
        self.cell_name.clear();
        self.cell_name.extend_from_slice(tag.name());
        self.cell = Some(OdsCell { at: tag.at, col: row.col, repeat, data, spaces: 0 });
        row.col += repeat;
        if tag.closing {
            self.cell_end(tag.end);
        }
        Ok(())
    }

    /// Closes the open cell at offset `at`: its bytes, times its repeat, are text.
    fn cell_end(&mut self, at: u64) {
        let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else { return };
        if cell.data && cell.repeat > 0 {
            row.data_end = row.data_end.max(cell.col + cell.repeat);
            let bytes = at.saturating_sub(cell.at).saturating_add(cell.spaces);
            row.weight = row.weight.saturating_add(bytes.saturating_mul(cell.repeat));
        }
    }

    fn row_end(&mut self, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        if row.data_end > 0 && row.repeat > 0 {
            self.bbox.add_span(row.first, row.first + row.repeat - 1, 0, row.data_end - 1);
            self.bbox.check(part, book.limits).map_err(|e| self.named(e))?;
            // calamine keeps a value and a formula string per repeated cell.
            let text = row.weight.saturating_mul(row.repeat).saturating_mul(2);
            book.charge(part, text).map_err(|e| self.named(e))?;
        }
        Ok(())
    }

    pub(super) fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if self.cell.is_some() && same(name, &self.cell_name) {
            self.cell_end(at);
            return Ok(());
        }
        match name {
            b"table:table-row" => {
                self.cell_end(at);
                self.row_end(part, book)
            }
            b"table:table" => self.finish_table(part, book),
            _ => Ok(()),
        }
    }

    /// The end of `content.xml` (that every element was closed, by its name, the part's
    /// [`super::nesting::Nesting`] has checked: calamine's reader loops forever otherwise).
    pub(super) fn finish(&mut self, part: &str, book: &mut Book) -> Result<(), Refusal> {
        self.finish_table(part, book)
    }

    pub(super) fn finish_table(&mut self, part: &str, book: &mut Book) -> Result<(), Refusal> {
        self.cell_end(u64::MAX);
        self.row_end(part, book)?;
        let bbox = std::mem::take(&mut self.bbox);
        book.sheet_area(part, &bbox).map_err(|e| self.named(e))
    }

    /// Names the table in a refusal: `content.xml` alone tells staff nothing.
    pub(super) fn named(&self, mut e: Refusal) -> Refusal {
        if let Refusal::RangeTooLarge { part, .. }
        | Refusal::TextTooLarge { part, .. }
        | Refusal::Malformed { part, .. } = &mut e
        {
            if self.sheet.is_empty() {
                return e;
            }
            *part = format!("{part}（シート「{}」）", self.sheet);
        }
        e
    }
}
