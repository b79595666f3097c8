//! The `kyodo` command line. All the work is in the library; this file parses arguments,
//! prints and chooses the exit code: 0 ok, 1 problems found, 2 could not run.

use clap::{CommandFactory, FromArgMatches};
use kyodo::pipeline::Fatal;
use kyodo::run::{self, Done, Notice, Status};
use kyodo::text::shown_path;
use std::path::PathBuf;
use std::process::ExitCode;

mod args;
use args::{CheckFormat, Cli, Command};

// Every print goes through kyodo::console, which never panics on a closed pipe.
macro_rules! println {
    ($($arg:tt)*) => { kyodo::console::out(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    ($($arg:tt)*) => { kyodo::console::err(format_args!($($arg)*)) };
}

fn main() -> ExitCode {
    kyodo::console::japanese_panics();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Some(Command::ReadWorkbook { file }) = &cli.command {
        return kyodo::import::isolated::child_main(file);
    }
    // Each workbook is read by a bounded child: one that defeats calamine costs that file only.
    kyodo::import::isolated::enable();
    kyodo::progress::start(cli.quiet);
    let settings = settings_files(&cli);
    let Some(command) = &cli.command else {
        return dropped(&settings, &cli.paths);
    };
    let mut notices = Vec::new();
    let result = match command {
        Command::Check { plan, format, returns, inputs } => {
            let request = run::CheckRequest {
                settings,
                plan: plan.clone(),
                inputs: inputs.clone(),
                returns: returns.clone(),
            };
            check(&request, *format, &mut notices)
        }
        Command::Report { plan, kind, format, force, previous, year, output, inputs } => {
            year.as_deref().map(run::parse_year).transpose().and_then(|year| {
                let request = run::ReportRequest {
                    settings,
                    plan: plan.clone(),
                    inputs: inputs.clone(),
                    year,
                    // Each --previous folder is one earlier year.
                    earlier: previous.iter().map(|d| vec![d.clone()]).collect(),
                    force: *force,
                    kind: kind.kind(),
                    formats: format.formats(),
                    output: output.clone(),
                };
                run::report(&request, &mut notices).map(print_written)
            })
        }
        Command::Template { plan, year, previous, output } => {
            year.as_deref().map(run::parse_year).transpose().and_then(|year| {
                let request = run::TemplateRequest {
                    settings,
                    plan: plan.clone(),
                    year,
                    previous: previous.clone(),
                    output: output.clone(),
                };
                run::template(&request, &mut notices).map(print_written)
            })
        }
        Command::Config { output, force } => config(&settings, output.as_ref(), *force),
        Command::Inspect { format, inputs } => inspect(&settings, *format, inputs, &mut notices),
        Command::Serve { no_browser, folder } => serve(settings, *no_browser, folder.clone()),
        Command::ReadWorkbook { .. } => unreachable!("handled above"),
    };
    print_notices(&notices);
    kyodo::progress::finish();
    match result {
        Ok(code) => code,
        Err(fatal) => {
            let message = fatal.to_string();
            let json = |f: &CheckFormat| *f == CheckFormat::Json;
            if matches!(&cli.command, Some(Command::Check { format, .. } | Command::Inspect { format, .. }) if json(format))
            {
                // Whoever asked for JSON parses stdout: the reason comes as JSON too.
                println!("{}", serde_json::json!({ "error": message }));
            } else {
                eprintln!("kyodo: {message}");
            }
            ExitCode::from(2)
        }
    }
}

/// `kyodo inspect`: how each sheet of the inputs was read, as text or JSON on stdout.
fn inspect(
    settings: &[PathBuf],
    format: CheckFormat,
    inputs: &[PathBuf],
    notices: &mut Vec<Notice>,
) -> Result<ExitCode, Fatal> {
    let views = run::inspect(settings, inputs, notices)?;
    match format {
        CheckFormat::Text => println!("{}", kyodo::import::inspect::text(&views).trim_end()),
        CheckFormat::Json => println!("{}", kyodo::import::inspect::json(&views)),
    }
    Ok(ExitCode::SUCCESS)
}

/// `kyodo serve`: the page's address first on stdout, then the browser opened unless asked
/// not to; answers until the page's 終了 button (or Ctrl+C, or the console closing).
fn serve(settings: Vec<PathBuf>, no_browser: bool, folder: Option<PathBuf>) -> Result<ExitCode, Fatal> {
    let folder = folder.unwrap_or_else(|| PathBuf::from("."));
    let bound = kyodo::serve::bind(kyodo::serve::Options { folder, settings })?;
    let address = bound.address();
    println!("{address}");
    if !no_browser && kyodo::serve::open_browser(&address).is_err() {
        eprintln!("kyodo: ブラウザを開けませんでした。上のアドレスをブラウザで開いてください");
    }
    eprintln!("kyodo: 終了するには、ページの「終了」を押すか、この画面で Ctrl+C を押します");
    bound.run();
    Ok(ExitCode::SUCCESS)
}

/// Every notice of the run, in order, on stderr.
fn print_notices(notices: &[Notice]) {
    for notice in notices {
        eprintln!("{notice}");
    }
}

/// The files written, one a line on stdout; the exit code of the run.
fn print_written(done: Done) -> ExitCode {
    for written in &done.written {
        match &written.about {
            Some(about) => println!("{}\t{about}", shown_path(&written.path)),
            None => println!("{}", shown_path(&written.path)),
        }
    }
    exit_code(done.status)
}

fn exit_code(status: Status) -> ExitCode {
    match status {
        Status::Clean => ExitCode::SUCCESS,
        Status::Problems => ExitCode::from(1),
    }
}

/// Whether the command line asks for JSON, read before it is parsed: a usage error of
/// `check --format json` comes as JSON too.
fn wants_json() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") || args.iter().any(|a| a == "--format=json")
}

/// Paths without a command, as when files or a folder are dropped onto kyodo.exe
/// ([`run::dropped`]). The window of a drop closes when kyodo ends, so on a console it waits
/// for Enter; never when stdin is a pipe or a file (tests, CI, scripts).
fn dropped(settings: &[PathBuf], paths: &[PathBuf]) -> ExitCode {
    use std::io::IsTerminal;
    if paths.is_empty() && kyodo::console::double_clicked() {
        return double_clicked(settings);
    }
    let code = if paths.is_empty() {
        // A command prompt, a script or a pipe: the command line's help.
        eprintln!(
            "{}",
            kyodo::cli_text::help_text(&kyodo::cli_text::japanese(Cli::command()).render_help().to_string())
        );
        ExitCode::from(2)
    } else {
        let mut notices = Vec::new();
        let result = run::dropped(settings, paths, &mut notices);
        print_notices(&notices);
        match result {
            Ok(done) => print_written(done),
            Err(fatal) => {
                eprintln!("kyodo: {fatal}");
                ExitCode::from(2)
            }
        }
    };
    kyodo::progress::finish();
    if std::io::stdin().is_terminal() && !paths.is_empty() {
        eprintln!("\nEnter キーを押すと閉じます");
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    code
}

/// kyodo.exe double-clicked, nothing dropped: the page ([`serve`]) on the folder kyodo.exe sits
/// in, in the default browser, the window saying so in Japanese; it stays open while the page
/// is used. Where the page cannot start, the window says why and waits for Enter.
fn double_clicked(settings: &[PathBuf]) -> ExitCode {
    let folder = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    eprintln!("{}", kyodo::cli_text::double_clicked(&shown_path(&folder)));
    match serve(settings.to_vec(), false, Some(folder)) {
        Ok(code) => code,
        Err(fatal) => {
            eprintln!("kyodo: {fatal}\n\nEnter キーを押すと閉じます");
            let _ = std::io::stdin().read_line(&mut String::new());
            ExitCode::from(2)
        }
    }
}

/// The command line, with clap's help and errors in Japanese (kyodo::cli_text).
fn parse() -> Result<Cli, ExitCode> {
    let matches = kyodo::cli_text::japanese(Cli::command()).try_get_matches();
    matches.and_then(|m| Cli::from_arg_matches(&m)).map_err(|e| {
        let (stdout, text, code) = kyodo::cli_text::outcome(&e);
        if !stdout && wants_json() {
            // Whoever asked for JSON parses stdout: a usage error comes as JSON too.
            println!("{}", serde_json::json!({ "error": text.trim() }));
        } else if stdout {
            println!("{}", text.trim_end());
        } else {
            eprintln!("{}", text.trim_end());
        }
        ExitCode::from(code)
    })
}

/// The settings files given, `--config` first; the old spellings (`--template FILE`, the
/// `templates` command) still work for one version, with a note saying the new ones.
fn settings_files(cli: &Cli) -> Vec<PathBuf> {
    if !cli.old_config.is_empty() {
        eprintln!("kyodo: --template FILE は --config FILE に名前が変わりました（--template は次の版でなくなります）");
    }
    if std::env::args().nth(1).as_deref() == Some("templates") {
        eprintln!("kyodo: templates は config に名前が変わりました（kyodo config -o DIR。templates は次の版でなくなります）");
    }
    cli.config.iter().chain(&cli.old_config).cloned().collect()
}

/// `check`: the findings on stdout (text or JSON), the returns written on stderr.
fn check(
    request: &run::CheckRequest,
    format: CheckFormat,
    notices: &mut Vec<Notice>,
) -> Result<ExitCode, Fatal> {
    let checked = run::check(request, notices)?;
    match format {
        CheckFormat::Text => println!("{}", checked.loaded.findings_text()),
        CheckFormat::Json => println!("{}", checked.loaded.json()),
    }
    for path in checked.write_returns()? {
        eprintln!("{}", shown_path(path));
    }
    Ok(exit_code(checked.status))
}

/// Lists the report kinds; with a folder, writes the shipped settings there to edit.
fn config(settings: &[PathBuf], output: Option<&PathBuf>, force: bool) -> Result<ExitCode, Fatal> {
    for (kind, file, what) in run::kinds(&kyodo::pipeline::config(settings)?) {
        println!("{kind:<10} {file:<15} {what}");
    }
    if let Some(dir) = output {
        for path in run::write_settings(dir, force)? {
            println!("{}", shown_path(path));
        }
    }
    Ok(ExitCode::SUCCESS)
}
