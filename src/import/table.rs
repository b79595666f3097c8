//! A sheet's table: its context from the title rows and every row below the header, classified.

use super::grid::Grid;
use super::header::{self, Header};
use super::SheetOutcome;
use crate::config::{Config, Field};
use crate::text::wareki::parse_fiscal_year;
use crate::text::{is_legend, is_note, key, Heading};
use std::collections::BTreeMap;

/// A non-empty value and the cell it was written in (for merged cells: the merge's top-left).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The text, cleaned.
    pub text: String,
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl Cell {
    /// The cell's position, shown as its A1 reference.
    pub fn cell_ref(&self) -> crate::text::CellRef {
        crate::text::CellRef { row: self.row, col: self.col }
    }
}

/// What a sheet says about itself above the header (or in its name, or its file's name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The document title, without the fiscal year: 「市民協働(共働)推進アクションプラン」.
    pub title: Option<String>,
    /// Western fiscal year (April–March), from 平成24年度, 令和6年度 or 2024年度.
    pub fiscal_year: Option<i32>,
    /// A plan period (first and last fiscal year) from 「計画期間 令和3〜7年度」.
    pub period: Option<(i32, i32)>,
    /// The city a title row names first (「対馬市 市民協働推進計画」).
    pub city: Option<String>,
    /// ※ notes above the header: the plan's (or, on a sheet of one 施策, that 施策's).
    pub notes: Vec<Cell>,
    /// Sentences above the header (「…視点が重要です。」): the lead text of the sheet's section.
    pub lead: Vec<Cell>,
    /// A short line directly above the header that is neither title nor section: the category
    /// (goal) of the first rows, as in plans that head each table with 「人材育成と意識改革」.
    pub goal: Option<Cell>,
    /// The section the whole sheet belongs to, from a title row or the sheet name.
    pub section: Option<Heading>,
    /// The department the sheet reports for, from 「部署名：…」 or the file name.
    pub department: String,
    /// Whether a title row states the department (「部署名：…」): else it is the file name.
    pub department_stated: bool,
}

/// What a row below the header is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A row of the table: column → value, only non-empty values.
    Item(BTreeMap<Field, Cell>),
    /// Nothing written.
    Blank,
    /// A note (※ …, 注 …): its first cell.
    Note(Cell),
    /// The ★●◎ legend or a repeated header row.
    Furniture,
    /// A section heading written inside the table (「施策2 情報を共有する!!」).
    Section(Heading),
    /// A goal statement (「■…」 or a category written across the table).
    Goal(Cell),
    /// A sentence right under a section heading: that section's lead text.
    Lead(Cell),
    /// Texts written only in columns the header does not name: not read, reported. The cell
    /// is the first of them.
    Outside(Cell),
}

/// One row below the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Sheet row index, zero-based.
    pub row: u32,
    /// What the row is (item, note, heading, blank).
    pub kind: RowKind,
    /// The row's values in each of the header's [`Header::groups`] (numbered indicators,
    /// earlier years), in the same order; empty for a row that is no item.
    pub groups: Vec<BTreeMap<Field, Cell>>,
}

/// A table found in a sheet.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name.
    pub sheet: String,
    /// The header row and its columns.
    pub header: Header,
    /// What stands above the header (title, department, year).
    pub context: Context,
    /// The rows below the header.
    pub rows: Vec<Row>,
    /// Cells cut to [`super::grid::MAX_CELL_CHARS`] on reading.
    pub cut: Vec<super::grid::CutCell>,
    /// How a 個票 was read (its labels and their values' cells); None for a table.
    pub form: Option<super::form::Form>,
}

impl Table {
    /// Whether the table has this column.
    pub fn has(&self, column: Field) -> bool {
        self.header.col(column).is_some()
    }

    /// A progress sheet has at least one progress column (評価, 実績, …).
    pub fn is_progress(&self) -> bool {
        self.header.columns.iter().any(|(c, _)| c.is_progress())
    }

    /// An opinions sheet: 委員会意見 or 所属長コメント keyed by No or 項目, with no progress
    /// columns and no 内容 (the committee's sheet written after it met).
    pub fn is_opinions(&self) -> bool {
        !self.is_progress()
            && !self.has(Field::Content)
            && (self.has(Field::Opinion) || self.has(Field::Comment))
            && (self.has(Field::No) || self.has(Field::Name))
    }
}

/// Decides what a sheet yields.
pub fn outcome(
    hidden: bool,
    grid: Result<Grid, super::ImportError>,
    sheet: &str,
    file_stem: &str,
    config: &Config,
) -> SheetOutcome {
    if hidden {
        return SheetOutcome::Hidden;
    }
    let grid = match grid {
        Ok(g) => g,
        Err(e) => return SheetOutcome::Unreadable(e),
    };
    let Some(last) = grid.last_row() else {
        return SheetOutcome::Empty;
    };
    let rows = || (grid.first_row()..=last).filter(|&r| !grid.row_texts(r).is_empty()).count();
    if super::form::is_example(sheet) {
        return match rows() {
            0 => SheetOutcome::Empty,
            rows => SheetOutcome::Example { rows },
        };
    }
    if let Some(form) = super::form::read(&grid, sheet, file_stem, config) {
        return SheetOutcome::Table(form);
    }
    let Some(header) = header::find(&grid, config) else {
        let rows = rows();
        return if rows == 0 { SheetOutcome::Empty } else { SheetOutcome::NoTable { rows } };
    };
    let mut context = read_context(&grid, &header, sheet, file_stem);
    // A sheet of one column group per year reports on its latest year.
    context.fiscal_year = context.fiscal_year.or(header.year);
    let mut header = header;
    if let Some(year) = context.fiscal_year {
        header.previous_year_is(year);
    }
    let mut rows: Vec<Row> = (header.data_start..=last).map(|r| classify(&grid, &header, r)).collect();
    mark_categories(&mut rows);
    mark_leads(&grid, &mut rows);
    let cut = grid.cut;
    SheetOutcome::Table(Table { sheet: sheet.to_string(), header, context, rows, cut, form: None })
}

/// Reads title rows above the header, then the sheet name and file name for what is still unknown.
pub(super) fn read_context(grid: &Grid, header: &Header, sheet: &str, file_stem: &str) -> Context {
    let mut ctx = Context::default();
    for r in grid.first_row()..header.row {
        let texts = grid.row_texts(r);
        // Only the last title row can head the table as its first category.
        ctx.goal = None;
        for (i, &(col, text)) in texts.iter().enumerate() {
            let cell = Cell { text: text.to_string(), row: r, col };
            read_title_text(&mut ctx, &cell, texts.get(i + 1).map(|(_, t)| *t));
        }
    }
    for name in [sheet, file_stem] {
        ctx.fiscal_year = ctx.fiscal_year.or_else(|| parse_fiscal_year(name));
        if ctx.section.is_none() {
            ctx.section = Heading::parse(name, true);
        }
    }
    if ctx.department.is_empty() {
        ctx.department = file_stem.to_string();
    }
    ctx
}

/// Labels that introduce the reporting department in a title row.
const DEPARTMENT_LABELS: [&str; 5] = ["部署名", "担当課", "報告部署", "所属", "課名"];

/// What a title row says: the department, the section, a lead sentence, the plan's title (only
/// a title-like line: a sentence is never a title), or the category of the first rows.
fn read_title_text(ctx: &mut Context, cell: &Cell, next: Option<&str>) {
    let text = cell.text.as_str();
    let period = parse_period(text);
    // A plan period is no year of report: 「令和4年度～令和6年度 …」 states none.
    let fy = match period {
        Some(_) => parse_fiscal_year(&strip_period(&strip_leading_period(text))),
        None => parse_fiscal_year(text),
    };
    ctx.fiscal_year = ctx.fiscal_year.or(fy);
    ctx.period = ctx.period.or(period);
    if ctx.city.is_none() && !is_note(text) {
        ctx.city = city_in(text);
    }
    let subtitle = text.trim_start().starts_with(['～', '〜', '~']);
    if let Some(dept) = department_in(text, next) {
        if ctx.department.is_empty() {
            ctx.department = dept;
            ctx.department_stated = true;
        }
    } else if let Some(h) = Heading::parse(text, true) {
        ctx.section.get_or_insert(h);
    } else if is_note(text) {
        ctx.notes.push(cell.clone());
    } else if is_legend(text) || subtitle || is_only_year(text, fy) || is_city(text.trim()) {
        // Furniture of the page, not content.
    } else if is_prose(text) {
        ctx.lead.push(cell.clone());
    } else if is_title_like(&text.replace("計画期間", "")) {
        if ctx.title.is_none() {
            ctx.title = Some(strip_period(&strip_fiscal_year(&strip_leading_period(text), fy)));
        }
    } else if fy.is_none() && period.is_none() {
        ctx.goal = Some(Cell {
            text: text.trim_start_matches(['■', '□', '◆']).trim().to_string(),
            ..cell.clone()
        });
    }
}

/// 「令和6年度」 or 「計画期間 令和3〜7年度」 alone on its row.
fn is_only_year(text: &str, fy: Option<i32>) -> bool {
    let t = strip_period(&strip_fiscal_year(text, fy));
    t.is_empty()
        || t == "計画期間"
        || parse_period(text).is_some() && !is_title_like(&t.replace("計画期間", ""))
}

/// 「アクションプラン（令和3〜7年度）」 → 「アクションプラン」.
fn strip_period(text: &str) -> String {
    match text.rfind(['（', '(']) {
        Some(i) if parse_period(&text[i..]).is_some() => text[..i].trim_end().to_string(),
        _ => text.to_string(),
    }
}

/// A sentence rather than a heading: it ends in 。 (or has one inside), or runs long with commas.
pub fn is_prose(text: &str) -> bool {
    let t = text.trim();
    t.contains('。') || t.chars().count() > 40 && t.contains(['、', '，'])
}

/// A line that names a document: 「…計画」「…プラン」「…アクション」「…報告書」.
fn is_title_like(text: &str) -> bool {
    const WORDS: [&str; 6] = ["計画", "プラン", "アクション", "報告書", "報告", "指針"];
    let t = key(text);
    WORDS.iter().any(|w| t.contains(w))
}

/// 「計画期間 令和3〜7年度」 → (2021, 2025): the first and last fiscal year of a plan.
pub fn parse_period(text: &str) -> Option<(i32, i32)> {
    let (at, sep) = ["〜", "～", "~", "－", "-", "から"].iter().find_map(|s| Some((text.find(s)?, *s)))?;
    let (left, right) = (&text[..at], &text[at + sep.len()..]);
    let first = parse_fiscal_year(left).or_else(|| parse_fiscal_year(&format!("{}年度", left.trim_end())))?;
    let last = parse_fiscal_year(right).or_else(|| {
        let digits: String = right.trim_start().chars().take_while(char::is_ascii_digit).collect();
        let n: i32 = digits.parse().ok()?;
        let (_, era_year) = crate::text::wareki::era_year(first);
        Some(first + n - era_year)
    })?;
    (last > first).then_some((first, last))
}

/// 「部署名：地域再生推進本部」, or 「部署名」 with the name in the next cell.
fn department_in(text: &str, next: Option<&str>) -> Option<String> {
    let label = DEPARTMENT_LABELS.iter().find(|l| key(text).starts_with(*l))?;
    let rest = text.trim().trim_start_matches(label).trim_start_matches([':', '：', ' ', '　']);
    let value = if rest.is_empty() { next.unwrap_or("") } else { rest };
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// 「令和4年度～令和6年度 アクションプラン」, 「計画期間：令和3〜7年度 アクションプラン」 →
/// 「アクションプラン」: the plan's period written before its name.
fn strip_leading_period(text: &str) -> String {
    let text = text.trim();
    let Some(period) = parse_period(text) else { return text.to_string() };
    // The shortest start of the text that states the whole period.
    let mut ends = text.match_indices("年度").map(|(i, m)| i + m.len());
    let Some(end) = ends.find(|&end| parse_period(&text[..end]) == Some(period)) else {
        return text.to_string();
    };
    if is_title_like(&text[..end].replace("計画期間", "")) || text[..end].chars().count() > 24 {
        return text.to_string();
    }
    // Only a period that starts the text (after a label such as 計画期間) is taken off.
    let number = text.find(|c: char| c.is_numeric() || c == '元').unwrap_or(0);
    let label = text[..number].trim_end_matches(|c: char| "令和平成昭和RHＲＨ ".contains(c));
    let label = label.trim_end_matches([':', '：', ' ', '　']);
    if !label.is_empty() && label != "計画期間" {
        return text.to_string();
    }
    text[end..].trim_start_matches([' ', '　', '）', ')', ':', '：']).trim().to_string()
}

/// The city a title row names: its first word (「対馬市 市民協働推進計画」, 「対馬市」), or the
/// name before 市民, 町民, 村民 or の (「対馬市市民協働推進計画」, 「対馬市の協働」).
fn city_in(text: &str) -> Option<String> {
    let text = text.trim();
    let first = text.split_whitespace().next()?;
    if is_city(first) {
        return Some(first.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    (2..chars.len().min(8)).find_map(|i| {
        let rest: String = chars[i + 1..].iter().collect();
        let name: String = chars[..=i].iter().collect();
        let after = ["市民", "町民", "村民", "区民", "の"];
        (is_city(&name) && after.iter().any(|s| rest.starts_with(s))).then_some(name)
    })
}

/// A city's (or town's, village's, ward's) name alone: 「対馬市」, 「世田谷区」, not 「都市」.
fn is_city(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let japanese = |c: &char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '々');
    (3..=7).contains(&chars.len())
        && ['市', '町', '村', '区'].contains(&chars[chars.len() - 1])
        && chars.iter().all(japanese)
        && !["都市", "地区", "市町村", "区市町村", "市区町村"].iter().any(|w| word.ends_with(w))
}

/// 「平成24年度市民協働(共働)推進アクションプラン」 → 「市民協働(共働)推進アクションプラン」.
fn strip_fiscal_year(text: &str, fy: Option<i32>) -> String {
    let text = text.trim();
    if fy.is_none() {
        return text.to_string();
    }
    match text.find("年度") {
        Some(i) if i <= 24 => {
            text[i + "年度".len()..].trim_start_matches([' ', '　', '（', '(']).trim().to_string()
        }
        _ => text.to_string(),
    }
}

/// A lone text in an item column right above the header written again is the category of the
/// table below (plans that head each table with 「推進体制の整備」), not an item.
fn mark_categories(rows: &mut [Row]) {
    for i in 0..rows.len().saturating_sub(1) {
        let RowKind::Item(cells) = &rows[i].kind else { continue };
        if cells.len() == 1 && rows[i + 1].kind == RowKind::Furniture {
            let cell = cells.values().next().expect("one cell").clone();
            rows[i].kind = RowKind::Goal(cell);
        }
    }
}

/// An unmarked sentence alone on its row (read as a goal, or as an item of one cell) right
/// after a section heading (or another such sentence) is the section's lead text, as plans
/// print a paragraph under each heading.
fn mark_leads(grid: &Grid, rows: &mut [Row]) {
    let mut after_heading = false;
    for row in rows.iter_mut() {
        match &row.kind {
            RowKind::Section(_) | RowKind::Lead(_) => after_heading = true,
            RowKind::Blank => {}
            RowKind::Goal(c) if after_heading && is_prose(&c.text) && !is_marked(grid.raw(c.row, c.col)) => {
                row.kind = RowKind::Lead(c.clone());
            }
            // Unmerged, the sentence sits in the 項目 column: one cell of prose is no item.
            RowKind::Item(cells) if after_heading && cells.len() == 1 => {
                let c = cells.values().next().expect("one cell").clone();
                if is_prose(&c.text) && !is_marked(&c.text) {
                    row.kind = RowKind::Lead(c);
                } else {
                    after_heading = false;
                }
            }
            _ => after_heading = false,
        }
    }
}

fn is_marked(text: &str) -> bool {
    text.trim_start().starts_with(['■', '□', '◆', '【'])
}

fn classify(grid: &Grid, header: &Header, r: u32) -> Row {
    let texts = grid.row_texts(r);
    let kind = match texts.as_slice() {
        [] => RowKind::Blank,
        [(col, first), ..] if is_note(first) => {
            RowKind::Note(Cell { text: first.to_string(), row: r, col: *col })
        }
        _ if texts.iter().any(|(_, t)| is_legend(t)) || is_header_again(grid, header, &texts) => {
            RowKind::Furniture
        }
        [(col, text)] => lone_text(grid, header, r, *col, text).unwrap_or_else(|| item(grid, header, r)),
        _ => item(grid, header, r),
    };
    let groups: Vec<BTreeMap<Field, Cell>> = match kind {
        RowKind::Item(_) => header.groups.iter().map(|g| cells(grid, &g.columns, r)).collect(),
        _ => Vec::new(),
    };
    let kind = match (kind, texts.first()) {
        (RowKind::Item(cells), Some(&(col, text)))
            if cells.is_empty() && groups.iter().all(BTreeMap::is_empty) =>
        {
            RowKind::Outside(Cell { text: text.to_string(), row: r, col })
        }
        (kind, _) => kind,
    };
    Row { row: r, kind, groups }
}

/// The header written again (tables repeated per goal, as in the published plans): most of the
/// row's texts are the header's own, in the same columns.
fn is_header_again(grid: &Grid, header: &Header, texts: &[(u32, &str)]) -> bool {
    let same = texts.iter().filter(|(c, t)| grid.raw(header.row, *c) == *t).count();
    same >= 2 && same * 2 >= texts.len()
}

/// A row with a single text: 「施策2 …」 starts a section, 「■…」 (or a text merged across the
/// table, or one outside the item columns) states a goal; anything else is an item.
fn lone_text(grid: &Grid, header: &Header, r: u32, col: u32, text: &str) -> Option<RowKind> {
    let column = header.columns.iter().find(|(_, i)| *i == col).map(|(c, _)| *c);
    if let Some(h) = Heading::parse(text, true) {
        return Some(RowKind::Section(h));
    }
    if column == Some(Field::Section) {
        return Heading::parse(text, false).map(RowKind::Section);
    }
    let marked = is_marked(text);
    let heading_like = marked || grid.is_wide(r, col) || matches!(column, None | Some(Field::Goal));
    heading_like.then(|| {
        let statement = text.trim_start_matches(['■', '□', '◆']).trim().to_string();
        RowKind::Goal(Cell { text: statement, row: r, col })
    })
}

fn item(grid: &Grid, header: &Header, r: u32) -> RowKind {
    RowKind::Item(cells(grid, &header.columns, r))
}

/// The non-empty values of row `r` in `columns`, following vertical merges.
pub(super) fn cells(grid: &Grid, columns: &[(Field, u32)], r: u32) -> BTreeMap<Field, Cell> {
    columns
        .iter()
        .filter_map(|&(column, col)| {
            let (text, (row, col)) = grid.value(r, col);
            (!text.is_empty()).then(|| (column, Cell { text: text.to_string(), row, col }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        let cells = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
        match outcome(false, Ok(Grid::new((0, 0), cells)), "Sheet1", "関係各部", &Config::default()) {
            SheetOutcome::Table(t) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_titles_and_classifies_rows() {
        let t = table(&[
            &["平成24年度市民協働(共働)推進アクションプラン"],
            &["施策1 協働(共働)の意識を高める!!"],
            &["★市民が主体 ●市が主体 ◎市民と市が主体"],
            &["区分", "項目", "アクションプランの内容", "関係部署"],
            &["■協働(共働)に関する標語を募集します。"],
            &["◎", "標語の募集", "標語の募集に向けた取り組みを行います。", "地域再生推進本部"],
            &[],
            &["※ 関係部署は4月1日現在"],
            &["", "項目", "アクションプランの内容", "関係部署"],
            &["施策2 情報を共有する!!"],
        ]);
        assert_eq!(t.context.fiscal_year, Some(2012));
        assert_eq!(t.context.title.as_deref(), Some("市民協働(共働)推進アクションプラン"));
        assert_eq!(t.context.section.as_ref().map(|h| h.key()), Some("1".to_string()));
        assert_eq!(t.context.department, "関係各部");
        let kinds: Vec<&RowKind> = t.rows.iter().map(|r| &r.kind).collect();
        assert!(matches!(kinds[0], RowKind::Goal(c) if c.text == "協働(共働)に関する標語を募集します。"));
        assert!(
            matches!(kinds[1], RowKind::Item(cells) if cells[&Field::Name].cell_ref().to_string() == "B6")
        );
        assert_eq!(kinds[2], &RowKind::Blank);
        assert!(matches!(kinds[3], RowKind::Note(c) if c.text.starts_with('※')));
        assert_eq!(kinds[4], &RowKind::Furniture);
        assert!(matches!(kinds[5], RowKind::Section(h) if h.number == Some(2)));
    }

    #[test]
    fn department_from_title_row() {
        let t = table(&[&["部署名", "地域再生推進本部"], &["項目", "評価"], &["a", "A"]]);
        assert_eq!(t.context.department, "地域再生推進本部");
        assert!(t.is_progress());
    }

    #[test]
    fn a_sentence_above_the_header_is_lead_text_not_the_title() {
        let t = table(&[
            &["協働のアクション"],
            &["アクション1. 人づくりと推進体制 ～学ぶ、育む～"],
            &["協働という手段が、より有効に機能するためには、多様な主体や推進体制を「育む」視点が重要です。"],
            &["人材育成と意識改革"],
            &["項目", "主な内容", "主体"],
            &["職員の意識改革", "・職員研修", "行政"],
        ]);
        assert_eq!(t.context.title.as_deref(), Some("協働のアクション"));
        assert_eq!(t.context.lead.len(), 1);
        assert!(t.context.lead[0].text.ends_with("視点が重要です。"));
        assert_eq!(t.context.goal.as_ref().map(|c| c.text.as_str()), Some("人材育成と意識改革"));
        assert_eq!(t.context.section.as_ref().map(|h| h.label.as_str()), Some("アクション"));
    }

    #[test]
    fn plan_period_and_title_without_it() {
        assert_eq!(parse_period("計画期間 令和3〜7年度"), Some((2021, 2025)));
        assert_eq!(parse_period("令和3年度～令和7年度"), Some((2021, 2025)));
        assert_eq!(parse_period("地域・地区"), None);
        let t = table(&[
            &["市民協働推進アクションプラン（令和3〜7年度）"],
            &["計画期間 令和3〜7年度"],
            &["項目", "内容"],
        ]);
        assert_eq!(t.context.title.as_deref(), Some("市民協働推進アクションプラン"));
        assert_eq!(t.context.period, Some((2021, 2025)));
        assert_eq!(t.context.goal, None);
    }

    #[test]
    fn a_period_before_the_title_is_the_plans_not_its_year() {
        for (title, period) in [
            ("令和4年度～令和6年度 市民協働(共働)推進アクションプラン", (2022, 2024)),
            ("令和3〜7年度 市民協働(共働)推進アクションプラン", (2021, 2025)),
            ("計画期間：令和3〜7年度 市民協働(共働)推進アクションプラン", (2021, 2025)),
        ] {
            let t = table(&[&[title], &["項目", "内容"]]);
            assert_eq!(t.context.title.as_deref(), Some("市民協働(共働)推進アクションプラン"), "{title}");
            assert_eq!((t.context.period, t.context.fiscal_year), (Some(period), None), "{title}");
        }
        let t = table(&[&["令和6年度 アクションプラン（計画期間 令和3〜7年度）"], &["項目", "内容"]]);
        assert_eq!(
            (t.context.title.as_deref(), t.context.fiscal_year),
            (Some("アクションプラン"), Some(2024))
        );
    }

    #[test]
    fn the_city_a_title_row_names() {
        assert_eq!(city_in("対馬市 市民協働推進計画").as_deref(), Some("対馬市"));
        assert_eq!(city_in("豊田市市民活動促進計画").as_deref(), Some("豊田市"));
        assert_eq!(city_in("世田谷区の協働").as_deref(), Some("世田谷区"));
        assert_eq!(city_in("市民協働(共働)推進アクションプラン"), None);
        assert_eq!(city_in("都市計画の推進"), None);
        let t = table(&[&["対馬市"], &["令和6年度 市民協働推進計画"], &["項目", "内容"]]);
        assert_eq!((t.context.city.as_deref(), t.context.goal.as_ref()), (Some("対馬市"), None));
        assert_eq!(t.context.title.as_deref(), Some("市民協働推進計画"));
    }

    #[test]
    fn sentences_under_headings_and_categories_inside_the_table() {
        let t = table(&[
            &["項目", "主な内容", "主体"],
            &["アクション2. 活動基盤の整備 ～支える～"],
            &["市民活動の基盤となる「資金・情報・場所」を充実させることは、継続的に活動を進めていくためには重要です。"],
            &["資金の調達"],
            &["項目", "主な内容", "主体"],
            &["各種補助金等の活用促進", "・補助金、助成金情報の提供", "行政"],
            &["■協働委託を広げます。"],
        ]);
        let kinds: Vec<&RowKind> = t.rows.iter().map(|r| &r.kind).collect();
        assert!(matches!(kinds[0], RowKind::Section(h) if h.number == Some(2)));
        assert!(matches!(kinds[1], RowKind::Lead(c) if c.text.ends_with("重要です。")));
        assert!(matches!(kinds[2], RowKind::Goal(c) if c.text == "資金の調達"), "{:?}", kinds[2]);
        assert_eq!(kinds[3], &RowKind::Furniture);
        assert!(matches!(kinds[4], RowKind::Item(_)));
        assert!(
            matches!(kinds[5], RowKind::Goal(c) if c.text == "協働委託を広げます。"),
            "a marked goal stays one"
        );
    }

    #[test]
    fn lone_name_is_an_item() {
        let t = table(&[&["項目", "内容"], &["名前だけの行", ""]]);
        assert!(matches!(&t.rows[0].kind, RowKind::Item(c) if c.len() == 1));
    }
}
