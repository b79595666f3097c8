//! Opinions from a separate sheet (委員会意見, 所属長コメント keyed by No or 項目), printed under
//! their items and listed in the workbook.

mod common;

use common::{kyodo, pdf_text, read_workbook, sheet, tempdir, write_small_plan, write_xlsx, Sheet};
use std::path::{Path, PathBuf};

/// A plan of three items, 企画課's progress on all three and `opinions` as its own workbook.
fn sample(dir: &Path, opinions: &[&[&str]]) -> (PathBuf, PathBuf) {
    sample_reporting(dir, opinions, 3)
}

/// [`sample`] with 企画課 reporting on the first `reported` items only.
fn sample_reporting(dir: &Path, opinions: &[&[&str]], reported: usize) -> (PathBuf, PathBuf) {
    let plan_path = write_small_plan(dir, "令和6年度 市民協働推進アクションプラン");
    let inputs = dir.join("returned");
    std::fs::create_dir_all(&inputs).unwrap();
    let mut progress = Sheet::new("進捗状況");
    progress.row(&["令和6年度 進捗状況報告"]);
    progress.row(&["部署名", "企画課"]);
    progress.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    let reports: [[&str; 5]; 3] = [
        ["1", "広報の充実", "A", "広報紙に毎月掲載した。", "継続"],
        ["2", "窓口の案内", "B", "案内窓口を開いた。", "継続"],
        ["3", "協働事業の募集", "B", "2件を採択した。", "拡充"],
    ];
    for row in &reports[..reported] {
        progress.row(row);
    }
    write_xlsx(&inputs.join("企画課.xlsx"), &[progress]);
    let mut sheet = Sheet::new("委員会意見");
    sheet.row(&["令和6年度 市民参画・協働推進検討委員会 意見"]);
    for row in opinions {
        sheet.row(row);
    }
    write_xlsx(&inputs.join("委員会意見.xlsx"), &[sheet]);
    (plan_path, inputs)
}

const OPINIONS: [&[&str]; 4] = [
    &["No", "項目", "所属長コメント", "委員会意見"],
    &["1", "広報の充実", "", "紙面の読者調査を勧める。"],
    // Keyed by 項目 alone.
    &["", "窓口の案内", "案内の表示を増やしたい。", "休日の窓口を検討されたい。"],
    &["", "", "", ""],
];

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_opinions_sheet_keyed_by_no_or_name() {
    let dir = tempdir("opinions", "sheet");
    let (plan, inputs) = sample(&dir, &OPINIONS);
    let check = kyodo(&["check", "--plan", s(&plan), s(&inputs)]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("+ 意見の行 2"), "every opinions row accounted for: {}", check.stdout);
    let out = dir.join("out");
    let run =
        kyodo(&["report", "--kind", "all", "--format", "all", "--plan", s(&plan), "-o", s(&out), s(&inputs)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["official.pdf", "committee.pdf"] {
        let text = pdf_text(&out.join(file));
        let at = |t: &str| text.find(t).unwrap_or_else(|| panic!("{t} missing in {file}: {text}"));
        let first = at("広報紙に毎月掲載した。");
        let opinion = at("委員会意見紙面の読者調査を勧める。");
        let second = at("案内窓口を開いた。");
        let comment = at("所属長コメント案内の表示を増やしたい。");
        let opinion2 = at("委員会意見休日の窓口を検討されたい。");
        assert!(first < opinion && opinion < second && second < comment && comment < opinion2, "{file}");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let header = list.iter().find(|r| r.iter().any(|c| c == "項目")).expect("一覧 header");
    let col = |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}"));
    let row = |name: &str| list.iter().find(|r| r.iter().any(|c| c == name)).unwrap();
    assert_eq!(row("広報の充実")[col("委員会意見")], "紙面の読者調査を勧める。");
    assert_eq!(row("窓口の案内")[col("所属長コメント")], "案内の表示を増やしたい。");
    assert_eq!(row("協働事業の募集")[col("委員会意見")], "");
}

#[test]
fn an_opinion_on_no_plan_item_is_an_error_naming_its_row() {
    let dir = tempdir("opinions", "unknown");
    let rows: [&[&str]; 2] = [&["No", "項目", "委員会意見"], &["9", "存在しない項目", "検討されたい。"]];
    let (plan, inputs) = sample(&dir, &rows);
    let check = kyodo(&["check", "--plan", s(&plan), s(&inputs)]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("委員会意見.xlsx:委員会意見!B3: 計画にない項目への意見です"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_opinion_on_an_item_nobody_reported_is_printed_all_the_same() {
    let dir = tempdir("opinions", "unreported");
    let rows: [&[&str]; 2] =
        [&["No", "項目", "委員会意見"], &["3", "協働事業の募集", "来年度は募集を広げられたい。"]];
    let (plan, inputs) = sample_reporting(&dir, &rows, 2);
    let out = dir.join("out");
    let run = kyodo(&["report", "--force", "--format", "all", "--plan", s(&plan), "-o", s(&out), s(&inputs)]);
    assert_eq!(run.code, 1, "item 3 is 未提出: {}", run.stderr);
    let text = pdf_text(&out.join("official.pdf"));
    let unreported = text.find("協働事業の募集").unwrap();
    let opinion = text.find("委員会意見来年度は募集を広げられたい。").expect("the opinion printed");
    assert!(unreported < opinion, "{text}");
    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let header = list.iter().find(|r| r.iter().any(|c| c == "項目")).expect("一覧 header");
    let col = |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}"));
    let row = list.iter().find(|r| r.iter().any(|c| c == "協働事業の募集")).unwrap();
    assert_eq!(row[col("評価")], "未提出");
    assert_eq!(row[col("委員会意見")], "来年度は募集を広げられたい。");
}
