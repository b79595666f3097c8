//! Horizontal bar charts drawn as vector rectangles: stacked counts (one bar per category, one
//! coloured and textured segment per series with its count, a legend underneath), and rates
//! against a target line at 100％. Each chart is one figure whose alternative text says every
//! figure in words, for readers who cannot see it.

use super::flow::Flow;
use super::frame::{Color, Element, Role};
use super::text::Style;

/// One series: its legend label and colour.
pub struct Series {
    /// Its label in the legend.
    pub label: String,
    /// Its colour.
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

/// One bar of [`rate_bars`]: its label, the rate in percent (None: none can be told) and the
/// rate as printed (「50.0％」, 「－」).
pub struct Rate {
    /// What the bar is (the indicator, or 「項目：指標」).
    pub label: String,
    /// The rate in percent; None draws no bar.
    pub percent: Option<f64>,
    /// The rate as printed after the bar (「50.0％」, 「－」).
    pub text: String,
}

/// Draws a bar per rate at the flow's position, scaled so 100％ and the highest rate (at most
/// 200％) fit, with a line at 100％ marked 目標: bars that reach it in the accent colour, the
/// others lighter. A bar never splits from its page.
pub fn rate_bars(flow: &mut Flow, bars: &[Rate], style: Style) {
    let alt = rate_alt_text(bars);
    flow.block(Role::Figure { alt }, |flow| draw_rates(flow, bars, style));
}

/// What the rate chart shows, in words: 「達成率（目標 100％）: 指標A 50.0％、指標B －」.
///
/// ```
/// use kyodo::layout::chart::{rate_alt_text, Rate};
/// let bars = [Rate { label: "参加者数".into(), percent: Some(50.0), text: "50.0％".into() }];
/// assert_eq!(rate_alt_text(&bars), "達成率の棒グラフ（目標 100％）: 参加者数 50.0％");
/// ```
pub fn rate_alt_text(bars: &[Rate]) -> String {
    let rates: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect();
    format!("達成率の棒グラフ（目標 100％）: {}", rates.join("、"))
}

fn draw_rates(flow: &mut Flow, bars: &[Rate], style: Style) {
    let width = flow.setup.body_width();
    let label_width = bars.iter().map(|b| style.width(&b.label)).fold(0.0, f32::max).min(width * 0.4) + 3.0;
    let value_width = style.width("000.0％") + 3.0;
    let top_rate = bars.iter().filter_map(|b| b.percent).fold(100.0f64, f64::max).min(200.0) as f32;
    let scale = (width - label_width - value_width) / top_rate;
    let left = flow.setup.left + label_width;
    let target = left + 100.0 * scale;
    flow.ensure(style.line_height() + BAR + GAP);
    // The target's mark above the first bar.
    let mark = style.color(Color::GREY);
    flow.text(target - mark.width("目標") / 2.0, flow.y() + mark.baseline_offset(), mark, "目標");
    flow.advance(style.line_height());
    for bar in bars {
        flow.ensure(BAR + GAP);
        let top = flow.y();
        let baseline = top + (BAR - style.line_height()) / 2.0 + style.baseline_offset();
        flow.text(flow.setup.left, baseline, style, &fit(&bar.label, style, label_width - 3.0));
        let reached = bar.percent.is_some_and(|p| p >= 100.0);
        let w = bar.percent.map_or(0.0, |p| p.clamp(0.0, f64::from(top_rate)) as f32 * scale);
        let fill = if reached { Color::ACCENT } else { Color::ACCENT.tint(0.45) };
        if w > 0.0 {
            flow.push(Element::Rect { x: left, y: top, w, h: BAR, fill: Some(fill), stroke: None });
        }
        flow.text(left + w + 1.5, baseline, style.color(Color::GREY), &bar.text);
        let (y1, y2) = (top - GAP / 2.0, top + BAR + GAP / 2.0);
        flow.push(Element::Line { x1: target, y1, x2: target, y2, color: Color::GREY, width: 0.75 });
        flow.advance(BAR + GAP);
    }
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
