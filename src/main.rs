//! The `kyodo` command line. All the work is in the library; this file parses arguments,
//! prints and chooses the exit code: 0 ok, 1 problems found, 2 could not run.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kyodo::diag::JsonReport;
use kyodo::output::OutputDir;
use kyodo::pipeline::{self, Fatal, Loaded};
use kyodo::render::{self, Format};
use kyodo::report::{issue_date, Kind, Report};
use kyodo::text::shown_path;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Every print goes through kyodo::console, which never panics on a closed pipe.
macro_rules! println {
    ($($arg:tt)*) => { kyodo::console::out(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    ($($arg:tt)*) => { kyodo::console::err(format_args!($($arg)*)) };
}

// After the print macros, which it uses too.
mod previous;
use previous::{earlier_years, latest_year};

#[derive(Parser)]
#[command(
    name = "kyodo",
    version,
    about = "市民協働推進アクションプランの進捗管理：部署の表計算シートを点検し、報告書を作ります",
    after_help = "ファイルやフォルダだけを指定すると（kyodo.exe に Explorer でドラッグ＆ドロップしても同じ）、計画を中身で見分けて点検し、すべての報告書を隣のフォルダ「報告書」に作ります。"
)]
struct Cli {
    /// 設定ファイル（既定値に上書き、複数可）。省略時は入力と同じフォルダの kyodo.toml、なければ組み込みの既定値
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
    /// 各シートをどう読んだか（見出し行、各列の役割と年度、項目・報告の行数）を示します
    Inspect {
        /// 出力形式
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// 表計算ファイルまたはフォルダ
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
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
    fn kinds(self) -> Vec<Kind> {
        match self {
            KindArg::Official => vec![Kind::Official],
            KindArg::Koho => vec![Kind::Koho],
            KindArg::Committee => vec![Kind::Committee],
            KindArg::All => Kind::ALL.to_vec(),
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
    fn formats(self) -> Vec<Format> {
        match self {
            ReportFormat::Pdf => vec![Format::Pdf],
            ReportFormat::Txt => vec![Format::Txt],
            ReportFormat::Xlsx => vec![Format::Xlsx],
            ReportFormat::All => Format::ALL.to_vec(),
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
    let result = match command {
        Command::Check { plan, format, returns, inputs } => {
            check(&settings, plan.as_deref(), *format, returns.as_deref(), inputs)
        }
        Command::Report { plan, kind, format, force, previous, year, output, inputs } => {
            // Each --previous folder is one earlier year.
            let years: Vec<Vec<PathBuf>> = previous.iter().map(|d| vec![d.clone()]).collect();
            let options = ReportOptions {
                kind: *kind,
                format: *format,
                force: *force,
                previous: &years,
                year: year.as_deref(),
                output,
                dropped: false,
                notes: &[],
            };
            report(&settings, plan.as_deref(), &options, inputs)
        }
        Command::Template { plan, year, previous, output } => {
            template(&settings, plan, year.as_deref(), previous, output)
        }
        Command::Config { output, force } => templates(output.as_deref(), *force),
        Command::Inspect { format, inputs } => inspect(&settings, *format, inputs),
        Command::ReadWorkbook { .. } => unreachable!("handled above"),
    };
    kyodo::progress::finish();
    match result {
        Ok(code) => code,
        Err(fatal) => {
            let message = fatal.to_string();
            let json = matches!(
                cli.command,
                Some(
                    Command::Check { format: CheckFormat::Json, .. }
                        | Command::Inspect { format: CheckFormat::Json, .. }
                )
            );
            if json {
                // Whoever asked for JSON parses stdout: the reason comes as JSON too.
                println!("{}", serde_json::json!({ "error": message }));
            } else {
                eprintln!("kyodo: {message}");
            }
            ExitCode::from(2)
        }
    }
}

/// Whether the command line asks for JSON, read before it is parsed: a usage error of
/// `check --format json` comes as JSON too.
fn wants_json() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") || args.iter().any(|a| a == "--format=json")
}

/// Paths without a command, as when files or a folder are dropped onto kyodo.exe: the plan is
/// recognised by its content, everything is checked and every report written to 「報告書」
/// beside the inputs. The window of a drop closes when kyodo ends, so on a console it waits
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
        match run_dropped(settings, paths) {
            Ok(code) => code,
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

fn run_dropped(settings: &[PathBuf], paths: &[PathBuf]) -> Result<ExitCode, Fatal> {
    if let Some(word) = mistyped_command(paths) {
        return Err(Fatal::Command(format!(
            "{word}: ファイルもフォルダもなく、コマンドでもありません（コマンドは check・report・template・config。kyodo --help で使い方を表示します）"
        )));
    }
    let output = kyodo::intake::output_beside(paths);
    let config = pipeline::config(settings, paths)?;
    let kyodo::intake::Dropped { plan, inputs, skipped, alone } =
        kyodo::intake::find_plan(paths, &output, &config)?;
    match (&plan, &inputs[..]) {
        (Some(p), _) => eprintln!("計画: {}", shown_path(p)),
        (None, [p]) if alone => {
            eprintln!("計画: {}（進捗報告のシートがないため、計画だけの報告書を作ります）", shown_path(p))
        }
        (None, _) => eprintln!("計画だけのファイルが見つからないため、すべてを計画として読みます"),
    }
    // Sheets of earlier years dropped with this year's (folders 令和4年度, 令和5年度 beside
    // progress) are those years' reports, compared as --previous would.
    let (inputs, earlier) = match plan {
        Some(_) => kyodo::intake::split_years(inputs, &config),
        None => (inputs, Vec::new()),
    };
    for (year, files) in &earlier {
        let year = kyodo::text::wareki::fiscal_year_label(*year);
        eprintln!("{year}の進捗報告（{} ファイル）は前年度以前の報告として比べます", files.len());
    }
    let earlier: Vec<Vec<PathBuf>> = earlier.into_iter().map(|(_, files)| files).collect();
    let notes: Vec<_> = kyodo::intake::skipped_files(&skipped).into_iter().collect();
    let options = ReportOptions {
        kind: KindArg::All,
        format: ReportFormat::All,
        force: false,
        previous: &earlier,
        year: None,
        output: &output,
        dropped: true,
        notes: &notes,
    };
    let code = report(settings, plan.as_deref(), &options, &inputs)?;
    if code == ExitCode::SUCCESS {
        eprintln!("報告書を {} に作りました", shown_path(output));
    }
    Ok(code)
}

/// The first path when it is rather a mistyped command (`kyodo chek …`): a bare word of Latin
/// letters naming nothing that exists. A file or folder of that name is read as dropped.
fn mistyped_command(paths: &[PathBuf]) -> Option<String> {
    let word = paths.first()?.to_str()?;
    let bare = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    (bare && !Path::new(word).exists()).then(|| word.to_string())
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

fn check(
    template: &[PathBuf],
    plan: Option<&Path>,
    format: CheckFormat,
    returns: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<ExitCode, Fatal> {
    let config = pipeline::config(template, inputs)?;
    let loaded = pipeline::load(plan, inputs, config)?;
    match format {
        CheckFormat::Text => print_text(&loaded),
        CheckFormat::Json => print_json(&loaded),
    }
    if let Some(dir) = returns {
        for path in kyodo::returns::write(&loaded, dir)? {
            eprintln!("{}", shown_path(path));
        }
    }
    Ok(if loaded.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_text(loaded: &Loaded) {
    println!("{}", diagnostics_text(loaded));
}

/// The diagnostics, one a line, then the summary.
fn diagnostics_text(loaded: &Loaded) -> String {
    let mut text = String::new();
    for d in &loaded.diagnostics {
        text.push_str(&d.line());
        text.push('\n');
    }
    if !loaded.diagnostics.is_empty() {
        text.push('\n');
    }
    text.push_str(&loaded.summary().text());
    text
}

struct ReportOptions<'a> {
    kind: KindArg,
    format: ReportFormat,
    force: bool,
    /// The earlier years' sheets: the paths of each year (a `--previous` folder).
    previous: &'a [Vec<PathBuf>],
    year: Option<&'a str>,
    output: &'a Path,
    /// A drop onto kyodo.exe: the check's summary shows even when it found nothing (in the
    /// window of the drop), and advice names no command-line option.
    dropped: bool,
    /// Findings made before the check, on the paths as given (a drop's files that are no
    /// spreadsheets): they come first, as `check` puts them.
    notes: &'a [kyodo::diag::Diagnostic],
}

fn report(
    template: &[PathBuf],
    plan: Option<&Path>,
    options: &ReportOptions,
    inputs: &[PathBuf],
) -> Result<ExitCode, Fatal> {
    // A kind in a format it does not come in is refused before anything is read.
    let jobs = jobs(options)?;
    let config = pipeline::config(template, inputs)?;
    let year = options.year.map(parse_year).transpose()?;
    let mut loaded = pipeline::load(plan, inputs, config)?;
    loaded.diagnostics.splice(0..0, options.notes.iter().cloned());
    if let Some(year) = year {
        if let Some(stated) = loaded.plan.reporting_year.filter(|y| *y != year) {
            use kyodo::text::wareki::fiscal_year_label as label;
            eprintln!(
                "警告：進捗報告は{}ですが、--year のとおり{}の報告書を作ります",
                label(stated),
                label(year)
            );
        }
        loaded.plan.reporting_year = Some(year);
        kyodo::model::indicator::prorate(&mut loaded.plan, &loaded.config);
    }
    let errors = loaded.has_errors();
    if errors || !loaded.diagnostics.is_empty() || options.dropped {
        eprintln!("{}", diagnostics_text(&loaded));
    }
    if errors && !options.force {
        eprintln!(
            "{}",
            match options.dropped {
                true => "エラーがあるため報告書を作りませんでした。上のエラーを直してから、もう一度フォルダをドロップしてください",
                false => "エラーがあるため報告書を作りませんでした（--force を付けると、未提出・未記入を明示して作成します）",
            }
        );
        return Ok(ExitCode::from(1));
    }
    // Rows matching no plan item still reach the report, each where a warning says.
    let mut closing = kyodo::model::Closing::default();
    if options.force {
        let placements;
        (placements, closing) = kyodo::model::place_unmatched(&mut loaded.plan);
        let placed = kyodo::check::placed(&placements);
        for d in &placed {
            eprintln!("{}", d.line());
        }
        loaded.diagnostics.extend(placed);
    }
    let sources: Vec<PathBuf> =
        plan.map(Path::to_path_buf).into_iter().chain(inputs.iter().cloned()).collect();
    let issued = issue_date(loaded.config.date.as_deref(), &sources)?;
    let jobs = koho_needs_progress(options, jobs, &loaded.plan)?;
    let earlier = earlier_years(options.previous, &loaded, plan, inputs)?;
    let out = lock(options.output)?;
    // Renderers read the model only: the imported tables go before they build.
    let Loaded { plan: mut model, config, diagnostics, .. } = loaded;
    // One import and one model for every file; the files render in parallel (PDF and XLSX
    // on two cores), collected in job order.
    let render = |model: &kyodo::model::Plan, &(kind, format): &Job| {
        let report = Report {
            kind,
            plan: model,
            config: &config,
            diagnostics: &diagnostics,
            issued,
            progress_expected: plan.is_some(),
            earlier: &earlier,
        };
        let (k, f) = (kind.file_stem(), format.extension());
        let name = format!("{k}.{f}");
        let content = report
            .content(format)
            .ok_or_else(|| Fatal::Command(format!("{k} は {f} 形式では出力できません")))?;
        Ok((name, render::render(content)?))
    };
    use rayon::prelude::*;
    kyodo::progress::stage(|| {
        let names: Vec<String> =
            jobs.iter().map(|(k, f)| format!("{}.{}", k.file_stem(), f.extension())).collect();
        format!("作成中：{}", names.join("、"))
    });
    // The closing section of unmatched rows is where the office reviews, not in what residents
    // and the committee read as the plan: the other kinds render first, without it.
    let official = |&&(kind, _): &&Job| kind == Kind::Official;
    let others: Vec<_> = jobs.iter().filter(|j| !official(j)).collect();
    let others = others.par_iter().map(|j| render(&model, j)).collect::<Result<Vec<_>, Fatal>>()?;
    closing.show(&mut model, true);
    let office: Vec<_> = jobs.iter().filter(official).collect();
    let office = office.par_iter().map(|j| render(&model, j)).collect::<Result<Vec<_>, Fatal>>()?;
    let (mut others, mut office) = (others.into_iter(), office.into_iter());
    let files: Vec<_> =
        jobs.iter().filter_map(|job| if official(&job) { office.next() } else { others.next() }).collect();
    kyodo::progress::stage(|| format!("書き込み {} ファイル", files.len()));
    // All files of the run replace the old ones together, after every one is rendered.
    out.write_all(&files)?;
    for (name, _) in &files {
        println!("{}", shown_path(out.path(name)));
    }
    kyodo::render::drop_aside((model, files));
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `kyodo inspect`: how each sheet of the inputs was read.
fn inspect(settings: &[PathBuf], format: CheckFormat, inputs: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let config = pipeline::config(settings, inputs)?;
    let views = kyodo::import::inspect::paths(inputs, &config)?;
    match format {
        CheckFormat::Text => println!("{}", kyodo::import::inspect::text(&views).trim_end()),
        CheckFormat::Json => {
            let document = serde_json::json!({ "files": views });
            println!("{}", serde_json::to_string_pretty(&document).expect("views serialise"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(loaded: &Loaded) {
    let report = JsonReport {
        items: loaded.plan.items().count(),
        files: loaded.json_files(),
        diagnostics: &loaded.diagnostics,
        summary: loaded.summary(),
    };
    println!("{}", serde_json::to_string_pretty(&report).expect("diagnostics serialise"));
}

/// One file to write: its kind and format.
type Job = (Kind, Format);

/// The (kind, format) pairs to write. An explicit pair that does not exist is an error;
/// `all` takes the pairs that do.
fn jobs(options: &ReportOptions) -> Result<Vec<Job>, Fatal> {
    let any = options.kind == KindArg::All || options.format == ReportFormat::All;
    let mut jobs = Vec::new();
    for kind in options.kind.kinds() {
        for format in options.format.formats() {
            match kyodo::report::available(kind, format) {
                true => jobs.push((kind, format)),
                false if any => {}
                false => {
                    let (k, f) = (kind.file_stem(), format.extension());
                    return Err(Fatal::Command(format!("{k} は {f} 形式では出力できません")));
                }
            }
        }
    }
    Ok(jobs)
}

/// The summary for residents needs progress: asked for alone on a plan without any, it
/// refuses; within `all`, it is left out with a note.
fn koho_needs_progress(
    options: &ReportOptions,
    jobs: Vec<Job>,
    plan: &kyodo::model::Plan,
) -> Result<Vec<Job>, Fatal> {
    const KOHO_NEEDS: &str =
        "広報向けの要約（koho）には進捗報告が必要です。どの項目にも進捗の報告がないため作りません";
    if plan.items().any(|i| !i.progress.is_empty()) {
        return Ok(jobs);
    }
    // What to do: on the command line an option; in a drop, the folder's content.
    let remedy = match options.dropped {
        true => {
            "（各部署から届いた進捗報告のシートを計画と同じフォルダに入れて、もう一度ドロップしてください）"
        }
        false => "（--plan 計画 と各部署の進捗報告を指定してください）",
    };
    if options.kind == KindArg::Koho {
        return Err(Fatal::Command(format!("{KOHO_NEEDS}{remedy}")));
    }
    if jobs.iter().any(|(kind, _)| *kind == Kind::Koho) {
        eprintln!("{KOHO_NEEDS}{remedy}");
    }
    Ok(jobs.into_iter().filter(|(kind, _)| *kind != Kind::Koho).collect())
}

/// `--year` as a fiscal year.
fn parse_year(text: &str) -> Result<i32, Fatal> {
    kyodo::text::wareki::parse_year(text).ok_or_else(|| {
        Fatal::Command(format!(
            "--year「{text}」は年度として読めません（{}）",
            kyodo::text::wareki::YEAR_HINT
        ))
    })
}

/// Creates the output folder and takes its lock for this run.
fn lock(dir: &Path) -> Result<OutputDir, Fatal> {
    Ok(OutputDir::lock(dir)?)
}

/// Writes each department's workbook; prints the plan's problems and the files written.
fn template(
    settings: &[PathBuf],
    plan: &Path,
    year: Option<&str>,
    previous: &[PathBuf],
    output: &Path,
) -> Result<ExitCode, Fatal> {
    let inputs = [plan.to_path_buf()];
    let config = pipeline::config(settings, &inputs)?;
    let loaded = pipeline::load(None, &inputs, config)?;
    if !loaded.diagnostics.is_empty() {
        eprintln!("{}", diagnostics_text(&loaded));
    }
    let given = year.map(parse_year).transpose()?;
    let previous = latest_year(previous, &loaded.config)?;
    let year =
        form_year(given, loaded.plan.fiscal_year, previous.as_ref().and_then(|p| p.plan.report_year()));
    if year.is_none() {
        eprintln!(
            "計画に年度の記載がないため、表題に年度を入れませんでした（--year 令和7 のように指定できます）"
        );
    }
    let issued = issue_date(loaded.config.date.as_deref(), &inputs)?;
    let options = render::xlsx::form::Options { year, previous: previous.as_ref().map(|p| &p.plan), issued };
    let templates = render::xlsx::form::forms(&loaded.plan, &loaded.config, &options)?;
    let out = lock(output)?;
    let files: Vec<(String, Vec<u8>)> =
        templates.iter().map(|t| (t.file_name.clone(), t.bytes.clone())).collect();
    out.write_all(&files)?;
    for t in &templates {
        println!("{}\t{}（{} 項目）", shown_path(out.path(&t.file_name)), t.department, t.items);
    }
    Ok(if loaded.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The forms' year: `--year`, else the plan's, but never one the `--previous` sheets (their year
/// `last`) already report on: given 令和6年度's returns as last year's, the forms are for 令和7年度,
/// or their 「前年度の評価」 would hold this year's grades. Says so on stderr either way.
fn form_year(given: Option<i32>, plan: Option<i32>, last: Option<i32>) -> Option<i32> {
    use kyodo::text::wareki::fiscal_year_label as label;
    match (given, last) {
        (Some(year), Some(last)) if last >= year => {
            eprintln!(
                "警告：--previous の進捗報告は{}のもので、{}の前年度ではありません（様式の「前年度の評価・実績」の欄に載ります）",
                label(last),
                label(year)
            );
            Some(year)
        }
        (None, Some(last)) if plan.is_none_or(|p| p <= last) => {
            let year = last + 1;
            eprintln!(
                "--previous の進捗報告が{}のため、{}の様式を作りました（ほかの年度は --year で指定できます）",
                label(last),
                label(year)
            );
            Some(year)
        }
        _ => given.or(plan),
    }
}

/// Lists the report kinds; with a folder, writes the shipped templates there to edit.
fn templates(output: Option<&Path>, force: bool) -> Result<ExitCode, Fatal> {
    for (kind, file, what) in [
        ("official", "official.toml", "公表用の進捗状況報告書（pdf・xlsx）"),
        ("koho", "koho.toml", "広報つしま向けの要約（pdf・txt）"),
        (
            "committee",
            "committee.toml",
            "市民参画・協働推進検討委員会の資料（pdf、--previous で前年度と比較）",
        ),
    ] {
        println!("{kind:<10} {file:<15} {what}");
    }
    println!("{:<10} {:<15} 市の名前・評価の尺度・列名の同義語など（全種類に共通）", "", "kyodo.toml");
    let Some(dir) = output else { return Ok(ExitCode::SUCCESS) };
    let out = lock(dir)?;
    let mut files = Vec::new();
    for (name, text) in kyodo::config::TEMPLATES {
        let path = out.path(name);
        if path.exists() && !force {
            return Err(Fatal::Command(format!(
                "{}: すでにあります（上書きするには --force）",
                shown_path(path)
            )));
        }
        files.push((name.to_string(), text.as_bytes().to_vec()));
    }
    out.write_all(&files)?;
    for (name, _) in &files {
        println!("{}", shown_path(out.path(name)));
    }
    Ok(ExitCode::SUCCESS)
}
