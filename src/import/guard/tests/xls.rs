//! CFB and `.xls` tests, on compound files built in memory.

use super::*;
use crate::import::guard::cfb::END_OF_CHAIN;

/// A version-3 CFB file with the given streams (each ≥ 4096 bytes, so no mini stream).
/// `fat_patch` may rewrite FAT entries to build broken chains.
fn cfb(streams: &[(&str, Vec<u8>)], fat_patch: &[(usize, u32)]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    let mut data = Vec::new();
    let mut fat = vec![0xFFFF_FFFD, END_OF_CHAIN];
    let mut dirs = vec![dir("Root Entry", 5, END_OF_CHAIN, 0, if streams.is_empty() { FREE } else { 1 })];
    for (n, (name, bytes)) in streams.iter().enumerate() {
        let mut bytes = bytes.clone();
        bytes.resize(bytes.len().max(4096).div_ceil(512) * 512, 0);
        let first = 2 + data.len() / 512;
        let count = bytes.len() / 512;
        for k in 0..count {
            fat.push(if k + 1 == count { END_OF_CHAIN } else { (first + k + 1) as u32 });
        }
        let mut d = dir(name, 2, first as u32, streams[n].1.len().max(4096) as u64, FREE);
        if n + 1 < streams.len() {
            d[72..76].copy_from_slice(&((n + 2) as u32).to_le_bytes());
        }
        dirs.push(d);
        data.extend_from_slice(&bytes);
    }
    for &(i, v) in fat_patch {
        fat[i] = v;
    }
    fat.resize(128, FREE);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&CFB_MAGIC);
    out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&1u32.to_le_bytes());
    out[48..52].copy_from_slice(&1u32.to_le_bytes());
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    out[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    for i in 0..109 {
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&(if i == 0 { 0 } else { FREE }).to_le_bytes());
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let mut dir_sector: Vec<u8> = dirs.concat();
    dir_sector.resize(512, 0);
    out.extend_from_slice(&dir_sector);
    out.extend_from_slice(&data);
    out
}

fn dir(name: &str, kind: u8, start: u32, size: u64, child: u32) -> Vec<u8> {
    let mut d = vec![0u8; 128];
    let units: Vec<u16> = name.encode_utf16().collect();
    for (i, u) in units.iter().enumerate() {
        d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
    }
    d[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
    d[66] = kind;
    d[68..80].copy_from_slice(&[0xFF; 12]);
    d[76..80].copy_from_slice(&child.to_le_bytes());
    d[116..120].copy_from_slice(&start.to_le_bytes());
    d[120..128].copy_from_slice(&size.to_le_bytes());
    d
}

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 workbook stream: globals (with `extra` records), then one sheet.
fn biff(extra: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
    let bof = rec(0x0809, &[0, 6, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut globals = vec![bof.clone()];
    globals.extend(extra.iter().cloned());
    let bound_len = 4 + 14;
    let globals_len: usize = globals.iter().map(Vec::len).sum::<usize>() + bound_len + 4;
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, 6, 0]);
    bound.extend_from_slice(b"Sheet1");
    globals.push(rec(0x0085, &bound));
    globals.push(rec(0x000A, &[]));
    let mut out = globals.concat();
    assert_eq!(out.len(), globals_len);
    out.extend(bof);
    for r in sheet {
        out.extend_from_slice(r);
    }
    out.extend(rec(0x000A, &[]));
    out
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0; 10]);
    rec(0x0203, &d)
}

#[test]
fn encrypted_ooxml_is_refused() {
    let file = cfb(&[("EncryptionInfo", vec![1; 100]), ("EncryptedPackage", vec![2; 5000])], &[]);
    let err = check(&file).unwrap_err();
    assert_eq!(err, Refusal::Encrypted);
    assert!(err.to_string().contains("パスワードで保護されています"));
}

#[test]
fn xls_checks() {
    let ok = cfb(&[("Workbook", biff(&[], &[number(0, 0), number(100, 10)]))], &[]);
    assert_eq!(check(&ok), Ok(()));
    let far = cfb(&[("Workbook", biff(&[], &[number(0, 0), number(65535, 255)]))], &[]);
    assert!(matches!(check(&far), Err(Refusal::RangeTooLarge { ref range, .. }) if range == "A1:IV65536"));
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend_from_slice(&1_000_000u32.to_le_bytes());
    dims.extend_from_slice(&[0, 0, 255, 0, 0, 0]);
    let reserve = cfb(&[("Workbook", biff(&[], &[rec(0x0200, &dims)]))], &[]);
    assert!(matches!(check(&reserve), Err(Refusal::RangeTooLarge { rows: 1_000_000, .. })));
    let protected = cfb(&[("Workbook", biff(&[rec(0x002F, &[1, 0, 1, 0])], &[]))], &[]);
    assert_eq!(check(&protected), Err(Refusal::Encrypted));
}

#[test]
fn cfb_sector_cycle_is_refused() {
    // The directory sector (1) points back to itself: calamine would read it forever.
    let file = cfb(&[("Workbook", biff(&[], &[]))], &[(1, 1)]);
    assert!(matches!(check(&file), Err(Refusal::Malformed { ref detail, .. }) if detail.contains("循環")));
}

#[test]
fn two_bound_sheets_at_one_offset_are_refused() {
    // biff() puts its own BoundSheet's sheet at offset 60 with this one record added.
    let mut bound = 60u32.to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, 6, 0]);
    bound.extend_from_slice(b"Sheet2");
    let file = cfb(&[("Workbook", biff(&[rec(0x0085, &bound)], &[number(0, 0)]))], &[]);
    let err = check(&file).unwrap_err();
    assert!(matches!(err, Refusal::DuplicateSheet { ref key, .. } if key == "位置 60"), "{err:?}");
}
