//! Material for the city magazine 広報つしま: one or two A4 pages in large type and plain
//! words for residents — a headline, how the year went, a bar chart of grades per 施策, a
//! sentence per 施策 and the best-graded items as highlights. The same words come as plain
//! text for the editor's layout program.

use super::doc::{Block, Cell, Chart, Column, Doc, Figure, Role, Row, Table, Tone};
use super::{summary, Report};
use crate::layout::chart::{self, Series};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::text::Style;
use crate::model::Item;

/// What the summary says, before it is laid out or written as text.
pub struct Summary {
    /// 「令和6年度（2024年度）」 above the headline, when the year is known.
    pub kicker: Option<String>,
    /// The headline.
    pub headline: String,
    /// The opening paragraph.
    pub lead: String,
    /// Per 施策: (short label, full heading, sentence, counts per series).
    pub sections: Vec<(String, String, String, Vec<usize>)>,
    /// The chart's series: each grade, then 未提出 / 評価なし.
    pub series: Vec<Series>,
    /// (項目, what was achieved).
    pub highlights: Vec<(String, String)>,
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
        .chain(gaps.then(|| Series { label: GAP.into(), color: Color(0xBD, 0xBD, 0xBD) }))
        .collect();
    let sections = report
        .plan
        .sections
        .iter()
        .map(|s| {
            let c = summary::section(report, s);
            let heading = s.heading.as_ref().map_or("その他の取り組み".into(), |h| h.display());
            let short = s
                .heading
                .as_ref()
                .and_then(|h| h.number.map(|n| format!("{}{n}", h.label)))
                .unwrap_or_else(|| heading.clone());
            let mut values = c.grades.clone();
            values.extend(gaps.then_some(c.unreported + c.ungraded));
            (short, fullwidth_punctuation(&heading), progress_sentence(&c, config), values)
        })
        .collect();
    Summary {
        kicker: report.year_label(),
        headline: report.title(),
        lead: lead(report, &total, word),
        sections,
        series,
        highlights: highlights(report),
    }
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

/// Lays the summary out on A4 pages in large type.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.koho;
    let setup = PageSetup::new(settings.page_size(false), settings.margin);
    let s = summary(report);
    let body = Style::new(settings.body).latin_gap(settings.latin_gap);
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    if let Some(kicker) = &s.kicker {
        flow.paragraph(kicker, Style::new(settings.body * 1.2).color(Color::ACCENT), 0.0, width);
    }
    flow.heading(1, &s.headline, Style::new(settings.body * 1.8).bold().color(Color::ACCENT), 0.0, width);
    flow.advance(3.0);
    flow.paragraph(&s.lead, body, 0.0, width);
    flow.advance(5.0);
    let chart_heading = format!("{}ごとの評価", report.plan.section_word());
    // Bookmarks for the headline and the two parts under it (PDF/UA asks for an outline).
    let mut parts = vec![Outline { title: chart_heading.clone(), page: flow.page(), children: Vec::new() }];
    flow.heading(2, &chart_heading, body.bold().color(Color::ACCENT), 0.0, width);
    flow.advance(1.5);
    let bars: Vec<(String, Vec<usize>)> =
        s.sections.iter().map(|(short, _, _, v)| (short.clone(), v.clone())).collect();
    chart::stacked_bars(&mut flow, &bars, &s.series, body);
    flow.advance(4.0);
    for (_, heading, sentence, _) in &s.sections {
        flow.ensure(2.0 * body.line_height());
        flow.heading(3, heading, body.bold(), 0.0, width);
        flow.paragraph(sentence, body, 4.0, width - 4.0);
        flow.advance(1.5);
    }
    flow.advance(2.0);
    super::rates::section(&mut flow, report, body.bold().color(Color::ACCENT), body, false);
    if !s.highlights.is_empty() {
        flow.advance(3.0);
        flow.ensure(3.0 * body.line_height());
        parts.push(Outline { title: HIGHLIGHTS.into(), page: flow.page(), children: Vec::new() });
        flow.heading(2, HIGHLIGHTS, body.bold().color(Color::ACCENT), 0.0, width);
        let items: Vec<String> =
            s.highlights.iter().map(|(name, text)| format!("・{name}：{text}")).collect();
        flow.list(&items, body, 0.0, width);
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

/// The summary as content, in the order of the page: the headline, the lead, the chart of
/// grades per 施策 with its numbers, a sentence per 施策, the targets and the highlights.
pub fn document(report: &Report) -> Doc {
    let s = summary(report);
    let mut blocks: Vec<Block> = s.kicker.iter().map(|k| Block::Paragraph(k.clone())).collect();
    blocks.push(Block::Heading { level: 1, text: s.headline.clone() });
    blocks.push(Block::Paragraph(s.lead.clone()));
    let chart_heading = format!("{}ごとの評価", report.plan.section_word());
    blocks.push(Block::Heading { level: 2, text: chart_heading.clone() });
    let bars: Vec<(String, Vec<usize>)> =
        s.sections.iter().map(|(short, _, _, v)| (short.clone(), v.clone())).collect();
    let alt = chart::alt_text(&bars, &s.series);
    let table = counts_table(&chart_heading, report.plan.section_word(), &s.series, &bars);
    let series = s.series.iter().map(|x| (x.label.clone(), x.color)).collect();
    blocks.push(Block::Figure(Figure { chart: Chart::Stacked { series, bars }, alt, table }));
    for (_, heading, sentence, _) in &s.sections {
        blocks.push(Block::Heading { level: 3, text: heading.clone() });
        blocks.push(Block::Paragraph(sentence.clone()));
    }
    blocks.extend(super::rates::blocks(report, false, 2));
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
            Row { cells, joined: false, label: label.clone() }
        })
        .collect();
    Table { caption: format!("{caption}（件数）"), columns, rows, label_col: 0 }
}

/// The summary as plain text, for pasting into a layout program.
pub fn text(report: &Report) -> String {
    let s = summary(report);
    let kicker = s.kicker.as_ref().map(|k| format!("{k}\n")).unwrap_or_default();
    let word = report.plan.section_word();
    let mut out = format!("{kicker}{}\n\n{}\n\n【{word}ごとの評価】\n", s.headline, s.lead);
    for (_, heading, sentence, values) in &s.sections {
        let counts: Vec<String> = s
            .series
            .iter()
            .zip(values)
            .filter(|(_, n)| **n > 0)
            .map(|(series, n)| format!("{} {n}件", series.label))
            .collect();
        out.push_str(&format!("{heading}\n　{sentence}（{}）\n", counts.join("、")));
    }
    // The PDF's chart of the targets, in figures: the editor draws it again from them.
    let rates = super::rates::bars(report, false);
    if !rates.is_empty() {
        out.push_str("\n【数値目標の達成状況】\n");
        for rate in &rates {
            out.push_str(&format!("・{}：達成率 {}\n", rate.label, rate.text));
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
}
