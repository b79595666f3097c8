//! The indicator columns of a form: per indicator of the plan, its 指標, 単位, 基準値, 目標値 and
//! 目標年度 filled in and locked, 実績値 left to fill in, and with `--previous` last year's
//! 実績値 beside it, read-only. An item of several indicators takes them side by side as
//! numbered columns (指標1 … 実績値1, 指標2 …), which the import reads back as the row's
//! indicators; one indicator a plan takes plain headers.

use super::{FormColumn, Styles};
use crate::config::Field;
use crate::model::indicator::{readings, Indicator};
use crate::model::{Item, Plan, Text};
use crate::report::sheet::{ColumnSpec, SheetCell, StyleId};
use crate::text::key;

/// The plan's side of an indicator, in column order; 実績値 follows.
const PLAN_FIELDS: [Field; 5] =
    [Field::Indicator, Field::Unit, Field::Baseline, Field::Target, Field::TargetYear];

/// The indicators of an item as the plan gives them.
fn of(item: &Item) -> Vec<Indicator> {
    readings(item).into_iter().map(|r| r.indicator).collect()
}

/// The indicator columns of every form of `plan`: as many groups as the item with the most
/// indicators has; 単位 and 目標年度 only where some indicator gives them.
pub(super) fn columns(plan: &Plan, previous: bool) -> Vec<FormColumn> {
    let all: Vec<Vec<Indicator>> = plan.items().map(of).collect();
    let groups = all.iter().map(Vec::len).max().unwrap_or(0).min(u8::MAX as usize) as u8;
    let filled = |f: Field| all.iter().flatten().any(|i| value(i, f).is_some());
    let mut cols = Vec::new();
    for n in 1..=groups {
        let plan_fields =
            PLAN_FIELDS.iter().filter(|f| !matches!(f, Field::Unit | Field::TargetYear) || filled(**f));
        cols.extend(plan_fields.map(|f| FormColumn::Indicator(n, *f)));
        if previous {
            cols.push(FormColumn::PreviousActual(n));
        }
        cols.push(FormColumn::Indicator(n, Field::Actual));
    }
    cols
}

fn value(i: &Indicator, field: Field) -> Option<&Text> {
    match field {
        Field::Indicator => i.name.as_ref(),
        Field::Unit => i.unit.as_ref(),
        Field::Baseline => i.baseline.as_ref(),
        Field::Target => i.target.as_ref(),
        Field::TargetYear => i.target_year.as_ref(),
        _ => i.actual.as_ref(),
    }
}

/// The header of a group's column: 「基準値」, or 「基準値2」 where the plan has several groups.
pub(super) fn column(cols: &[FormColumn], col: FormColumn) -> ColumnSpec {
    let several = cols.iter().any(|c| matches!(c, FormColumn::Indicator(2, _)));
    let number = |n: u8| if several { n.to_string() } else { String::new() };
    match col {
        FormColumn::Indicator(n, field) => {
            ColumnSpec { title: format!("{}{}", field.label(), number(n)), ..ColumnSpec::field(field) }
        }
        // The import reads no column of this name: last year's figure stays out of this year's.
        FormColumn::PreviousActual(n) => {
            ColumnSpec::new(&format!("前年度の\n実績値{}", number(n)), 8.0, 12.0)
        }
        _ => ColumnSpec::field(Field::Indicator),
    }
}

/// An item's cell of an indicator column: the plan's value, locked; 実績値 open to fill in
/// where the item has that indicator.
pub(super) fn cell<'a>(item: &Item, n: u8, field: Field, styles: &Styles) -> SheetCell<'a> {
    let indicator = of(item).into_iter().nth(usize::from(n) - 1);
    match (field, indicator) {
        (Field::Actual, Some(_)) => SheetCell::blank(styles.input_center),
        (Field::Actual, None) => SheetCell::blank(styles.plan),
        (_, Some(i)) => {
            let style = if field == Field::Indicator { styles.plan } else { styles.plan_center };
            let text = value(&i, field).map_or(String::new(), |t| t.value.clone());
            match field {
                Field::Baseline | Field::Target => number_or_text(text, style),
                _ => SheetCell::text(text, style),
            }
        }
        (_, None) => SheetCell::blank(styles.plan),
    }
}

/// Last year's 実績値 of the item's `n`-th indicator: the same indicator (by 指標名) of the item
/// last year.
pub(super) fn previous<'a>(item: &Item, last_year: Option<&Item>, n: u8, styles: &Styles) -> SheetCell<'a> {
    let name = of(item).into_iter().nth(usize::from(n) - 1).and_then(|i| i.name.map(|t| key(&t.value)));
    let then = last_year.and_then(|before| {
        let same = of(before).into_iter().find(|i| i.name.as_ref().map(|t| key(&t.value)) == name)?;
        same.actual.map(|t| t.value)
    });
    number_or_text(then.unwrap_or_default(), styles.previous_center)
}

/// A value as a number where it is one that reads back as written (「71」, 「0.5」), so Excel
/// sums and compares it; otherwise (「1,000」, 「約70」, 「71％」) as the text it is.
fn number_or_text<'a>(text: String, style: StyleId) -> SheetCell<'a> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n.to_string() == text => SheetCell::number(n, style),
        _ => SheetCell::text(text, style),
    }
}
