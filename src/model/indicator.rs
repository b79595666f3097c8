//! Indicators (成果指標・活動指標) of an item: 指標, 単位, 基準値, 目標値, 目標年度 and 実績値, one a
//! row, and the 達成率 against the target. Numbers are read as departments type them: 全角数字,
//! 「1,234人」, 「12.5%」; a cell that holds no number keeps its text and is flagged by the check.

use super::{Item, Progress, Text};
use crate::config::{Config, Field};
use crate::import::Cell;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// One indicator as read from its row.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// 指標名.
    pub name: Option<Text>,
    /// Its unit (%, 回, 人).
    pub unit: Option<Text>,
    /// 基準値.
    pub baseline: Option<Text>,
    /// 目標値.
    pub target: Option<Text>,
    /// 目標年度.
    pub target_year: Option<Text>,
    /// 実績値.
    pub actual: Option<Text>,
    /// With `[indicators] prorate`: the share of the way from 基準値 to 目標値 due by the
    /// report year (year 1 of a 5-year period: 0.2); None measures against the full target.
    pub due: Option<f64>,
    /// n of a numbered group of columns (実績値2 → 2): which of the item's indicators a report
    /// that names none means.
    pub number: Option<u32>,
}

impl Indicator {
    /// The indicator of a row, when the row fills any indicator column.
    pub fn from_row(field: impl Fn(Field) -> Option<Text>) -> Option<Indicator> {
        let indicator = Indicator {
            name: field(Field::Indicator),
            unit: field(Field::Unit),
            baseline: field(Field::Baseline),
            target: field(Field::Target),
            target_year: field(Field::TargetYear),
            actual: field(Field::Actual),
            due: None,
            number: None,
        };
        // Any indicator cell makes one, as any makes a row continue the item above: no row is lost.
        let any = [
            &indicator.name,
            &indicator.unit,
            &indicator.baseline,
            &indicator.target,
            &indicator.target_year,
            &indicator.actual,
        ]
        .iter()
        .any(|t| t.is_some());
        any.then_some(indicator)
    }

    /// The number cells: (column, text), for the check.
    pub fn numbers(&self) -> [(Field, Option<&Text>); 3] {
        [
            (Field::Baseline, self.baseline.as_ref()),
            (Field::Target, self.target.as_ref()),
            (Field::Actual, self.actual.as_ref()),
        ]
    }

    /// 達成率 in percent: (実績 − 基準) ÷ (目標 − 基準) × 100, with 0 as 基準 where none is
    /// given, the span pro-rated by [`Indicator::due`]. None when a number is missing or
    /// unreadable, or the target equals the baseline.
    pub fn rate(&self) -> Option<f64> {
        let base = self.base()?;
        let (target, actual) = (value(&self.target)?, value(&self.actual)?);
        let span = (target - base) * self.due.unwrap_or(1.0);
        (span != 0.0).then(|| (actual - base) / span * 100.0)
    }

    /// 基準値 as a number, 0 where none is given.
    fn base(&self) -> Option<f64> {
        match &self.baseline {
            Some(_) => value(&self.baseline),
            None => Some(0.0),
        }
    }

    /// The target due by the report year where it is pro-rated below the full 目標値.
    pub fn due_target(&self) -> Option<f64> {
        let due = self.due.filter(|d| *d < 1.0)?;
        let base = self.base()?;
        Some(base + (value(&self.target)? - base) * due)
    }

    /// The name used in messages and tables: 指標, else 「指標」.
    pub fn label(&self) -> &str {
        self.name.as_ref().map_or("指標", |t| t.value.as_str())
    }
}

/// An indicator of an item as the reports show it: the plan's row filled in with what a
/// department reported for it (matched by 指標名), and who reported it.
#[derive(Debug, Clone)]
pub struct Reading<'a> {
    /// The indicator, filled in.
    pub indicator: Indicator,
    /// The reporting department's report, where the values come from a report.
    pub progress: Option<&'a Progress>,
}

/// Every indicator of an item: the plan's first (filled in from the report that names the same
/// indicator, or that names none where the plan's is the only one or the n-th of a numbered
/// group), then those only the reports give, in report order. A report's values naming no
/// indicator of an item of several are in none: the check names their cell ([`unplaced`]).
pub fn readings(item: &Item) -> Vec<Reading<'_>> {
    distribute(item).0
}

/// The readings of an item, and the reported indicators that fill none ([`Place::Unclear`]).
///
/// The plan's indicators are keyed by name, each key holding its unclaimed rows in order, so
/// every reported row is matched in constant time: an item with 100,000 reported rows costs
/// what 100,000 items of one row do (searching the growing list was quadratic).
#[allow(clippy::type_complexity)]
fn distribute(item: &Item) -> (Vec<Reading<'_>>, Vec<(&Progress, &Indicator)>) {
    let mut out: Vec<Reading> =
        item.indicators.iter().map(|i| Reading { indicator: i.clone(), progress: None }).collect();
    let mut unclaimed: Unclaimed = HashMap::new();
    for (at, planned) in item.indicators.iter().enumerate() {
        unclaimed.entry(key(planned)).or_default().push_back(at);
    }
    let mut lost = Vec::new();
    for p in &item.progress {
        for reported in &p.indicators {
            match place(item.indicators.len(), &out, &mut unclaimed, reported) {
                Place::Planned(k) => {
                    let r = &mut out[k];
                    r.indicator = reported.filled_from(&r.indicator);
                    r.progress = Some(p);
                }
                Place::Unclear => lost.push((p, reported)),
                Place::Own => out.push(Reading { indicator: reported.clone(), progress: Some(p) }),
            }
        }
    }
    (out, lost)
}

/// The plan's indicators not yet filled, by their name's key, in plan order.
type Unclaimed = HashMap<Option<String>, VecDeque<usize>>;

fn key(i: &Indicator) -> Option<String> {
    i.name.as_ref().map(|t| crate::text::key(&t.value))
}

/// Where a reported indicator goes among the readings so far.
enum Place {
    /// Fills the plan's k-th indicator.
    Planned(usize),
    /// Names no indicator of an item of several: in none.
    Unclear,
    /// One of the report's own.
    Own,
}

/// Where `reported` goes, of `planned` indicators of the plan. An index taken by number
/// (実績値n) is skipped when its name comes up later, each index leaving its queue once.
fn place(planned: usize, out: &[Reading], unclaimed: &mut Unclaimed, reported: &Indicator) -> Place {
    let open = |k: usize| out.get(k).is_some_and(|r| r.progress.is_none());
    if let Some(queue) = unclaimed.get_mut(&key(reported)) {
        while let Some(k) = queue.pop_front() {
            if open(k) {
                return Place::Planned(k);
            }
        }
    }
    if reported.name.is_some() || planned == 0 {
        return Place::Own;
    }
    // 実績値 alone: the plan's only indicator, or the n-th of 実績値n.
    match reported.number.map(|n| n as usize) {
        Some(n) if (1..=planned).contains(&n) && open(n - 1) => Place::Planned(n - 1),
        _ if planned == 1 && open(0) => Place::Planned(0),
        _ => Place::Unclear,
    }
}

/// The reported indicators naming no indicator of their item, which has several: (report,
/// indicator), for the check to name the cell.
pub fn unplaced(item: &Item) -> Vec<(&Progress, &Indicator)> {
    distribute(item).1
}

impl Indicator {
    /// This indicator with the cells it leaves blank taken from `plan`.
    fn filled_from(&self, plan: &Indicator) -> Indicator {
        let pick = |a: &Option<Text>, b: &Option<Text>| a.clone().or_else(|| b.clone());
        Indicator {
            name: pick(&self.name, &plan.name),
            unit: pick(&self.unit, &plan.unit),
            baseline: pick(&self.baseline, &plan.baseline),
            target: pick(&self.target, &plan.target),
            target_year: pick(&self.target_year, &plan.target_year),
            actual: pick(&self.actual, &plan.actual),
            due: self.due.or(plan.due),
            number: plan.number.or(self.number),
        }
    }

    /// 達成率 rounded half away from zero to the configured decimals.
    pub fn rounded_rate(&self, config: &Config) -> Option<f64> {
        let scale = 10f64.powi(config.rate_decimals as i32);
        self.rate().map(|r| (r * scale).round() / scale)
    }

    /// Whether it reached its target: a 達成率 of 100％ or more as the settings round it;
    /// None where no rate can be worked out (no 実績値 yet, no target).
    pub fn reached(&self, config: &Config) -> Option<bool> {
        self.rounded_rate(config).map(|rate| rate >= 100.0)
    }

    /// 「50.0％」 as the settings round it; 「－」 where there is no rate.
    pub fn rate_text(&self, config: &Config) -> String {
        self.rounded_rate(config).map_or("－".into(), |r| format!("{r:.0$}％", config.rate_decimals))
    }
}

fn value(t: &Option<Text>) -> Option<f64> {
    t.as_ref().and_then(|t| number(&t.value))
}

/// With `[indicators] prorate`, sets every indicator's [`Indicator::due`] for the plan's
/// report year; without, clears it. Call again when the report year changes (`--year`).
pub fn prorate(plan: &mut super::Plan, config: &Config) {
    let (period, year) = (plan.period, plan.report_year());
    let set = |i: &mut Indicator| i.due = if config.prorate { due(i, period, year) } else { None };
    for section in &mut plan.sections {
        for item in section.goals.iter_mut().flat_map(|g| &mut g.items) {
            item.indicators.iter_mut().for_each(set);
            item.progress.iter_mut().flat_map(|p| &mut p.indicators).for_each(set);
        }
    }
}

/// The share of the target due in `year`: years of the period so far ÷ years up to the target
/// year (its 目標年度, else the period's last year), at most the whole.
fn due(indicator: &Indicator, period: Option<(i32, i32)>, year: Option<i32>) -> Option<f64> {
    let ((start, last), year) = (period?, year?);
    let end = indicator
        .target_year
        .as_ref()
        .and_then(|t| crate::text::wareki::parse_fiscal_year(&t.value))
        .unwrap_or(last);
    let years = end - start + 1;
    (years > 0).then(|| f64::from((year - start + 1).clamp(1, years)) / f64::from(years))
}

/// The grade `[grades] from_indicator` proposes for a 達成率: the first step whose minimum it
/// reaches.
pub fn proposed_grade(config: &Config, rate: f64) -> Option<&str> {
    config.from_indicator.iter().find(|t| rate >= t.min).map(|t| t.code.as_str())
}

/// The grade the indicators of a report propose: by the lowest 達成率 among them (the cautious
/// reading, as an item counts with its lowest grade), with that indicator.
pub fn proposal<'a>(
    config: &'a Config,
    readings: &[Reading],
    progress: &Progress,
) -> Option<(&'a str, f64, String)> {
    let own = readings.iter().filter(|r| r.progress.is_some_and(|p| std::ptr::eq(p, progress)));
    let (rate, name) = own
        .filter_map(|r| Some((r.indicator.rounded_rate(config)?, r.indicator.label().to_string())))
        .min_by(|a, b| a.0.total_cmp(&b.0))?;
    Some((proposed_grade(config, rate)?, rate, name))
}

/// Whether a row's cells only continue the item above with another indicator: they fill an
/// indicator column and no column of an item of their own (項目, No, 内容), except cells a
/// vertical merge carries down from an earlier row.
pub fn continues_item(cells: &BTreeMap<Field, Cell>, row: u32) -> bool {
    let own = |c: &Cell| c.row == row;
    let has_indicator = cells.iter().any(|(col, c)| col.is_indicator() && own(c));
    let names_item =
        cells.iter().any(|(col, c)| matches!(col, Field::Name | Field::No | Field::Content) && own(c));
    has_indicator && !names_item
}

/// A number as typed: NFKC (全角数字), thousands separators dropped, a unit or % after it
/// allowed (「1,234人」, 「12.5%」, 「約」 is not). None for text that is no number, or for 「−」.
pub fn number(text: &str) -> Option<f64> {
    let t = crate::text::nfkc_trim(text).replace([',', '，'], "").replace('−', "-");
    let t = t.trim();
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0)))
        .map_or(t.len(), |(i, _)| i);
    let (digits, rest) = t.split_at(end);
    let unit_like = rest.chars().count() <= 6 && !rest.chars().any(|c| c.is_ascii_digit());
    if !unit_like || !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether a cell says the indicator cannot be measured this year (「−」, 「-」, 「―」).
pub fn is_dash(text: &str) -> bool {
    matches!(crate::text::nfkc_trim(text).as_str(), "-" | "−" | "―" | "ー" | "‐")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_departments_type_them() {
        assert_eq!(number("１，２３４人"), Some(1234.0));
        assert_eq!(number("12.5%"), Some(12.5));
        assert_eq!(number("12.5％"), Some(12.5));
        assert_eq!(number("30 団体"), Some(30.0));
        assert_eq!(number("約100"), None);
        assert_eq!(number("未集計"), None);
        assert_eq!(number("−"), None);
        assert!(is_dash("－"));
        assert_eq!(number("-3"), Some(-3.0));
    }

    fn text(value: &str) -> Option<Text> {
        let at = super::super::Source {
            file: "f".into(),
            input: Default::default(),
            sheet: "s".into(),
            row: 0,
            col: 0,
        };
        Some(Text { value: value.into(), at })
    }

    #[test]
    fn pro_rated_by_year_of_the_period() {
        let mut i = Indicator::from_row(|c| match c {
            Field::Baseline => text("0"),
            Field::Target => text("100"),
            Field::Actual => text("15"),
            _ => None,
        })
        .unwrap();
        // 多摩市: the first year of 令和3〜7年度 is due 20% of the target.
        assert_eq!(due(&i, Some((2021, 2025)), Some(2021)), Some(0.2));
        assert_eq!(due(&i, Some((2021, 2025)), Some(2023)), Some(0.6));
        assert_eq!(due(&i, Some((2021, 2025)), Some(2027)), Some(1.0), "past the target year: all of it");
        assert_eq!(due(&i, None, Some(2023)), None);
        i.due = Some(0.2);
        assert_eq!(i.rate(), Some(75.0));
        assert_eq!(i.due_target(), Some(20.0));
        i.target_year = text("令和5年度");
        assert_eq!(due(&i, Some((2021, 2025)), Some(2021)), Some(1.0 / 3.0), "its own 目標年度");
    }
}
