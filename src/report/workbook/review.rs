//! 要確認: every diagnostic of the check, one a row; the writer adds its own findings below
//! (a cell too long for Excel), and a sheet with nothing to check says so.

use super::{Styles, ITEM_BUDGET};
use crate::diag::{Diagnostic, Severity};
use crate::report::sheet::{ColumnSpec, Print, Sheet, SheetCell, Table};
use crate::report::Report;
use std::borrow::Cow;

/// The sheet's name.
pub const NAME: &str = "要確認";

/// 要確認: every diagnostic (the writer's findings follow).
pub(crate) fn sheet<'a>(report: &'a Report, styles: &Styles, title: &str) -> Sheet<'a> {
    let columns = vec![
        ColumnSpec::new("重要度", 6.0, 8.0),
        ColumnSpec::new("ファイル", 12.0, 30.0),
        ColumnSpec::new("シート", 8.0, 16.0),
        ColumnSpec::new("セル", 5.0, 12.0),
        ColumnSpec::new("項目", 14.0, 28.0),
        ColumnSpec::new("内容", 30.0, 70.0),
        ColumnSpec::new("コード", 10.0, 16.0),
    ];
    let rows: Vec<Vec<SheetCell>> =
        report.diagnostics.iter().map(|d| row(diagnostic_line(d), styles)).collect();
    let mut placeholder: Vec<SheetCell> = columns.iter().map(|_| SheetCell::blank(styles.body)).collect();
    placeholder[5] = SheetCell::text("確認が必要な点はありません。", styles.body);
    let table = Table {
        budget: ITEM_BUDGET,
        placeholder: Some(placeholder),
        ..Table::new(0, columns, styles.header, rows)
    };
    let print = Print { title: title.to_string(), label: NAME.into(), repeat_header: true };
    Sheet { filter: true, freeze: true, ..Sheet::new(NAME, table, print) }
}

/// A diagnostic as the cells of a 要確認 row: severity, file, sheet, cell, item, message, code.
fn diagnostic_line(d: &Diagnostic) -> [Cow<'_, str>; 7] {
    let severity = match d.severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
    };
    let code = serde_json::to_value(d.code).ok().and_then(|v| v.as_str().map(str::to_string));
    let opt = |t: &Option<String>| Cow::Owned(t.clone().unwrap_or_default());
    [
        Cow::Borrowed(severity),
        Cow::Borrowed(d.file.as_str()),
        opt(&d.sheet),
        Cow::Owned(d.cell.map(|c| c.to_string()).unwrap_or_default()),
        opt(&d.item),
        Cow::Borrowed(d.message.as_str()),
        Cow::Owned(code.unwrap_or_default()),
    ]
}

fn row<'a>(line: [Cow<'a, str>; 7], styles: &Styles) -> Vec<SheetCell<'a>> {
    line.into_iter()
        .enumerate()
        .map(|(i, text)| SheetCell::text(text, if i == 0 { styles.center } else { styles.body }))
        .collect()
}
