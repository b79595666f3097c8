//! `kyodo template` driven as a user runs it: templates are made from a plan, filled in as a
//! department would (read with calamine, written back with rust_xlsxwriter), and read back by
//! `kyodo check` and `kyodo report` with no mapping.

mod common;

use common::{kyodo, read_workbook, seed, sheet, tempdir, write_xlsx, Sheet};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `kyodo template --plan PLAN -o OUT [EXTRA…]`.
fn template(plan: &Path, out: &Path, extra: &[&str]) -> common::Run {
    let mut args: Vec<&OsStr> =
        vec!["template".as_ref(), "--plan".as_ref(), plan.as_os_str(), "-o".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    kyodo(&args)
}

/// `kyodo check --plan PLAN FILLED` finds nothing to say and reads `reports` reports.
fn assert_reads_back(plan: &Path, filled: &Path, reports: usize) {
    let p = Path::new;
    let run = kyodo(&[p("check"), p("--format"), p("json"), p("--plan"), plan, filled]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    assert_eq!(run.code, 0, "{json}");
    // A form made for another year than the plan's says so once (year-mismatch), nothing else.
    let findings = json["diagnostics"].as_array().unwrap();
    assert!(findings.iter().all(|d| d["code"] == "year-mismatch" && d["severity"] == "warning"), "{json}");
    assert!(findings.len() <= 1, "{json}");
    assert_eq!(json["summary"]["rows"]["reports"], reports, "every report read: {}", json["summary"]);
}

/// The .xlsx files of a folder, by name.
fn files(dir: &Path) -> BTreeMap<String, PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect()
}

/// A template as read back: its rows, the header row and each header's column (line breaks
/// in headers removed).
struct Form {
    rows: Vec<Vec<String>>,
    header: usize,
    cols: BTreeMap<String, usize>,
}

impl Form {
    fn read(path: &Path) -> Form {
        let book = read_workbook(path);
        assert_eq!(book.len(), 1, "one sheet");
        let rows = sheet(&book, "進捗状況").to_vec();
        let header = rows.iter().position(|r| r.iter().any(|c| c == "評価")).expect("a header row");
        let cols = rows[header].iter().enumerate().map(|(i, h)| (h.replace('\n', ""), i)).collect();
        Form { rows, header, cols }
    }

    fn department(&self) -> &str {
        self.rows[1][0].strip_prefix("部署名：").expect("部署名：… on the second row")
    }

    fn get(&self, row: usize, name: &str) -> &str {
        self.rows[row].get(self.cols[name]).map_or("", String::as_str)
    }

    /// Item rows: below the header, with a No.
    fn items(&self) -> Vec<usize> {
        (self.header + 1..self.rows.len()).filter(|&r| !self.get(r, "No").is_empty()).collect()
    }

    /// Writes a filled copy to `to`, title rows and header kept: `values` gives the 評価, 実績,
    /// 課題 and 今後の方向性 of the item numbered No.
    fn fill(&self, to: &Path, values: impl Fn(&str) -> Option<[String; 4]>) {
        let mut s = Sheet::new("進捗状況");
        s.rows = self.rows.clone();
        for r in self.items() {
            let Some(values) = values(self.get(r, "No")) else { continue };
            for (name, value) in ["評価", "実績", "課題", "今後の方向性"].iter().zip(values) {
                let (row, c) = (&mut s.rows[r], self.cols[*name]);
                row.resize(row.len().max(c + 1), String::new());
                row[c] = value;
            }
        }
        write_xlsx(to, &[s]);
    }
}

/// The seed's report of `department` on the item numbered `no`.
fn seed_values(department: &str, no: &str) -> Option<[String; 4]> {
    let i = seed::ITEMS.iter().position(|item| item.no == no)?;
    let r = seed::report(i, department)?;
    Some([r.grade, r.results, r.issues, r.next_steps].map(String::from))
}

fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn filled_templates_pass_the_check_and_make_the_report() {
    let dir = tempdir("template", "round-trip");
    let plan = seed::write_plan_in(&dir);
    let out = dir.join("templates");
    let run = template(&plan, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let made = files(&out);
    let names: Vec<&str> = made.keys().map(String::as_str).collect();
    assert_eq!(names, ["地域再生推進本部.xlsx", "関係各部.xlsx"]);
    let filled = dir.join("filled");
    std::fs::create_dir_all(&filled).unwrap();
    for (name, path) in &made {
        let form = Form::read(path);
        let department = form.department().to_string();
        assert!(
            form.rows[0][0].starts_with("令和6年度（2024年度） "),
            "the plan's own year: {:?}",
            form.rows[0]
        );
        assert!(
            form.rows[2][0].starts_with("※ ") && form.rows[2][0].contains("A 計画どおり実施"),
            "instructions"
        );
        let header: Vec<&str> = form.rows[form.header].iter().map(String::as_str).collect();
        assert_eq!(
            header,
            ["No", "施策", "目標", "区分", "項目", "内容", "評価", "実績", "課題", "今後の\n方向性"]
        );
        let nos: Vec<&str> = form.items().into_iter().map(|r| form.get(r, "No")).collect();
        let expected: Vec<&str> = seed::ITEMS
            .iter()
            .filter(|i| i.departments.contains(&department.as_str()))
            .map(|i| i.no)
            .collect();
        assert_eq!(nos, expected, "{department}'s items, in plan order");
        for r in form.items() {
            let item = seed::ITEMS.iter().find(|i| i.no == form.get(r, "No")).unwrap();
            assert_eq!(form.get(r, "項目"), item.name);
            assert_eq!(form.get(r, "内容"), item.content);
            assert_eq!(form.get(r, "目標"), seed::GOALS[item.goal].1);
            assert_eq!(form.get(r, "施策"), seed::SECTIONS[seed::GOALS[item.goal].0]);
            assert_eq!(form.get(r, "評価"), "", "progress columns are blank");
        }
        let xml = part(path, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<sheetProtection ") && !xml.contains("password"), "locked, no password");
        assert!(xml.contains("formatRows=\"0\"") && xml.contains("formatColumns=\"0\""), "rows resizable");
        assert!(xml.contains("<formula1>\"A,B,C,D\"</formula1>"), "grades drop-down");
        assert!(
            xml.contains("<formula1>\"継続,拡充,改善,縮小,完了,廃止\"</formula1>"),
            "directions drop-down"
        );
        assert!(xml.contains("promptTitle=\"評価\"") && xml.contains("B：おおむね実施"), "input message");
        form.fill(&filled.join(name), |no| seed_values(&department, no));
    }

    assert_reads_back(&plan, &filled, 20);

    let report = dir.join("report");
    let p = Path::new;
    let run = kyodo(&[p("report"), p("--format"), p("all"), p("--plan"), &plan, p("-o"), &report, &filled]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(report.join("official.pdf").is_file());
    let book = read_workbook(&report.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    // The table ends at the first empty row: the plan's ※ note stands below it.
    let list: Vec<&Vec<String>> = list.iter().take_while(|r| r.iter().any(|c| !c.is_empty())).collect();
    assert_eq!(list.len(), 1 + 20);
    assert!(list[1..].iter().all(|r| r[8] != "未提出"), "every item reported");
}

/// Department names no file system keeps get safe, distinct file names; the real name stays in
/// the workbook, and kyodo reads it back from there.
#[test]
fn unsafe_department_names_get_safe_unique_file_names() {
    let dir = tempdir("template", "names");
    let (long_a, long_b) = (format!("{}一", "長".repeat(80)), format!("{}二", "長".repeat(80)));
    // NFKC makes 総務課? and 総務課？ one department; these are all distinct departments.
    let departments = ["総務課?", ".総務課", "総務課", "企画:財政課", "CON", "<広報>課", &long_a, &long_b];
    let mut listed = Sheet::new("計画");
    listed.row(&["No", "項目", "内容", "関係部署"]);
    for (i, d) in departments.iter().enumerate() {
        listed.row(&[&(i + 1).to_string(), &format!("項目{i}"), "内容", d]);
    }
    let mut unlisted = Sheet::new("その他");
    unlisted.row(&["No", "項目", "内容"]);
    unlisted.row(&["99", "部署の決まっていない項目", "内容"]);
    let plan = dir.join("plan.xlsx");
    write_xlsx(&plan, &[listed, unlisted]);
    let out = dir.join("templates");
    let run = template(&plan, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let made = files(&out);
    let expected_names = [
        "総務課？.xlsx".to_string(),
        "総務課.xlsx".into(),
        "総務課(2).xlsx".into(),
        "企画：財政課.xlsx".into(),
        "CON_.xlsx".into(),
        "＜広報＞課.xlsx".into(),
        format!("{}.xlsx", "長".repeat(60)),
        format!("{}(2).xlsx", "長".repeat(57)),
        "関係部署未記入.xlsx".into(),
    ];
    let mut names: Vec<&String> = made.keys().collect();
    let mut expected: Vec<&String> = expected_names.iter().collect();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
    let filled = dir.join("filled");
    std::fs::create_dir_all(&filled).unwrap();
    let mut read_back = Vec::new();
    for (name, path) in &made {
        let form = Form::read(path);
        read_back.push(form.department().to_string());
        form.fill(&filled.join(name), |_| Some(["A", "実施した。", "", "継続"].map(String::from)));
    }
    read_back.sort();
    let mut real: Vec<String> =
        departments.iter().map(|d| d.to_string()).chain(["関係部署未記入".into()]).collect();
    real.sort();
    assert_eq!(read_back, real, "the real names inside");
    assert_reads_back(&plan, &filled, 9);
}

/// With last year's sheets: their grade and results beside each item, read-only, under headers
/// the import does not take for progress, so a filled template still reads back cleanly.
#[test]
fn previous_year_is_shown_beside_each_item() {
    let dir = tempdir("template", "previous");
    let (plan, previous) = seed::write_sample(&dir);
    let out = dir.join("templates");
    let run = template(&plan, &out, &["--previous", previous.to_str().unwrap(), "--year", "R7"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let made = files(&out);
    let again = dir.join("again");
    template(&plan, &again, &["--previous", previous.to_str().unwrap(), "--year", "R7"]);
    for (name, path) in &made {
        assert_eq!(
            std::fs::read(path).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}: same bytes"
        );
    }
    let filled = dir.join("filled");
    std::fs::create_dir_all(&filled).unwrap();
    for (name, path) in &made {
        let form = Form::read(path);
        let department = form.department().to_string();
        assert!(form.rows[0][0].starts_with("令和7年度（2025年度） "), "--year R7");
        let guide = &form.rows[form.header - 1][0];
        assert!(
            guide.contains("※ 前年度の評価・実績は参考です"),
            "no 実績値 on a form without indicators: {guide}"
        );
        let header = &form.rows[form.header];
        let at = |h: &str| header.iter().position(|c| c == h).unwrap_or_else(|| panic!("{h} in {header:?}"));
        assert!(at("内容") < at("前年度の\n評価") && at("前年度の実績") < at("評価"), "{header:?}");
        for r in form.items() {
            let i = seed::ITEMS.iter().position(|item| item.no == form.get(r, "No")).unwrap();
            let last = seed::report(i, &department).unwrap();
            assert_eq!(form.get(r, "前年度の評価"), last.grade, "{department} {}", seed::ITEMS[i].no);
            assert_eq!(form.get(r, "前年度の実績"), last.results);
        }
        let xml = part(path, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<sheetProtection "));
        form.fill(&filled.join(name), |no| seed_values(&department, no));
    }
    assert_reads_back(&plan, &filled, 20);
}

#[test]
fn a_year_that_is_no_year_stops_the_run() {
    let dir = tempdir("template", "year");
    let plan = seed::write_plan_in(&dir);
    let run = template(&plan, &dir.join("out"), &["--year", "来年"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--year「来年」"), "{}", run.stderr);
    assert!(!dir.join("out").exists());
}

/// A plan of 令和6年度 whose first item has two indicators (the second on the row below), its
/// second one and its third none; and 企画課's sheet of 令和5年度 with the first indicator's value.
fn indicator_plan(dir: &Path) -> (PathBuf, PathBuf) {
    let mut plan = Sheet::new("計画");
    plan.row(&["令和6年度 市民協働推進アクションプラン"]);
    plan.row(&["No", "施策", "項目", "内容", "関係部署", "指標", "単位", "基準値", "目標値", "目標年度"]);
    plan.row(&[
        "1",
        "施策1 参画",
        "広報の充実",
        "広報紙で知らせます。",
        "企画課",
        "協働事業数",
        "件",
        "10",
        "20",
        "令和7年度",
    ]);
    plan.row(&["", "", "", "", "", "参加者数", "人", "1,000", "2,000", "令和7年度"]);
    plan.row(&[
        "2",
        "施策1 参画",
        "窓口の案内",
        "窓口で案内します。",
        "企画課",
        "相談件数",
        "件",
        "0",
        "50",
        "令和7年度",
    ]);
    plan.row(&["3", "施策2 協働", "協働事業の募集", "協働事業を募ります。", "企画課"]);
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[plan]);
    let before = dir.join("令和5年度");
    std::fs::create_dir_all(&before).unwrap();
    let mut last = Sheet::new("進捗状況");
    last.row(&["令和5年度 進捗状況報告"]);
    last.row(&["部署名：企画課"]);
    last.row(&["No", "項目", "評価", "実績", "今後の方向性", "指標", "実績値"]);
    last.row(&["1", "広報の充実", "B", "掲載した。", "継続", "協働事業数", "12"]);
    write_xlsx(&before.join("企画課.xlsx"), &[last]);
    (path, before)
}

#[test]
fn forms_carry_the_indicators_and_last_years_values() {
    let dir = tempdir("template", "indicators");
    let (plan, before) = indicator_plan(&dir);
    let out = dir.join("templates");
    let run = template(&plan, &out, &["--previous", before.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = out.join("企画課.xlsx");
    let form = Form::read(&path);
    assert!(form.rows[form.header - 1][0].contains("※ 前年度の評価・実績・実績値は参考です"));
    let header: Vec<String> = form.rows[form.header].iter().map(|h| h.replace('\n', "")).collect();
    let tail: Vec<&str> = header[header.iter().position(|h| h == "今後の方向性").unwrap() + 1..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "指標1",
            "単位1",
            "基準値1",
            "目標値1",
            "目標年度1",
            "前年度の実績値1",
            "実績値1",
            "指標2",
            "単位2",
            "基準値2",
            "目標値2",
            "目標年度2",
            "前年度の実績値2",
            "実績値2"
        ]
    );
    let rows = form.items();
    assert_eq!(form.get(rows[0], "指標1"), "協働事業数");
    assert_eq!(form.get(rows[0], "基準値1"), "10");
    assert_eq!(form.get(rows[0], "目標値2"), "2,000");
    assert_eq!(form.get(rows[0], "前年度の実績値1"), "12", "last year's value of the same indicator");
    assert_eq!(form.get(rows[0], "前年度の実績値2"), "", "not reported last year");
    assert_eq!(form.get(rows[1], "指標1"), "相談件数");
    assert_eq!(form.get(rows[1], "指標2"), "");
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("promptTitle=\"実績値\""), "an input message on 実績値");
    // Numbers as numbers, so Excel sums and compares them; 「2,000」 as written.
    let cell = |name: &str| {
        let col = form.cols[name];
        let letters: String = if col < 26 {
            ((b'A' + col as u8) as char).to_string()
        } else {
            format!("{}{}", (b'A' + (col / 26 - 1) as u8) as char, (b'A' + (col % 26) as u8) as char)
        };
        let start = xml.find(&format!("<c r=\"{letters}{}\"", rows[0] + 1)).unwrap();
        xml[start..start + xml[start..].find("</c>").unwrap()].to_string()
    };
    for (name, value) in [("基準値1", "10"), ("目標値1", "20"), ("前年度の実績値1", "12")] {
        let cell = cell(name);
        assert!(!cell.contains("t=\"s\"") && cell.ends_with(&format!("<v>{value}</v>")), "{name}: {cell}");
    }
    assert!(cell("目標値2").contains("t=\"s\""), "{}", cell("目標値2"));
    // Filled in as a department would, and read back: the values meet the plan's indicators.
    let mut s = Sheet::new("進捗状況");
    s.rows = form.rows.clone();
    let values = [
        ("評価", ["A", "B", "B"]),
        ("実績", ["掲載した。", "案内した。", "募集した。"]),
        ("今後の方向性", ["継続"; 3]),
    ];
    let mut set = |r: usize, name: &str, value: &str| {
        let (row, c) = (&mut s.rows[r], form.cols[name]);
        row.resize(row.len().max(c + 1), String::new());
        row[c] = value.to_string();
    };
    for (name, by_item) in values {
        for (r, v) in rows.iter().zip(by_item) {
            set(*r, name, v);
        }
    }
    set(rows[0], "実績値1", "15");
    set(rows[0], "実績値2", "1,800");
    set(rows[1], "実績値1", "10");
    let filled = dir.join("filled");
    std::fs::create_dir_all(&filled).unwrap();
    write_xlsx(&filled.join("企画課.xlsx"), &[s]);
    assert_reads_back(&plan, &filled, 3);
    let report = dir.join("report");
    let p = Path::new;
    let run = kyodo(&[p("report"), p("--plan"), &plan, p("-o"), &report, &filled]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = common::pdf_text(&report.join("official.pdf"));
    // Under each item its indicators: the header cells, then a row per indicator.
    for line in [
        "指標基準値目標値実績値達成率目標の達成協働事業数10件20件（令和7年度）15件50.0％未達成",
        "参加者数1,000人2,000人（令和7年度）1,800人80.0％未達成",
        "指標基準値目標値実績値達成率目標の達成相談件数0件50件（令和7年度）10件20.0％未達成",
    ] {
        assert!(text.contains(line), "{line} missing in {text}");
    }
    assert_eq!(text.matches("協働事業数").count(), 1, "the plan's indicator and the report's are one");
}

/// This year's returns given as last year's, without --year: the forms are next year's, so
/// 「前年度の評価」 holds last year's grades under a title of the year after; with a --year the
/// sheets already report on, a warning says the column is not last year's.
#[test]
fn forms_after_this_years_returns_are_next_years() {
    let dir = tempdir("template", "next-year");
    let (plan, previous) = seed::write_sample(&dir);
    let out = dir.join("templates");
    let run = template(&plan, &out, &["--previous", previous.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("令和6年度のため、令和7年度の様式を作りました"), "{}", run.stderr);
    for (name, path) in files(&out) {
        let form = Form::read(&path);
        assert!(form.rows[0][0].starts_with("令和7年度（2025年度） "), "{name}: {:?}", form.rows[0]);
    }
    let same = dir.join("same");
    let run = template(&plan, &same, &["--previous", previous.to_str().unwrap(), "--year", "R6"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("令和6年度のもので、令和6年度の前年度ではありません"), "{}", run.stderr);
}

#[test]
fn forms_print_legibly_with_each_row_once() {
    // A form's last row was written twice (<row r="13"> twice), and its columns printed its
    // text at 5 pt.
    let dir = tempdir("template", "print");
    let (plan, _) = seed::write_sample(&dir);
    let out = dir.join("forms");
    assert_eq!(template(&plan, &out, &[]).code, 0);
    let forms = files(&out);
    assert_eq!(forms.len(), 2);
    for form in forms.values() {
        let xml = part(form, "xl/worksheets/sheet1.xml");
        common::assert_prints_legibly(&xml);
        assert!(part(form, "xl/workbook.xml").contains("_xlnm.Print_Titles"), "the header repeats");
    }
}
