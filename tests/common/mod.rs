//! Spreadsheet fixtures for the tests, the sample generator and the benchmarks: real workbooks
//! written with rust_xlsxwriter, and the plan of seed 002 (対馬市 市民協働(共働)推進アクションプラン).
#![allow(dead_code)]

pub mod seed;

use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// A sheet to write: rows of cell texts and merged ranges (rows and columns zero-based,
/// inclusive). The text of a merge is the one at its top-left in `rows`.
#[derive(Default, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub hidden: bool,
    /// Cells written as numbers where the text parses as one (as Excel users type No).
    pub numbers: bool,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet { name: name.to_string(), ..Sheet::default() }
    }

    /// Appends a row; returns its zero-based index.
    pub fn row(&mut self, cells: &[&str]) -> u32 {
        self.rows.push(cells.iter().map(|c| c.to_string()).collect());
        self.rows.len() as u32 - 1
    }

    fn merged_away(&self, r: u32, c: u16) -> bool {
        self.merges
            .iter()
            .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c) && (r, c) != (r0, c0))
    }
}

/// Writes sheets to an .xlsx file.
pub fn write_xlsx(path: &Path, sheets: &[Sheet]) {
    let mut book = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    for spec in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&spec.name).unwrap();
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if text.is_empty() || spec.merged_away(r, c) {
                    continue;
                }
                match text.parse::<f64>() {
                    Ok(n) if spec.numbers => ws.write_number_with_format(r, c, n, &wrap).unwrap(),
                    _ => ws.write_string_with_format(r, c, text, &wrap).unwrap(),
                };
            }
        }
        for &(r0, c0, r1, c1) in &spec.merges {
            let text =
                spec.rows.get(r0 as usize).and_then(|row| row.get(c0 as usize)).cloned().unwrap_or_default();
            ws.merge_range(r0, c0, r1, c1, &text, &wrap).unwrap();
        }
        ws.set_column_width(0, 8).unwrap();
        ws.set_column_range_width(1, 6, 30).unwrap();
        if spec.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path).unwrap();
}

/// A fresh, empty folder for one test: `kyodo-<suite>-<pid>-<name>` in the temp directory.
pub fn tempdir(suite: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kyodo-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes rows as CSV, in UTF-8 (with a BOM, as Excel does) or in Shift_JIS.
pub fn write_csv(path: &Path, rows: &[Vec<String>], shift_jis: bool) {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let bytes = if shift_jis {
        encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
    } else {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(text.as_bytes());
        b
    };
    std::fs::write(path, bytes).unwrap();
}
