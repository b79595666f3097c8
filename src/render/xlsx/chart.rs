//! The model's bar charts as Excel charts, set in the workbook's face.

use super::format::{rgb, FONT};
use super::table::Written;
use crate::report::sheet::Chart;
use rust_xlsxwriter::{
    ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType,
};

/// The Excel chart of `chart`, over the table `written` on the sheet `sheet`.
pub fn chart(chart: &Chart, sheet: &str, written: &Written) -> rust_xlsxwriter::Chart {
    let first = written.header_row + 1 + chart.skip as u32;
    let bars = chart.rows.unwrap_or((written.last_row + 1 - first) as usize);
    let last = match chart.rows {
        Some(rows) => first + rows.max(1) as u32 - 1,
        None => written.last_row,
    };
    let kind = if chart.stacked { ChartType::BarStacked } else { ChartType::Bar };
    let mut out = rust_xlsxwriter::Chart::new(kind);
    let cat = chart.categories;
    for series in &chart.series {
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(ChartSolidFill::new().set_color(rgb(series.color)));
        let mut label = ChartDataLabel::new();
        let mut label_font = font(9, false);
        if let Some(color) = series.label_color {
            label_font.set_color(rgb(color));
        }
        label.show_value();
        if series.hide_zero {
            label.set_num_format("0;;;");
        }
        label.set_font(&label_font);
        let col = series.column;
        out.add_series()
            .set_categories((sheet, first, cat, last, cat))
            .set_values((sheet, first, col, last, col))
            .set_name(series.name.as_str())
            .set_format(&mut fill)
            .set_data_label(&label)
            .set_gap(60);
    }
    out.title().set_name(&chart.title).set_font(&font(12, true));
    if chart.legend {
        out.legend().set_position(ChartLegendPosition::Bottom).set_font(&font(9, false));
    } else {
        out.legend().set_hidden();
    }
    // In a bar chart the categories run up the y axis: reversed, the first row comes first, on top.
    out.y_axis().set_reverse().set_crossing(ChartAxisCrossing::Max).set_font(&font(9, false));
    let x = out.x_axis();
    if let Some(name) = &chart.axis {
        x.set_name(name).set_name_font(&font(9, false));
    }
    if chart.percent {
        x.set_min(0.0).set_major_unit(0.25).set_num_format("0%");
    }
    if let Some(most) = chart.counts_up_to {
        // Items come whole: Excel's own scale steps by 0.5 for small counts, and picks another
        // end for each chart.
        let step = count_step(most);
        let end = most.max(1).div_ceil(step) * step;
        x.set_min(0.0).set_max(end as f64).set_major_unit(step as f64).set_num_format("0");
    }
    x.set_font(&font(9, false));
    let width = chart.width.unwrap_or_else(|| {
        let px: f64 = written.widths.iter().map(|w| w * 6.67 + 9.0).sum();
        px.clamp(480.0, 1000.0) as u32
    });
    out.set_width(width).set_height(height(chart, bars));
    out
}

/// A whole step for an axis of counts up to `most`: 1, 2, 5, 10, 20, 50 … giving at most
/// about six gridlines.
fn count_step(most: usize) -> usize {
    let mut step = 1;
    let mut k = 0;
    while most.div_ceil(step) > 6 {
        step = [2, 5, 10][k % 3] * 10usize.pow(k as u32 / 3);
        k += 1;
    }
    step
}

/// Height in pixels of a chart of `bars` bars.
pub fn height(chart: &Chart, bars: usize) -> u32 {
    (120 + chart.bar_height as usize * bars.max(1)).min(900) as u32
}

fn font(size: u32, bold: bool) -> ChartFont {
    let mut font = ChartFont::new();
    font.set_name(FONT).set_size(size);
    if bold {
        font.set_bold();
    }
    font
}

#[cfg(test)]
mod tests {
    #[test]
    fn count_axes_step_in_whole_numbers() {
        let steps: Vec<usize> = [1, 4, 6, 7, 12, 13, 27, 31, 100, 301].map(super::count_step).to_vec();
        assert_eq!(steps, [1, 1, 1, 2, 2, 5, 5, 10, 20, 100]);
    }
}
