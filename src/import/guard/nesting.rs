//! Named nesting of an XML part: every end tag must close the element opened last, by its
//! name, and every element must be closed by the end of the part. calamine reads ODS (and
//! xlsx) with quick-xml's end-name check turned off and waits for the end tag of the table,
//! row or cell it is in: an end tag renamed or dropped makes its ODS reader loop forever at
//! the end of the part. A part that is not well nested is broken, whatever calamine would
//! make of it, so it is refused here.

use super::book::malformed;
use super::Refusal;

/// Deepest nesting a part may have. Spreadsheets nest a dozen levels (document, body,
/// table, row, cell, paragraph, span); lists in a cell's text add a few each.
pub(super) const MAX_DEPTH: usize = 1_000;

/// Bytes of a name kept and compared: longer names are compared on these.
const NAME_BYTES: usize = 256;

/// The names of the open elements, innermost last, in one buffer (a part has millions of
/// elements: one allocation each would cost more than the scan).
#[derive(Debug, Default)]
pub(super) struct Nesting {
    names: Vec<u8>,
    /// End offset in `names` of each open element's name.
    ends: Vec<usize>,
}

impl Nesting {
    /// A start tag (not an empty one, which closes itself).
    pub(super) fn open(&mut self, name: &[u8], part: &str) -> Result<(), Refusal> {
        if self.ends.len() >= MAX_DEPTH {
            return Err(malformed(part, &format!("要素の入れ子が深すぎます（上限 {MAX_DEPTH} 段）")));
        }
        self.names.extend_from_slice(&name[..name.len().min(NAME_BYTES)]);
        self.ends.push(self.names.len());
        Ok(())
    }

    /// An end tag: it must name the innermost open element.
    pub(super) fn close(&mut self, name: &[u8], part: &str) -> Result<(), Refusal> {
        let name = &name[..name.len().min(NAME_BYTES)];
        let Some(&end) = self.ends.last() else {
            return Err(malformed(part, &format!("開始タグのない終了タグ </{}> があります", shown(name))));
        };
        let start = self.ends.len().checked_sub(2).map_or(0, |i| self.ends[i]);
        let open = &self.names[start..end];
        if open != name {
            return Err(malformed(
                part,
                &format!(
                    "<{}> が </{}> で閉じられています（ファイルが壊れているか、手で編集されています）",
                    shown(open),
                    shown(name)
                ),
            ));
        }
        self.ends.pop();
        self.names.truncate(start);
        Ok(())
    }

    /// The end of the part: nothing may be left open.
    pub(super) fn finish(&self, part: &str) -> Result<(), Refusal> {
        let Some(&end) = self.ends.last() else { return Ok(()) };
        let start = self.ends.len().checked_sub(2).map_or(0, |i| self.ends[i]);
        Err(malformed(
            part,
            &format!(
                "<{}> の終わりがないまま途切れています（ファイルが途中で切れているか、手で編集されています）",
                shown(&self.names[start..end])
            ),
        ))
    }
}

/// A name as a message shows it: at most 60 characters.
fn shown(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().take(60).collect()
}
