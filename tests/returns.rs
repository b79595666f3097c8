//! `kyodo check --returns` on the forms kyodo writes, filled in as a department would in Excel
//! (values typed into the form's own cells, nothing else touched): the workbook that goes back
//! is the department's own, differing from it part by part only in the 要修正一覧 sheet, the
//! notes and the fills, and it reads back exactly as the original.

mod common;

use common::{kyodo, read_workbook, seed, tempdir};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Every part of a package by name, decompressed.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).unwrap_or_else(|| panic!("no part {name}")).clone()).unwrap()
}

/// Writes `parts` as a package.
fn pack(parts: &BTreeMap<String, Vec<u8>>, to: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A1 of a zero-based cell (columns A–Z).
fn a1(row: usize, col: usize) -> String {
    format!("{}{}", (b'A' + col as u8) as char, row + 1)
}

/// The form's sheet with `values` typed into its cells (text, or a number where it parses),
/// as Excel would: each cell keeps its own format.
fn typed(sheet: &str, values: &[(String, String)]) -> String {
    let mut sheet = sheet.to_string();
    for (at, value) in values {
        let start = sheet.find(&format!("<c r=\"{at}\" ")).unwrap_or_else(|| panic!("no cell {at}"));
        let end = start + sheet[start..].find("/>").unwrap();
        let cell = if value.parse::<f64>().is_ok() {
            format!("{}><v>{value}</v></c>", &sheet[start..end])
        } else {
            let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
            format!(
                "{} t=\"inlineStr\"><is><t xml:space=\"preserve\">{escaped}</t></is></c>",
                &sheet[start..end]
            )
        };
        sheet.replace_range(start..end + 2, &cell);
    }
    sheet
}

/// `department`'s form filled with the seed's reports, its first item's 評価 `first_grade`
/// (and its 課題 the number 71); saved at `to`, as .xlsm with a macro project when `macros`.
fn fill(form: &Path, department: &str, first_grade: &str, to: &Path, macros: bool) {
    let book = read_workbook(form);
    let rows = &book[0].1;
    let header = rows.iter().position(|r| r.iter().any(|c| c == "評価")).unwrap();
    let col = |name: &str| rows[header].iter().position(|c| c.replace('\n', "") == name).unwrap();
    let mut values = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(header + 1) {
        let Some(i) = seed::ITEMS.iter().position(|item| item.no == row[col("No")]) else { continue };
        let Some(report) = seed::report(i, department) else { continue };
        let first = values.is_empty();
        let grade = if first { first_grade } else { report.grade };
        let issues = if first { "71" } else { report.issues };
        for (name, value) in
            [("評価", grade), ("実績", report.results), ("課題", issues), ("今後の方向性", report.next_steps)]
        {
            if !value.is_empty() {
                values.push((a1(r, col(name)), value.to_string()));
            }
        }
    }
    let mut package = parts(form);
    let sheet = typed(&text(&package, "xl/worksheets/sheet1.xml"), &values);
    package.insert("xl/worksheets/sheet1.xml".into(), sheet.into_bytes());
    if macros {
        // A macro project kyodo never reads: it must come back byte for byte.
        package.insert("xl/vbaProject.bin".into(), (0..=255u8).cycle().take(3000).collect());
        let types = text(&package, "[Content_Types].xml")
            .replace("spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml")
            .replace("<Default Extension=\"xml\"", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/><Default Extension=\"xml\"");
        package.insert("[Content_Types].xml".into(), types.into_bytes());
        let rels = text(&package, "xl/_rels/workbook.xml.rels").replace(
            "</Relationships>",
            "<Relationship Id=\"rId99\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>",
        );
        package.insert("xl/_rels/workbook.xml.rels".into(), rels.into_bytes());
    }
    pack(&package, to);
}

/// The parts a return may change; every other part of the original comes back as it was.
const PATCHED: [&str; 5] = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
];

/// The children of `list` in a styles part, as written.
fn list<'a>(styles: &'a str, list: &str) -> &'a str {
    let start = styles.find(&format!("<{list} ")).unwrap();
    let start = start + styles[start..].find('>').unwrap() + 1;
    if styles[..start].ends_with("/>") {
        return "";
    }
    &styles[start..start + styles[start..].find(&format!("</{list}>")).unwrap()]
}

/// `attr="…"` of the cell tag at `at` in a sheet.
fn cell_style(sheet: &str, at: &str) -> String {
    let start = sheet.find(&format!("<c r=\"{at}\" ")).unwrap_or_else(|| panic!("no cell {at}"));
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    tag.split("s=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string()
}

/// Asserts `returned` is `original` with only a return's additions, and gives the cells noted.
fn assert_only_additions(original: &Path, returned: &Path) -> BTreeSet<String> {
    let (before, after) = (parts(original), parts(returned));
    for (name, bytes) in &before {
        assert!(after.contains_key(name), "{name} kept");
        if !PATCHED.contains(&name.as_str()) {
            assert!(after[name] == *bytes, "{name} byte for byte");
        }
    }
    let added: BTreeSet<&str> =
        after.keys().filter(|n| !before.contains_key(*n)).map(String::as_str).collect();
    assert_eq!(
        added,
        [
            "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml",
            "xl/worksheets/_rels/sheet1.xml.rels",
            "xl/worksheets/sheet2.xml"
        ]
        .into_iter()
        .collect(),
        "the list sheet, the notes and their drawing"
    );

    // Styles: the department's own lists as they were, kyodo's formats after them.
    let (old_styles, new_styles) = (text(&before, "xl/styles.xml"), text(&after, "xl/styles.xml"));
    for name in ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"] {
        if old_styles.contains(&format!("<{name} ")) {
            assert!(list(&new_styles, name).starts_with(list(&old_styles, name)), "{name}: {new_styles}");
        }
    }
    let xfs = |styles: &str| list(styles, "cellXfs").matches("<xf ").count();
    let fills = list(&old_styles, "fills").matches("<fill>").count();

    // The sheet: the original but for the noted cells' format, the selection and the drawing.
    let comments = text(&after, "xl/comments1.xml");
    let noted: BTreeSet<String> =
        comments.split("ref=\"").skip(1).filter_map(|s| s.split('"').next().map(str::to_string)).collect();
    let (old_sheet, new_sheet) =
        (text(&before, "xl/worksheets/sheet1.xml"), text(&after, "xl/worksheets/sheet1.xml"));
    let mut restored = new_sheet.clone();
    for at in &noted {
        let (old, new) = (cell_style(&old_sheet, at), cell_style(&new_sheet, at));
        let index: usize = new.parse().unwrap();
        assert!(index >= xfs(&old_styles), "{at} in a format of its own");
        let format = list(&new_styles, "cellXfs").split("<xf ").nth(index + 1).unwrap();
        assert!(format.contains(&format!("fillId=\"{fills}\"")), "{at} filled: {format}");
        restored =
            restored.replace(&format!("<c r=\"{at}\" s=\"{new}\""), &format!("<c r=\"{at}\" s=\"{old}\""));
    }
    let drawing = restored.find("<legacyDrawing ").unwrap();
    let drawing = drawing..drawing + restored[drawing..].find("/>").unwrap() + 2;
    restored.replace_range(drawing, "");
    assert_eq!(restored, old_sheet.replace(" tabSelected=\"1\"", ""), "the sheet as the department saved it");
    // What the department's Excel shows and checks, there as before.
    for kept in [
        "<dataValidation ",
        "<sheetProtection ",
        "state=\"frozen\"",
        "<mergeCell ",
        "<pageSetup ",
        "t=\"inlineStr\"",
        "<v>71</v>",
    ] {
        assert!(new_sheet.contains(kept), "{kept}");
    }
    // The list is the first sheet and the one shown; the form's print titles follow it.
    let workbook = text(&after, "xl/workbook.xml");
    assert!(workbook.contains("<sheets><sheet name=\"要修正一覧\""), "{workbook}");
    assert!(workbook.contains("localSheetId=\"1\">進捗状況!$4:$4</definedName>"), "{workbook}");
    assert!(text(&after, "xl/worksheets/sheet2.xml").contains("tabSelected=\"1\""));
    noted
}

/// `kyodo check --format json --plan PLAN DIR`: the findings with the folder's path left out.
fn findings(plan: &Path, dir: &Path) -> Vec<String> {
    let p = Path::new;
    let run = kyodo(&[p("check"), p("--format"), p("json"), p("--plan"), plan, dir]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    let shown = dir.display().to_string();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.to_string().replace(&shown, "DIR").replace(".xlsm", ".xlsx"))
        .collect()
}

/// A folder `name` with the seed's plan, the forms `kyodo template` makes of it and an empty
/// inbox: (folder, plan, forms, inbox).
fn forms(name: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let dir = tempdir("returns", name);
    let plan = seed::write_plan_in(&dir);
    let forms = dir.join("forms");
    let run = kyodo(&[Path::new("template"), Path::new("--plan"), &plan, Path::new("-o"), &forms]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    (dir, plan, forms, inbox)
}

#[test]
fn a_filled_form_comes_back_as_the_departments_own_workbook() {
    let (dir, plan, forms, inbox) = forms("own-workbook");
    let p = Path::new;
    let all = inbox.join(format!("{}.xlsx", seed::ALL));
    let hq = inbox.join(format!("{}.xlsm", seed::HQ));
    fill(&forms.join(format!("{}.xlsx", seed::ALL)), seed::ALL, "S", &all, false);
    fill(&forms.join(format!("{}.xlsx", seed::HQ)), seed::HQ, "E", &hq, true);

    let returns = dir.join("returns");
    let run = kyodo(&[p("check"), p("--plan"), &plan, p("--returns"), &returns, &inbox]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let returned_all = returns.join(format!("{}.xlsx", seed::ALL));
    let returned_hq = returns.join(format!("{}.xlsm", seed::HQ));
    assert!(returned_hq.exists(), "a workbook with macros goes back as .xlsm: {}", run.stderr);
    for (original, returned) in [(&all, &returned_all), (&hq, &returned_hq)] {
        let noted = assert_only_additions(original, returned);
        assert!(!noted.is_empty());
        // The notes are on exactly the cells the check names.
        let named: BTreeSet<String> = run
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("{}:進捗状況!", original.display())))
            .filter_map(|l| l.split(':').next().map(str::to_string))
            .collect();
        assert_eq!(noted, named, "{}", run.stdout);
        let book = read_workbook(returned);
        assert_eq!(book.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["要修正一覧", "進捗状況"]);
        assert!(book[0].1.iter().any(|r| r.iter().any(|c| c.contains("評価「"))), "{:?}", book[0].1);
        assert_eq!(book[1].1, read_workbook(original)[0].1, "every value where it was");
        // The list and the form's own sheet print legibly, one page wide.
        for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            common::assert_prints_legibly(&text(&parts(returned), sheet));
        }
    }

    // Sent back as they are, the returned workbooks read exactly as the originals.
    let again = dir.join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(&returned_all, again.join(format!("{}.xlsx", seed::ALL))).unwrap();
    std::fs::copy(&returned_hq, again.join(format!("{}.xlsm", seed::HQ))).unwrap();
    assert_eq!(findings(&plan, &again), findings(&plan, &inbox));

    // And returned again: one list, the notes not said twice.
    let twice = dir.join("twice");
    let run = kyodo(&[p("check"), p("--plan"), &plan, p("--returns"), &twice, &again]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let second = twice.join(format!("{}.xlsx", seed::ALL));
    let book = read_workbook(&second);
    assert_eq!(book.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["要修正一覧", "進捗状況"]);
    let (first_notes, second_notes) =
        (text(&parts(&returned_all), "xl/comments1.xml"), text(&parts(&second), "xl/comments1.xml"));
    assert_eq!(second_notes.matches("<comment ").count(), first_notes.matches("<comment ").count());
    assert_eq!(second_notes.matches("評価「S」").count(), 1, "{second_notes}");
}

/// Sets a file's modification time `hours` hours back.
fn age(path: &Path, hours: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600)).unwrap();
}

#[test]
fn a_corrected_file_beside_the_old_one_is_read_instead_of_it() {
    let (_, plan, forms, inbox) = forms("corrected");
    let p = Path::new;
    let form = |d: &str| forms.join(format!("{d}.xlsx"));
    fill(&form(seed::HQ), seed::HQ, "A", &inbox.join(format!("{}.xlsx", seed::HQ)), false);
    // The first reply with a grade the scale lacks, then the corrected one saved beside it
    // as Windows names a second copy.
    let old = inbox.join(format!("{}.xlsx", seed::ALL));
    let new = inbox.join(format!("{} (1).xlsx", seed::ALL));
    fill(&form(seed::ALL), seed::ALL, "S", &old, false);
    fill(&form(seed::ALL), seed::ALL, "B", &new, false);
    age(&old, 2);

    let check = || {
        let run = kyodo(&[p("check"), p("--format"), p("json"), p("--plan"), &plan, &inbox]);
        let json: serde_json::Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
        (run.code, json["diagnostics"].as_array().unwrap().clone())
    };
    let (code, diagnostics) = check();
    assert_eq!(code, 0, "{diagnostics:?}");
    assert_eq!(diagnostics.len(), 1, "one warning, no duplicate-report per row: {diagnostics:?}");
    let warning = &diagnostics[0];
    assert_eq!(
        (warning["code"].as_str(), warning["severity"].as_str()),
        (Some("duplicate-file"), Some("warning"))
    );
    assert_eq!(warning["file"].as_str(), Some(old.display().to_string().as_str()), "names the older file");
    let message = warning["message"].as_str().unwrap();
    assert!(message.contains(&new.display().to_string()) && message.contains("関係各部"), "{message}");

    // The other way round: the copy is the older one, and it is the one left out.
    age(&old, 0);
    age(&new, 3);
    let (code, diagnostics) = check();
    assert_eq!(code, 1, "the newer file's wrong grade is read: {diagnostics:?}");
    let codes: Vec<&str> = diagnostics.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"duplicate-file") && !codes.contains(&"duplicate-report"), "{codes:?}");
    let set_aside = diagnostics.iter().find(|d| d["code"] == "duplicate-file").unwrap();
    assert_eq!(set_aside["file"].as_str(), Some(new.display().to_string().as_str()));
}

/// Two departments' files whose names only show alike: saved in Shift_JIS and unpacked on
/// Linux (a zip made on Windows), 「企画課.csv」 and 「総務課.csv」 are bytes that are no UTF-8,
/// and both show as 「��.csv」. The findings of one are not the other's: only the file with
/// the wrong grade comes back, with its own rows.
#[cfg(target_os = "linux")]
#[test]
fn files_shown_alike_do_not_get_each_others_findings() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir("returns", "shown-alike");
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // 企画課 (sorted first) has a grade off the scale; 総務課, read after it, has none.
    let name = |bytes: &[u8]| inbox.join(std::ffi::OsStr::from_bytes(bytes));
    let (planning, general) = (name(b"\x8a\xe9.csv"), name(b"\x91\x8d.csv"));
    assert_eq!(planning.to_string_lossy(), general.to_string_lossy(), "the two are shown alike");
    let header = "No,項目,内容,評価,実績,課題,今後の方向性";
    std::fs::write(&planning, format!("部署名：企画課\n{header}\n1-1,自治会,意識の把握,Z,あり,なし,継続\n"))
        .unwrap();
    std::fs::write(&general, format!("部署名：総務課\n{header}\n1-2,窓口,担当者の配置,A,あり,なし,継続\n"))
        .unwrap();

    let returns = dir.join("returns");
    let p = Path::new;
    let run = kyodo(&[p("check"), p("--returns"), &returns, &inbox]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let copies: Vec<PathBuf> = std::fs::read_dir(&returns)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains("督促一覧"))
        .collect();
    let [copy] = &copies[..] else { panic!("one department's copy: {copies:?}") };
    let printed = format!("{}{}", run.stdout, run.stderr);
    let named = printed.matches(&*copy.to_string_lossy()).count();
    assert_eq!(named, 1, "written once, not once for each file shown alike: {printed}");
    let book = read_workbook(copy);
    let values: Vec<&String> = book.iter().skip(1).flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(
        values.iter().any(|v| *v == "自治会") && values.iter().any(|v| *v == "Z"),
        "企画課's rows: {values:?}"
    );
    assert!(!values.iter().any(|v| *v == "窓口"), "not 総務課's rows with 企画課's note: {values:?}");
    let list = &book[0].1;
    assert_eq!(list.iter().filter(|r| r.iter().any(|c| c == "D3")).count(), 1, "one finding: {list:?}");
}

/// Two departments' files of one name in two folders, both with findings: each gets its own
/// return, the second named by its folder, neither written over the other.
#[test]
fn returns_of_files_named_alike_are_both_kept() {
    let dir = tempdir("returns", "named-alike");
    let header = "No,項目,内容,評価,実績,課題,今後の方向性";
    for (folder, dept, row) in
        [("企画部", "企画課", "1-1,自治会,意識の把握"), ("総務部", "総務課", "1-2,窓口,担当者の配置")]
    {
        std::fs::create_dir_all(dir.join("inbox").join(folder)).unwrap();
        let text = format!("部署名：{dept}\n{header}\n{row},Z,あり,なし,継続\n");
        std::fs::write(dir.join("inbox").join(folder).join("進捗報告.csv"), text).unwrap();
    }
    let returns = dir.join("returns");
    let p = Path::new;
    let run = kyodo(&[p("check"), p("--returns"), &returns, &dir.join("inbox")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows_of = |name: &str| -> Vec<String> {
        let book = read_workbook(&returns.join(name));
        book.iter().skip(1).flat_map(|(_, rows)| rows.iter().flatten().cloned()).collect()
    };
    let (first, second) = (rows_of("進捗報告.xlsx"), rows_of("進捗報告（総務部）.xlsx"));
    assert!(first.iter().any(|v| v == "自治会") && !first.iter().any(|v| v == "窓口"), "{first:?}");
    assert!(second.iter().any(|v| v == "窓口") && !second.iter().any(|v| v == "自治会"), "{second:?}");
}
