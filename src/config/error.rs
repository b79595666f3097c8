//! Why the settings could not be read: every error names the settings file, and where it can
//! the line, the table and the key, in words that say what to fix.

/// Why a settings file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: 設定ファイルを読めません（{}）", crate::text::io_message(.source))]
    Read {
        /// The file, as shown ([`crate::text::shown_path`]).
        file: String,
        /// The underlying reason, told in Japanese ([`crate::text::io_message`]).
        source: std::io::Error,
    },
    /// The file is not UTF-8 (saved as Shift_JIS, say).
    #[error("{file}: 設定ファイルの文字コードが UTF-8 ではありません（Shift_JIS などで保存されています）。メモ帳などで開き、文字コードを「UTF-8」にして保存し直してください")]
    Encoding {
        /// The file, as shown ([`crate::text::shown_path`]).
        file: String,
    },
    /// The TOML could not be read, at no particular place.
    #[error("{file}: 設定ファイルの誤り: {message}")]
    Syntax {
        /// The file, as given.
        file: String,
        /// What to fix.
        message: String,
    },
    /// The TOML could not be read at `line` (its text quoted).
    #[error("{file}:{line}: 設定ファイルの誤り（{quoted}）: {message}")]
    SyntaxAt {
        /// The file, as given.
        file: String,
        /// Its line, from 1.
        line: usize,
        /// The line's text.
        quoted: String,
        /// What to fix.
        message: String,
    },
    /// `[columns]` names a column kyodo does not know.
    #[error("{file}: [columns] の「{column}」は知らない列です")]
    UnknownColumn {
        /// The file, as given.
        file: String,
        /// The name given.
        column: String,
    },
    /// `[grades]` is inconsistent (an empty scale, a colour, an on-track code off the scale).
    #[error("{file}: [grades] {problem}")]
    Grades {
        /// The file, as given.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// A report kind's table (`[official]`, …) sets `key` to what cannot be.
    #[error("{file}: [{table}] {key}: {problem}")]
    Kind {
        /// The file, as given.
        file: String,
        /// The table (official, koho, committee).
        table: String,
        /// The key in that table.
        key: String,
        /// What is wrong.
        problem: String,
    },
}
