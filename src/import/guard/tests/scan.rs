//! XML tokenizer tests: quotes, comments, CDATA, DTDs and chunk boundaries.

use super::*;
use crate::import::guard::book::Book;
use crate::import::guard::scan::{Tokenizer, XmlSink};
use crate::import::guard::zip::Role;

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
