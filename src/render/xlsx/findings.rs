//! What the writer had to do to the report for Excel, listed on the review sheet (要確認) as
//! 参考: every cell too long for Excel's 32,767 characters, continued in the rows below.

use super::table::{Written, CONTINUED, MAX_CELL};
use crate::report::sheet::{Findings, SheetCell, Table};
use std::borrow::Cow;

/// A row per cell of `table` (written on sheet `name`) continued in the rows below, in the
/// review sheet's columns: severity, file, sheet, cells, item, message, code.
pub fn rows(
    name: &str,
    table: &Table,
    written: &Written,
    findings: &Findings,
) -> Vec<Vec<SheetCell<'static>>> {
    written
        .splits
        .iter()
        .map(|split| {
            let first = crate::text::a1(split.row, u32::from(split.col));
            let last = crate::text::a1(split.row + split.parts as u32 - 1, u32::from(split.col));
            let message = format!(
                "{}は {} 字あり、Excel の 1 セルの上限（{} 字）を超えるため、{first}:{last} の {} 行に分けて書きました（続きの行は A 列が「{}」）",
                table.columns[usize::from(split.col)].title,
                group_digits(split.chars),
                group_digits(MAX_CELL),
                split.parts,
                CONTINUED
            );
            let item = table.subjects.get(split.index).cloned().unwrap_or_default();
            let line: [Cow<'static, str>; 7] = [
                "参考".into(),
                "".into(),
                name.to_string().into(),
                format!("{first}:{last}").into(),
                item.into(),
                message.into(),
                "split-cell".into(),
            ];
            line.into_iter()
                .enumerate()
                .map(|(i, text)| SheetCell::text(text, if i == 0 { findings.first } else { findings.rest }))
                .collect()
        })
        .collect()
}

/// 40000 → 「40,000」 (the one notation's grouping).
fn group_digits(n: usize) -> String {
    crate::text::notation::grouped(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_grouped() {
        assert_eq!(group_digits(40_000), "40,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }
}
