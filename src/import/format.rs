//! What a file is, from its first bytes and (for ZIP packages) its part names, whatever its
//! extension says: departments rename files, and systems export CSV or xlsx under `.xls`.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A ZIP package (xlsx, xlsm, xlsb, ods), or binary that is no compound file: the zip
    /// crate accepts archives with bytes before them, so the guard judges it as one.
    Zip,
    /// A Compound File (OLE2): `.xls` (or encrypted OOXML, which the guard reports).
    Xls,
    /// Text: CSV.
    Csv,
}

/// Compound File (OLE2) signature.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Bytes looked at to tell text from binary.
const SNIFF_BYTES: u64 = 8192;

/// The file's format by its first bytes.
pub fn detect(path: &Path) -> Result<Format, super::ImportError> {
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(|e| super::ImportError::io(&e))?;
    if head.is_empty() {
        return Err(super::ImportError::Empty);
    }
    Ok(if head.starts_with(&CFB_MAGIC) {
        Format::Xls
    } else if head.starts_with(b"PK") || head.contains(&0) {
        Format::Zip
    } else {
        Format::Csv
    })
}

/// The workbook format of a ZIP package, by its telltale parts: xlsb, ods, else xlsx. Called
/// after the guard has passed the file (the zip crate sizes its tables from the end records).
pub fn zip_kind(path: &Path) -> ZipKind {
    let Ok(Ok(zip)) = File::open(path).map(|f| zip::ZipArchive::new(BufReader::new(f))) else {
        return ZipKind::Xlsx;
    };
    let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)));
    if has("xl/workbook.bin") {
        ZipKind::Xlsb
    } else if has("content.xml") {
        ZipKind::Ods
    } else {
        ZipKind::Xlsx
    }
}

/// The workbook formats inside a ZIP package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// OpenDocument (.ods).
    Ods,
}
