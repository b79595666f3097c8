//! A horizontal stacked bar chart drawn as vector rectangles: one bar per category, one
//! coloured and textured segment per series with its count, a legend underneath. The chart is one figure
//! whose alternative text says every count in words, for readers who cannot see it.

use super::flow::Flow;
use super::frame::{Color, Element, Role};
use super::text::Style;

/// One series: its legend label and colour.
pub struct Series {
    pub label: String,
    pub color: Color,
}

/// Bar height and gap in mm.
const BAR: f32 = 7.0;
const GAP: f32 = 3.0;

/// Draws the chart at the flow's position, `width` mm wide; `bars` are (label, count per
/// series). Bars are scaled to the largest total, so their lengths compare.
pub fn stacked_bars(flow: &mut Flow, bars: &[(String, Vec<usize>)], series: &[Series], style: Style) {
    let alt = alt_text(bars, series);
    flow.block(Role::Figure { alt }, |flow| draw(flow, bars, series, style));
}

/// What the chart shows, in words: 「横棒グラフ。施策1: 順調 3件、やや遅れ 2件（計5件）。…」.
///
/// ```
/// use kyodo::layout::chart::{alt_text, Series};
/// use kyodo::layout::frame::Color;
/// let series = vec![
///     Series { label: "順調".into(), color: Color::BLACK },
///     Series { label: "遅れ".into(), color: Color::GREY },
/// ];
/// let bars = vec![("施策1".to_string(), vec![3, 2]), ("施策2".to_string(), vec![0, 0])];
/// assert_eq!(alt_text(&bars, &series), "横棒グラフ。施策1: 順調 3件、遅れ 2件（計5件）。施策2: 0件。");
/// ```
pub fn alt_text(bars: &[(String, Vec<usize>)], series: &[Series]) -> String {
    let mut alt = "横棒グラフ。".to_string();
    for (label, counts) in bars {
        let parts: Vec<String> = counts
            .iter()
            .zip(series)
            .filter(|(n, _)| **n > 0)
            .map(|(n, s)| format!("{} {n}件", s.label))
            .collect();
        let total: usize = counts.iter().sum();
        match parts.len() {
            0 => alt.push_str(&format!("{label}: 0件。")),
            _ => alt.push_str(&format!("{label}: {}（計{total}件）。", parts.join("、"))),
        }
    }
    alt
}

fn draw(flow: &mut Flow, bars: &[(String, Vec<usize>)], series: &[Series], style: Style) {
    let width = flow.setup.body_width();
    let label_width = bars.iter().map(|(l, _)| style.width(l)).fold(0.0, f32::max).min(width * 0.35) + 3.0;
    let max_total = bars.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(0).max(1);
    let count_width = style.width("000") + 2.0;
    let scale = (width - label_width - count_width) / max_total as f32;
    flow.ensure(bars.len() as f32 * (BAR + GAP) + legend_height(series, style, width));
    for (label, counts) in bars {
        let top = flow.y();
        let left = flow.setup.left;
        let baseline = top + (BAR - style.line_height()) / 2.0 + style.baseline_offset();
        let shown = fit(label, style, label_width - 3.0);
        flow.text(left, baseline, style, &shown);
        let mut x = left + label_width;
        for (k, (count, s)) in counts.iter().zip(series).enumerate() {
            let w = *count as f32 * scale;
            if w > 0.0 {
                flow.push(Element::Rect { x, y: top, w, h: BAR, fill: Some(s.color), stroke: None });
                texture(flow, k, s.color, (x, top, w, BAR));
                let n = count.to_string();
                if style.width(&n) + 1.0 < w {
                    let ink = ink(s.color);
                    flow.text(x + (w - style.width(&n)) / 2.0, baseline, style.bold().color(ink), &n);
                }
            }
            x += w;
        }
        let total: usize = counts.iter().sum();
        flow.text(x + 1.5, baseline, style.color(Color::GREY), &format!("{total}件"));
        flow.advance(BAR + GAP);
    }
    legend(flow, series, style, width);
}

/// A label shortened with … to fit `width`.
fn fit(label: &str, style: Style, width: f32) -> String {
    if style.width(label) <= width {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if style.width(&out) + style.advance(c) + style.advance('…') > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn legend_height(series: &[Series], style: Style, width: f32) -> f32 {
    let per_row = (width / legend_item_width(series, style)).floor().max(1.0) as usize;
    series.len().div_ceil(per_row) as f32 * style.line_height() + 2.0
}

fn legend_item_width(series: &[Series], style: Style) -> f32 {
    series.iter().map(|s| style.width(&s.label)).fold(0.0, f32::max) + 9.0
}

/// Colour squares with their labels, wrapped across the width.
fn legend(flow: &mut Flow, series: &[Series], style: Style, width: f32) {
    let item = legend_item_width(series, style);
    let per_row = (width / item).floor().max(1.0) as usize;
    flow.advance(1.0);
    for (r, row) in series.chunks(per_row).enumerate() {
        let top = flow.y();
        for (i, s) in row.iter().enumerate() {
            let x = flow.setup.left + i as f32 * item;
            let size = style.line_height() * 0.6;
            let y = top + (style.line_height() - size) / 2.0;
            flow.push(Element::Rect { x, y, w: size, h: size, fill: Some(s.color), stroke: None });
            texture(flow, r * per_row + i, s.color, (x, y, size, size));
            flow.text(x + size + 1.5, top + style.baseline_offset(), style, &s.label);
        }
        flow.advance(style.line_height());
    }
    flow.advance(1.0);
}

/// The colour drawn on top of a fill: black on light colours, white on dark.
fn ink(fill: Color) -> Color {
    if luminance(fill) > 0.6 {
        Color::BLACK
    } else {
        Color(0xFF, 0xFF, 0xFF)
    }
}

/// Marks the lowest fifth of a box (x, y, w, h in mm) with the texture of series `k`, in the
/// bar's legend and in its segments alike, so that a series is told apart without its colour
/// (colour-blind readers, a grey photocopy): none, dense ticks, sparse ticks, a line, ticks
/// and a line, then again. The numbers in the middle of a segment stay clear of it.
fn texture(flow: &mut Flow, k: usize, fill: Color, (x, y, w, h): (f32, f32, f32, f32)) {
    let (ticks, line) =
        [(None, false), (Some(1.0), false), (Some(2.0), false), (None, true), (Some(1.0), true)][k % 5];
    let (top, bottom) = (y + h * 0.78, y + h);
    let color = ink(fill);
    let rule = |x1, y1, x2, y2| Element::Line { x1, y1, x2, y2, color, width: 0.5 };
    if let Some(step) = ticks {
        let mut tx = x + step / 2.0;
        while tx < x + w {
            flow.push(rule(tx, top, tx, bottom));
            tx += step;
        }
    }
    if line {
        let mid = (top + bottom) / 2.0;
        flow.push(rule(x, mid, x + w, mid));
    }
}

/// Relative luminance of a colour, 0 (black) to 1 (white).
fn luminance(c: Color) -> f32 {
    (0.2126 * f32::from(c.0) + 0.7152 * f32::from(c.1) + 0.0722 * f32::from(c.2)) / 255.0
}
