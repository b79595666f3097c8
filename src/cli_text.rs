//! The command line in Japanese: clap writes its help headings and errors in English, so the
//! help is rendered with Japanese headings and every parse error is told in a Japanese sentence
//! saying what to do. `main.rs` declares the arguments; this module only words them.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The help layout: clap's `{usage-heading}` would print "Usage:".
pub const HELP_TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// clap's fixed English in a rendered help, and the Japanese shown instead.
const HELP_WORDS: [(&str, &str); 13] = [
    ("Usage:", "使い方:"),
    ("Commands:", "コマンド:"),
    ("Arguments:", "引数:"),
    ("Options:", "オプション:"),
    ("Possible values:", "指定できる値:"),
    ("[possible values: ", "[指定できる値: "),
    ("[default: ", "[既定値: "),
    ("Print help (see a summary with '-h')", "ヘルプを表示します（-h で要約）"),
    ("Print help (see more with '--help')", "ヘルプを表示します（--help で詳しく）"),
    ("Print help", "ヘルプを表示します"),
    ("Print version", "版を表示します"),
    ("[OPTIONS]", "[オプション]"),
    ("<COMMAND>", "<コマンド>"),
];

/// Applies the Japanese layout to a command and all its subcommands.
pub fn japanese(command: clap::Command) -> clap::Command {
    command
        .help_template(HELP_TEMPLATE)
        .disable_help_subcommand(true)
        .mut_subcommands(|sub| sub.help_template(HELP_TEMPLATE))
}

/// A rendered help with clap's headings in Japanese.
pub fn help_text(rendered: &str) -> String {
    HELP_WORDS.iter().fold(rendered.to_string(), |text, (en, ja)| text.replace(en, ja))
}

/// What to print for a parse result clap did not accept, and the exit code: help and version
/// go to stdout with 0; errors are one Japanese sentence on stderr with 2.
pub fn outcome(error: &clap::Error) -> (bool, String, u8) {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            (true, help_text(&error.render().to_string()), 0)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            (false, help_text(&error.render().to_string()), 2)
        }
        _ => (false, format!("kyodo: {}（kyodo --help で使い方を表示します）", message(error)), 2),
    }
}

/// The Japanese sentence for a parse error.
pub fn message(error: &clap::Error) -> String {
    let get = |kind| error.get(kind).map(value_text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    match error.kind() {
        ErrorKind::InvalidValue => {
            let value = get(ContextKind::InvalidValue);
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("{arg} には値を指定してください")
            } else if valid.is_empty() {
                format!("{arg} に「{value}」は指定できません")
            } else {
                format!("{arg} に「{value}」は指定できません（指定できる値: {valid}）")
            }
        }
        ErrorKind::UnknownArgument => format!("「{arg}」というオプションはありません"),
        ErrorKind::InvalidSubcommand => format!(
            "「{}」というコマンドはありません（check・report・template・config のいずれかです）",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("指定が足りません: {arg}"),
        ErrorKind::MissingSubcommand => {
            "コマンド（check・report・template・config）を指定してください".into()
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} は {} と一緒には使えません", get(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が正しくありません")
        }
        ErrorKind::ValueValidation => format!("{arg} の値「{}」を読めません", get(ContextKind::InvalidValue)),
        ErrorKind::InvalidUtf8 => {
            "引数に読めない文字があります（ファイル名の文字コードを確かめてください）".into()
        }
        _ => "コマンドラインの指定の仕方が正しくありません".into(),
    }
}

fn value_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::None => String::new(),
        _ => String::new(),
    }
}

/// What kyodo.exe says when it is opened with nothing dropped on it (a double click): that
/// kyodo's page opens in the browser on `folder` (the folder kyodo.exe sits in), that closing
/// this window stops the page, and how the drop works, in the window that opened.
pub fn double_clicked(folder: &str) -> String {
    format!(
        "kyodo（市民協働推進アクションプランの進捗管理）

kyodo のページを既定のブラウザで開きます。
  フォルダ: {folder}
  ページでは、フォルダの内容、提出状況と要修正、報告書、部署への送付（様式・差し戻し）、設定を扱えます。
  ほかのフォルダは、ページの「フォルダの内容」の「別のフォルダを開く」で選べます。

この画面を閉じると、ページも止まります。ページを使い終わるまで、この画面は開いたままにしてください。
ページの「終了」を押すと、この画面も閉じます。

ドロップでも使えます：計画と各部署の進捗報告を入れたフォルダを kyodo.exe のアイコンの上にドラッグ＆ドロップすると、
点検の結果がこの画面に出て、報告書がフォルダの隣の「令和6年度_報告書」のような年度のフォルダにできます。"
    )
}
