//! The handout for the 市民参画・協働推進検討委員会: a first page of counts (per 施策, per
//! department, and against last year with `--previous`) and the items still missing, then
//! every item with all its progress columns.

use super::summary::{self, Counts};
use super::{furniture, items, Report};
use crate::config::Column as Field;
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::table::{Align, Cell, Column, Row, Table};
use crate::layout::text::Style;
use crate::model::Item;

/// Lays out the handout.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.committee;
    let setup = PageSetup::new(settings.page_size(true), settings.margin);
    let body = Style::new(settings.body);
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    let title = report.title();
    flow.paragraph(&title, Style::new(settings.body + 5.0).bold().color(Color::ACCENT), 0.0, width);
    let issued = crate::layout::wareki::date_label(report.issued.0, report.issued.1, report.issued.2);
    flow.paragraph(&format!("{issued}　{}", report.config.city), body.color(Color::GREY), 0.0, width);
    flow.advance(4.0);

    heading(&mut flow, "施策別の評価", body);
    let by_section: Vec<(String, Counts)> =
        report.plan.sections.iter().map(|s| (s.title(), summary::section(report, s))).collect();
    let total = summary::total(report);
    counts_table(report, "施策", body, width).place(&mut flow, &count_rows(&by_section, Some(&total), body));
    flow.advance(5.0);
    heading(&mut flow, "部署別の評価", body);
    counts_table(report, "部署", body, width)
        .place(&mut flow, &count_rows(&summary::departments(report), None, body));
    flow.advance(5.0);
    if report.previous.is_some() {
        let (better, same, worse) = summary::trend_counts(report);
        heading(&mut flow, "前年度との比較", body);
        let line = format!(
            "改善 ↑ {better}件　変化なし → {same}件　低下 ↓ {worse}件（前年度と評価を比べられた項目）"
        );
        flow.paragraph(&line, body, 0.0, width);
        flow.advance(5.0);
    }
    missing_list(&mut flow, report, body, width);

    flow.new_page();
    let first_items_page = flow.page();
    heading(&mut flow, "項目別の進捗状況", body);
    let table = items::table(report, settings, width);
    let mut outline = vec![
        Outline { title: "集計".into(), page: 0, children: Vec::new() },
        Outline { title: "項目別の進捗状況".into(), page: first_items_page, children: Vec::new() },
    ];
    for section in &report.plan.sections {
        let name = section.title();
        let rows = items::rows(report, settings, section.goals.iter().flat_map(|g| &g.items));
        flow.ensure(body.line_height() * 2.0 + table.lead_height(rows.first()));
        outline[1].children.push(Outline { title: name.clone(), page: flow.page(), children: Vec::new() });
        flow.paragraph(&name, body.bold(), 0.0, width);
        flow.advance(1.0);
        table.place(&mut flow, &rows);
        flow.advance(4.0);
    }
    let mut pages = flow.pages;
    furniture::number_pages(&mut pages, setup, &title, &report.config.city);
    let meta = Meta {
        title,
        author: report.config.city.clone(),
        subject: "市民参画・協働推進検討委員会 資料".into(),
        keywords: vec!["市民協働".into(), "進捗状況".into(), "検討委員会".into()],
        date: report.issued,
    };
    Document { pages, outline, meta }
}

fn heading(flow: &mut Flow, text: &str, body: Style) {
    let style = body.bold().color(Color::ACCENT);
    flow.ensure(style.line_height() * 3.0);
    flow.paragraph(text, Style { size: body.size + 2.0, ..style }, 0.0, flow.setup.body_width());
    flow.advance(1.0);
}

/// A table of counts across the page: the group's name, one column per grade, 未提出,
/// 評価なし, 計 and the share on track.
fn counts_table(report: &Report, first: &str, body: Style, width: f32) -> Table {
    let mut titles: Vec<String> = report.config.grades.iter().map(|g| g.code.clone()).collect();
    titles.extend(["未提出".into(), "評価なし".into(), "計".into(), "順調".into()]);
    let number_width = (width * 0.6 / titles.len() as f32).min(20.0);
    let name = Column {
        title: first.into(),
        width: width - number_width * titles.len() as f32,
        align: Align::Left,
        spans_joined: false,
    };
    let numbers = titles.into_iter().map(|title| Column {
        title,
        width: number_width,
        align: Align::Center,
        spans_joined: false,
    });
    Table {
        columns: std::iter::once(name).chain(numbers).collect(),
        header_style: body.bold(),
        body_style: body,
        label_col: 0,
    }
}

fn count_rows(groups: &[(String, Counts)], total: Option<&Counts>, body: Style) -> Vec<Row> {
    let row = |name: &str, c: &Counts, style: Style| {
        let rate = match c.total() {
            0 => "－".to_string(),
            n => format!("{}％", (c.on_track * 100 + n / 2) / n),
        };
        let mut texts = vec![name.to_string()];
        texts.extend(c.grades.iter().map(usize::to_string));
        texts.extend([c.unreported.to_string(), c.ungraded.to_string(), c.total().to_string(), rate]);
        let cells = texts.into_iter().map(|text| Cell { text, style }).collect();
        Row { cells, joined: false, label: name.to_string() }
    };
    let mut rows: Vec<Row> = groups.iter().map(|(name, c)| row(name, c, body)).collect();
    rows.extend(total.map(|t| row("合計", t, body.bold())));
    rows
}

/// Items nobody reported, or reported with required progress left blank.
fn missing_list(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    let missing: Vec<(&Item, String)> =
        report.plan.items().filter_map(|i| Some((i, what_is_missing(i)?))).collect();
    heading(flow, "未提出・記入漏れの項目", body);
    if missing.is_empty() {
        flow.paragraph("ありません。すべての項目の進捗が報告されています。", body, 0.0, width);
        return;
    }
    let column = |title: &str, w: f32| Column {
        title: title.into(),
        width: width * w,
        align: Align::Left,
        spans_joined: false,
    };
    let table = Table {
        columns: vec![column("項目", 0.45), column("関係部署", 0.3), column("状況", 0.25)],
        header_style: body.bold(),
        body_style: body,
        label_col: 0,
    };
    let rows: Vec<Row> = missing
        .into_iter()
        .map(|(item, what)| Row {
            cells: vec![
                Cell { text: item.label(), style: body },
                Cell { text: item.department_list().join("、"), style: body },
                Cell { text: what, style: body.color(Color::ALERT) },
            ],
            joined: false,
            label: item.label(),
        })
        .collect();
    table.place(flow, &rows);
}

/// 「未提出」 or 「地域再生推進本部: 実績が未記入」, None when the item is complete.
fn what_is_missing(item: &Item) -> Option<String> {
    if item.progress.is_empty() {
        return Some("未提出".into());
    }
    let silent = item.unreported_departments().into_iter().map(|d| format!("{d}: 未提出"));
    let gaps: Vec<String> = silent
        .chain(item.progress.iter().filter_map(|p| {
            let blank: Vec<&str> = [Field::Grade, Field::Results, Field::NextSteps]
                .into_iter()
                .filter(|f| p.field(*f).is_none())
                .map(|f| f.label())
                .collect();
            (!blank.is_empty()).then(|| format!("{}: {}が未記入", p.department, blank.join("・")))
        }))
        .collect();
    (!gaps.is_empty()).then(|| gaps.join("\n"))
}
