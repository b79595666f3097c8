//! The chunked XML tokenizer every XML part of a ZIP package goes through, and
//! [`XmlSink`], which hands each tag to the models the part needs. Tags are found
//! the way quick-xml (and so calamine) finds them — quotes may hide `>`; comments,
//! CDATA and processing instructions hide tags; an internal DTD subset is refused —
//! without buffering text, so a part is checked while it decompresses and the
//! result does not depend on where the chunks break.

use super::book::{malformed, Book};
use super::nesting::Nesting;
use super::ods::OdsModel;
use super::ooxml::{SheetModel, StringsModel};
use super::sheets::SheetList;
use super::tag::{end_name, local_name, tag_name, Tag};
use super::zip::Role;
use super::Refusal;

/// Longest XML tag kept whole; the attributes of a longer tag are not needed
/// unless the tag matters, in which case the part is refused.
const MAX_TAG: usize = 1 << 20;

/// Where the tokenizer is between chunks; every state survives a chunk boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Text,
    /// Inside `<…>`; `quote` is the open quote character or 0.
    Tag {
        quote: u8,
    },
    /// `<!-- … -->`: `run` counts trailing dashes.
    Comment {
        run: u8,
    },
    /// `<![CDATA[ … ]]>`: `run` counts trailing brackets.
    CData {
        run: u8,
    },
    /// `<? … ?>`: `q` is true after a `?`.
    Pi {
        q: bool,
    },
}

/// Streaming XML tokenizer: finds tags the way quick-xml does (quotes may hide `>`,
/// comments, CDATA and processing instructions hide tags) without buffering text.
/// A tag that fits in one chunk is handed over in place; only a tag split across
/// chunks is copied (up to [`MAX_TAG`] bytes).
pub(super) struct Tokenizer {
    mode: Mode,
    /// The current tag's first bytes are still to be classified.
    fresh: bool,
    tag: Vec<u8>,
    truncated: bool,
    last: u8,
    tag_at: u64,
    pos: u64,
}

impl Tokenizer {
    pub(super) fn new() -> Self {
        Tokenizer {
            mode: Mode::Text,
            fresh: false,
            tag: Vec::new(),
            truncated: false,
            last: 0,
            tag_at: 0,
            pos: 0,
        }
    }

    pub(super) fn feed(
        &mut self,
        chunk: &[u8],
        sink: &mut XmlSink,
        part: &str,
        book: &mut Book,
    ) -> Result<(), Refusal> {
        let mut i = 0;
        while i < chunk.len() {
            i = match self.mode {
                Mode::Text => self.text(chunk, i, sink, part, book)?,
                Mode::Tag { quote } => self.in_tag(chunk, i, quote, sink, part, book)?,
                Mode::Comment { run } => self.until(chunk, i, run, b'-'),
                Mode::CData { run } => self.until(chunk, i, run, b']'),
                Mode::Pi { q } => self.pi(chunk, i, q),
            };
        }
        self.pos += chunk.len() as u64;
        Ok(())
    }

    /// Text mode, with a fast path for ordinary tags that end inside the chunk;
    /// anything else is left to the state machine.
    fn text(
        &mut self,
        chunk: &[u8],
        mut i: usize,
        sink: &mut XmlSink,
        part: &str,
        book: &mut Book,
    ) -> Result<usize, Refusal> {
        loop {
            let rest = &chunk[i..];
            let lt = if rest.first() == Some(&b'<') { Some(0) } else { find_byte(rest, b'<') };
            if sink.wants_text() {
                sink.text(&rest[..lt.unwrap_or(rest.len())]);
            }
            let Some(j) = lt else { return Ok(chunk.len()) };
            let start = i + j + 1;
            self.tag_at = self.pos + (i + j) as u64;
            let plain = start < chunk.len() && !matches!(chunk[start], b'!' | b'?');
            match plain.then(|| tag_end(chunk, start)).flatten() {
                Some(k) => {
                    let raw = &chunk[start..k];
                    let end = self.pos + k as u64 + 1;
                    dispatch(
                        raw,
                        false,
                        raw.last().copied().unwrap_or(0),
                        self.tag_at,
                        end,
                        sink,
                        part,
                        book,
                    )?;
                    i = k + 1;
                }
                None => {
                    self.tag.clear();
                    self.truncated = false;
                    self.fresh = true;
                    self.mode = Mode::Tag { quote: 0 };
                    return Ok(start);
                }
            }
        }
    }

    /// Collects a tag up to its closing `>` outside quotes, then dispatches it.
    fn in_tag(
        &mut self,
        chunk: &[u8],
        mut i: usize,
        mut quote: u8,
        sink: &mut XmlSink,
        part: &str,
        book: &mut Book,
    ) -> Result<usize, Refusal> {
        if self.fresh {
            match self.classify(chunk, i) {
                Classified::Plain => self.fresh = false,
                Classified::Special(mode, next) => {
                    self.mode = mode;
                    return Ok(next);
                }
                Classified::NeedMore(next) => return Ok(next),
                Classified::Collected(next) => {
                    self.fresh = false;
                    i = next;
                }
            }
        }
        let start = i;
        let mut closed = false;
        while i < chunk.len() {
            if quote != 0 {
                match chunk[i..].iter().position(|&b| b == quote) {
                    Some(p) => i += p + 1,
                    None => {
                        i = chunk.len();
                        break;
                    }
                }
                quote = 0;
                continue;
            }
            let b = chunk[i];
            if b == b'>' {
                closed = true;
                break;
            }
            if b == b'"' || b == b'\'' {
                quote = b;
            }
            i += 1;
        }
        if !closed {
            self.extend(&chunk[start..]);
            self.mode = Mode::Tag { quote };
            return Ok(chunk.len());
        }
        self.mode = Mode::Tag { quote: 0 };
        let end = self.pos + i as u64 + 1;
        if self.tag.is_empty() && !self.truncated {
            let raw = &chunk[start..i];
            dispatch(raw, false, raw.last().copied().unwrap_or(0), self.tag_at, end, sink, part, book)?;
        } else {
            self.extend(&chunk[start..i]);
            if self.tag.first() == Some(&b'!') {
                self.declaration(part)?;
            } else {
                dispatch(&self.tag, self.truncated, self.last, self.tag_at, end, sink, part, book)?;
            }
        }
        self.mode = Mode::Text;
        Ok(i + 1)
    }

    /// `<!DOCTYPE …>`: skipped like a tag (quick-xml too reads it up to the first `>`
    /// outside quotes), except that an internal subset (`[…]`) is refused, since
    /// quick-xml parses that by its own DTD rules. Other `<!…>` forms are errors to
    /// quick-xml, so calamine stops reading there and what follows does not matter.
    fn declaration(&self, part: &str) -> Result<(), Refusal> {
        let doctype = self.tag.len() >= 8 && self.tag[1..8].eq_ignore_ascii_case(b"DOCTYPE");
        if doctype && (self.tag.contains(&b'[') || self.truncated) {
            return Err(malformed(part, "DTD の内部サブセット（<!DOCTYPE … [ ]>）は使えません"));
        }
        Ok(())
    }

    /// Decides from the first bytes whether the tag is a comment, CDATA, PI or DTD.
    fn classify(&mut self, chunk: &[u8], mut i: usize) -> Classified {
        if self.tag.is_empty() && i < chunk.len() && !matches!(chunk[i], b'!' | b'?') {
            return Classified::Plain;
        }
        while self.undecided() && i < chunk.len() {
            self.extend(&chunk[i..i + 1]);
            i += 1;
            if let Some(mode) = self.special() {
                return Classified::Special(mode, i);
            }
        }
        if self.undecided() {
            return Classified::NeedMore(i);
        }
        Classified::Collected(i)
    }

    /// True while the first bytes may still turn out to open a comment, CDATA or PI.
    fn undecided(&self) -> bool {
        match self.tag.first() {
            None => true,
            Some(b'!') => {
                self.tag.len() < 8 && (b"![CDATA[".starts_with(&self.tag) || b"!--".starts_with(&self.tag))
            }
            _ => false,
        }
    }

    /// Recognises `<!--`, `<![CDATA[` and `<?`, whose content is not markup.
    fn special(&self) -> Option<Mode> {
        match &self.tag[..] {
            // quick-xml ends a PI at the first `>` after a `?`, the opening one included.
            b"?" => Some(Mode::Pi { q: true }),
            b"!--" => Some(Mode::Comment { run: 0 }),
            b"![CDATA[" => Some(Mode::CData { run: 0 }),
            _ => None,
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        if let Some(&b) = bytes.last() {
            self.last = b;
        }
        let room = MAX_TAG.saturating_sub(self.tag.len());
        if bytes.len() > room {
            self.truncated = true;
        }
        self.tag.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// Skips to the end of a comment (`-->`) or CDATA section (`]]>`).
    fn until(&mut self, chunk: &[u8], mut i: usize, mut run: u8, mark: u8) -> usize {
        while i < chunk.len() {
            let b = chunk[i];
            i += 1;
            if b == b'>' && run >= 2 {
                self.mode = Mode::Text;
                return i;
            }
            run = if b == mark { run.saturating_add(1) } else { 0 };
        }
        self.mode = if mark == b'-' { Mode::Comment { run } } else { Mode::CData { run } };
        i
    }

    fn pi(&mut self, chunk: &[u8], mut i: usize, mut q: bool) -> usize {
        while i < chunk.len() {
            let b = chunk[i];
            i += 1;
            if b == b'>' && q {
                self.mode = Mode::Text;
                return i;
            }
            q = b == b'?';
        }
        self.mode = Mode::Pi { q };
        i
    }
}

/// Bytes that end or quote inside a tag.
const TAG_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Index of the `>` closing the tag that starts at `i`, skipping quoted values;
/// `None` when the chunk ends first.
#[inline]
fn tag_end(chunk: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while !TAG_STOP[*chunk.get(i)? as usize] {
            i += 1;
        }
        let q = chunk[i];
        if q == b'>' {
            return Some(i);
        }
        i += chunk[i + 1..].iter().position(|&b| b == q)? + 2;
    }
}

/// Outcome of looking at a tag's first bytes.
enum Classified {
    /// An ordinary tag; nothing consumed.
    Plain,
    /// A comment, CDATA section or PI starts; continue at the index.
    Special(Mode, usize),
    /// The chunk ended before the kind was known.
    NeedMore(usize),
    /// An ordinary tag whose first bytes are already in the buffer.
    Collected(usize),
}

/// Hands a complete tag (the bytes between `<` and `>`) to the sink.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn dispatch(
    raw: &[u8],
    truncated: bool,
    last: u8,
    at: u64,
    end: u64,
    sink: &mut XmlSink,
    part: &str,
    book: &mut Book,
) -> Result<(), Refusal> {
    if let Some(rest) = raw.strip_prefix(b"/") {
        return sink.end(end_name(rest), end, part, book);
    }
    let closing = last == b'/';
    let body = if closing && !truncated { &raw[..raw.len() - 1] } else { raw };
    let name = tag_name(body);
    let tag = Tag { raw: body, name, local: local_name(name), truncated, closing, at, end };
    sink.start(&tag, part, book)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Non-zero where a byte of `word` equals `b` (the lowest set bit is exact).
fn byte_mask(word: u64, b: u8) -> u64 {
    let x = word ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// Index of the first `needle`, eight bytes at a time.
#[inline]
fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= hay.len() {
        let m = byte_mask(u64::from_le_bytes(hay[i..i + 8].try_into().unwrap()), needle);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    hay[i..].iter().position(|&x| x == needle).map(|p| i + p)
}

/// Receives tokenizer events and fans them out to the models a part needs.
pub(super) struct XmlSink {
    sheet: SheetModel,
    strings: Option<StringsModel>,
    ods: Option<OdsModel>,
    manifest: bool,
    sheets: SheetList,
    /// Open elements by name, in the parts calamine parses as XML.
    nesting: Option<Nesting>,
}

impl XmlSink {
    pub(super) fn new(role: Role) -> Self {
        XmlSink {
            sheet: SheetModel::default(),
            strings: (role == Role::XmlStrings).then(StringsModel::default),
            ods: (role == Role::OdsContent).then(OdsModel::default),
            manifest: role == Role::OdsManifest,
            sheets: SheetList::default(),
            nesting: None,
        }
    }

    /// Also checks that every element is closed by its name (see [`Nesting`]): for the XML
    /// parts, not for images or binary parts the tokenizer reads as noise.
    pub(super) fn nested(mut self, xml: bool) -> Self {
        self.nesting = xml.then(Nesting::default);
        self
    }

    /// A refusal of the ODS content names its table.
    fn named(&self, e: Refusal) -> Refusal {
        match &self.ods {
            Some(o) => o.named(e),
            None => e,
        }
    }

    fn wants_text(&self) -> bool {
        self.sheet.in_digits
    }

    /// Text of a shared-string `<v>`: a few bytes are enough to tell an index.
    fn text(&mut self, t: &[u8]) {
        if self.sheet.in_digits {
            let d = &mut self.sheet.digits;
            let room = 24usize.saturating_sub(d.len());
            d.extend_from_slice(&t[..t.len().min(room + 1)]);
        }
    }

    #[inline]
    fn start(&mut self, tag: &Tag, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if self.manifest && tag.local() == b"encryption-data" {
            return Err(Refusal::Encrypted);
        }
        if let (Some(n), false) = (self.nesting.as_mut(), tag.closing) {
            n.open(tag.name(), part).map_err(|e| self.named(e))?;
        }
        self.sheet.start(tag, part, book)?;
        self.sheets.start(tag, part, book.limits)?;
        if let Some(s) = self.strings.as_mut() {
            s.start(tag, part, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.start(tag, part, book)?;
        }
        Ok(())
    }

    #[inline]
    fn end(&mut self, name: &[u8], at: u64, part: &str, book: &mut Book) -> Result<(), Refusal> {
        if let Some(n) = self.nesting.as_mut() {
            n.close(name, part).map_err(|e| self.named(e))?;
        }
        self.sheet.end(name, at, part, book)?;
        if let Some(s) = self.strings.as_mut() {
            s.end(name, at, part, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.end(name, at, part, book)?;
        }
        Ok(())
    }

    pub(super) fn finish(&mut self, part: &str, bytes: u64, book: &mut Book) -> Result<(), Refusal> {
        if let Some(n) = self.nesting.as_ref() {
            n.finish(part).map_err(|e| self.named(e))?;
        }
        book.sheet_area(part, &self.sheet.bbox)?;
        if let Some(s) = self.strings.as_ref() {
            s.finish(part, bytes, book)?;
        }
        if let Some(o) = self.ods.as_mut() {
            o.finish(part, book)?;
        }
        Ok(())
    }
}
