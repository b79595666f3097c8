//! xlsx worksheet and shared-string tests, and real workbooks that must pass.

use super::*;

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
    let body =
        sheet_data(r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="300"><c r="XFD300"><v>2</v></c></row>"#);
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
        assert!(matches!(err, Refusal::BadReference { ref reference, .. } if reference == r), "{r}: {err:?}");
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
    assert_eq!(check_with(&xlsx(&sheet_data(&few), Some(&sst), CompressionMethod::Stored), &limits), Ok(()));
    let many: String = (1..=20).map(|r| row(r, 1)).collect();
    let err =
        check_with(&xlsx(&sheet_data(&many), Some(&sst), CompressionMethod::Stored), &limits).unwrap_err();
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
    let mut rows =
        format!(r#"<row r="1"><c r="B1"><f t="shared" si="0" ref="B1:B200">{formula}</f><v>0</v></c></row>"#);
    for r in 2..=200 {
        rows += &format!(r#"<row r="{r}"><c r="B{r}"><f t="shared" si="0"/><v>0</v></c></row>"#);
    }
    let limits = Limits { max_text_bytes: 5_000_000, ..Limits::default() };
    let err = check_with(&xlsx(&sheet_data(&rows), None, CompressionMethod::Deflated), &limits).unwrap_err();
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

#[test]
fn xlsx_sheet_with_a_renamed_or_stray_end_tag_is_refused() {
    let good = sheet_data(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    assert_eq!(check(&xlsx(&good, None, CompressionMethod::Deflated)), Ok(()));
    for body in [good.replace("</row>", "</rox>"), good.replace("</c>", ""), format!("{good}</row>")] {
        let err = check(&xlsx(&body, None, CompressionMethod::Deflated)).unwrap_err();
        assert!(
            matches!(err, Refusal::Malformed { ref part, .. } if part.contains("sheet1.xml")),
            "{body}: {err:?}"
        );
    }
}
