//! ZIP container checks (xlsx, xlsm, xlsb, ods). The entry count is read from the
//! end records before the zip crate sizes its tables from it; then every part is
//! streamed through [`Tee`], which counts the decompressed bytes of the part and
//! of the package and checks the compression ratio as they arrive, so declared
//! sizes are never trusted and a bomb is stopped a chunk past the cap. Each part
//! is routed by name ([`Role`]) to the XML scanner and, in xlsb, to the record
//! readers; string tables and the xlsb workbook go first because sheets are
//! judged against them.

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use ::zip::ZipArchive;

use super::book::Book;
use super::scan::{Tokenizer, XmlSink};
use super::xlsb::{scan_bin_sheet, scan_bin_strings, scan_bin_workbook};
use super::{le16, le64, Limits, Refusal};

/// Below this many bytes a part is too small for its compression ratio to matter.
const RATIO_FLOOR: u64 = 1 << 20;
/// Read size for streaming decompression.
pub(super) const CHUNK: usize = 64 * 1024;

/// Entry count from the ZIP end records, read before the zip crate sizes its
/// tables from it (zip64 records can claim billions). `None` if there is no end record.
pub(super) fn declared_entries<R: Read + Seek>(file: &mut R, len: u64) -> Option<u64> {
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

/// What a part is read as, besides the generic worksheet model every XML part gets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
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
/// workbook go first because sheets are judged against them, and the ODS manifest
/// because it says whether the content is encrypted.
pub(super) fn inspect_zip<R: Read + Seek>(mut zip: ZipArchive<R>, limits: &Limits) -> Result<(), Refusal> {
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
        // The manifest first too: an encrypted content.xml is noise, not a broken table.
        (!matches!(role, Role::XmlStrings | Role::BinStrings | Role::BinWorkbook | Role::OdsManifest), *i)
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
        sink: XmlSink::new(role).nested(is_xml(&part)),
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

/// Parts calamine parses as XML: the workbook's own parts, relationships, content types and
/// ODS content. Images and binary parts are only size-checked, and so are XML parts calamine
/// never opens (custom XML, often UTF-16, which this byte scanner does not read).
fn is_xml(part: &str) -> bool {
    let n = normalize(part);
    let xml = n.ends_with(".xml") || n.ends_with(".rels");
    let read =
        n.starts_with("xl/") || n.contains("_rels/") || n == "[content_types].xml" || n == "content.xml";
    xml && read
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
pub(super) struct Tee<'b, 'l, R: Read> {
    inner: R,
    pub(super) part: String,
    compressed: u64,
    read: u64,
    xml: Tokenizer,
    sink: XmlSink,
    pub(super) book: &'b mut Book<'l>,
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

    pub(super) fn park(&mut self, r: Refusal) -> io::Error {
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
