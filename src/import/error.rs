//! Why a file or a sheet could not be read. Serialisable: a bounded child process reads the
//! workbook and sends its outcome back as JSON ([`super::isolated`]).

use super::guard::Refusal;
use super::isolated::OVER_LIMITS;

/// Why a file (or one sheet of it) could not be read. `Display` is the sentence for the
/// office; the path is added by whoever reports it.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ImportError {
    /// The guard refused the file before any parser saw it.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The file could not be opened or read: the system's reason in the office's words
    /// ([`crate::text::io_message`]).
    #[error("{why}")]
    Open {
        /// What the system error means, in Japanese.
        why: String,
        /// The system's own text.
        detail: String,
    },
    /// The workbook is password-protected.
    #[error("パスワードで保護されています。保護を解除して保存し直してください")]
    Password {
        /// calamine's own text.
        detail: String,
    },
    /// calamine could not read it, for the reason given in the office's words.
    #[error("表計算ファイルとして読めません: {why}。Excel で開いて .xlsx 形式で保存し直してください")]
    Unparsable {
        /// Why, in the office's words.
        why: String,
        /// calamine's own text.
        detail: String,
    },
    /// The reader failed on the file's structure.
    #[error("表計算ファイルとして読めません（ファイルの構造が壊れています）")]
    Broken,
    /// The reader failed on one sheet's structure.
    #[error("このシートは読めません（シートの構造が壊れています）")]
    BrokenSheet,
    /// A CSV larger than kyodo reads.
    #[error("CSV が大きすぎます（{mb} MB、上限 {limit_mb} MB）")]
    CsvTooLarge {
        /// Its size in MB.
        mb: u64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// A CSV longer than the size envelope ([`super::envelope::MAX_ROWS`]).
    #[error("行が多すぎます（上限 {} 行を超えています）", super::envelope::grouped(*limit))]
    TooManyRows {
        /// The limit.
        limit: u64,
    },
    /// A CSV larger than the size envelope ([`super::envelope::MAX_CELLS`]), rows × columns.
    #[error("セルが多すぎます（{} セル以上、上限 {} セル）", super::envelope::grouped(*cells), super::envelope::grouped(*limit))]
    TooManyCells {
        /// Rows × columns read when the limit was passed.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// Text that the CSV reader refused.
    #[error("CSV として読めません（引用符 \" の対応が崩れていないか確かめてください）")]
    Csv {
        /// The CSV reader's own text.
        detail: String,
    },
    /// A file of 0 bytes (a save cut short, an empty copy): nothing to read, nothing to guess.
    #[error("空のファイルです（0 バイト）。保存が途中で終わったか、中身のない写しです。元のファイルを保存し直してください")]
    Empty,
    /// Text under a workbook's extension (or under none), with no table in it.
    #[error("{}", text_not_workbook(extension))]
    TextNotWorkbook {
        /// The extension it has, empty for none.
        extension: String,
    },
    /// Excel's lock file 「~$計画.xlsx」, named as an input: Excel writes it beside a workbook it
    /// has open and deletes it on closing; it holds who opened the file, no cells.
    #[error("Excel のロックファイルです。「{original}」を Excel で開いているあいだだけ作られる一時ファイルで、表はありません。「{original}」のほうを指定してください（Excel を閉じると消えます。閉じても残っていれば削除してかまいません）")]
    ExcelLockFile {
        /// The workbook it stands beside.
        original: String,
    },
    /// The child process that reads workbooks could not start.
    #[error("読み込み用のプロセスを起動できません（kyodo を入れ直してください）")]
    Spawn {
        /// The system's own text.
        detail: String,
    },
    /// The child went over its time or memory, or answered nothing readable.
    #[error("{}", OVER_LIMITS)]
    OverLimits,
    /// An input that is no file or folder kyodo can read (missing, a FIFO, no permission).
    #[error("{path}: {why}")]
    Input {
        /// The path, as given.
        path: String,
        /// Why, in the office's words.
        why: String,
    },
}

/// The sentence for text that is no workbook: under a workbook's extension, or under none.
fn text_not_workbook(extension: &str) -> String {
    if extension.is_empty() {
        return "表計算ファイルとして読めません（拡張子のないファイルで、中身は表のないテキストです）。.xlsx か .csv のファイルを指定してください".into();
    }
    format!("表計算ファイルとして読めません（中身は .{extension} ではなくテキストで、表もありません）")
}

impl ImportError {
    /// Why a file cannot be opened or read, from the system's error.
    pub fn io(e: &std::io::Error) -> ImportError {
        ImportError::Open { why: crate::text::io_message(e).to_string(), detail: e.to_string() }
    }

    /// The library's or the system's own words behind the error, where there are any:
    /// English, so never in `Display`, but kept in `check --format json`'s `detail`.
    pub fn detail(&self) -> Option<&str> {
        use ImportError::*;
        match self {
            Refused(refusal) => refusal.library_detail(),
            Open { detail, .. } | Password { detail } | Unparsable { detail, .. } => Some(detail),
            Csv { detail } | Spawn { detail } => Some(detail),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_crosses_the_child_boundary_as_itself() {
        let refusal = Refusal::FileTooLarge { bytes: 300 << 20, limit: 200 << 20 };
        let error = ImportError::from(refusal.clone());
        let json = serde_json::to_string(&Err::<(), _>(error.clone())).unwrap();
        let back: Result<(), ImportError> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Err(ImportError::Refused(refusal.clone())));
        assert_eq!(error.to_string(), refusal.to_string(), "the guard's own sentence");
        assert!(ImportError::OverLimits.to_string().contains("上限"));
    }

    #[test]
    fn system_errors_are_told_in_japanese_and_kept_as_detail() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let error = ImportError::io(&e);
        assert!(error.to_string().starts_with("権限がありません"), "{error}");
        assert_eq!(error.detail(), Some(e.to_string().as_str()));
        let other = ImportError::io(&std::io::Error::other("disk on fire"));
        assert!(!other.to_string().contains("disk"), "{other}");
        assert_eq!(other.detail(), Some("disk on fire"));
    }
}
