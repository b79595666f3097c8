//! Pre-flight inspection of spreadsheet files, run before calamine sees them.
//!
//! calamine 0.38 believes what a workbook says about itself. Measured on crafted files:
//! cells at `A1` and `XFD1048576` make it allocate a dense 17-billion-cell range
//! (calamine #693); a `uniqueCount` of 10¹² makes it reserve 24 TB (#684); a shared
//! formula `si="4000000000"` resizes a vector to 4·10⁹ entries; one long shared string
//! is cloned into every cell that uses it; an ODS cell repeated 16,384 columns is
//! materialised per row; an `.xls` `Dimensions` record reserves rows × columns up
//! front; a cycle in an `.xls` sector chain makes it read forever. Each ends in an
//! allocation failure, which aborts the process: `catch_unwind` cannot stop it.
//!
//! [`inspect`] therefore reads the file once, with hard caps and without trusting
//! declared sizes, models where calamine would put every cell, and refuses the file
//! ([`Refusal`], with a Japanese message for the staff who sent it) when calamine
//! would need more than [`Limits`] allow. The models err on the side of counting more,
//! never less. Only `std` and `zip` are used.
//!
//! The checks are split by container and format: `zip` streams every part of a ZIP
//! package under the byte and ratio caps and routes it by role; `scan` is the
//! chunked XML tokenizer (`tag` reads one tag's name and attributes) feeding the
//! `ooxml` and `ods` models; `xlsb` reads binary xlsb records; `cfb` follows the
//! chains of a compound file and `xls` checks its BIFF records; `book` keeps the
//! workbook-wide budgets they all charge.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use ::zip::ZipArchive;

use super::envelope;

mod book;
mod cfb;
mod nesting;
mod ods;
mod ooxml;
mod scan;
mod sheets;
mod tag;
#[cfg(test)]
mod tests;
mod xls;
mod xlsb;
mod zip;

use self::cfb::{inspect_cfb, CFB_MAGIC};
use self::zip::{declared_entries, inspect_zip};

/// Rows and columns of an Excel 2007+ sheet; references past them are refused.
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLS: u64 = 16_384;

/// Bounds a plan workbook never needs; anything past them is refused before calamine opens the file.
///
/// The defaults are generous for a real action plan (10,000 items × ~15 columns is
/// 150,000 cells) and keep calamine under roughly 500 MB in the worst case the
/// limits allow (4 million cells at 32 bytes, twice, plus the strings). Rows and cells
/// are the size envelope's ([`super::envelope`]): what calamine could read, the model
/// and the reports must hold too.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Size of the file on disk (ZIP and CFB files only).
    pub max_file_bytes: u64,
    /// Entries in a ZIP package.
    pub max_entries: usize,
    /// Measured uncompressed size of any one part.
    pub max_part_bytes: u64,
    /// Measured uncompressed size of all parts together.
    pub max_total_bytes: u64,
    /// Uncompressed ÷ compressed size of a part larger than 1 MiB.
    pub max_ratio: u64,
    /// Rows of the used area of one sheet.
    pub max_rows: u64,
    /// Columns of the used area of one sheet.
    pub max_cols: u64,
    /// Cells (rows × columns) of the used area of one sheet, and of one merged range.
    pub max_cells: u64,
    /// Cells of the used areas of all sheets together (kyodo may hold every sheet at once).
    pub max_total_cells: u64,
    /// Entries of the shared string table.
    pub max_shared_strings: u64,
    /// Index (`si`) of an xlsx shared formula.
    pub max_shared_formulas: u64,
    /// Text calamine would materialise beyond the part sizes: copies of shared strings,
    /// repeated ODS values, expanded formulas.
    pub max_text_bytes: u64,
    /// Sheet entries of a workbook (calamine reads each, even when they share a part).
    pub max_sheets: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_entries: 10_000,
            max_part_bytes: 100 << 20,
            max_total_bytes: 300 << 20,
            max_ratio: 200,
            max_rows: envelope::MAX_ROWS,
            max_cols: GRID_COLS,
            max_cells: envelope::MAX_CELLS,
            max_total_cells: envelope::MAX_CELLS,
            max_shared_strings: 1_000_000,
            max_shared_formulas: 100_000,
            max_text_bytes: 128 << 20,
            max_sheets: 1_000,
        }
    }
}

/// Why a file is refused. `Display` gives a Japanese sentence for municipal staff
/// naming the part and the numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// The file could not be opened or read at all.
    Unreadable {
        /// What the reader reported.
        detail: String,
    },
    /// The file on disk is larger than `max_file_bytes`.
    FileTooLarge {
        /// Its size in bytes.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A ZIP-looking file (or one of its parts) cannot be read as ZIP.
    NotZip {
        /// The part of the file (its name inside the archive).
        part: Option<String>,
        /// What the reader reported.
        detail: String,
    },
    /// Encrypted OOXML (CFB with `EncryptedPackage`), `.xls` with `FilePass`, or encrypted ODS.
    Encrypted,
    /// More ZIP entries than `max_entries`.
    TooManyEntries {
        /// How many entries it has.
        entries: u64,
        /// The limit.
        limit: u64,
    },
    /// One part decompresses to more than `max_part_bytes`.
    PartTooLarge {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The limit.
        limit: u64,
    },
    /// All parts together decompress to more than `max_total_bytes`.
    TotalTooLarge {
        /// The limit.
        limit: u64,
    },
    /// A part decompresses more than `max_ratio` times its compressed size.
    RatioTooHigh {
        /// The part of the file (its name inside the archive).
        part: String,
        /// Compressed size in bytes.
        compressed: u64,
        /// Uncompressed size in bytes.
        uncompressed: u64,
        /// The limit.
        limit: u64,
    },
    /// The area calamine would allocate for a sheet is too large.
    RangeTooLarge {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The range as written (A1:…).
        range: String,
        /// Rows it spans.
        rows: u64,
        /// Columns it spans.
        cols: u64,
        /// The row limit.
        max_rows: u64,
        /// The column limit.
        max_cols: u64,
        /// The cell limit.
        max_cells: u64,
    },
    /// The used areas of all sheets add up to more than `max_total_cells`.
    WorkbookTooLarge {
        /// Cells it covers.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// A merged range covers more than `max_cells` cells.
    MergeTooLarge {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The range as written (A1:…).
        range: String,
        /// Cells it covers.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// A cell reference that cannot be parsed or lies outside the sheet grid.
    BadReference {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The reference as written.
        reference: String,
    },
    /// `uniqueCount` promises more entries than the part could hold.
    SharedStringCount {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The count the part declares.
        unique_count: u64,
        /// Its size in bytes.
        bytes: u64,
    },
    /// More shared strings than `max_shared_strings`.
    TooManySharedStrings {
        /// The part of the file (its name inside the archive).
        part: String,
        /// How many there are.
        count: u64,
        /// The limit.
        limit: u64,
    },
    /// A shared formula index beyond `max_shared_formulas`.
    SharedFormulaIndex {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The index used.
        index: u64,
        /// The limit.
        limit: u64,
    },
    /// The text calamine would build exceeds `max_text_bytes`.
    TextTooLarge {
        /// The part of the file (its name inside the archive).
        part: String,
        /// Its size in bytes.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// More sheet entries (or sheet relationships) than `max_sheets`.
    TooManySheets {
        /// The part of the file (its name inside the archive).
        part: String,
        /// How many sheets it lists.
        sheets: u64,
        /// The limit.
        limit: u64,
    },
    /// Two sheet entries with one relationship id, or two sheet relationships to one part.
    DuplicateSheet {
        /// The part of the file (its name inside the archive).
        part: String,
        /// The name, as compared.
        key: String,
    },
    /// A structure calamine would mis-read (sector cycles, DTDs, out-of-range offsets …).
    Malformed {
        /// The part of the file (its name inside the archive).
        part: String,
        /// What the reader reported.
        detail: String,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Refusal::*;
        match self {
            // The system's words are English: kept for `library_detail`, not said here.
            Unreadable { .. } => write!(
                f,
                "ファイルを読めません（ほかのアプリで開いていれば閉じ、もう一度試してください）"
            ),
            FileTooLarge { bytes, limit } => write!(
                f,
                "ファイルが大きすぎます（{} バイト、上限 {} バイト）",
                num(*bytes),
                num(*limit)
            ),
            // The zip crate's detail is English: the office gets what to do instead.
            NotZip { part: Some(p), .. } => write!(
                f,
                "ZIP として読めません: 中の {p} が壊れています。Excel で開いて保存し直してください"
            ),
            NotZip { part: None, .. } => write!(
                f,
                "ZIP として読めません: ファイルが壊れているか、途中までしか保存されていません。Excel で開いて保存し直してください"
            ),
            Encrypted => write!(
                f,
                "パスワードで保護されています。保護を解除して保存し直してから読み込んでください"
            ),
            TooManyEntries { entries, limit } => write!(
                f,
                "ZIP 内のファイル数が多すぎます（{} 個、上限 {} 個）",
                num(*entries),
                num(*limit)
            ),
            PartTooLarge { part, limit } => write!(
                f,
                "{part} の展開後のサイズが大きすぎます（上限 {} バイト）",
                num(*limit)
            ),
            TotalTooLarge { limit } => write!(
                f,
                "展開後のサイズが大きすぎます（全体の上限 {} バイト）",
                num(*limit)
            ),
            RatioTooHigh { part, compressed, uncompressed, limit } => write!(
                f,
                "{part} の圧縮率が異常です（{} バイトが {} バイト以上に展開されます、上限 {} 倍）",
                num(*compressed),
                num(*uncompressed),
                num(*limit)
            ),
            RangeTooLarge { part, range, rows, cols, max_rows, max_cols, max_cells } => write!(
                f,
                "ワークシート {part} のセル範囲 {range} が大きすぎます（{} 行 × {} 列、上限 {} セル・{} 行・{} 列）",
                num(*rows),
                num(*cols),
                num(*max_cells),
                num(*max_rows),
                num(*max_cols)
            ),
            WorkbookTooLarge { cells, limit } => write!(
                f,
                "ブック全体のセル範囲が大きすぎます（全シートで {} セル、上限 {} セル）",
                num(*cells),
                num(*limit)
            ),
            MergeTooLarge { part, range, cells, limit } => write!(
                f,
                "ワークシート {part} の結合セル {range} が大きすぎます（{} セル、上限 {} セル）",
                num(*cells),
                num(*limit)
            ),
            BadReference { part, reference } => write!(
                f,
                "ワークシート {part} のセル参照「{reference}」が読めないか、シートの範囲外です"
            ),
            SharedStringCount { part, unique_count, bytes } => write!(
                f,
                "共有文字列の件数 (uniqueCount) がパーツの大きさと合いません（{part}: {} 件と宣言、パーツは {} バイト）",
                num(*unique_count),
                num(*bytes)
            ),
            TooManySharedStrings { part, count, limit } => write!(
                f,
                "{part} の共有文字列が多すぎます（{} 件以上、上限 {} 件）",
                num(*count),
                num(*limit)
            ),
            SharedFormulaIndex { part, index, limit } => write!(
                f,
                "ワークシート {part} の共有数式の番号 (si) {} が大きすぎます（上限 {}）",
                num(*index),
                num(*limit)
            ),
            TextTooLarge { part, bytes, limit } => write!(
                f,
                "{part} を読むと展開される文字列が大きすぎます（ブック全体で {} バイト以上、上限 {} バイト）",
                num(*bytes),
                num(*limit)
            ),
            TooManySheets { part, sheets, limit } => write!(
                f,
                "{part} に登録されたシートが多すぎます（{} 枚以上、上限 {} 枚）",
                num(*sheets),
                num(*limit)
            ),
            DuplicateSheet { part, key } => {
                write!(f, "{part} に同じシート（{key}）が重ねて登録されています（ファイルの構造が壊れています）")
            }
            Malformed { part, detail } => {
                write!(f, "ファイルの構造が壊れています（{part}: {detail}）")
            }
        }
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// The zip crate's or the system's own words behind the refusal, where there are any:
    /// English, so not in `Display`, but kept for `check --format json`.
    pub fn library_detail(&self) -> Option<&str> {
        match self {
            Refusal::Unreadable { detail } | Refusal::NotZip { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// Sniffs the bytes (not the extension): ZIP (xlsx/xlsm/xlsb/ods) gets the zip checks; a CFB file gets the
/// encryption check and the `.xls` checks; anything else passes (CSV is handled elsewhere).
///
/// A file that does not start with `PK` is still tried as ZIP, because the zip crate
/// (and so calamine) accepts archives with bytes prepended.
pub fn inspect(path: &Path, limits: &Limits) -> Result<(), Refusal> {
    let mut file = File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    let mut magic = [0u8; 8];
    let got = read_full(&mut file, &mut magic).map_err(unreadable)?;
    let magic = &magic[..got];
    if magic == CFB_MAGIC {
        check_file_size(len, limits)?;
        return inspect_cfb(&mut file, len, limits);
    }
    let looks_zip = magic.starts_with(b"PK");
    if let Some(entries) = declared_entries(&mut file, len) {
        if entries > limits.max_entries as u64 {
            return Err(Refusal::TooManyEntries { entries, limit: limits.max_entries as u64 });
        }
    }
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    match ZipArchive::new(BufReader::new(file)) {
        Ok(zip) => {
            check_file_size(len, limits)?;
            inspect_zip(zip, limits)
        }
        Err(e) if looks_zip => Err(Refusal::NotZip { part: None, detail: e.to_string() }),
        Err(_) => Ok(()),
    }
}

fn unreadable(e: io::Error) -> Refusal {
    Refusal::Unreadable { detail: e.to_string() }
}

fn check_file_size(len: u64, limits: &Limits) -> Result<(), Refusal> {
    if len > limits.max_file_bytes {
        return Err(Refusal::FileTooLarge { bytes: len, limit: limits.max_file_bytes });
    }
    Ok(())
}

/// Reads until `buf` is full or the reader ends; returns the bytes read.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8).map(|s| u64::from_le_bytes(s.try_into().unwrap()))
}

/// Formats a count with thousands separators.
fn num(n: u64) -> String {
    super::envelope::grouped(n)
}
