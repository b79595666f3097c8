//! Compound File Binary (OLE) container, as `.xls` and encrypted OOXML use it.
//! Encrypted packages are refused; otherwise the `.xls` workbook stream is read
//! along the same FAT, DIFAT and mini-stream chains calamine follows, with the
//! cycle and range checks calamine lacks (a cyclic chain makes it read forever),
//! and handed to [`super::xls`].

use std::io::{Read, Seek, SeekFrom};

use super::book::malformed;
use super::xls::scan_biff;
use super::{le16, le32, le64, unreadable, Limits, Refusal};

pub(super) const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
pub(super) const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// CFB (OLE) file: encrypted OOXML is refused; an `.xls` workbook stream is read
/// along calamine's chains (which have no cycle check) and its BIFF records checked.
pub(super) fn inspect_cfb<R: Read + Seek>(file: &mut R, len: u64, limits: &Limits) -> Result<(), Refusal> {
    let mut data = Vec::with_capacity(len as usize);
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    file.take(limits.max_file_bytes).read_to_end(&mut data).map_err(unreadable)?;
    let cfb = Cfb::parse(&data)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(Refusal::Encrypted);
    }
    let Some(stream) = cfb.stream("Workbook").or_else(|| cfb.stream("Book")) else {
        return Ok(());
    };
    scan_biff(&stream?, limits)
}

fn cfb_bad(detail: &str) -> Refusal {
    malformed("CFB", detail)
}

/// Directory entry: name, first sector, size.
struct DirEntry {
    name: String,
    start: u32,
    size: u64,
}

/// Just enough of MS-CFB to follow the chains calamine follows.
struct Cfb<'a> {
    data: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    dirs: Vec<DirEntry>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, Refusal> {
        if data.len() < 512 {
            return Err(cfb_bad("ヘッダーが短すぎます"));
        }
        let version = le16(data, 26).unwrap_or(0);
        let sector = match le16(data, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(cfb_bad("セクターサイズが不正です")),
        };
        let mut cfb = Cfb {
            data,
            sector,
            fat: Vec::new(),
            dirs: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        cfb.fat = cfb.load_fat()?;
        let dir_start = le32(data, 48).unwrap_or(END_OF_CHAIN);
        let dirs = cfb.chain(dir_start, u64::MAX)?;
        cfb.dirs = dirs.chunks_exact(128).map(|c| dir_entry(c, version)).collect();
        cfb.load_mini()?;
        Ok(cfb)
    }

    fn max_id(&self) -> u64 {
        (self.data.len() / self.sector) as u64
    }

    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], Refusal> {
        if u64::from(id) > self.max_id() {
            return Err(cfb_bad("セクター番号がファイルの外を指しています"));
        }
        let start = (id as usize + 1) * self.sector;
        let end = (start + self.sector).min(self.data.len());
        Ok(self.data.get(start..end).unwrap_or(&[]))
    }

    /// DIFAT from the header, then its chain (bounded), then the FAT sectors it names.
    fn load_fat(&self) -> Result<Vec<u32>, Refusal> {
        let mut difat: Vec<u32> = (0..109).filter_map(|i| le32(self.data, 76 + 4 * i)).collect();
        let mut next = le32(self.data, 68).unwrap_or(END_OF_CHAIN);
        let mut steps = 0u64;
        while next < DIFSECT {
            steps += 1;
            if steps > self.max_id() + 1 {
                return Err(cfb_bad("DIFAT が循環しています"));
            }
            let s = self.sector_bytes(next)?;
            difat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())));
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            let s = self.sector_bytes(id)?;
            fat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())));
            if fat.len() as u64 > (self.max_id() + 1) * (self.sector as u64 / 4) {
                return Err(cfb_bad("FAT が大きすぎます"));
            }
        }
        Ok(fat)
    }

    /// Follows a FAT chain until END_OF_CHAIN or `len` bytes; a chain longer than
    /// the file has sectors is a cycle (calamine would loop and grow forever).
    fn chain(&self, mut id: u32, len: u64) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.max_id() + 1 {
                return Err(cfb_bad("セクターの連鎖が循環しています"));
            }
            let s = self.sector_bytes(id)?;
            let take = (s.len() as u64).min(len - out.len() as u64) as usize;
            out.extend_from_slice(&s[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or_else(|| cfb_bad("FAT の範囲外を指しています"))?;
        }
        Ok(out)
    }

    fn load_mini(&mut self) -> Result<(), Refusal> {
        let mini_fat_len = u64::from(le32(self.data, 64).unwrap_or(0));
        if mini_fat_len == 0 || self.dirs.is_empty() {
            return Ok(());
        }
        let root = (self.dirs[0].start, self.dirs[0].size);
        self.mini_stream = self.chain(root.0, root.1)?;
        let start = le32(self.data, 60).unwrap_or(END_OF_CHAIN);
        let bytes = self.chain(start, mini_fat_len.saturating_mul(self.sector as u64))?;
        self.mini_fat = bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        Ok(())
    }

    fn has(&self, name: &str) -> bool {
        self.dirs.iter().any(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// A stream's bytes: small ones live in the mini stream, as in calamine.
    fn stream(&self, name: &str) -> Option<Result<Vec<u8>, Refusal>> {
        let d = self.dirs.iter().find(|d| d.name.eq_ignore_ascii_case(name))?;
        if d.size < 4096 {
            return Some(self.mini_chain(d.start, d.size));
        }
        Some(self.chain(d.start, d.size))
    }

    fn mini_chain(&self, mut id: u32, len: u64) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.mini_fat.len() as u64 + 1 {
                return Err(cfb_bad("ミニストリームの連鎖が循環しています"));
            }
            // Past the mini stream calamine would read whatever bytes follow in the file.
            let start = id as usize * 64;
            let s = self
                .mini_stream
                .get(start..(start + 64).min(self.mini_stream.len()))
                .filter(|s| !s.is_empty())
                .ok_or_else(|| cfb_bad("ミニストリームの外を指しています"))?;
            let take = (s.len() as u64).min(len - out.len() as u64) as usize;
            out.extend_from_slice(&s[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.mini_fat.get(id as usize).ok_or_else(|| cfb_bad("ミニ FAT の範囲外を指しています"))?;
        }
        Ok(out)
    }
}

fn dir_entry(c: &[u8], version: u16) -> DirEntry {
    let units: Vec<u16> =
        c[..64].chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).take_while(|&u| u != 0).collect();
    let size = if version == 3 { u64::from(le32(c, 120).unwrap_or(0)) } else { le64(c, 120).unwrap_or(0) };
    DirEntry { name: String::from_utf16_lossy(&units), start: le32(c, 116).unwrap_or(END_OF_CHAIN), size }
}
