//! The check: rules over the imported files and the plan, each finding a [`Diagnostic`].
//!
//! Rules by level: files and sheets (unreadable, no table, hidden), tables (missing columns),
//! items (missing fields, invalid marks, duplicates, characters the font lacks), progress
//! (missing fields, grades outside the scale) and the plan as a whole (items nobody reported,
//! reports about items the plan does not have).

mod forms;
mod indicators;
mod reports;

pub use reports::placed;

use crate::config::{Config, Field};
use crate::diag::{Code, Diagnostic, Severity};
use crate::fonts;
use crate::import::grid::MAX_CELL_CHARS;
use crate::import::{RowKind, SheetOutcome, SourceFile, Table};
use crate::model::{cell_of, Item, Plan, Progress, Source, Text};
use crate::text::CellRef;

/// What was read, in the roles it was read in.
pub struct Inputs<'a> {
    /// Files that define items (the `--plan` file, or every input without `--plan`).
    pub plan: &'a [SourceFile],
    /// Progress files reported against a separate plan (empty without `--plan`).
    pub progress: &'a [SourceFile],
    /// Whether a separate plan was given: only then is an unreported item an error.
    pub with_plan: bool,
    /// The year the run was asked to report on (`report --year`): it settles progress files
    /// that disagree on their year.
    pub year: Option<i32>,
}

/// Runs every rule; diagnostics come back in input order (file, sheet, row, column).
pub fn run(inputs: &Inputs, plan: &Plan, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, defines) in
        inputs.plan.iter().map(|f| (f, true)).chain(inputs.progress.iter().map(|f| (f, false)))
    {
        let is_plan = !defines && inputs.plan.iter().any(|p| p.id == file.id);
        let first = out.len();
        file_rules(file, defines, is_plan, &mut out);
        // Every finding of the file's rules is in the file.
        for d in &mut out[first..] {
            d.input = Some(file.id.clone());
        }
    }
    for section in &plan.sections {
        for goal in &section.goals {
            if let Some(statement) = &goal.statement {
                glyph_rule(statement, None, &mut out);
            }
            for item in &goal.items {
                item_rules(item, config, inputs.with_plan, &mut out);
                indicators::rules(item, config, &mut out);
                if inputs.with_plan {
                    reports::not_reported(item, plan, &mut out);
                }
            }
        }
    }
    year_rules(inputs, plan, &mut out);
    for p in &plan.unknown {
        let message = reports::unknown_message(plan, p);
        out.push(at(&p.at, Severity::Error, Code::UnknownItem, Some(p.label()), message));
        progress_rules(p, &p.label(), config, &mut out);
    }
    for p in &plan.unknown_opinions {
        let message =
            "計画にない項目への意見です（意見のシートの No と項目名を計画と照らしてください）".into();
        out.push(at(&p.at, Severity::Error, Code::UnknownItem, Some(p.label()), message));
    }
    reports::duplicates(plan, &mut out);
    sort(&mut out, inputs);
    out
}

/// The year the reports are on: progress files must agree on it; a plan of another year is
/// said once (a plan often runs several years and is reported on every year).
fn year_rules(inputs: &Inputs, plan: &Plan, out: &mut Vec<Diagnostic>) {
    use crate::text::wareki::fiscal_year_label as label;
    let years = &plan.progress_years;
    let Some((first_file, first, _)) = years.first() else { return };
    if let Some((file, year, id)) = years.iter().find(|(_, y, _)| y != first) {
        let (severity, outcome) = match inputs.year {
            Some(chosen) => (Severity::Warning, format!("指定のとおり{}の報告書を作ります", label(chosen))),
            None => (
                Severity::Error,
                "どの年度の報告書を作るか決められません（report では --year で指定できます）".to_string(),
            ),
        };
        let message = format!(
            "進捗報告の年度が食い違っています（{first_file} は{}、{file} は{}）。{outcome}",
            label(*first),
            label(*year)
        );
        out.push(Diagnostic::file(severity, Code::YearConflict, file, message).in_input(id));
        return;
    }
    let Some(plan_year) = plan.fiscal_year.filter(|y| y != first && inputs.with_plan) else { return };
    let plan_file = inputs.plan.first();
    let within = plan.period.is_some_and(|(a, b)| (a..=b).contains(first));
    let note = if within { "計画期間内の年度です。" } else { "" };
    let others = if years.len() > 1 { " ほか" } else { "" };
    let message = format!(
        "計画は{}、進捗報告（{first_file}{others}）は{}です。{note}報告書は{}の報告として作ります",
        label(plan_year),
        label(*first),
        label(*first)
    );
    let shown = plan_file.map_or("", |f| f.path.as_str());
    let mut d = Diagnostic::file(Severity::Warning, Code::YearMismatch, shown, message);
    d.input = plan_file.map(|f| f.id.clone());
    out.push(d);
}

/// `is_plan`: a progress input that is the `--plan` file itself (the plan kept in the folder
/// of returns, the folder given): said so, not taken for another copy of the plan.
fn file_rules(file: &SourceFile, defines_items: bool, is_plan: bool, out: &mut Vec<Diagnostic>) {
    let path = &file.path;
    if let Some(error) = &file.error {
        let d = Diagnostic::file(Severity::Error, Code::UnreadableFile, path, error.to_string());
        out.push(d.with_detail(error.detail().map(str::to_owned)));
        return;
    }
    if !defines_items && crate::intake::looks_like_plan(file) {
        let message = match is_plan {
            true => "--plan で指定した計画のファイルです。進捗報告としては読みませんでした",
            false => "計画のファイルのようです（評価・実績の列がなく、項目・内容の列があります）。進捗報告としては読みませんでした（計画は --plan で指定します）",
        };
        out.push(Diagnostic::file(Severity::Warning, Code::PlanInProgress, path, message.into()));
        return;
    }
    let has_table = file.tables().next().is_some();
    if !has_table {
        out.push(Diagnostic::file(Severity::Error, Code::NoTable, path, no_table_message()));
    }
    if has_table {
        out.extend(skipped_sheets(file));
    }
    for (sheet, outcome) in &file.sheets {
        let d = |sev, code, msg: String| Diagnostic::file(sev, code, path, msg).in_sheet(sheet);
        match outcome {
            SheetOutcome::Table(t) => table_rules(file, t, defines_items, out),
            SheetOutcome::Hidden => out.push(d(
                Severity::Warning,
                Code::HiddenSheet,
                "非表示のシートは読み込みません（必要なら再表示してください）".into(),
            )),
            SheetOutcome::Unreadable(e) => out.push(
                d(Severity::Error, Code::UnreadableFile, e.to_string())
                    .with_detail(e.detail().map(str::to_owned)),
            ),
            _ => {}
        }
    }
}

/// The sheets of a file with tables that are neither a table nor a 個票 (a cover, notes, an
/// example of how to fill the form in), in one line: a workbook of fifteen 個票 and a cover is
/// one finding, not one a sheet.
fn skipped_sheets(file: &SourceFile) -> Option<Diagnostic> {
    let skipped: Vec<(&String, &SheetOutcome)> = file
        .sheets
        .iter()
        .filter(|(_, outcome)| matches!(outcome, SheetOutcome::NoTable { .. } | SheetOutcome::Example { .. }))
        .map(|(sheet, outcome)| (sheet, outcome))
        .collect();
    let warning = |message: String| Diagnostic::file(Severity::Warning, Code::NoTable, &file.path, message);
    match skipped.as_slice() {
        [] => None,
        [(sheet, SheetOutcome::Example { rows })] => Some(
            warning(format!("記入例のシートのため、このシートの {rows} 行は読み込みません")).in_sheet(sheet),
        ),
        [(sheet, SheetOutcome::NoTable { rows })] => Some(
            warning(format!("見出し行が見つからないため、このシートの {rows} 行は読み込みません"))
                .in_sheet(sheet),
        ),
        many => {
            let sheets: Vec<String> = many
                .iter()
                .map(|(sheet, outcome)| match outcome {
                    SheetOutcome::Example { rows } => format!("「{sheet}」（記入例、{rows} 行）"),
                    SheetOutcome::NoTable { rows } => format!("「{sheet}」（{rows} 行）"),
                    _ => format!("「{sheet}」"),
                })
                .collect();
            Some(warning(format!(
                "表も個票も見つからないシートと記入例のシートは読み込みません：{}",
                sheets.join("、")
            )))
        }
    }
}

fn no_table_message() -> String {
    format!(
        "表が見つかりません（先頭 {} 行以内に「項目」「内容」などの列名が2つ以上並ぶ見出し行が必要です）",
        crate::import::header::MAX_HEADER_ROW
    )
}

/// Columns a table must have for its role.
fn table_rules(file: &SourceFile, table: &Table, defines_items: bool, out: &mut Vec<Diagnostic>) {
    let path = file.path.as_str();
    if let Some(form) = &table.form {
        forms::rules(file, table, form, defines_items, out);
        return cut_cells(path, table, out);
    }
    let mut required: Vec<Field> = Vec::new();
    if table.is_opinions() {
        // An opinions sheet needs only its key (No or 項目) and an opinion: it has them.
    } else if defines_items {
        // An item is known by its No, else its 内容: 項目 is needed only where neither is.
        required.push(Field::Content);
        if !table.has(Field::No) && !table.has(Field::Content) {
            required.push(Field::Name);
        }
    } else if !table.has(Field::Name) && !table.has(Field::No) && !table.has(Field::Content) {
        required.push(Field::Name);
    }
    if table.is_progress() || !defines_items && !table.is_opinions() {
        required.extend([Field::Grade, Field::Results, Field::NextSteps]);
    }
    let first_col = table.header.columns.first().map_or(0, |(_, c)| *c);
    for column in required.into_iter().filter(|c| !table.has(*c)) {
        // A department's sheet read without --plan lacks the plan's 内容: say what to do.
        // Else, where to see how each column was read.
        let hint = match column == Field::Content && defines_items && table.is_progress() {
            true => "。部署の進捗報告なら、--plan で計画のファイルを指定してください".to_string(),
            false => format!("。各列をどう読んだかは kyodo inspect {path} で確かめられます"),
        };
        let mut d = Diagnostic::file(
            Severity::Error,
            Code::MissingColumn,
            path,
            format!("列「{}」がありません（見出し行：{}行目）{hint}", column.label(), table.header.row + 1),
        )
        .in_sheet(&table.sheet);
        d.cell = Some(CellRef { row: table.header.row, col: first_col });
        out.push(d);
    }
    outside_rows(path, table, out);
    cut_cells(path, table, out);
}

/// Rows whose only texts stand in columns without a header: they are not read, so say where.
fn outside_rows(path: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    for row in &table.rows {
        if let RowKind::Outside(cell) = &row.kind {
            let text = crate::text::shorten(&cell.text, 40);
            let message = format!("見出しのない列にだけ書かれた行は読み込みません（「{text}」）");
            out.push(in_cell(path, table, cell.cell_ref(), Severity::Warning, Code::OutsideTable, message));
        }
    }
}

/// Cells the import cut to their first [`MAX_CELL_CHARS`] characters.
fn cut_cells(path: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    for cut in &table.cut {
        let message = format!(
            "セルの文字数が多すぎます（{} 文字、上限 {MAX_CELL_CHARS} 文字）。先頭の {MAX_CELL_CHARS} 文字だけを読みました",
            cut.chars
        );
        let cell = CellRef { row: cut.row, col: cut.col };
        out.push(in_cell(path, table, cell, Severity::Error, Code::TextTooLong, message));
    }
}

/// A finding about one cell of a table's sheet.
fn in_cell(
    path: &str,
    table: &Table,
    cell: CellRef,
    severity: Severity,
    code: Code,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::file(severity, code, path, message).in_sheet(&table.sheet);
    d.cell = Some(cell);
    d
}

fn item_rules(item: &Item, config: &Config, with_plan: bool, out: &mut Vec<Diagnostic>) {
    let label = item.label();
    // Only columns the item's table has: a missing column is one missing-column error, not a
    // blank on every row.
    let required: Vec<Field> = [Field::Name, Field::Content, Field::Mark, Field::Actors, Field::Departments]
        .into_iter()
        .filter(|c| item.columns.iter().any(|(k, _)| k == c))
        .collect();
    for column in required {
        if item.field(column).is_none() {
            missing_field(&item.columns, &item.at, column, &label, out);
        }
    }
    if let Some(mark) = &item.mark {
        if config.mark(&mark.value).is_none() {
            let marks: Vec<&str> = config.marks.iter().map(|(m, _)| m.as_str()).collect();
            out.push(at(
                &mark.at,
                Severity::Error,
                Code::InvalidValue,
                Some(label.clone()),
                format!("区分「{}」は {} のいずれでもありません", mark.value, marks.join("・")),
            ));
        }
    }
    if let Some(first) = &item.duplicate_of {
        out.push(at(
            &item.at,
            Severity::Error,
            Code::DuplicateItem,
            Some(label.clone()),
            format!("同じ項目がすでにあります（{}:{}!{}）", first.file, first.sheet, first.cell_ref()),
        ));
    }
    for text in [&item.no, &item.mark, &item.name, &item.content, &item.actors, &item.departments]
        .into_iter()
        .flatten()
    {
        glyph_rule(text, Some(&label), out);
    }
    for p in &item.progress {
        progress_rules(p, &label, config, out);
        if with_plan {
            reports::renamed(item, p, out);
        }
    }
}

fn progress_rules(p: &Progress, label: &str, config: &Config, out: &mut Vec<Diagnostic>) {
    for column in [Field::Grade, Field::Results, Field::NextSteps] {
        if p.field(column).is_none() && p.columns.iter().any(|(c, _)| *c == column) {
            missing_field(&p.columns, &p.at, column, label, out);
        }
    }
    if let Some(grade) = &p.grade {
        if config.grade(&grade.value).is_none() {
            out.push(at(
                &grade.at,
                Severity::Error,
                Code::InvalidValue,
                Some(label.to_string()),
                format!("評価「{}」は {} のいずれでもありません", grade.value, config.grade_codes()),
            ));
        }
    }
    for column in [Field::Grade, Field::Status, Field::Results, Field::Issues, Field::NextSteps] {
        if let Some(text) = p.field(column) {
            glyph_rule(text, Some(label), out);
        }
    }
    earlier_grades(p, label, config, out);
}

/// An earlier year's grade in a column group off the scale: a warning, as the trend prints it
/// as written (the year is past, its sheet may not be the department's to correct).
fn earlier_grades(p: &Progress, label: &str, config: &Config, out: &mut Vec<Diagnostic>) {
    for (year, earlier) in &p.earlier {
        let Some(grade) = earlier.grade.as_ref().filter(|g| config.grade(&g.value).is_none()) else {
            continue;
        };
        let message = format!(
            "{}の評価「{}」は {} のいずれでもありません（経年の評価には記入のまま載せます）",
            crate::text::wareki::fiscal_year_label(*year),
            grade.value,
            config.grade_codes()
        );
        out.push(at(&grade.at, Severity::Warning, Code::InvalidValue, Some(label.to_string()), message));
    }
}

fn missing_field(
    columns: &[(Field, u32)],
    row: &Source,
    column: Field,
    label: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut d = at(
        row,
        Severity::Error,
        Code::MissingField,
        Some(label.to_string()),
        format!("{}が空欄です", column.label()),
    );
    d.cell = cell_of(columns, row, column);
    out.push(d);
}

/// Characters the bundled font cannot draw: printed as 〓, so the office must know.
fn glyph_rule(text: &Text, label: Option<&str>, out: &mut Vec<Diagnostic>) {
    let missing = fonts::missing_chars(&text.value);
    if missing.is_empty() {
        return;
    }
    let chars: Vec<String> = missing.iter().map(|c| format!("「{c}」(U+{:04X})", *c as u32)).collect();
    out.push(at(
        &text.at,
        Severity::Warning,
        Code::MissingGlyph,
        label.map(str::to_string),
        format!("{} は報告書の書体にない文字です（{} で印字されます）", chars.join("、"), fonts::MISSING),
    ));
}

fn at(source: &Source, severity: Severity, code: Code, item: Option<String>, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        file: source.file.to_string(),
        input: Some(source.input.clone()),
        sheet: Some(source.sheet.to_string()),
        cell: Some(source.cell_ref()),
        item,
        message,
        detail: None,
    }
}

/// Input order: file as given, sheet as in the workbook, then row and column.
fn sort(out: &mut [Diagnostic], inputs: &Inputs) {
    let files: Vec<&SourceFile> = inputs.plan.iter().chain(inputs.progress).collect();
    let position = |d: &Diagnostic| {
        let fi = files.iter().position(|f| d.is_in(&f.id)).unwrap_or(usize::MAX);
        let si = d.sheet.as_ref().and_then(|s| files.get(fi)?.sheets.iter().position(|(n, _)| n == s));
        let (row, col) = d.cell.map_or((0, 0), |c| (c.row, c.col));
        (fi, si.map_or(0, |i| i + 1), row, col)
    };
    out.sort_by_key(|d| position(d));
}
