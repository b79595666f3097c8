//! `kyodo check` driven as a user runs it, on workbooks written here with rust_xlsxwriter.

mod common;

use common::{seed, tempdir, write_csv, write_xlsx, Sheet};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kyodo(args: &[&Path]) -> Run {
    common::keep::inputs(args);
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo")).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `kyodo check --format json [--plan PLAN] INPUT…`, parsed.
fn check_json(plan: Option<&Path>, inputs: &[&Path]) -> (i32, Value) {
    let mut args: Vec<&Path> = vec![Path::new("check"), Path::new("--format"), Path::new("json")];
    if let Some(p) = plan {
        args.extend([Path::new("--plan"), p]);
    }
    args.extend(inputs);
    let run = kyodo(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let json =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run.code, json)
}

fn codes(json: &Value) -> Vec<String> {
    json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn diagnostics_with<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn sample_plan_and_reports_are_clean_and_every_row_is_accounted_for() {
    let dir = tempdir("test", "sample");
    let (plan, progress) = seed::write_sample(&dir);
    let (code, json) = check_json(Some(&plan), &[&progress]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["items"], 15);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["items"], 15);
    let reports: u64 = files[1..].iter().map(|f| f["items"].as_u64().unwrap()).sum();
    assert_eq!(reports, 20, "15 items, 5 of them reported by both departments");
    let rows = &json["summary"]["rows"];
    let sum = ["items", "reports", "other", "diagnostic_only"]
        .iter()
        .map(|k| rows[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(rows["read"].as_u64().unwrap(), sum, "{rows}");
}

#[test]
fn text_output_names_file_sheet_and_cell() {
    let dir = tempdir("test", "text");
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["令和6年度 進捗状況報告"]);
    sheet.row(&["部署名：関係各部"]);
    sheet.row(&["No", "項目", "内容", "評価", "実績", "今後の方向性"]);
    sheet.row(&["3-1", "地域マネージャー制度の充実", "研修", "B", "研修を3回", "継続"]);
    sheet.row(&["3-2", "地域コミュニティの組織強化", "参加促進", "済", "準備会を開催", "継続"]);
    let file = dir.join("関係各部.xlsx");
    write_xlsx(&file, &[sheet]);
    let run = kyodo(&[Path::new("check"), &file]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = format!(
        "{}:進捗状況!D5: 評価「済」は A・B・C・D のいずれでもありません（項目：地域コミュニティの組織強化）",
        file.display()
    );
    assert!(run.stdout.lines().any(|l| l == line), "{}", run.stdout);
    assert!(run.stdout.contains("エラー 1 件、警告 0 件"), "{}", run.stdout);
    // The row named above is still an item of the plan: the count of rows left out says 0,
    // in words that do not contradict the finding just printed (it said 「上の指摘に挙げた行 0」).
    assert!(
        run.stdout.contains(
            "読み込んだ行 2 行 = 項目 2 + 進捗報告 0 + 空行・注記・見出し 0 + 指摘のため集計に入れなかった行 0"
        ),
        "{}",
        run.stdout
    );
}

/// A plan and progress sheets with one instance of every problem the check knows.
#[test]
fn every_diagnostic_code() {
    let dir = tempdir("test", "codes");
    let mut plan = Sheet::new("施策1");
    plan.row(&["施策1 協働(共働)の意識を高める!!"]);
    plan.row(&["区分", "項目", "内容", "関係部署"]);
    plan.row(&["★", "項目A", "内容A", "総務課"]);
    plan.row(&["○", "項目B", "内容B", "総務課"]);
    plan.row(&["◎", "", "内容C", "総務課"]);
    plan.row(&["◎", "項目D", "", ""]);
    plan.row(&["●", "項目A", "内容A2", "総務課"]);
    plan.row(&["●", "絵文字🎌の項目", "内容", "総務課"]);
    let mut notes = Sheet::new("説明");
    notes.row(&["この様式の書き方"]);
    let mut hidden = Sheet::new("作業用");
    hidden.row(&["項目", "内容"]);
    hidden.hidden = true;
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan, notes, hidden]);

    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let mut report = Sheet::new("報告");
    report.row(&["項目", "評価", "実績", "今後の方向性"]);
    report.row(&["項目A", "Ａ", "実施した", "継続"]);
    report.row(&["項目X", "A", "実施した", "継続"]);
    report.row(&["項目B", "済", "", "継続"]);
    write_xlsx(&progress.join("a.xlsx"), &[report]);
    let mut short = Sheet::new("報告");
    short.row(&["項目", "評価"]);
    short.row(&["項目A", "B"]);
    write_xlsx(&progress.join("b.xlsx"), &[short]);
    std::fs::write(progress.join("c.xlsx"), b"not a workbook").unwrap();

    let (code, json) = check_json(Some(&plan_path), &[&progress]);
    assert_eq!(code, 1);
    let found = codes(&json);
    for code in [
        "unreadable-file",
        "no-table",
        "hidden-sheet",
        "missing-column",
        "missing-field",
        "invalid-value",
        "duplicate-item",
        "not-reported",
        "unknown-item",
        "missing-glyph",
    ] {
        assert!(found.iter().any(|c| c == code), "{code} missing in {json:#}");
    }
    let cell_of = |code: &str, needle: &str| {
        diagnostics_with(&json, code)
            .into_iter()
            .find(|d| d["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no {code} with {needle}: {json:#}"))["cell"]
            .clone()
    };
    assert_eq!(cell_of("invalid-value", "区分「○」"), "A4");
    assert_eq!(cell_of("invalid-value", "評価「済」"), "B4");
    assert_eq!(cell_of("missing-field", "項目が空欄"), "B5");
    assert_eq!(cell_of("missing-field", "内容が空欄"), "C6");
    assert_eq!(cell_of("missing-field", "関係部署が空欄"), "D6");
    assert_eq!(cell_of("missing-field", "実績が空欄"), "C4");
    assert_eq!(cell_of("duplicate-item", "すでにあります"), "B7");
    assert_eq!(cell_of("missing-glyph", "U+1F38C"), "B8");
    assert_eq!(cell_of("unknown-item", "計画にない"), "A3");
    let missing_cols: Vec<&str> =
        diagnostics_with(&json, "missing-column").iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(missing_cols.len(), 2, "{missing_cols:?}");
    assert!(
        missing_cols.iter().any(|m| m.contains("実績"))
            && missing_cols.iter().any(|m| m.contains("今後の方向性"))
    );
    let unreadable = &diagnostics_with(&json, "unreadable-file")[0];
    assert!(unreadable["file"].as_str().unwrap().ends_with("c.xlsx"));
    assert_eq!(unreadable["cell"], Value::Null);
    let files = json["files"].as_array().unwrap();
    assert!(files.iter().any(|f| f["path"].as_str().unwrap().ends_with("c.xlsx") && f["error"].is_string()));
    // 項目A's full-width Ａ is a valid grade: no finding on that row of a.xlsx.
    assert!(!json["diagnostics"].as_array().unwrap().iter().any(|d| d["file"]
        .as_str()
        .unwrap()
        .ends_with("a.xlsx")
        && d["cell"] == "B2"));
    // Not reported: 項目B was reported (with errors), 項目D and the two others were not.
    let not_reported: Vec<&str> =
        diagnostics_with(&json, "not-reported").iter().map(|d| d["item"].as_str().unwrap()).collect();
    assert!(not_reported.contains(&"項目D") && !not_reported.contains(&"項目B"), "{not_reported:?}");
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempdir("test", "warn");
    let mut plan = Sheet::new("計画");
    plan.row(&["項目", "内容"]);
    plan.row(&["髙橋さんの🎌事業", "内容"]);
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[plan]);
    let (code, json) = check_json(None, &[&path]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(codes(&json), ["missing-glyph"]);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert!(!json["diagnostics"][0]["message"].as_str().unwrap().contains('髙'), "髙 is in the font");
}

#[test]
fn csv_in_utf8_and_shift_jis() {
    let dir = tempdir("test", "csv");
    let rows: Vec<Vec<String>> = [
        vec!["令和6年度 アクションプラン"],
        vec!["施策", "項目", "内容", "関係部署"],
        vec!["施策1 意識を高める", "啓発活動", "一行目\n二行目", "総務課、企画課"],
        vec!["", "標語の募集", "標語を募集します。", "企画課"],
        vec!["※ 注記"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    for (name, sjis) in [("utf8.csv", false), ("sjis.csv", true)] {
        let path = dir.join(name);
        write_csv(&path, &rows, sjis);
        let (code, json) = check_json(None, &[&path]);
        assert_eq!(code, 0, "{name}: {json:#}");
        assert_eq!(json["items"], 2, "{name}");
        assert_eq!(json["summary"]["rows"]["other"], 1, "{name}: the note row");
    }
}

#[test]
fn folders_skip_lock_and_hidden_files() {
    let dir = tempdir("test", "folder");
    let mut plan = Sheet::new("計画");
    plan.row(&["項目", "内容"]);
    plan.row(&["a", "b"]);
    write_xlsx(&dir.join("a.xlsx"), &[plan.clone()]);
    plan.rows[1][1] = "c".into(); // the same item, not the same file: a copy is not read
    write_xlsx(&dir.join("b.xlsx"), &[plan]);
    std::fs::write(dir.join("~$a.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join(".hidden.xlsx"), b"junk").unwrap();
    std::fs::write(dir.join("memo.txt"), b"memo").unwrap();
    let (_, json) = check_json(None, &[&dir]);
    let paths: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("a.xlsx") && paths[1].ends_with("b.xlsx"));
    assert_eq!(
        codes(&json),
        ["skipped-files", "duplicate-item"],
        "memo.txt listed; the same item in two files"
    );
    assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("memo.txt"));
}

#[test]
fn could_not_run_exits_two() {
    let dir = tempdir("test", "two");
    let run = kyodo(&[Path::new("check"), &dir.join("nothing.xlsx")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("ありません"), "{}", run.stderr);
    std::fs::write(dir.join("junk.xlsx"), b"junk").unwrap();
    let run = kyodo(&[Path::new("check"), &dir.join("junk.xlsx")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("読めるファイルがありません"), "{}", run.stderr);
    let run = kyodo(&[Path::new("check")]);
    assert_eq!(run.code, 2, "usage error");
}

#[test]
fn broken_settings_name_the_line() {
    let dir = tempdir("test", "settings");
    let mut plan = Sheet::new("計画");
    plan.row(&["項目", "内容"]);
    plan.row(&["a", "b"]);
    write_xlsx(&dir.join("plan.xlsx"), &[plan]);
    std::fs::write(dir.join("kyodo.toml"), "[grades]\nscale = \"A\"\n").unwrap();
    let run = kyodo(&[Path::new("check"), &dir.join("plan.xlsx")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("kyodo.toml:2:"), "{}", run.stderr);
}

#[test]
fn user_grading_scale_and_synonyms() {
    let dir = tempdir("test", "scale");
    std::fs::write(
        dir.join("kyodo.toml"),
        "[grades]\nscale = [{ code = \"順調\", label = \"順調\" }, { code = \"遅れ\", label = \"遅れ\" }]\n\
         [columns]\ngrade = [\"進み具合\"]\n",
    )
    .unwrap();
    let mut plan = Sheet::new("計画");
    plan.row(&["項目", "内容", "進み具合", "実績", "今後の方向性"]);
    plan.row(&["a", "b", "順調", "c", "継続"]);
    plan.row(&["d", "e", "A", "f", "継続"]);
    write_xlsx(&dir.join("plan.xlsx"), &[plan]);
    let (code, json) = check_json(None, &[&dir.join("plan.xlsx")]);
    assert_eq!(code, 1);
    let invalid = diagnostics_with(&json, "invalid-value");
    assert_eq!(invalid.len(), 1, "{json:#}");
    assert!(invalid[0]["message"].as_str().unwrap().contains("順調・遅れ"));
}
