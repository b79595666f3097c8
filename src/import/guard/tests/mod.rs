//! Tests of the guard, one module per format or layer. Most build a file in
//! memory and run [`inspect`] on it, as calamine would get it; the builders they
//! share are here.

use super::*;
use ::zip::write::SimpleFileOptions;
use ::zip::CompressionMethod;
use std::io::{Cursor, Write};

mod ods;
mod ooxml;
mod scan;
mod xls;
mod xlsb;
mod zip;

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// Builds a ZIP in memory.
fn zip_of(files: &[(&str, Vec<u8>)], method: CompressionMethod) -> Vec<u8> {
    let mut w = ::zip::ZipWriter::new(Cursor::new(Vec::new()));
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
