//! Crafted workbooks that would make calamine abort the whole process (or read hundreds of
//! megabytes) are refused before calamine sees them, with a Japanese reason, and one bad file
//! never stops the others. Each run is bounded in time and address space, so a regression
//! shows as a failure, not as a dead test runner.

#![cfg(unix)]

mod common;

use common::{
    kyodo_bounded, kyodo_bounded_cpu, tempdir, write_indicator_rows, write_one_line_items, write_xlsx, Sheet,
};
use serde_json::Value;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut args: Vec<&OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let run = kyodo_bounded(&args, 5, 500).run;
    let json = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, json, run.stderr)
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

// What fuzzing found (issue #12): each reproducer alone, bounded, ending in exit 1 or 2 with a
// Japanese message.

/// Writes a ZIP package of the given parts.
fn write_zip(path: &Path, parts: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An ODS package whose `content.xml` holds `body` inside `<office:spreadsheet>`.
fn write_ods(path: &Path, body: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{body}"#
    );
    write_zip(
        path,
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
            ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec()),
            ("content.xml", content.into_bytes()),
        ],
    );
}

/// An ODS row of string cells.
fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#)
        })
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

/// An ODS plan of one item on the table 「計画」, whose content goes on with `end` (the
/// table's end tag and the document's, or something else).
fn write_plan_ods(path: &Path, end: &str) {
    let rows = format!("{}{}", ods_row(&["項目", "内容"]), ods_row(&["啓発", "周知"]));
    write_ods(path, &format!(r#"<table:table table:name="計画">{rows}{end}"#));
}

const ODS_END: &str = "</office:spreadsheet></office:body></office:document-content>";

/// Finding 1: values only outside the header's columns panicked in the model.
#[test]
fn a_row_outside_the_header_columns_is_reported_not_a_panic() {
    let dir = tempdir("hostile", "outside");
    let csv = dir.join("outside.csv");
    std::fs::write(&csv, "施策,目標\n,,,x,y\n").unwrap();
    let xlsx = dir.join("outside.xlsx");
    let mut sheet = Sheet::new("計画");
    sheet.row(&["施策", "目標"]);
    sheet.row(&["", "", "", "x", "y"]);
    write_xlsx(&xlsx, &[sheet]);
    let ods = dir.join("outside.ods");
    write_ods(
        &ods,
        &format!(
            r#"<table:table table:name="計画">{}{}</table:table>{ODS_END}"#,
            ods_row(&["施策", "目標"]),
            ods_row(&["", "", "", "x", "y"])
        ),
    );
    for path in [&csv, &xlsx, &ods] {
        let (code, json, stderr) = check_bounded(&[path]);
        assert_eq!(code, 1, "{stderr}");
        let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "outside-table");
        let d = d.unwrap_or_else(|| panic!("no outside-table diagnostic: {json:#}"));
        assert_eq!(d["cell"], "D2", "{d}");
        assert!(d["message"].as_str().unwrap().contains("見出しのない列"), "{d}");
        assert_eq!(json["summary"]["rows"]["diagnostic_only"], 1, "{json:#}");
    }
}

/// Finding 2: calamine's ODS reader loops forever on a table that never ends.
#[test]
fn an_ods_table_without_its_end_is_refused() {
    let dir = tempdir("hostile", "unclosed");
    let path = dir.join("unclosed.ods");
    write_plan_ods(&path, "");
    assert_refused(&path, "途切れています");
    let (code, json, stderr) = check_bounded(&[&path]);
    assert_eq!(code, 2, "{stderr}");
    let error = json["error"].as_str().unwrap_or_else(|| panic!("a JSON error: {json:#}"));
    assert!(error.contains("unclosed.ods") && error.contains("シート「計画」"), "{error}");
}

/// Finding 3: one `text:s` standing for a billion spaces made calamine abort.
#[test]
fn a_huge_ods_space_run_is_refused() {
    let dir = tempdir("hostile", "spaces");
    let path = dir.join("spaces.ods");
    let cell = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row>"#;
    let rows = format!("{}{cell}", ods_row(&["項目", "内容"]));
    write_ods(&path, &format!(r#"<table:table table:name="計画">{rows}</table:table>{ODS_END}"#));
    assert_refused(&path, "text:c");
}

/// Finding 4: the import was quadratic in the rows of a sheet.
#[test]
fn a_stray_cell_far_down_costs_its_rows_only() {
    let dir = tempdir("hostile", "stray");
    let path = dir.join("stray.xlsx");
    let mut sheet = Sheet::new("計画");
    sheet.row(&["項目", "内容"]);
    for i in 1..=15 {
        sheet.row(&[&format!("項目{i}"), &format!("内容{i}")]);
    }
    sheet.rows.resize(199_999, Vec::new());
    sheet.row(&["."]);
    write_xlsx(&path, &[sheet]);
    let args: Vec<&OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref(), path.as_os_str()];
    // A bound, not a measurement: linear work is a fraction of a second, the quadratic import
    // this guards against took minutes, so a generous CPU limit cannot flake on a loaded machine.
    let bounded = kyodo_bounded(&args, 20, 500);
    assert_eq!(bounded.run.code, 1, "{}", bounded.run.stderr);
    let json: Value = serde_json::from_str(&bounded.run.stdout).unwrap();
    assert_eq!(json["summary"]["rows"]["read"], 200_000 - 1, "{json:#}");
    let d = &json["diagnostics"][0];
    assert_eq!((d["cell"].as_str(), d["item"].as_str()), (Some("B200000"), Some(".")), "{d}");
}

/// An xlsx whose workbook lists `sheets` (XML of `<sheet>` entries) through `rels`.
fn write_sheet_list(path: &Path, sheets: &str, rels: &str) {
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>項目</t></is></c><c r="B1" t="inlineStr"><is><t>内容</t></is></c></row></sheetData></worksheet>"#;
    write_zip(
        path,
        &[
            ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
            ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
            ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#).into_bytes()),
            ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).into_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes().to_vec()),
        ],
    );
}

fn sheet_rel(id: usize) -> String {
    format!(
        r#"<Relationship Id="rId{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
    )
}

/// Finding 5: thousands of sheet entries pointing at one part read it thousands of times.
#[test]
fn sheet_entries_sharing_a_part_are_refused() {
    let dir = tempdir("hostile", "sheets");
    let entry = |i: usize, id: usize| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{id}"/>"#);
    let same_id = dir.join("same-id.xlsx");
    write_sheet_list(&same_id, &(1..=10_000).map(|i| entry(i, 1)).collect::<String>(), &sheet_rel(1));
    assert!(std::fs::metadata(&same_id).unwrap().len() < 64 << 10, "a small file");
    assert_refused(&same_id, "同じシート（rId1）");
    let many = dir.join("many.xlsx");
    write_sheet_list(&many, &(1..=10_000).map(|i| entry(i, i)).collect::<String>(), &sheet_rel(1));
    assert_refused(&many, "シートが多すぎます（1,001 枚以上、上限 1,000 枚）");
    let few = dir.join("same-target.xlsx");
    let sheets: String = (1..=50).map(|i| entry(i, i)).collect();
    write_sheet_list(&few, &sheets, &(1..=50).map(sheet_rel).collect::<String>());
    assert_refused(&few, "同じシート");
}

/// Finding 6: a CSV field held many times its size in memory; it is cut to Excel's cell limit.
#[test]
fn a_30_mb_csv_field_is_cut_in_bounded_memory() {
    let dir = tempdir("hostile", "field");
    let path = dir.join("field.csv");
    let mut text = "項目,内容\n名前,\"".to_string();
    text.push_str(&"あ".repeat(10_000_000));
    text.push_str("\"\n");
    std::fs::write(&path, text).unwrap();
    let args: Vec<&OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref(), path.as_os_str()];
    let run = kyodo_bounded(&args, 10, 300).run;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "text-too-long").unwrap();
    assert_eq!(d["cell"], "B2");
    assert!(d["message"].as_str().unwrap().contains("10000000 文字、上限 100000 文字"), "{d}");
    assert_eq!(json["items"], 1);
}

/// Finding 7: a 1 MB 施策 text went whole into the PDF bookmark, which lopdf writes in
/// superlinear time; bookmarks carry the heading cut with …
#[test]
fn a_long_section_text_gives_a_short_bookmark() {
    let dir = tempdir("hostile", "section");
    let path = dir.join("plan.csv");
    let section = format!("施策1 {}", "協働".repeat(500_000));
    std::fs::write(&path, format!("施策,項目,内容\n\"{section}\",啓発,条例の周知\n")).unwrap();
    let out = dir.join("out");
    let args: Vec<&OsStr> =
        vec!["report".as_ref(), "--force".as_ref(), "-o".as_ref(), out.as_os_str(), path.as_os_str()];
    let run = kyodo_bounded(&args, 20, 1000).run;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("セルの文字数が多すぎます"), "{}", run.stderr);
    let pdf = lopdf::Document::load(out.join("official.pdf")).unwrap();
    let toc = pdf.get_toc().unwrap();
    let section = toc.toc.iter().find(|t| t.title.starts_with("施策1")).expect("a bookmark for 施策1");
    assert!(section.title.chars().count() <= 40 && section.title.ends_with('…'), "{}", section.title);
}

// The reproducers of what mutation fuzzing found past the guard (each once hung or aborted
// kyodo), written afresh by each test and run under the fuzzer's bounds: 10 s, 2 GB.

/// `kyodo ARGS` under the fuzzer's bounds: 10 s of CPU (a minute of wall-clock time, for a
/// busy machine) and 2 GB of address space.
fn run_bounded(args: &[&OsStr]) -> common::Run {
    let _one = one_at_a_time();
    kyodo_bounded_cpu(args, 10, 60, 2048).run
}

/// [`run_bounded`], ending in exit 1 or 2 with a Japanese message on stderr (or in the JSON on
/// stdout), which is returned.
fn bounded_refusal(args: &[&OsStr]) -> String {
    let run = run_bounded(args);
    assert!(matches!(run.code, 1 | 2), "exit {}: {}{}", run.code, run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)), "a Japanese message: {said}");
    said
}

/// The reproducers run one at a time: each is bounded in wall-clock time, and two of them on
/// CI's two cores beside the other tests would measure the machine, not kyodo.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reproducer 1: a renamed `</table:table>` made calamine's ODS reader loop until the reading
/// child's time limit; the guard now checks end tags by name.
#[test]
fn an_ods_table_with_a_renamed_end_tag_is_refused() {
    let dir = tempdir("hostile", "renamed");
    let path = dir.join("renamed.ods");
    write_plan_ods(&path, &format!("</table:tablX>{ODS_END}"));
    assert_refused(&path, "</table:tablX>");
    let said = bounded_refusal(&["check".as_ref(), path.as_os_str()]);
    assert!(said.contains("renamed.ods") && said.contains("シート「計画」"), "{said}");
}

/// Reproducer 2: one item with many reported indicator rows took quadratic time (40,000 rows:
/// 1.6 s in a release build, 262,000 rows: 117 s); the readings are keyed now.
#[test]
fn one_item_with_many_indicator_rows_is_read_in_linear_time() {
    let dir = tempdir("hostile", "indicators");
    let (plan, reported) = write_indicator_rows(&dir, 40_000);
    let args: [&OsStr; 6] = [
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--plan".as_ref(),
        plan.as_os_str(),
        reported.as_os_str(),
    ];
    let run = run_bounded(&args);
    assert!(matches!(run.code, 0 | 1), "exit {}: {}", run.code, run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["items"], 1, "{}", run.stderr);
}

/// Two cells on each of 1,048,575 rows: within the sheet grid, past the envelope's rows.
fn two_cell_rows() -> impl Iterator<Item = u32> {
    1..=1_048_575
}

/// Reproducer 3: an xlsx of 1,048,575 two-cell rows (367 KB) and the same as CSV (4 MB) made
/// `check` abort on allocation; both are refused by their rows now, in the reading child.
#[test]
fn a_million_two_cell_rows_are_refused_by_the_envelope() {
    let dir = tempdir("hostile", "million");
    let mut xml = String::with_capacity(60 << 20);
    for r in two_cell_rows() {
        xml.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>"#));
    }
    let xlsx = dir.join("million.xlsx");
    write_raw_xlsx(&xlsx, &xml, None);
    let csv = dir.join("million.csv");
    let text: String = two_cell_rows().map(|r| format!("{r},a\n")).collect();
    std::fs::write(&csv, text).unwrap();
    for (path, limit) in [(&xlsx, "250,000 行"), (&csv, "250,000 行")] {
        let said = bounded_refusal(&["check".as_ref(), path.as_os_str()]);
        assert!(said.contains(path.file_name().unwrap().to_str().unwrap()) && said.contains(limit), "{said}");
    }
}

/// Reproducer 4: 300,000 one-line items made `report --format all` abort (the PDF and the
/// workbook built at once, each holding the whole document). Refused by the envelope now:
/// by its rows, and a plan past the envelope's items by them.
#[test]
fn a_plan_past_the_envelope_is_refused_before_any_report() {
    let dir = tempdir("hostile", "items");
    let out = dir.join("out");
    for (name, n, limit) in [("rows.csv", 300_000, "250,000 行"), ("items.csv", 50_001, "50,000 件")] {
        let path = dir.join(name);
        write_one_line_items(&path, n);
        let args: [&OsStr; 6] = [
            "report".as_ref(),
            "--format".as_ref(),
            "all".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            path.as_os_str(),
        ];
        let said = bounded_refusal(&args);
        assert!(said.contains(name) && said.contains(limit), "{said}");
        assert!(!out.join("official.pdf").exists(), "nothing is written");
    }
}

/// Excel's lock file named directly, and a text file without an extension, are told for what
/// they are.
#[test]
fn lock_files_and_files_without_an_extension_are_named_for_what_they_are() {
    let dir = tempdir("hostile", "names");
    let lock = dir.join("~$計画.xlsx");
    std::fs::write(&lock, b"\x08user\x00\x00\x00").unwrap();
    let said = bounded_refusal(&["check".as_ref(), lock.as_os_str()]);
    assert!(said.contains("Excel のロックファイル") && said.contains("「計画.xlsx」のほう"), "{said}");
    let bare = dir.join("memo");
    std::fs::write(&bare, "メモです\n").unwrap();
    let said = bounded_refusal(&["check".as_ref(), bare.as_os_str()]);
    assert!(said.contains("拡張子のないファイル") && !said.contains("中身は ."), "{said}");
}
