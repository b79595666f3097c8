//! Charts as inline SVG: an image with its title and description (`role="img"`, named by
//! both), drawn with presentation attributes only, so it keeps its colours wherever the page's
//! `<main>` is pasted. The numbers follow it as a table (written by the page).

use super::escape;
use crate::color::Color;
use crate::report::doc::{Chart, Rate};
use std::fmt::Write;

/// Width of the drawing, in user units; the page scales it to the column.
const WIDTH: f32 = 720.0;
/// Width given to the bars' labels.
const LABEL: f32 = 210.0;
const BAR: f32 = 26.0;
const GAP: f32 = 12.0;
const FONT: &str = "font-family=\"BIZ UDPGothic, BIZ UDGothic, Hiragino Sans, Yu Gothic, Meiryo, sans-serif\" font-size=\"15\"";

/// Writes `chart` with its title and description, each given its id.
pub fn chart(
    out: &mut String,
    chart: &Chart,
    (title_id, title): (&str, &str),
    (desc_id, desc): (&str, &str),
) {
    let body = match chart {
        Chart::Stacked { series, bars } => stacked(series, bars),
        Chart::Rates(rates) => rates_chart(rates),
    };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {}\" width=\"{WIDTH}\" height=\"{}\" \
         role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\n<title id=\"{title_id}\">{}</title>\n\
         <desc id=\"{desc_id}\">{}</desc>\n{}</svg>\n",
        body.height,
        body.height,
        escape(title),
        escape(desc),
        body.svg
    );
}

struct Drawing {
    svg: String,
    height: f32,
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Black or white, whichever reads on `fill`.
fn on(fill: Color) -> &'static str {
    let l = 0.2126 * f32::from(fill.0) + 0.7152 * f32::from(fill.1) + 0.0722 * f32::from(fill.2);
    if l < 128.0 {
        "#ffffff"
    } else {
        "#1a1a1a"
    }
}

/// A label cut to fit the label column, with 「…」 where cut (the table beside has it whole).
fn fit(label: &str, width: f32) -> String {
    let mut used = 0.0;
    let mut out = String::new();
    for c in label.chars() {
        used += if c.is_ascii() { 8.5 } else { 15.0 };
        if used > width - 15.0 {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// One bar per category over the whole width, its whole the category's items (as on the
/// page), the category's full name above it.
fn stacked(series: &[(String, Color)], bars: &[(String, Vec<usize>)]) -> Drawing {
    let length = WIDTH - 60.0;
    let mut svg = String::new();
    let mut y = 4.0;
    for (label, counts) in bars {
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" {FONT} fill=\"#1a1a1a\">{}</text>",
            y + 16.0,
            escape(&fit(label, WIDTH))
        );
        y += 22.0;
        let total = counts.iter().sum::<usize>().max(1);
        let mut x = 0.0;
        for ((_, color), n) in series.iter().zip(counts).filter(|(_, n)| **n > 0) {
            let w = *n as f32 / total as f32 * length;
            let _ = writeln!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{}\" stroke=\"#808080\" stroke-width=\"0.75\"/>",
                hex(*color)
            );
            if w >= 22.0 {
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{}\" {FONT} text-anchor=\"middle\" fill=\"{}\">{n}</text>",
                    x + w / 2.0,
                    y + BAR * 0.7,
                    on(*color)
                );
            }
            x += w;
        }
        let total: usize = counts.iter().sum();
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" {FONT} fill=\"#1a1a1a\">計{total}</text>",
            x + 6.0,
            y + BAR * 0.7
        );
        y += BAR + GAP;
    }
    // The legend: a swatch and a label per series, wrapped across the width.
    let (mut x, mut line) = (0.0, y + 4.0);
    for (label, color) in series {
        let w = 28.0 + label.chars().map(|c| if c.is_ascii() { 8.5 } else { 15.0 }).sum::<f32>() + 20.0;
        if x + w > WIDTH && x > 0.0 {
            x = 0.0;
            line += 26.0;
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{line}\" width=\"18\" height=\"18\" fill=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>\
             <text x=\"{:.1}\" y=\"{}\" {FONT} fill=\"#1a1a1a\">{}</text>",
            hex(*color),
            x + 24.0,
            line + 14.0,
            escape(label)
        );
        x += w;
    }
    Drawing { svg, height: line + 26.0 }
}

fn rates_chart(rates: &[Rate]) -> Drawing {
    let top = rates.iter().filter_map(|r| r.percent).fold(100.0_f64, f64::max).min(200.0);
    let scale = (WIDTH - LABEL - 80.0) / top as f32;
    let target = LABEL + 100.0 * scale;
    let mut svg = String::new();
    let mut y = 24.0;
    let _ = writeln!(
        svg,
        "<text x=\"{target:.1}\" y=\"16\" {FONT} text-anchor=\"middle\" fill=\"#1a1a1a\">目標 100％</text>"
    );
    for rate in rates {
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" {FONT} fill=\"#1a1a1a\">{}</text>",
            y + BAR * 0.7,
            escape(&fit(&rate.label, LABEL))
        );
        let w = rate.percent.map_or(0.0, |p| p.clamp(0.0, top) as f32 * scale);
        let reached = rate.percent.is_some_and(|p| p >= 100.0);
        let fill = if reached { Color::ACCENT } else { Color(0x8F, 0xAA, 0xC8) };
        if w > 0.0 {
            let _ = writeln!(
                svg,
                "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{}\"/>",
                hex(fill)
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" {FONT} fill=\"#1a1a1a\">{}</text>",
            LABEL + w + 6.0,
            y + BAR * 0.7,
            escape(&rate.text)
        );
        y += BAR + GAP;
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{target:.1}\" y1=\"20\" x2=\"{target:.1}\" y2=\"{y}\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
    );
    Drawing { svg, height: y + 4.0 }
}
