//! A sheet's table: its context from the title rows and every row below the header, classified.

use super::grid::Grid;
use super::header::{self, Header};
use super::SheetOutcome;
use crate::config::{Column, Config};
use crate::layout::wareki::parse_fiscal_year;
use crate::text::{is_legend, is_note, key, Heading};
use std::collections::BTreeMap;

/// A non-empty value and the cell it was written in (for merged cells: the merge's top-left).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub row: u32,
    pub col: u32,
}

impl Cell {
    /// The A1 reference of the cell.
    pub fn a1(&self) -> String {
        crate::text::a1(self.row, self.col)
    }
}

/// What a sheet says about itself above the header (or in its name, or its file's name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The document title, without the fiscal year: 「市民協働(共働)推進アクションプラン」.
    pub title: Option<String>,
    /// Western fiscal year (April–March), from 平成24年度, 令和6年度 or 2024年度.
    pub fiscal_year: Option<i32>,
    /// The section the whole sheet belongs to, from a title row or the sheet name.
    pub section: Option<Heading>,
    /// The department the sheet reports for, from 「部署名：…」 or the file name.
    pub department: String,
}

/// What a row below the header is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A row of the table: column → value, only non-empty values.
    Item(BTreeMap<Column, Cell>),
    /// Nothing written.
    Blank,
    /// A note (※ …, 注 …).
    Note,
    /// The ★●◎ legend or a repeated header row.
    Furniture,
    /// A section heading written inside the table (「施策2 情報を共有する!!」).
    Section(Heading),
    /// A goal statement (「■…」 or a category written across the table).
    Goal(Cell),
    /// Texts written only in columns the header does not name: not read, reported. The cell
    /// is the first of them.
    Outside(Cell),
}

/// One row below the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Sheet row index, zero-based.
    pub row: u32,
    pub kind: RowKind,
}

/// A table found in a sheet.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: String,
    pub header: Header,
    pub context: Context,
    pub rows: Vec<Row>,
    /// Cells cut to [`super::grid::MAX_CELL_CHARS`] on reading.
    pub cut: Vec<super::grid::CutCell>,
}

impl Table {
    /// Whether the table has this column.
    pub fn has(&self, column: Column) -> bool {
        self.header.col(column).is_some()
    }

    /// A progress sheet has at least one progress column (評価, 実績, …).
    pub fn is_progress(&self) -> bool {
        self.header.columns.iter().any(|(c, _)| c.is_progress())
    }
}

/// Decides what a sheet yields.
pub fn outcome(
    hidden: bool,
    grid: Result<Grid, String>,
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
    let Some(header) = header::find(&grid, config) else {
        let rows = (grid.first_row()..=last).filter(|&r| !grid.row_texts(r).is_empty()).count();
        return if rows == 0 { SheetOutcome::Empty } else { SheetOutcome::NoTable { rows } };
    };
    let context = read_context(&grid, &header, sheet, file_stem);
    let rows = (header.data_start..=last).map(|r| classify(&grid, &header, r)).collect();
    let cut = grid.cut;
    SheetOutcome::Table(Table { sheet: sheet.to_string(), header, context, rows, cut })
}

/// Reads title rows above the header, then the sheet name and file name for what is still unknown.
fn read_context(grid: &Grid, header: &Header, sheet: &str, file_stem: &str) -> Context {
    let mut ctx = Context::default();
    for r in grid.first_row()..header.row {
        let texts: Vec<&str> = grid.row_texts(r).into_iter().map(|(_, t)| t).collect();
        for (i, text) in texts.iter().enumerate() {
            read_title_text(&mut ctx, text, texts.get(i + 1).copied());
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

fn read_title_text(ctx: &mut Context, text: &str, next: Option<&str>) {
    let fy = parse_fiscal_year(text);
    ctx.fiscal_year = ctx.fiscal_year.or(fy);
    if let Some(dept) = department_in(text, next) {
        if ctx.department.is_empty() {
            ctx.department = dept;
        }
    } else if let Some(h) = Heading::parse(text, true) {
        ctx.section.get_or_insert(h);
    } else if ctx.title.is_none() && !is_legend(text) && !is_note(text) {
        let title = strip_fiscal_year(text, fy);
        ctx.title = (!title.is_empty()).then_some(title);
    }
}

/// 「部署名：地域再生推進本部」, or 「部署名」 with the name in the next cell.
fn department_in(text: &str, next: Option<&str>) -> Option<String> {
    let label = DEPARTMENT_LABELS.iter().find(|l| key(text).starts_with(*l))?;
    let rest = text.trim().trim_start_matches(label).trim_start_matches([':', '：', ' ', '　']);
    let value = if rest.is_empty() { next.unwrap_or("") } else { rest };
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
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

fn classify(grid: &Grid, header: &Header, r: u32) -> Row {
    let texts = grid.row_texts(r);
    let kind = match texts.as_slice() {
        [] => RowKind::Blank,
        [(_, first), ..] if is_note(first) => RowKind::Note,
        _ if texts.iter().any(|(_, t)| is_legend(t)) || is_header_again(grid, header, &texts) => {
            RowKind::Furniture
        }
        [(col, text)] => lone_text(grid, header, r, *col, text).unwrap_or_else(|| item(grid, header, r)),
        _ => item(grid, header, r),
    };
    let kind = match (kind, texts.first()) {
        (RowKind::Item(cells), Some(&(col, text))) if cells.is_empty() => {
            RowKind::Outside(Cell { text: text.to_string(), row: r, col })
        }
        (kind, _) => kind,
    };
    Row { row: r, kind }
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
    if column == Some(Column::Section) {
        return Heading::parse(text, false).map(RowKind::Section);
    }
    let marked = text.starts_with(['■', '□', '◆', '【']);
    let heading_like = marked || grid.is_wide(r, col) || matches!(column, None | Some(Column::Goal));
    heading_like.then(|| {
        let statement = text.trim_start_matches(['■', '□', '◆']).trim().to_string();
        RowKind::Goal(Cell { text: statement, row: r, col })
    })
}

fn item(grid: &Grid, header: &Header, r: u32) -> RowKind {
    let cells = header
        .columns
        .iter()
        .filter_map(|&(column, col)| {
            let (text, (row, col)) = grid.value(r, col);
            (!text.is_empty()).then(|| (column, Cell { text: text.to_string(), row, col }))
        })
        .collect();
    RowKind::Item(cells)
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
        assert!(matches!(kinds[1], RowKind::Item(cells) if cells[&Column::Name].a1() == "B6"));
        assert_eq!(kinds[2], &RowKind::Blank);
        assert_eq!(kinds[3], &RowKind::Note);
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
    fn lone_name_is_an_item() {
        let t = table(&[&["項目", "内容"], &["名前だけの行", ""]]);
        assert!(matches!(&t.rows[0].kind, RowKind::Item(c) if c.len() == 1));
    }
}
