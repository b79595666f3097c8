//! Reading a file in a child process, so that an input nobody has thought of — one that
//! makes calamine loop, or allocate until the process aborts — costs that file only.
//!
//! The `kyodo` binary calls [`enable`] at start; then [`read_sheets`] runs `kyodo` again with
//! the hidden subcommand [`CHILD_COMMAND`], under a time limit and a memory limit (on Unix
//! address space and CPU time, set with setrlimit; on Windows a Job Object). The child reads
//! the file in process ([`super::read_sheets`]: a workbook, or a CSV under the same row and
//! cell limits) and prints the sheets in postcard (a compact binary serde format: JSON cost a
//! fifth of `check` on a 10,000-item plan); the parent reads them back. A child that is killed, aborts or
//! prints nothing readable gives [`OVER_LIMITS`]. Without [`enable`] (the library in tests,
//! benchmarks) files are read in process.

use super::{ImportError, SheetSource};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The hidden subcommand the child runs: `kyodo __read-workbook FILE`.
pub const CHILD_COMMAND: &str = "__read-workbook";

/// What a file that defeated the reader costs: this message, for that file only.
pub const OVER_LIMITS: &str = "読み込みが時間・メモリの上限を超えたため中止しました";

/// Bounds on one child. The guard keeps calamine under about 500 MB on any file it passes,
/// and refuses the structures calamine cannot finish (an ODS table whose end tag is renamed
/// or missing loops forever): these are the last resort under it. 10 seconds of CPU is some
/// ten times what the largest file of the size envelope takes to read; a file that needs
/// more is one the guard did not foresee. The wall clock allows [`WALL_FACTOR`] times that,
/// so that a child waiting for a busy machine is not taken for one that loops.
/// `KYODO_READ_LIMIT_MS` and `KYODO_READ_LIMIT_MB` override them (for slow machines, and for
/// tests).
#[derive(Debug, Clone, Copy)]
pub struct ChildLimits {
    /// CPU time the child may take ([`WALL_FACTOR`] times as much wall-clock time).
    pub time: Duration,
    /// Address space the child may use, in MB.
    pub memory_mb: u64,
}

impl ChildLimits {
    fn from_env() -> ChildLimits {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        ChildLimits {
            time: Duration::from_millis(var("KYODO_READ_LIMIT_MS").unwrap_or(10_000)),
            memory_mb: var("KYODO_READ_LIMIT_MB").unwrap_or(2048),
        }
    }
}

/// Wall-clock time a child may take, in multiples of its CPU time.
pub const WALL_FACTOR: u32 = 3;

static CHILD: OnceLock<(PathBuf, ChildLimits)> = OnceLock::new();

/// Reads files in child processes of this executable from now on, unless
/// `KYODO_READ_IN_PROCESS` is set (to measure what isolation costs, or where no child can run).
pub fn enable() {
    if std::env::var_os("KYODO_READ_IN_PROCESS").is_some() {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = CHILD.set((exe, ChildLimits::from_env()));
    }
}

/// The child's side: reads `path` and prints the result in postcard on stdout.
pub fn child_main(path: &Path) -> std::process::ExitCode {
    let result = super::read_sheets(path);
    let bytes = postcard::to_stdvec(&result).expect("sheets serialise");
    let mut out = std::io::stdout().lock();
    match std::io::Write::write_all(&mut out, &bytes) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::from(2),
    }
}

/// Reads a file (workbook or CSV): in a bounded child process once [`enable`]d, else in this
/// process.
pub fn read_sheets(path: &Path) -> Result<Vec<SheetSource>, ImportError> {
    match CHILD.get() {
        Some((exe, limits)) => read_in_child(exe, path, *limits),
        None => super::read_sheets(path),
    }
}

fn read_in_child(exe: &Path, path: &Path, limits: ChildLimits) -> Result<Vec<SheetSource>, ImportError> {
    let mut command = Command::new(exe);
    command.arg(CHILD_COMMAND).arg(path).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    set_limits(&mut command, limits);
    let mut child = command.spawn().map_err(|e| ImportError::Spawn { detail: e.to_string() })?;
    // On Windows the memory limit is a job the child is put in once started.
    #[cfg(windows)]
    let _job = job::limit(&child, limits.memory_mb);
    let mut stdout = child.stdout.take().expect("piped stdout");
    // Read while waiting: a child blocked on a full pipe would look like one that loops.
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > limits.time * WALL_FACTOR => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    let bytes = reader.join().ok().and_then(Result::ok);
    match (status, bytes) {
        (Some(s), Some(bytes)) if s.success() => {
            postcard::from_bytes(&bytes).map_err(|_| ImportError::OverLimits)?
        }
        _ => Err(ImportError::OverLimits),
    }
}

/// Address space and CPU time of the child, set between fork and exec.
#[cfg(unix)]
fn set_limits(command: &mut Command, limits: ChildLimits) {
    use std::os::unix::process::CommandExt;
    let memory = limits.memory_mb.saturating_mul(1 << 20);
    let cpu = limits.time.as_secs() + 1;
    // SAFETY: only getrlimit and setrlimit, which are async-signal-safe, run in the forked child.
    unsafe {
        command.pre_exec(move || {
            // Only ever lowered: limits the parent runs under bind the child too.
            let set = |resource, value: u64| {
                let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
                libc::getrlimit(resource, &mut lim);
                let value = (value as libc::rlim_t).min(lim.rlim_cur);
                let lim = libc::rlimit { rlim_cur: value, rlim_max: value.min(lim.rlim_max) };
                libc::setrlimit(resource, &lim)
            };
            set(libc::RLIMIT_AS, memory);
            set(libc::RLIMIT_CPU, cpu);
            Ok(())
        });
    }
}

/// Elsewhere nothing is set before the start: on Windows the memory limit is a Job Object
/// ([`job`]) the child is put in once started; the wall clock bounds its time.
#[cfg(not(unix))]
fn set_limits(_command: &mut Command, _limits: ChildLimits) {}

#[cfg(windows)]
mod job;
