//! What the 広報 page says, in words for residents: です・ます, the 公用文 spelling of the
//! settings' labels, no internal codes, counts that say what they count ([`Summary`]).

use super::super::{summary, Report};
use crate::layout::chart::Series;
use crate::layout::frame::Color;
use crate::model::indicator::{readings, Indicator};
use crate::model::Item;

/// What the summary says, before it is set down as the page's content ([`super::document`]).
pub struct Summary {
    /// 「令和6年度（2024年度）」 above the headline, when the year is known.
    pub kicker: Option<String>,
    /// The headline.
    pub headline: String,
    /// The opening paragraph.
    pub lead: String,
    /// Per 施策: how it is named, how it went.
    pub sections: Vec<Section>,
    /// The chart's series: each grade, then 未提出 / 評価なし.
    pub series: Vec<Series>,
    /// The indicators with a target, as people read them: 「意識調査の回収率 71％（目標 80％）」.
    pub targets: Vec<String>,
    /// (項目, what was achieved): the best-graded items, as many as the settings ask and the
    /// page holds ([`super::fitted`]).
    pub highlights: Vec<(String, String)>,
}

/// One 施策 in the summary.
pub struct Section {
    /// 「施策1」: what the page's sentences call it, the chart above naming it in full; the
    /// whole heading where it has no number.
    pub number: String,
    /// 「施策1 協働（共働）の意識を高める！！」 without a subtitle: the chart's label, wrapped
    /// between phrases, never cut short with 「…」.
    pub name: String,
    /// The full heading.
    pub heading: String,
    /// How it went, in a sentence.
    pub sentence: String,
    /// Items per series of the chart.
    pub counts: Vec<usize>,
}

/// Puts the summary into words: です・ます, the 公用文 spelling of the settings' labels, no
/// internal codes, and counts that say what they count.
pub fn summary(report: &Report) -> Summary {
    let config = report.config;
    let total = summary::total(report);
    let word = report.plan.section_word();
    // The grey of items without a grade only where there are some: a legend entry with no bar
    // would make a reader look for it.
    let gaps = total.unreported + total.ungraded > 0;
    let series: Vec<Series> = config
        .grades
        .iter()
        .map(|g| Series { label: g.label.clone(), color: g.color })
        // White with its own pattern: lighter than any step, and not a grade.
        .chain(gaps.then(|| Series { label: GAP.into(), color: Color(0xFF, 0xFF, 0xFF) }))
        .collect();
    let sections = report
        .plan
        .sections
        .iter()
        .map(|s| {
            let c = summary::section(report, s);
            let heading = s.heading.as_ref().map_or("その他の取り組み".into(), |h| h.display());
            let name = s
                .heading
                .as_ref()
                .map(|h| crate::text::Heading { subtitle: None, ..h.clone() }.display())
                .unwrap_or_else(|| heading.clone());
            let number = s
                .heading
                .as_ref()
                .and_then(|h| h.number.map(|n| format!("{}{n}", h.label)))
                .unwrap_or_else(|| name.clone());
            let mut counts = c.grades.clone();
            counts.extend(gaps.then_some(c.unreported + c.ungraded));
            Section {
                number: fullwidth_punctuation(&number),
                name: fullwidth_punctuation(&name),
                heading: fullwidth_punctuation(&heading),
                sentence: progress_sentence(&c, config),
                counts,
            }
        })
        .collect();
    Summary {
        kicker: report.year_label(),
        headline: report.title(),
        lead: lead(report, &total, word),
        sections,
        series,
        targets: targets(report),
        highlights: highlights(report),
    }
}

/// Each indicator with a 達成率 (the same ones the lead counts), as people read it: the 実績値
/// and 目標値 as written with their unit, and 「達成」 where the target is reached —
/// 「意識調査の回収率 71％（目標 80％）」, not the normalised 達成率 a resident takes for
/// the figure itself. With `[indicators] prorate` the year's share of the target is the one
/// named (「令和4年度の目標 1,400人」), as it is the one measured against.
fn targets(report: &Report) -> Vec<String> {
    let year = report.plan.report_year().map(crate::text::wareki::fiscal_year_label);
    report
        .plan
        .items()
        .flat_map(readings)
        .filter_map(|r| {
            let rate = r.indicator.rounded_rate(report.config)?;
            target_line(&r.indicator, rate >= 100.0, year.as_deref())
        })
        .collect()
}

/// 「意識調査の回収率 71％（目標 80％）」, 「・達成」 added in the brackets when reached.
fn target_line(indicator: &Indicator, reached: bool, year: Option<&str>) -> Option<String> {
    let unit = indicator.unit.as_ref().map(|u| u.value.as_str());
    let actual = as_written(&indicator.actual.as_ref()?.value, unit)?;
    let written = indicator.target.as_ref()?.value.as_str();
    let target = match indicator.due_target() {
        Some(due) => {
            let due = if due.fract() == 0.0 { format!("{due}") } else { format!("{due:.1}") };
            // The unit of the 単位 column, else the one written after the target.
            let unit = unit.map(str::to_string).or_else(|| split_number(written).1);
            format!("{}の目標 {}", year.unwrap_or("今年度"), as_written(&due, unit.as_deref())?)
        }
        None => format!("目標 {}", as_written(written, unit)?),
    };
    let done = if reached { "・達成" } else { "" };
    Some(format!("{} {actual}（{target}{done}）", fullwidth_punctuation(indicator.label())))
}

/// A number cell for a reader: half-width digits grouped by thousands, as many decimals as the
/// department wrote (71 stays 71, 71.5 stays 71.5), its unit (the cell's own, else the 単位
/// column's) with ％ full-width. None for a cell that holds no number.
fn as_written(cell: &str, unit: Option<&str>) -> Option<String> {
    crate::model::indicator::number(cell)?;
    let (digits, rest) = split_number(cell);
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("−", d),
        None => ("", digits.trim_start_matches('+')),
    };
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = format!("{sign}{}", thousands(whole));
    if !decimals.is_empty() {
        out.push_str(&format!(".{decimals}"));
    }
    let unit = rest.or_else(|| unit.map(crate::text::nfkc_trim)).unwrap_or_default();
    out.push_str(&fullwidth_punctuation(&unit));
    Some(out)
}

/// A number cell's digits (NFKC, without thousands separators) and what follows them.
fn split_number(cell: &str) -> (String, Option<String>) {
    let text = crate::text::nfkc_trim(cell).replace([',', '，'], "").replace('−', "-");
    let end =
        text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(text.len());
    let rest = text[end..].trim();
    (text[..end].to_string(), (!rest.is_empty()).then(|| rest.to_string()))
}

/// 「1234567」 as 「1,234,567」.
fn thousands(digits: &str) -> String {
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The chart's grey: items without a report or without a grade on the scale.
const GAP: &str = "報告・評価なし";

/// The year in a sentence: how many items, how many reported, how many on track, what is missing.
fn lead(report: &Report, total: &summary::Counts, word: &str) -> String {
    let config = report.config;
    let year = report
        .plan
        .report_year()
        .map(crate::text::wareki::fiscal_year_label)
        .unwrap_or_else(|| "今年度".into());
    let (n, reported) = (total.total(), total.reported());
    let sections = crate::text::tsu(report.plan.sections.len());
    let mut lead = if reported == n {
        format!("{year}は、{sections}の{word}に掲げた{n}件の取り組みすべてについて、担当部署から進み具合の報告がありました。")
    } else {
        format!("{year}は、{sections}の{word}に掲げた{n}件の取り組みのうち、{reported}件について担当部署から進み具合の報告がありました。")
    };
    let labels: Vec<String> =
        config.on_track.iter().filter_map(|c| config.grade(c)).map(|g| format!("「{}」", g.label)).collect();
    // Codes that are not grades (完了, 中止) are named and left out of the share.
    let base = match total.uncounted {
        0 => format!("{n}件"),
        u => format!("{}の{u}件を除く{}件", uncounted_words(config, total), total.rated()),
    };
    lead.push_str(&format!(
        "{base}のうち、{}と評価した順調な取り組みは{}件（{}％）です。",
        labels.join("または"),
        total.on_track,
        percent(total.on_track, total.rated())
    ));
    lead.push_str(&super::super::rates::sentence(report));
    let mut gaps = Vec::new();
    if total.unreported > 0 {
        gaps.push(format!("まだ報告がない取り組みが{}件", total.unreported));
    }
    if total.ungraded > 0 {
        gaps.push(format!("評価の記入がない取り組みが{}件", total.ungraded));
    }
    if !gaps.is_empty() {
        lead.push_str(&format!("{}あります。", gaps.join("、")));
    }
    lead
}

/// 「評価の対象としない「完了」1件、「中止」1件」: the codes that are not grades, with their
/// counts, as the settings label them.
fn uncounted_words(config: &crate::config::Config, c: &summary::Counts) -> String {
    let named: Vec<String> = config
        .grades
        .iter()
        .zip(&c.grades)
        .filter(|(g, n)| !g.counts && **n > 0)
        .map(|(g, n)| format!("「{}」{n}件", g.label))
        .collect();
    format!("評価の対象としない{}", named.join("、"))
}

/// 「6件の取り組みのうち、5件が順調に進んでいます。」, in words that fit the numbers; items
/// with a code that is not a grade are told apart after.
fn progress_sentence(c: &summary::Counts, config: &crate::config::Config) -> String {
    if c.total() == 0 {
        return "取り組みはありません。".into();
    }
    let rated = summary::Counts { grades: rated_steps(config, c), uncounted: 0, ..c.clone() };
    match (c.rated(), c.uncounted) {
        (_, 0) => rated_sentence(c),
        (0, u) => format!("{u}件の取り組みは、{}です。", uncounted_words(config, c)),
        (_, _) => format!("{}このほか、{}があります。", rated_sentence(&rated), uncounted_words(config, c)),
    }
}

/// The counts per step with the steps that are not grades zeroed.
fn rated_steps(config: &crate::config::Config, c: &summary::Counts) -> Vec<usize> {
    config.grades.iter().zip(&c.grades).map(|(g, n)| if g.counts { *n } else { 0 }).collect()
}

/// The sentence over the items rated (every item counted, none with a code that is not a grade).
fn rated_sentence(c: &summary::Counts) -> String {
    let (n, k) = (c.total(), c.on_track);
    if c.unreported + c.ungraded == n {
        return match (c.unreported, c.ungraded) {
            (u, g) if u > 0 && g > 0 => format!("{n}件の取り組みのうち、{}", gap_sentence(u, g, true)),
            (u, g) => format!("{n}件の取り組みは、{}", gap_sentence(u, g, false)),
        };
    }
    let mut s = match (n, k) {
        (1, 1) => "1件の取り組みが順調に進んでいます。".to_string(),
        (n, k) if k == n => format!("{n}件の取り組みすべてが順調に進んでいます。"),
        (n, 0) => format!("{n}件の取り組みのうち、順調に進んでいるものはまだありません。"),
        (n, k) => format!("{n}件の取り組みのうち、{k}件が順調に進んでいます。"),
    };
    if c.unreported + c.ungraded > 0 {
        s.push_str(&gap_sentence(c.unreported, c.ungraded, true));
    }
    s
}

/// What is missing, kept apart: no report at all, or a report without a grade on the scale.
/// `counted` names the number of a single kind (「1件は、まだ報告がありません。」); both kinds
/// always name theirs.
fn gap_sentence(unreported: usize, ungraded: usize, counted: bool) -> String {
    let n = |k: usize| if counted { format!("{k}件は、") } else { String::new() };
    match (unreported, ungraded) {
        (0, g) => format!("{}評価の記入がありません。", n(g)),
        (u, 0) => format!("{}まだ報告がありません。", n(u)),
        (u, g) => format!("{u}件はまだ報告がなく、{g}件は評価の記入がありません。"),
    }
}

/// The best-graded items, best first, in plan order among equals, each with the first
/// sentence of what its department reported, quoted as written.
fn highlights(report: &Report) -> Vec<(String, String)> {
    let mut graded: Vec<(usize, &Item)> =
        report.plan.items().filter_map(|i| Some((summary::item_rank(report, i)?, i))).collect();
    graded.sort_by_key(|(rank, _)| *rank);
    graded
        .into_iter()
        .filter(|(_, i)| i.progress.iter().any(|p| p.results.is_some()))
        .take(report.config.koho.highlights)
        .map(|(_, i)| {
            let results = i.progress.iter().find_map(|p| p.results.as_ref()).map_or("", |t| t.value.as_str());
            (fullwidth_punctuation(&i.label()), quote(&first_sentence(results)))
        })
        .collect()
}

/// The first sentence (up to 。) of the first line: residents read a line, not a report.
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    match line.find('。') {
        Some(i) => line[..i + '。'.len_utf8()].to_string(),
        None => line.to_string(),
    }
}

/// A department's words in 「」: brackets inside become 『』, the closing 。 goes (as in
/// print), punctuation full-width.
fn quote(text: &str) -> String {
    let inner = fullwidth_punctuation(text.trim_end_matches('。')).replace('「', "『").replace('」', "』");
    format!("「{inner}」")
}

/// ASCII punctuation in Japanese text as its full-width form: ( ) : ! ? % → （ ）： ！ ？ ％.
fn fullwidth_punctuation(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            '!' => '！',
            '?' => '？',
            '%' => '％',
            c => c,
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(grades: [usize; 4], on_track: usize, unreported: usize, ungraded: usize) -> summary::Counts {
        summary::Counts { grades: grades.to_vec(), unreported, ungraded, on_track, uncounted: 0 }
    }

    #[test]
    fn sentences_fit_the_numbers() {
        assert_eq!(rated_sentence(&counts([1, 0, 0, 0], 1, 0, 0)), "1件の取り組みが順調に進んでいます。");
        assert_eq!(
            rated_sentence(&counts([0, 1, 1, 0], 1, 0, 1)),
            "3件の取り組みのうち、1件が順調に進んでいます。1件は、評価の記入がありません。"
        );
        assert_eq!(rated_sentence(&counts([0; 4], 0, 2, 0)), "2件の取り組みは、まだ報告がありません。");
        assert_eq!(
            rated_sentence(&counts([0; 4], 0, 1, 1)),
            "2件の取り組みのうち、1件はまだ報告がなく、1件は評価の記入がありません。"
        );
        assert_eq!(quote("広報「つしま」(8月号)に掲載した。"), "「広報『つしま』（8月号）に掲載した」");
    }

    #[test]
    fn targets_read_as_written() {
        assert_eq!(as_written("71", Some("%")).as_deref(), Some("71％"));
        assert_eq!(as_written("７１．５％", None).as_deref(), Some("71.5％"));
        assert_eq!(as_written("12345", Some("人")).as_deref(), Some("12,345人"));
        assert_eq!(as_written("1,000回", Some("回")).as_deref(), Some("1,000回"));
        assert_eq!(as_written("未集計", Some("%")), None);
        let at = crate::model::Source {
            file: "f".into(),
            input: Default::default(),
            sheet: "s".into(),
            row: 0,
            col: 0,
        };
        let text = |v: &str| Some(crate::model::Text { value: v.into(), at: at.clone() });
        let indicator = Indicator {
            name: text("意識調査の回収率"),
            unit: text("%"),
            baseline: text("60"),
            target: text("80"),
            target_year: None,
            actual: text("71"),
            due: None,
            number: None,
        };
        assert_eq!(
            target_line(&indicator, false, None).as_deref(),
            Some("意識調査の回収率 71％（目標 80％）")
        );
        assert_eq!(
            target_line(&indicator, true, None).as_deref(),
            Some("意識調査の回収率 71％（目標 80％・達成）")
        );
    }
}
