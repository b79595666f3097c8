//! 集計: title, the table per 施策 with its total, notes on what the counts mean, and a stacked
//! bar chart of the counts in the scale's colours.

use super::{grade_color, label_color, Styles, NOT_REPORTED, UNGRADED};
use crate::config::Config;
use crate::layout::frame::Color;
use crate::report::sheet::{Chart, ColumnSpec, Line, Notes, Print, Series, Sheet, SheetCell, Table};
use crate::report::summary::{self, Counts};
use crate::report::Report;

/// The sheet's name.
pub const NAME: &str = "集計";

/// First row of the 集計 table's header.
const TOP: u32 = 3;

/// Items with at least one report, over all items (0 for none).
fn rate(c: &Counts) -> f64 {
    match c.total() {
        0 => 0.0,
        n => (n - c.unreported) as f64 / n as f64,
    }
}

/// A column of the 集計 table after 施策 and 項目数: its header, its series name in the chart,
/// its colour there, and its count.
struct Tally {
    header: String,
    legend: String,
    color: Color,
    count: fn(&Counts, usize) -> usize,
    grade: usize,
}

fn tallies(config: &Config, total: &Counts) -> Vec<Tally> {
    let mut out: Vec<Tally> = config
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| Tally {
            header: if g.label == g.code { g.code.clone() } else { format!("{}\n{}", g.code, g.label) },
            legend: if g.label == g.code { g.code.clone() } else { format!("{} {}", g.code, g.label) },
            color: grade_color(config, i),
            count: |c, i| c.grades[i],
            grade: i,
        })
        .collect();
    let extra = |header: &str, color, count| Tally {
        header: header.into(),
        legend: header.into(),
        color,
        count,
        grade: 0,
    };
    if total.ungraded > 0 {
        out.push(extra(UNGRADED, Color(0xCF, 0xCF, 0xCF), |c, _| c.ungraded));
    }
    out.push(extra(NOT_REPORTED, Color(0x9E, 0x9E, 0x9E), |c, _| c.unreported));
    out
}

/// 集計: title, the table per 施策 with its total, the notes and the chart.
pub(crate) fn sheet<'a>(report: &Report, styles: &Styles, title: &str) -> Sheet<'a> {
    // The plan's items only, as the handout counts them.
    let (per_section, total) = summary::by_section(report);
    let plan_alone = report.plan_alone();
    // A plan alone has nothing to tally but its items: one line says no progress is reported.
    let tallies = if plan_alone { Vec::new() } else { tallies(report.config, &total) };
    let issued = crate::text::wareki::date_label(report.issued);
    let lines = vec![
        Line { row: 0, text: title.to_string(), style: styles.title, height: Some(24.0) },
        Line {
            row: 1,
            text: crate::report::spaced(&[&report.config.city, &issued]),
            style: styles.note,
            height: None,
        },
    ];
    let mut columns =
        vec![ColumnSpec::new(report.plan.section_word(), 24.0, 44.0), ColumnSpec::new("項目数", 7.0, 8.0)];
    columns.extend(tallies.iter().map(|t| ColumnSpec::new(&t.header, 8.0, 10.0)));
    if !plan_alone {
        columns.extend([
            ColumnSpec::new("報告のあった\n項目", 12.0, 12.0),
            ColumnSpec::new("報告完了率", 11.0, 11.0),
        ]);
    }
    let line = |label: &str, c: &Counts, total: bool| -> Vec<SheetCell<'a>> {
        let (text, number, percent) = match total {
            true => (styles.bold_text, styles.bold_number, styles.bold_percent),
            false => (styles.body, styles.number, styles.percent),
        };
        let mut cells =
            vec![SheetCell::text(label.to_string(), text), SheetCell::number(c.total() as f64, number)];
        cells.extend(tallies.iter().map(|t| SheetCell::number((t.count)(c, t.grade) as f64, number)));
        if !plan_alone {
            let reported = c.total() - c.unreported;
            cells.extend([SheetCell::number(reported as f64, number), SheetCell::number(rate(c), percent)]);
        }
        cells
    };
    let mut rows: Vec<Vec<SheetCell>> = per_section.iter().map(|(s, c)| line(s, c, false)).collect();
    rows.push(line("合計", &total, true));
    let table = Table::new(TOP, columns, styles.header, rows);
    let print = Print { title: title.to_string(), label: NAME.into(), repeat_header: false };
    Sheet {
        lines,
        // A plan alone: one line over the table says why it counts items only.
        notes: Some(match plan_alone {
            true => Notes { lines: vec![Report::NO_PROGRESS_YET.into()], style: styles.note, above: true },
            false => Notes { lines: notes(report, &tallies), style: styles.note, above: false },
        }),
        chart: (!plan_alone).then(|| chart(&tallies, &per_section, report.plan.section_word())),
        ..Sheet::new(NAME, table, print)
    }
}

/// What the 集計 counts mean: the columns `tallies` shows, and no other (a 評価なし column
/// is there only when some item has no grade on the scale).
fn notes(report: &Report, tallies: &[Tally]) -> Vec<String> {
    let scale: Vec<String> = report.config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
    let ungraded = if tallies.iter().any(|t| t.header == UNGRADED) {
        format!("{UNGRADED}は報告はあるが評価が空欄か評価の区分にない記入のある項目、")
    } else {
        String::new()
    };
    let mut notes = vec![
        "※ 報告完了率 ＝ 進捗報告が1件以上ある項目の数 ÷ 項目数。".to_string(),
        format!(
            "※ 件数は項目の数です。2つ以上の部署が報告した項目は、そのうち最も低い評価で数えます（委員会資料と同じ数え方）。{ungraded}{NOT_REPORTED}はどの部署からも報告のない項目です。"
        ),
        format!("※ 評価の区分：{}", scale.join("、")),
    ];
    if report.plan.sections.iter().any(|s| s.is_unmatched()) {
        notes.push(format!(
            "※ {}（一覧の末尾）は計画の項目ではないため、件数に含めていません。",
            crate::model::UNMATCHED_TITLE
        ));
    }
    let uncounted = report.config.uncounted_codes();
    if !uncounted.is_empty() {
        notes.push(format!(
            "※ {}は評価として数えない区分です。件数は別の列に数え、順調の割合と前年度との比較には含めません。",
            uncounted.join("・")
        ));
    }
    if crate::model::grade::any_invalid(report.config, report.plan.items().flat_map(|i| &i.progress)) {
        let note = crate::model::grade::INVALID_NOTE;
        notes.push(format!("{note}：評価欄で末尾に※の付いた評価は、評価の区分にない記入をそのまま載せたものです（{UNGRADED}として数えます）。"));
    }
    notes
}

/// Stacked bars per 施策 of every tally, in the tally's colour; 施策1 on top.
fn chart(tallies: &[Tally], per_section: &[(String, Counts)], word: &str) -> Chart {
    let sections = per_section.len();
    let most = per_section.iter().map(|(_, c)| c.total()).max().unwrap_or(0);
    let series = tallies
        .iter()
        .enumerate()
        .map(|(i, tally)| Series {
            name: tally.legend.clone(),
            column: 2 + i as u16,
            color: tally.color,
            label_color: Some(label_color(tally.color)),
            // The count inside its bar; zero counts are left unlabelled.
            hide_zero: true,
        })
        .collect();
    Chart {
        stacked: true,
        title: format!("{word}別の評価の件数"),
        categories: 0,
        skip: 0,
        rows: Some(sections),
        series,
        legend: true,
        axis: Some("件数".into()),
        percent: false,
        counts_up_to: Some(most),
        width: None,
        bar_height: 44,
    }
}
