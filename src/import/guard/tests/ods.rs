//! ODS tests: repeated rows and columns, encryption.

use super::*;

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

const ODS_CELL: &str =
    r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

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

#[test]
fn ods_unclosed_elements_and_huge_space_runs_are_refused() {
    let row = format!("<table:table-row>{ODS_CELL}</table:table-row>");
    assert_eq!(check(&ods(&row)), Ok(()));
    let cut = ods_cut(&row);
    let err = check(&cut).unwrap_err();
    assert!(matches!(err, Refusal::Malformed { ref detail, .. } if detail.contains("途切れて")), "{err:?}");
    let spaces = |n: u64| {
        format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="{n}"/></text:p></table:table-cell></table:table-row>"#
        )
    };
    assert_eq!(check(&ods(&spaces(10_000))), Ok(()));
    let err = check(&ods(&spaces(10_001))).unwrap_err();
    assert!(matches!(err, Refusal::Malformed { ref detail, .. } if detail.contains("text:c")), "{err:?}");
}

/// An ODS package whose content ends inside the table.
fn ods_cut(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}"#
    );
    zip_of(&[("content.xml", content.into_bytes())], CompressionMethod::Deflated)
}

#[test]
fn ods_renamed_or_dropped_end_tags_are_refused_naming_the_table() {
    let row = format!("<table:table-row>{ODS_CELL}</table:table-row>");
    assert_eq!(check(&ods(&row)), Ok(()));
    // calamine's ODS reader loops forever on each of these.
    for (from, to) in [
        ("</table:table>", "</table:tablX>"),
        ("</table:table-row>", "</table:table-rox>"),
        ("</table:table-cell>", ""),
        ("</table:table>", ""),
    ] {
        let rows = row.replacen(from, to, 1);
        let file = if from == "</table:table>" {
            let content = format!(
                r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="Sheet1">{row}{to}</office:spreadsheet></office:body></office:document-content>"#
            );
            zip_of(&[("content.xml", content.into_bytes())], CompressionMethod::Deflated)
        } else {
            ods(&rows)
        };
        let err = check(&file).unwrap_err();
        assert!(
            matches!(err, Refusal::Malformed { ref part, .. } if part.contains("Sheet1")),
            "{from} → {to}: {err:?}"
        );
    }
}
