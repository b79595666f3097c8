//! xlsx/xlsm XML models. The worksheet model follows calamine's row and column
//! cursor through `<sheetData>` to find the area calamine will allocate, bounds the
//! shared formula index calamine resizes to, and charges the text that shared
//! strings and shared formulas copy into cells. The `sharedStrings.xml` model
//! records each string's length bound and checks `uniqueCount`, which calamine
//! reserves before it reads a single string.

use std::collections::HashMap;

use super::book::{cell_name, check_merge, BBox, Book};
use super::tag::{local_name, loose_area, parse_cell, parse_count, parse_ref, same, Tag};
use super::{Refusal, GRID_COLS, GRID_ROWS};

/// A translated shared formula can grow: `A1` becomes at most `XFD1048576`.
const FORMULA_GROWTH: u64 = 5;
/// Minimum bytes of one `<si/>` entry, to check `uniqueCount` against the part size.
const MIN_SI_BYTES: u64 = 5;

/// The open `<c>` element of the worksheet model.
#[derive(Debug, Default)]
struct OpenCell {
    pos: (u64, u64),
    shared_string: bool,
    counted: bool,
    /// Nesting depth inside the child calamine consumes whole (`v`, `f`, `is`); 0 outside.
    depth: u32,
}

/// xlsx worksheet model: mirrors calamine's row/column cursor (explicit `r`
/// attributes, implicit positions otherwise) and records every cell with content.
#[derive(Debug, Default)]
pub(super) struct SheetModel {
    stage: Stage,
    row: u64,
    col: u64,
    cell: Option<OpenCell>,
    pub(super) bbox: BBox,
    /// Qualified name of the open cell child (buffer reused across cells).
    child: Vec<u8>,
    /// Collecting the text of a `<v>` in a shared-string cell.
    pub(super) in_digits: bool,
    pub(super) digits: Vec<u8>,
    /// Shared formula anchors: `si` → formula text length.
    anchors: HashMap<u64, u64>,
    /// Open anchor `<f>`: (si, offset after its start tag).
    anchor: Option<(u64, u64)>,
}

/// Where the worksheet model is: calamine reads cells only between the first
/// `<sheetData>` and its end, so `row` and `c` elsewhere (drawings, custom XML) are ignored.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Stage {
    #[default]
    Before,
    Cells,
    After,
}

impl SheetModel {
    pub(super) fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if self.cell.is_some() {
            return self.cell_child(tag, part, book);
        }
        let cells = self.stage == Stage::Cells;
        match tag.local() {
            b"row" if cells => self.row_start(tag, part),
            b"c" if cells => self.cell_start(tag, part),
            b"sheetData" if self.stage == Stage::Before => {
                self.stage = if tag.closing { Stage::After } else { Stage::Cells };
                Ok(())
            }
            b"dimension" if self.stage == Stage::Before => check_dimension(tag, part),
            b"mergeCell" => match tag.attr(b"ref", part)?.and_then(loose_area) {
                Some((r0, c0, r1, c1)) => check_merge(part, r0, c0, r1, c1, book.limits),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn row_start(&mut self, tag: &Tag, part: &str) -> Result<(), Refusal> {
        if let Some(r) = tag.attr(b"r", part)? {
            self.row = parse_ref(r, part)?.0;
        }
        if tag.closing {
            self.row_end();
        }
        Ok(())
    }

    fn row_end(&mut self) {
        self.row += 1;
        self.col = 0;
    }

    fn cell_start(&mut self, tag: &Tag, part: &str) -> Result<(), Refusal> {
        let [r, t] = tag.attrs([b"r", b"t"], part)?;
        let pos = match r {
            Some(r) => {
                let (row, col) = parse_cell(r, part)?;
                self.col = col;
                (row, col)
            }
            None => (self.row, self.col),
        };
        if pos.0 >= GRID_ROWS || pos.1 >= GRID_COLS {
            let reference = cell_name(pos.0, pos.1);
            return Err(Refusal::BadReference { part: part.to_string(), reference });
        }
        if tag.closing {
            self.col += 1;
            return Ok(());
        }
        let shared_string = t.is_some_and(|t| t == b"s");
        self.cell = Some(OpenCell { pos, shared_string, ..OpenCell::default() });
        Ok(())
    }

    /// A tag inside `<c>`: the cell has content; `v` and `f` get their own checks.
    fn cell_child(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let cell = self.cell.as_mut().expect("open cell");
        if cell.depth > 0 {
            if same(tag.name(), &self.child) && !tag.closing {
                cell.depth += 1;
            }
            return Ok(());
        }
        if !cell.counted {
            cell.counted = true;
            self.bbox.add(cell.pos.0, cell.pos.1);
        }
        if !tag.closing {
            cell.depth = 1;
            self.child.clear();
            self.child.extend_from_slice(tag.name());
        }
        match tag.local() {
            b"v" if cell.shared_string && !tag.closing => {
                self.in_digits = true;
                self.digits.clear();
                Ok(())
            }
            b"f" => self.formula(tag, part, book),
            _ => Ok(()),
        }
    }

    /// Shared formulas: bound the index calamine resizes to, and charge every
    /// derived cell the (grown) length of its anchor.
    fn formula(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let Some(si) = tag.attr(b"si", part)? else {
            return Ok(());
        };
        let si = parse_count(si, part)?;
        if si > book.limits.max_shared_formulas {
            return Err(Refusal::SharedFormulaIndex {
                part: part.to_string(),
                index: si,
                limit: book.limits.max_shared_formulas,
            });
        }
        if tag.attr(b"ref", part)?.is_some() {
            if tag.closing {
                self.anchors.insert(si, 0);
            } else {
                self.anchor = Some((si, tag.end));
            }
        } else if let Some(&len) = self.anchors.get(&si) {
            book.charge(part, len.saturating_mul(FORMULA_GROWTH).saturating_add(16))?;
        }
        Ok(())
    }

    pub(super) fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let Some(cell) = self.cell.as_mut() else {
            match local_name(name) {
                b"row" if self.stage == Stage::Cells => {
                    self.row_end();
                    // At each row's end, not only the part's: a sheet past the envelope's
                    // rows is refused where it passes them, not after scanning the rest.
                    return self.bbox.check(part, book.limits);
                }
                b"sheetData" if self.stage == Stage::Cells => self.stage = Stage::After,
                _ => {}
            }
            return Ok(());
        };
        if cell.depth > 0 {
            if same(name, &self.child) {
                cell.depth -= 1;
                if cell.depth == 0 {
                    return self.child_end(name, at, part, book);
                }
            }
            return Ok(());
        }
        if local_name(name) == b"c" {
            self.cell = None;
            self.col += 1;
        }
        Ok(())
    }

    fn child_end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if std::mem::take(&mut self.in_digits) {
            // calamine reads the raw text: empty is no string, digits an index, and
            // anything else some index it guesses; that is charged as the longest string.
            let d = &self.digits;
            let digits = d.len() <= 19 && d.iter().all(u8::is_ascii_digit);
            let len = match (d.is_empty(), digits) {
                (true, _) => 0,
                (false, true) => book.string_len(d.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))),
                (false, false) => book.longest_string(),
            };
            book.charge(part, len)?;
        }
        if local_name(name) == b"f" {
            if let Some((si, start)) = self.anchor.take() {
                self.anchors.insert(si, at.saturating_sub(start));
            }
        }
        Ok(())
    }
}

/// `<dimension ref>` is only a hint to calamine 0.38 (it reserves at most 100,000
/// cells from it), so only a well-formed reference outside the sheet grid is refused;
/// a malformed one (old LibreOffice wrote `1:233`) is calamine's to report.
fn check_dimension(tag: &Tag, part: &str) -> Result<(), Refusal> {
    let Some(v) = tag.attr(b"ref", part)? else { return Ok(()) };
    match loose_area(v) {
        Some((r0, c0, r1, c1)) if r0.max(r1) >= GRID_ROWS || c0.max(c1) >= GRID_COLS => {
            Err(Refusal::BadReference {
                part: part.to_string(),
                reference: String::from_utf8_lossy(v).into_owned(),
            })
        }
        _ => Ok(()),
    }
}

/// `sharedStrings.xml`: counts `<si>` entries inside the first `<sst>` (calamine
/// ignores the rest) and bounds each string by the bytes of its element.
#[derive(Debug, Default)]
pub(super) struct StringsModel {
    active: bool,
    done: bool,
    unique: Option<u64>,
    count: usize,
    /// Start offset of the open `<si>`, and its qualified name (buffer reused).
    open: Option<u64>,
    open_name: Vec<u8>,
}

impl StringsModel {
    pub(super) fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if self.done {
            return Ok(());
        }
        match tag.local() {
            b"sst" if !self.active => {
                self.active = true;
                if let Some(v) = tag.attr(b"uniqueCount", part)? {
                    self.unique = parse_count(v, part).ok();
                }
                Ok(())
            }
            b"si" if self.active && self.open.is_none() => {
                if tag.closing {
                    return self.push(tag.end - tag.at, part, book);
                }
                self.open = Some(tag.at);
                self.open_name.clear();
                self.open_name.extend_from_slice(tag.name());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(super) fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if let Some(start) = self.open {
            if same(name, &self.open_name) {
                let len = at - start;
                self.open = None;
                return self.push(len, part, book);
            }
            return Ok(());
        }
        if self.active && local_name(name) == b"sst" {
            self.active = false;
            self.done = true;
        }
        Ok(())
    }

    fn push(&mut self, len: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        book.record_string(part, self.count, len)?;
        self.count += 1;
        Ok(())
    }

    /// calamine reserves `uniqueCount` entries before reading any: the count must
    /// fit the measured part and the limit.
    pub(super) fn finish(&self, part: &str, bytes: u64, book: &Book) -> Result<(), Refusal> {
        let Some(n) = self.unique else { return Ok(()) };
        if n.saturating_mul(MIN_SI_BYTES) > bytes {
            return Err(Refusal::SharedStringCount { part: part.to_string(), unique_count: n, bytes });
        }
        let limit = book.limits.max_shared_strings;
        if n > limit {
            return Err(Refusal::TooManySharedStrings { part: part.to_string(), count: n, limit });
        }
        Ok(())
    }
}
