//! xlsb binary parts, read record by record as calamine reads them: a sheet gives
//! its cell area and the text its shared strings and formulas add;
//! `sharedStrings.bin` the length bound of each string; `workbook.bin` the longest
//! sheet or defined name, which bounds what one formula token expands to. The
//! records come through the ZIP [`Tee`], so its byte caps still apply.

use std::io::{self, BufReader, Read};

use super::book::{malformed, BBox, Book};
use super::read_full;
use super::zip::{Tee, CHUNK};
use super::Refusal;

/// Reads xlsb record headers the way calamine does: a 1–2 byte type, a 1–4 byte length.
fn record_header<R: Read>(r: &mut R) -> io::Result<Option<(u16, usize)>> {
    let mut b = [0u8; 1];
    if read_full(r, &mut b)? == 0 {
        return Ok(None);
    }
    let mut typ = u16::from(b[0]);
    if b[0] & 0x80 != 0 {
        r.read_exact(&mut b)?;
        typ = (typ & 0x7F) + (u16::from(b[0] & 0x7F) << 7);
    }
    let mut len = 0usize;
    for i in 0..4 {
        r.read_exact(&mut b)?;
        len += usize::from(b[0] & 0x7F) << (7 * i);
        if b[0] & 0x80 == 0 {
            break;
        }
    }
    Ok(Some((typ, len)))
}

/// calamine's record buffer is reused and never shrinks, so a short record leaves
/// bytes of an earlier one behind; this keeps the first bytes as calamine sees them.
struct RecordBuf {
    head: [u8; 16],
    len: usize,
    body: Vec<u8>,
}

impl RecordBuf {
    fn new() -> Self {
        RecordBuf { head: [0; 16], len: 0, body: Vec::new() }
    }

    /// Reads a record body; keeps all of it when `whole` and it is at most 64 KiB.
    fn fill<R: Read>(&mut self, r: &mut R, len: usize, whole: bool) -> io::Result<()> {
        let keep = if whole && len <= 1 << 16 { len } else { len.min(16) };
        self.body.resize(keep, 0);
        r.read_exact(&mut self.body)?;
        io::copy(&mut r.by_ref().take((len - keep) as u64), &mut io::sink())?;
        let n = keep.min(16);
        self.head[..n].copy_from_slice(&self.body[..n]);
        self.len = self.len.max(len.min(16));
        Ok(())
    }

    fn u32_at(&self, at: usize) -> Option<u64> {
        (at + 4 <= self.len).then(|| u64::from(u32::from_le_bytes(self.head[at..at + 4].try_into().unwrap())))
    }
}

fn eof_ok(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        Ok(())
    } else {
        Err(e)
    }
}

/// Phases of calamine's xlsb sheet reader.
#[derive(Clone, Copy)]
enum BinPhase {
    /// Looking for BrtWsDim.
    Dim,
    /// Looking for BrtBeginSheetData, skipping blocks calamine skips.
    Data,
    /// Skipping a block until this end record, then back to `Data`.
    Skip(u16),
    /// Reading cells.
    Cells,
}

/// Blocks calamine skips between BrtWsDim and BrtBeginSheetData.
fn skipped_block_end(typ: u16) -> Option<u16> {
    match typ {
        0x0085 => Some(0x0086),
        0x0025 => Some(0x0026),
        0x0186 => Some(0x0187),
        _ => None,
    }
}

/// xlsb sheet model: calamine's reader phases, its current row, the cells' box and
/// the text shared strings and formulas add.
struct BinSheet {
    phase: BinPhase,
    row: u64,
    bbox: BBox,
    text: u64,
}

impl BinSheet {
    /// Takes one record; `Ok(false)` where calamine stops reading the sheet.
    fn record(&mut self, typ: u16, buf: &RecordBuf, book: &Book, part: &str) -> Result<bool, Refusal> {
        self.phase = match self.phase {
            BinPhase::Dim if typ == 0x0094 => BinPhase::Data,
            BinPhase::Data if typ == 0x0091 => BinPhase::Cells,
            BinPhase::Data => skipped_block_end(typ).map_or(BinPhase::Data, BinPhase::Skip),
            BinPhase::Skip(end) if typ == end => BinPhase::Data,
            BinPhase::Cells => return self.cell_record(typ, buf, book, part),
            other => other,
        };
        Ok(true)
    }

    fn cell_record(&mut self, typ: u16, buf: &RecordBuf, book: &Book, part: &str) -> Result<bool, Refusal> {
        match typ {
            0x0000 => match buf.u32_at(0) {
                Some(r) if r <= 0x10_0000 => self.row = r,
                _ => return Ok(false),
            },
            0x0092 => return Ok(false),
            0x0002..=0x000B => {
                let Some(col) = buf.u32_at(0) else { return Ok(false) };
                self.bbox.add(self.row, col);
                self.text = self.text.saturating_add(bin_cell_text(typ, buf, book, part)?);
            }
            _ => {}
        }
        Ok(true)
    }
}

/// xlsb sheet: records are read through the tee (so the byte caps apply) and fed
/// to [`BinSheet`]; a short part ends the walk as it ends calamine's.
pub(super) fn scan_bin_sheet<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
    let part = tee.part.clone();
    let mut sheet = BinSheet { phase: BinPhase::Dim, row: 0, bbox: BBox::default(), text: 0 };
    let mut r = BufReader::with_capacity(CHUNK, &mut *tee);
    let mut buf = RecordBuf::new();
    let mut refusal = None;
    let walked = (|| -> io::Result<()> {
        while let Some((typ, len)) = record_header(&mut r)? {
            buf.fill(&mut r, len, (0x0008..=0x000B).contains(&typ))?;
            match sheet.record(typ, &buf, r.get_ref().book, &part) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    refusal = Some(e);
                    break;
                }
            }
        }
        Ok(())
    })();
    drop(r);
    walked.or_else(eof_ok)?;
    let book = &mut *tee.book;
    let checked = match refusal {
        Some(e) => Err(e),
        None => book.sheet_area(&part, &sheet.bbox).and_then(|_| book.charge(&part, sheet.text)),
    };
    checked.map_err(|e| tee.park(e))
}

/// Text one xlsb cell record makes calamine build beyond its own bytes. A shared
/// string index past the table is refused: calamine indexes it unchecked (a panic).
fn bin_cell_text(typ: u16, buf: &RecordBuf, book: &Book, part: &str) -> Result<u64, Refusal> {
    match typ {
        0x0007 => match buf.u32_at(8).and_then(|i| book.sst.get(i as usize)) {
            Some(&len) => Ok(len),
            None => Err(malformed(part, "共有文字列の番号が表の範囲外です")),
        },
        0x0008..=0x000B => Ok(formula_len(typ, buf).saturating_mul(book.formula_factor)),
        _ => Ok(0),
    }
}

/// Bytes of formula tokens (`cce`) in a BrtFmla* record, at calamine's offsets;
/// when the record is short or truncated, the whole buffer bounds it.
fn formula_len(typ: u16, buf: &RecordBuf) -> u64 {
    let body = &buf.body;
    let u32_at =
        |at: usize| body.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes(b.try_into().unwrap())));
    let cce_at = match typ {
        0x0008 => u32_at(8).map(|cch| 14 + 2 * cch as usize),
        0x0009 => Some(18),
        _ => Some(11),
    };
    let whole = body.len().max(buf.len) as u64;
    cce_at.and_then(u32_at).map_or(whole, |cce| cce.min(whole))
}

/// `xl/sharedStrings.bin`: BrtSSTItem records (outside skipped 0x23…0x24 blocks),
/// each bounded by 1.5 × its UTF-16 bytes once decoded to UTF-8.
pub(super) fn scan_bin_strings<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
    let part = tee.part.clone();
    let mut lens = Vec::new();
    let mut r = BufReader::with_capacity(CHUNK, &mut *tee);
    let mut buf = RecordBuf::new();
    let mut skipping = false;
    let result = (|| -> io::Result<()> {
        while let Some((typ, len)) = record_header(&mut r)? {
            buf.fill(&mut r, len, false)?;
            match typ {
                0x0024 if skipping => skipping = false,
                _ if skipping => {}
                0x0023 => skipping = true,
                0x0013 => lens.push((len as u64).saturating_mul(3) / 2),
                _ => {}
            }
        }
        Ok(())
    })();
    drop(r);
    result.or_else(eof_ok)?;
    let recorded = lens.iter().enumerate().try_for_each(|(i, &len)| tee.book.record_string(&part, i, len));
    recorded.map_err(|e| tee.park(e))
}

/// `xl/workbook.bin`: the longest sheet or defined name bounds what one formula
/// token can expand to (calamine writes names in full for PtgName / PtgRef3d).
pub(super) fn scan_bin_workbook<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
    let limits = tee.book.limits;
    let mut longest = 0usize;
    // BrtBundleSh records: calamine reads one sheet per record (see `sheets`).
    let mut sheets = 0u64;
    let mut r = BufReader::with_capacity(CHUNK, &mut *tee);
    let mut buf = RecordBuf::new();
    let result = (|| -> io::Result<()> {
        while let Some((typ, len)) = record_header(&mut r)? {
            buf.fill(&mut r, len, false)?;
            if matches!(typ, 0x0027 | 0x009C | 0x016A) {
                longest = longest.max(len);
            }
            sheets += u64::from(typ == 0x009C);
            if sheets > limits.max_sheets {
                break;
            }
        }
        Ok(())
    })();
    drop(r);
    if sheets > limits.max_sheets {
        let part = tee.part.clone();
        return Err(tee.park(Refusal::TooManySheets { part, sheets, limit: limits.max_sheets }));
    }
    result.or_else(eof_ok)?;
    tee.book.formula_factor = name_factor(longest as u64 * 3 / 2);
    Ok(())
}

/// Text bytes one formula byte can become: a 5-byte name token writes the whole
/// name, spaces and functions grow up to 64×.
pub(super) fn name_factor(longest_name: u64) -> u64 {
    ((longest_name + 16) / 5 + 1).max(64)
}
