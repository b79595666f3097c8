//! Release benchmarks of the built binary on generated plans: `cargo bench --bench kyodo`.
//!
//! Each command runs several times in a child process; the table gives the median wall time
//! and the peak resident set size of the children (getrusage), the figures the README records.
//! A second table times the stages of the realistic official report in this process (import,
//! layout or sheet model, renderer), to show how much of a run is the PDF and XLSX writers.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    // KYODO_BENCH_DIR keeps the generated inputs for profiling; KYODO_BENCH_SCALE=1 adds the
    // scale check (realistic plans of 1,000, 10,000 and 50,000 items); KYODO_BENCH_BIN measures
    // another kyodo binary on the same inputs (an older build, for the README's "before").
    let keep = std::env::var_os("KYODO_BENCH_DIR").map(PathBuf::from);
    let dir = keep
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("kyodo-bench-{}", std::process::id())));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out");
    // KYODO_BENCH_ONLY=doubling (or serve) runs the doubling check (or the served pages) alone.
    if std::env::var("KYODO_BENCH_ONLY").is_ok_and(|v| v == "doubling") {
        doubling(&dir, &out);
        return;
    }
    if std::env::var("KYODO_BENCH_ONLY").is_ok_and(|v| v == "serve") {
        served(&dir);
        return;
    }
    println!("| command | items | median time | median CPU | peak RSS | output |");
    println!("|---|---|---|---|---|---|");
    realistic(&dir, &out);
    light(&dir, &out);
    if std::env::var_os("KYODO_BENCH_SCALE").is_some() {
        scale(&dir, &out);
    }
    phases(&dir.join("realistic-10000.xlsx"));
    served(&dir);
    doubling(&dir, &out);
    if keep.is_none() {
        std::fs::remove_dir_all(&dir).ok();
    }
}

/// The realistic 10,000-item plan (`common::realistic`) in every format, and the 15-item sample
/// in every kind and format: the rows of issue 14's targets.
fn realistic(dir: &Path, out: &Path) {
    let plan = dir.join("realistic-10000.xlsx");
    common::realistic::write_realistic_plan(&plan, 10_000);
    measure("check, realistic", 10_000, &["check".as_ref(), plan.as_path()], None);
    for format in ["pdf", "xlsx", "all"] {
        let label = format!("report --format {format}, realistic");
        let args: [&Path; 6] =
            ["report".as_ref(), "--format".as_ref(), format.as_ref(), "-o".as_ref(), out, &plan];
        let file = out.join(if format == "xlsx" { "official.xlsx" } else { "official.pdf" });
        measure(&label, 10_000, &args, Some(&file));
    }
    // The same plan as an office's folder of returns, one workbook per 施策: read on every core.
    let folder = dir.join("realistic-10000-folder");
    common::realistic::write_realistic_folder(&folder, 10_000);
    measure("check, realistic as 14 files", 10_000, &["check".as_ref(), folder.as_path()], None);
    let args: [&Path; 6] =
        ["report".as_ref(), "--format".as_ref(), "all".as_ref(), "-o".as_ref(), out, &folder];
    measure("report --format all, realistic as 14 files", 10_000, &args, Some(&out.join("official.pdf")));
    let (plan, progress) = sample(dir);
    let args = common::every_report(out, &["--plan".as_ref(), &plan, &progress]);
    measure("report --kind all --format all, sample", 15, &args, None);
}

/// The lighter generated plans the README recorded first (`common::write_generated_plan`).
fn light(dir: &Path, out: &Path) {
    let big = dir.join("plan-10000.xlsx");
    common::write_generated_plan(&big, 10_000);
    let pages30 = dir.join("plan-300.xlsx");
    common::write_generated_plan(&pages30, 300);
    measure("check", 10_000, &["check".as_ref(), big.as_path()], None);
    measure(
        "report (PDF)",
        10_000,
        &["report".as_ref(), "-o".as_ref(), out, big.as_path()],
        Some(&out.join("official.pdf")),
    );
    measure(
        "report (XLSX)",
        10_000,
        &["report".as_ref(), "--format".as_ref(), "xlsx".as_ref(), "-o".as_ref(), out, big.as_path()],
        Some(&out.join("official.xlsx")),
    );
    measure(
        "report (PDF)",
        300,
        &["report".as_ref(), "-o".as_ref(), out, pages30.as_path()],
        Some(&out.join("official.pdf")),
    );
    let (plan, progress) = sample(dir);
    let sample: [&Path; 6] = ["report".as_ref(), "--plan".as_ref(), &plan, "-o".as_ref(), out, &progress];
    measure("report (PDF), sample", 15, &sample, Some(&out.join("official.pdf")));
}

/// The scale check: realistic plans of 1,000, 10,000 and 50,000 items, checked and reported
/// in every format, to show time and memory grow linearly.
fn scale(dir: &Path, out: &Path) {
    for n in [1_000, 10_000, 50_000] {
        let plan = dir.join(format!("realistic-{n}.xlsx"));
        common::realistic::write_realistic_plan(&plan, n);
        measure("check, scale", n, &["check".as_ref(), plan.as_path()], None);
        let args: [&Path; 6] =
            ["report".as_ref(), "--format".as_ref(), "all".as_ref(), "-o".as_ref(), out, &plan];
        measure("report --format all, scale", n, &args, Some(&out.join("official.pdf")));
    }
}

/// Every stage linear in its input: each input doubled, the median CPU time of the run at n
/// and at 2n, and their ratio (2.0 is linear; at most about 2.2 is the target, a quadratic
/// stage shows 3 to 4). CPU time, not wall time: it moves less on a shared machine.
fn doubling(dir: &Path, out: &Path) {
    println!();
    println!("| doubled input | n | CPU at n | CPU at 2n | ratio | peak RSS at 2n |");
    println!("|---|---|---|---|---|---|");
    let median_cpu = |args: &[&Path]| {
        let mut runs: Vec<(Duration, u64)> =
            (0..RUNS).map(|_| run(args)).map(|(_, cpu, rss)| (cpu, rss)).collect();
        runs.sort();
        (runs[RUNS / 2].0.as_secs_f64(), runs.iter().map(|r| r.1).max().unwrap_or(0))
    };
    let report = |n: usize, label: &str, args: &dyn Fn(usize) -> Vec<PathBuf>| {
        let at = |k: usize| {
            let args = args(k);
            median_cpu(&args.iter().map(PathBuf::as_path).collect::<Vec<_>>())
        };
        let ((one, _), (two, rss)) = (at(n), at(2 * n));
        println!("| {label} | {n} | {one:.3} s | {two:.3} s | {:.2} | {} MB |", two / one, rss / 1024);
    };
    let indicators = |k: usize| {
        let case = dir.join(format!("indicators-{k}"));
        std::fs::create_dir_all(&case).unwrap();
        let (plan, progress) = common::write_indicator_rows(&case, k);
        vec!["check".into(), "--plan".into(), plan, progress]
    };
    report(50_000, "check --plan, one item's indicator rows", &indicators);
    let items = |k: usize| {
        let plan = dir.join(format!("items-{k}.csv"));
        common::write_one_line_items(&plan, k);
        vec!["check".into(), plan]
    };
    report(20_000, "check, one-line items", &items);
    let every = |k: usize| {
        let plan = dir.join(format!("items-{k}.csv"));
        common::write_one_line_items(&plan, k);
        common::every_report(out, &[&plan]).into_iter().map(Path::to_path_buf).collect()
    };
    report(10_000, "report --kind all --format all, one-line items", &every);
    let realistic = |k: usize| {
        let plan = dir.join(format!("realistic-{k}.xlsx"));
        common::realistic::write_realistic_plan(&plan, k);
        vec!["check".into(), plan]
    };
    report(10_000, "check, realistic plan", &realistic);
}

/// Where the time of a report goes, stage by stage, in this process through the library: the
/// import and model, the report's content (pages laid out, or the sheet model) and the
/// renderer (krilla drawing, subsetting and compressing; measuring and rust_xlsxwriter). The
/// stages run one after the other here; the binary overlaps reading, and the PDF with the
/// workbook under `--format all`, so the sum exceeds its wall time.
fn phases(plan: &Path) {
    use kyodo::report::Format;
    let inputs = [plan.to_path_buf()];
    let load = || {
        let config = kyodo::pipeline::config(&[]).unwrap();
        kyodo::pipeline::load(None, &inputs, config).unwrap()
    };
    println!();
    println!("| stage, realistic 10,000 items, in process | median time |");
    println!("|---|---|");
    row("read, model and check (the workbook read in this process)", || drop(load()));
    let loaded = load();
    let report = official(&loaded);
    for (format, made, written) in [
        (Format::Pdf, "pages laid out", "PDF drawn and written by krilla (subsets, tags, deflate)"),
        (Format::Xlsx, "sheet model", "workbook measured and written (rust_xlsxwriter)"),
    ] {
        row(&format!("official: {made}"), || drop(report.content(format)));
        row(&format!("official: {written}"), || {
            let content = report.content(format).unwrap();
            let start = Instant::now();
            kyodo::render::render(content).unwrap();
            start.elapsed()
        });
    }
}

/// `kyodo serve` on the realistic 1,000-item plan as a year's folder, in this process: the
/// folder read and checked as the server reads it (the workbook read in this process), the
/// folder's and the findings' pages written, and the official report's web page (the preview).
fn served(dir: &Path) {
    let folder = dir.join("serve-1000");
    std::fs::create_dir_all(&folder).unwrap();
    common::realistic::write_realistic_plan(&folder.join("plan.xlsx"), 1_000);
    let read = || kyodo::run::folder(&[], std::slice::from_ref(&folder), &mut Vec::new()).unwrap();
    println!();
    println!("| kyodo serve, realistic 1,000 items, in process | median time |");
    println!("|---|---|");
    row("folder read and checked (run::folder)", || drop(read()));
    let read_folder = read();
    row("folder's page and findings' page written", || {
        drop(kyodo::serve::pages::folder(&read_folder, &[], &folder));
        drop(kyodo::serve::pages::findings(&read_folder, &folder));
    });
    row("official report's web page (the preview)", || {
        let report = official(&read_folder.loaded);
        drop(kyodo::render::render(report.content(kyodo::report::Format::Html).unwrap()).unwrap());
    });
}

/// The official report of what was loaded, issued on a fixed day.
fn official(loaded: &kyodo::pipeline::Loaded) -> kyodo::report::Report<'_> {
    kyodo::report::Report {
        kind: kyodo::Kind::Official,
        plan: &loaded.plan,
        config: &loaded.config,
        diagnostics: &loaded.diagnostics,
        issued: kyodo::text::wareki::Date::new(2025, 6, 1).expect("a day"),
        progress_expected: false,
        earlier: &[],
    }
}

/// A stage's row: the median of RUNS runs of `stage`, timed whole or by the time it reports.
fn row<T: Timed>(label: &str, mut stage: impl FnMut() -> T) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            stage().time(start)
        })
        .collect();
    times.sort();
    println!("| {label} | {:.3} s |", times[RUNS / 2].as_secs_f64());
}

/// The time of a stage: from its start, or the part of it the stage timed itself.
trait Timed {
    fn time(self, start: Instant) -> Duration;
}

impl Timed for () {
    fn time(self, start: Instant) -> Duration {
        start.elapsed()
    }
}

impl Timed for Duration {
    fn time(self, _: Instant) -> Duration {
        self
    }
}

/// The seed sample (15 items, two departments' progress sheets) in `dir/sample`.
fn sample(dir: &Path) -> (PathBuf, PathBuf) {
    let (plan, progress) = (dir.join("sample/plan.xlsx"), dir.join("sample/progress"));
    std::fs::create_dir_all(&progress).unwrap();
    common::seed::write_plan(&plan);
    for d in [common::seed::HQ, common::seed::ALL] {
        common::seed::write_progress(&progress.join(format!("{d}.xlsx")), d);
    }
    (plan, progress)
}

/// Runs `kyodo ARGS` RUNS times and prints a table row: median wall time, the largest peak
/// resident set of the runs, and the size (and pages) of `output`.
fn measure(label: &str, items: usize, args: &[&Path], output: Option<&Path>) {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut rss = 0;
    for _ in 0..RUNS {
        let (time, used, peak) = run(args);
        times.push(time);
        cpu.push(used);
        rss = rss.max(peak);
    }
    times.sort();
    cpu.sort();
    let size = output.map_or(String::new(), describe);
    let (wall, used) = (times[RUNS / 2].as_secs_f64(), cpu[RUNS / 2].as_secs_f64());
    println!("| {label} | {items} | {wall:.3} s | {used:.3} s | {} MB | {size} |", rss / 1024);
}

/// One run: wall time, CPU time (user and system, all threads: on a shared machine it moves
/// less than the wall time) and peak RSS in KB of that child alone (wait4).
// wait4 reaps the child, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(args: &[&Path]) -> (Duration, Duration, u64) {
    let start = Instant::now();
    let bin = std::env::var_os("KYODO_BENCH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_kyodo").into());
    let child = Command::new(bin).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and writes into values we own.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "kyodo {args:?} failed");
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (elapsed, seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss as u64)
}

/// "142 KB, 8 pages" for a PDF (pages from pdfinfo where installed), the size of any other file.
fn describe(path: &Path) -> String {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let pages = Command::new("pdfinfo").arg(path).output().ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_string()))
    });
    match pages {
        Some(p) => format!("{} KB, {p} pages", size / 1024),
        None => format!("{} KB", size / 1024),
    }
}
