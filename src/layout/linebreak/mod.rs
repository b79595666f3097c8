//! Line breaking for Japanese table cells: UAX #14 break opportunities, tailored by JLReq
//! (Japanese Layout Requirements) kinsoku rules.
//!
//! printpdf places glyphs but never wraps text, so every cell is broken here first. The caller
//! passes the cell text, the column width and a closure giving one character's advance (summed
//! glyph advances from the font, in any unit), and gets back [`Line`]s to draw one under another.
//!
//! # How it works
//!
//! 1. The text is split into paragraphs at hard breaks (`"\n"`, `"\r\n"`, `"\r"`, and the other
//!    UAX #14 mandatory breaks: VT, FF, NEL, U+2028, U+2029). The break characters are dropped;
//!    an empty paragraph gives an empty line.
//! 2. In each paragraph [`unicode_linebreak::linebreaks`] marks where a soft break is allowed:
//!    between any two ideographs or kana, but not inside Latin words, numbers or `2024%`.
//!    Opportunities are added next to `“ ” ‘ ’` between wide characters (as Unicode 15.1 does)
//!    and removed where JLReq forbids them: before a character that may not start a line
//!    (行頭禁則: closing brackets, `、。・：？！`, `ー`, `々`, small kana, …), after one that may
//!    not end a line (行末禁則: opening brackets), inside `——`, `……`, `‥‥`, inside runs of
//!    full-width digits/letters (`２０２４`, `ＳＮＳ`), between a digit and `％`/`℃`, and before
//!    combining marks or variation selectors.
//! 3. Lines are filled greedily: each line ends at the last allowed break that still fits. If
//!    only a trailing `、。，．,.` (or `､｡`) overflows, it hangs past the width (ぶら下げ);
//!    otherwise the prohibited character's predecessors simply move down with it (追い出し),
//!    because the break before it was never allowed. (With [`break_lines_spaced`] a 、。 passes
//!    the width by its blank half only, so its ink stays in the measure, and so does a
//!    full-width closing bracket 」）.) Numbers stay with
//!    their counters (`312名`, `第1回`). A paragraph whose last line would be one character
//!    (perhaps with a 、。) takes one to three more from the line above, if that keeps two.
//! 4. If no allowed break fits (a long URL, a long number, or a width narrower than a word), the
//!    run is cut between characters (emergency break), preferring a cut that still obeys kinsoku,
//!    and always taking at least one character, so the loop always advances.
//!
//! Spaces (U+0020, tab, U+3000) at a soft break are dropped and never end a line; indentation at
//! the start of a paragraph is kept. A paragraph starting with a bullet (`・`, `●`, `※`, `-`,
//! `①`…) gets a hanging indent: continuation lines report [`Line::indent`] and are broken to the
//! width left over. Indentation or a bullet wider than half the column (or leaving no room for
//! the next character) is ignored: the leading spaces are dropped and the mark is plain text,
//! so a very narrow column still fits.
//!
//! [`break_lines_phrased`] (what [`crate::layout::text::Style::lines`] uses) sets short
//! paragraphs — titles and headings (up to [`SHORT_CHARS`] characters), names and cells
//! of up to [`SHORT_LINES`] lines — at phrase
//! (文節) boundaries found by BudouX's model, so that 「アクションプ／ラン」 or 「延／べ」 never
//! happen where the phrase fits the measure; where it does not, it falls back to the joins
//! between the words of a compound, then to the character breaks above.
//!
//! Each step scans a character a small, bounded number of times, so the cost is linear in the
//! length of the text.

use unicode_linebreak::{break_property, linebreaks, BreakClass};

mod kinsoku;
mod phrase;

use kinsoku::{
    closes_wide, ends_prohibited, hangs, is_bullet, is_space, kept_together, quote_break, starts_prohibited,
};

/// One laid-out line: its text (without trailing spaces or the source newline), its advance
/// width, and the left indent the renderer must apply (non-zero for continuation lines of a
/// "・" bullet).
///
/// `width` is the sum of the advances of `text`, so `indent + width` is where the line ends. It
/// can exceed the requested width only by a hanging `、。` or when a single character is wider
/// than the column.
///
/// # Examples
///
/// The following example shows the lines of a bullet item in a 10-unit column.
///
/// ```
/// use kyodo::layout::linebreak::{break_lines, Line};
///
/// // One unit for Japanese characters, half a unit for ASCII.
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// let lines = break_lines("・定年退職された方の参加を促進", 10.0, &advance);
///
/// assert_eq!(
///     lines,
///     vec![
///         Line { text: "・定年退職された方の".into(), width: 10.0, indent: 0.0 },
///         Line { text: "参加を促進".into(), width: 5.0, indent: 1.0 },
///     ]
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The characters of the line, without trailing spaces or newline characters.
    pub text: String,
    /// The sum of the advances of `text`.
    pub width: f32,
    /// How far right of the cell's left edge the renderer must start `text`.
    pub indent: f32,
}

/// Breaks cell text into lines no wider than `max_width` (same unit as `advance`), where
/// `advance(c)` gives one character's advance (the caller sums glyph advances from the font).
///
/// Hard breaks (`"\n"`, `"\r\n"`, `"\r"`) always end a line and an empty source line gives an
/// empty [`Line`]; so `""` gives one empty line and `"a\n"` gives `"a"` and `""`. Soft breaks
/// follow UAX #14 and JLReq kinsoku as described in the [module documentation](self).
///
/// Never panics and always terminates: a `max_width` narrower than one character (or zero,
/// negative or NaN) gives one character per line, and an unbreakable run wider than the column
/// is cut between characters. Negative or non-finite advances count as zero.
///
/// # Examples
///
/// The following example breaks a sentence from a municipal plan into a 9-unit column. The `。`
/// that would start the third line hangs at the end of the second one instead.
///
/// ```
/// use kyodo::layout::linebreak::break_lines;
///
/// // One unit for Japanese characters, half a unit for ASCII.
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// let lines = break_lines("協働(共働)に関する条例の周知に取り組みます。", 9.0, &advance);
/// let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
///
/// assert_eq!(texts, ["協働(共働)に関する", "条例の周知に取り組", "みます。"]);
/// assert_eq!(lines[0].width, 9.0);
/// ```
pub fn break_lines(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in paragraphs(text) {
        Paragraph::new(paragraph, max_width, advance, &|_, _| 0.0).layout(&mut lines);
    }
    lines
}

/// How many lines [`break_lines`] gives for `text`, without making them: what a row height
/// needs. The same breaks, so the same count (moving characters down to keep a last line from
/// standing alone never adds a line).
///
/// ```
/// use kyodo::layout::linebreak::{break_lines, count_lines};
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// let text = "協働(共働)に関する条例の周知に取り組みます。\n\n・定年退職された方の参加を促進";
/// assert_eq!(count_lines(text, 9.0, &advance), break_lines(text, 9.0, &advance).len());
/// assert_eq!(count_lines("", 9.0, &advance), 1);
/// ```
pub fn count_lines(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> usize {
    paragraphs(text)
        .into_iter()
        .map(|paragraph| Paragraph::new(paragraph, max_width, advance, &|_, _| 0.0).breaks().len().max(1))
        .sum()
}

/// [`break_lines_spaced`] breaking short paragraphs between phrases (文節), as names and
/// short cells are set: a paragraph that takes at most [`SHORT_LINES`] lines breaks at
/// BudouX's phrase boundaries where a phrase fits the measure, else between the words of a
/// compound (「推進｜アクションプラン」), and only else between characters as long prose does
/// (kinsoku holds throughout), unless that takes more lines than character breaks (a row of
/// a table would grow). A `title` (a heading, a caption) also does when it holds at most
/// [`SHORT_CHARS`] characters, and may take one line more. Other paragraphs are broken
/// exactly as [`break_lines_spaced`] breaks them.
///
/// ```
/// use kyodo::layout::linebreak::{break_lines_phrased, break_lines_spaced};
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// let none = |_: char, _: char| 0.0;
/// let texts = |lines: Vec<kyodo::layout::linebreak::Line>| -> Vec<String> {
///     lines.into_iter().map(|l| l.text).collect()
/// };
/// assert_eq!(texts(break_lines_spaced("参加者の固定化", 3.0, &advance, &none)), ["参加者", "の固", "定化"]);
/// assert_eq!(texts(break_lines_phrased("参加者の固定化", 4.0, &advance, &none, false)), ["参加者の", "固定化"]);
/// ```
pub fn break_lines_phrased(
    text: &str,
    max_width: f32,
    advance: &dyn Fn(char) -> f32,
    space: &dyn Fn(char, char) -> f32,
    title: bool,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in paragraphs(text) {
        let mut p = Paragraph::new(paragraph, max_width, advance, space);
        p.hang = 0.5;
        let mut breaks = p.breaks();
        // One line needs no choice; long prose keeps its even character breaks.
        let short = breaks.len() <= SHORT_LINES || (title && p.chars.len() <= SHORT_CHARS);
        if breaks.len() > 1 && short {
            p.mark_phrases(paragraph);
            let phrased = p.breaks();
            if phrased.len() <= breaks.len() + usize::from(title) {
                breaks = phrased;
            } else {
                p.tiers = BY_CHARACTER;
            }
        }
        p.emit(breaks, &mut lines);
    }
    lines
}

/// The most lines a paragraph takes by character breaks to be broken between phrases: a
/// cell of a few lines.
pub const SHORT_LINES: usize = 3;

/// A title of at most this many characters is broken between phrases however narrow the
/// measure.
pub const SHORT_CHARS: usize = 40;

/// [`break_lines`] with spacing between neighbours: `space(before, c)` is added to the advance
/// of `c` when it follows `before` on the same line (negative where 約物 are set closer, JLReq
/// 3.1.4; positive for the 和欧間 between Japanese and Latin, 3.3.2). A line's first character
/// takes no such space, and [`Line::width`] includes it, so a renderer that applies the same
/// spacing draws exactly the widths measured here. A line-end 、。 or full-width closing
/// bracket passes the width by at most half its advance: its blank half, so its ink stays
/// inside the measure (JLReq sets line-end 句読点 and 終わり括弧類 in half an em), and a box of
/// n ems still holds n full-width characters.
///
/// ```
/// use kyodo::layout::linebreak::break_lines_spaced;
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// // 、「 take one and a half ems instead of two.
/// let tight = |a: char, b: char| if a == '、' && b == '「' { -0.5 } else { 0.0 };
/// let lines = break_lines_spaced("市、「協働」", 5.5, &advance, &tight);
/// assert_eq!(lines.len(), 1);
/// assert_eq!(lines[0].width, 5.5);
/// ```
pub fn break_lines_spaced(
    text: &str,
    max_width: f32,
    advance: &dyn Fn(char) -> f32,
    space: &dyn Fn(char, char) -> f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in paragraphs(text) {
        let mut p = Paragraph::new(paragraph, max_width, advance, space);
        p.hang = 0.5;
        p.layout(&mut lines);
    }
    lines
}

/// Width of the widest run of `text` that no line break may enter (a Latin word, a number with
/// its counter, a kinsoku pair): the narrowest measure that needs no emergency break.
/// Indentation and bullets count with what follows them; hard breaks separate runs.
///
/// ```
/// use kyodo::layout::linebreak::longest_run;
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// assert_eq!(longest_run("市民が参加する。", &advance, &|_, _| 0.0), 2.0); // 「る。」
/// assert_eq!(longest_run("CATVで周知\n312名", &advance, &|_, _| 0.0), 2.5); // 「312名」
/// ```
pub fn longest_run(text: &str, advance: &dyn Fn(char) -> f32, space: &dyn Fn(char, char) -> f32) -> f32 {
    paragraphs(text)
        .into_iter()
        .map(|paragraph| Paragraph::new(paragraph, f32::INFINITY, advance, space).widest(ALLOWED))
        .fold(0.0, f32::max)
}

/// Width of the widest word of `text` as [`break_lines_phrased`] sees words (between phrase
/// boundaries and the joins of a compound, kinsoku pairs kept): the narrowest measure that
/// sets each of them whole, as a short cell should be.
///
/// ```
/// use kyodo::layout::linebreak::longest_word;
/// let advance = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
/// assert_eq!(longest_word("参加者の固定化", &advance, &|_, _| 0.0), 4.0); // 「参加者の」
/// assert_eq!(longest_word("地域マネージャー制の導入", &advance, &|_, _| 0.0), 6.0); // 「マネージャー」
/// ```
pub fn longest_word(text: &str, advance: &dyn Fn(char) -> f32, space: &dyn Fn(char, char) -> f32) -> f32 {
    let mut widest = 0.0f32;
    for paragraph in paragraphs(text) {
        let mut p = Paragraph::new(paragraph, f32::INFINITY, advance, space);
        p.mark_phrases(paragraph);
        widest = widest.max(p.widest(ALLOWED | WORD));
    }
    widest
}

impl Paragraph {
    /// The width of the widest run between breaks with every bit of `mask`.
    fn widest(&self, mask: u8) -> f32 {
        let p = self;
        let mut widest = 0.0f32;
        let mut start = p.start;
        for q in p.start + 1..=p.chars.len() {
            if q <= start {
                continue;
            }
            if q == p.chars.len() || (p.flags[q] & mask == mask && q > p.prefix_end) {
                let run = &p.chars[start..q];
                let len = run.len() - run.iter().rev().take_while(|&&c| is_space(c)).count();
                if len > 0 {
                    let w = p.advances[start..start + len].iter().sum::<f32>() - p.spaces[start];
                    widest = widest.max(w);
                }
                start = p.skip_spaces(q).min(p.chars.len());
            }
        }
        widest
    }
}

/// Splits at hard breaks; `\r\n` counts once. Keeps a trailing empty paragraph, like Excel.
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_hard_break(c) {
            continue;
        }
        out.push(&text[start..i]);
        start = i + c.len_utf8();
        if c == '\r' && iter.peek().map(|&(_, next)| next) == Some('\n') {
            iter.next();
            start += 1;
        }
    }
    out.push(&text[start..]);
    out
}

fn is_hard_break(c: char) -> bool {
    matches!(
        break_property(c as u32),
        BreakClass::Mandatory | BreakClass::CarriageReturn | BreakClass::LineFeed | BreakClass::NextLine
    )
}

/// One paragraph with its per-character data. Break positions `p` are char indices: a break at
/// `p` ends the line before `chars[p]`.
struct Paragraph {
    chars: Vec<char>,
    /// Each character's advance, including the space before it that its predecessor asks for.
    advances: Vec<f32>,
    /// That space alone: a line starting at the character does without it.
    spaces: Vec<f32>,
    /// `flags[p]` for `p` in `0..=n`: [`UAX14`], [`OK`] and [`ALLOWED`] bits.
    flags: Vec<u8>,
    /// Chars before this index (indentation and bullet) are kept together on the first line.
    prefix_end: usize,
    /// Where the first line starts (after indentation dropped in a narrow column).
    start: usize,
    /// Hanging indent of continuation lines.
    indent: f32,
    max_width: f32,
    /// How much of a line-end 、。's advance may pass `max_width` (1: all of it hangs).
    hang: f32,
    /// Slack for rounding when summing advances, so an exactly fitting line fits.
    epsilon: f32,
    /// The break kinds a line end is looked for among, in order of preference.
    tiers: &'static [u8],
}

/// UAX #14 (or the quote tailoring) offers a break here.
const UAX14: u8 = 1;
/// A break here obeys kinsoku and keeps inseparable pairs together.
const OK: u8 = 2;
/// Both: a normal line break may go here.
const ALLOWED: u8 = UAX14 | OK;
/// A phrase (文節) starts here.
const PHRASE: u8 = 4;
/// A word of a compound starts here (every phrase start too).
const WORD: u8 = 8;

/// What a line may end at, tried in order: every allowed break.
const BY_CHARACTER: &[u8] = &[ALLOWED];
/// Phrase boundaries first, then words of a compound, then characters.
const BY_PHRASE: &[u8] = &[ALLOWED | PHRASE, ALLOWED | WORD, ALLOWED];

impl Paragraph {
    fn new(
        text: &str,
        max_width: f32,
        advance: &dyn Fn(char) -> f32,
        space: &dyn Fn(char, char) -> f32,
    ) -> Self {
        // NaN would make every comparison false; as -inf nothing fits, one char per line.
        let max_width = if max_width.is_nan() { f32::NEG_INFINITY } else { max_width };
        let capacity = text.len() / 2;
        let mut paragraph = Paragraph {
            chars: Vec::with_capacity(capacity),
            advances: Vec::with_capacity(capacity),
            spaces: Vec::with_capacity(capacity),
            flags: Vec::with_capacity(capacity + 1),
            prefix_end: 0,
            start: 0,
            indent: 0.0,
            max_width,
            hang: 1.0,
            epsilon: if max_width.is_finite() { max_width.abs() * 1e-5 } else { 0.0 },
            tiers: BY_CHARACTER,
        };
        // Opportunities come in text order, each at a char boundary.
        let mut breaks = linebreaks(text).peekable();
        let mut before = None;
        for (byte, c) in text.char_indices() {
            let uax = breaks.next_if(|&(b, _)| b == byte).is_some();
            let extra = before.map_or(0.0, |b| space(b, c));
            let extra = if extra.is_finite() { extra } else { 0.0 };
            before = Some(c);
            paragraph.chars.push(c);
            paragraph.spaces.push(extra);
            paragraph.advances.push((sanitize(advance(c)) + extra).max(0.0));
            paragraph.flags.push(if uax { UAX14 } else { 0 });
        }
        paragraph.flags.push(0);
        paragraph.find_prefix();
        paragraph.find_breaks();
        paragraph
    }

    /// Leading indentation plus an optional bullet mark and the spaces after it.
    fn find_prefix(&mut self) {
        let chars = &self.chars;
        let spaces = chars.iter().take_while(|&&c| is_space(c)).count();
        let mut end = spaces;
        let bullet = spaces < chars.len() && is_bullet(chars[spaces], chars.get(spaces + 1));
        if bullet {
            end += 1;
            end += chars[end..].iter().take_while(|&&c| is_space(c)).count();
        }
        let width: f32 = self.advances[..end].iter().sum();
        let first_char = self.advances.get(end).copied().unwrap_or(0.0);
        if width <= self.max_width / 2.0 && width + first_char <= self.max_width {
            self.prefix_end = end;
            self.indent = if bullet { width } else { 0.0 };
        } else {
            // Too wide for the column: drop the indentation, treat the bullet as text.
            self.start = spaces;
            self.prefix_end = spaces;
        }
    }

    /// Sets `OK` where kinsoku allows a break, and adds the quote opportunities.
    fn find_breaks(&mut self) {
        let n = self.chars.len();
        // Backwards: mark breaks whose next line would start with a prohibited character
        // (looking past the spaces that the break drops).
        let mut next_prohibited = false;
        for p in (1..n).rev() {
            let c = self.chars[p];
            if !is_space(c) {
                next_prohibited = starts_prohibited(c);
            }
            if !next_prohibited && p > self.prefix_end {
                self.flags[p] |= OK;
            }
        }
        let mut last_visible = ' '; // what a line ending at p would end with
        for p in 1..n {
            let (before, after) = (self.chars[p - 1], self.chars[p]);
            if !is_space(before) {
                last_visible = before;
            }
            if ends_prohibited(last_visible) || kept_together(before, after) {
                self.flags[p] &= !OK;
            } else if quote_break(before, after) {
                self.flags[p] |= UAX14;
            }
        }
    }

    /// Marks phrase starts and word joins of `text` (this paragraph's text), and makes lines
    /// end at them where they can.
    fn mark_phrases(&mut self, text: &str) {
        for p in phrase::phrase_starts(text) {
            if p < self.chars.len() {
                self.flags[p] |= PHRASE | WORD;
            }
        }
        for p in 1..self.chars.len() {
            if phrase::word_join(self.chars[p - 1], self.chars[p]) {
                self.flags[p] |= WORD;
            }
        }
        self.tiers = BY_PHRASE;
    }

    fn ok(&self, p: usize) -> bool {
        self.flags[p] & OK != 0
    }

    fn layout(&self, out: &mut Vec<Line>) {
        self.emit(self.breaks(), out);
    }

    /// The lines of `breaks` (from [`Paragraph::breaks`]), a last line alone avoided.
    fn emit(&self, mut breaks: Vec<(usize, usize, f32)>, out: &mut Vec<Line>) {
        if breaks.is_empty() {
            out.push(Line { text: String::new(), width: 0.0, indent: 0.0 });
            return;
        }
        self.avoid_orphan(&mut breaks);
        out.extend(breaks.into_iter().map(|(s, p, indent)| self.line(s, p, indent)));
    }

    /// Where each line starts and ends, and its indent, filled greedily; none for a paragraph
    /// of nothing but spaces (an empty line).
    fn breaks(&self) -> Vec<(usize, usize, f32)> {
        let n = self.chars.len();
        let mut s = self.start;
        let mut breaks = Vec::new();
        if self.chars[s..].iter().all(|&c| is_space(c)) {
            return breaks;
        }
        let mut first = true;
        while s < n {
            let (indent, lo) =
                if first { (0.0, (self.prefix_end + 1).clamp(s + 1, n)) } else { (self.indent, s + 1) };
            let avail = self.max_width - indent;
            let p = match self.fill_tiered(s, avail) {
                Some(p) if self.next_fits(p) => p,
                // The next run needs an emergency break anyway: start it here rather than
                // leave a short line (URLs otherwise come out as "https:", "//", ...).
                best => self.emergency(s, lo, avail).max(best.unwrap_or(0)),
            };
            breaks.push((s, p, indent));
            s = self.skip_spaces(p);
            first = false;
        }
        breaks
    }

    /// A line of one character (with perhaps a 、。 after it) reads badly, last or not (a
    /// phrase too long for a narrow column leaves 「まちづく／り／出前講座」): when the line above
    /// can give up its last few characters and keep at least two, they move down.
    fn avoid_orphan(&self, breaks: &mut [(usize, usize, f32)]) {
        for i in (1..breaks.len()).rev() {
            let (above, below) = breaks.split_at_mut(i);
            self.keep_company(above.last_mut().expect("i >= 1"), &mut below[0]);
        }
    }

    /// [`Paragraph::avoid_orphan`] for one line and the line above it.
    fn keep_company(
        &self,
        (s1, p1, _): &mut (usize, usize, f32),
        (s2, p2, indent): &mut (usize, usize, f32),
    ) {
        let last: Vec<char> = self.chars[*s2..*p2].iter().copied().filter(|&c| !is_space(c)).collect();
        let alone = match last.as_slice() {
            [c] => !hangs(*c),
            [c, h] => !hangs(*c) && hangs(*h),
            _ => false,
        };
        if !alone {
            return;
        }
        let avail = self.max_width - *indent;
        let end = *p2;
        let moved = self.tiers.iter().find_map(|&mask| {
            (*s1 + 2..*p1).rev().filter(|&q| self.flags[q] & mask == mask).take(3).find(|&q| {
                let q = self.skip_spaces(q);
                self.fill(q, avail).is_some_and(|fits| fits >= end)
            })
        });
        if let Some(q) = moved {
            *p1 = q;
            *s2 = self.skip_spaces(q);
        }
    }

    /// [`Paragraph::fill_by`] with the first of the paragraph's tiers that gives a line.
    fn fill_tiered(&self, s: usize, avail: f32) -> Option<usize> {
        self.tiers.iter().find_map(|&mask| self.fill_by(s, avail, mask))
    }

    /// [`Paragraph::fill_by`] at every allowed break.
    fn fill(&self, s: usize, avail: f32) -> Option<usize> {
        self.fill_by(s, avail, ALLOWED)
    }

    /// The last break after `s` with every bit of `mask` whose line fits in `avail`, letting
    /// one trailing `、。` hang. `None` if even the first such break does not fit.
    fn fill_by(&self, s: usize, avail: f32, mask: u8) -> Option<usize> {
        let n = self.chars.len();
        let limit = avail + self.epsilon;
        let (mut width, mut trimmed, mut last_advance) = (0.0f32, 0.0f32, 0.0f32);
        let mut last_visible = ' ';
        let mut best = None;
        for p in s + 1..=n {
            let c = self.chars[p - 1];
            width += self.advances[p - 1] - if p - 1 == s { self.spaces[s] } else { 0.0 };
            if !is_space(c) {
                trimmed = width;
                last_visible = c;
                last_advance = self.advances[p - 1];
            }
            // Without its last character the line is already too wide: nothing later can fit.
            if trimmed - last_advance > limit {
                break;
            }
            // Spaced, a line-end closing bracket passes the width by its blank half too (JLReq
            // sets line-end 終わり括弧類 in half an em): its ink stays in the measure.
            let hung = (hangs(last_visible) || self.hang < 1.0 && closes_wide(last_visible))
                && trimmed - last_advance * self.hang <= limit;
            if (p == n || self.flags[p] & mask == mask) && (trimmed <= limit || hung) {
                best = Some(p);
            }
        }
        best
    }

    /// Whether the unbreakable run after a break at `p` fits on a continuation line.
    fn next_fits(&self, p: usize) -> bool {
        let q = self.skip_spaces(p);
        q == self.chars.len() || self.fill(q, self.max_width - self.indent).is_some()
    }

    /// Spaces at a soft break belong to neither line.
    fn skip_spaces(&self, p: usize) -> usize {
        p + self.chars[p..].iter().take_while(|&&c| is_space(c)).count()
    }

    /// A break for a line with no fitting opportunity: the most characters that fit (at least
    /// up to `lo`), moved back to a position that obeys kinsoku if there is one.
    fn emergency(&self, s: usize, lo: usize, avail: f32) -> usize {
        let n = self.chars.len();
        let limit = avail + self.epsilon;
        let mut width = 0.0f32;
        let mut fit = lo;
        for p in s + 1..n {
            width += self.advances[p - 1] - if p - 1 == s { self.spaces[s] } else { 0.0 };
            if !is_space(self.chars[p - 1]) && width > limit {
                break;
            }
            fit = fit.max(p);
        }
        (lo..=fit).rev().find(|&p| self.ok(p)).unwrap_or(fit)
    }

    fn line(&self, s: usize, p: usize, indent: f32) -> Line {
        let visible = &self.chars[s..p];
        let len = visible.len() - visible.iter().rev().take_while(|&&c| is_space(c)).count();
        let width =
            self.advances[s..s + len].iter().sum::<f32>() - if len > 0 { self.spaces[s] } else { 0.0 };
        Line { text: visible[..len].iter().collect(), width, indent }
    }
}

fn sanitize(advance: f32) -> f32 {
    if advance.is_finite() && advance > 0.0 {
        advance
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
