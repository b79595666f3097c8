//! Rules on indicators: a 基準値, 目標値 or 実績値 that holds no number, and a department's grade
//! that is not the one the indicators' 達成率 proposes (`[grades] from_indicator`).

use super::at;
use crate::config::Config;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::indicator::{self, Indicator};
use crate::model::{Grade, Item};

/// The findings on the indicators of one item.
pub fn rules(item: &Item, config: &Config, out: &mut Vec<Diagnostic>) {
    let reported = item.progress.iter().flat_map(|p| &p.indicators);
    for i in item.indicators.iter().chain(reported) {
        number_rules(i, &item.label(), out);
    }
    unclear_rules(item, out);
    let readings = indicator::readings(item);
    for p in &item.progress {
        let Some((proposed, rate, name)) = indicator::proposal(config, &readings, p) else { continue };
        let Grade::Valid { code, .. } = Grade::of(config, Some(p)) else { continue };
        if code == proposed {
            continue;
        }
        let source = p.grade.as_ref().map_or(&p.at, |g| &g.at);
        let rate = format!("{rate:.0$}％", config.rate_decimals);
        out.push(at(
            source,
            Severity::Warning,
            Code::GradeIndicatorMismatch,
            Some(item.label()),
            format!("評価「{code}」は、指標「{name}」の達成率 {rate} から見ると「{proposed}」です"),
        ));
    }
}

/// A report's 実績値 naming no indicator, on an item the plan gives several: which one is
/// asked at its cell, and it fills none (never a second, nameless indicator).
fn unclear_rules(item: &Item, out: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = item.indicators.iter().map(Indicator::label).collect();
    for (p, i) in indicator::unplaced(item) {
        let cell = [&i.actual, &i.baseline, &i.target, &i.unit, &i.target_year].into_iter().flatten().next();
        let source = cell.map_or(&p.at, |t| &t.at);
        let message = format!(
            "指標名のない値です。この項目には指標が{}つ（{}）あるため、どの指標の値か分かりません（指標名の列を加えるか、実績値1・実績値2 のように番号を付けてください）",
            names.len(),
            names.join("、")
        );
        out.push(at(source, Severity::Warning, Code::IndicatorUnclear, Some(item.label()), message));
    }
}

/// A number cell that reads as no number (「−」 says it cannot be measured, and is fine).
fn number_rules(i: &Indicator, item: &str, out: &mut Vec<Diagnostic>) {
    for (column, text) in i.numbers() {
        let Some(text) = text else { continue };
        if indicator::number(&text.value).is_some() || indicator::is_dash(&text.value) {
            continue;
        }
        out.push(at(
            &text.at,
            Severity::Warning,
            Code::InvalidValue,
            Some(item.to_string()),
            format!(
                "指標「{}」の{}「{}」は数として読めません（1,234人、12.5% のように数字で書いてください）",
                i.label(),
                column.label(),
                text.value
            ),
        ));
    }
}
