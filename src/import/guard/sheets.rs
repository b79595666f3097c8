//! Sheet lists. calamine reads one sheet per `<sheet r:id=…>` entry of `workbook.xml`,
//! through the workbook's relationships, without asking whether two entries lead to the
//! same part: a 271 KB file listing 517,815 sheets that all point at one worksheet reached
//! 8 GB. So the entries are counted against [`Limits::max_sheets`], and two entries with
//! the same relationship id, or two sheet relationships with the same target, are refused.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::tag::Tag;
use super::{Limits, Refusal};

/// Sheet entries and sheet relationships seen in one part, by a hash of their key (the keys
/// themselves could be long; a collision would only refuse a file, never let one through).
#[derive(Debug, Default)]
pub(super) struct SheetList {
    entries: u64,
    seen: HashSet<u64>,
}

/// Relationship types calamine opens as sheets.
const SHEET_TYPES: [&[u8]; 3] = [b"/worksheet", b"/chartsheet", b"/dialogsheet"];

impl SheetList {
    pub(super) fn start(&mut self, tag: &Tag, part: &str, limits: &Limits) -> Result<(), Refusal> {
        let key = match tag.local() {
            b"sheet" => tag.attr_local(b"id", part)?.map(<[u8]>::to_vec),
            b"Relationship" => {
                let [kind, target] = tag.attrs([b"Type", b"Target"], part)?;
                let is_sheet = kind.is_some_and(|k| SHEET_TYPES.iter().any(|t| k.ends_with(t)));
                if !is_sheet {
                    return Ok(());
                }
                target.map(normalise_target)
            }
            _ => return Ok(()),
        };
        let Some(key) = key else { return Ok(()) };
        self.entries += 1;
        if self.entries > limits.max_sheets {
            return Err(Refusal::TooManySheets {
                part: part.to_string(),
                sheets: self.entries,
                limit: limits.max_sheets,
            });
        }
        let mut hasher = DefaultHasher::new();
        (tag.local(), &key).hash(&mut hasher);
        if !self.seen.insert(hasher.finish()) {
            let shown = String::from_utf8_lossy(&key[..key.len().min(100)]).into_owned();
            return Err(Refusal::DuplicateSheet { part: part.to_string(), key: shown });
        }
        Ok(())
    }
}

/// `/xl/worksheets/Sheet1.xml` and `worksheets/sheet1.xml` name the same part for calamine.
fn normalise_target(target: &[u8]) -> Vec<u8> {
    let t = target.strip_prefix(b"/").unwrap_or(target);
    let t = t.strip_prefix(b"xl/").unwrap_or(t);
    t.iter().map(|b| if *b == b'\\' { b'/' } else { b.to_ascii_lowercase() }).collect()
}
