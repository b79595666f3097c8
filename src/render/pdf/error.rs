//! Why a PDF could not be written, in words for the person running kyodo.

use krilla::configure::ValidationError;
use std::fmt;

/// A PDF that could not be written. Every case is a bug or a settings mistake, never the
/// user's data: kyodo stops (exit 2) rather than write a file that breaks its standard.
#[derive(Debug)]
pub enum PdfError {
    /// The settings ask for standards that cannot be met together.
    Standards(String),
    /// A page of impossible size (zero or negative).
    PageSize {
        /// The page, counted from 1.
        page: usize,
    },
    /// krilla could not embed a font.
    Font(String),
    /// The file would not meet the standard asked for: what is wrong.
    Validation {
        /// The standard's name (PDF/UA-1, PDF/A-2b).
        standard: &'static str,
        /// Each problem the validator found, in Japanese.
        problems: Vec<String>,
    },
    /// Another limit of the PDF format.
    Other(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Standards(what) => {
                write!(f, "設定 [pdf] standard の規格を同時には満たせません（{what}）")
            }
            PdfError::PageSize { page } => write!(f, "PDF の {page} 頁目の大きさが正しくありません"),
            PdfError::Font(what) => write!(f, "PDF に書体を埋め込めませんでした（{what}）"),
            PdfError::Validation { standard, problems } => write!(
                f,
                "PDF が {standard} を満たさないため、書き出しを止めました（kyodo の不具合です。お知らせください）: {}",
                problems.join("／")
            ),
            PdfError::Other(what) => write!(f, "PDF を書けませんでした（{what}）"),
        }
    }
}

impl std::error::Error for PdfError {}

impl PdfError {
    /// The error of a failed krilla export.
    pub(super) fn from_krilla(error: krilla::error::KrillaError, standard: &'static str) -> PdfError {
        use krilla::error::KrillaError;
        match error {
            KrillaError::Font(_, message) => PdfError::Font(message),
            KrillaError::Validation(errors) => {
                let mut problems: Vec<String> = errors.iter().map(|(e, _)| problem(e)).collect();
                problems.dedup();
                PdfError::Validation { standard, problems }
            }
            other => PdfError::Other(format!("{other:?}")),
        }
    }
}

/// One validation error in words; the rarer ones by krilla's name for them.
fn problem(error: &ValidationError) -> String {
    match error {
        ValidationError::NoDocumentTitle => "文書の題名がありません".into(),
        ValidationError::NoDocumentLanguage => "文書の言語がありません".into(),
        ValidationError::MissingAltText(_) => "図に代替テキストがありません".into(),
        ValidationError::MissingHeadingTitle => "見出しに題名がありません".into(),
        ValidationError::MissingDocumentOutline => "しおりがありません".into(),
        ValidationError::MissingTagging => "タグがありません".into(),
        ValidationError::ContainsNotDefGlyph(..) => "書体にない字形（.notdef）を描いています".into(),
        ValidationError::NoCodepointMapping(..) | ValidationError::InvalidCodepointMapping(..) => {
            "文字に戻せない字形があります".into()
        }
        ValidationError::RestrictedLicense(_) => "埋め込みが許されていない書体です".into(),
        ValidationError::TooLongString => "長すぎる文字列があります".into(),
        other => format!("{other:?}").chars().take(80).collect(),
    }
}
