//! Crafted workbooks that would make calamine abort the whole process (or read hundreds of
//! megabytes) are refused before calamine sees them, with a Japanese reason, and one bad file
//! never stops the others. Each run is bounded in time and address space, so a regression
//! shows as a failure, not as a dead test runner.

mod common;

use common::{tempdir, write_xlsx, Sheet};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A minimal xlsx: one sheet with the given XML body and, if given, a sharedStrings part.
fn write_raw_xlsx(path: &Path, sheet_data: &str, shared_strings: Option<&[u8]>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let sst_type = if shared_strings.is_some() {
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
    } else {
        ""
    };
    let sst_rel = if shared_strings.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sst_type}</Types>"#).into_bytes()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{sst_rel}</Relationships>"#).into_bytes()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#).into_bytes()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    if let Some(sst) = shared_strings {
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        zip.write_all(sst).unwrap();
    }
    zip.finish().unwrap();
}

/// `kyodo check --format json FILES…` with at most 5 s and 500 MB of address space.
fn check_bounded(files: &[&Path]) -> (i32, Value, String) {
    let script = "ulimit -v 512000; exec \"$0\" check --format json \"$@\"";
    let mut child = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_kyodo")])
        .args(files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(5) {
            child.kill().ok();
            panic!("kyodo still running after 5 s on {files:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    let code = out.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}", out.status));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code, json, stderr)
}

/// A good plan beside the hostile file: it must still be read.
fn good_plan(dir: &Path) -> PathBuf {
    let mut sheet = Sheet::new("計画");
    sheet.row(&["項目", "内容"]);
    sheet.row(&["啓発活動", "条例の周知"]);
    let path = dir.join("good.xlsx");
    write_xlsx(&path, &[sheet]);
    path
}

/// Refused with a reason containing `reason`, and the good file beside it still read.
fn assert_refused(hostile: &Path, reason: &str) {
    let good = good_plan(hostile.parent().unwrap());
    let (code, json, stderr) = check_bounded(&[&good, hostile]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(json["items"], 1, "the good file is read: {json:#}");
    let error = json["files"][1]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error for the hostile file: {json:#}"));
    assert!(error.contains(reason), "{error}");
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "unreadable-file").unwrap();
    assert!(d["file"].as_str().unwrap().ends_with(hostile.file_name().unwrap().to_str().unwrap()));
}

#[test]
fn cells_at_both_ends_of_the_grid_are_refused() {
    let dir = tempdir("hostile", "range");
    let path = dir.join("range.xlsx");
    write_raw_xlsx(
        &path,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>項目</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        None,
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 4096, "a tiny file");
    assert_refused(&path, "大きすぎ");
}

#[test]
fn an_impossible_shared_string_count_is_refused() {
    let dir = tempdir("hostile", "sst");
    let path = dir.join("sst.xlsx");
    let sst = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000"><si><t>item</t></si></sst>"#;
    write_raw_xlsx(&path, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(sst));
    assert_refused(&path, "uniqueCount");
}

#[test]
fn a_huge_string_in_a_small_zip_is_refused() {
    let dir = tempdir("hostile", "bomb");
    let path = dir.join("bomb.xlsx");
    let mut sst = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#.to_vec();
    sst.resize(sst.len() + (160 << 20), b'a');
    sst.extend_from_slice(b"</t></si></sst>");
    write_raw_xlsx(&path, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&sst));
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20, "a small zip");
    let good = good_plan(&dir);
    let (code, json, stderr) = check_bounded(&[&good, &path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(json["files"][1]["error"].is_string(), "{json:#}");
}

#[test]
fn a_file_that_is_not_a_zip_is_unreadable_not_fatal() {
    let dir = tempdir("hostile", "junk");
    let path = dir.join("junk.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not really a zip at all").unwrap();
    let good = good_plan(&dir);
    let (code, json, _) = check_bounded(&[&good, &path]);
    assert_eq!(code, 1);
    assert!(json["files"][1]["error"].is_string(), "{json:#}");
}
