//! The handout for the 市民参画・協働推進検討委員会: a first page of counts (per 施策, per
//! department, against last year and over the years with `--previous`) and the items still
//! missing, then every item with all its progress columns.

use super::summary::{self, Counts};
use super::{furniture, history, items, Report};
use crate::config::Field;
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline, Role};
use crate::layout::table::{Align, CellText, Column, Row, Sizing, Table};
use crate::layout::text::Style;
use crate::model::{grade, Grade, Item};

/// Lays out the handout.
pub fn layout(report: &Report) -> Document {
    let settings = &report.config.committee;
    let setup = PageSetup::new(settings.page_size(true), settings.margin);
    let body = items::body_style(settings);
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    let title = report.title();
    flow.heading(1, &title, Style::new(settings.body + 5.0).bold().color(Color::ACCENT), 0.0, width);
    let issued = crate::text::wareki::date_label(report.issued);
    flow.paragraph(&format!("{issued}　{}", report.config.city), body.color(Color::GREY), 0.0, width);
    flow.advance(4.0);

    let word = report.plan.section_word();
    heading(&mut flow, &format!("{word}別の評価"), body);
    let by_section: Vec<(String, Counts)> =
        report.plan.sections.iter().map(|s| (s.title(), summary::section(report, s))).collect();
    let total = summary::total(report);
    let rows = count_rows(&by_section, Some(&total), body);
    counts_table(report, word, body, width, &rows).place(&mut flow, &rows, None);
    flow.paragraph(&counts_note(report), body.color(Color::GREY), 0.0, width);
    flow.advance(5.0);
    let departments = summary::departments(report);
    if !departments.is_empty() {
        heading(&mut flow, "部署別の評価", body);
        let rows = count_rows(&departments, None, body);
        counts_table(report, "部署", body, width, &rows).place(&mut flow, &rows, None);
        flow.paragraph("※ 部署別は各部署の報告ごとに数えます。", body.color(Color::GREY), 0.0, width);
        flow.advance(5.0);
    }
    if let Some(last) = history::last_year(report) {
        let (better, same, worse) = summary::trend_counts(report);
        heading(&mut flow, &format!("{}との比較", history::label(last)), body);
        let line = format!(
            "改善 ↑ {better}件　変化なし → {same}件　低下 ↓ {worse}件（前年度と今年度の評価を比べられた項目の数）"
        );
        flow.paragraph(&line, body, 0.0, width);
        flow.paragraph(
            "※ 項目別の評価欄の「B → A ↑」は、前年度の評価 → 今年度の評価と、その変化（↑ 改善、→ 変化なし、↓ 低下）です。",
            body.color(Color::GREY),
            0.0,
            width,
        );
        flow.advance(5.0);
        trends(&mut flow, report, body, width);
    }
    let section_heading = Style { size: body.size + 2.0, ..body.bold().color(Color::ACCENT) };
    super::rates::section(&mut flow, report, section_heading, body, true);
    missing_list(&mut flow, report, body, width);

    flow.new_page();
    let first_items_page = flow.page();
    heading(&mut flow, "項目別の進捗状況", body);
    let rows: Vec<Vec<Row>> = report
        .plan
        .sections
        .iter()
        .map(|s| items::rows(report, settings, s.goals.iter().flat_map(|g| &g.items)))
        .collect();
    let table = items::table(report, settings, width, rows.iter().flatten());
    if items::any_invalid(report, report.plan.items()) {
        flow.paragraph(
            &format!("{}（評価欄の記入をそのまま載せています）", grade::INVALID_NOTE),
            body.color(Color::GREY),
            0.0,
            width,
        );
        flow.advance(1.0);
    }
    let mut outline = vec![
        Outline { title: "集計".into(), page: 0, children: Vec::new() },
        Outline { title: "項目別の進捗状況".into(), page: first_items_page, children: Vec::new() },
    ];
    let mut heads = vec![None; first_items_page];
    let laid = table.lay(&rows);
    for ((section, rows), laid) in report.plan.sections.iter().zip(&rows).zip(laid) {
        let name = section.title();
        flow.ensure(body.line_height() * 2.0 + table.lead_height(&laid));
        // The running header names the 施策 at the top of each page.
        let (first, at_top) = (flow.page(), flow.at_top());
        if at_top || heads.len() <= first {
            heads.truncate(first);
        }
        outline[1].children.push(Outline { title: name.clone(), page: flow.page(), children: Vec::new() });
        let sect = flow.node(Role::Section);
        flow.inside(sect, |flow| {
            flow.heading(3, &name, body.bold(), 0.0, width);
            flow.advance(1.0);
            table.place_laid(flow, rows, laid, Some(&format!("{name}（続き）")));
        });
        heads.resize(flow.pages.len(), Some(name));
        flow.advance(4.0);
    }
    let running =
        furniture::Running { title: &title, city: &report.config.city, heads: &heads, cover: false };
    let part = flow.finish();
    let meta = Meta {
        title: title.clone(),
        author: report.config.city.clone(),
        subject: "市民参画・協働推進検討委員会 資料".into(),
        keywords: vec!["市民協働".into(), "進捗状況".into(), "検討委員会".into()],
        date: report.issued,
    };
    let mut document = Document::assemble(vec![part], outline, meta);
    furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// 経年の評価: the 順調 share of each 施策 year by year, then each item's grades over the years.
fn trends(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    let years = history::years(report);
    let word = report.plan.section_word();
    heading(flow, &format!("経年の評価（{word}別の順調の割合）"), body);
    let now = history::this_year_label(report);
    let mut columns = vec![Column::auto(word, Align::Left)];
    columns.extend(years.iter().map(|y| Column::auto(&history::label(*y), Align::Center)));
    columns.push(Column::auto(&now, Align::Center));
    let share = |c: &Counts| match c.on_track_percent() {
        Some(p) => format!("{p}％（{}/{}件）", c.on_track, c.rated()),
        None => "－".into(),
    };
    let rows: Vec<Row> = report
        .plan
        .sections
        .iter()
        .map(|s| {
            let mut texts = vec![s.title()];
            texts.extend(years.iter().map(|y| share(&history::section_in(report, s, *y))));
            texts.push(share(&summary::section(report, s)));
            plain_row(texts, body)
        })
        .collect();
    let mut table = Table { columns, header_style: body.bold(), body_style: body, label_col: 0 };
    table.fit(&rows, width);
    table.place(flow, &rows, Some(&format!("経年の評価（{word}別の順調の割合）（続き）")));
    flow.paragraph(
        "※ 順調の割合は、その年度にあった項目のうち評価が順調の区分だった項目の割合です。",
        body.color(Color::GREY),
        0.0,
        width,
    );
    flow.advance(5.0);
    item_trends(flow, report, body, width);
}

/// Each item's grade year by year: 「令和4 B → 令和5 B → 令和6 A」.
fn item_trends(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    heading(flow, "経年の評価（項目別）", body);
    let word = report.plan.section_word();
    let mut rows = Vec::new();
    for section in &report.plan.sections {
        let mut first = true;
        for item in section.goals.iter().flat_map(|g| &g.items) {
            let Some(trend) = history::item_trend(report, item) else { continue };
            let name = if std::mem::take(&mut first) { section.title() } else { String::new() };
            rows.push(plain_row(vec![name, item.label(), trend], body));
        }
    }
    if rows.is_empty() {
        flow.paragraph("前年度以前の評価と照合できた項目はありません。", body, 0.0, width);
        return;
    }
    let columns = vec![
        Column::auto(word, Align::Left),
        Column::auto("項目", Align::Left),
        Column::auto("評価の推移", Align::Left),
    ];
    let mut table = Table { columns, header_style: body.bold(), body_style: body, label_col: 1 };
    table.fit(&rows, width);
    table.place(flow, &rows, Some("経年の評価（項目別）（続き）"));
    flow.advance(5.0);
}

fn plain_row(texts: Vec<String>, style: Style) -> Row {
    let label = texts.get(1).or(texts.first()).cloned().unwrap_or_default();
    Row { cells: texts.into_iter().map(|text| CellText { text, style }).collect(), joined: false, label }
}

fn heading(flow: &mut Flow, text: &str, body: Style) {
    let style = body.bold().color(Color::ACCENT);
    flow.ensure(style.line_height() * 3.0);
    flow.heading(2, text, Style { size: body.size + 2.0, ..style }, 0.0, flow.setup.body_width());
    flow.advance(1.0);
}

/// A table of counts across the page: the group's name, one column per grade, 未提出,
/// 評価なし, 計 and the share on track.
fn counts_table(report: &Report, first: &str, body: Style, width: f32, rows: &[Row]) -> Table {
    let mut titles: Vec<String> = report.config.grades.iter().map(|g| g.code.clone()).collect();
    titles.extend(["未提出".into(), "評価なし".into(), "計".into(), "順調".into()]);
    // Counts side by side read best in columns of one width, the widest header's.
    let number_width = titles.iter().map(|t| body.bold().width(t)).fold(0.0, f32::max) + 4.0;
    let numbers = titles
        .iter()
        .map(|title| Column { sizing: Sizing::Fixed(number_width), ..Column::auto(title, Align::Center) });
    let mut table = Table {
        columns: std::iter::once(Column::auto(first, Align::Left)).chain(numbers).collect(),
        header_style: body.bold(),
        body_style: body,
        label_col: 0,
    };
    table.fit(rows, width);
    table
}

fn count_rows(groups: &[(String, Counts)], total: Option<&Counts>, body: Style) -> Vec<Row> {
    let row = |name: &str, c: &Counts, style: Style| {
        let rate = c.on_track_percent().map_or("－".to_string(), |p| format!("{p}％"));
        let mut texts = vec![name.to_string()];
        texts.extend(c.grades.iter().map(usize::to_string));
        texts.extend([c.unreported.to_string(), c.ungraded.to_string(), c.total().to_string(), rate]);
        let cells = texts.into_iter().map(|text| CellText { text, style }).collect();
        Row { cells, joined: false, label: name.to_string() }
    };
    let mut rows: Vec<Row> = groups.iter().map(|(name, c)| row(name, c, body)).collect();
    rows.extend(total.map(|t| row("合計", t, body.bold())));
    rows
}

/// What the counts count, under the table.
fn counts_note(report: &Report) -> String {
    let on_track: Vec<&str> = report.config.on_track.iter().map(String::as_str).collect();
    let scale: Vec<String> = report.config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
    let mut note = format!(
        "※ 評価　{}。件数は項目の数です。複数の部署が報告した項目は最も低い評価で数えます。評価なしは評価が空欄か評価の区分にない記入のある項目、順調は評価が{}の項目の割合です。",
        scale.join("　"),
        on_track.join("・")
    );
    let uncounted = report.config.uncounted_codes();
    if !uncounted.is_empty() {
        note.push_str(&format!(
            "{}は評価として数えない区分で、順調の割合と前年度との比較には含めません。",
            uncounted.join("・")
        ));
    }
    note
}

/// Items nobody reported, or reported with required progress left blank or a grade off the
/// scale.
fn missing_list(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    let missing: Vec<(&Item, String)> =
        report.plan.items().filter_map(|i| Some((i, what_is_missing(report, i)?))).collect();
    heading(flow, "未提出・記入漏れの項目", body);
    if missing.is_empty() {
        flow.paragraph("ありません。すべての項目の進捗が報告されています。", body, 0.0, width);
        return;
    }
    // Who should report: 関係部署, else 主体; no column where the plan names neither.
    let who = [Field::Departments, Field::Actors]
        .into_iter()
        .find(|f| report.plan.items().any(|i| i.field(*f).is_some()));
    let mut columns = vec![Column::auto("項目", Align::Left)];
    columns.extend(who.map(|f| Column { names: true, ..Column::auto(f.label(), Align::Left) }));
    columns.push(Column::auto("状況", Align::Left));
    let mut table = Table { columns, header_style: body.bold(), body_style: body, label_col: 0 };
    let rows: Vec<Row> = missing
        .into_iter()
        .map(|(item, what)| {
            let mut cells = vec![CellText { text: item.label(), style: body }];
            cells.extend(who.map(|f| {
                let names = match f {
                    Field::Departments => item.department_list(),
                    _ => item.actor_list(&report.config.actors),
                };
                CellText { text: names.join("\n"), style: body }
            }));
            cells.push(CellText { text: what, style: body.color(Color::ALERT) });
            Row { cells, joined: false, label: item.label() }
        })
        .collect();
    table.fit(&rows, width);
    table.place(flow, &rows, None);
}

/// 「未提出」, 「地域再生推進本部：実績が未記入」 or 「関係各部：評価「済」は区分にない記入」;
/// None when the item is complete.
fn what_is_missing(report: &Report, item: &Item) -> Option<String> {
    if item.progress.is_empty() {
        return Some("未提出".into());
    }
    let silent = item.unreported_departments().into_iter().map(|d| format!("{d}：未提出"));
    let gaps: Vec<String> = silent
        .chain(item.progress.iter().filter_map(|p| {
            let blank: Vec<&str> = [Field::Grade, Field::Results, Field::NextSteps]
                .into_iter()
                .filter(|f| p.field(*f).is_none())
                .map(|f| f.label())
                .collect();
            let mut what = Vec::new();
            if !blank.is_empty() {
                what.push(format!("{}が未記入", blank.join("・")));
            }
            if let Grade::Invalid(written) = Grade::of(report.config, Some(p)) {
                what.push(format!("評価「{written}」は評価の区分にない記入"));
            }
            (!what.is_empty()).then(|| format!("{}：{}", p.department, what.join("、")))
        }))
        .collect();
    (!gaps.is_empty()).then(|| gaps.join("\n"))
}
