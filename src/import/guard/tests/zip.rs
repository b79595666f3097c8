//! ZIP container tests: entry counts, part and package sizes, compression ratio.

use super::*;

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
