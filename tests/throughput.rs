//! What the speed work must not change (issue 14): the realistic benchmark plan is read whole,
//! the files of a run are the same bytes at one thread and at two (files and table rows are
//! rendered in parallel), and the progress display never reaches output that is not a terminal.

mod common;

use common::realistic::write_realistic_plan;
use common::{pdf_pages, seed, tempdir};
use std::path::{Path, PathBuf};
use std::process::Command;

const EPOCH: &str = "1751241600"; // 2025-06-30

/// Runs `kyodo ARGS` on `threads` worker threads; returns the exit code, stdout and stderr.
fn kyodo_on(threads: usize, args: &[&Path]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Every file of a folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_realistic_plan_is_read_whole_with_its_merged_sections_and_goals() {
    let dir = tempdir("throughput", "whole");
    let plan = dir.join("plan.xlsx");
    write_realistic_plan(&plan, 240);
    let (code, stdout, _) = kyodo_on(2, &["check".as_ref(), plan.as_path()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("項目 240 件"), "{stdout}");
    assert!(stdout.contains("読み込んだ行 240 行 = 項目 240 +"), "{stdout}");
    let out = dir.join("out");
    let (code, _, stderr) = kyodo_on(2, &["report".as_ref(), "-o".as_ref(), &out, &plan]);
    assert_eq!(code, 0, "{stderr}");
    let text = common::pdf_text(&out.join("official.pdf"));
    // Ten 施策 (the smallest count the generator writes), each in the contents.
    for s in 1..=10 {
        assert!(text.contains(&format!("施策{s}")), "施策{s} missing");
    }
    assert!(!text.contains("施策11"), "no more 施策 than written");
    assert!(text.contains("■"), "goal statements from the merged 目標 cells");
}

#[test]
fn every_file_of_a_run_is_the_same_bytes_on_one_thread_and_on_two() {
    let dir = tempdir("throughput", "threads");
    let plan = dir.join("plan.xlsx");
    write_realistic_plan(&plan, 400);
    let run = |threads: usize, name: &str| -> PathBuf {
        let out = dir.join(name);
        let all = common::every_report(&out, &[&plan]);
        let (code, stdout, stderr) = kyodo_on(threads, &all);
        assert_eq!(code, 0, "{stdout}{stderr}");
        out
    };
    let (one, two) = (run(1, "one"), run(2, "two"));
    let (a, b) = (files(&one), files(&two));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "committee.html",
            "committee.pdf",
            "koho.html",
            "koho.pdf",
            "koho.txt",
            "official.csv",
            "official.html",
            "official.indicators.csv",
            "official.pdf",
            "official.xlsx"
        ]
    );
    assert!(pdf_pages(&one.join("official.pdf")) > 50, "a report long enough to spread over threads");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between one thread and two");
    }
}

/// What a run on a terminal shows: `kyodo ARGS` under `script` (a pseudo-terminal), the
/// display's delay at zero so that a short run shows it too.
fn on_terminal(args: &str) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_kyodo"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("KYODO_PROGRESS_DELAY_MS", "0")
        .output()
        .expect("script (util-linux) is installed");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_the_run_shows_its_stages_unless_quiet() {
    let dir = tempdir("throughput", "terminal");
    let (plan, progress) = seed::write_sample(&dir);
    let args = |quiet: &str, out: &str| {
        format!(
            "report {quiet} --kind all --plan {} -o {} {}",
            plan.display(),
            dir.join(out).display(),
            progress.display()
        )
    };
    let shown = on_terminal(&args("", "shown"));
    assert!(shown.contains("作成中：official.pdf、koho.pdf、committee.pdf"), "{shown:?}");
    assert!(
        shown.contains("official.pdf\r\n") || shown.contains("official.pdf\n"),
        "the written files still listed"
    );
    let quiet = on_terminal(&args("--quiet", "quiet"));
    assert!(!quiet.contains("作成中") && !quiet.contains("読み込み"), "{quiet:?}");
    assert!(quiet.contains("official.pdf"), "{quiet:?}");
}

#[test]
fn no_progress_display_when_output_is_not_a_terminal() {
    let dir = tempdir("throughput", "quiet");
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("out");
    let args = common::every_report(&out, &["--plan".as_ref(), &plan, &progress]);
    let (code, stdout, stderr) = kyodo_on(2, &args);
    assert_eq!(code, 0, "{stderr}");
    // Only the written files on stdout; stderr without the display's carriage returns,
    // cursor codes or bar.
    assert!(
        stdout.lines().all(|l| [".pdf", ".txt", ".xlsx", ".html", ".csv"].iter().any(|e| l.ends_with(e))),
        "{stdout}"
    );
    for out in [&stdout, &stderr] {
        assert!(
            !out.contains('\r')
                && !out.contains('\u{1b}')
                && !out.contains("ページ割付")
                && !out.contains("作成中"),
            "{out:?}"
        );
    }
}
