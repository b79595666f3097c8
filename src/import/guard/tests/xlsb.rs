//! xlsb record tests.

use super::*;

/// One xlsb record: 1–2 byte type, 1–4 byte length.
fn brec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = if typ < 0x80 { vec![typ as u8] } else { vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8] };
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
    assert!(matches!(err, Refusal::RangeTooLarge { ref range, .. } if range == "A1:XFD1048576"), "{err:?}");
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

#[test]
fn xlsb_sheet_entries_past_the_limit_are_refused() {
    let workbook = [brec(0x0183, &[]), brec(0x009C, &[0; 12]).repeat(3)].concat();
    let file = zip_of(&[("xl/workbook.bin", workbook)], CompressionMethod::Deflated);
    let limits = Limits { max_sheets: 2, ..Limits::default() };
    let err = check_with(&file, &limits).unwrap_err();
    assert!(matches!(err, Refusal::TooManySheets { sheets: 3, limit: 2, .. }), "{err:?}");
    assert_eq!(check_with(&file, &Limits { max_sheets: 3, ..Limits::default() }), Ok(()));
}
