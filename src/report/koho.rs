//! Material for the city magazine 広報つしま: one A4 page in large type and plain words for
//! residents — a headline, how the year went, a bar chart of grades per 施策, a sentence per
//! 施策, the targets as written and the best-graded items as highlights. The same words come
//! as plain text for the editor's layout program and as a web page.
//!
//! The page is fitted by laying it out and measuring: highlights are left out from the last,
//! then the chart's rows made lower, then the 施策 sentences left to the chart (which names
//! every 施策 and its counts), before the page would ever run onto a second one.

use super::doc::{Block, Cell, Chart, Column, Doc, Figure, Role, Row, Table, Tone};
use super::{summary, Report};
use crate::layout::chart::{self, Rows, Series};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::text::Style;
use crate::model::indicator::{readings, Indicator};
use crate::model::Item;

/// What the summary says, before it is laid out or written as text.
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
    /// page holds ([`fitted`]).
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

/// The summary with as many highlights as fit the page, and how the page is set to fit:
/// the one decision the page, the text and the web page follow.
pub fn fitted(report: &Report) -> (Summary, Fit) {
    let mut s = summary(report);
    let mut fit = FITS[0];
    // Fewer highlights first, from the last (the lowest graded) …
    while pages(report, &s, fit) > 1 && !s.highlights.is_empty() {
        s.highlights.pop();
    }
    // … then a lower chart, then the 施策 sentences left to the chart.
    for next in &FITS[1..] {
        if pages(report, &s, fit) <= 1 {
            break;
        }
        fit = *next;
    }
    (s, fit)
}

/// How the page is set: the chart's rows, and whether each 施策 has its sentence under the
/// chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The chart's bar and gap.
    pub rows: Rows,
    /// Whether the 施策 sentences are on the page.
    pub sentences: bool,
}

/// The ways of setting the page, from the fullest; the first that fits one page is used.
const FITS: [Fit; 6] = [
    Fit { rows: Rows { bar: 7.0, gap: 3.0 }, sentences: true },
    Fit { rows: Rows { bar: 6.0, gap: 2.0 }, sentences: true },
    Fit { rows: Rows { bar: 5.5, gap: 1.2 }, sentences: true },
    Fit { rows: Rows { bar: 7.0, gap: 3.0 }, sentences: false },
    Fit { rows: Rows { bar: 6.0, gap: 2.0 }, sentences: false },
    Fit { rows: Rows { bar: 5.5, gap: 1.2 }, sentences: false },
];

/// How many pages `s` takes set as `fit`.
fn pages(report: &Report, s: &Summary, fit: Fit) -> usize {
    draw(report, s, fit).pages.len()
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
    lead.push_str(&super::rates::sentence(report));
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

/// The heading of the highlights: the words quoted are the departments'.
const HIGHLIGHTS: &str = "主な成果（担当部署の報告から）";

/// Lays the summary out on one A4 page in large type ([`fitted`]).
pub fn layout(report: &Report) -> Document {
    let (s, fit) = fitted(report);
    draw(report, &s, fit)
}

/// The type of the page: the body at the settings' size (12 pt or more, as UD guidance asks
/// of print for older readers), the headings larger.
struct Type {
    kicker: Style,
    headline: Style,
    /// 「施策ごとの評価」, 「数値目標の達成状況」, 「主な成果」.
    heading: Style,
    body: Style,
}

impl Type {
    fn of(report: &Report) -> Type {
        let settings = &report.config.koho;
        let size = settings.body;
        let body = Style::new(size).latin_gap(settings.latin_gap);
        let sized = |style: Style, times: f32| Style { size: size * times, ..style };
        Type {
            kicker: sized(body.color(Color::ACCENT), 1.2),
            headline: sized(body.bold().color(Color::ACCENT), 1.8),
            heading: sized(body.bold().color(Color::ACCENT), 4.0 / 3.0),
            body,
        }
    }
}

/// The page of `s` set as `fit`.
fn draw(report: &Report, s: &Summary, fit: Fit) -> Document {
    let settings = &report.config.koho;
    let setup = PageSetup::new(settings.page_size(false), settings.margin);
    let t = Type::of(report);
    let body = t.body;
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    if let Some(kicker) = &s.kicker {
        flow.paragraph(kicker, t.kicker, 0.0, width);
    }
    flow.heading(1, &s.headline, t.headline, 0.0, width);
    flow.advance(3.0);
    flow.paragraph(&s.lead, body, 0.0, width);
    flow.advance(5.0);
    let chart_heading = format!("{}ごとの評価", report.plan.section_word());
    // Bookmarks for the headline and the parts under it (PDF/UA asks for an outline).
    let mut parts = vec![Outline { title: chart_heading.clone(), page: flow.page(), children: Vec::new() }];
    flow.heading(2, &chart_heading, t.heading, 0.0, width);
    flow.advance(1.5);
    chart::stacked_bars(&mut flow, &bars(s), &s.series, body, fit.rows);
    flow.advance(2.0);
    if fit.sentences {
        // The chart above names each 施策 in full: here its number leads its sentence.
        for x in &s.sections {
            flow.paragraph(&format!("{}　{}", x.number, x.sentence), body, 0.0, width);
        }
        flow.advance(2.0);
    }
    let mut list = |flow: &mut Flow, title: &str, items: Vec<String>| {
        flow.advance(3.0);
        flow.ensure(t.heading.line_height() + 2.0 * body.line_height());
        parts.push(Outline { title: title.into(), page: flow.page(), children: Vec::new() });
        flow.heading(2, title, t.heading, 0.0, width);
        flow.list(&items, body, 0.0, width);
    };
    if !s.targets.is_empty() {
        list(&mut flow, TARGETS, s.targets.iter().map(|t| format!("・{t}")).collect());
    }
    if !s.highlights.is_empty() {
        list(
            &mut flow,
            HIGHLIGHTS,
            s.highlights.iter().map(|(name, text)| format!("・{name}：{text}")).collect(),
        );
    }
    let part = flow.finish();
    let title = match &s.kicker {
        Some(k) => format!("{k} {}", s.headline),
        None => s.headline.clone(),
    };
    let running =
        super::furniture::Running { title: &title, city: &report.config.city, heads: &[], cover: false };
    let meta = Meta {
        title: title.clone(),
        author: report.config.city.clone(),
        subject: "広報向け 市民協働の取り組み状況".into(),
        keywords: vec!["市民協働".into(), "広報".into()],
        date: report.issued,
    };
    let outline = vec![Outline { title: s.headline.clone(), page: 0, children: parts }];
    let mut document = Document::assemble(vec![part], outline, meta);
    super::furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// The chart's bars: each 施策's name and counts.
fn bars(s: &Summary) -> Vec<(String, Vec<usize>)> {
    s.sections.iter().map(|x| (x.name.clone(), x.counts.clone())).collect()
}

/// The heading of the targets.
const TARGETS: &str = "数値目標の達成状況";

/// The summary as content, in the order of the page: the headline, the lead, the chart of
/// grades per 施策 with its numbers, a sentence per 施策, the targets and the highlights.
pub fn document(report: &Report) -> Doc {
    let (s, _) = fitted(report);
    let mut blocks: Vec<Block> = s.kicker.iter().map(|k| Block::Paragraph(k.clone())).collect();
    blocks.push(Block::Heading { level: 1, text: s.headline.clone() });
    blocks.push(Block::Paragraph(s.lead.clone()));
    let chart_heading = format!("{}ごとの評価", report.plan.section_word());
    blocks.push(Block::Heading { level: 2, text: chart_heading.clone() });
    let bars = bars(&s);
    let alt = chart::alt_text(&bars, &s.series);
    let table = counts_table(&chart_heading, report.plan.section_word(), &s.series, &bars);
    let series = s.series.iter().map(|x| (x.label.clone(), x.color)).collect();
    blocks.push(Block::Figure(Figure { chart: Chart::Stacked { series, bars }, alt, table }));
    for section in &s.sections {
        blocks.push(Block::Heading { level: 3, text: section.heading.clone() });
        blocks.push(Block::Paragraph(section.sentence.clone()));
    }
    if !s.targets.is_empty() {
        blocks.push(Block::Heading { level: 2, text: TARGETS.into() });
        blocks.push(Block::List(s.targets.clone()));
    }
    if !s.highlights.is_empty() {
        blocks.push(Block::Heading { level: 2, text: HIGHLIGHTS.into() });
        blocks.push(Block::List(s.highlights.iter().map(|(name, text)| format!("{name}：{text}")).collect()));
    }
    let title = match &s.kicker {
        Some(k) => format!("{k} {}", s.headline),
        None => s.headline.clone(),
    };
    Doc {
        title,
        subject: "広報向け 市民協働の取り組み状況".into(),
        author: report.config.city.clone(),
        issued: super::official::issued(report),
        blocks,
    }
}

/// A stacked chart's numbers: a row per bar, a column per series, and the total.
pub(crate) fn counts_table(
    caption: &str,
    first: &str,
    series: &[Series],
    bars: &[(String, Vec<usize>)],
) -> Table {
    let mut columns = vec![Column::new(first, Role::Label)];
    columns.extend(series.iter().map(|s| Column::new(&s.label, Role::Count)));
    columns.push(Column::new("計", Role::Count));
    let rows = bars
        .iter()
        .map(|(label, counts)| {
            let mut cells = vec![Cell::plain(label)];
            cells.extend(counts.iter().map(|n| Cell::plain(n.to_string())));
            cells.push(Cell::toned(counts.iter().sum::<usize>().to_string(), Tone::Strong));
            Row { cells, joined: false, label: label.clone(), inset: None }
        })
        .collect();
    Table { caption: format!("{caption}（件数）"), columns, rows, label_col: 0 }
}

/// The summary as plain text, for pasting into a layout program.
pub fn text(report: &Report) -> String {
    let (s, _) = fitted(report);
    let kicker = s.kicker.as_ref().map(|k| format!("{k}\n")).unwrap_or_default();
    let word = report.plan.section_word();
    let mut out = format!("{kicker}{}\n\n{}\n\n【{word}ごとの評価】\n", s.headline, s.lead);
    for Section { heading, sentence, counts, .. } in &s.sections {
        let counts: Vec<String> = s
            .series
            .iter()
            .zip(counts)
            .filter(|(_, n)| **n > 0)
            .map(|(series, n)| format!("{} {n}件", series.label))
            .collect();
        out.push_str(&format!("{heading}\n　{sentence}（{}）\n", counts.join("、")));
    }
    if !s.targets.is_empty() {
        out.push_str(&format!("\n【{TARGETS}】\n"));
        for target in &s.targets {
            out.push_str(&format!("・{target}\n"));
        }
    }
    if !s.highlights.is_empty() {
        out.push_str(&format!("\n【{HIGHLIGHTS}】\n"));
        for (name, text) in &s.highlights {
            out.push_str(&format!("・{name}：{text}\n"));
        }
    }
    out
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
