//! The handout for the 市民参画・協働推進検討委員会: a first page of counts (per 施策, per
//! department, against last year and over the years with `--previous`) and the items still
//! missing, then every item with all its progress columns.

use super::doc::{self, Block, Cell, Doc, Tone};
use super::pages::{self, Front, Landmark, Look, Sectioned};
use super::summary::{self, Counts};
use super::{furniture, history, items, Report};
use crate::config::kinds::KindSettings;
use crate::config::Field;
use crate::layout::flow::{Flow, PageSetup};
use crate::layout::frame::{Color, Document, Meta, Outline};
use crate::layout::text::Style;
use crate::model::{grade, Grade, Item};

/// Lays out the handout: its content ([`document`]) from the top of the first page, the
/// counts on pages of their own, each 施策 named in the running heads and the bookmarks.
pub fn layout(report: &Report) -> Document {
    as_shown(report, pages_of)
}

/// The pages of [`content`].
fn pages_of(report: &Report, settings: &KindSettings, plan_alone: bool) -> Document {
    let setup = PageSetup::new(settings.page_size(true), settings.margin);
    let doc = content(report, settings, plan_alone);
    let body = items::body_style(settings);
    let mut rows = pages::item_rows(&doc, body);
    let table = items::table(report, settings, setup.body_width(), rows.iter().flatten());
    table.fit_insets(rows.iter_mut().flatten());
    let mut flow = Flow::new(setup);
    let placed =
        pages::place(&mut flow, &doc, &look(settings), pages::Items { table, rows: rows.into_iter() });
    let heads = pages::running_heads(&placed.marks, flow.pages.len());
    let running = furniture::Running { title: &doc.title, city: &doc.author, heads: &heads, cover: false };
    let part = flow.finish();
    let meta = Meta {
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
        keywords: vec!["市民協働".into(), "進捗状況".into(), "検討委員会".into()],
        date: report.issued,
    };
    let mut document = Document::assemble(vec![part], outline(&placed), meta);
    furniture::number_pages(&mut document.pages, setup, &running);
    document
}

/// The bookmarks: 集計 (the counts), then the items' heading with a bookmark per 施策.
fn outline(placed: &pages::Placed) -> Vec<Outline> {
    let bookmark = |title: &str, page: usize| Outline { title: title.into(), page, children: Vec::new() };
    let sections: Vec<Outline> = placed.marks.iter().map(|m| bookmark(&m.title, m.page)).collect();
    let mut outline: Vec<Outline> = placed
        .parts
        .iter()
        .filter_map(|(part, page)| match part {
            Landmark::Group => Some(bookmark("集計", *page)),
            Landmark::Heading(title) => Some(bookmark(title, *page)),
            Landmark::Part(_) => None,
        })
        .collect();
    if let Some(items) = outline.last_mut() {
        items.children = sections;
    }
    outline
}

/// How the handout is set: the title at the top of the first page, headings in the accent
/// colour kept with what follows, a note closing its part, each 施策 under a bold heading.
fn look(settings: &KindSettings) -> Look {
    let body = items::body_style(settings);
    let heading = Style { size: body.size + 2.0, ..body.bold().color(Color::ACCENT) };
    Look {
        body,
        cover: false,
        title: Style::new(settings.body + 5.0).bold().color(Color::ACCENT),
        front: Front {
            headings: (heading, heading),
            measured: false,
            gaps: (1.0, 0.0),
            after: (5.0, 5.0),
            by_caption: false,
        },
        section: Sectioned {
            heading: body.bold(),
            bar: false,
            gaps: (1.0, 0.0),
            keep: Some(body.line_height() * 2.0),
            statement: body.bold(),
            around: (0.0, 4.0),
            new_page: false,
        },
        after_plan_notes: 2.0,
        after_lone: (5.0, 1.0),
    }
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
/// the comparison with earlier years, the targets, what is missing (a group), then every item.
pub fn document(report: &Report) -> Doc {
    as_shown(report, content)
}

/// `f` of the report as the handout shows it (a plan alone as the plan, in the official
/// report's columns), its settings and whether it is a plan alone.
fn as_shown<R>(report: &Report, f: impl FnOnce(&Report, &KindSettings, bool) -> R) -> R {
    let plan_alone = report.plan_alone();
    let as_plan = report.as_plan();
    let report = if plan_alone { &as_plan } else { report };
    f(report, &settings(report, plan_alone), plan_alone)
}

/// [`document`] of a report (a plan alone already as the plan) in its settings.
fn content(report: &Report, settings: &KindSettings, plan_alone: bool) -> Doc {
    let title = report.title();
    let issued = super::official::issued(report);
    let mut blocks = vec![
        Block::Heading { level: 1, text: title.clone() },
        Block::Paragraph(super::spaced(&[&issued, &report.config.city])),
    ];
    blocks.push(if plan_alone {
        Block::Paragraph(Report::NO_PROGRESS_YET.into())
    } else {
        Block::Group(counts_blocks(report))
    });
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

/// The counts, comparisons, targets and missing items as content: the handout's first pages.
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
