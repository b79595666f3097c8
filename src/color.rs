//! Colours: the palette of every output (PDF, workbook) and of the grading scale in the
//! settings, below every stage that names one.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// Body text: a soft black.
    pub const BLACK: Color = Color(0x1A, 0x1A, 0x1A);
    /// Secondary text (notes, 未記入).
    pub const GREY: Color = Color(0x6B, 0x6B, 0x6B);
    /// Table rules and cell borders.
    pub const RULE: Color = Color(0x80, 0x80, 0x80);
    /// Titles and headings: a dark blue.
    pub const ACCENT: Color = Color(0x1F, 0x4E, 0x79);
    /// The fill of table headers.
    pub const HEADER_FILL: Color = Color(0xDD, 0xE6, 0xF0);
    /// What needs attention (未提出).
    pub const ALERT: Color = Color(0xC6, 0x28, 0x28);

    /// Parses "#2E7D32"; None for anything else.
    ///
    /// ```
    /// use kyodo::color::Color;
    /// assert_eq!(Color::from_hex("#2E7D32"), Some(Color(0x2E, 0x7D, 0x32)));
    /// assert_eq!(Color::from_hex("green"), None);
    /// ```
    pub fn from_hex(text: &str) -> Option<Color> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The colour mixed with white: `amount` 0.0 is white, 1.0 the colour itself.
    pub fn tint(self, amount: f32) -> Color {
        let mix = |c: u8| (255.0 - (255.0 - f32::from(c)) * amount).round() as u8;
        Color(mix(self.0), mix(self.1), mix(self.2))
    }
}
