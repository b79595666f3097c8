//! `.xls` (BIFF8) workbook stream: `FilePass` means encrypted; the globals give the
//! shared string table and the names; then every sheet calamine would parse is
//! checked for the rows × columns its `Dimensions` record makes calamine reserve,
//! its cell area, merged ranges, copied shared strings, formula text and the
//! quadratic work of formula spaces.

use super::book::{check_merge, malformed, range_name, BBox, Book};
use super::xlsb::name_factor;
use super::{le16, le32, Limits, Refusal};

/// calamine inserts `.xls` formula spaces one character at a time: bound that work.
const MAX_SPACE_WORK: u64 = 1 << 32;

/// One BIFF record; CONTINUE records that follow are attached, as calamine does.
struct Biff<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// Iterates BIFF records from `at`; stops (like calamine, with an error it would
/// report) at a truncated record.
fn biff_records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Biff<'_>> {
    std::iter::from_fn(move || {
        let typ = le16(stream, at)?;
        let len = usize::from(le16(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        let mut cont = Vec::new();
        while le16(stream, at) == Some(0x003C) && stream.len() > at + 4 {
            let l = usize::from(le16(stream, at + 2)?);
            cont.push(stream.get(at + 4..at + 4 + l)?);
            at += 4 + l;
        }
        Some(Biff { typ, data, cont })
    })
}

/// What the globals substream tells about the sheets.
#[derive(Default)]
struct Globals {
    /// Stream offset and name of every BoundSheet.
    sheets: Vec<(usize, String)>,
    longest_name: u64,
    sst: Vec<u64>,
    /// Set when the SST layout looked odd: the bound then used for every string.
    sst_fallback: Option<u64>,
}

/// `.xls`: FilePass means encrypted; then every sheet calamine would parse (at its
/// BoundSheet offset) is checked for Dimensions reservations, cell area, copied
/// shared strings and formula text.
pub(super) fn scan_biff(stream: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let globals = read_globals(stream)?;
    let mut book = Book::new(limits);
    book.sst = globals.sst.clone();
    book.formula_factor = name_factor(globals.longest_name);
    let fallback = globals.sst_fallback;
    let mut space_work = 0u64;
    check_sheet_list(&globals.sheets, limits)?;
    for (pos, name) in &globals.sheets {
        let (pos, part) = (*pos, format!("Workbook（シート「{name}」）"));
        if pos > stream.len() {
            return Err(malformed(&part, "シートの位置がストリームの外です"));
        }
        scan_biff_sheet(stream, pos, &part, &mut book, fallback, &mut space_work)?;
    }
    Ok(())
}

/// calamine parses a sheet per BoundSheet record: too many, or two at one offset (the same
/// sheet read again and again), are refused as in xlsx (see `sheets`).
fn check_sheet_list(sheets: &[(usize, String)], limits: &Limits) -> Result<(), Refusal> {
    let part = "Workbook".to_string();
    if sheets.len() as u64 > limits.max_sheets {
        return Err(Refusal::TooManySheets { part, sheets: sheets.len() as u64, limit: limits.max_sheets });
    }
    let mut offsets: Vec<usize> = sheets.iter().map(|(pos, _)| *pos).collect();
    offsets.sort_unstable();
    match offsets.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(Refusal::DuplicateSheet { part, key: format!("位置 {}", w[0]) }),
        None => Ok(()),
    }
}

fn read_globals(stream: &[u8]) -> Result<Globals, Refusal> {
    let mut g = Globals::default();
    for r in biff_records(stream, 0) {
        match r.typ {
            0x002F => return Err(Refusal::Encrypted),
            0x0085 => {
                g.sheets.push((le32(r.data, 0).unwrap_or(0) as usize, sheet_name(r.data)));
                g.longest_name = g.longest_name.max(3 * u64::from(*r.data.get(6).unwrap_or(&0)));
            }
            0x0018 => g.longest_name = g.longest_name.max(3 * u64::from(*r.data.get(3).unwrap_or(&0))),
            0x00FC => (g.sst, g.sst_fallback) = sst_lengths(&r),
            0x000A => break,
            _ => {}
        }
    }
    Ok(g)
}

/// A BoundSheet name: `cch`, then (BIFF8) a flags byte and 8- or 16-bit characters.
fn sheet_name(d: &[u8]) -> String {
    let cch = usize::from(*d.get(6).unwrap_or(&0));
    let wide = d.len() >= 8 + 2 * cch && d.get(7).is_some_and(|f| f & 1 != 0);
    if wide {
        let units: Vec<u16> = d
            .get(8..8 + 2 * cch)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    let bytes = d.get(8..8 + cch).or_else(|| d.get(7..7 + cch)).unwrap_or(&[]);
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Reads SST string headers across CONTINUE records; each string is bounded by
/// 3 bytes of UTF-8 per character. When the layout looks odd, also returns the
/// bound to charge every shared-string cell instead.
fn sst_lengths(r: &Biff) -> (Vec<u64>, Option<u64>) {
    let mut segs: Vec<&[u8]> = vec![r.data.get(8..).unwrap_or(&[])];
    segs.extend(r.cont.iter().copied());
    let total: u64 = segs.iter().map(|s| s.len() as u64).sum();
    let mut cur = SegReader { segs, seg: 0, at: 0 };
    let mut lens = Vec::new();
    while !cur.done() {
        match cur.string() {
            Some(cch) => lens.push(3 * cch),
            None => return (lens, Some((3 * total).min(3 * 65_535))),
        }
    }
    (lens, None)
}

/// Cursor over an SST record and its CONTINUE records.
struct SegReader<'a> {
    segs: Vec<&'a [u8]>,
    seg: usize,
    at: usize,
}

impl SegReader<'_> {
    fn done(&mut self) -> bool {
        while self.seg < self.segs.len() && self.at >= self.segs[self.seg].len() {
            self.seg += 1;
            self.at = 0;
        }
        self.seg >= self.segs.len()
    }

    fn byte(&mut self) -> Option<u8> {
        if self.done() {
            return None;
        }
        let b = self.segs[self.seg][self.at];
        self.at += 1;
        Some(b)
    }

    fn skip(&mut self, n: u64) -> Option<()> {
        (0..n).try_for_each(|_| self.byte().map(|_| ()))
    }

    /// One XLUnicodeRichExtendedString; returns its character count.
    fn string(&mut self) -> Option<u64> {
        let cch = u64::from(u16::from_le_bytes([self.byte()?, self.byte()?]));
        let flags = self.byte()?;
        let runs =
            if flags & 0x08 != 0 { u64::from(u16::from_le_bytes([self.byte()?, self.byte()?])) } else { 0 };
        let ext = if flags & 0x04 != 0 {
            u64::from(u32::from_le_bytes([self.byte()?, self.byte()?, self.byte()?, self.byte()?]))
        } else {
            0
        };
        self.chars(cch, flags & 1 != 0)?;
        self.skip(4 * runs + ext)?;
        Some(cch)
    }

    /// Character data; a CONTINUE boundary inside it starts with a fresh flags byte.
    fn chars(&mut self, mut left: u64, mut wide: bool) -> Option<()> {
        while left > 0 {
            if self.done() {
                return None;
            }
            let avail = (self.segs[self.seg].len() - self.at) as u64 / if wide { 2 } else { 1 };
            let take = avail.min(left);
            self.at += (take * if wide { 2 } else { 1 }) as usize;
            left -= take;
            if left > 0 {
                self.seg += 1;
                self.at = 0;
                wide = self.byte()? & 1 != 0;
            }
        }
        Some(())
    }
}

/// One worksheet substream, from its BOF to its EOF (embedded substreams skipped).
fn scan_biff_sheet(
    stream: &[u8],
    pos: usize,
    part: &str,
    book: &mut Book,
    fallback: Option<u64>,
    space_work: &mut u64,
) -> Result<(), Refusal> {
    let limits = book.limits;
    let mut bbox = BBox::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for r in biff_records(stream, pos) {
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        let at = |i: usize| le16(d, i).map(u64::from);
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => check_biff_dimensions(d, part, limits)?,
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x0006 => {
                if let (Some(row), Some(col)) = (at(0), at(2)) {
                    bbox.add(row, col);
                }
                if r.typ == 0x0006 && d.len() >= 20 {
                    biff_formula(&d[20..], part, book, space_work)?;
                }
            }
            0x00FD if d.len() >= 10 => {
                bbox.add(at(0).unwrap_or(0), at(2).unwrap_or(0));
                let i = u64::from(le32(d, 6).unwrap_or(0));
                // calamine copies the string for every cell; when the SST layout
                // looked odd, every cell is charged the longest possible string.
                book.charge(part, fallback.unwrap_or_else(|| book.string_len(i)))?;
            }
            0x00BD if d.len() >= 6 => {
                let (row, first, last) =
                    (at(0).unwrap_or(0), at(2).unwrap_or(0), at(d.len() - 2).unwrap_or(0));
                if last >= first && d.len() as u64 == 6 + 6 * (last - first + 1) {
                    bbox.add_span(row, row, first, last);
                }
            }
            0x00E5 => biff_merges(d, part, limits)?,
            _ => {}
        }
    }
    book.sheet_area(part, &bbox)
}

/// calamine reserves rows × cols of the Dimensions record (with u32 wrap-around).
fn check_biff_dimensions(d: &[u8], part: &str, limits: &Limits) -> Result<(), Refusal> {
    let (rf, rl, cf, cl) = match d.len() {
        10 => (
            u32::from(le16(d, 0).unwrap_or(0)),
            u32::from(le16(d, 2).unwrap_or(0)),
            u32::from(le16(d, 4).unwrap_or(0)),
            u32::from(le16(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            le32(d, 0).unwrap_or(0),
            le32(d, 4).unwrap_or(0),
            u32::from(le16(d, 8).unwrap_or(0)),
            u32::from(le16(d, 10).unwrap_or(0)),
        ),
        _ => return Ok(()),
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let (er, ec) = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
    let rows = u64::from(er.wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from(ec.wrapping_sub(cf).wrapping_add(1));
    let bbox = BBox {
        any: rows > 0 && cols > 0,
        min_r: 0,
        max_r: rows.saturating_sub(1),
        min_c: 0,
        max_c: cols.saturating_sub(1),
    };
    bbox.check(part, limits).map_err(|e| match e {
        Refusal::RangeTooLarge { part, rows, cols, max_rows, max_cols, max_cells, .. } => {
            Refusal::RangeTooLarge {
                part,
                range: range_name(u64::from(rf), u64::from(cf), u64::from(er), u64::from(ec)),
                rows,
                cols,
                max_rows,
                max_cols,
                max_cells,
            }
        }
        other => other,
    })
}

/// MergeCells: count, then (first row, last row, first col, last col) u16 each.
fn biff_merges(d: &[u8], part: &str, limits: &Limits) -> Result<(), Refusal> {
    let n = usize::from(le16(d, 0).unwrap_or(0));
    for i in 0..n {
        let at = 2 + 8 * i;
        let (Some(r0), Some(r1), Some(c0), Some(c1)) =
            (le16(d, at), le16(d, at + 2), le16(d, at + 4), le16(d, at + 6))
        else {
            break;
        };
        check_merge(part, r0.into(), c0.into(), r1.into(), c1.into(), limits)?;
    }
    Ok(())
}

/// Formula text bound (tokens × name factor) and the quadratic work of calamine's
/// one-character-at-a-time PtgAttrSpace insertion.
fn biff_formula(rgce: &[u8], part: &str, book: &mut Book, space_work: &mut u64) -> Result<(), Refusal> {
    let text = (rgce.len() as u64).saturating_mul(book.formula_factor);
    book.charge(part, text)?;
    let spaces: u64 = rgce
        .windows(4)
        .filter(|w| w[0] == 0x19 && (w[1] == 0x40 || w[1] == 0x41))
        .map(|w| u64::from(w[3]))
        .sum();
    *space_work = space_work.saturating_add(spaces.saturating_mul(text));
    if *space_work > MAX_SPACE_WORK {
        return Err(malformed(part, "数式の空白の指定が多すぎます"));
    }
    Ok(())
}
