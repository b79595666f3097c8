//! The progress display of a long run: one line on the terminal saying what kyodo is doing
//! (files read, pages laid out, files written), drawn by indicatif.
//!
//! It appears only when stderr is a terminal, without `--quiet`, and only once the run has
//! taken [`DELAY`] (`KYODO_PROGRESS_DELAY_MS` sets another, for tests): a short run prints nothing extra, and neither does a pipe, a log file or a
//! test. It is process-wide (one run, one display) so that the stages report without every
//! signature carrying it; each call is a no-op when the display is off. Lines printed through
//! [`crate::console`] clear it first and redraw it after.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// How long a run goes before the display appears: about what people wait without wondering.
pub const DELAY: Duration = Duration::from_secs(1);

struct Display {
    bar: ProgressBar,
    /// Pages laid out so far in this run, over all its reports.
    pages: AtomicUsize,
    /// The stage's own words, which the page count follows.
    stage: Mutex<String>,
    /// Whether the run is over: the delayed start must not draw after that.
    done: Mutex<bool>,
}

static DISPLAY: OnceLock<Display> = OnceLock::new();

/// Starts the display for this run, unless `quiet`, stderr is not a terminal or
/// `KYODO_NO_PROGRESS` is set. It shows itself after [`DELAY`].
pub fn start(quiet: bool) {
    if quiet || !std::io::stderr().is_terminal() || std::env::var_os("KYODO_NO_PROGRESS").is_some() {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}").expect("a valid template");
    bar.set_style(style.tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "));
    bar.set_message("開始");
    let display = Display {
        bar,
        pages: AtomicUsize::new(0),
        stage: Mutex::new(String::new()),
        done: Mutex::new(false),
    };
    if DISPLAY.set(display).is_err() {
        return;
    }
    let delay = std::env::var("KYODO_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DELAY, Duration::from_millis);
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        if let Some(d) = DISPLAY.get() {
            let done = d.done.lock().unwrap_or_else(|e| e.into_inner());
            if !*done {
                d.bar.set_draw_target(ProgressDrawTarget::stderr());
                d.bar.enable_steady_tick(Duration::from_millis(120));
            }
        }
    });
}

/// Says what the run is doing now: 「読み込み 2/5：関係各部.xlsx」.
pub fn stage(message: impl FnOnce() -> String) {
    if let Some(d) = DISPLAY.get() {
        let message = message();
        d.bar.set_message(message.clone());
        *d.stage.lock().unwrap_or_else(|e| e.into_inner()) = message;
    }
}

/// Counts one more page laid out (any report of the run).
pub fn page() {
    if let Some(d) = DISPLAY.get() {
        let pages = d.pages.fetch_add(1, Ordering::Relaxed) + 1;
        // Redrawn every 50 pages: the count moves without a message per page.
        if pages % 50 == 0 {
            let stage = d.stage.lock().unwrap_or_else(|e| e.into_inner());
            d.bar.set_message(format!("{stage}（ページ割付 {pages} ページ）"));
        }
    }
}

/// Ends the display and clears its line; later calls do nothing visible.
pub fn finish() {
    if let Some(d) = DISPLAY.get() {
        let mut done = d.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        d.bar.finish_and_clear();
    }
}

/// Runs `print` with the display's line cleared, so that a printed line never mixes with it.
pub fn suspend<T>(print: impl FnOnce() -> T) -> T {
    match DISPLAY.get() {
        Some(d) => d.bar.suspend(print),
        None => print(),
    }
}
