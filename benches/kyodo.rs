//! Release benchmarks of the built binary on generated plans: `cargo bench --bench kyodo`.
//!
//! Each command runs several times in a child process; the table gives the median wall time
//! and the peak resident set size of the children (getrusage), the figures the README records.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{write_xlsx, Sheet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    // KYODO_BENCH_DIR keeps the generated inputs for profiling.
    let keep = std::env::var_os("KYODO_BENCH_DIR").map(PathBuf::from);
    let dir = keep
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("kyodo-bench-{}", std::process::id())));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("plan-10000.xlsx");
    write_plan(&big, 10_000);
    println!("| command | items | median time | peak RSS |");
    println!("|---|---|---|---|");
    measure("check", 10_000, &["check".as_ref(), big.as_path()]);
    if keep.is_none() {
        std::fs::remove_dir_all(&dir).ok();
    }
}

/// Runs `kyodo ARGS` RUNS times and prints a table row.
fn measure(label: &str, items: usize, args: &[&Path]) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_kyodo")).args(args).output().unwrap().status;
            assert!(status.code().is_some_and(|c| c <= 1), "{label}: {status}");
            start.elapsed()
        })
        .collect();
    times.sort();
    println!("| {label} | {items} | {:.3} s | {} MB |", times[RUNS / 2].as_secs_f64(), peak_rss_mb());
}

/// Largest resident set of any finished child so far, in MB.
fn peak_rss_mb() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as u64 / 1024
}

/// A plan of `n` items with progress, 10 items per goal, 100 goals per section.
fn write_plan(path: &PathBuf, n: usize) {
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
