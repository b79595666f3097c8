//! The `kyodo` command line. All the work is in the library; this file parses arguments,
//! prints and chooses the exit code: 0 ok, 1 problems found, 2 could not run.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kyodo::pipeline::Fatal;
use kyodo::report::{Format, Kind};
use kyodo::run::{self, Done, Notice, Status};
use kyodo::text::shown_path;
use std::path::PathBuf;
use std::process::ExitCode;

// Every print goes through kyodo::console, which never panics on a closed pipe.
macro_rules! println {
    ($($arg:tt)*) => { kyodo::console::out(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    ($($arg:tt)*) => { kyodo::console::err(format_args!($($arg)*)) };
}

#[derive(Parser)]
#[command(
    name = "kyodo",
    version,
    about = "市民協働推進アクションプランの進捗管理：部署の表計算シートを点検し、報告書を作ります",
    after_help = "ファイルやフォルダだけを指定すると（kyodo.exe に Explorer でドラッグ＆ドロップしても同じ）、計画を中身で見分けて点検し、すべての報告書を隣のフォルダ「報告書」に作ります。"
)]
struct Cli {
    /// 設定ファイル（既定値に上書き、複数可）。省略時は、指定したフォルダの中、計画の隣、入力の隣の順に探した kyodo.toml、なければ組み込みの既定値
    #[arg(long, global = true, value_name = "FILE")]
    config: Vec<PathBuf>,
    /// The old name of --config, kept hidden for one version.
    #[arg(long = "template", global = true, value_name = "FILE", hide = true)]
    old_config: Vec<PathBuf>,
    /// 長い処理の進行状況（読み込み・ページ割付・書き込み）を表示しません。端末以外への出力では元から表示しません
    #[arg(short = 'q', long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Option<Command>,
    /// 表計算ファイルまたはフォルダ（コマンドなしで指定すると点検し、すべての報告書を作ります）
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// 部署から届いたシートを読み込み、不足や誤りを報告します
    Check {
        /// 計画ファイル。指定すると INPUT は各部署の進捗報告として照合します
        #[arg(long, value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// 差し戻し用に、問題のある部署のファイルの写し（問題のセルに色とメモ）と督促一覧.txt をこのフォルダに書きます
        #[arg(long, value_name = "DIR")]
        returns: Option<PathBuf>,
        /// 表計算ファイルまたはフォルダ（.xlsx .xlsm .xls .xlsb .ods .csv）
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
    /// 点検のうえ報告書を作ります（エラーがあれば作りません。--force で空欄を明示して作成）
    Report {
        /// 計画ファイル。指定すると INPUT は各部署の進捗報告として照合します
        #[arg(long, value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// 報告書の種類
        #[arg(long, value_enum, default_value_t = KindArg::Official)]
        kind: KindArg,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = ReportFormat::Pdf)]
        format: ReportFormat,
        /// エラーがあっても作成し、未提出・未記入を報告書に明示します（終了コードは 1）
        #[arg(long)]
        force: bool,
        /// 前年度以前の進捗報告のフォルダ（1年度に1つ、複数指定可。委員会資料などで評価の推移を示します）
        #[arg(long, value_name = "DIR")]
        previous: Vec<PathBuf>,
        /// 報告の年度（令和6、R6、2024 など）。省略時は進捗報告の年度、なければ計画の年度
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// 出力先フォルダ
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
        /// 表計算ファイルまたはフォルダ
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
    /// 部署ごとに、担当の項目を記入済みの進捗状況報告の様式（Excel）を作ります
    Template {
        /// 計画ファイル
        #[arg(long, value_name = "PLAN")]
        plan: PathBuf,
        /// 報告の年度（令和7、R7、2025 など）。省略時は計画の年度
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// 前年度以前の進捗報告のフォルダ（複数指定可。最も新しい年度の評価・実績を参考に載せます）
        #[arg(long, value_name = "DIR")]
        previous: Vec<PathBuf>,
        /// 出力先フォルダ
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
    },
    /// 一つのブックを子プロセスとして読み、結果をバイナリ (postcard) で返します（kyodo 自身が使う内部用）
    #[command(name = "__read-workbook", hide = true)]
    ReadWorkbook { file: PathBuf },
    /// 報告書の種類を一覧し、-o を付けると編集用に設定ファイルの写しを書き出します
    #[command(alias = "templates")]
    Config {
        /// 写しを書き出すフォルダ
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        /// 同じ名前のファイルがあっても上書きします
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

/// Report kinds on the command line.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum KindArg {
    /// 公表用の進捗状況報告書
    Official,
    /// 広報つしま向けの要約
    Koho,
    /// 市民参画・協働推進検討委員会の資料
    Committee,
    /// すべての種類
    All,
}

impl KindArg {
    /// The kind, None for all.
    fn kind(self) -> Option<Kind> {
        match self {
            KindArg::Official => Some(Kind::Official),
            KindArg::Koho => Some(Kind::Koho),
            KindArg::Committee => Some(Kind::Committee),
            KindArg::All => None,
        }
    }
}

/// Report file formats on the command line.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum ReportFormat {
    /// PDF（印刷・公表用）
    Pdf,
    /// 広報の要約のテキスト
    Txt,
    /// Excel ブック（集計・一覧・要確認・部署別）
    Xlsx,
    /// その種類が対応するすべての形式
    All,
}

impl ReportFormat {
    /// The format, None for all.
    fn format(self) -> Option<Format> {
        match self {
            ReportFormat::Pdf => Some(Format::Pdf),
            ReportFormat::Txt => Some(Format::Txt),
            ReportFormat::Xlsx => Some(Format::Xlsx),
            ReportFormat::All => None,
        }
    }
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
                    format: format.format(),
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
        Command::Config { output, force } => config(output.as_ref(), *force),
        Command::ReadWorkbook { .. } => unreachable!("handled above"),
    };
    print_notices(&notices);
    kyodo::progress::finish();
    match result {
        Ok(code) => code,
        Err(fatal) => {
            let message = fatal.to_string();
            if matches!(cli.command, Some(Command::Check { format: CheckFormat::Json, .. })) {
                // Whoever asked for JSON parses stdout: the reason comes as JSON too.
                println!("{}", serde_json::json!({ "error": message }));
            } else {
                eprintln!("kyodo: {message}");
            }
            ExitCode::from(2)
        }
    }
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
    let code = if paths.is_empty() {
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
    if std::io::stdin().is_terminal() {
        eprintln!("\nEnter キーを押すと閉じます");
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    code
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
fn config(output: Option<&PathBuf>, force: bool) -> Result<ExitCode, Fatal> {
    for (kind, file, what) in run::KINDS {
        println!("{kind:<10} {file:<15} {what}");
    }
    if let Some(dir) = output {
        for path in run::write_settings(dir, force)? {
            println!("{}", shown_path(path));
        }
    }
    Ok(ExitCode::SUCCESS)
}
