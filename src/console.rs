//! Writing to the console without panicking: `println!` panics when the reader has gone
//! (`kyodo check … | head`) and `eprintln!` when stderr is closed. A run whose reader left
//! early still finishes its work and ends with the exit code it would have had.

use std::fmt::Arguments;
use std::io::Write;

/// Writes a line to stdout; a closed or broken stdout is ignored.
pub fn out(args: Arguments) {
    crate::progress::suspend(|| {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_fmt(args).and_then(|()| stdout.write_all(b"\n"));
    });
}

/// Writes a line to stderr; a closed stderr is ignored.
pub fn err(args: Arguments) {
    crate::progress::suspend(|| {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_fmt(args).and_then(|()| stderr.write_all(b"\n"));
    });
}

/// Replaces the panic message (English, with a backtrace hint) by a Japanese one asking for a
/// report; the process then exits 101 as before. No input should get here: this is the last
/// line of defence, not a way to report bad input.
pub fn japanese_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        err(format_args!(
            "kyodo: 内部エラーで止まりました。入力のファイルとこの表示を開発者に知らせてください（{place}: {what}）"
        ));
    }));
}

/// Whether kyodo.exe was opened by a double click: on Windows, a console window of its own
/// that no command prompt shares (the console's process list holds kyodo alone), with a
/// keyboard on stdin; never elsewhere, nor from a command prompt, a script or a pipe.
pub fn double_clicked() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && console_of_its_own()
}

#[cfg(windows)]
fn console_of_its_own() -> bool {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds as many process ids as it is said to hold.
    let count = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32)
    };
    count == 1
}

#[cfg(not(windows))]
fn console_of_its_own() -> bool {
    false
}
