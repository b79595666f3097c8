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
    /// The file could not be opened (the system's reason).
    #[error("開けません（{0}）")]
    Open(String),
    /// The workbook is password-protected.
    #[error("パスワードで保護されています。保護を解除して保存し直してください")]
    Password,
    /// calamine could not read it, for the reason given in the office's words.
    #[error("表計算ファイルとして読めません: {0}。Excel で開いて .xlsx 形式で保存し直してください")]
    Unparsable(String),
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
    /// Text that the CSV reader refused.
    #[error("CSV として読めません（{0}）")]
    Csv(String),
    /// Text under a workbook's extension, with no table in it.
    #[error("表計算ファイルとして読めません（中身は .{extension} ではなくテキストで、表もありません）")]
    TextNotWorkbook {
        /// The extension it has.
        extension: String,
    },
    /// The child process that reads workbooks could not start.
    #[error("読み込み用のプロセスを起動できません（{0}）")]
    Spawn(String),
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
}
