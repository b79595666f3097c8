//! Renderers: a finished report in one file format. Each renderer takes only what the report
//! made for its format ([`Content`]): pages for the PDF, a sheet model for the workbook, text
//! for the plain-text summary, the report's document for the web page, a table for open data.
//! None of them reads a spreadsheet or decides what a report holds.
//!
//! [`pdf`] draws the laid-out pages; [`xlsx`] writes sheet models, the report's workbook and
//! the department forms ([`xlsx::form`]); [`txt`] writes text; [`html`] writes the document
//! as a web page; [`csv`] writes a table as CSV.

pub mod csv;
pub mod html;
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
    /// The CSV writer refused a row.
    #[error("CSV ファイルを作れませんでした（{0}）")]
    Csv(#[from] ::csv::Error),
    /// A date of issue Excel cannot hold.
    #[error("発行日の年 {0} を Excel の日付にできません")]
    Year(i32),
    /// A worksheet's rows go to a temporary file as they are written, and none could be made.
    #[error("Excel ファイルの作成に使う一時ファイルを作れませんでした（一時フォルダ {dir} に書き込めるか確かめてください）")]
    TempFile {
        /// The temporary folder tried.
        dir: String,
    },
    /// A cell was to be written above a row already written out (kyodo's own mistake):
    /// refused rather than left out of the file.
    #[error("Excel の {row} 行目を {after} 行目の後に書こうとしました（kyodo の不具合です）")]
    RowOrder {
        /// The row, from 1.
        row: u32,
        /// The row written before it, from 1.
        after: u32,
    },
}

/// The file's bytes. Deterministic: the same content gives the same bytes.
/// Takes the content: the PDF writer drops each page once drawn.
pub fn render(content: Content) -> Result<Vec<u8>, RenderError> {
    match content {
        Content::Pages(document, standard) => Ok(pdf::export(document, standard)?),
        Content::Sheets(book) => xlsx::write(&book),
        Content::Text(text) => Ok(txt::write(&text)),
        Content::Doc(doc) => Ok(html::write(&doc)),
        Content::Table(table) => csv::write(&table),
    }
}

/// Drops `value` on another core: freeing the cells of a 10,000-item workbook or the model
/// behind it takes a noticeable part of a run that nothing after it waits for. The process
/// may end before it is done, which frees everything at once.
pub fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
