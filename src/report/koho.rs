//! Material for the city magazine 広報つしま: one or two A4 pages in large type and plain
//! words for residents — a headline, how the year went, a bar chart of grades per 施策, a
//! sentence per 施策 and the best-graded items as highlights. The same words come as plain
//! text for the editor's layout program.

use super::{summary, Report};
use crate::layout::chart::{self, Series};
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta};
use crate::layout::text::Style;
use crate::model::Item;

/// What the summary says, before it is laid out or written as text.
pub struct Summary {
    /// 「令和6年度（2024年度）」 above the headline, when the year is known.
    pub kicker: Option<String>,
    pub headline: String,
    pub lead: String,
    /// Per 施策: (short label, full heading, sentence, counts per series).
    pub sections: Vec<(String, String, String, Vec<usize>)>,
    /// The chart's series: each grade, then 未提出 / 評価なし.
    pub series: Vec<Series>,
    /// (項目, what was achieved).
    pub highlights: Vec<(String, String)>,
}

/// Puts the summary into words.
pub fn summary(report: &Report) -> Summary {
    let config = report.config;
    let total = summary::total(report);
    let year = report
        .plan
        .fiscal_year
        .map(crate::layout::wareki::fiscal_year_label)
        .unwrap_or_else(|| "今年度".into());
    let on_track_labels: Vec<String> =
        config.on_track.iter().filter_map(|c| config.grade(c)).map(|g| format!("「{}」", g.label)).collect();
    let mut lead = format!(
        "{year}は、{}つの施策のもとで{}件の取り組みを進めました。このうち、{}と評価した取り組みは{}件（{}％）です。",
        report.plan.sections.len(),
        total.total(),
        on_track_labels.join("または"),
        total.on_track,
        percent(total.on_track, total.total()),
    );
    if total.unreported > 0 {
        lead.push_str(&format!("まだ進み具合の報告がない取り組みが{}件あります。", total.unreported));
    }
    let mut series: Vec<Series> = config
        .grades
        .iter()
        .map(|g| Series { label: format!("{} {}", g.code, g.label), color: color(&g.color) })
        .collect();
    series.push(Series { label: "未提出・評価なし".into(), color: Color(0xBD, 0xBD, 0xBD) });
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
            let sentence = progress_sentence(&c);
            let mut values = c.grades.clone();
            values.push(c.unreported + c.ungraded);
            (short, heading, sentence, values)
        })
        .collect();
    Summary {
        kicker: report.year_label(),
        headline: report.title(),
        lead,
        sections,
        series,
        highlights: highlights(report),
    }
}

/// 「6件の取り組みのうち、5件が順調に進んでいます。」, in words that fit the numbers.
fn progress_sentence(c: &summary::Counts) -> String {
    match (c.total(), c.on_track) {
        (0, _) => "取り組みはありません。".into(),
        (n, k) if k == n => format!("{n}件の取り組みすべてが順調に進んでいます。"),
        (n, 0) => format!("{n}件の取り組みは、まだ順調とはいえない状況です。"),
        (n, k) => format!("{n}件の取り組みのうち、{k}件が順調に進んでいます。"),
    }
}

/// The best-graded items, best first, in plan order among equals.
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
            (i.label(), first_sentence(results))
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

fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

fn color(hex: &str) -> Color {
    Color::from_hex(hex).unwrap_or(Color::GREY)
}

/// Lays the summary out on A4 pages in large type.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.koho;
    let setup = PageSetup::new(settings.page_size(false), settings.margin);
    let s = summary(report);
    let body = Style::new(settings.body);
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    if let Some(kicker) = &s.kicker {
        flow.paragraph(kicker, Style::new(settings.body * 1.2).color(Color::ACCENT), 0.0, width);
    }
    flow.paragraph(&s.headline, Style::new(settings.body * 1.8).bold().color(Color::ACCENT), 0.0, width);
    flow.advance(3.0);
    flow.paragraph(&s.lead, body, 0.0, width);
    flow.advance(5.0);
    flow.paragraph("施策ごとの評価", body.bold().color(Color::ACCENT), 0.0, width);
    flow.advance(1.5);
    let bars: Vec<(String, Vec<usize>)> =
        s.sections.iter().map(|(short, _, _, v)| (short.clone(), v.clone())).collect();
    chart::stacked_bars(&mut flow, &bars, &s.series, body);
    flow.advance(4.0);
    for (_, heading, sentence, _) in &s.sections {
        flow.ensure(2.0 * body.line_height());
        flow.paragraph(heading, body.bold(), 0.0, width);
        flow.paragraph(sentence, body, 4.0, width - 4.0);
        flow.advance(1.5);
    }
    if !s.highlights.is_empty() {
        flow.advance(3.0);
        flow.ensure(3.0 * body.line_height());
        flow.paragraph("主な成果", body.bold().color(Color::ACCENT), 0.0, width);
        for (name, text) in &s.highlights {
            flow.paragraph(&format!("・{name}：{text}"), body, 0.0, width);
        }
    }
    let mut pages = flow.pages;
    let title = match &s.kicker {
        Some(k) => format!("{k} {}", s.headline),
        None => s.headline.clone(),
    };
    super::furniture::number_pages(&mut pages, setup, &title, &report.config.city);
    let meta = Meta {
        title,
        author: report.config.city.clone(),
        subject: "広報向け 市民協働の取り組み状況".into(),
        keywords: vec!["市民協働".into(), "広報".into()],
        date: report.issued,
    };
    Document { pages, outline: Vec::new(), meta }
}

/// The summary as plain text, for pasting into a layout program.
pub fn text(report: &Report) -> String {
    let s = summary(report);
    let kicker = s.kicker.as_ref().map(|k| format!("{k}\n")).unwrap_or_default();
    let mut out = format!("{kicker}{}\n\n{}\n\n【施策ごとの評価】\n", s.headline, s.lead);
    for (_, heading, sentence, values) in &s.sections {
        let counts: Vec<String> = s
            .series
            .iter()
            .zip(values)
            .filter(|(_, n)| **n > 0)
            .map(|(series, n)| format!("{} {n}件", series.label.split(' ').next().unwrap_or("")))
            .collect();
        out.push_str(&format!("{heading}\n  {sentence}（{}）\n", counts.join("、")));
    }
    if !s.highlights.is_empty() {
        out.push_str("\n【主な成果】\n");
        for (name, text) in &s.highlights {
            out.push_str(&format!("・{name}：{text}\n"));
        }
    }
    out
}
