//! Inputs that are not what they seem: a workbook with one broken sheet, files whose extension
//! lies, paths that are no files, and two runs writing into one folder.

mod common;

use common::{kyodo, tempdir, write_xlsx, Sheet};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn plan_sheet(name: &str) -> Sheet {
    let mut sheet = Sheet::new(name);
    sheet.row(&["項目", "内容"]);
    sheet.row(&["啓発活動", "条例の周知"]);
    sheet
}

fn check_json(inputs: &[&Path]) -> (i32, Value) {
    let mut args = vec![Path::new("check"), Path::new("--format"), Path::new("json")];
    args.extend(inputs);
    let run = kyodo(&args);
    (run.code, serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout)))
}

/// Rewrites an xlsx so that its second sheet's relationship points at a part that is missing.
fn break_second_sheet(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name == "xl/worksheets/sheet2.xml" {
            continue;
        }
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_broken_sheet_costs_that_sheet_and_is_counted() {
    let dir = tempdir("inputs", "sheet");
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[plan_sheet("計画"), plan_sheet("壊れた")]);
    break_second_sheet(&path);
    let (code, json) = check_json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(json["items"], 1, "the good sheet is read: {json:#}");
    assert!(json["files"][0]["error"].is_null(), "{json:#}");
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "unreadable-file").unwrap();
    assert_eq!(d["sheet"], "壊れた");
    assert_eq!(json["summary"]["unreadable_sheets"], 1);
    let text = kyodo(&[Path::new("check"), &path]).stdout;
    assert!(text.contains("（読めなかったもの 0 件、読めなかったシート 1 枚）"), "{text}");
}

#[test]
fn the_format_is_read_from_the_content() {
    let dir = tempdir("inputs", "format");
    let xlsx = dir.join("renamed.xls");
    write_xlsx(&xlsx, &[plan_sheet("計画")]);
    let csv_as_xls = dir.join("export.xls");
    std::fs::write(&csv_as_xls, "項目,内容\n広報,広報紙に掲載\n").unwrap();
    let text = dir.join("memo.xlsx");
    std::fs::write(&text, "これは表ではありません").unwrap();
    let (code, json) = check_json(&[&xlsx, &csv_as_xls, &text]);
    assert_eq!(code, 1);
    assert_eq!(json["items"], 2, "{json:#}");
    assert!(json["files"][0]["error"].is_null() && json["files"][1]["error"].is_null(), "{json:#}");
    let error = json["files"][2]["error"].as_str().unwrap();
    assert!(error.contains("中身は .xlsx ではなくテキスト"), "{error}");
}

#[test]
fn an_empty_file_is_said_to_be_empty_whatever_its_name() {
    // A save cut short leaves 0 bytes: no text, no table, and nothing to guess at.
    let dir = tempdir("inputs", "empty");
    let plan = dir.join("plan.xlsx");
    write_xlsx(&plan, &[plan_sheet("計画")]);
    let (xlsx, csv) = (dir.join("関係各部.xlsx"), dir.join("企画課.csv"));
    std::fs::write(&xlsx, b"").unwrap();
    std::fs::write(&csv, b"").unwrap();
    let (code, json) = check_json(&[&plan, &xlsx, &csv]);
    assert_eq!(code, 1, "{json:#}");
    for f in [1, 2] {
        let error = json["files"][f]["error"].as_str().unwrap_or_default();
        assert!(error.starts_with("空のファイルです（0 バイト）"), "{json:#}");
    }
    let unreadable =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "unreadable-file").count();
    assert_eq!(unreadable, 2, "{json:#}");
}

#[cfg(unix)]
#[test]
fn paths_that_are_no_files_say_what_they_are_in_json_too() {
    let dir = tempdir("inputs", "special");
    let fifo = dir.join("pipe.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = dir.join("zero.xlsx");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let long = dir.join(format!("{}.xlsx", "長".repeat(100)));
    for (path, needle) in [
        (&fifo, "名前付きパイプ（FIFO）"),
        (&zero, "デバイスファイル"),
        (&long, "長すぎます"),
        (&dir.join("none.xlsx"), "ファイルもフォルダもありません"),
    ] {
        let (code, json) = check_json(&[path]);
        assert_eq!(code, 2);
        let error = json["error"].as_str().unwrap_or_else(|| panic!("{json:#}"));
        assert!(error.contains(needle), "{error}");
        let text = kyodo(&[Path::new("check"), path]);
        assert!(text.stderr.contains(needle), "{}", text.stderr);
    }
}

#[test]
fn runs_into_one_folder_do_not_mix() {
    let dir = tempdir("inputs", "lock");
    let plan = dir.join("plan.xlsx");
    write_xlsx(&plan, &[plan_sheet("計画")]);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".official.pdf.4242424.tmp");
    std::fs::write(&stale, b"left by a killed run").unwrap();
    let report = |out: &Path| {
        kyodo(&[
            Path::new("report"),
            Path::new("--kind"),
            Path::new("all"),
            Path::new("--format"),
            Path::new("all"),
            Path::new("-o"),
            out,
            &plan,
        ])
    };
    // Another run holds the folder: this one writes nothing and says why.
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".kyodo.lock"))
        .unwrap();
    lock.lock().unwrap();
    let held = report(&out);
    assert_eq!(held.code, 2, "{}", held.stderr);
    assert!(held.stderr.contains("別の kyodo がこのフォルダに書き込んでいます"), "{}", held.stderr);
    assert!(!out.join("official.pdf").exists() && stale.exists());
    drop(lock);
    let run = report(&out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists(), "the dead run's temporary file is removed");
    // A plan without progress has no koho (it says so); every other output is in place.
    for name in ["official.pdf", "official.xlsx", "committee.pdf"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    assert!(!out.join("koho.pdf").exists() && run.stderr.contains("進捗報告が必要です"), "{}", run.stderr);
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Each file is read by a child process under time and memory limits: one that goes over
/// them costs that file only, with its own message. (The time limit is lowered here to 0.1 s
/// of CPU and 0.3 s of wall clock, which a two-line CSV keeps (in about 0.02 s) and a
/// workbook of 45,000 long rows (about 1 s) does not.)
#[test]
fn a_read_over_its_limits_costs_that_file_only() {
    let dir = tempdir("inputs", "child");
    let plan = dir.join("plan.csv");
    std::fs::write(&plan, "項目,内容\n啓発活動,条例の周知\n").unwrap();
    let mut sheet = plan_sheet("計画");
    let long = "協働の取り組みを進めます。".repeat(40);
    for i in 0..45_000 {
        sheet.row(&[&format!("項目{i}"), &format!("{i}{long}")]);
    }
    let book = dir.join("book.xlsx");
    write_xlsx(&book, &[sheet]);
    // Only the time limit is lowered: how much address space a child needs to start at all
    // depends on the build, so a memory limit low enough for this file is not portable.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(["check", "--format", "json"])
        .args([&plan, &book])
        .env("KYODO_READ_LIMIT_MS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["items"], 1, "the CSV is read: {json:#}");
    assert_eq!(json["files"][1]["error"], "読み込みが時間・メモリの上限を超えたため中止しました");
    let (_, json) = check_json(&[&plan, &book]);
    assert_eq!(json["items"], 45_002, "within the limits both are read");
    assert!(json["files"][1]["error"].is_null());
}

#[test]
fn a_usage_error_of_json_mode_is_json() {
    let run = kyodo(&["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert!(json["error"].as_str().unwrap().contains("<INPUT>"), "{json}");
}
