//! The handout for the 市民参画・協働推進検討委員会: a first page of counts (per 施策, per
//! department, against last year and over the years with `--previous`) and the items still
//! missing, then every item with all its progress columns.

use super::doc::{self, Block, Cell, Doc, Tone};
use super::summary::{self, Counts};
use super::{furniture, history, items, Report};
use crate::config::kinds::KindSettings;
use crate::config::Field;
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline, Role};
use crate::layout::table::{Align, Column, Row, Sizing, Table};
use crate::layout::text::Style;
use crate::model::{grade, Grade, Item};

/// Lays out the handout.
pub fn layout(report: &Report) -> Document {
    let plan_alone = report.plan_alone();
    let as_plan = report.as_plan();
    let report = if plan_alone { &as_plan } else { report };
    let settings = &settings(report, plan_alone);
    let setup = PageSetup::new(settings.page_size(true), settings.margin);
    let body = items::body_style(settings);
    let width = setup.body_width();
    let mut flow = Flow::new(setup);
    let title = report.title();
    flow.heading(1, &title, Style::new(settings.body + 5.0).bold().color(Color::ACCENT), 0.0, width);
    let issued = crate::text::wareki::date_label(report.issued);
    flow.paragraph(&super::spaced(&[&issued, &report.config.city]), body.color(Color::GREY), 0.0, width);
    flow.advance(4.0);
    // A plan alone is a plan: one line says so, and its items follow on the same page.
    if plan_alone {
        flow.paragraph(Report::NO_PROGRESS_YET, body, 0.0, width);
        flow.advance(5.0);
    } else {
        counts_pages(&mut flow, report, body, width);
        flow.new_page();
    }
    let first_items_page = flow.page();
    heading(&mut flow, items_heading(plan_alone), body);
    let mut rows: Vec<Vec<Row>> = report
        .plan
        .sections
        .iter()
        .map(|s| items::rows(report, settings, s.goals.iter().flat_map(|g| &g.items)))
        .collect();
    let table = items::table(report, settings, width, rows.iter().flatten());
    table.fit_insets(rows.iter_mut().flatten());
    if let Some(note) = invalid_note(report) {
        flow.paragraph(&note, body.color(Color::GREY), 0.0, width);
        flow.advance(1.0);
    }
    super::official::place_notes(&mut flow, body, &report.plan.notes);
    flow.advance(if report.plan.notes.is_empty() { 0.0 } else { 2.0 });
    let mut outline = Vec::new();
    if !plan_alone {
        outline.push(Outline { title: "集計".into(), page: 0, children: Vec::new() });
    }
    outline.push(Outline {
        title: items_heading(plan_alone).into(),
        page: first_items_page,
        children: Vec::new(),
    });
    let items_entry = outline.len() - 1;
    let mut heads = vec![None; first_items_page];
    let laid = table.lay(&rows);
    for ((section, rows), laid) in report.plan.sections.iter().zip(&rows).zip(laid) {
        let name = section.title();
        flow.ensure(body.line_height() * 2.0 + table.lead_height(&laid, flow.setup.body_height()));
        // The running header names the 施策 at the top of each page.
        let (first, at_top) = (flow.page(), flow.at_top());
        if at_top || heads.len() <= first {
            heads.truncate(first);
        }
        outline[items_entry].children.push(Outline {
            title: name.clone(),
            page: flow.page(),
            children: Vec::new(),
        });
        let sect = flow.node(Role::Section);
        flow.inside(sect, |flow| {
            flow.heading(3, &name, body.bold(), 0.0, width);
            flow.advance(1.0);
            table.place_laid(flow, rows, laid, &format!("{name}（続き）"));
            let notes: Vec<crate::model::Text> = section.all_notes().cloned().collect();
            super::official::place_notes(flow, body, &notes);
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
        subject: SUBJECT.into(),
        keywords: vec!["市民協働".into(), "進捗状況".into(), "検討委員会".into()],
        date: report.issued,
    };
    let mut document = Document::assemble(vec![part], outline, meta);
    furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// The first pages of a report of progress: the counts per 施策 and department, the
/// comparison with earlier years, the targets and what is missing.
fn counts_pages(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    let by_section = section_counts(report);
    let (table, rows) = counts_layout(&by_section, body, width);
    place_under(flow, &by_section.caption, &table, &rows, body);
    flow.paragraph(&counts_note(report), body.color(Color::GREY), 0.0, width);
    flow.advance(5.0);
    if let Some(departments) = department_counts(report) {
        let (table, rows) = counts_layout(&departments, body, width);
        place_under(flow, &departments.caption, &table, &rows, body);
        flow.paragraph(DEPARTMENTS_NOTE, body.color(Color::GREY), 0.0, width);
        flow.advance(5.0);
    }
    if let Some(last) = history::last_year(report) {
        heading(flow, &format!("{}との比較", history::label(last)), body);
        flow.paragraph(&comparison(report), body, 0.0, width);
        flow.paragraph(ARROWS_NOTE, body.color(Color::GREY), 0.0, width);
        flow.advance(5.0);
        trends(flow, report, body, width);
    }
    let section_heading = Style { size: body.size + 2.0, ..body.bold().color(Color::ACCENT) };
    super::rates::section(flow, report, section_heading, body, true);
    missing_list(flow, report, body);
}

/// The handout's settings; for a plan alone, with the official report's columns: the plan
/// as the plan prints it (区分, 内容 …), not the columns of progress there is none of.
fn settings<'a>(report: &Report<'a>, plan_alone: bool) -> std::borrow::Cow<'a, KindSettings> {
    let committee = &report.config.committee;
    if !plan_alone {
        return std::borrow::Cow::Borrowed(committee);
    }
    let mut settings = committee.clone();
    settings.columns.clone_from(&report.config.official.columns);
    std::borrow::Cow::Owned(settings)
}

/// The heading of the item tables: of progress, or of the plan alone.
fn items_heading(plan_alone: bool) -> &'static str {
    if plan_alone {
        "計画の項目"
    } else {
        "項目別の進捗状況"
    }
}

/// The handout as content, in the order of its pages: the counts per 施策 and department,
/// the comparison with earlier years, the targets, what is missing, then every item.
pub fn document(report: &Report) -> Doc {
    let plan_alone = report.plan_alone();
    let as_plan = report.as_plan();
    let report = if plan_alone { &as_plan } else { report };
    let settings = &settings(report, plan_alone);
    let title = report.title();
    let issued = super::official::issued(report);
    let mut blocks = vec![
        Block::Heading { level: 1, text: title.clone() },
        Block::Paragraph(super::spaced(&[&issued, &report.config.city])),
    ];
    if plan_alone {
        blocks.push(Block::Paragraph(Report::NO_PROGRESS_YET.into()));
    } else {
        blocks.extend(counts_blocks(report));
    }
    blocks.push(Block::Heading { level: 2, text: items_heading(plan_alone).into() });
    blocks.extend(invalid_note(report).map(Block::Note));
    blocks.extend(super::official::notes(&report.plan.notes));
    for section in &report.plan.sections {
        let name = section.title();
        let table = items::content(
            report,
            settings,
            format!("{name}の項目"),
            section.goals.iter().flat_map(|g| &g.items),
        );
        let mut part = vec![Block::Heading { level: 3, text: name }, Block::Table(table)];
        part.extend(super::official::notes(section.all_notes()));
        blocks.push(Block::Section(part));
    }
    Doc { title, subject: SUBJECT.into(), author: report.config.city.clone(), issued, blocks }
}

/// The counts, comparisons, targets and missing items as content (see [`counts_pages`]).
fn counts_blocks(report: &Report) -> Vec<Block> {
    let mut blocks = Vec::new();
    let h2 = |text: &str| Block::Heading { level: 2, text: text.to_string() };
    // The heading names the part, the caption what the table counts.
    let counted = |mut t: doc::Table| {
        let heading = h2(&t.caption);
        t.caption.push_str("（件数）");
        [heading, Block::Table(t)]
    };
    blocks.extend(counted(section_counts(report)));
    blocks.push(Block::Note(counts_note(report)));
    if let Some(departments) = department_counts(report) {
        blocks.extend(counted(departments));
        blocks.push(Block::Note(DEPARTMENTS_NOTE.into()));
    }
    if let Some(last) = history::last_year(report) {
        blocks.push(h2(&format!("{}との比較", history::label(last))));
        blocks.extend([Block::Paragraph(comparison(report)), Block::Note(ARROWS_NOTE.into())]);
        let sections = section_trends(report);
        blocks.extend([h2(&sections.caption), Block::Table(sections), Block::Note(SHARE_NOTE.into())]);
        blocks.push(h2(ITEM_TRENDS));
        blocks.push(table_or(item_trends(report), NO_ITEM_TRENDS));
    }
    blocks.extend(super::rates::blocks(report, true, 2));
    blocks.push(h2(MISSING));
    blocks.push(table_or(missing(report), NOTHING_MISSING));
    blocks
}

const SUBJECT: &str = "市民参画・協働推進検討委員会 資料";

/// `table`, or the sentence `empty` where it has no rows.
fn table_or(table: doc::Table, empty: &str) -> Block {
    if table.rows.is_empty() {
        Block::Paragraph(empty.into())
    } else {
        Block::Table(table)
    }
}

/// 経年の評価: the 順調 share of each 施策 year by year, then each item's grades over the years.
fn trends(flow: &mut Flow, report: &Report, body: Style, width: f32) {
    let table = section_trends(report);
    titled_table(flow, &table.caption, &table, body);
    flow.paragraph(SHARE_NOTE, body.color(Color::GREY), 0.0, width);
    flow.advance(5.0);
    if titled(flow, ITEM_TRENDS, &item_trends(report), NO_ITEM_TRENDS, body) {
        flow.advance(5.0);
    }
}

/// A content table under the heading `title`, laid out across the page with its columns sized
/// from their content.
fn titled_table(flow: &mut Flow, title: &str, table: &doc::Table, body: Style) {
    let (mut layout, rows) = auto_layout(table, body);
    layout.fit(&rows, flow.setup.body_width());
    place_under(flow, title, &layout, &rows, body);
}

/// A laid-out table under the heading `title`, which stays with what the table needs at the
/// foot of a page (all of a small table); a later page repeats the title with 「（続き）」.
fn place_under(flow: &mut Flow, title: &str, layout: &Table, rows: &[Row], body: Style) {
    let laid = layout.lay(&[rows]).pop();
    let lead = laid.as_ref().map_or(0.0, |l| layout.lead_height(l, flow.setup.body_height()));
    heading_kept(flow, title, body, lead);
    if let Some(laid) = laid {
        layout.place_laid(flow, rows, laid, &format!("{title}（続き）"));
    }
}

/// `table` under its heading, or the sentence `empty` where it has no rows; whether it was
/// placed.
fn titled(flow: &mut Flow, title: &str, table: &doc::Table, empty: &str, body: Style) -> bool {
    if table.rows.is_empty() {
        heading(flow, title, body);
        flow.paragraph(empty, body, 0.0, flow.setup.body_width());
        return false;
    }
    titled_table(flow, title, table, body);
    true
}

const SHARE_NOTE: &str = "※ 順調の割合は、その年度にあった項目のうち評価が順調の区分だった項目の割合です。";
const ITEM_TRENDS: &str = "経年の評価（項目別）";
const NO_ITEM_TRENDS: &str = "前年度以前の評価と照合できた項目はありません。";
const DEPARTMENTS_NOTE: &str = "※ 部署別は各部署の報告ごとに数えます。";
pub(super) const ARROWS_NOTE: &str = "※ 項目別の評価欄の「B → A ↑」は、前年度の評価 → 今年度の評価と、その変化（↑ 改善、→ 変化なし、↓ 低下）です。";

/// 「改善 ↑ 3件　変化なし → 10件　低下 ↓ 1件（…）」.
fn comparison(report: &Report) -> String {
    let (better, same, worse) = summary::trend_counts(report);
    format!("改善 ↑ {better}件　変化なし → {same}件　低下 ↓ {worse}件（前年度と今年度の評価を比べられた項目の数）")
}

/// The note above the item tables when a grade is off the scale.
fn invalid_note(report: &Report) -> Option<String> {
    items::any_invalid(report, report.plan.items())
        .then(|| format!("{}（評価欄の記入をそのまま載せています）", grade::INVALID_NOTE))
}

/// The 順調 share of each 施策 year by year.
fn section_trends(report: &Report) -> doc::Table {
    let years = history::years(report);
    let word = report.plan.section_word();
    let mut columns = vec![doc::Column::new(word, doc::Role::Label)];
    columns.extend(years.iter().map(|y| doc::Column::new(&history::label(*y), doc::Role::Share)));
    columns.push(doc::Column::new(&history::this_year_label(report), doc::Role::Share));
    let share = |c: &Counts| match c.on_track_percent() {
        Some(p) => format!("{p}％（{}/{}件）", c.on_track, c.rated()),
        None => "－".into(),
    };
    let rows = report
        .plan
        .sections
        .iter()
        .map(|s| {
            let mut texts = vec![s.title()];
            texts.extend(years.iter().map(|y| share(&history::section_in(report, s, *y))));
            texts.push(share(&summary::section(report, s)));
            plain_row(texts, 0)
        })
        .collect();
    doc::Table {
        caption: format!("経年の評価（{word}別の順調の割合）"), columns, rows, label_col: 0
    }
}

/// Each item's grade year by year: 「令和4 B → 令和5 B → 令和6 A」.
fn item_trends(report: &Report) -> doc::Table {
    let mut rows = Vec::new();
    for section in &report.plan.sections {
        let mut first = true;
        for item in section.goals.iter().flat_map(|g| &g.items) {
            let Some(trend) = history::item_trend(report, item) else { continue };
            let name = if std::mem::take(&mut first) { section.title() } else { String::new() };
            rows.push(plain_row(vec![name, item.label(), trend], 1));
        }
    }
    let columns = vec![
        doc::Column::new(report.plan.section_word(), doc::Role::Label),
        doc::Column::new("項目", doc::Role::Label),
        doc::Column::new("評価の推移", doc::Role::Words),
    ];
    doc::Table { caption: ITEM_TRENDS.into(), columns, rows, label_col: 1 }
}

fn plain_row(texts: Vec<String>, label_col: usize) -> doc::Row {
    let label = texts.get(label_col).cloned().unwrap_or_default();
    doc::Row { cells: texts.into_iter().map(Cell::plain).collect(), joined: false, label, inset: None }
}

/// A content table as the PDF lays it out, columns sized from their content: counts and
/// shares centred, names kept whole.
fn auto_layout(table: &doc::Table, body: Style) -> (Table, Vec<Row>) {
    let columns = table
        .columns
        .iter()
        .map(|c| {
            let align = if c.role.is_short() { Align::Center } else { Align::Left };
            let names = matches!(c.role, doc::Role::Field(Field::Departments | Field::Actors));
            Column { names, ..Column::auto(&c.title, align) }
        })
        .collect();
    let layout = Table { columns, header_style: body.bold(), body_style: body, label_col: table.label_col };
    (layout, items::layout_rows(&table.rows, body))
}

fn heading(flow: &mut Flow, text: &str, body: Style) {
    heading_kept(flow, text, body, body.line_height() * 2.0);
}

/// A heading that goes to the next page unless `keep` mm of what follows fit under it.
fn heading_kept(flow: &mut Flow, text: &str, body: Style, keep: f32) {
    let style = body.bold().color(Color::ACCENT);
    flow.ensure(Style { size: body.size + 2.0, ..style }.line_height() + 1.0 + keep);
    flow.heading(2, text, Style { size: body.size + 2.0, ..style }, 0.0, flow.setup.body_width());
    flow.advance(1.0);
}

/// A table of counts across the page: the group's name, one column per grade, 未提出,
/// 評価なし, 計 and the share on track; numbers in columns of one width, the widest header's
/// (counts side by side read best so).
pub(super) fn counts_layout(table: &doc::Table, body: Style, width: f32) -> (Table, Vec<Row>) {
    let (mut layout, rows) = auto_layout(table, body);
    let number_width =
        table.columns[1..].iter().map(|c| body.bold().width(&c.title)).fold(0.0, f32::max) + 4.0;
    for column in &mut layout.columns[1..] {
        column.sizing = Sizing::Fixed(number_width);
    }
    layout.fit(&rows, width);
    (layout, rows)
}

/// Counts per 施策 and in total.
pub(super) fn section_counts(report: &Report) -> doc::Table {
    let word = report.plan.section_word();
    let (by_section, total) = summary::by_section(report);
    counts(report, word, format!("{word}別の評価"), &by_section, Some(&total))
}

/// Counts per department, when any department is named.
fn department_counts(report: &Report) -> Option<doc::Table> {
    let departments = summary::departments(report);
    (!departments.is_empty()).then(|| counts(report, "部署", "部署別の評価".into(), &departments, None))
}

fn counts(
    report: &Report,
    first: &str,
    caption: String,
    groups: &[(String, Counts)],
    total: Option<&Counts>,
) -> doc::Table {
    // 未提出 only where a report was asked for (a plan and its reports): the progress sheets
    // alone ask nothing of anyone, as the item tables say.
    let unreported = report.progress_expected || groups.iter().any(|(_, c)| c.unreported > 0);
    let mut columns = vec![doc::Column::new(first, doc::Role::Label)];
    columns.extend(report.config.grades.iter().map(|g| doc::Column::new(&g.code, doc::Role::Count)));
    columns.extend(unreported.then(|| doc::Column::new(items::NOT_REPORTED, doc::Role::Count)));
    columns.extend(["評価なし", "計"].map(|t| doc::Column::new(t, doc::Role::Count)));
    columns.push(doc::Column::new("順調", doc::Role::Share));
    let row = |name: &str, c: &Counts, tone: Tone| {
        let rate = c.on_track_percent().map_or("－".to_string(), |p| format!("{p}％"));
        let mut texts = vec![name.to_string()];
        texts.extend(c.grades.iter().map(usize::to_string));
        texts.extend(unreported.then(|| c.unreported.to_string()));
        texts.extend([c.ungraded.to_string(), c.total().to_string(), rate]);
        let cells = texts.into_iter().map(|text| Cell::toned(text, tone)).collect();
        doc::Row { cells, joined: false, label: name.to_string(), inset: None }
    };
    let mut rows: Vec<doc::Row> = groups.iter().map(|(name, c)| row(name, c, Tone::Plain)).collect();
    rows.extend(total.map(|t| row("合計", t, Tone::Strong)));
    doc::Table { caption, columns, rows, label_col: 0 }
}

/// What the counts count, under the table.
pub(super) fn counts_note(report: &Report) -> String {
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
fn missing_list(flow: &mut Flow, report: &Report, body: Style) {
    titled(flow, MISSING, &missing(report), NOTHING_MISSING, body);
}

const MISSING: &str = "未提出・記入漏れの項目";
const NOTHING_MISSING: &str = "ありません。すべての項目の進捗が報告されています。";

/// The items still missing something: the item, who should report (関係部署, else 主体; no
/// column where the plan names neither) and what is missing.
fn missing(report: &Report) -> doc::Table {
    let who = [Field::Departments, Field::Actors]
        .into_iter()
        .find(|f| report.plan.items().any(|i| i.field(*f).is_some()));
    let mut columns = vec![doc::Column::new("項目", doc::Role::Label)];
    columns.extend(who.map(|f| doc::Column::new(f.label(), doc::Role::Field(f))));
    columns.push(doc::Column::new("状況", doc::Role::Words));
    let rows = report
        .plan
        .items()
        .filter_map(|item| {
            let what = what_is_missing(report, item)?;
            let mut cells = vec![Cell::plain(item.label())];
            cells.extend(who.map(|f| {
                let names = match f {
                    Field::Departments => item.department_list(),
                    _ => item.actor_list(&report.config.actors),
                };
                Cell::plain(names.join("\n"))
            }));
            cells.push(Cell::toned(what, Tone::Caution));
            Some(doc::Row { cells, joined: false, label: item.label(), inset: None })
        })
        .collect();
    doc::Table { caption: MISSING.into(), columns, rows, label_col: 0 }
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
