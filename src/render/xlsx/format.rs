//! The model's styles as Excel formats, all in the face the PDF embeds.

use crate::layout::frame::Color;
use crate::report::sheet::{Align, Highlight, Style, VAlign};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// The face of every cell: the one the PDF embeds, installed with Windows 10 and later.
pub const FONT: &str = "BIZ UDゴシック";
/// Body text size in points.
pub const FONT_SIZE: f64 = 10.0;

/// The Excel format of `style`.
pub(crate) fn format(style: &Style) -> Format {
    // Charset 128 (Shift_JIS): Excel picks the Japanese face even where the name is unknown.
    let mut f = Format::new()
        .set_font_name(FONT)
        .set_font_size(style.size.unwrap_or(FONT_SIZE))
        .set_font_charset(128);
    if style.wrap {
        f = f.set_text_wrap();
    }
    f = match style.valign {
        VAlign::General => f,
        VAlign::Top => f.set_align(FormatAlign::Top),
        VAlign::Center => f.set_align(FormatAlign::VerticalCenter),
    };
    f = match style.align {
        Align::General => f,
        Align::Center => f.set_align(FormatAlign::Center),
        Align::Right => f.set_align(FormatAlign::Right),
    };
    if style.border {
        f = f.set_border(FormatBorder::Thin).set_border_color(rgb(Color::RULE));
    }
    if style.total {
        f = f.set_border_top(FormatBorder::Double);
    }
    if style.bold {
        f = f.set_bold();
    }
    if let Some(fill) = style.fill {
        f = f.set_background_color(rgb(fill));
    }
    if let Some(color) = style.color {
        f = f.set_font_color(rgb(color));
    }
    if let Some(pattern) = &style.number {
        f = f.set_num_format(pattern);
    }
    if style.unlocked {
        f = f.set_unlocked();
    }
    f
}

/// The format a conditional fill lays over a cell's own.
pub(crate) fn highlight(h: &Highlight) -> Format {
    let mut f = Format::new();
    if h.bold {
        f = f.set_bold();
    }
    if let Some(fill) = h.fill {
        f = f.set_background_color(rgb(fill));
    }
    f.set_font_color(rgb(h.color))
}

/// A colour of the layout as Excel's.
pub(crate) fn rgb(c: Color) -> rust_xlsxwriter::Color {
    rust_xlsxwriter::Color::RGB((u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2))
}
