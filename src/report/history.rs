//! Several years (経年): the grades of earlier fiscal years beside this year's.
//!
//! An earlier year comes from a `--previous` folder (one a year, read as a plan of its own
//! and matched to this year's items by No or 項目) or from a column group of that year on the
//! progress sheets themselves (「令和5年度 評価」). Where both give the same year, the sheet's
//! own columns win for the items they fill.

use super::summary::{self, Counts};
use super::Report;
use crate::model::{Grade, Item, Progress, Section};
use crate::text::wareki;

/// An earlier year of the comparison: its fiscal year (None for a single `--previous` folder
/// whose year cannot be told: 「前年度」).
pub type Year = Option<i32>;

/// The earlier years the report compares, oldest first: every `--previous` plan's and every
/// year of a column group on this year's sheets.
pub fn years(report: &Report) -> Vec<Year> {
    let mut years: Vec<Year> = report.earlier.iter().map(|p| p.report_year()).collect();
    years.extend(report.plan.grouped_years.iter().copied().map(Some));
    let now = report.plan.report_year();
    years.retain(|y| y.is_none() || now.is_none_or(|n| y.is_some_and(|y| y < n)));
    // A year that cannot be told stands just before this one.
    years.sort_by_key(|y| (y.is_none(), *y));
    years.dedup();
    years
}

/// The year last before this one, when the report compares any.
pub fn last_year(report: &Report) -> Option<Year> {
    years(report).last().copied()
}

/// 「令和5」, 「令和元」 (the fiscal year in 和暦 without 年度), or 「前年度」.
pub fn short_label(year: Year) -> String {
    match year {
        Some(fy) => wareki::fiscal_year_label(fy).trim_end_matches("年度").to_string(),
        None => "前年度".into(),
    }
}

/// 「令和5年度」, or 「前年度」.
pub fn label(year: Year) -> String {
    year.map_or_else(|| "前年度".into(), wareki::fiscal_year_label)
}

/// This year's label beside the earlier years': 「令和6年度」, or 「今年度」 when no input names it.
pub fn this_year_label(report: &Report) -> String {
    report.plan.report_year().map_or_else(|| "今年度".into(), wareki::fiscal_year_label)
}

/// The item's reports of an earlier year: the column groups of this year's rows, else the
/// matching item of that year's `--previous` plan. None when that year has no such item.
pub fn reports_in<'a>(report: &Report<'a>, item: &'a Item, year: Year) -> Option<Vec<&'a Progress>> {
    let grouped: Vec<&Progress> =
        year.map(|y| item.progress.iter().filter_map(|p| p.of_year(y)).collect()).unwrap_or_default();
    if !grouped.is_empty() {
        return Some(grouped);
    }
    let plan = report.earlier.iter().find(|p| p.report_year() == year)?;
    Some(plan.matching(item)?.progress.iter().collect())
}

/// The grade an item counts with in an earlier year (as [`summary::item_grade`] reads a year),
/// None when that year has no such item.
pub fn grade_in<'a>(report: &Report<'a>, item: &'a Item, year: Year) -> Option<Grade<'a>> {
    Some(summary::grade_of(report, reports_in(report, item, year)?))
}

/// One department's grade in an earlier year: its own report of that year where it made one,
/// else the item's grade of that year.
pub fn department_grade_in<'a>(
    report: &Report<'a>,
    item: &'a Item,
    progress: &'a Progress,
    year: Year,
) -> Option<Grade<'a>> {
    let reports = reports_in(report, item, year)?;
    match reports.iter().find(|p| p.is_by(&progress.department)) {
        Some(own) => Some(Grade::of(report.config, Some(own))),
        None => Some(summary::grade_of(report, reports)),
    }
}

/// 「令和4 B → 令和5 B → 令和6 A」: the item's grade in each year it was graded or reported,
/// oldest first; None when no earlier year knows the item.
pub fn item_trend(report: &Report, item: &Item) -> Option<String> {
    let mut steps: Vec<String> = years(report)
        .into_iter()
        .filter_map(|y| Some(format!("{} {}", short_label(y), shown(grade_in(report, item, y)?))))
        .collect();
    if steps.is_empty() {
        return None;
    }
    let now = report.plan.report_year().map_or_else(|| "今年度".into(), |fy| short_label(Some(fy)));
    steps.push(format!("{now} {}", shown(summary::item_grade(report, item))));
    Some(steps.join(" → "))
}

/// How a grade reads in a trend: its code, 「未記入」 or 「未提出」.
fn shown(grade: Grade) -> String {
    grade.shown("未記入", "未提出")
}

/// The counts of a 施策's items in an earlier year (items that year did not have are left out).
pub fn section_in(report: &Report, section: &Section, year: Year) -> Counts {
    let items = section.goals.iter().flat_map(|g| &g.items);
    summary::counts_of(report, items.filter_map(|i| grade_in(report, i, year)))
}
