//! Spreadsheet fixtures for the tests, the sample generator and the benchmarks: real workbooks
//! written with rust_xlsxwriter, and the plan of seed 002 (対馬市 市民協働(共働)推進アクションプラン).
#![allow(dead_code)]

pub mod actions;
pub mod browser;
pub mod keep;
pub mod pdf;
pub mod realistic;
pub mod seed;

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// splitmix64: small, seedable, the same on every platform (the fuzzer's mutations, the
/// benchmarks' generated plans).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

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
    /// Zero-based rows and columns hidden in Excel.
    pub hidden_rows: Vec<u32>,
    pub hidden_cols: Vec<u16>,
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
        for &r in &spec.hidden_rows {
            ws.set_row_hidden(r).unwrap();
        }
        for &c in &spec.hidden_cols {
            ws.set_column_hidden(c).unwrap();
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

/// The arguments of a run that writes every report in every format to `out` from `inputs`
/// (which may start with `--plan PLAN`): `report --kind all --format all -o OUT INPUTS`.
pub fn every_report<'a>(out: &'a Path, inputs: &[&'a Path]) -> Vec<&'a Path> {
    const WORDS: [&str; 6] = ["report", "--kind", "all", "--format", "all", "-o"];
    let mut args: Vec<&Path> = WORDS.iter().map(Path::new).collect();
    args.push(out);
    args.extend_from_slice(inputs);
    args
}

/// A plan of one item (`plan.csv`) and its department's report (`企画課.csv`) giving it `n`
/// indicator rows of distinct names: the input that was quadratic in the rows.
pub fn write_indicator_rows(dir: &Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let plan = dir.join("plan.csv");
    std::fs::write(&plan, "No,項目,内容,関係部署\n1,広報の充実,広報紙で知らせます。,企画課\n").unwrap();
    let mut progress = String::from("No,項目,評価,実績,今後の方向性,指標,単位,目標値,実績値\n");
    progress.push_str("1,広報の充実,B,掲載した。,継続,指標0,件,100,30\n");
    for k in 1..n {
        progress.push_str(&format!(",,,,,指標{k},件,100,30\n"));
    }
    let reported = dir.join("企画課.csv");
    std::fs::write(&reported, progress).unwrap();
    (plan, reported)
}

/// A CSV plan of `n` items of one line each (項目, 内容).
pub fn write_one_line_items(path: &Path, n: usize) {
    let mut text = String::from("項目,内容\n");
    for k in 1..=n {
        text.push_str(&format!("項目{k},内容{k}\n"));
    }
    std::fs::write(path, text).unwrap();
}

/// How a run of the built binary ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `kyodo ARGS` dated 2025-06-30 (SOURCE_DATE_EPOCH); a panic fails the test.
pub fn kyodo<S: AsRef<OsStr>>(args: &[S]) -> Run {
    // option_env: the sample generator shares this module and has no binary to run.
    let Some(bin) = option_env!("CARGO_BIN_EXE_kyodo") else {
        panic!("kyodo() runs the binary built for tests and benchmarks");
    };
    keep::inputs(args);
    let out = Command::new(bin).args(args).env("SOURCE_DATE_EPOCH", "1751241600").output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// `kyodo --config SETTINGS report --kind all --format all -o DIR/out EXTRA… INPUT` with
/// `settings` written to `DIR/settings.toml`; asserts success and returns the output folder.
pub fn report_with(dir: &Path, settings: &str, input: &Path, extra: &[&Path]) -> std::path::PathBuf {
    let toml = dir.join("settings.toml");
    std::fs::write(&toml, settings).unwrap();
    let out = dir.join("out");
    let mut args: Vec<&OsStr> = ["--config".as_ref(), toml.as_os_str()].to_vec();
    args.extend(["report", "--kind", "all", "--format", "all", "-o"].map(OsStr::new));
    args.push(out.as_os_str());
    args.extend(extra.iter().map(|p| p.as_os_str()));
    args.push(input.as_os_str());
    let run = kyodo(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

/// A plan of three items of 企画課 (No 1–3 in 施策1 and 2) under `title`, as `dir/plan.xlsx`.
pub fn write_small_plan(dir: &Path, title: &str) -> std::path::PathBuf {
    let mut plan = Sheet::new("計画");
    plan.row(&[title]);
    plan.row(&["No", "施策", "項目", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "広報の充実", "広報紙で知らせます。", "企画課"]);
    plan.row(&["2", "施策1 参画", "窓口の案内", "窓口で案内します。", "企画課"]);
    plan.row(&["3", "施策2 協働", "協働事業の募集", "協働事業を募ります。", "企画課"]);
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[plan]);
    path
}

/// Every sheet of an .xlsx as rows of cell texts from A1 (numbers as written: 3, 0.5), in
/// workbook order.
pub fn read_workbook(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            for row in range.rows() {
                let mut cells = vec![String::new(); left as usize];
                cells.extend(row.iter().map(cell_text));
                rows.push(cells);
            }
            (name, rows)
        })
        .collect()
}

/// The rows of the sheet `name` of a workbook read by [`read_workbook`].
pub fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &book.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

/// The text of a PDF in content order without any white space (cells wrap, so compare
/// unwrapped), read in Rust from the glyphs drawn ([`pdf::glyphs`], through the fonts'
/// ToUnicode maps): `cargo test` needs no system package. Where poppler's pdftotext is
/// installed (always in CI, `.ci/run` installs it), its text must be the same.
pub fn pdf_text(pdf: &Path) -> String {
    let squashed = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let text: String = squashed(&pdf::glyphs(pdf).iter().map(|g| g.c).collect::<String>());
    if let Some(poppler) = system_tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, &["-"]) {
        assert_eq!(text, squashed(&poppler), "{}: the glyphs and pdftotext disagree", pdf.display());
    }
    text
}

/// The PDF's document title, from its Info dictionary (lopdf); pdfinfo must agree where
/// poppler is installed.
pub fn pdf_title(pdf: &Path) -> String {
    let doc = load_pdf(pdf);
    let info = doc.trailer.get(b"Info").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_dict());
    let bytes = info.and_then(|d| d.get(b"Title")).and_then(|o| o.as_str()).unwrap_or_default();
    let title = match bytes.strip_prefix(b"\xFE\xFF") {
        Some(utf16) => {
            let units: Vec<u16> = utf16.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    };
    if let Some(info) = system_tool("pdfinfo", &[], pdf, &[]) {
        let shown = info.lines().find_map(|l| l.strip_prefix("Title:")).unwrap_or("").trim();
        assert_eq!(title.trim(), shown, "{}: lopdf and pdfinfo disagree on the title", pdf.display());
    }
    title.trim().to_string()
}

/// The number of pages of a PDF (lopdf's page tree); pdfinfo must agree where poppler is
/// installed.
pub fn pdf_pages(pdf: &Path) -> usize {
    let pages = load_pdf(pdf).get_pages().len();
    if let Some(info) = system_tool("pdfinfo", &[], pdf, &[]) {
        let shown = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|p| p.trim().parse().unwrap());
        assert_eq!(Some(pages), shown, "{}: lopdf and pdfinfo disagree on the pages", pdf.display());
    }
    pages
}

/// Whether the first page of a PDF measures `width` × `height` points (to 0.01 pt, as pdfinfo
/// prints it), from its MediaBox, inherited from the page tree where the page has none;
/// pdfinfo's 「Page size」 must agree where poppler is installed.
pub fn pdf_page_is(pdf: &Path, width: f32, height: f32) -> bool {
    let doc = load_pdf(pdf);
    let mut node = *doc.get_pages().values().next().expect("a page");
    let media = loop {
        let dict = doc.get_dictionary(node).unwrap();
        if let Ok(media) = dict.get(b"MediaBox") {
            break doc.dereference(media).unwrap().1.as_array().unwrap().clone();
        }
        node = dict.get(b"Parent").and_then(|p| p.as_reference()).expect("a MediaBox in the page tree");
    };
    let n: Vec<f32> = media.iter().map(|v| v.as_float().unwrap()).collect();
    let size = ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
    if let Some(info) = system_tool("pdfinfo", &[], pdf, &[]) {
        let line = info.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap();
        let shown: Vec<f32> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        assert!(
            (shown[0] - size.0).abs() < 0.01 && (shown[1] - size.1).abs() < 0.01,
            "{}: lopdf's {size:?} and pdfinfo's {line} disagree",
            pdf.display()
        );
    }
    (size.0 - width).abs() < 0.01 && (size.1 - height).abs() < 0.01
}

fn load_pdf(pdf: &Path) -> lopdf::Document {
    lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()))
}

/// `qpdf --check` on a PDF, where qpdf is installed (always in CI): it must find nothing.
/// lopdf reads leniently, so no Rust check stands in for it.
pub fn qpdf_check(pdf: &Path) {
    system_tool("qpdf", &["--check"], pdf, &[]);
}

/// A system tool's output on `pdf` (poppler-utils' or qpdf's cross-checks of what the tests
/// read in Rust); None where the tool is not installed, except in CI (`CI=true`, `.ci/run`
/// installs them), where the cross-check must run. A failing run fails the test.
pub fn system_tool(tool: &str, args: &[&str], pdf: &Path, after: &[&str]) -> Option<String> {
    let out = Command::new(tool).args(args).arg(pdf).args(after).output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!(
            "{tool} {}: {}{}",
            pdf.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI needs {tool} (poppler-utils, qpdf): {e}")
        }
        Err(_) => None,
    }
}

/// A part of an .xlsx package, as text (`docProps/core.xml`).
pub fn xlsx_part(xlsx: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The benchmarks' plan: `n` items with progress, 10 items per goal, 100 goals per section.
pub fn write_generated_plan(path: &Path, n: usize) {
    let mut sheet = Sheet::new("計画");
    sheet.row(&["令和6年度 市民協働(共働)推進アクションプラン 進捗状況"]);
    sheet.row(&[
        "No",
        "施策",
        "目標",
        "区分",
        "項目",
        "内容",
        "関係部署",
        "評価",
        "実績",
        "課題",
        "今後の方向性",
    ]);
    for i in 0..n {
        let (s, g) = (i / 1000 + 1, i / 10 + 1);
        let section = format!("施策{s} 協働(共働)の意識を高める!!");
        let goal = format!("■目標{g} 協働(共働)に関する条例の周知に取り組みます。");
        let name = format!("取組{i} 情報媒体を活用した啓発活動");
        let content = "市民の声を受け止め、市政に反映する仕組みづくりに努めます。\n・広報紙、ホームページ、CATV等の活用";
        let results = "市政懇談会を市内6地区で開催し、延べ312名が参加した。";
        let grade = ["A", "B", "C", "D"][i % 4];
        sheet.row(&[
            &(i + 1).to_string(),
            &section,
            &goal,
            "◎",
            &name,
            content,
            "地域再生推進本部\n関係各部",
            grade,
            results,
            "参加者の固定化。",
            "継続",
        ]);
    }
    write_xlsx(path, &[sheet]);
}

/// How a bounded run ended, and how long it took.
#[cfg(unix)]
pub struct Bounded {
    pub run: Run,
    pub elapsed: std::time::Duration,
}

/// Runs `kyodo ARGS` with at most `mb` MB of address space (`RLIMIT_AS`) and `secs` seconds of
/// CPU (`RLIMIT_CPU`) and of wall-clock time. Being killed, a signal or a panic fails the test,
/// so a regression shows as a failure, not as a dead test runner.
#[cfg(unix)]
pub fn kyodo_bounded<S: AsRef<OsStr>>(args: &[S], secs: u64, mb: u64) -> Bounded {
    kyodo_bounded_cpu(args, secs, secs, mb)
}

/// [`kyodo_bounded`] with the CPU time (`cpu` seconds) bounded apart from the wall-clock time
/// (`wall` seconds), for runs whose bound is the work they do, on a machine that may be busy.
#[cfg(unix)]
pub fn kyodo_bounded_cpu<S: AsRef<OsStr>>(args: &[S], cpu: u64, wall: u64, mb: u64) -> Bounded {
    let secs = wall;
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let Some(bin) = option_env!("CARGO_BIN_EXE_kyodo") else {
        panic!("kyodo_bounded() runs the binary built for tests");
    };
    keep::inputs(args);
    let mut command = Command::new(bin);
    command.args(args).env("SOURCE_DATE_EPOCH", "1751241600").stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: only async-signal-safe setrlimit calls run between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = |resource, value: u64| {
                let lim = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
                libc::setrlimit(resource, &lim)
            };
            limit(libc::RLIMIT_AS, mb << 20);
            limit(libc::RLIMIT_CPU, cpu + 1);
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = command.spawn().unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).ok();
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "kyodo still running after {secs} s: {:?}",
                args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let run = Run {
        code: status.code().unwrap_or_else(|| panic!("killed by a signal: {status:?}")),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    Bounded { run, elapsed }
}

/// Asserts what a worksheet part prints like, read from its XML: A4 landscape fitted to one page
/// wide with the height left free; the columns together narrow enough that its 10-point text
/// prints at 8 pt or more (Excel lays a column of width w out as w × 7 + 5 pixels in the
/// default font, and A4 landscape within the margins of 0.4 inch is 10.89 inches, 1045 pixels);
/// no row height above Excel's 409 points; rows numbered strictly increasing (a row written
/// twice makes Excel repair the file).
/// Gives the pixels of the columns.
pub fn assert_prints_legibly(xml: &str) -> f64 {
    assert_prints_legibly_on(xml, 9, 297.0)
}

/// [`assert_prints_legibly`] on the paper of Excel's number `paper` (9 A4, 8 A3), `mm` across
/// landscape; gives the pixels of the columns.
pub fn assert_prints_legibly_on(xml: &str, paper: u8, mm: f64) -> f64 {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()?.parse().ok()
    };
    let tags = |name: &str| -> Vec<String> {
        xml.split(&format!("<{name} "))
            .skip(1)
            .map(|t| format!(" {}", t.split('>').next().unwrap_or("")))
            .collect()
    };
    let setup = tags("pageSetup").pop().expect("a page setup");
    let paper_size = format!("paperSize=\"{paper}\"");
    assert!(setup.contains(&paper_size) && setup.contains("orientation=\"landscape\""), "{setup}");
    assert!(setup.contains("fitToHeight=\"0\"") && xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{setup}");
    let pixels: f64 = tags("col")
        .iter()
        .map(|c| {
            let (min, max, width) =
                (attr(c, "min").unwrap(), attr(c, "max").unwrap(), attr(c, "width").unwrap());
            (max - min + 1.0) * (width * 7.0 + 5.0).trunc()
        })
        .sum();
    let page = (mm / 25.4 - 0.8) * 96.0;
    assert!(
        pixels * 8.0 / 10.0 <= page,
        "{pixels} pixels of columns print 10 pt at {:.1} pt",
        10.0 * page / pixels
    );
    let rows: Vec<f64> = tags("row").iter().map(|r| attr(r, "r").unwrap()).collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows in order, each once: {rows:?}");
    for row in tags("row") {
        assert!(attr(&row, "ht").is_none_or(|h| h <= 409.0), "{row}");
    }
    pixels
}
