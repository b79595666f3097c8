//! Sheets laid out the way other cities publish their 進行管理シート: headers of two or three
//! rows with year groups, grades written as phrases, items without 項目, years in a header's
//! own text. Each test writes its fixture and asserts on `check --format json` and on the
//! reports.

mod common;

use common::{kyodo, read_workbook, report_with, sheet, tempdir, write_xlsx, Sheet};
use serde_json::Value;
use std::path::Path;

/// A scale of phrases as a city writes it in its settings (公用文: どおり, おおむね).
const PHRASES: [(&str, &str); 4] = [
    ("計画どおりに進んでいる", "計画どおりに進んでいる"),
    ("おおむね計画どおりに進んでいる", "おおむね計画どおりに進んでいる"),
    ("計画より遅れている", "計画より遅れている"),
    ("未着手", "未着手"),
];

/// Settings giving the grading scale `steps` (code, label).
fn scale(steps: &[(&str, &str)]) -> String {
    let steps: Vec<String> = steps
        .iter()
        .map(|(code, label)| format!("  {{ code = \"{code}\", label = \"{label}\" }},"))
        .collect();
    format!("[grades]\nscale = [\n{}\n]\n", steps.join("\n"))
}

fn check_json(dir: &Path, settings: &str, inputs: &[&Path]) -> (i32, Value) {
    let toml = dir.join("check.toml");
    std::fs::write(&toml, settings).unwrap();
    let mut args =
        vec![Path::new("--config"), &toml, Path::new("check"), Path::new("--format"), Path::new("json")];
    args.extend_from_slice(inputs);
    let run = kyodo(&args);
    (run.code, serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout)))
}

fn diagnostics<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

/// 推進方策 | 目標 | No | 担当課 | 取組内容 | 年度別計画 (令和5〜8年度) | 令和5年度 {進捗状況, 実績,
/// 次年度へ向けた取組} | 令和6年度 {進捗状況, 実績, 課題, 次年度へ向けた取組}: group names merged
/// over their sub-headers, the single columns merged down, no 項目.
fn management_sheet() -> Sheet {
    let mut s = Sheet::new("進行管理シート");
    s.row(&["市民協働推進アクションプラン 進行管理シート"]);
    s.row(&[
        "推進方策",
        "目標",
        "No",
        "担当課",
        "取組内容",
        "年度別計画",
        "",
        "",
        "",
        "令和5年度",
        "",
        "",
        "令和6年度",
    ]);
    s.row(&[
        "",
        "",
        "",
        "",
        "",
        "令和5年度",
        "令和6年度",
        "令和7年度",
        "令和8年度",
        "進捗状況",
        "実績",
        "次年度へ向けた取組",
        "進捗状況",
        "実績",
        "課題",
        "次年度へ向けた取組",
    ]);
    s.row(&[
        "1 情報を届ける",
        "市の取組を知らせる",
        "1",
        "企画課",
        "広報紙で知らせます。",
        "実施",
        "実施",
        "実施",
        "実施",
        "概ね計画通りに進んでいる",
        "広報紙を12回発行した。",
        "継続",
        "計画通りに進んでいる",
        "広報紙を12回発行し、SNSも始めた。",
        "若い世代に届かない。",
        "拡充",
    ]);
    s.row(&[
        "",
        "",
        "2",
        "市民課",
        "窓口で案内します。",
        "検討",
        "実施",
        "実施",
        "実施",
        "計画より遅れている",
        "案内板を作った。",
        "継続",
        "おおむね計画どおりに進んでいる",
        "案内係を置いた。",
        "人手が足りない。",
        "継続",
    ]);
    s.row(&[
        "2 ともに進める",
        "協働事業を広げる",
        "3",
        "企画課",
        "協働事業を募ります。",
        "準備",
        "実施",
        "実施",
        "実施",
        "未着手",
        "",
        "継続",
        "順調",
        "2件を採択した。",
        "応募が少ない。",
        "改善",
    ]);
    for c in 0..5 {
        s.merges.push((1, c, 2, c));
    }
    s.merges.extend([(1, 5, 1, 8), (1, 9, 1, 11), (1, 12, 1, 15), (3, 0, 4, 0), (3, 1, 4, 1)]);
    s
}

#[test]
fn two_header_rows_with_year_groups_and_grades_in_words() {
    let dir = tempdir("cities", "management");
    let path = dir.join("進行管理シート.xlsx");
    write_xlsx(&path, &[management_sheet()]);
    let (_, json) = check_json(&dir, &scale(&PHRASES), &[&path]);
    assert_eq!(json["items"], 3, "the sub-header row is no item: {json:#}");
    assert_eq!(json["summary"]["rows"]["read"], 3, "{json:#}");
    assert!(diagnostics(&json, "missing-column").is_empty(), "{json:#}");
    // 「順調」 is no step of the scale: the 令和6年度 進捗状況 of No 3 (M6) is flagged.
    let invalid = diagnostics(&json, "invalid-value");
    assert_eq!(invalid.len(), 1, "{json:#}");
    assert_eq!(invalid[0]["cell"], "M6", "{json:#}");

    let out = dir.join("out");
    let toml = dir.join("check.toml");
    let args = [&toml, Path::new("report"), Path::new("--force")];
    let run = kyodo(
        &[&[Path::new("--config")][..], &args[..], &common::every_report(&out, &[&path])[1..]].concat(),
    );
    assert_eq!(run.code, 1, "made with the invalid grade marked: {}", run.stderr);
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(cells.iter().any(|c| c.contains("広報紙を12回発行し、SNSも始めた。")), "令和6年度's 実績");
    assert!(
        !cells.iter().any(|c| c.as_str() == "広報紙を12回発行した。"),
        "令和5年度's is no report of this year"
    );
    assert!(!cells.iter().any(|c| c.contains("（未記入）") && c.contains("取組内容")));
    // The earlier year group is last year's report: the trend comes from the one sheet.
    let years = sheet(&book, "経年");
    assert!(years.iter().any(|r| r[0].contains("情報を届ける") && r[1] == "令和5年度"), "{years:?}");
    assert!(years.iter().any(|r| r[0].contains("情報を届ける") && r[1] == "令和6年度"), "{years:?}");
    // The plan's schedule (年度別計画) is never progress: 「実施」 is read as no grade anywhere.
    assert!(!cells.iter().any(|c| c.as_str() == "実施※"), "{cells:?}");
}

#[test]
fn a_year_in_a_headers_own_text() {
    let dir = tempdir("cities", "own-year");
    let mut s = Sheet::new("進捗管理表");
    s.row(&[
        "事業名",
        "担当課",
        "事業内容",
        "令和6年度の計画",
        "令和6年度の実績",
        "達成状況",
        "今後の方向性",
    ]);
    s.row(&["広報の充実", "企画課", "広報紙で知らせます。", "12回発行", "12回発行した。", "◎", "継続"]);
    s.row(&["窓口の案内", "市民課", "窓口で案内します。", "案内係", "案内係を置いた。", "○", "継続"]);
    let path = dir.join("進捗管理表.xlsx");
    write_xlsx(&path, &[s]);
    let settings = scale(&[("◎", "計画以上"), ("○", "計画どおり"), ("△", "一部遅れ"), ("×", "未実施")]);
    let (_, json) = check_json(&dir, &settings, &[&path]);
    assert_eq!(json["items"], 2, "{json:#}");
    assert!(diagnostics(&json, "missing-column").is_empty(), "「令和6年度の実績」 is 実績: {json:#}");
    let out = report_with(&dir, &settings, &path, &[]);
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(cells.iter().any(|c| c.as_str() == "12回発行した。"), "{cells:?}");
    assert!(!cells.iter().any(|c| c.as_str() == "12回発行"), "the plan of the year is not its 実績");
    assert!(cells.iter().any(|c| c.contains("令和6年度")), "the year read from the header");
}

#[test]
fn three_header_rows_and_years_repeated_above_their_columns() {
    let dir = tempdir("cities", "three-rows");
    let mut s = Sheet::new("進捗");
    s.row(&["No", "項目", "内容", "関係部署", "進捗管理", "", "", "", "今後の方向性"]);
    s.row(&["", "", "", "", "R5", "R5", "令和6年度", "令和6年度"]);
    s.row(&["", "", "", "", "評価", "実績", "評価", "実績"]);
    s.row(&[
        "1",
        "広報の充実",
        "広報紙で知らせます。",
        "企画課",
        "B",
        "発行した。",
        "A",
        "毎月発行した。",
        "継続",
    ]);
    s.merges.extend([(0, 4, 0, 7), (0, 8, 2, 8)]);
    let path = dir.join("進捗.xlsx");
    write_xlsx(&path, &[s]);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!(json["items"], 1, "{json:#}");
    assert_eq!(json["summary"]["rows"]["read"], 1, "{json:#}");
    assert!(diagnostics(&json, "missing-column").is_empty(), "{json:#}");
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn items_without_a_name_are_known_by_no_then_content() {
    let dir = tempdir("cities", "no-name");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "取組内容", "担当課"]);
    plan.row(&["1", "広報紙で知らせます。", "企画課"]);
    plan.row(&["2", "窓口で案内します。", "企画課"]);
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let mut report = Sheet::new("報告");
    report.row(&["令和6年度 進捗状況報告"]);
    report.row(&["部署名", "企画課"]);
    report.row(&["No", "取組内容", "評価", "実績", "今後の方向性"]);
    report.row(&["1", "広報紙で知らせます。", "A", "12回発行した。", "継続"]);
    report.row(&["", "窓口で案内します。", "B", "案内係を置いた。", "継続"]);
    let report_path = dir.join("企画課.xlsx");
    write_xlsx(&report_path, &[report]);
    let (code, json) = check_json(&dir, "", &[Path::new("--plan"), &plan_path, &report_path]);
    assert_eq!(json["items"], 2, "{json:#}");
    assert_eq!(json["summary"]["rows"]["reports"], 2, "by No, then by 内容: {json:#}");
    assert!(diagnostics(&json, "missing-column").is_empty(), "{json:#}");
    assert!(diagnostics(&json, "unknown-item").is_empty(), "{json:#}");
    assert_eq!(code, 0, "{json:#}");
    let out = report_with(&dir, "", &report_path, &["--plan".as_ref(), plan_path.as_ref()]);
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(cells.iter().any(|c| c.as_str() == "案内係を置いた。"), "{cells:?}");
    assert!(!cells.iter().any(|c| c.contains("未記入")), "no column of blanks for 項目: {cells:?}");
}

#[test]
fn inspect_tells_how_each_sheet_and_column_was_read() {
    let dir = tempdir("cities", "inspect");
    let path = dir.join("進行管理シート.xlsx");
    let mut notes = Sheet::new("記入要領");
    notes.row(&["この様式に記入してください"]);
    write_xlsx(&path, &[management_sheet(), notes]);
    let toml = dir.join("kyodo.toml");
    std::fs::write(&toml, scale(&PHRASES)).unwrap();
    let run = kyodo(&[Path::new("inspect"), Path::new("--format"), Path::new("json"), &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["name"], "進行管理シート");
    assert_eq!(sheet["layout"], "table");
    assert_eq!(sheet["header_rows"], serde_json::json!([2, 3]), "{sheet:#}");
    assert_eq!((sheet["items"].as_u64(), sheet["reports"].as_u64()), (Some(3), Some(3)), "{sheet:#}");
    let column = |letter: &str| {
        sheet["columns"].as_array().unwrap().iter().find(|c| c["column"] == letter).cloned().unwrap()
    };
    assert_eq!(
        column("M"),
        serde_json::json!({"column": "M", "header": "令和6年度／進捗状況", "role": "grade", "year": "令和6年度",
            "note": "値が評価の区分にあるため、評価として読みます"})
    );
    assert_eq!(column("J")["header"], "令和5年度／進捗状況");
    assert_eq!(
        (column("J")["role"].as_str(), column("J")["year"].as_str()),
        (Some("grade"), Some("令和5年度"))
    );
    assert_eq!(column("F")["header"], "年度別計画／令和5年度");
    assert_eq!(column("F")["role"], "schedule");
    assert_eq!(column("E")["role"], "content");
    let skipped = &json["files"][0]["sheets"][1];
    assert_eq!((skipped["name"].as_str(), skipped["layout"].as_str()), (Some("記入要領"), Some("skipped")));

    // Without the city's scale, 進捗状況 is no grade: the text says which line would make it one,
    // and the check's missing column points to inspect.
    std::fs::remove_file(&toml).unwrap();
    let run = kyodo(&[Path::new("inspect"), &path]);
    assert!(run.stdout.contains("M 「令和6年度／進捗状況」 → 進捗状況（令和6年度）"), "{}", run.stdout);
    assert!(run.stdout.contains("[columns] grade = [\"進捗状況\"]"), "{}", run.stdout);
    assert!(run.stdout.contains("見出し行 2・3行目"), "{}", run.stdout);
    let (_, json) = check_json(&dir, "", &[&path]);
    let missing = diagnostics(&json, "missing-column");
    assert_eq!(missing.len(), 1, "{json:#}");
    assert!(missing[0]["message"].as_str().unwrap().contains("kyodo inspect"), "{json:#}");
}

#[test]
fn reported_values_without_an_indicator_name_fill_the_plans_indicator() {
    let dir = tempdir("cities", "indicators");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "項目", "内容", "関係部署", "指標", "基準値", "目標値"]);
    plan.row(&["1", "講座の開催", "講座を開きます。", "企画課", "参加者数", "10", "50"]);
    plan.row(&["2", "窓口の案内", "窓口で案内します。", "企画課", "案内件数", "0", "100"]);
    plan.row(&["", "", "", "", "満足度", "50", "80"]);
    plan.row(&["3", "協働事業", "協働事業を募ります。", "市民課", "応募件数", "0", "10"]);
    plan.row(&["", "", "", "", "採択件数", "0", "4"]);
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let mut planning = Sheet::new("報告");
    planning.row(&["令和6年度 進捗状況報告"]);
    planning.row(&["部署名", "企画課"]);
    planning.row(&["No", "項目", "評価", "実績", "今後の方向性", "実績値"]);
    planning.row(&["1", "講座の開催", "B", "講座を3回開いた。", "継続", "30"]);
    planning.row(&["2", "窓口の案内", "A", "案内係を置いた。", "継続", "60"]);
    let mut citizens = Sheet::new("報告");
    citizens.row(&["令和6年度 進捗状況報告"]);
    citizens.row(&["部署名", "市民課"]);
    citizens.row(&["No", "項目", "評価", "実績", "今後の方向性", "実績値1", "実績値2"]);
    citizens.row(&["3", "協働事業", "A", "2件を採択した。", "継続", "7", "2"]);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    write_xlsx(&progress.join("企画課.xlsx"), &[planning]);
    write_xlsx(&progress.join("市民課.xlsx"), &[citizens]);
    let (_, json) = check_json(&dir, "", &[Path::new("--plan"), &plan_path, &progress]);
    let unclear = diagnostics(&json, "indicator-unclear");
    assert_eq!(unclear.len(), 1, "No 2 has two indicators and the report names neither: {json:#}");
    assert_eq!(unclear[0]["cell"], "F5", "{json:#}");
    assert!(unclear[0]["message"].as_str().unwrap().contains("案内件数、満足度"), "{json:#}");
    let out = report_with(&dir, "", &progress, &["--plan".as_ref(), plan_path.as_ref()]);
    let book = read_workbook(&out.join("official.xlsx"));
    let rows: Vec<&Vec<String>> = book.iter().flat_map(|(_, rows)| rows.iter()).collect();
    let has = |name: &str, value: &str| {
        rows.iter().any(|r| r.iter().any(|c| c == name) && r.iter().any(|c| c == value))
    };
    assert!(has("参加者数", "30"), "the plan's only indicator filled: {rows:?}");
    assert!(has("応募件数", "7") && has("採択件数", "2"), "実績値1 → 指標1, 実績値2 → 指標2: {rows:?}");
    assert!(!rows.iter().any(|r| r.iter().any(|c| c == "60")), "an unclear value fills nothing: {rows:?}");
}

/// The office's master sheet: the plan with 評価 and 実績 filled in, 関係部署 on every row.
fn master_sheet(title: &str) -> Sheet {
    let mut s = Sheet::new("計画");
    s.row(&[title]);
    s.row(&["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    s.row(&["1", "広報の充実", "広報紙で知らせます。", "企画課", "A", "毎月発行した。", "継続"]);
    s.row(&["2", "窓口の案内", "窓口で案内します。", "企画課、市民課", "B", "案内係を置いた。", "継続"]);
    s.row(&["3", "協働事業", "協働事業を募ります。", "市民課", "C", "1件を採択した。", "改善"]);
    s
}

#[test]
fn a_master_sheet_reports_for_each_rows_departments() {
    let dir = tempdir("cities", "master");
    let path = dir.join("plan_1000.xlsx");
    write_xlsx(&path, &[master_sheet("令和6年度 市民協働推進アクションプラン")]);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["items"], 3, "{json:#}");
    let out = report_with(&dir, "", &path, &[]);
    let book = read_workbook(&out.join("official.xlsx"));
    assert!(!book.iter().any(|(name, _)| name.contains("plan_1000")), "the file name is no department");
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(!cells.iter().any(|c| c.contains("plan_1000")), "{cells:?}");
    // Each department's sheet shows its rows reported (a heading and a note say 未提出 too).
    let unreported = cells.iter().filter(|c| c.as_str() == "未提出").count();
    assert_eq!(unreported, 1, "the summary's heading only: every department's rows are reported: {cells:?}");
}
