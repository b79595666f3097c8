//! 個票: one sheet per item, its labels (施策, 目標, No, 項目, 内容, 担当課, 評価, 取組実績, 課題,
//! 今後の方向性) with the value right of each label or below it, and a small indicator table. A
//! department's workbook of such sheets is its return; a plan may be kept so too. Each test
//! writes its workbook and asserts on `check --format json`, `inspect`, the returns and the
//! reports.

mod common;

use common::{kyodo, pdf_text, read_workbook, tempdir, write_xlsx, xlsx_part, Sheet};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One item's record as a department writes it.
struct Record {
    no: String,
    section: &'static str,
    goal: &'static str,
    name: String,
    content: String,
    department: &'static str,
    grade: &'static str,
    results: String,
    issues: &'static str,
    next_steps: &'static str,
    /// 指標, 単位, 基準値, 目標値, 実績値 of the indicator table.
    indicator: Option<[&'static str; 5]>,
}

/// The 15 items of the plan: No 1–15 of 企画課, in two 施策; No 3 has an indicator.
fn record(n: usize) -> Record {
    let (section, goal) = match n {
        1..=8 => ("1 情報を届ける", "市の取組を知らせる"),
        _ => ("2 ともに進める", "協働事業を広げる"),
    };
    Record {
        no: n.to_string(),
        section,
        goal,
        name: format!("取組{n}"),
        content: format!("取組{n}を進めます。"),
        department: "企画課",
        grade: ["A", "B", "C"][n % 3],
        results: format!("取組{n}を実施した。"),
        issues: "人手が足りない。",
        next_steps: "継続",
        indicator: (n == 3).then_some(["広報紙の発行回数", "回", "10", "12", "12"]),
    }
}

impl Record {
    /// The labels written one to a row, with their values, in sheet order.
    fn pairs(&self) -> [(&'static str, String); 8] {
        [
            ("施策", self.section.to_string()),
            ("目標", self.goal.to_string()),
            ("項目", self.name.clone()),
            ("内容", self.content.clone()),
            ("評価", self.grade.to_string()),
            ("取組実績", self.results.clone()),
            ("課題", self.issues.to_string()),
            ("今後の方向性", self.next_steps.to_string()),
        ]
    }

    /// No and 担当課 on one row, each value right of its label (担当課's merged across D:F).
    fn no_row(&self, s: &mut Sheet) {
        let row = s.row(&["No", &self.no, "担当課", self.department]);
        s.merges.push((row, 3, row, 5));
    }
}

/// A sheet titled 「令和6年度 … 個票」, the title merged across A:F.
fn titled(sheet: &str) -> Sheet {
    let mut s = Sheet::new(sheet);
    s.row(&["令和6年度 市民協働推進アクションプラン 個票"]);
    s.merges.push((0, 0, 0, 5));
    s
}

/// A 個票 with each value right of its label, merged across B:F (No and 担当課 share a row
/// after 目標), and the indicator table under a blank row.
fn beside(sheet: &str, r: &Record) -> Sheet {
    let mut s = titled(sheet);
    s.row(&[]);
    for (k, (label, value)) in r.pairs().into_iter().enumerate() {
        if k == 2 {
            r.no_row(&mut s);
        }
        let row = s.row(&[label, &value]);
        s.merges.push((row, 1, row, 5));
    }
    indicator_table(&mut s, r);
    s
}

/// A 個票 with each value below its label, both merged across A:F (No and 担当課 first).
fn below(sheet: &str, r: &Record) -> Sheet {
    let mut s = titled(sheet);
    r.no_row(&mut s);
    for (label, value) in r.pairs() {
        let row = s.row(&[label]);
        s.merges.push((row, 0, row, 5));
        let row = s.row(&[&value]);
        s.merges.push((row, 0, row, 5));
    }
    indicator_table(&mut s, r);
    s
}

fn indicator_table(s: &mut Sheet, r: &Record) {
    if let Some(values) = r.indicator {
        s.row(&[]);
        s.row(&["指標", "単位", "基準値", "目標値", "実績値"]);
        s.row(&values);
    }
}

/// The plan: a table of the 15 items, No 3 with its indicator's 基準値 and 目標値.
fn write_plan(dir: &Path) -> PathBuf {
    let mut plan = Sheet::new("計画");
    plan.row(&["市民協働推進アクションプラン"]);
    plan.row(&["No", "施策", "目標", "項目", "内容", "関係部署", "指標", "基準値", "目標値"]);
    for n in 1..=15 {
        let r = record(n);
        let (indicator, baseline, target) = match r.indicator {
            Some([name, _, baseline, target, _]) => (name, baseline, target),
            None => ("", "", ""),
        };
        plan.row(&[&r.no, r.section, r.goal, &r.name, &r.content, r.department, indicator, baseline, target]);
    }
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[plan]);
    path
}

/// The department's workbook: a cover, an example, a blank sheet, then one 個票 per item (every
/// third with its values below the labels).
fn write_return(dir: &Path, edit: impl Fn(usize, &mut Record)) -> PathBuf {
    let mut cover = Sheet::new("表紙");
    cover.row(&["令和6年度 進捗状況報告"]);
    cover.row(&["企画課"]);
    let mut example_record = record(1);
    example_record.name = "記入例の取組".into();
    let mut sheets = vec![cover, beside("記入例", &example_record), Sheet::new("Sheet3")];
    for n in 1..=15 {
        let mut r = record(n);
        edit(n, &mut r);
        let name = format!("No.{n}");
        sheets.push(if n % 3 == 0 { below(&name, &r) } else { beside(&name, &r) });
    }
    let path = dir.join("個票_企画.xlsx");
    write_xlsx(&path, &sheets);
    path
}

fn run_json(args: &[&Path]) -> (i32, Value) {
    let run = kyodo(args);
    (
        run.code,
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr)),
    )
}

fn check_json(plan: Option<&Path>, inputs: &[&Path]) -> (i32, Value) {
    let mut args: Vec<&Path> = ["check", "--format", "json"].map(Path::new).to_vec();
    if let Some(plan) = plan {
        args.extend([Path::new("--plan"), plan]);
    }
    args.extend_from_slice(inputs);
    run_json(&args)
}

fn diagnostics<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

fn report(dir: &Path, plan: &Path, records: &Path) -> PathBuf {
    let out = dir.join("out");
    let args = ["report", "--kind", "official", "--format", "all", "-o"].map(Path::new);
    let run = kyodo(&[&args[..], &[out.as_path(), Path::new("--plan"), plan, records]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

#[test]
fn a_workbook_of_records_is_a_departments_return() {
    let dir = tempdir("records", "return");
    let plan = write_plan(&dir);
    let records = write_return(&dir, |_, _| {});
    let (code, json) = check_json(Some(&plan), &[&records]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["items"], 15, "{json:#}");
    let rows = &json["summary"]["rows"];
    // 15 reports (by 企画課, named in 担当課: the file's name is no department), the one
    // indicator row, and the cover and the example not read, in one line.
    assert_eq!((rows["reports"].as_u64(), rows["indicators"].as_u64()), (Some(15), Some(1)), "{json:#}");
    assert!(diagnostics(&json, "not-reported").is_empty(), "{json:#}");
    let skipped = diagnostics(&json, "no-table");
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{json:#}");
    let message = skipped[0]["message"].as_str().unwrap();
    assert!(message.contains("「表紙」") && message.contains("「記入例」"), "{message}");
    assert!(!message.contains("Sheet3"), "a blank sheet is no finding: {message}");

    let out = report(&dir, &plan, &records);
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    for n in [1, 6, 15] {
        let results = format!("取組{n}を実施した。");
        assert!(cells.iter().any(|c| **c == results), "{results} in {cells:?}");
    }
    assert!(!cells.iter().any(|c| c.contains("記入例の取組")), "the example is no report");
    // The tally: 15 items, 5 each of A, B and C, none 未提出 (every item reported by 企画課).
    let total = book.iter().flat_map(|(_, rows)| rows).find(|r| r.first().is_some_and(|c| c == "合計"));
    assert_eq!(total.map(|r| &r[1..8]), Some(&["15", "5", "5", "5", "0", "0", "15"].map(String::from)[..]));
    let text = pdf_text(&out.join("official.pdf"));
    assert!(text.contains("取組6を実施した。"), "a value written below its label: {text}");
    assert!(text.contains("広報紙の発行回数"), "{text}");
    // No 3's indicator: 実績値 12 against 基準値 10 and 目標値 12 of the plan.
    assert!(text.contains("100.0％達成"), "{text}");
    // Grades: 5 items of each of A (No 3, 6, …), B and C.
    assert!(!text.contains("（未記入）"), "{text}");
}

#[test]
fn an_off_scale_grade_and_blanks_are_named_at_the_values_cells() {
    let dir = tempdir("records", "invalid");
    let plan = write_plan(&dir);
    let records = write_return(&dir, |n, r| match n {
        6 => r.grade = "S",
        5 => r.next_steps = "",
        9 => r.results = String::new(),
        _ => {}
    });
    let (code, json) = check_json(Some(&plan), &[&records]);
    assert_eq!(code, 1, "{json:#}");
    let at = |d: &Value| (d["sheet"].as_str().unwrap().to_string(), d["cell"].as_str().unwrap().to_string());
    let invalid = diagnostics(&json, "invalid-value");
    assert_eq!(invalid.len(), 1, "{json:#}");
    // No.6 has its values below the labels: 評価 on row 11, its value on row 12.
    assert_eq!(at(invalid[0]), ("No.6".into(), "A12".into()), "{json:#}");
    let blanks: Vec<(String, String)> = diagnostics(&json, "missing-field").into_iter().map(at).collect();
    assert_eq!(blanks, [("No.5".into(), "B11".into()), ("No.9".into(), "A14".into())], "{json:#}");

    // The returned copy notes and fills those cells, not the labels.
    let returns = dir.join("returns");
    let p = Path::new;
    let run = kyodo(&[p("check"), p("--plan"), &plan, p("--returns"), &returns, &records]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let returned = returns.join("個票_企画.xlsx");
    let book = read_workbook(&returned);
    let list = &book[0].1;
    assert!(list.iter().any(|r| r.iter().any(|c| c == "No.6") && r.iter().any(|c| c == "A12")), "{list:?}");
    let mut noted = Vec::new();
    for n in 1..=book.len() {
        let Ok(comments) = std::panic::catch_unwind(|| xlsx_part(&returned, &format!("xl/comments{n}.xml")))
        else {
            continue;
        };
        noted
            .extend(comments.split("ref=\"").skip(1).filter_map(|s| s.split('"').next().map(str::to_string)));
    }
    noted.sort();
    assert_eq!(noted, ["A12", "A14", "B11"], "notes on the value cells");
}

#[test]
fn inspect_shows_a_record_with_its_labels() {
    let dir = tempdir("records", "inspect");
    let path = dir.join("個票.xlsx");
    let mut cover = Sheet::new("表紙");
    cover.row(&["令和6年度 進捗状況報告"]);
    write_xlsx(&path, &[cover, beside("No.3", &record(3)), below("No.6", &record(6))]);
    let (code, json) = run_json(&[Path::new("inspect"), Path::new("--format"), Path::new("json"), &path]);
    assert_eq!(code, 0, "{json:#}");
    let sheets = &json["files"][0]["sheets"];
    assert_eq!(sheets[0]["layout"], "skipped", "{json:#}");
    let form = &sheets[1];
    assert_eq!(
        (form["layout"].as_str(), form["year"].as_str()),
        (Some("form"), Some("令和6年度")),
        "{form:#}"
    );
    assert_eq!((form["items"].as_u64(), form["reports"].as_u64()), (Some(1), Some(1)), "{form:#}");
    let label = |sheet: &Value, text: &str| {
        sheet["labels"].as_array().unwrap().iter().find(|l| l["label"] == text).cloned().unwrap()
    };
    assert_eq!(
        label(form, "評価"),
        serde_json::json!({"cell": "A8", "label": "評価", "role": "grade", "value_cell": "B8", "blank": false})
    );
    assert_eq!(label(form, "担当課")["value_cell"], "D5");
    assert_eq!(label(form, "取組実績")["role"], "results");
    assert_eq!(form["header_rows"], serde_json::json!([13]), "the indicator table's: {form:#}");
    assert_eq!(form["columns"][4]["role"], "actual", "{form:#}");
    assert_eq!(label(&sheets[2], "評価")["value_cell"], "A12", "below its label: {json:#}");

    let run = kyodo(&[Path::new("inspect"), &path]);
    assert!(run.stdout.contains("シート「No.3」：個票"), "{}", run.stdout);
    assert!(run.stdout.contains("A8 「評価」 → 評価（値 B8）"), "{}", run.stdout);
}

#[test]
fn settings_names_apply_to_labels() {
    let dir = tempdir("records", "settings");
    let mut r = record(1);
    r.grade = "計画どおりに進んでいる";
    let mut s = beside("No.1", &r);
    s.rows[7][0] = "進み具合".into();
    s.rows[8][0] = "やったこと".into();
    let path = dir.join("個票.xlsx");
    write_xlsx(&path, &[s]);
    let toml = dir.join("kyodo.toml");
    std::fs::write(
        &toml,
        "[columns]\nstatus = [\"進み具合\"]\nresults = [\"やったこと\"]\n[grades]\nscale = [\n  { code = \"計画どおりに進んでいる\", label = \"計画どおりに進んでいる\" },\n  { code = \"遅れている\", label = \"遅れている\" },\n]\n",
    )
    .unwrap();
    let (_, json) = run_json(&[Path::new("inspect"), Path::new("--format"), Path::new("json"), &path]);
    let labels = json["files"][0]["sheets"][0]["labels"].as_array().unwrap().clone();
    let role = |text: &str| labels.iter().find(|l| l["label"] == text).map(|l| l["role"].clone());
    assert_eq!(role("進み具合"), Some("grade".into()), "{json:#}");
    assert_eq!(role("やったこと"), Some("results".into()), "{json:#}");
}

#[test]
fn a_plan_kept_as_records_is_the_plan() {
    let dir = tempdir("records", "plan");
    let mut sheets = Vec::new();
    for n in 1..=3 {
        let mut r = record(n);
        (r.grade, r.results, r.issues, r.next_steps) = ("", String::new(), "", "");
        sheets.push(beside(&format!("No.{n}"), &r));
    }
    let plan = dir.join("計画個票.xlsx");
    write_xlsx(&plan, &sheets);
    let (code, json) = check_json(None, &[&plan]);
    assert_eq!(code, 0, "no progress is asked of a plan: {json:#}");
    assert_eq!(json["items"], 3, "{json:#}");
    assert_eq!(json["summary"]["rows"]["reports"], 0, "{json:#}");

    // Reported on by a table of the department.
    let mut progress = Sheet::new("報告");
    progress.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    for n in 1..=3 {
        progress.row(&[&n.to_string(), &format!("取組{n}"), "A", &format!("報告{n}"), "継続"]);
    }
    let report = dir.join("企画課.xlsx");
    write_xlsx(&report, &[progress]);
    let (code, json) = check_json(Some(&plan), &[&report]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["rows"]["reports"], 3, "{json:#}");
    let out = self::report(&dir, &plan, &report);
    let text = pdf_text(&out.join("official.pdf"));
    assert!(text.contains("取組2を進めます。") && text.contains("報告2"), "{text}");
}

#[test]
fn a_records_earlier_year_is_last_years_report() {
    let dir = tempdir("records", "years");
    let plan = write_plan(&dir);
    let mut s = titled("No.1");
    let r = record(1);
    r.no_row(&mut s);
    for (label, value) in [
        ("項目", "取組1"),
        ("令和5年度 評価", "C"),
        ("令和5年度 取組実績", "準備した。"),
        ("令和6年度 評価", "A"),
        ("令和6年度 取組実績", "実施した。"),
        ("今後の方向性", "継続"),
    ] {
        s.row(&[label, value]);
    }
    let records = dir.join("個票.xlsx");
    write_xlsx(&records, &[s]);
    let (_, json) = run_json(&[Path::new("inspect"), Path::new("--format"), Path::new("json"), &records]);
    let labels = json["files"][0]["sheets"][0]["labels"].as_array().unwrap().clone();
    let earlier = labels.iter().find(|l| l["label"] == "令和5年度 評価").unwrap();
    assert_eq!(earlier["note"], "前年度以前の報告として読みます", "{json:#}");
    assert_eq!(json["files"][0]["sheets"][0]["year"], "令和6年度", "{json:#}");

    let out = dir.join("out");
    let args = ["report", "--kind", "official", "--format", "xlsx", "--force", "-o"].map(Path::new);
    kyodo(&[&args[..], &[out.as_path(), Path::new("--plan"), &plan, &records]].concat());
    let book = read_workbook(&out.join("official.xlsx"));
    let cells: Vec<&String> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
    assert!(
        cells.iter().any(|c| *c == "実施した。") && !cells.iter().any(|c| *c == "準備した。"),
        "{cells:?}"
    );
    let years = common::sheet(&book, "経年");
    for year in ["令和5年度", "令和6年度"] {
        assert!(years.iter().any(|r| r[0].contains("情報を届ける") && r[1] == year), "{year}: {years:?}");
    }
}
