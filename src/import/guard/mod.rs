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

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use zip::ZipArchive;

/// Rows and columns of an Excel 2007+ sheet; references past them are refused.
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLS: u64 = 16_384;
/// Below this many bytes a part is too small for its compression ratio to matter.
const RATIO_FLOOR: u64 = 1 << 20;
/// Read size for streaming decompression.
const CHUNK: usize = 64 * 1024;
/// Longest XML tag kept whole; the attributes of a longer tag are not needed
/// unless the tag matters, in which case the part is refused.
const MAX_TAG: usize = 1 << 20;
/// A translated shared formula can grow: `A1` becomes at most `XFD1048576`.
const FORMULA_GROWTH: u64 = 5;
/// Minimum bytes of one `<si/>` entry, to check `uniqueCount` against the part size.
const MIN_SI_BYTES: u64 = 5;
/// calamine inserts `.xls` formula spaces one character at a time: bound that work.
const MAX_SPACE_WORK: u64 = 1 << 32;

/// Bounds a plan workbook never needs; anything past them is refused before calamine opens the file.
///
/// The defaults are generous for a real action plan (10,000 items × ~15 columns is
/// 150,000 cells) and keep calamine under roughly 500 MB in the worst case the
/// limits allow (4 million cells at 32 bytes, twice, plus the strings).
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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_entries: 10_000,
            max_part_bytes: 100 << 20,
            max_total_bytes: 300 << 20,
            max_ratio: 200,
            max_rows: GRID_ROWS,
            max_cols: GRID_COLS,
            max_cells: 4_000_000,
            max_total_cells: 8_000_000,
            max_shared_strings: 1_000_000,
            max_shared_formulas: 100_000,
            max_text_bytes: 128 << 20,
        }
    }
}

/// Why a file is refused. `Display` gives a Japanese sentence for municipal staff
/// naming the part and the numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The file could not be opened or read at all.
    Unreadable { detail: String },
    /// The file on disk is larger than `max_file_bytes`.
    FileTooLarge { bytes: u64, limit: u64 },
    /// A ZIP-looking file (or one of its parts) cannot be read as ZIP.
    NotZip { part: Option<String>, detail: String },
    /// Encrypted OOXML (CFB with `EncryptedPackage`), `.xls` with `FilePass`, or encrypted ODS.
    Encrypted,
    /// More ZIP entries than `max_entries`.
    TooManyEntries { entries: u64, limit: u64 },
    /// One part decompresses to more than `max_part_bytes`.
    PartTooLarge { part: String, limit: u64 },
    /// All parts together decompress to more than `max_total_bytes`.
    TotalTooLarge { limit: u64 },
    /// A part decompresses more than `max_ratio` times its compressed size.
    RatioTooHigh { part: String, compressed: u64, uncompressed: u64, limit: u64 },
    /// The area calamine would allocate for a sheet is too large.
    RangeTooLarge {
        part: String,
        range: String,
        rows: u64,
        cols: u64,
        max_rows: u64,
        max_cols: u64,
        max_cells: u64,
    },
    /// The used areas of all sheets add up to more than `max_total_cells`.
    WorkbookTooLarge { cells: u64, limit: u64 },
    /// A merged range covers more than `max_cells` cells.
    MergeTooLarge { part: String, range: String, cells: u64, limit: u64 },
    /// A cell reference that cannot be parsed or lies outside the sheet grid.
    BadReference { part: String, reference: String },
    /// `uniqueCount` promises more entries than the part could hold.
    SharedStringCount { part: String, unique_count: u64, bytes: u64 },
    /// More shared strings than `max_shared_strings`.
    TooManySharedStrings { part: String, count: u64, limit: u64 },
    /// A shared formula index beyond `max_shared_formulas`.
    SharedFormulaIndex { part: String, index: u64, limit: u64 },
    /// The text calamine would build exceeds `max_text_bytes`.
    TextTooLarge { part: String, bytes: u64, limit: u64 },
    /// A structure calamine would mis-read (sector cycles, DTDs, out-of-range offsets …).
    Malformed { part: String, detail: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Refusal::*;
        match self {
            Unreadable { detail } => write!(f, "ファイルを読めません（{detail}）"),
            FileTooLarge { bytes, limit } => write!(
                f,
                "ファイルが大きすぎます（{} バイト、上限 {} バイト）",
                num(*bytes),
                num(*limit)
            ),
            NotZip { part: Some(p), detail } => {
                write!(f, "ZIP として読めません（{p}: {detail}）")
            }
            NotZip { part: None, detail } => write!(f, "ZIP として読めません（{detail}）"),
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
            Malformed { part, detail } => {
                write!(f, "ファイルの構造が壊れています（{part}: {detail}）")
            }
        }
    }
}

impl std::error::Error for Refusal {}

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

/// Entry count from the ZIP end records, read before the zip crate sizes its
/// tables from it (zip64 records can claim billions). `None` if there is no end record.
fn declared_entries<R: Read + Seek>(file: &mut R, len: u64) -> Option<u64> {
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    file.read_exact(&mut tail).ok()?;
    let at = (0..tail.len().saturating_sub(21)).rev().find(|&i| tail[i..i + 4] == *b"PK\x05\x06")?;
    let entries = u64::from(le16(&tail, at + 10)?);
    if entries != 0xFFFF || at < 20 || tail[at - 20..at - 16] != *b"PK\x06\x07" {
        return Some(entries);
    }
    let record = le64(&tail, at - 12)?;
    let mut z64 = [0u8; 40];
    file.seek(SeekFrom::Start(record)).ok()?;
    file.read_exact(&mut z64).ok()?;
    (z64[..4] == *b"PK\x06\x06").then(|| le64(&z64, 32)).flatten()
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

/// Formats a count with thousands separators.
fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ───────────────────────────── shared bookkeeping ─────────────────────────────

/// State that spans parts: byte totals, the text budget and shared-string lengths.
struct Book<'l> {
    limits: &'l Limits,
    total: u64,
    cells: u64,
    text: u64,
    /// Upper bound of each shared string's length, by index.
    sst: Vec<u64>,
    /// Upper bound of formula text per formula byte (xlsb: from the longest name).
    formula_factor: u64,
}

impl<'l> Book<'l> {
    fn new(limits: &'l Limits) -> Self {
        Book { limits, total: 0, cells: 0, text: 0, sst: Vec::new(), formula_factor: 64 }
    }

    /// Adds text calamine would build and refuses once the budget is spent.
    fn charge(&mut self, part: &str, bytes: u64) -> Result<(), Refusal> {
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
    fn sheet_area(&mut self, part: &str, bbox: &BBox) -> Result<(), Refusal> {
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
    fn record_string(&mut self, part: &str, index: usize, len: u64) -> Result<(), Refusal> {
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
    fn string_len(&self, index: u64) -> u64 {
        usize::try_from(index).ok().and_then(|i| self.sst.get(i)).copied().unwrap_or(0)
    }

    fn longest_string(&self) -> u64 {
        self.sst.iter().copied().max().unwrap_or(0)
    }
}

/// Bounding box of the cells calamine would place, 0-based.
#[derive(Debug, Clone, Copy, Default)]
struct BBox {
    any: bool,
    min_r: u64,
    max_r: u64,
    min_c: u64,
    max_c: u64,
}

impl BBox {
    fn add(&mut self, r: u64, c: u64) {
        self.add_span(r, r, c, c);
    }

    fn add_span(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
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
    fn check(&self, part: &str, limits: &Limits) -> Result<(), Refusal> {
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
fn cell_name(row: u64, col: u64) -> String {
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

fn range_name(r0: u64, c0: u64, r1: u64, c1: u64) -> String {
    format!("{}:{}", cell_name(r0, c0), cell_name(r1, c1))
}

/// Refuses a merged range larger than `max_cells` (callers iterate merged cells).
fn check_merge(part: &str, r0: u64, c0: u64, r1: u64, c1: u64, limits: &Limits) -> Result<(), Refusal> {
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

fn malformed(part: &str, detail: &str) -> Refusal {
    Refusal::Malformed { part: part.to_string(), detail: detail.to_string() }
}

// ──────────────────────────────────── ZIP ────────────────────────────────────

/// What a part is read as, besides the generic worksheet model every XML part gets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// `sharedStrings.xml` anywhere (calamine resolves it next to the workbook).
    XmlStrings,
    /// ODS `content.xml` (calamine reads exactly this name).
    OdsContent,
    /// ODS `META-INF/manifest.xml`: announces encryption.
    OdsManifest,
    /// xlsb `xl/sharedStrings.bin`.
    BinStrings,
    /// xlsb `xl/workbook.bin`: sheet and defined names feed formula text.
    BinWorkbook,
    /// xlsb sheet: calamine only accepts targets under these folders.
    BinSheet,
    /// Anything else: XML-scanned, size- and ratio-checked.
    Other,
}

/// Lower-cased, forward-slash name, as calamine's path cache normalises it.
fn normalize(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

fn role_of(name: &str, is_xlsb: bool) -> Role {
    let n = normalize(name);
    if name == "content.xml" {
        Role::OdsContent
    } else if n == "meta-inf/manifest.xml" {
        Role::OdsManifest
    } else if n.ends_with("sharedstrings.xml") {
        Role::XmlStrings
    } else if is_xlsb && n == "xl/sharedstrings.bin" {
        Role::BinStrings
    } else if is_xlsb && n == "xl/workbook.bin" {
        Role::BinWorkbook
    } else if is_xlsb
        && ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"].iter().any(|p| n.starts_with(p))
    {
        Role::BinSheet
    } else {
        Role::Other
    }
}

/// Checks the package as a whole, then every part; string tables and the xlsb
/// workbook go first because sheets are judged against them.
fn inspect_zip<R: Read + Seek>(mut zip: ZipArchive<R>, limits: &Limits) -> Result<(), Refusal> {
    if zip.len() > limits.max_entries {
        return Err(Refusal::TooManyEntries { entries: zip.len() as u64, limit: limits.max_entries as u64 });
    }
    let names = (0..zip.len())
        .map(|i| match zip.name_for_index(i) {
            Some(Ok(n)) => Ok(n.into_owned()),
            Some(Err(e)) => Err(zip_error(&format!("#{i}"), e)),
            None => Ok(String::new()),
        })
        .collect::<Result<Vec<String>, Refusal>>()?;
    let is_xlsb = names.iter().any(|n| normalize(n) == "xl/workbook.bin");
    let mut order: Vec<(usize, Role)> =
        names.iter().enumerate().map(|(i, n)| (i, role_of(n, is_xlsb))).collect();
    order.sort_by_key(|(i, role)| {
        (!matches!(role, Role::XmlStrings | Role::BinStrings | Role::BinWorkbook), *i)
    });
    let mut book = Book::new(limits);
    for (index, role) in order {
        scan_entry(&mut zip, index, role, &mut book)?;
    }
    Ok(())
}

/// Entries encrypted inside the ZIP are reported as protected; anything else as unreadable ZIP.
fn zip_error(part: &str, e: impl fmt::Display) -> Refusal {
    let detail = e.to_string();
    if detail.contains("assword") {
        return Refusal::Encrypted;
    }
    Refusal::NotZip { part: Some(part.to_string()), detail }
}

/// Streams one entry through the byte counter and the scanners its role needs.
fn scan_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    role: Role,
    book: &mut Book,
) -> Result<(), Refusal> {
    let entry = zip.by_index(index).map_err(|e| zip_error(&format!("#{index}"), e))?;
    if entry.is_dir() {
        return Ok(());
    }
    let part = entry.name().map_err(|e| zip_error(&format!("#{index}"), e))?.into_owned();
    let compressed = entry.compressed_size();
    let mut tee = Tee {
        inner: entry,
        part: part.clone(),
        compressed,
        read: 0,
        xml: Tokenizer::new(),
        sink: XmlSink::new(role),
        book,
        refusal: None,
    };
    let binary = match role {
        Role::BinSheet => scan_bin_sheet(&mut tee),
        Role::BinStrings => scan_bin_strings(&mut tee),
        Role::BinWorkbook => scan_bin_workbook(&mut tee),
        _ => Ok(()),
    };
    let drained = binary.and_then(|_| drain(&mut tee));
    if let Some(r) = tee.refusal.take() {
        return Err(r);
    }
    if let Err(e) = drained {
        return Err(zip_error(&part, e));
    }
    tee.finish()
}

/// Reads a part to its end in large chunks (each chunk is scanned on the way).
fn drain<R: Read>(r: &mut R) -> io::Result<()> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reader over a decompressing entry: counts bytes against the caps, checks the
/// ratio as it goes, and feeds every chunk to the XML scanner. A refusal is parked
/// in `refusal` and surfaces as an I/O error to stop the caller.
struct Tee<'b, 'l, R: Read> {
    inner: R,
    part: String,
    compressed: u64,
    read: u64,
    xml: Tokenizer,
    sink: XmlSink,
    book: &'b mut Book<'l>,
    refusal: Option<Refusal>,
}

impl<R: Read> Tee<'_, '_, R> {
    fn count(&mut self, n: u64) -> Result<(), Refusal> {
        let limits = self.book.limits;
        self.read += n;
        self.book.total += n;
        if self.read > limits.max_part_bytes {
            return Err(Refusal::PartTooLarge { part: self.part.clone(), limit: limits.max_part_bytes });
        }
        if self.book.total > limits.max_total_bytes {
            return Err(Refusal::TotalTooLarge { limit: limits.max_total_bytes });
        }
        if self.read > RATIO_FLOOR && self.read > self.compressed.saturating_mul(limits.max_ratio) {
            return Err(Refusal::RatioTooHigh {
                part: self.part.clone(),
                compressed: self.compressed,
                uncompressed: self.read,
                limit: limits.max_ratio,
            });
        }
        Ok(())
    }

    fn park(&mut self, r: Refusal) -> io::Error {
        self.refusal = Some(r);
        io::Error::other("refused")
    }

    fn finish(mut self) -> Result<(), Refusal> {
        let part = self.part.clone();
        self.sink.finish(&part, self.read, self.book)
    }
}

impl<R: Read> Read for Tee<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.refusal.is_some() {
            return Err(io::Error::other("refused"));
        }
        let cap = buf.len().min(CHUNK);
        let n = self.inner.read(&mut buf[..cap])?;
        let fed = self
            .count(n as u64)
            .and_then(|_| self.xml.feed(&buf[..n], &mut self.sink, &self.part, self.book));
        match fed {
            Ok(()) => Ok(n),
            Err(r) => Err(self.park(r)),
        }
    }
}

// ─────────────────────────────── XML tokenizer ───────────────────────────────

/// Where the tokenizer is between chunks; every state survives a chunk boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Text,
    /// Inside `<…>`; `quote` is the open quote character or 0.
    Tag {
        quote: u8,
    },
    /// `<!-- … -->`: `run` counts trailing dashes.
    Comment {
        run: u8,
    },
    /// `<![CDATA[ … ]]>`: `run` counts trailing brackets.
    CData {
        run: u8,
    },
    /// `<? … ?>`: `q` is true after a `?`.
    Pi {
        q: bool,
    },
}

/// Streaming XML tokenizer: finds tags the way quick-xml does (quotes may hide `>`,
/// comments, CDATA and processing instructions hide tags) without buffering text.
/// A tag that fits in one chunk is handed over in place; only a tag split across
/// chunks is copied (up to [`MAX_TAG`] bytes).
struct Tokenizer {
    mode: Mode,
    /// The current tag's first bytes are still to be classified.
    fresh: bool,
    tag: Vec<u8>,
    truncated: bool,
    last: u8,
    tag_at: u64,
    pos: u64,
}

impl Tokenizer {
    fn new() -> Self {
        Tokenizer {
            mode: Mode::Text,
            fresh: false,
            tag: Vec::new(),
            truncated: false,
            last: 0,
            tag_at: 0,
            pos: 0,
        }
    }

    fn feed(&mut self, chunk: &[u8], sink: &mut XmlSink, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let mut i = 0;
        while i < chunk.len() {
            i = match self.mode {
                Mode::Text => self.text(chunk, i, sink, part, book)?,
                Mode::Tag { quote } => self.in_tag(chunk, i, quote, sink, part, book)?,
                Mode::Comment { run } => self.until(chunk, i, run, b'-'),
                Mode::CData { run } => self.until(chunk, i, run, b']'),
                Mode::Pi { q } => self.pi(chunk, i, q),
            };
        }
        self.pos += chunk.len() as u64;
        Ok(())
    }

    /// Text mode, with a fast path for ordinary tags that end inside the chunk;
    /// anything else is left to the state machine.
    fn text(
        &mut self,
        chunk: &[u8],
        mut i: usize,
        sink: &mut XmlSink,
        part: &str,
        book: &mut Book,
    ) -> Result<usize, Refusal> {
        loop {
            let rest = &chunk[i..];
            let lt = if rest.first() == Some(&b'<') { Some(0) } else { find_byte(rest, b'<') };
            if sink.wants_text() {
                sink.text(&rest[..lt.unwrap_or(rest.len())]);
            }
            let Some(j) = lt else { return Ok(chunk.len()) };
            let start = i + j + 1;
            self.tag_at = self.pos + (i + j) as u64;
            let plain = start < chunk.len() && !matches!(chunk[start], b'!' | b'?');
            match plain.then(|| tag_end(chunk, start)).flatten() {
                Some(k) => {
                    let raw = &chunk[start..k];
                    let end = self.pos + k as u64 + 1;
                    dispatch(
                        raw,
                        false,
                        raw.last().copied().unwrap_or(0),
                        self.tag_at,
                        end,
                        sink,
                        part,
                        book,
                    )?;
                    i = k + 1;
                }
                None => {
                    self.tag.clear();
                    self.truncated = false;
                    self.fresh = true;
                    self.mode = Mode::Tag { quote: 0 };
                    return Ok(start);
                }
            }
        }
    }

    /// Collects a tag up to its closing `>` outside quotes, then dispatches it.
    fn in_tag(
        &mut self,
        chunk: &[u8],
        mut i: usize,
        mut quote: u8,
        sink: &mut XmlSink,
        part: &str,
        book: &mut Book,
    ) -> Result<usize, Refusal> {
        if self.fresh {
            match self.classify(chunk, i) {
                Classified::Plain => self.fresh = false,
                Classified::Special(mode, next) => {
                    self.mode = mode;
                    return Ok(next);
                }
                Classified::NeedMore(next) => return Ok(next),
                Classified::Collected(next) => {
                    self.fresh = false;
                    i = next;
                }
            }
        }
        let start = i;
        let mut closed = false;
        while i < chunk.len() {
            if quote != 0 {
                match chunk[i..].iter().position(|&b| b == quote) {
                    Some(p) => i += p + 1,
                    None => {
                        i = chunk.len();
                        break;
                    }
                }
                quote = 0;
                continue;
            }
            let b = chunk[i];
            if b == b'>' {
                closed = true;
                break;
            }
            if b == b'"' || b == b'\'' {
                quote = b;
            }
            i += 1;
        }
        if !closed {
            self.extend(&chunk[start..]);
            self.mode = Mode::Tag { quote };
            return Ok(chunk.len());
        }
        self.mode = Mode::Tag { quote: 0 };
        let end = self.pos + i as u64 + 1;
        if self.tag.is_empty() && !self.truncated {
            let raw = &chunk[start..i];
            dispatch(raw, false, raw.last().copied().unwrap_or(0), self.tag_at, end, sink, part, book)?;
        } else {
            self.extend(&chunk[start..i]);
            if self.tag.first() == Some(&b'!') {
                self.declaration(part)?;
            } else {
                dispatch(&self.tag, self.truncated, self.last, self.tag_at, end, sink, part, book)?;
            }
        }
        self.mode = Mode::Text;
        Ok(i + 1)
    }

    /// `<!DOCTYPE …>`: skipped like a tag (quick-xml too reads it up to the first `>`
    /// outside quotes), except that an internal subset (`[…]`) is refused, since
    /// quick-xml parses that by its own DTD rules. Other `<!…>` forms are errors to
    /// quick-xml, so calamine stops reading there and what follows does not matter.
    fn declaration(&self, part: &str) -> Result<(), Refusal> {
        let doctype = self.tag.len() >= 8 && self.tag[1..8].eq_ignore_ascii_case(b"DOCTYPE");
        if doctype && (self.tag.contains(&b'[') || self.truncated) {
            return Err(malformed(part, "DTD の内部サブセット（<!DOCTYPE … [ ]>）は使えません"));
        }
        Ok(())
    }

    /// Decides from the first bytes whether the tag is a comment, CDATA, PI or DTD.
    fn classify(&mut self, chunk: &[u8], mut i: usize) -> Classified {
        if self.tag.is_empty() && i < chunk.len() && !matches!(chunk[i], b'!' | b'?') {
            return Classified::Plain;
        }
        while self.undecided() && i < chunk.len() {
            self.extend(&chunk[i..i + 1]);
            i += 1;
            if let Some(mode) = self.special() {
                return Classified::Special(mode, i);
            }
        }
        if self.undecided() {
            return Classified::NeedMore(i);
        }
        Classified::Collected(i)
    }

    /// True while the first bytes may still turn out to open a comment, CDATA or PI.
    fn undecided(&self) -> bool {
        match self.tag.first() {
            None => true,
            Some(b'!') => {
                self.tag.len() < 8 && (b"![CDATA[".starts_with(&self.tag) || b"!--".starts_with(&self.tag))
            }
            _ => false,
        }
    }

    /// Recognises `<!--`, `<![CDATA[` and `<?`, whose content is not markup.
    fn special(&self) -> Option<Mode> {
        match &self.tag[..] {
            // quick-xml ends a PI at the first `>` after a `?`, the opening one included.
            b"?" => Some(Mode::Pi { q: true }),
            b"!--" => Some(Mode::Comment { run: 0 }),
            b"![CDATA[" => Some(Mode::CData { run: 0 }),
            _ => None,
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        if let Some(&b) = bytes.last() {
            self.last = b;
        }
        let room = MAX_TAG.saturating_sub(self.tag.len());
        if bytes.len() > room {
            self.truncated = true;
        }
        self.tag.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// Skips to the end of a comment (`-->`) or CDATA section (`]]>`).
    fn until(&mut self, chunk: &[u8], mut i: usize, mut run: u8, mark: u8) -> usize {
        while i < chunk.len() {
            let b = chunk[i];
            i += 1;
            if b == b'>' && run >= 2 {
                self.mode = Mode::Text;
                return i;
            }
            run = if b == mark { run.saturating_add(1) } else { 0 };
        }
        self.mode = if mark == b'-' { Mode::Comment { run } } else { Mode::CData { run } };
        i
    }

    fn pi(&mut self, chunk: &[u8], mut i: usize, mut q: bool) -> usize {
        while i < chunk.len() {
            let b = chunk[i];
            i += 1;
            if b == b'>' && q {
                self.mode = Mode::Text;
                return i;
            }
            q = b == b'?';
        }
        self.mode = Mode::Pi { q };
        i
    }
}

/// Bytes that end or quote inside a tag.
const TAG_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Index of the `>` closing the tag that starts at `i`, skipping quoted values;
/// `None` when the chunk ends first.
#[inline]
fn tag_end(chunk: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while !TAG_STOP[*chunk.get(i)? as usize] {
            i += 1;
        }
        let q = chunk[i];
        if q == b'>' {
            return Some(i);
        }
        i += chunk[i + 1..].iter().position(|&b| b == q)? + 2;
    }
}

/// Outcome of looking at a tag's first bytes.
enum Classified {
    /// An ordinary tag; nothing consumed.
    Plain,
    /// A comment, CDATA section or PI starts; continue at the index.
    Special(Mode, usize),
    /// The chunk ended before the kind was known.
    NeedMore(usize),
    /// An ordinary tag whose first bytes are already in the buffer.
    Collected(usize),
}

/// Hands a complete tag (the bytes between `<` and `>`) to the sink.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn dispatch(
    raw: &[u8],
    truncated: bool,
    last: u8,
    at: u64,
    end: u64,
    sink: &mut XmlSink,
    part: &str,
    book: &mut Book,
) -> Result<(), Refusal> {
    if let Some(rest) = raw.strip_prefix(b"/") {
        return sink.end(end_name(rest), end, part, book);
    }
    let closing = last == b'/';
    let body = if closing && !truncated { &raw[..raw.len() - 1] } else { raw };
    let name = tag_name(body);
    let tag = Tag { raw: body, name, local: local_name(name), truncated, closing, at, end };
    sink.start(&tag, part, book)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Non-zero where a byte of `word` equals `b` (the lowest set bit is exact).
fn byte_mask(word: u64, b: u8) -> u64 {
    let x = word ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// Index of the first `needle`, eight bytes at a time.
#[inline]
fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= hay.len() {
        let m = byte_mask(u64::from_le_bytes(hay[i..i + 8].try_into().unwrap()), needle);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    hay[i..].iter().position(|&x| x == needle).map(|p| i + p)
}

/// Equality for short names without a call to `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One start (or empty) tag as the tokenizer saw it.
struct Tag<'a> {
    raw: &'a [u8],
    name: &'a [u8],
    local: &'a [u8],
    truncated: bool,
    closing: bool,
    at: u64,
    end: u64,
}

impl<'a> Tag<'a> {
    fn name(&self) -> &'a [u8] {
        self.name
    }

    fn local(&self) -> &'a [u8] {
        self.local
    }

    /// Raw value of attribute `key` (exact qualified name, as calamine asks for it).
    fn attr(&self, key: &[u8], part: &str) -> Result<Option<&'a [u8]>, Refusal> {
        Ok(self.attrs([key], part)?[0])
    }

    /// Raw values of several attributes in one pass. A truncated tag or a
    /// repeated attribute cannot be trusted: refused.
    #[inline]
    fn attrs<const N: usize>(&self, keys: [&[u8]; N], part: &str) -> Result<[Option<&'a [u8]>; N], Refusal> {
        if self.truncated {
            return Err(malformed(part, "タグが長すぎます"));
        }
        let mut found = [None; N];
        for (k, v) in (Attrs { rest: &self.raw[self.name.len()..] }) {
            if let Some(i) = keys.iter().position(|key| same(key, k)) {
                if found[i].is_some() {
                    return Err(malformed(part, "同じ属性が重複しています"));
                }
                found[i] = Some(v);
            }
        }
        Ok(found)
    }
}

/// quick-xml's whitespace (no form feed, unlike `u8::is_ascii_whitespace`).
fn xml_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A start tag's name: up to the first whitespace, as quick-xml cuts it.
fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag.iter().position(xml_space).unwrap_or(tag.len());
    &tag[..end]
}

/// An end tag's name: all of its content, trailing whitespace trimmed (quick-xml).
fn end_name(content: &[u8]) -> &[u8] {
    let end = content.iter().rposition(|b| !xml_space(b)).map_or(0, |i| i + 1);
    &content[..end]
}

/// quick-xml's local name: everything after the first colon.
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Iterator over `key="value"` pairs of a tag body.
struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);

    /// Mirrors calamine's raw attribute iterator: the key runs to `=` (trailing
    /// blanks trimmed), the value must be quoted; anything malformed ends the list
    /// (calamine reports an error there).
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.rest;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let eq = s[i..].iter().position(|&b| b == b'=')? + i;
        let key = trim_end(&s[i..eq]);
        i = eq + 1;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *s.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
        let close = s[i + 1..].iter().position(|&b| b == quote).map_or(s.len(), |p| p + i + 1);
        self.rest = s.get(close + 1..).unwrap_or(&[]);
        Some((key, &s[i + 1..close]))
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let i = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    &s[i..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let i = s.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    &s[..i]
}

/// Parses an unsigned decimal attribute; entities or junk are refused because
/// calamine may decode them differently.
fn parse_count(v: &[u8], part: &str) -> Result<u64, Refusal> {
    let v = trim_end(trim_start(v));
    if v.is_empty() || v.len() > 19 || !v.iter().all(u8::is_ascii_digit) {
        return Err(malformed(part, &format!("数値属性「{}」が読めません", String::from_utf8_lossy(v))));
    }
    Ok(v.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

/// Parses `A1`-style references as calamine does (letters then digits), 0-based.
/// Returns (row, col?); anything past the sheet grid is refused.
#[inline]
fn parse_ref(v: &[u8], part: &str) -> Result<(u64, Option<u64>), Refusal> {
    ref_value(v).ok_or_else(|| bad_ref(part, v))
}

#[inline]
fn ref_value(v: &[u8]) -> Option<(u64, Option<u64>)> {
    let (mut col, mut row, mut i) = (0u64, 0u64, 0usize);
    while let Some(&b) = v.get(i) {
        let l = (b | 0x20).wrapping_sub(b'a');
        if l > 25 {
            break;
        }
        if i == 3 {
            return None;
        }
        col = col * 26 + u64::from(l) + 1;
        i += 1;
    }
    let letters = i;
    while let Some(&b) = v.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 || i - letters == 7 {
            return None;
        }
        row = row * 10 + u64::from(d);
        i += 1;
    }
    if i == letters || row == 0 || row > GRID_ROWS || col > GRID_COLS {
        return None;
    }
    Some((row - 1, col.checked_sub(1)))
}

#[cold]
fn bad_ref(part: &str, v: &[u8]) -> Refusal {
    Refusal::BadReference { part: part.to_string(), reference: String::from_utf8_lossy(v).into_owned() }
}

fn parse_cell(v: &[u8], part: &str) -> Result<(u64, u64), Refusal> {
    match parse_ref(v, part)? {
        (r, Some(c)) => Ok((r, c)),
        _ => Err(Refusal::BadReference {
            part: part.to_string(),
            reference: String::from_utf8_lossy(v).into_owned(),
        }),
    }
}

/// An `A1:B2` (or `A1`) area read like calamine's `get_dimension` (letters, then
/// digits, both parts required), as 0-based corners without bounds. `None` where
/// calamine rejects it: it then reports the error itself and allocates nothing.
fn loose_area(v: &[u8]) -> Option<(u64, u64, u64, u64)> {
    let cell = |s: &[u8]| {
        let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &s[letters..];
        if letters == 0 || letters > 7 || digits.is_empty() || digits.len() > 12 {
            return None;
        }
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let col = s[..letters].iter().fold(0u64, |c, b| c * 26 + u64::from((b | 0x20) - b'a') + 1);
        let row = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        Some((row.checked_sub(1)?, col - 1))
    };
    let mut parts = v.split(|&b| b == b':');
    let a = cell(parts.next()?)?;
    let b = match parts.next() {
        Some(s) => cell(s)?,
        None => a,
    };
    parts.next().is_none().then_some((a.0, a.1, b.0, b.1))
}

// ──────────────────────────────── XML models ────────────────────────────────

/// Receives tokenizer events and fans them out to the models a part needs.
struct XmlSink {
    sheet: SheetModel,
    strings: Option<StringsModel>,
    ods: Option<OdsModel>,
    manifest: bool,
}

impl XmlSink {
    fn new(role: Role) -> Self {
        XmlSink {
            sheet: SheetModel::default(),
            strings: (role == Role::XmlStrings).then(StringsModel::default),
            ods: (role == Role::OdsContent).then(OdsModel::default),
            manifest: role == Role::OdsManifest,
        }
    }

    fn wants_text(&self) -> bool {
        self.sheet.in_digits
    }

    /// Text of a shared-string `<v>`: a few bytes are enough to tell an index.
    fn text(&mut self, t: &[u8]) {
        if self.sheet.in_digits {
            let d = &mut self.sheet.digits;
            let room = 24usize.saturating_sub(d.len());
            d.extend_from_slice(&t[..t.len().min(room + 1)]);
        }
    }

    #[inline]
    fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if self.manifest && tag.local() == b"encryption-data" {
            return Err(Refusal::Encrypted);
        }
        self.sheet.start(tag, part, book)?;
        if let Some(s) = self.strings.as_mut() {
            s.start(tag, part, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.start(tag, part, book)?;
        }
        Ok(())
    }

    #[inline]
    fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        self.sheet.end(name, at, part, book)?;
        if let Some(s) = self.strings.as_mut() {
            s.end(name, at, part, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.end(name, at, part, book)?;
        }
        Ok(())
    }

    fn finish(&mut self, part: &str, bytes: u64, book: &mut Book) -> Result<(), Refusal> {
        book.sheet_area(part, &self.sheet.bbox)?;
        if let Some(s) = self.strings.as_ref() {
            s.finish(part, bytes, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.finish_table(part, book)?;
        }
        Ok(())
    }
}

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
struct SheetModel {
    stage: Stage,
    row: u64,
    col: u64,
    cell: Option<OpenCell>,
    bbox: BBox,
    /// Qualified name of the open cell child (buffer reused across cells).
    child: Vec<u8>,
    /// Collecting the text of a `<v>` in a shared-string cell.
    in_digits: bool,
    digits: Vec<u8>,
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
    fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
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

    fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        let Some(cell) = self.cell.as_mut() else {
            match local_name(name) {
                b"row" if self.stage == Stage::Cells => self.row_end(),
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
struct StringsModel {
    active: bool,
    done: bool,
    unique: Option<u64>,
    count: usize,
    /// Start offset of the open `<si>`, and its qualified name (buffer reused).
    open: Option<u64>,
    open_name: Vec<u8>,
}

impl StringsModel {
    fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
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

    fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
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
    fn finish(&self, part: &str, bytes: u64, book: &Book) -> Result<(), Refusal> {
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

/// ODS `content.xml` model: expands `number-rows-repeated` / `number-columns-repeated`
/// the way calamine does (capped at the sheet grid) and measures the area between
/// the first and last rows holding data, plus the text repeated values copy.
#[derive(Debug, Default)]
struct OdsModel {
    rows: u64,
    bbox: BBox,
    row: Option<OdsRow>,
    cell: Option<OdsCell>,
    /// Qualified name of the open cell (buffer reused).
    cell_name: Vec<u8>,
    /// `table:name` of the current table.
    sheet: String,
}

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
    fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
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
            _ => Ok(()),
        }
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
        self.cell = Some(OdsCell { at: tag.at, col: row.col, repeat, data });
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
            row.weight = row.weight.saturating_add(at.saturating_sub(cell.at).saturating_mul(cell.repeat));
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

    fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
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

    fn finish_table(&mut self, part: &str, book: &mut Book) -> Result<(), Refusal> {
        self.cell_end(u64::MAX);
        self.row_end(part, book)?;
        let bbox = std::mem::take(&mut self.bbox);
        book.sheet_area(part, &bbox).map_err(|e| self.named(e))
    }

    /// Names the table in a refusal: `content.xml` alone tells staff nothing.
    fn named(&self, mut e: Refusal) -> Refusal {
        if let Refusal::RangeTooLarge { part, .. } | Refusal::TextTooLarge { part, .. } = &mut e {
            *part = format!("{part}（シート「{}」）", self.sheet);
        }
        e
    }
}

// ──────────────────────────────── xlsb records ────────────────────────────────

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
fn scan_bin_sheet<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
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
fn scan_bin_strings<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
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
fn scan_bin_workbook<R: Read>(tee: &mut Tee<'_, '_, R>) -> io::Result<()> {
    let mut longest = 0usize;
    let mut r = BufReader::with_capacity(CHUNK, &mut *tee);
    let mut buf = RecordBuf::new();
    let result = (|| -> io::Result<()> {
        while let Some((typ, len)) = record_header(&mut r)? {
            buf.fill(&mut r, len, false)?;
            if matches!(typ, 0x0027 | 0x009C | 0x016A) {
                longest = longest.max(len);
            }
        }
        Ok(())
    })();
    drop(r);
    result.or_else(eof_ok)?;
    tee.book.formula_factor = name_factor(longest as u64 * 3 / 2);
    Ok(())
}

/// Text bytes one formula byte can become: a 5-byte name token writes the whole
/// name, spaces and functions grow up to 64×.
fn name_factor(longest_name: u64) -> u64 {
    ((longest_name + 16) / 5 + 1).max(64)
}

// ───────────────────────────────── CFB / xls ─────────────────────────────────

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// CFB (OLE) file: encrypted OOXML is refused; an `.xls` workbook stream is read
/// along calamine's chains (which have no cycle check) and its BIFF records checked.
fn inspect_cfb<R: Read + Seek>(file: &mut R, len: u64, limits: &Limits) -> Result<(), Refusal> {
    let mut data = Vec::with_capacity(len as usize);
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    file.take(limits.max_file_bytes).read_to_end(&mut data).map_err(unreadable)?;
    let cfb = Cfb::parse(&data)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(Refusal::Encrypted);
    }
    let Some(stream) = cfb.stream("Workbook").or_else(|| cfb.stream("Book")) else {
        return Ok(());
    };
    scan_biff(&stream?, limits)
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

fn cfb_bad(detail: &str) -> Refusal {
    malformed("CFB", detail)
}

/// Directory entry: name, first sector, size.
struct DirEntry {
    name: String,
    start: u32,
    size: u64,
}

/// Just enough of MS-CFB to follow the chains calamine follows.
struct Cfb<'a> {
    data: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    dirs: Vec<DirEntry>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, Refusal> {
        if data.len() < 512 {
            return Err(cfb_bad("ヘッダーが短すぎます"));
        }
        let version = le16(data, 26).unwrap_or(0);
        let sector = match le16(data, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(cfb_bad("セクターサイズが不正です")),
        };
        let mut cfb = Cfb {
            data,
            sector,
            fat: Vec::new(),
            dirs: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        cfb.fat = cfb.load_fat()?;
        let dir_start = le32(data, 48).unwrap_or(END_OF_CHAIN);
        let dirs = cfb.chain(dir_start, u64::MAX)?;
        cfb.dirs = dirs.chunks_exact(128).map(|c| dir_entry(c, version)).collect();
        cfb.load_mini()?;
        Ok(cfb)
    }

    fn max_id(&self) -> u64 {
        (self.data.len() / self.sector) as u64
    }

    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], Refusal> {
        if u64::from(id) > self.max_id() {
            return Err(cfb_bad("セクター番号がファイルの外を指しています"));
        }
        let start = (id as usize + 1) * self.sector;
        let end = (start + self.sector).min(self.data.len());
        Ok(self.data.get(start..end).unwrap_or(&[]))
    }

    /// DIFAT from the header, then its chain (bounded), then the FAT sectors it names.
    fn load_fat(&self) -> Result<Vec<u32>, Refusal> {
        let mut difat: Vec<u32> = (0..109).filter_map(|i| le32(self.data, 76 + 4 * i)).collect();
        let mut next = le32(self.data, 68).unwrap_or(END_OF_CHAIN);
        let mut steps = 0u64;
        while next < DIFSECT {
            steps += 1;
            if steps > self.max_id() + 1 {
                return Err(cfb_bad("DIFAT が循環しています"));
            }
            let s = self.sector_bytes(next)?;
            difat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())));
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            let s = self.sector_bytes(id)?;
            fat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())));
            if fat.len() as u64 > (self.max_id() + 1) * (self.sector as u64 / 4) {
                return Err(cfb_bad("FAT が大きすぎます"));
            }
        }
        Ok(fat)
    }

    /// Follows a FAT chain until END_OF_CHAIN or `len` bytes; a chain longer than
    /// the file has sectors is a cycle (calamine would loop and grow forever).
    fn chain(&self, mut id: u32, len: u64) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.max_id() + 1 {
                return Err(cfb_bad("セクターの連鎖が循環しています"));
            }
            let s = self.sector_bytes(id)?;
            let take = (s.len() as u64).min(len - out.len() as u64) as usize;
            out.extend_from_slice(&s[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or_else(|| cfb_bad("FAT の範囲外を指しています"))?;
        }
        Ok(out)
    }

    fn load_mini(&mut self) -> Result<(), Refusal> {
        let mini_fat_len = u64::from(le32(self.data, 64).unwrap_or(0));
        if mini_fat_len == 0 || self.dirs.is_empty() {
            return Ok(());
        }
        let root = (self.dirs[0].start, self.dirs[0].size);
        self.mini_stream = self.chain(root.0, root.1)?;
        let start = le32(self.data, 60).unwrap_or(END_OF_CHAIN);
        let bytes = self.chain(start, mini_fat_len.saturating_mul(self.sector as u64))?;
        self.mini_fat = bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        Ok(())
    }

    fn has(&self, name: &str) -> bool {
        self.dirs.iter().any(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// A stream's bytes: small ones live in the mini stream, as in calamine.
    fn stream(&self, name: &str) -> Option<Result<Vec<u8>, Refusal>> {
        let d = self.dirs.iter().find(|d| d.name.eq_ignore_ascii_case(name))?;
        if d.size < 4096 {
            return Some(self.mini_chain(d.start, d.size));
        }
        Some(self.chain(d.start, d.size))
    }

    fn mini_chain(&self, mut id: u32, len: u64) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.mini_fat.len() as u64 + 1 {
                return Err(cfb_bad("ミニストリームの連鎖が循環しています"));
            }
            // Past the mini stream calamine would read whatever bytes follow in the file.
            let start = id as usize * 64;
            let s = self
                .mini_stream
                .get(start..(start + 64).min(self.mini_stream.len()))
                .filter(|s| !s.is_empty())
                .ok_or_else(|| cfb_bad("ミニストリームの外を指しています"))?;
            let take = (s.len() as u64).min(len - out.len() as u64) as usize;
            out.extend_from_slice(&s[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.mini_fat.get(id as usize).ok_or_else(|| cfb_bad("ミニ FAT の範囲外を指しています"))?;
        }
        Ok(out)
    }
}

fn dir_entry(c: &[u8], version: u16) -> DirEntry {
    let units: Vec<u16> =
        c[..64].chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).take_while(|&u| u != 0).collect();
    let size = if version == 3 { u64::from(le32(c, 120).unwrap_or(0)) } else { le64(c, 120).unwrap_or(0) };
    DirEntry { name: String::from_utf16_lossy(&units), start: le32(c, 116).unwrap_or(END_OF_CHAIN), size }
}

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
fn scan_biff(stream: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let globals = read_globals(stream)?;
    let mut book = Book::new(limits);
    book.sst = globals.sst.clone();
    book.formula_factor = name_factor(globals.longest_name);
    let fallback = globals.sst_fallback;
    let mut space_work = 0u64;
    for (pos, name) in &globals.sheets {
        let (pos, part) = (*pos, format!("Workbook（シート「{name}」）"));
        if pos > stream.len() {
            return Err(malformed(&part, "シートの位置がストリームの外です"));
        }
        scan_biff_sheet(stream, pos, &part, &mut book, fallback, &mut space_work)?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

    /// Builds a ZIP in memory.
    fn zip_of(files: &[(&str, Vec<u8>)], method: CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A minimal xlsx package around one worksheet body and optional shared strings.
    fn xlsx(sheet_body: &str, sst: Option<&str>, method: CompressionMethod) -> Vec<u8> {
        let mut files = vec![
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_vec()),
            ("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
            ("xl/workbook.xml", br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
            ("xl/worksheets/sheet1.xml", format!("{SHEET_HEAD}{sheet_body}</worksheet>").into_bytes()),
        ];
        if let Some(sst) = sst {
            files.push(("xl/sharedStrings.xml", sst.as_bytes().to_vec()));
        }
        zip_of(&files, method)
    }

    fn sheet_data(rows: &str) -> String {
        format!("<sheetData>{rows}</sheetData>")
    }

    /// Writes `bytes` to a temporary file and inspects it.
    fn check_with(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("kyodo-guard-{}-{n}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let result = inspect(&path, limits);
        std::fs::remove_file(&path).ok();
        result
    }

    fn check(bytes: &[u8]) -> Result<(), Refusal> {
        check_with(bytes, &Limits::default())
    }

    /// Runs the XML models over `xml` fed in chunks of `size` bytes.
    fn scan_chunked(xml: &[u8], size: usize, role: Role) -> Result<(), Refusal> {
        let limits = Limits::default();
        let mut book = Book::new(&limits);
        let mut sink = XmlSink::new(role);
        let mut tok = Tokenizer::new();
        for chunk in xml.chunks(size) {
            tok.feed(chunk, &mut sink, "part.xml", &mut book)?;
        }
        sink.finish("part.xml", xml.len() as u64, &mut book)
    }

    #[test]
    fn far_cell_is_refused_with_its_range() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
        );
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        match &err {
            Refusal::RangeTooLarge { part, range, rows, cols, .. } => {
                assert_eq!(part, "xl/worksheets/sheet1.xml");
                assert_eq!(range, "A1:XFD1048576");
                assert_eq!((*rows, *cols), (1_048_576, 16_384));
            }
            other => panic!("{other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("xl/worksheets/sheet1.xml のセル範囲 A1:XFD1048576 が大きすぎます"), "{msg}");
    }

    #[test]
    fn implicit_positions_are_followed() {
        let far = format!(
            r#"<row r="1"><c><v>1</v></c></row><row r="5000">{}<c><v>2</v></c></row>"#,
            "<c/>".repeat(1000)
        );
        let err = check(&xlsx(&sheet_data(&far), None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::RangeTooLarge { ref range, .. } if range == "A1:ALM5000"), "{err:?}");
    }

    #[test]
    fn wide_but_short_sheet_is_refused_by_cell_count() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="300"><c r="XFD300"><v>2</v></c></row>"#,
        );
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::RangeTooLarge { rows: 300, cols: 16_384, .. }), "{err:?}");
    }

    #[test]
    fn empty_styled_cells_do_not_count() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>"#,
        );
        assert_eq!(check(&xlsx(&body, None, CompressionMethod::Deflated)), Ok(()));
    }

    #[test]
    fn references_outside_the_grid_are_refused() {
        for r in ["XFE1", "A1048577", "A0", "1A", "$A$1"] {
            let body = sheet_data(&format!(r#"<row r="1"><c r="{r}"><v>1</v></c></row>"#));
            let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
            assert!(
                matches!(err, Refusal::BadReference { ref reference, .. } if reference == r),
                "{r}: {err:?}"
            );
        }
    }

    #[test]
    fn dimension_and_merges_are_read_leniently() {
        let data = sheet_data(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
        let lo = format!(r#"<dimension ref="1:233"/>{data}<mergeCells><mergeCell ref="A:A"/></mergeCells>"#);
        assert_eq!(check(&xlsx(&lo, None, CompressionMethod::Deflated)), Ok(()));
        let outside = format!(r#"<dimension ref="A1:XFE5"/>{data}"#);
        let err = check(&xlsx(&outside, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::BadReference { ref reference, .. } if reference == "A1:XFE5"));
    }

    #[test]
    fn gt_inside_quotes_does_not_hide_the_reference() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c foo="a>b" r="XFD1048576"><v>2</v></c></row>"#,
        );
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::RangeTooLarge { .. }), "{err:?}");
    }

    #[test]
    fn comments_and_cdata_hide_tags_like_quick_xml() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="1048576"><c r="XFD1048576"><v>2</v></c></row> --><![CDATA[ <c r="XFD1"><v>1</v></c> ]]>"#,
        );
        assert_eq!(check(&xlsx(&body, None, CompressionMethod::Deflated)), Ok(()));
    }

    #[test]
    fn cells_outside_sheet_data_are_ignored_like_calamine() {
        let custom = r#"<?xml version="1.0"?><root><row r="one"><c r="XFD1048576"><v>1</v></c></row></root>"#;
        let body = format!(
            r#"{}<extLst><c r="XFD1048576"><v>1</v></c></extLst>"#,
            sheet_data(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        );
        let mut file = xlsx(&body, None, CompressionMethod::Deflated);
        assert_eq!(check(&file), Ok(()));
        file = zip_of(&[("customXml/item1.xml", custom.as_bytes().to_vec())], CompressionMethod::Deflated);
        assert_eq!(check(&file), Ok(()));
    }

    #[test]
    fn doctype_without_internal_subset_passes() {
        let manifest = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#;
        let file = zip_of(&[("META-INF/manifest.xml", manifest.to_vec())], CompressionMethod::Deflated);
        assert_eq!(check(&file), Ok(()));
    }

    #[test]
    fn doctype_is_refused() {
        let body = format!(r#"<!DOCTYPE worksheet [<!ENTITY a "b">]>{}"#, sheet_data(""));
        let sheet = zip_of(&[("xl/worksheets/sheet1.xml", body.into_bytes())], CompressionMethod::Deflated);
        assert!(matches!(check(&sheet), Err(Refusal::Malformed { .. })));
    }

    #[test]
    fn references_split_across_chunks_are_still_caught() {
        let xml = format!(
            r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><!-- a > b --><row r="1048576"><c t="n" r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#
        );
        for size in 1..=64 {
            let err = scan_chunked(xml.as_bytes(), size, Role::Other).unwrap_err();
            assert!(
                matches!(err, Refusal::RangeTooLarge { ref range, .. } if range == "A1:XFD1048576"),
                "chunk {size}: {err:?}"
            );
        }
    }

    #[test]
    fn unique_count_beyond_the_part_is_refused() {
        let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000"><si><t>a</t></si></sst>"#;
        let body = sheet_data(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
        let err = check(&xlsx(&body, Some(sst), CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::SharedStringCount { unique_count: 1_000_000_000_000, .. }), "{err:?}");
        assert!(err.to_string().contains("共有文字列の件数 (uniqueCount) がパーツの大きさと合いません"));
    }

    #[test]
    fn shared_string_copies_are_charged() {
        let long = "x".repeat(100_000);
        let sst = format!(r#"<sst uniqueCount="2"><si><t>short</t></si><si><t>{long}</t></si></sst>"#);
        let row = |r: usize, idx: usize| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>{idx}</v></c></row>"#);
        let limits = Limits { max_text_bytes: 1_000_000, ..Limits::default() };
        let few: String = (1..=5).map(|r| row(r, 1)).collect();
        assert_eq!(
            check_with(&xlsx(&sheet_data(&few), Some(&sst), CompressionMethod::Stored), &limits),
            Ok(())
        );
        let many: String = (1..=20).map(|r| row(r, 1)).collect();
        let err = check_with(&xlsx(&sheet_data(&many), Some(&sst), CompressionMethod::Stored), &limits)
            .unwrap_err();
        assert!(matches!(err, Refusal::TextTooLarge { .. }), "{err:?}");
        let short: String = (1..=2000).map(|r| row(r, 0)).collect();
        assert_eq!(
            check_with(&xlsx(&sheet_data(&short), Some(&sst), CompressionMethod::Stored), &limits),
            Ok(())
        );
    }

    #[test]
    fn shared_formula_index_is_bounded() {
        let body = sheet_data(
            r#"<row r="1"><c r="A1"><f t="shared" si="4000000000" ref="A1:A2">1+1</f><v>2</v></c></row>"#,
        );
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::SharedFormulaIndex { index: 4_000_000_000, .. }), "{err:?}");
    }

    #[test]
    fn shared_formula_copies_are_charged() {
        let formula = vec!["A1"; 5000].join("+");
        let mut rows = format!(
            r#"<row r="1"><c r="B1"><f t="shared" si="0" ref="B1:B200">{formula}</f><v>0</v></c></row>"#
        );
        for r in 2..=200 {
            rows += &format!(r#"<row r="{r}"><c r="B{r}"><f t="shared" si="0"/><v>0</v></c></row>"#);
        }
        let limits = Limits { max_text_bytes: 5_000_000, ..Limits::default() };
        let err =
            check_with(&xlsx(&sheet_data(&rows), None, CompressionMethod::Deflated), &limits).unwrap_err();
        assert!(matches!(err, Refusal::TextTooLarge { .. }), "{err:?}");
    }

    #[test]
    fn whole_sheet_merge_is_refused() {
        let body = format!(
            r#"{}<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
            sheet_data(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        );
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(matches!(err, Refusal::MergeTooLarge { .. }), "{err:?}");
    }

    #[test]
    fn oversized_and_overcompressed_parts_are_refused() {
        let big = format!("<t>{}</t>", " ".repeat(3 << 20));
        let bomb = zip_of(&[("docProps/custom.xml", big.clone().into_bytes())], CompressionMethod::Deflated);
        assert!(matches!(check(&bomb), Err(Refusal::RatioTooHigh { .. })));
        assert!(check(&bomb).unwrap_err().to_string().contains("圧縮率が異常です"));
        let stored = zip_of(&[("docProps/custom.xml", big.into_bytes())], CompressionMethod::Stored);
        let small = Limits { max_part_bytes: 1 << 20, ..Limits::default() };
        let err = check_with(&stored, &small).unwrap_err();
        assert!(matches!(err, Refusal::PartTooLarge { .. }), "{err:?}");
        assert!(err.to_string().contains("展開後のサイズが大きすぎます"));
        let total = Limits { max_total_bytes: 1 << 20, ..Limits::default() };
        assert!(matches!(check_with(&stored, &total), Err(Refusal::TotalTooLarge { .. })));
    }

    #[test]
    fn too_many_entries_are_refused() {
        let files: Vec<(String, Vec<u8>)> = (0..50).map(|i| (format!("x/{i}"), Vec::new())).collect();
        let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
        let limits = Limits { max_entries: 20, ..Limits::default() };
        let err = check_with(&zip_of(&files, CompressionMethod::Stored), &limits).unwrap_err();
        assert_eq!(err, Refusal::TooManyEntries { entries: 50, limit: 20 });
    }

    #[test]
    fn declared_entry_count_is_checked_before_parsing() {
        let mut file = zip_of(&[("a.xml", b"<a/>".to_vec())], CompressionMethod::Stored);
        let eocd = file.len() - 22;
        file[eocd + 8..eocd + 12].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
        assert_eq!(check(&file), Err(Refusal::TooManyEntries { entries: 60_000, limit: 10_000 }));
    }

    #[test]
    fn not_zip_and_plain_text() {
        assert_eq!(check(b"name,value\n1,2\n"), Ok(()));
        let err = check(b"PK\x03\x04 this is not a zip").unwrap_err();
        assert!(matches!(err, Refusal::NotZip { .. }));
        assert!(err.to_string().contains("ZIP として読めません"));
    }

    /// An ODS package around the rows of one table.
    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip_of(
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
                ("content.xml", content.into_bytes()),
            ],
            CompressionMethod::Deflated,
        )
    }

    const ODS_CELL: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn ods_trailing_empty_rows_pass() {
        let row = format!(
            r#"<table:table-row>{}<table:table-cell table:number-columns-repeated="1009"/></table:table-row>"#,
            ODS_CELL.repeat(15)
        );
        let rows = format!(
            r#"{}<table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
            row.repeat(20)
        );
        assert_eq!(check(&ods(&rows)), Ok(()));
    }

    #[test]
    fn ods_repeats_are_expanded() {
        let wide = ODS_CELL.replacen(
            "<table:table-cell ",
            r#"<table:table-cell table:number-columns-repeated="16384" "#,
            1,
        );
        let rows = format!(r#"<table:table-row table:number-rows-repeated="6000">{wide}</table:table-row>"#);
        let err = check(&ods(&rows)).unwrap_err();
        assert!(matches!(err, Refusal::RangeTooLarge { ref range, .. } if range == "A1:XFD6000"), "{err:?}");
        let gap = format!(
            r#"<table:table-row>{c}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row><table:table-row>{}</table:table-row>"#,
            ODS_CELL.repeat(20),
            c = ODS_CELL
        );
        assert!(matches!(check(&ods(&gap)), Err(Refusal::RangeTooLarge { rows: 1_048_576, cols: 20, .. })));
        let text = format!(
            r#"<table:table-row table:number-rows-repeated="4"><table:table-cell table:number-columns-repeated="16384" office:value-type="string" office:string-value="{}"/></table:table-row>"#,
            "y".repeat(10_000)
        );
        assert!(matches!(check(&ods(&text)), Err(Refusal::TextTooLarge { .. })));
    }

    #[test]
    fn encrypted_ods_is_refused() {
        let manifest = br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>"#;
        let file = zip_of(
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
                ("META-INF/manifest.xml", manifest.to_vec()),
            ],
            CompressionMethod::Deflated,
        );
        assert_eq!(check(&file), Err(Refusal::Encrypted));
    }

    /// A version-3 CFB file with the given streams (each ≥ 4096 bytes, so no mini stream).
    /// `fat_patch` may rewrite FAT entries to build broken chains.
    fn cfb(streams: &[(&str, Vec<u8>)], fat_patch: &[(usize, u32)]) -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        let mut data = Vec::new();
        let mut fat = vec![0xFFFF_FFFD, END_OF_CHAIN];
        let mut dirs = vec![dir("Root Entry", 5, END_OF_CHAIN, 0, if streams.is_empty() { FREE } else { 1 })];
        for (n, (name, bytes)) in streams.iter().enumerate() {
            let mut bytes = bytes.clone();
            bytes.resize(bytes.len().max(4096).div_ceil(512) * 512, 0);
            let first = 2 + data.len() / 512;
            let count = bytes.len() / 512;
            for k in 0..count {
                fat.push(if k + 1 == count { END_OF_CHAIN } else { (first + k + 1) as u32 });
            }
            let mut d = dir(name, 2, first as u32, streams[n].1.len().max(4096) as u64, FREE);
            if n + 1 < streams.len() {
                d[72..76].copy_from_slice(&((n + 2) as u32).to_le_bytes());
            }
            dirs.push(d);
            data.extend_from_slice(&bytes);
        }
        for &(i, v) in fat_patch {
            fat[i] = v;
        }
        fat.resize(128, FREE);
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&CFB_MAGIC);
        out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&1u32.to_le_bytes());
        out[48..52].copy_from_slice(&1u32.to_le_bytes());
        out[56..60].copy_from_slice(&4096u32.to_le_bytes());
        out[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        out[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            out[76 + 4 * i..80 + 4 * i].copy_from_slice(&(if i == 0 { 0 } else { FREE }).to_le_bytes());
        }
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        let mut dir_sector: Vec<u8> = dirs.concat();
        dir_sector.resize(512, 0);
        out.extend_from_slice(&dir_sector);
        out.extend_from_slice(&data);
        out
    }

    fn dir(name: &str, kind: u8, start: u32, size: u64, child: u32) -> Vec<u8> {
        let mut d = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        d[66] = kind;
        d[68..80].copy_from_slice(&[0xFF; 12]);
        d[76..80].copy_from_slice(&child.to_le_bytes());
        d[116..120].copy_from_slice(&start.to_le_bytes());
        d[120..128].copy_from_slice(&size.to_le_bytes());
        d
    }

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    /// A BIFF8 workbook stream: globals (with `extra` records), then one sheet.
    fn biff(extra: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = rec(0x0809, &[0, 6, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let mut globals = vec![bof.clone()];
        globals.extend(extra.iter().cloned());
        let bound_len = 4 + 14;
        let globals_len: usize = globals.iter().map(Vec::len).sum::<usize>() + bound_len + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend_from_slice(&[0, 0, 6, 0]);
        bound.extend_from_slice(b"Sheet1");
        globals.push(rec(0x0085, &bound));
        globals.push(rec(0x000A, &[]));
        let mut out = globals.concat();
        assert_eq!(out.len(), globals_len);
        out.extend(bof);
        for r in sheet {
            out.extend_from_slice(r);
        }
        out.extend(rec(0x000A, &[]));
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        rec(0x0203, &d)
    }

    #[test]
    fn encrypted_ooxml_is_refused() {
        let file = cfb(&[("EncryptionInfo", vec![1; 100]), ("EncryptedPackage", vec![2; 5000])], &[]);
        let err = check(&file).unwrap_err();
        assert_eq!(err, Refusal::Encrypted);
        assert!(err.to_string().contains("パスワードで保護されています"));
    }

    #[test]
    fn xls_checks() {
        let ok = cfb(&[("Workbook", biff(&[], &[number(0, 0), number(100, 10)]))], &[]);
        assert_eq!(check(&ok), Ok(()));
        let far = cfb(&[("Workbook", biff(&[], &[number(0, 0), number(65535, 255)]))], &[]);
        assert!(
            matches!(check(&far), Err(Refusal::RangeTooLarge { ref range, .. }) if range == "A1:IV65536")
        );
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&1_000_000u32.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 255, 0, 0, 0]);
        let reserve = cfb(&[("Workbook", biff(&[], &[rec(0x0200, &dims)]))], &[]);
        assert!(matches!(check(&reserve), Err(Refusal::RangeTooLarge { rows: 1_000_000, .. })));
        let protected = cfb(&[("Workbook", biff(&[rec(0x002F, &[1, 0, 1, 0])], &[]))], &[]);
        assert_eq!(check(&protected), Err(Refusal::Encrypted));
    }

    #[test]
    fn cfb_sector_cycle_is_refused() {
        // The directory sector (1) points back to itself: calamine would read it forever.
        let file = cfb(&[("Workbook", biff(&[], &[]))], &[(1, 1)]);
        assert!(
            matches!(check(&file), Err(Refusal::Malformed { ref detail, .. }) if detail.contains("循環"))
        );
    }

    /// One xlsb record: 1–2 byte type, 1–4 byte length.
    fn brec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r =
            if typ < 0x80 { vec![typ as u8] } else { vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8] };
        let mut len = data.len();
        loop {
            let b = (len & 0x7F) as u8;
            len >>= 7;
            r.push(if len > 0 { b | 0x80 } else { b });
            if len == 0 {
                break;
            }
        }
        r.extend_from_slice(data);
        r
    }

    #[test]
    fn xlsb_far_cell_is_refused() {
        let cell = |col: u32| {
            let mut d = col.to_le_bytes().to_vec();
            d.extend_from_slice(&[0; 4]);
            d.extend_from_slice(&1f64.to_le_bytes());
            brec(0x0005, &d)
        };
        let row = |r: u32| brec(0x0000, &[r.to_le_bytes().as_slice(), &[0; 13]].concat());
        let sheet = [
            brec(0x0181, &[]),
            brec(0x0094, &[0; 16]),
            brec(0x0091, &[]),
            row(0),
            cell(0),
            row(1_048_575),
            cell(16_383),
            brec(0x0092, &[]),
        ]
        .concat();
        let file = zip_of(
            &[("xl/workbook.bin", brec(0x0183, &[])), ("xl/worksheets/sheet1.bin", sheet)],
            CompressionMethod::Deflated,
        );
        let err = check(&file).unwrap_err();
        assert!(
            matches!(err, Refusal::RangeTooLarge { ref range, .. } if range == "A1:XFD1048576"),
            "{err:?}"
        );
    }

    #[test]
    fn xlsb_shared_string_copies_are_charged() {
        let row = |r: u32| brec(0x0000, &[r.to_le_bytes().as_slice(), &[0; 13]].concat());
        let isst = |i: u32| brec(0x0007, &[[0u8; 8].as_slice(), &i.to_le_bytes()].concat());
        let text: Vec<u8> = "長".repeat(50_000).encode_utf16().flat_map(u16::to_le_bytes).collect();
        let item = brec(0x0013, &[[0u8].as_slice(), &50_000u32.to_le_bytes(), &text].concat());
        let sst = [brec(0x009F, &[0, 0, 0, 0, 1, 0, 0, 0]), item, brec(0x00A0, &[])].concat();
        let sheet = |cells: Vec<u8>| {
            [brec(0x0181, &[]), brec(0x0094, &[0; 16]), brec(0x0091, &[]), cells, brec(0x0092, &[])].concat()
        };
        let book = |cells: Vec<u8>| {
            zip_of(
                &[
                    ("xl/workbook.bin", brec(0x0183, &[])),
                    ("xl/sharedStrings.bin", sst.clone()),
                    ("xl/worksheets/sheet1.bin", sheet(cells)),
                ],
                CompressionMethod::Stored,
            )
        };
        let limits = Limits { max_text_bytes: 1_000_000, ..Limits::default() };
        let few: Vec<u8> = (0..5).flat_map(|r| [row(r), isst(0)].concat()).collect();
        assert_eq!(check_with(&book(few), &limits), Ok(()));
        let many: Vec<u8> = (0..20).flat_map(|r| [row(r), isst(0)].concat()).collect();
        assert!(matches!(check_with(&book(many), &limits), Err(Refusal::TextTooLarge { .. })));
        let outside = [row(0), isst(7)].concat();
        assert!(matches!(check_with(&book(outside), &limits), Err(Refusal::Malformed { .. })));
    }

    /// What Excel writes for a small plan (shared strings, styles, merged title).
    #[test]
    fn excel_like_workbook_passes() {
        let sst = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="3"><si><t>事業名</t></si><si><t>担当課</t></si><si><r><rPr><b/></rPr><t>協働</t></r><r><t xml:space="preserve"> 推進</t></r><phoneticPr fontId="1"/></si></sst>"#;
        let body = r#"<dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="18.75"/><sheetData><row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>2</v></c></row><row r="2" spans="1:3"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="2"/></row><row r="3" spans="1:3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>42</v></c><c r="C3"><f>B3*2</f><v>84</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#;
        assert_eq!(check(&xlsx(body, Some(sst), CompressionMethod::Deflated)), Ok(()));
    }

    /// A workbook written by a real writer (the one kyodo uses for its reports).
    #[test]
    fn rust_xlsxwriter_workbook_passes() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for r in 0..2000u32 {
            for c in 0..15u16 {
                if c % 2 == 0 {
                    ws.write_string(r, c, format!("事業 {r}-{c}")).unwrap();
                } else {
                    ws.write_number(r, c, f64::from(r)).unwrap();
                }
            }
            ws.write_formula(r, 15, format!("=B{}*2", r + 1).as_str()).unwrap();
        }
        ws.merge_range(2001, 0, 2001, 5, "合計", &rust_xlsxwriter::Format::new()).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert_eq!(check(&bytes), Ok(()));
    }
}
