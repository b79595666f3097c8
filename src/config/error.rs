//! Why the settings could not be read: every error names the settings file, and where it can
//! the line, the table and the key, in words that say what to fix.

/// Why a settings file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: 設定ファイルを読めません（{source}）")]
    Read { file: String, source: std::io::Error },
    /// The TOML could not be read, at no particular place.
    #[error("{file}: 設定ファイルの誤り: {message}")]
    Syntax { file: String, message: String },
    /// The TOML could not be read at `line` (its text quoted).
    #[error("{file}:{line}: 設定ファイルの誤り（{quoted}）: {message}")]
    SyntaxAt { file: String, line: usize, quoted: String, message: String },
    /// `[columns]` names a column kyodo does not know.
    #[error("{file}: [columns] の「{column}」は知らない列です")]
    UnknownColumn { file: String, column: String },
    /// `[grades]` is inconsistent (an empty scale, a colour, an on-track code off the scale).
    #[error("{file}: [grades] {problem}")]
    Grades { file: String, problem: String },
    /// A report kind's table (`[official]`, …) sets `key` to what cannot be.
    #[error("{file}: [{table}] {key}: {problem}")]
    Kind { file: String, table: String, key: String, problem: String },
}
