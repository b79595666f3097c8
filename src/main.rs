//! The `kyodo` command line. All the work is in the library; this file parses arguments,
//! prints and chooses the exit code: 0 ok, 1 problems found, 2 could not run.

use clap::{Parser, Subcommand, ValueEnum};
use kyodo::diag::JsonReport;
use kyodo::pipeline::{self, Fatal, Loaded};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kyodo",
    version,
    about = "市民協働推進アクションプランの進捗管理: 部署の表計算シートを点検し、報告書を作ります"
)]
struct Cli {
    /// 設定ファイル（既定値に上書き）。省略時は入力と同じフォルダの kyodo.toml、なければ組み込みの既定値
    #[arg(long, global = true, value_name = "FILE")]
    template: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 部署から届いたシートを読み込み、不足や誤りを報告します
    Check {
        /// 計画ファイル。指定すると INPUT は各部署の進捗報告として照合します
        #[arg(long, value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 表計算ファイルまたはフォルダ（.xlsx .xlsm .xls .xlsb .ods .csv）
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check {
            plan,
            format,
            inputs,
        } => check(cli.template.as_deref(), plan.as_deref(), *format, inputs),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("kyodo: {message}");
            ExitCode::from(2)
        }
    }
}

fn check(
    template: Option<&std::path::Path>,
    plan: Option<&std::path::Path>,
    format: Format,
    inputs: &[PathBuf],
) -> Result<ExitCode, Fatal> {
    let config = pipeline::config(template, inputs)?;
    let loaded = pipeline::load(plan, inputs, config)?;
    match format {
        Format::Text => print_text(&loaded),
        Format::Json => print_json(&loaded),
    }
    Ok(if loaded.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        println!("{}", d.line());
    }
    if !loaded.diagnostics.is_empty() {
        println!();
    }
    println!("{}", loaded.summary().text());
}

fn print_json(loaded: &Loaded) {
    let report = JsonReport {
        items: loaded.plan.items().count(),
        files: loaded.json_files(),
        diagnostics: &loaded.diagnostics,
        summary: loaded.summary(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("diagnostics serialise")
    );
}
