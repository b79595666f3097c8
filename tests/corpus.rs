//! Every real-world odd or broken spreadsheet of `../shared/corpus/calamine` must be survived:
//! a finished run in under 5 s with at most 500 MB of address space, exit 0, 1 or 2, no panic.
//! Each file runs in its own process, so one abort cannot hide another.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(5);
const MEMORY_KB: u64 = 500 * 1024;

/// How to get the corpus, said whenever it is missing.
const GET_IT: &str = "../shared/corpus/calamine is not beside this checkout: put the files of \
     calamine's tests/ folder (https://github.com/tafia/calamine) there to run these tests";

/// The corpus folder. Missing, it fails the test in CI (`CI=true`, as `.ci/run` sets): a CI
/// that passes without the corpus would have tested nothing. Elsewhere the tests say how to get
/// it and pass.
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine");
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "CI=true: {GET_IT}");
    eprintln!("{GET_IT}; skipped");
    None
}

/// Runs `kyodo check FILE` under the memory limit; returns (exit code, stderr) or why it failed.
fn run_bounded(file: &Path) -> Result<(i32, String), String> {
    let script = format!("ulimit -v {MEMORY_KB}; exec \"$0\" check --format json \"$1\"");
    let mut child = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_kyodo")])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).ok();
            return match status.code() {
                Some(code) => Ok((code, stderr)),
                None => Err(format!("killed by a signal ({status}): {stderr}")),
            };
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            return Err(format!("still running after {LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn every_corpus_file_is_survived() {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() > 100, "the corpus has {} files", files.len());
    let mut failures = Vec::new();
    for file in &files {
        match run_bounded(file) {
            Ok((code, stderr)) if (0..=2).contains(&code) && !stderr.contains("panicked") => {}
            Ok((code, stderr)) => failures.push(format!("{}: exit {code}: {stderr}", file.display())),
            Err(why) => failures.push(format!("{}: {why}", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn password_protected_files_say_so() {
    let Some(dir) = corpus() else { return };
    for name in ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_kyodo")).args(["check"]).arg(dir.join(name)).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("パスワードで保護されています"), "{name}: {text}");
    }
}
