//! The office's real folders: the plan beside the returned sheets, copies Windows made, rows
//! doubled, deleted or renamed by a department, and a reader that closes early. Every case must
//! end in a diagnostic naming file, sheet and cell, in Japanese, never in a panic or a silent
//! difference between the outputs.

mod common;

use common::{kyodo, pdf_text, read_workbook, seed, sheet, tempdir, write_xlsx, Sheet};
use serde_json::Value;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};

/// `kyodo check --format json --plan PLAN INPUT…`: the exit code and the document.
fn check(plan: &Path, inputs: &[&Path]) -> (i32, Value) {
    let mut args =
        vec![Path::new("check"), Path::new("--format"), Path::new("json"), Path::new("--plan"), plan];
    args.extend(inputs);
    let run = kyodo(&args);
    let json =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run.code, json)
}

/// `kyodo report --plan PLAN OPTIONS… -o OUT PROGRESS`.
fn report(plan: &Path, options: &[&str], out: &Path, progress: &Path) -> common::Run {
    let mut args = vec![Path::new("report"), Path::new("--plan"), plan];
    args.extend(options.iter().map(Path::new));
    args.extend([Path::new("-o"), out, progress]);
    kyodo(&args)
}

/// The diagnostics with `code`.
fn with_code<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

/// Words of three or more Latin letters in `text` once the test folder's path is taken out:
/// there must be none but file extensions and kyodo's own option names.
fn english(text: &str, dir: &Path) -> Vec<String> {
    // Extensions, kyodo's option names and the product names a clerk knows.
    const OURS: [&str; 17] = [
        "xlsx", "xls", "xlsm", "xlsb", "ods", "csv", "pdf", "docx", "plan", "force", "config", "json",
        "excel", "word", "zip", "report", "previous",
    ];
    // The sample's folder is named progress: a path, not English for the user.
    let text =
        text.replace(&dir.join("progress").display().to_string(), "").replace(&dir.display().to_string(), "");
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !OURS.contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

/// Every message of the document is Japanese.
fn assert_japanese(json: &Value, dir: &Path) {
    for d in json["diagnostics"].as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        assert!(english(message, dir).is_empty(), "English in: {message}");
    }
}

/// The row of item `no` in a progress sheet.
fn row_of(sheet: &Sheet, no: &str) -> usize {
    sheet.rows.iter().position(|r| r.first().map(String::as_str) == Some(no)).unwrap()
}

fn reports(json: &Value) -> u64 {
    json["summary"]["rows"]["reports"].as_u64().unwrap()
}

#[test]
fn the_plan_among_the_progress_sheets_is_skipped_with_a_warning() {
    let dir = tempdir("folders", "plan-inside");
    let (plan, progress) = seed::write_sample(&dir);
    std::fs::copy(&plan, progress.join("アクションプラン.xlsx")).unwrap();
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 0, "{json:#}");
    let found = with_code(&json, "plan-in-progress");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert!(found[0]["file"].as_str().unwrap().ends_with("アクションプラン.xlsx"));
    assert!(found[0]["message"].as_str().unwrap().contains("計画のファイル"));
    assert_eq!(reports(&json), 20, "the other sheets are read as before");
    assert_japanese(&json, &dir);

    // The plan given as the only progress input: skipped, so every item is unreported. It is
    // the --plan file itself, not a copy: the warning says so rather than asking for --plan.
    let (code, json) = check(&plan, &[&plan]);
    assert_eq!(code, 1);
    let found = with_code(&json, "plan-in-progress");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["message"], "--plan で指定した計画のファイルです。進捗報告としては読みませんでした");
    assert_eq!(with_code(&json, "not-reported").len(), 15);
}

#[test]
fn the_plan_among_the_progress_sheets_gets_no_copy_to_return() {
    // The plan is the office's own file: there is no department to send it back to.
    let dir = tempdir("folders", "plan-inside-returns");
    let (plan, progress) = seed::write_sample(&dir);
    std::fs::copy(&plan, progress.join("アクションプラン.xlsx")).unwrap();
    seed::write_progress_with(&progress.join("関係各部.xlsx"), seed::ALL, seed::YEAR_TITLE, &[("1-5", "済")]);
    let returns = dir.join("差し戻し");
    let run = kyodo(&[
        "check".as_ref(),
        "--plan".as_ref(),
        plan.as_os_str(),
        "--returns".as_ref(),
        returns.as_os_str(),
        progress.as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(returns.join("関係各部.xlsx").is_file(), "{}", run.stderr);
    assert!(!returns.join("アクションプラン.xlsx").exists(), "{}", run.stderr);
}

#[test]
fn a_plan_of_another_year_beside_the_sheets_is_no_year_conflict() {
    // A plan of several years (titled with its first year) saved in the folder of 令和6年度's
    // returns: it is not progress, so its year is the plan's, never a progress year.
    let dir = tempdir("folders", "plan-year-inside");
    let (plan, progress) = seed::write_sample(&dir);
    seed::write_plan_titled(&plan, "令和3年度 市民協働(共働)推進アクションプラン");
    std::fs::copy(&plan, progress.join("アクションプラン.xlsx")).unwrap();
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 0, "{json:#}");
    assert!(with_code(&json, "year-conflict").is_empty(), "{json:#}");
    let mismatch = with_code(&json, "year-mismatch");
    assert_eq!(mismatch.len(), 1, "{json:#}");
    assert!(mismatch[0]["message"].as_str().unwrap().contains("令和6年度の報告として作ります"));
    let out = dir.join("out");
    let run = report(&plan, &[], &out, &progress);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
#[test]
fn a_reader_that_closes_early_ends_quietly_with_the_exit_code() {
    let dir = tempdir("folders", "pipe");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "項目", "内容", "関係部署"]);
    for i in 0..3000 {
        plan.row(&[&i.to_string(), &format!("項目{i}"), "内容", "総務課"]);
    }
    let plan_path = dir.join("計画.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let mut report = Sheet::new("報告");
    report.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    report.row(&["0", "項目0", "A", "実施した", "継続"]);
    write_xlsx(&dir.join("総務課.xlsx"), &[report]);
    // 2,999 unreported items make far more text than a pipe holds: writes go on after the
    // reader has gone, as with `kyodo check … | head -1`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(["check", "--plan"])
        .arg(&plan_path)
        .arg(dir.join("総務課.xlsx"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("進捗報告がありません"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.is_empty(), "nothing about the pipe: {stderr}");
}

#[test]
fn an_identical_copy_is_read_once_with_a_warning_naming_both() {
    let dir = tempdir("folders", "copy");
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("out");
    let run = report(&plan, &["--format", "xlsx"], &out, &progress);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list_before = sheet(&read_workbook(&out.join("official.xlsx")), "一覧").len();

    std::fs::copy(progress.join("関係各部.xlsx"), progress.join("関係各部 (1).xlsx")).unwrap();
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 0, "a copy is a warning: {json:#}");
    let copies = with_code(&json, "duplicate-file");
    assert_eq!(copies.len(), 1, "{json:#}");
    assert!(
        copies[0]["file"].as_str().unwrap().ends_with("関係各部 (1).xlsx"),
        "the copy is the one left out"
    );
    assert!(copies[0]["message"].as_str().unwrap().contains("関係各部.xlsx"), "names the original");
    assert_eq!(reports(&json), 20, "nothing counted twice");
    let files: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(!files.iter().any(|f| f.ends_with("(1).xlsx")), "{files:?}");
    assert_japanese(&json, &dir);

    let run = report(&plan, &["--format", "xlsx"], &out, &progress);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sheet(&read_workbook(&out.join("official.xlsx")), "一覧").len(), list_before);
}

#[test]
fn the_same_item_twice_is_an_error_naming_both_rows_and_what_differs() {
    let dir = tempdir("folders", "twice");
    let (plan, progress) = seed::write_sample(&dir);
    let mut hq = seed::progress_sheet(seed::HQ);
    let first = row_of(&hq, "1-2");
    let mut again = hq.rows[first].clone();
    again[3] = "D".into();
    hq.rows.push(again);
    let same = hq.rows[row_of(&hq, "1-3")].clone();
    hq.rows.push(same);
    write_xlsx(&progress.join(format!("{}.xlsx", seed::HQ)), &[hq.clone()]);
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 1);
    let found = with_code(&json, "duplicate-report");
    assert_eq!(found.len(), 2, "{json:#}");
    let conflict = found.iter().find(|d| d["item"] == "情報媒体を活用した啓発活動").unwrap();
    assert_eq!(conflict["sheet"], "進捗状況");
    assert_eq!(conflict["cell"], format!("C{}", hq.rows.len() - 1), "the second row, at its 項目");
    let message = conflict["message"].as_str().unwrap();
    assert!(message.contains(&format!("進捗状況!C{}", first + 1)), "names the first row: {message}");
    assert!(message.contains("評価が「A」と「D」"), "{message}");
    let identical = found.iter().find(|d| d["item"] == "職員用マニュアルの作成").unwrap();
    assert!(identical["message"].as_str().unwrap().contains("内容は同じ"), "{identical}");
    assert_eq!(reports(&json), 20, "the second rows are not reports");
    assert_japanese(&json, &dir);
}

#[test]
fn a_deleted_shared_item_is_unreported_for_that_department_everywhere() {
    let dir = tempdir("folders", "shared");
    let (plan, progress) = seed::write_sample(&dir);
    let mut all = seed::progress_sheet(seed::ALL);
    let row = row_of(&all, "1-4");
    all.rows.remove(row);
    write_xlsx(&progress.join(format!("{}.xlsx", seed::ALL)), &[all]);
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 1);
    let found = with_code(&json, "not-reported");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["item"], "協働窓口担当者の配置");
    assert!(found[0]["file"].as_str().unwrap().ends_with("plan.xlsx"));
    assert_eq!(found[0]["sheet"], "施策1");
    assert!(found[0]["message"].as_str().unwrap().starts_with("関係各部 から"), "{}", found[0]);
    assert_japanese(&json, &dir);

    let out = dir.join("out");
    let run = report(&plan, &["--kind", "all", "--format", "all", "--force"], &out, &progress);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = |name: &str| pdf_text(&out.join(name));
    assert!(text("committee.pdf").contains("関係各部：未提出"), "the committee's list of gaps");
    assert!(text("official.pdf").contains("関係各部未提出"), "a 未提出 line under the item");
    let book = read_workbook(&out.join("official.xlsx"));
    let own = sheet(&book, seed::ALL);
    let grade = own[0].iter().position(|h| h == "評価").unwrap();
    assert_eq!(own.iter().find(|r| r[0] == "1-4").unwrap()[grade], "未提出");
}

#[test]
fn a_renamed_item_without_its_no_is_linked_to_the_plan_item() {
    let dir = tempdir("folders", "renamed");
    let (plan, progress) = seed::write_sample(&dir);
    let mut all = seed::progress_sheet(seed::ALL);
    let row = row_of(&all, "3-2");
    all.rows[row][0] = String::new();
    all.rows[row][2] = "地域コミュニティ組織の強化".into();
    write_xlsx(&progress.join(format!("{}.xlsx", seed::ALL)), &[all]);
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 1);
    let unknown = with_code(&json, "unknown-item");
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert_eq!(unknown[0]["cell"], format!("C{}", row + 1));
    let message = unknown[0]["message"].as_str().unwrap();
    assert!(message.contains("計画の「地域コミュニティの組織強化」"), "{message}");
    assert!(message.contains("施策3!D6") && message.contains("のことですか"), "{message}");
    let missing = with_code(&json, "not-reported");
    assert_eq!(missing.len(), 1, "{json:#}");
    let message = missing[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("進捗状況!C{}", row + 1)) && message.contains("地域コミュニティ組織の強化"),
        "{message}"
    );
    assert_japanese(&json, &dir);
}

#[test]
fn a_renamed_item_with_its_no_is_a_warning_showing_both_names() {
    let dir = tempdir("folders", "renamed-no");
    let (plan, progress) = seed::write_sample(&dir);
    let mut hq = seed::progress_sheet(seed::HQ);
    let row = row_of(&hq, "1-2");
    hq.rows[row][2] = "各種媒体による啓発".into();
    write_xlsx(&progress.join(format!("{}.xlsx", seed::HQ)), &[hq]);
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 0, "{json:#}");
    let found = with_code(&json, "item-renamed");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["cell"], format!("C{}", row + 1));
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("「各種媒体による啓発」") && message.contains("「情報媒体を活用した啓発活動」"),
        "{message}"
    );
    assert_eq!(reports(&json), 20, "accepted by its No");
    assert_japanese(&json, &dir);
}

/// The sample with 関係各部's row of item `no` renamed to `name` and its No taken out.
fn rename_without_no(
    dir: &Path,
    no: &str,
    name: &str,
    results: &str,
) -> (std::path::PathBuf, std::path::PathBuf, usize) {
    let (plan, progress) = seed::write_sample(dir);
    let mut all = seed::progress_sheet(seed::ALL);
    let row = row_of(&all, no);
    all.rows[row][0] = String::new();
    all.rows[row][2] = name.into();
    all.rows[row][4] = results.into();
    write_xlsx(&progress.join(format!("{}.xlsx", seed::ALL)), &[all]);
    (plan, progress, row)
}

/// `report --kind all --format all --force` into DIR/out: the folder and the stderr line
/// containing `words`.
fn forced_warning(dir: &Path, plan: &Path, progress: &Path, words: &str) -> (std::path::PathBuf, String) {
    let out = dir.join("out");
    let run = report(plan, &["--kind", "all", "--format", "all", "--force"], &out, progress);
    assert_eq!(run.code, 1, "the check's errors stand: {}", run.stderr);
    let line = run.stderr.lines().find(|l| l.contains(words));
    let line = line.unwrap_or_else(|| panic!("a warning with {words}: {}", run.stderr)).to_string();
    assert!(english(&line, dir).is_empty(), "{line}");
    (out, line)
}

#[test]
fn under_force_a_surely_renamed_item_is_reported_under_the_plan_item_with_a_warning() {
    let dir = tempdir("folders", "renamed-force");
    let results = "地域コミュニティの研修会を三地区で開いた。";
    let (plan, progress, row) = rename_without_no(&dir, "3-2", "地域コミュニティ組織の強化", results);
    let (out, warning) = forced_warning(&dir, &plan, &progress, "報告として報告書に載せました");
    assert!(warning.contains(&format!("関係各部.xlsx:進捗状況!C{}: 警告：", row + 1)), "{warning}");
    assert!(
        warning.contains("計画の「地域コミュニティの組織強化」（") && warning.contains("施策3!D6"),
        "{warning}"
    );
    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains(results), "the department's text is in the report");
    assert!(!official.contains(kyodo::model::UNMATCHED_TITLE), "nothing left unmatched");
    let book = read_workbook(&out.join("official.xlsx"));
    let own = sheet(&book, seed::ALL);
    let grade = own[0].iter().position(|h| h == "評価").unwrap();
    let item = own.iter().find(|r| r[0] == "3-2").unwrap();
    assert_ne!(item[grade], "未提出", "reported under the plan item: {item:?}");
    let review = sheet(&book, "要確認");
    assert!(review.iter().any(|r| r.iter().any(|c| c.contains("報告として報告書に載せました"))));
}

#[test]
fn under_force_a_row_matching_no_item_is_printed_in_a_closing_section() {
    let dir = tempdir("folders", "unmatched-force");
    let results = "防災訓練の案内を全戸に配った。";
    let (plan, progress, row) = rename_without_no(&dir, "3-2", "防災無線の更新", results);
    let closing = format!("「{}」に載せました", kyodo::model::UNMATCHED_TITLE);
    let (out, warning) = forced_warning(&dir, &plan, &progress, &closing);
    assert!(warning.contains(&format!("関係各部.xlsx:進捗状況!C{}: 警告：", row + 1)), "{warning}");
    assert!(warning.contains("（項目：防災無線の更新）"), "{warning}");
    let official = pdf_text(&out.join("official.pdf"));
    let at = official.find("防災無線の更新").expect("the row in the report");
    assert!(official[..at].contains(kyodo::model::UNMATCHED_TITLE), "under the closing section");
    let rest = &official[at..];
    assert!(rest.contains(results), "with its text: {rest}");
    assert!(rest.contains(&format!("関係各部.xlsx:進捗状況!C{}", row + 1)), "where it came from: {rest}");
    let book = read_workbook(&out.join("official.xlsx"));
    let own = sheet(&book, seed::ALL);
    let name = own[0].iter().position(|h| h == "項目").unwrap();
    let results_col = own[0].iter().position(|h| h == "実績").unwrap();
    let item = own.iter().find(|r| r[name] == "防災無線の更新").expect("the row in the department's sheet");
    assert_eq!(item[results_col], results);
    let section = own[0].iter().position(|h| h == "施策").unwrap();
    assert_eq!(
        item[section],
        kyodo::model::UNMATCHED_TITLE,
        "the workbook's sheet names the closing section"
    );
    let grade = own[0].iter().position(|h| h == "評価").unwrap();
    let planned = own.iter().find(|r| r[0] == "3-2").unwrap();
    assert_eq!(planned[grade], "未提出", "not guessed onto the plan item: {planned:?}");
    // Residents and the committee read the plan's items: the row is not counted as one.
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(
        !koho.contains(kyodo::model::UNMATCHED_TITLE) && koho.contains("5つの施策に掲げた15件"),
        "{koho}"
    );
    assert!(!pdf_text(&out.join("committee.pdf")).contains("防災無線の更新"));
    // So does the workbook's 集計 (counted as the handout counts) and its comparison with
    // earlier years: the closing section is no 施策 of the plan, with no earlier years.
    let tally = sheet(&book, "集計");
    let total = tally.iter().find(|r| r[0] == "合計").expect("the total row");
    assert_eq!(total[1], "15", "the plan's 15 items: {tally:?}");
    assert!(!tally.iter().any(|r| r[0] == kyodo::model::UNMATCHED_TITLE), "{tally:?}");
    assert!(tally.iter().any(|r| r[0].contains("件数に含めていません")), "a note says so: {tally:?}");
    let mut args = vec!["--format", "xlsx", "--force"];
    let earlier = seed::write_earlier_years(&dir);
    for folder in &earlier {
        args.extend(["--previous", folder.to_str().unwrap()]);
    }
    let compared = dir.join("compared");
    let run = report(&plan, &args, &compared, &progress);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let book = read_workbook(&compared.join("official.xlsx"));
    for name in ["経年", "経年（項目別）"] {
        let rows = sheet(&book, name);
        assert!(!rows.iter().any(|r| r[0] == kyodo::model::UNMATCHED_TITLE), "{name}: {rows:?}");
    }
}

#[test]
fn under_force_two_rows_taken_for_one_item_are_both_left_in_the_closing_section() {
    let dir = tempdir("folders", "contested-force");
    let (plan, progress) = seed::write_sample(&dir);
    let mut all = seed::progress_sheet(seed::ALL);
    let row = row_of(&all, "3-2");
    all.rows[row][0] = String::new();
    all.rows[row][2] = "地域コミュニティ組織の強化".into();
    let mut again = all.rows[row].clone();
    again[2] = "地域コミュニティの組織の強化".into();
    again[4] = "別の実績".into();
    all.rows.insert(row + 1, again);
    write_xlsx(&progress.join(format!("{}.xlsx", seed::ALL)), &[all]);
    let closing = format!("「{}」に載せました", kyodo::model::UNMATCHED_TITLE);
    let (out, _) = forced_warning(&dir, &plan, &progress, &closing);
    let book = read_workbook(&out.join("official.xlsx"));
    let own = sheet(&book, seed::ALL);
    let grade = own[0].iter().position(|h| h == "評価").unwrap();
    assert_eq!(own.iter().find(|r| r[0] == "3-2").unwrap()[grade], "未提出", "neither row guessed onto 3-2");
    let official = pdf_text(&out.join("official.pdf"));
    assert!(
        official.contains("地域コミュニティ組織の強化") && official.contains("別の実績"),
        "both rows printed"
    );
}

#[test]
fn last_years_problems_are_named_with_file_sheet_and_cell() {
    let dir = tempdir("folders", "previous-problems");
    let (plan, progress) = seed::write_sample(&dir);
    let previous = dir.join("previous");
    std::fs::create_dir_all(&previous).unwrap();
    let mut sheet = Sheet::new("令和5年度");
    sheet.row(&["No", "項目", "内容", "評価", "実績", "今後の方向性"]);
    sheet.row(&["1-1", "自治会、地域での意識の把握", "意識の把握", "済", "調査の準備", "継続"]);
    sheet.row(&["1-2", "情報媒体を活用した啓発活動", "条例の周知", "A", "", "継続"]);
    write_xlsx(&previous.join("令和5年度.xlsx"), &[sheet]);
    let out = dir.join("out");
    let run =
        report(&plan, &["--kind", "committee", "--previous", previous.to_str().unwrap()], &out, &progress);
    assert_eq!(run.code, 0, "last year's problems do not stop the run: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at =
        lines.iter().position(|l| l.contains("前年度のシートに 1 件の問題があります")).expect(&run.stderr);
    let named = &lines[at + 1..at + 2];
    assert!(named[0].contains("令和5年度.xlsx:令和5年度!D2: 評価「済」は"), "{named:?}");
    // A blank 実績 changes no grade read for the comparison: not worth a word here.
    assert!(!run.stderr.contains("E3: 実績が空欄です"), "{}", run.stderr);
    assert!(named.iter().all(|l| english(&l.replace(previous.to_str().unwrap(), ""), &dir).is_empty()));
}

#[test]
fn files_that_are_no_spreadsheets_are_named_in_japanese() {
    let dir = tempdir("folders", "not-sheets");
    let (plan, progress) = seed::write_sample(&dir);
    std::fs::write(progress.join("報告書.docx"), b"PK\x03\x04 a Word file").unwrap();
    std::fs::write(progress.join("メモ.pdf"), b"%PDF-1.7").unwrap();
    // A Word file renamed to .xlsx, a file cut short and an empty one.
    let mut word = zip::ZipWriter::new(std::fs::File::create(progress.join("改名.xlsx")).unwrap());
    word.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut word, b"<w:document/>").unwrap();
    word.finish().unwrap();
    std::fs::write(progress.join("途中.xlsx"), b"PK\x03\x04 cut short").unwrap();
    std::fs::write(progress.join("空.xlsx"), b"").unwrap();
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 1);
    let skipped = with_code(&json, "skipped-files");
    assert_eq!(skipped.len(), 1, "one line for all: {json:#}");
    assert!(skipped[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("スプレッドシートではないため読まなかったファイル: メモ.pdf、報告書.docx"));
    let unreadable = with_code(&json, "unreadable-file");
    let names: Vec<&str> = unreadable.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(unreadable.len(), 3, "{names:?}");
    for name in ["改名.xlsx", "途中.xlsx", "空.xlsx"] {
        assert!(names.iter().any(|n| n.ends_with(name)), "{name}: {names:?}");
    }
    assert_japanese(&json, &dir);
    // The libraries' own words stay in the JSON detail, for whoever fixes the file or kyodo.
    let detail = |name: &str| {
        let d = unreadable.iter().find(|d| d["file"].as_str().unwrap().ends_with(name)).unwrap();
        d.get("detail").and_then(Value::as_str).map(str::to_string)
    };
    for name in ["改名.xlsx", "途中.xlsx"] {
        let text = detail(name).unwrap_or_else(|| panic!("{name}: the library's text kept: {json:#}"));
        assert!(!english(&text, &dir).is_empty(), "{name}: the original words, not ours: {text}");
    }
    assert_eq!(detail("空.xlsx"), None, "kyodo's own finding has no library text");
    let run = kyodo(&[Path::new("check"), Path::new("--plan"), &plan, &progress]);
    for name in ["改名.xlsx", "途中.xlsx"] {
        let text = detail(name).unwrap();
        assert!(!run.stdout.contains(&text) && !run.stderr.contains(&text), "text output is Japanese only");
    }
}

#[test]
fn system_errors_are_told_in_japanese() {
    let dir = tempdir("folders", "system-errors");
    let (plan, progress) = seed::write_sample(&dir);
    // An output folder under a file: the system says "Not a directory (os error 20)".
    let run = report(&plan, &[], &plan.join("out"), &progress);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run.stderr.lines().find(|l| l.contains("出力先フォルダを作れません")).expect(&run.stderr);
    assert!(line.ends_with("出力先フォルダを作れません（途中にフォルダでないものがあります）"), "{line}");
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    let missing = dir.join("kyodo.toml");
    let run = report(&plan, &["--config", missing.to_str().unwrap()], &dir.join("out"), &progress);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("設定ファイルを読めません（ファイルもフォルダもありません）"),
        "{}",
        run.stderr
    );
    let words = run.stderr.replace("kyodo.toml", "").replace("kyodo:", "");
    assert!(english(&words, &dir).is_empty(), "{}", run.stderr);
}

#[test]
fn a_kind_in_a_format_it_lacks_is_refused_before_reading() {
    let dir = tempdir("folders", "kind-format");
    let (plan, progress) = seed::write_sample(&dir);
    std::fs::write(progress.join("壊れ.xlsx"), b"junk").unwrap();
    let run = report(&plan, &["--kind", "koho", "--format", "xlsx"], &dir.join("out"), &progress);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "kyodo: koho は xlsx 形式では出力できません",
        "no diagnostic printed first"
    );
}

#[test]
fn settings_are_config_and_the_old_names_still_work_with_a_note() {
    let dir = tempdir("folders", "config");
    let (plan, progress) = seed::write_sample(&dir);
    let run = kyodo(&["config", "-o", dir.join("new").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("new/kyodo.toml").is_file() && run.stderr.is_empty(), "{}", run.stderr);
    // The files written to edit name the option by its new name, as --help does.
    for name in ["kyodo.toml", "official.toml", "koho.toml", "committee.toml"] {
        let text = std::fs::read_to_string(dir.join("new").join(name)).unwrap();
        assert!(!text.contains("--template"), "{name} names the old option");
    }
    let run = kyodo(&["templates", "-o", dir.join("old").to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(dir.join("old/kyodo.toml").is_file());
    assert!(run.stderr.contains("templates は config に名前が変わりました"), "{}", run.stderr);
    let settings = dir.join("new/kyodo.toml");
    for (option, note) in [("--config", false), ("--template", true)] {
        let out = dir.join(option.trim_start_matches('-'));
        let run = report(&plan, &[option, settings.to_str().unwrap()], &out, &progress);
        assert_eq!(run.code, 0, "{option}: {}", run.stderr);
        assert!(out.join("official.pdf").is_file());
        assert_eq!(
            run.stderr.contains("--config FILE に名前が変わりました"),
            note,
            "{option}: {}",
            run.stderr
        );
    }
    let help = kyodo(&["--help"]);
    assert!(help.stdout.contains("--config") && !help.stdout.contains("--template"), "{}", help.stdout);
}

#[test]
fn a_year_outside_the_eras_is_refused() {
    let dir = tempdir("folders", "year");
    let plan = seed::write_plan_in(&dir);
    for year in ["R99", "平成32", "1985", "来年"] {
        let run = kyodo(&[
            "template",
            "--plan",
            plan.to_str().unwrap(),
            "--year",
            year,
            "-o",
            dir.join("o").to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{year}");
        assert!(run.stderr.contains(&format!("--year「{year}」は年度として読めません")), "{}", run.stderr);
        assert!(run.stderr.contains("平成は元〜31年"), "{}", run.stderr);
    }
    let run = kyodo(&[
        "template",
        "--plan",
        plan.to_str().unwrap(),
        "--year",
        "平成31",
        "-o",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn help_and_usage_errors_are_japanese() {
    let dir = tempdir("folders", "help");
    for args in [&["--help"][..], &["report", "--help"], &["check", "-h"]] {
        let run = kyodo(args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains("使い方: kyodo") && run.stdout.contains("オプション:"), "{}", run.stdout);
        for english in ["Usage", "Options", "Possible values", "Print help", "default:", "Commands"] {
            assert!(!run.stdout.contains(english), "{args:?}: {english} in {}", run.stdout);
        }
    }
    assert!(kyodo(&["report", "--help"]).stdout.contains("指定できる値:"));
    for (args, says) in [
        (
            &["check", "--format", "xml", "x.xlsx"][..],
            "--format <FORMAT> に「xml」は指定できません（指定できる値: text、json）",
        ),
        // A mistyped command is no path dropped: the message lists the commands.
        (&["frob"], "frob: ファイルもフォルダもなく、コマンドでもありません（コマンドは check・report・template・config"),
        (&["chek", "x.xlsx"], "chek: ファイルもフォルダもなく、コマンドでもありません"),
        (&["check"], "指定が足りません: <INPUT>"),
        (&["check", "--bogus", "x.xlsx"], "「--bogus」というオプションはありません"),
    ] {
        let run = kyodo(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(
            english(&run.stderr, &dir).iter().all(|w| [
                "FORMAT", "format", "INPUT", "text", "xml", "frob", "chek", "bogus", "kyodo", "help", "check",
                "report", "template", "config"
            ]
            .contains(&w.as_str())),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_earlier_years_folder_among_the_returns_is_set_aside_not_read_as_duplicates() {
    // Last years' returns kept inside this year's folder: 令和4年度/ and 令和5年度/ beside the
    // sheets of 令和6年度. They are no duplicates of this year's rows, nor a year conflict.
    let dir = tempdir("folders", "earlier-inside");
    let (plan, progress) = seed::write_sample(&dir);
    let earlier = seed::write_earlier_years(&progress);
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 0, "{json:#}");
    assert!(with_code(&json, "duplicate-report").is_empty(), "{json:#}");
    assert!(with_code(&json, "year-conflict").is_empty(), "{json:#}");
    let set_aside = with_code(&json, "earlier-year");
    assert_eq!(set_aside.len(), 2, "one per folder: {json:#}");
    assert!(set_aside[0]["file"].as_str().unwrap().ends_with("令和4年度"), "{json:#}");
    let message = set_aside[1]["message"].as_str().unwrap();
    assert!(message.starts_with("令和5年度の進捗報告（2 ファイル）のため、今年度（令和6年度）"), "{message}");
    assert_eq!(reports(&json), 20, "this year's reports only");
    assert_japanese(&json, &dir);

    // As the warning says, the folder set aside may be given as --previous.
    let out = dir.join("out");
    let previous = earlier[1].to_str().unwrap();
    let run = report(&plan, &["--kind", "committee", "--previous", previous], &out, &progress);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(pdf_text(&out.join("committee.pdf")).contains("令和5年度との比較"));

    // Last year's form returned among this year's sheets is a department's mistake: an error.
    std::fs::rename(earlier[1].join(format!("{}.xlsx", seed::HQ)), progress.join("企画課.xlsx")).unwrap();
    let (code, json) = check(&plan, &[&progress]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(with_code(&json, "year-conflict").len(), 1, "{json:#}");
}

/// A folder 「受付」 in `dir` as an office fills it: the plan beside both departments' sheets.
fn write_inbox(dir: &Path) -> std::path::PathBuf {
    let inbox = dir.join("受付");
    std::fs::create_dir_all(&inbox).unwrap();
    seed::write_plan(&inbox.join("アクションプラン.xlsx"));
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress(&inbox.join(format!("{d}.xlsx")), d);
    }
    inbox
}

#[test]
fn paths_alone_check_and_write_every_report_beside_the_inputs() {
    let dir = tempdir("folders", "drop");
    let inbox = write_inbox(&dir);
    // stdin is not a console here: kyodo must not wait for Enter.
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("令和6年度_報告書");
    for name in ["進捗状況報告書.pdf", "進捗状況一覧.xlsx", "広報原稿.pdf", "広報原稿.txt", "委員会資料.pdf"]
    {
        assert!(out.join(name).is_file(), "{name}: {}", run.stderr);
    }
    assert!(run.stderr.contains("計画: ") && run.stderr.contains("アクションプラン.xlsx"), "{}", run.stderr);
    assert!(run.stderr.contains("エラー 0 件"), "the summary: {}", run.stderr);
    assert!(!run.stderr.contains("Enter"), "{}", run.stderr);
    // The table ends at the first empty row: the plan's ※ note stands below it.
    let list = sheet(&read_workbook(&out.join("進捗状況一覧.xlsx")), "一覧")
        .iter()
        .take_while(|r| r.iter().any(|c| !c.is_empty()))
        .count();
    assert_eq!(list, 21, "20 reports and the header, as with --plan");

    // Files dropped: 令和6年度_報告書 in their folder. Then the folder again: that folder is not
    // read back.
    let files: Vec<std::path::PathBuf> =
        std::fs::read_dir(&inbox).unwrap().map(|e| e.unwrap().path()).collect();
    let run = kyodo(&files);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(inbox.join("令和6年度_報告書/進捗状況一覧.xlsx").is_file());
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("進捗状況一覧.xlsx:"), "{}", run.stderr);
}

#[test]
fn a_drop_names_the_files_that_are_no_spreadsheets_as_check_does() {
    let dir = tempdir("folders", "drop-docx");
    let inbox = write_inbox(&dir);
    // A department's reply sent as a Word file must not go missing without a word.
    std::fs::write(inbox.join("企画課の報告.docx"), b"PK\x03\x04").unwrap();
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("スプレッドシートではないため読まなかったファイル: 企画課の報告.docx"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("警告 1 件"), "counted in the summary: {}", run.stderr);
    let findings = sheet(&read_workbook(&dir.join("令和6年度_報告書").join("進捗状況一覧.xlsx")), "要確認")
        .concat()
        .join(" ");
    assert!(findings.contains("企画課の報告.docx"), "{findings}");

    // kyodo's own reports inside the folder (a drop of its files made them) are not named.
    let files: Vec<std::path::PathBuf> = ["アクションプラン.xlsx", "地域再生推進本部.xlsx"]
        .iter()
        .map(|n| inbox.join(n))
        .chain([inbox.join(format!("{}.xlsx", seed::ALL))])
        .collect();
    assert_eq!(kyodo(&files).code, 0);
    let run = kyodo(&[&inbox]);
    assert!(
        !run.stderr.contains("進捗状況報告書.pdf") && !run.stderr.contains("広報原稿.txt"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn this_years_sheets_given_as_previous_are_named_as_the_clerk_gave_them() {
    let dir = tempdir("folders", "previous-same");
    let (plan, progress) = seed::write_sample(&dir);
    let link = dir.join("前年度");
    std::os::unix::fs::symlink(&progress, &link).unwrap();
    let run = report(&plan, &["--previous", link.to_str().unwrap()], &dir.join("out"), &progress);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The file as found in the folder given, not its canonical path (progress/…).
    let named = link.join(format!("{}.xlsx", seed::HQ));
    assert!(run.stderr.contains(&format!("同じファイル（{}）", named.display())), "{}", run.stderr);
}

#[test]
fn sheets_checked_without_their_plan_get_one_error_each_saying_to_give_it() {
    // The clerk forgot --plan: each sheet lacks the plan's 内容 column, said once with what to do,
    // not as a blank 内容 on every row.
    let dir = tempdir("folders", "no-plan");
    let (_, progress) = seed::write_sample(&dir);
    let run = kyodo(&[Path::new("check"), Path::new("--format"), Path::new("json"), &progress]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(with_code(&json, "missing-field").is_empty(), "{json:#}");
    let missing = with_code(&json, "missing-column");
    assert_eq!(missing.len(), 2, "one per sheet: {json:#}");
    for d in missing {
        assert_eq!(d["cell"], "A3");
        assert!(d["message"].as_str().unwrap().ends_with("--plan で計画のファイルを指定してください"), "{d}");
    }
    assert_japanese(&json, &dir);
}

/// `department`'s sheet in `inbox` with item `no` graded 「済」, off the scale: an error.
fn off_the_scale(inbox: &Path, department: &str, no: &str) {
    let path = inbox.join(format!("{department}.xlsx"));
    seed::write_progress_with(&path, department, seed::YEAR_TITLE, &[(no, "済")]);
}

#[test]
fn a_drop_with_errors_says_to_fix_them_and_drop_again() {
    // Whoever drops a folder onto kyodo.exe has no command line to add --force to.
    let dir = tempdir("folders", "drop-errors");
    let inbox = write_inbox(&dir);
    off_the_scale(&inbox, seed::ALL, "1-5");
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("評価「済」は"), "{}", run.stderr);
    assert!(run.stderr.contains("直してから、もう一度フォルダをドロップしてください"), "{}", run.stderr);
    assert!(!run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!dir.join("令和6年度_報告書").exists(), "nothing written");
    // The returns are made all the same, so nobody needs a terminal to chase: the department
    // with the error gets its workbook back with the list, the other none, and the reminders.
    let returns = dir.join("令和6年度_差し戻し");
    let said = format!(
        "差し戻し（要修正一覧を付けた各部署のファイル 1 件）と督促一覧を {} に作りました",
        returns.display()
    );
    assert!(run.stderr.contains(&said), "{}", run.stderr);
    let returned = read_workbook(&returns.join(format!("{}.xlsx", seed::ALL)));
    let list = sheet(&returned, "要修正一覧").concat().join(" ");
    assert!(list.contains("評価「済」は") && list.contains("D6"), "{list}");
    assert!(!returns.join(format!("{}.xlsx", seed::HQ)).exists(), "nothing to fix there");
    assert!(returns.join("督促一覧.txt").is_file() && returns.join("督促一覧.xlsx").is_file());
    assert!(run.stdout.contains("督促一覧.txt"), "listed as written: {}", run.stdout);

    // 関係各部 puts its sheet right, 地域再生推進本部's is wrong now: dropped again, the folder
    // holds this drop's return only and says the other went.
    seed::write_progress(&inbox.join(format!("{}.xlsx", seed::ALL)), seed::ALL);
    off_the_scale(&inbox, seed::HQ, "1-2");
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(returns.join(format!("{}.xlsx", seed::HQ)).is_file(), "{}", run.stderr);
    assert!(!returns.join(format!("{}.xlsx", seed::ALL)).exists(), "{}", run.stderr);
    let said = format!("もう要らない {}.xlsx は削除しました", seed::ALL);
    assert!(run.stderr.contains(&said), "{}", run.stderr);
}

/// A year's folder of the office: the plan and both departments' sheets under the title of
/// 令和`year`年度.
fn write_year(dir: &Path, year: u32) -> std::path::PathBuf {
    let folder = dir.join(format!("令和{year}年度"));
    std::fs::create_dir_all(&folder).unwrap();
    let title = seed::YEAR_TITLE.replace("令和6年度", &format!("令和{year}年度"));
    seed::write_plan_titled(&folder.join("アクションプラン.xlsx"), &title);
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with(&folder.join(format!("{d}.xlsx")), d, &title, &[]);
    }
    folder
}

#[test]
fn two_years_dropped_side_by_side_keep_both_years_reports() {
    let dir = tempdir("folders", "drop-two-years");
    let (r5, r6) = (write_year(&dir, 5), write_year(&dir, 6));
    assert_eq!(kyodo(&[&r5]).code, 0);
    let run = kyodo(&[&r6]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("置き換えました"), "nothing of 令和6年度 was there: {}", run.stderr);
    let folder = |year: u32| dir.join(format!("令和{year}年度_報告書"));
    for year in [5, 6] {
        let text = pdf_text(&folder(year).join("進捗状況報告書.pdf"));
        assert!(text.contains(&format!("令和{year}年度")), "{year}: {text}");
    }
    let earlier = std::fs::read(folder(5).join("進捗状況一覧.xlsx")).unwrap();
    let listing = |year: u32| {
        let mut names: Vec<String> = std::fs::read_dir(folder(year))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let all = [
        "委員会資料.html",
        "委員会資料.pdf",
        "広報原稿.html",
        "広報原稿.pdf",
        "広報原稿.txt",
        "指標一覧.csv",
        "進捗状況一覧.csv",
        "進捗状況一覧.xlsx",
        "進捗状況報告書.html",
        "進捗状況報告書.pdf",
    ];
    assert_eq!(listing(6), all, "the reports and nothing else (no lock, no staging)");

    // 令和6年度 again, this time the plan alone: its folder is replaced whole and says so, the 広報
    // summary of the first run (it needs progress) going with the rest; 令和5年度 is untouched.
    for d in [seed::HQ, seed::ALL] {
        std::fs::rename(r6.join(format!("{d}.xlsx")), dir.join(format!("{d}.xlsx"))).unwrap();
    }
    let run = kyodo(&[&r6]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("令和6年度_報告書 の前回のファイルを置き換えました"), "{}", run.stderr);
    assert!(run.stderr.contains("広報原稿.pdf"), "the removed ones named: {}", run.stderr);
    let without_koho: Vec<&str> = all.iter().copied().filter(|n| !n.starts_with("広報")).collect();
    assert_eq!(listing(6), without_koho);
    assert_eq!(std::fs::read(folder(5).join("進捗状況一覧.xlsx")).unwrap(), earlier);
    assert_eq!(listing(5), all);
}

#[test]
fn a_drop_of_the_plan_alone_says_what_to_put_beside_it_for_koho() {
    let dir = tempdir("folders", "drop-plan-alone");
    let inbox = dir.join("受付");
    std::fs::create_dir_all(&inbox).unwrap();
    seed::write_plan(&inbox.join("アクションプラン.xlsx"));
    let run = kyodo(&[&inbox]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("進捗報告のシートを計画と同じフォルダに入れて"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("アクションプラン.xlsx（進捗報告のシートがないため、計画だけの報告書を作ります）"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("見つからない"), "the plan was found: {}", run.stderr);
    assert!(!run.stderr.contains("--plan"), "no option to give in a drop: {}", run.stderr);
    let out = dir.join("令和6年度_報告書");
    assert!(out.join("進捗状況報告書.pdf").is_file() && !out.join("広報原稿.pdf").exists(), "{}", run.stderr);
}
