//! One XML tag as calamine sees it: the name and local name quick-xml cuts, the
//! attributes calamine's raw iterator finds (a truncated tag or a repeated
//! attribute is refused), and parsers for the attribute values the models read —
//! counts and `A1` references — that refuse whatever calamine might read otherwise.

use super::book::malformed;
use super::{Refusal, GRID_COLS, GRID_ROWS};

/// Equality for short names without a call to `memcmp`.
#[inline]
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One start (or empty) tag as the tokenizer saw it.
pub(super) struct Tag<'a> {
    pub(super) raw: &'a [u8],
    pub(super) name: &'a [u8],
    pub(super) local: &'a [u8],
    pub(super) truncated: bool,
    pub(super) closing: bool,
    pub(super) at: u64,
    pub(super) end: u64,
}

impl<'a> Tag<'a> {
    pub(super) fn name(&self) -> &'a [u8] {
        self.name
    }

    pub(super) fn local(&self) -> &'a [u8] {
        self.local
    }

    /// Raw value of attribute `key` (exact qualified name, as calamine asks for it).
    pub(super) fn attr(&self, key: &[u8], part: &str) -> Result<Option<&'a [u8]>, Refusal> {
        Ok(self.attrs([key], part)?[0])
    }

    /// Raw value of the first attribute with this local name, whatever its prefix (calamine
    /// reads a sheet's `r:id` so).
    pub(super) fn attr_local(&self, local: &[u8], part: &str) -> Result<Option<&'a [u8]>, Refusal> {
        if self.truncated {
            return Err(malformed(part, "タグが長すぎます"));
        }
        let mut attrs = Attrs { rest: &self.raw[self.name.len()..] };
        Ok(attrs.find(|(k, _)| same(local_name(k), local)).map(|(_, v)| v))
    }

    /// Raw values of several attributes in one pass. A truncated tag or a
    /// repeated attribute cannot be trusted: refused.
    #[inline]
    pub(super) fn attrs<const N: usize>(
        &self,
        keys: [&[u8]; N],
        part: &str,
    ) -> Result<[Option<&'a [u8]>; N], Refusal> {
        if self.truncated {
            return Err(malformed(part, "タグが長すぎます"));
        }
        let mut found = [None; N];
        for (k, v) in (Attrs { rest: &self.raw[self.name.len()..] }) {
            if let Some(i) = keys.iter().position(|key| same(key, k)) {
                if found[i].is_some() {
                    return Err(malformed(part, "同じ属性が重複しています"));
                }
                found[i] = Some(v);
            }
        }
        Ok(found)
    }
}

/// quick-xml's whitespace (no form feed, unlike `u8::is_ascii_whitespace`).
fn xml_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A start tag's name: up to the first whitespace, as quick-xml cuts it.
pub(super) fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag.iter().position(xml_space).unwrap_or(tag.len());
    &tag[..end]
}

/// An end tag's name: all of its content, trailing whitespace trimmed (quick-xml).
pub(super) fn end_name(content: &[u8]) -> &[u8] {
    let end = content.iter().rposition(|b| !xml_space(b)).map_or(0, |i| i + 1);
    &content[..end]
}

/// quick-xml's local name: everything after the first colon.
pub(super) fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Iterator over `key="value"` pairs of a tag body.
struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);

    /// Mirrors calamine's raw attribute iterator: the key runs to `=` (trailing
    /// blanks trimmed), the value must be quoted; anything malformed ends the list
    /// (calamine reports an error there).
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.rest;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let eq = s[i..].iter().position(|&b| b == b'=')? + i;
        let key = trim_end(&s[i..eq]);
        i = eq + 1;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *s.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
        let close = s[i + 1..].iter().position(|&b| b == quote).map_or(s.len(), |p| p + i + 1);
        self.rest = s.get(close + 1..).unwrap_or(&[]);
        Some((key, &s[i + 1..close]))
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let i = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    &s[i..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let i = s.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    &s[..i]
}

/// Parses an unsigned decimal attribute; entities or junk are refused because
/// calamine may decode them differently.
pub(super) fn parse_count(v: &[u8], part: &str) -> Result<u64, Refusal> {
    let v = trim_end(trim_start(v));
    if v.is_empty() || v.len() > 19 || !v.iter().all(u8::is_ascii_digit) {
        return Err(malformed(part, &format!("数値属性「{}」が読めません", String::from_utf8_lossy(v))));
    }
    Ok(v.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

/// Parses `A1`-style references as calamine does (letters then digits), 0-based.
/// Returns (row, col?); anything past the sheet grid is refused.
#[inline]
pub(super) fn parse_ref(v: &[u8], part: &str) -> Result<(u64, Option<u64>), Refusal> {
    ref_value(v).ok_or_else(|| bad_ref(part, v))
}

#[inline]
fn ref_value(v: &[u8]) -> Option<(u64, Option<u64>)> {
    let (mut col, mut row, mut i) = (0u64, 0u64, 0usize);
    while let Some(&b) = v.get(i) {
        let l = (b | 0x20).wrapping_sub(b'a');
        if l > 25 {
            break;
        }
        if i == 3 {
            return None;
        }
        col = col * 26 + u64::from(l) + 1;
        i += 1;
    }
    let letters = i;
    while let Some(&b) = v.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 || i - letters == 7 {
            return None;
        }
        row = row * 10 + u64::from(d);
        i += 1;
    }
    if i == letters || row == 0 || row > GRID_ROWS || col > GRID_COLS {
        return None;
    }
    Some((row - 1, col.checked_sub(1)))
}

#[cold]
fn bad_ref(part: &str, v: &[u8]) -> Refusal {
    Refusal::BadReference { part: part.to_string(), reference: String::from_utf8_lossy(v).into_owned() }
}

pub(super) fn parse_cell(v: &[u8], part: &str) -> Result<(u64, u64), Refusal> {
    match parse_ref(v, part)? {
        (r, Some(c)) => Ok((r, c)),
        _ => Err(Refusal::BadReference {
            part: part.to_string(),
            reference: String::from_utf8_lossy(v).into_owned(),
        }),
    }
}

/// An `A1:B2` (or `A1`) area read like calamine's `get_dimension` (letters, then
/// digits, both parts required), as 0-based corners without bounds. `None` where
/// calamine rejects it: it then reports the error itself and allocates nothing.
pub(super) fn loose_area(v: &[u8]) -> Option<(u64, u64, u64, u64)> {
    let cell = |s: &[u8]| {
        let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &s[letters..];
        if letters == 0 || letters > 7 || digits.is_empty() || digits.len() > 12 {
            return None;
        }
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let col = s[..letters].iter().fold(0u64, |c, b| c * 26 + u64::from((b | 0x20) - b'a') + 1);
        let row = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        Some((row.checked_sub(1)?, col - 1))
    };
    let mut parts = v.split(|&b| b == b':');
    let a = cell(parts.next()?)?;
    let b = match parts.next() {
        Some(s) => cell(s)?,
        None => a,
    };
    parts.next().is_none().then_some((a.0, a.1, b.0, b.1))
}
