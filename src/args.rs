//! The command line's arguments (clap), a module of the binary: what each command and option
//! is, in the words of `--help`.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use kyodo::report::{Format, Kind};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "kyodo",
    version,
    about = "市民協働推進アクションプランの進捗管理：部署の表計算シートを点検し、報告書を作ります",
    after_help = "ファイルやフォルダだけを指定すると（kyodo.exe に Explorer でドラッグ＆ドロップしても同じ）、計画を中身で見分けて点検し、すべての報告書を隣の年度のフォルダ（「令和6年度_報告書」など）に作ります。エラーがあれば、各部署への差し戻しと督促一覧を「令和6年度_差し戻し」に作ります。"
)]
pub(crate) struct Cli {
    /// 設定ファイル（既定値に上書き、複数可）。省略時は、指定したフォルダの中、計画の隣、入力の隣の順に探した kyodo.toml、なければ組み込みの既定値
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Vec<PathBuf>,
    /// The old name of --config, kept hidden for one version.
    #[arg(long = "template", global = true, value_name = "FILE", hide = true)]
    pub(crate) old_config: Vec<PathBuf>,
    /// 長い処理の進行状況（読み込み・ページ割付・書き込み）を表示しません。端末以外への出力では元から表示しません
    #[arg(short = 'q', long, global = true)]
    pub(crate) quiet: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// 表計算ファイルまたはフォルダ（コマンドなしで指定すると点検し、すべての報告書を作ります）
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        #[arg(long, value_parser = kinds(), default_value = Kind::DEFAULT.name())]
        kind: KindArg,
        /// 出力形式
        #[arg(long, value_parser = formats(), default_value = Format::DEFAULT.option())]
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
    /// 年度のフォルダをブラウザで開きます（読み込み・提出状況と要修正・報告書・部署への送付・設定。この PC の中だけで動きます）
    Serve {
        /// ブラウザを開かず、ページのアドレス（鍵つき）を最初の行に表示します
        #[arg(long)]
        no_browser: bool,
        /// 年度のフォルダ（計画と部署から届いたシート）。省略時は今いるフォルダ
        #[arg(value_name = "FOLDER")]
        folder: Option<PathBuf>,
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

#[derive(Clone, Copy, PartialEq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
}

/// A value of `--kind`: `all` is every kind.
const ALL: &str = "all";

/// A report kind on the command line: one, or all (None).
#[derive(Clone, Copy)]
pub(crate) struct KindArg(Option<Kind>);

impl KindArg {
    /// The kind, None for all.
    pub(crate) fn kind(self) -> Option<Kind> {
        self.0
    }
}

/// `--kind`: each kind's name and what it is ([`Kind::help`]), then `all`.
fn kinds() -> impl TypedValueParser<Value = KindArg> {
    let values = Kind::ALL.map(|k| PossibleValue::new(k.name()).help(k.help()));
    let all = PossibleValue::new(ALL).help("すべての種類");
    PossibleValuesParser::new(values.into_iter().chain([all])).map(|name| KindArg(Kind::named(&name)))
}

/// Report file formats on the command line: the formats one value stands for, None for all.
#[derive(Clone)]
pub(crate) struct ReportFormat(Option<Vec<Format>>);

impl ReportFormat {
    /// The formats, None for all.
    pub(crate) fn formats(&self) -> Option<Vec<Format>> {
        self.0.clone()
    }
}

/// `--format`: each value of the formats ([`Format::option`], once, with its help), then `all`.
fn formats() -> impl TypedValueParser<Value = ReportFormat> {
    let values = Format::ALL
        .into_iter()
        .filter_map(|f| Some(PossibleValue::new(f.option()).help(f.help()?)))
        .chain([PossibleValue::new(ALL).help("その種類が対応するすべての形式")]);
    PossibleValuesParser::new(values)
        .map(|name| ReportFormat(Some(Format::for_option(&name)).filter(|_| name != ALL)))
}
