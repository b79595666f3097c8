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
        "前年度評価",
        "達成状況",
        "今後の方向性",
    ]);
    s.row(&["広報の充実", "企画課", "広報紙で知らせます。", "12回発行", "12回発行した。", "○", "◎", "継続"]);
    s.row(&["窓口の案内", "市民課", "窓口で案内します。", "案内係", "案内係を置いた。", "○", "△", "継続"]);
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
    // 「前年度評価」 is the grade of the year before (令和5年度): the trend from the one sheet.
    let years = sheet(&book, "経年");
    assert!(years.iter().any(|r| r[1] == "令和5年度"), "{years:?}");
    let html = read(&out.join("official.html"));
    assert!(html.contains("○ → ◎") && html.contains("○ → △"), "{html}");
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

/// The texts of an output file.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_title_is_the_plans_own_name_and_no_city_is_built_in() {
    let dir = tempdir("cities", "titles");
    let path = dir.join("協働のアクション.xlsx");
    write_xlsx(&path, &[master_sheet("令和4年度～令和6年度 協働のアクション")]);
    // The plan's period is no year of report, and no input states one.
    let out = dir.join("out");
    let run = kyodo(&common::every_report(&out, &[&path]));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("報告の年度が分かりません。--year 令和6 のように指定してください"),
        "{}",
        run.stderr
    );
    assert!(!out.join("official.pdf").exists(), "nothing written");

    let out = report_with(&dir, "", &path, &[Path::new("--year"), Path::new("令和6")]);
    let title = "令和6年度（2024年度） 協働のアクション 進捗状況報告書";
    assert_eq!(common::pdf_title(&out.join("official.pdf")), title);
    let pdf = common::pdf_text(&out.join("official.pdf"));
    assert!(pdf.contains("協働のアクション進捗状況報告書") && !pdf.contains("～令和6年度"), "{pdf}");
    for file in ["official.html", "committee.html", "koho.html", "koho.txt"] {
        let text = read(&out.join(file));
        assert!(!text.contains("対馬") && !text.contains("推進アクションプラン"), "{file}: {text}");
    }
    assert!(read(&out.join("official.html")).contains(title));
    for pdf in ["official.pdf", "committee.pdf", "koho.pdf"] {
        assert!(!common::pdf_text(&out.join(pdf)).contains("対馬"), "{pdf}");
    }
    let core = common::xlsx_part(&out.join("official.xlsx"), "docProps/core.xml");
    assert!(
        !core.contains("対馬") && core.contains("<dc:subject>協働のアクションの進捗状況</dc:subject>"),
        "{core}"
    );
}

#[test]
fn the_city_comes_from_the_settings_else_the_plans_title_rows() {
    let dir = tempdir("cities", "city");
    let path = dir.join("計画.xlsx");
    write_xlsx(&path, &[master_sheet("豊田市 令和6年度 市民協働推進計画")]);
    let out = report_with(&dir, "", &path, &[]);
    let pdf = common::pdf_text(&out.join("official.pdf"));
    assert!(pdf.contains("市民協働推進計画進捗状況報告書") && pdf.contains("豊田市"), "{pdf}");
    assert!(read(&out.join("official.html")).contains("豊田市"));
    let core = common::xlsx_part(&out.join("official.xlsx"), "docProps/core.xml");
    assert!(core.contains("<dc:creator>豊田市</dc:creator>"), "{core}");
    let out = report_with(&dir, "[city]\nname = \"みよし市\"\n", &path, &[]);
    let html = read(&out.join("official.html"));
    assert!(html.contains("みよし市") && !html.contains("対馬"), "the settings win: {html}");
}

/// A plan of one sheet per 施策, each with a ※ note: one above its table, one among its goals,
/// one at its end; and a note every sheet repeats.
fn noted_plan() -> Vec<Sheet> {
    let mut first = Sheet::new("施策1");
    first.row(&["令和6年度 協働推進計画"]);
    first.row(&["施策1 協働の意識を高める"]);
    first.row(&["※ 関係部署は令和6年4月1日現在の組織名です。"]);
    first.row(&["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    first.row(&["■意識を高めます。"]);
    first.row(&["1-1", "講座の開催", "講座を開きます。", "企画課", "A", "3回開いた。", "継続"]);
    first.row(&["※ 講座は出前講座を含みます。"]);
    first.row(&["■職員の理解を深めます。"]);
    first.row(&["1-2", "職員研修", "研修を行います。", "総務課", "B", "1回行った。", "継続"]);
    first.row(&["※関係各部は、全部局を指します。"]);
    let mut second = Sheet::new("施策2");
    second.row(&["令和6年度 協働推進計画"]);
    second.row(&["施策2 情報を共有する"]);
    second.row(&["※ 関係部署は令和6年4月1日現在の組織名です。"]);
    second.row(&["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    second.row(&["2-1", "広報の充実", "広報紙で知らせます。", "企画課", "A", "毎月発行した。", "継続"]);
    vec![first, second]
}

/// Where a report's tables of items start in its web page: after the handout's 集計 or the
/// official report's 進捗の概要 (both name every 施策), else at the top.
fn after_counts(html: &str) -> usize {
    if let Some(at) = html.find("<h2>項目別の進捗状況</h2>") {
        return at;
    }
    html.find("<h2>進捗の概要</h2>")
        .and_then(|at| html[at..].find("</section>").map(|end| at + end))
        .unwrap_or(0)
}

#[test]
fn notes_of_the_plan_and_its_sections_are_printed_where_they_belong() {
    let dir = tempdir("cities", "notes");
    let path = dir.join("計画.xlsx");
    write_xlsx(&path, &noted_plan());
    let out = report_with(&dir, "", &path, &[]);
    let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let whole = squash("※ 関係部署は令和6年4月1日現在の組織名です。");
    let goal = squash("※ 講座は出前講座を含みます。");
    let section = squash("※関係各部は、全部局を指します。");
    for kind in ["official", "committee"] {
        let html = squash(&read(&out.join(format!("{kind}.html"))));
        assert_eq!(
            html.matches(&whole).count(),
            1,
            "{kind}: the note of every sheet is the plan's, said once"
        );
        // The tables of items come after the counts (which name the 施策 too): the handout's
        // 集計, the official report's 進捗の概要.
        let html = &html[after_counts(&html)..];
        let at = |t: &str| html.find(t).unwrap_or_else(|| panic!("{kind}: no {t}"));
        assert!(at(&whole) < at("施策1協働の意識を高める"), "{kind}: the plan's note before the 施策");
        assert!(at("講座の開催") < at(&goal) && at(&goal) < at(&section), "{kind}");
        assert!(at(&section) < at("施策2情報を共有する"), "{kind}: the 施策's note ends it");
        let pdf = common::pdf_text(&out.join(format!("{kind}.pdf")));
        let at = |t: &str| pdf.find(t).unwrap_or_else(|| panic!("{kind}.pdf: no {t}"));
        assert!(at(&goal) < at(&section) && at(&section) < at("広報の充実"), "{kind}.pdf: {pdf}");
        assert!(pdf.contains(&whole), "{kind}.pdf");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = sheet(&book, "一覧").iter().flatten().collect();
    assert!(cells.iter().any(|c| c.as_str() == "※ 関係部署は令和6年4月1日現在の組織名です。"), "{cells:?}");
    assert!(cells.iter().any(|c| c.as_str() == "施策1 協働の意識を高める：※関係各部は、全部局を指します。"));
    assert!(cells.iter().any(|c| c.ends_with("※ 講座は出前講座を含みます。")), "{cells:?}");
}

/// Every cell of every sheet of the official workbook.
fn workbook_cells(out: &Path) -> Vec<String> {
    read_workbook(&out.join("official.xlsx"))
        .into_iter()
        .flat_map(|(_, rows)| rows.into_iter().flatten())
        .collect()
}

#[test]
fn a_header_on_row_6_under_a_legend_columns_in_any_order_and_extra_columns() {
    let dir = tempdir("cities", "row6");
    let mut s = Sheet::new("進捗");
    s.row(&["令和6年度 協働推進計画 進捗状況"]);
    s.row(&[]);
    s.row(&["★市民が主体 ●市が主体 ◎市民と市が主体"]);
    s.row(&["評価　A 計画どおり　B おおむね　C 一部　D 未着手"]);
    s.row(&[]);
    s.row(&[
        "評価",
        "今後の方向性",
        "担当者",
        "項目",
        "No",
        "予算額（千円）",
        "関係部署",
        "内容",
        "実績",
        "備考",
    ]);
    s.row(&[
        "A",
        "継続",
        "山田",
        "広報の充実",
        "1",
        "120",
        "企画課",
        "広報紙で知らせます。",
        "毎月発行した。",
        "新規",
    ]);
    s.row(&[
        "B",
        "改善",
        "佐藤",
        "窓口の案内",
        "2",
        "0",
        "市民課",
        "窓口で案内します。",
        "案内係を置いた。",
        "",
    ]);
    let path = dir.join("進捗.xlsx");
    write_xlsx(&path, &[s]);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!((code, json["items"].as_u64()), (0, Some(2)), "{json:#}");
    assert_eq!(json["summary"]["rows"]["read"], 2, "the legend rows above the header are no rows: {json:#}");
    let out = report_with(&dir, "", &path, &[]);
    let (list, row) = listed(&out, "広報の充実");
    let at = |name: &str| list[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    assert_eq!((row[at("評価")].as_str(), row[at("実績")].as_str()), ("A", "毎月発行した。"));
    assert_eq!((row[at("関係部署")].as_str(), row[at("今後の方向性")].as_str()), ("企画課", "継続"));
    let cells = workbook_cells(&out);
    assert!(
        !cells.iter().any(|c| c == "山田" || c == "新規" || c == "120"),
        "extra columns are not read: {cells:?}"
    );
    // inspect names the extra columns as unused.
    let run = kyodo(&[Path::new("inspect"), Path::new("--format"), Path::new("json"), &path]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["header_rows"], serde_json::json!([6]), "{sheet:#}");
    let role = |letter: &str| {
        let columns = sheet["columns"].as_array().unwrap();
        columns.iter().find(|c| c["column"] == letter).map(|c| c["role"].clone()).unwrap_or_default()
    };
    assert_eq!(
        (role("A"), role("D"), role("I")),
        ("grade".into(), "name".into(), "results".into()),
        "{sheet:#}"
    );
    assert!(role("C") != "name" && role("J") != "results", "{sheet:#}");
}

#[test]
fn hidden_rows_and_columns_are_read_like_the_others() {
    let dir = tempdir("cities", "hidden");
    let mut s = Sheet::new("進捗");
    s.row(&["令和6年度 協働推進計画 進捗状況"]);
    s.row(&["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    s.row(&["1", "広報の充実", "広報紙で知らせます。", "企画課", "A", "毎月発行した。", "継続"]);
    s.row(&["2", "窓口の案内", "窓口で案内します。", "市民課", "B", "案内係を置いた。", "継続"]);
    s.row(&["3", "協働事業", "協働事業を募ります。", "市民課", "C", "1件を採択した。", "改善"]);
    // A filter left on hides a row; a column hidden to print narrower.
    s.hidden_rows.push(3);
    s.hidden_cols.push(2);
    let path = dir.join("進捗.xlsx");
    write_xlsx(&path, &[s]);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!((code, json["items"].as_u64()), (0, Some(3)), "a hidden row is still an item: {json:#}");
    let cells = workbook_cells(&report_with(&dir, "", &path, &[]));
    assert!(cells.iter().any(|c| c == "案内係を置いた。"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "窓口で案内します。"), "the hidden 内容 is read: {cells:?}");
}

#[test]
fn a_sheet_per_section() {
    let dir = tempdir("cities", "per-section");
    let sheets: Vec<Sheet> =
        [("施策1", "意識を高める", "講座の開催"), ("施策2", "情報を共有する", "広報の充実")]
            .iter()
            .enumerate()
            .map(|(i, (name, title, item))| {
                let mut s = Sheet::new(name);
                s.row(&["令和6年度 協働推進計画 進捗状況"]);
                s.row(&[&format!("{name} {title}")]);
                s.row(&["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
                let no = format!("{}", i + 1);
                s.row(&[&no, item, "内容です。", "企画課", "A", "行った。", "継続"]);
                s
            })
            .collect();
    let path = dir.join("計画.xlsx");
    write_xlsx(&path, &sheets);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!((code, json["items"].as_u64()), (0, Some(2)), "{json:#}");
    let out = report_with(&dir, "", &path, &[]);
    let html = read(&out.join("official.html"));
    let html = &html[after_counts(&html)..];
    let at = |t: &str| html.find(t).unwrap_or_else(|| panic!("no {t}"));
    assert!(at("施策1 意識を高める") < at("講座の開催") && at("講座の開催") < at("施策2 情報を共有する"));
    assert!(at("施策2 情報を共有する") < at("広報の充実"), "each sheet's items under its 施策");
}

#[test]
fn two_header_rows_of_plan_and_progress_groups_without_years() {
    let dir = tempdir("cities", "plan-progress");
    let mut s = Sheet::new("進捗");
    s.row(&["令和6年度 協働推進計画 進捗状況"]);
    s.row(&["No", "計画", "", "担当課", "実績", "", "", ""]);
    s.row(&["", "項目", "内容", "", "評価", "取組実績", "課題", "今後の方向性"]);
    s.row(&[
        "1",
        "広報の充実",
        "広報紙で知らせます。",
        "企画課",
        "A",
        "毎月発行した。",
        "若い世代に届かない。",
        "継続",
    ]);
    s.row(&["2", "窓口の案内", "窓口で案内します。", "市民課", "B", "案内係を置いた。", "", "継続"]);
    s.merges.extend([(1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 2, 3), (1, 4, 1, 7)]);
    let path = dir.join("進捗.xlsx");
    write_xlsx(&path, &[s]);
    let (code, json) = check_json(&dir, "", &[&path]);
    assert_eq!((code, json["items"].as_u64()), (0, Some(2)), "the sub-header row is no item: {json:#}");
    assert!(diagnostics(&json, "missing-column").is_empty(), "{json:#}");
    let out = report_with(&dir, "", &path, &[]);
    let (list, row) = listed(&out, "広報の充実");
    let at = |name: &str| list[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    assert_eq!((row[at("内容")].as_str(), row[at("評価")].as_str()), ("広報紙で知らせます。", "A"));
    assert_eq!(
        (row[at("実績")].as_str(), row[at("課題")].as_str()),
        ("毎月発行した。", "若い世代に届かない。")
    );
    assert!(!workbook_cells(&out).iter().any(|c| c == "取組実績" || c == "（未記入）"), "{list:?}");
}

/// The workbook's 一覧 and the row of `item` in it.
fn listed(out: &Path, item: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let list = sheet(&read_workbook(&out.join("official.xlsx")), "一覧").to_vec();
    let row = list.iter().find(|r| r.iter().any(|c| c == item)).expect("the item").clone();
    (list, row)
}
