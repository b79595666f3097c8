//! Renderers: a finished report in one file format. Each renderer takes only what the report
//! made for its format ([`Content`]): pages for the PDF, a sheet model for the workbook, text
//! for the plain-text summary. None of them reads a spreadsheet or decides what a report holds.
//!
//! [`pdf`] draws the laid-out pages; [`xlsx`] writes sheet models, the report's workbook and
//! the department forms ([`xlsx::form`]); [`txt`] writes text.

pub mod pdf;
pub mod txt;
pub mod xlsx;

pub use crate::report::{Content, Format};

/// Why a file could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// rust_xlsxwriter refused something.
    #[error("Excel ファイルを作れませんでした（{0}）")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The PDF writer failed, or the file would not meet its standard.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A date of issue Excel cannot hold.
    #[error("発行日の年 {0} を Excel の日付にできません")]
    Year(i32),
}

/// The file's bytes. Deterministic: the same content gives the same bytes.
/// Takes the content: the PDF writer drops each page once drawn.
pub fn render(content: Content) -> Result<Vec<u8>, RenderError> {
    match content {
        Content::Pages(document, standard) => Ok(pdf::export(document, standard)?),
        Content::Sheets(book) => xlsx::write(&book),
        Content::Text(text) => Ok(txt::write(&text)),
    }
}

/// Drops `value` on another core: freeing the cells of a 10,000-item workbook or the model
/// behind it takes a noticeable part of a run that nothing after it waits for. The process
/// may end before it is done, which frees everything at once.
pub fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
