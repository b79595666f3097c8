//! Measuring and breaking text with the bundled font, in millimetres.

use super::frame::{pt_to_mm, Color, Element, Weight};
use super::linebreak::{break_lines_phrased, Line};
use super::spacing;
use crate::fonts::{self, Font};
use std::borrow::Cow;

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Size in points.
    pub size: f32,
    /// Face.
    pub weight: Weight,
    /// Colour.
    pub color: Color,
    /// The 和欧間 between Japanese and Latin letters, in ems (JLReq 3.3.2); digits are set solid.
    pub latin_gap: f32,
    /// Whether the text is a title, heading or caption: broken between phrases even at the
    /// cost of a line ([`break_lines_phrased`]).
    pub title: bool,
}

pub use crate::config::kinds::LATIN_GAP;

impl Style {
    /// Regular black text of `size` points.
    pub fn new(size: f32) -> Style {
        Style { size, weight: Weight::Regular, color: Color::BLACK, latin_gap: LATIN_GAP, title: false }
    }

    /// The same, set as a title ([`Style::title`]).
    pub fn as_title(self) -> Style {
        Style { title: true, ..self }
    }

    /// The same, bold.
    pub fn bold(self) -> Style {
        Style { weight: Weight::Bold, ..self }
    }

    /// The same, in `color`.
    pub fn color(self, color: Color) -> Style {
        Style { color, ..self }
    }

    /// The same style with a 和欧間 of `gap` ems.
    pub fn latin_gap(self, gap: f32) -> Style {
        Style { latin_gap: gap, ..self }
    }

    fn font(&self) -> &'static Font {
        match self.weight {
            Weight::Regular => fonts::regular(),
            Weight::Bold => fonts::bold(),
        }
    }

    /// Advance of one character in mm.
    pub fn advance(&self, c: char) -> f32 {
        self.font().advance(c) * pt_to_mm(self.size)
    }

    /// Width of a text set on one line in mm, spacing between neighbours included.
    pub fn width(&self, text: &str) -> f32 {
        let mut before = None;
        let mut ems = 0.0;
        for c in text.chars() {
            if let Some(b) = before {
                ems += spacing::space(b, c, self.latin_gap);
            }
            before = Some(c);
        }
        text.chars().map(|c| self.advance(c)).sum::<f32>() + ems * pt_to_mm(self.size)
    }

    /// The spacing of a line set on its own (約物 closed up, 和欧間): (character index, mm
    /// added before it), as the renderer must draw it.
    pub fn spaces(&self, text: &str) -> Vec<(u32, f32)> {
        let em = pt_to_mm(self.size);
        spacing::line_spaces(text, self.latin_gap).into_iter().map(|(i, s)| (i, s * em)).collect()
    }

    /// Distance between baselines: 1.5 times the size, as Japanese body text is set.
    pub fn line_height(&self) -> f32 {
        pt_to_mm(self.size) * 1.5
    }

    /// From the top of a line box to the baseline: the line gap shared above and below the
    /// em box, plus the ascent (0.88 em in BIZ UD Gothic).
    pub fn baseline_offset(&self) -> f32 {
        pt_to_mm(self.size) * (0.25 + 0.88)
    }

    /// Breaks `text` into lines no wider than `width` mm (kinsoku rules apply; a paragraph of
    /// a few lines, as names and short cells are, and a title break between phrases:
    /// [`break_lines_phrased`]). Characters the font lacks become 〓 first, so what is
    /// measured is what is printed.
    pub fn lines(&self, text: &str, width: f32) -> Vec<Line> {
        let em = pt_to_mm(self.size);
        let space = |a: char, c: char| spacing::space(a, c, self.latin_gap) * em;
        break_lines_phrased(&printable(text), width, &|c| self.advance(c), &space, self.title)
    }
}

/// One line of text with its baseline at (x, baseline), page coordinates, spaced as
/// [`Style::spaces`] says.
pub fn run(x: f32, baseline: f32, style: Style, text: &str) -> Element {
    spaced_run(x, baseline, style, text.to_string(), style.spaces(text))
}

/// [`run`] of a line whose `spaces` ([`Style::spaces`]) were found before.
pub fn spaced_run(x: f32, baseline: f32, style: Style, text: String, spaces: Vec<(u32, f32)>) -> Element {
    Element::Text { x, baseline, size: style.size, weight: style.weight, color: style.color, spaces, text }
}

/// The text as it will be drawn: every character the font cannot draw replaced by 〓 (the
/// check warns about each), variation selectors dropped (the font has no variants), tabs
/// as spaces.
///
/// ```
/// assert_eq!(kyodo::layout::text::printable("協働🎌\t葛\u{E0100}"), "協働〓 葛");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    let font = fonts::regular();
    let plain = |c: char| c != '\t' && !fonts::is_variation_selector(c) && (c == '\n' || font.can_draw(c));
    if text.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| !fonts::is_variation_selector(c))
            .map(|c| match c {
                '\t' => ' ',
                c if c == '\n' || font.can_draw(c) => c,
                _ => fonts::MISSING,
            })
            .collect(),
    )
}
