//! Renderers: a finished report in one file format. Each renderer turns the same
//! [`crate::report::Report`] into bytes; none of them reads a spreadsheet.
//!
//! [`pdf`] draws the laid-out pages; [`xlsx`] writes the report as a workbook, with the
//! helpers of [`sheet`] that the department templates ([`crate::template`]) share.

pub mod indicators;
pub mod pdf;
pub mod sheet;
pub mod txt;
pub mod xlsx;

use crate::report::{Kind, Report};

/// One output format. Shared between threads: the files of a run are rendered in parallel.
pub trait Renderer: Send + Sync {
    /// The file's bytes. Deterministic: the same report gives the same bytes.
    fn render(&self, report: &Report) -> Result<Vec<u8>, String>;
}

/// The file formats reports come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// Plain text (the 広報 summary).
    Txt,
    /// An Excel workbook (the official report's tables).
    Xlsx,
}

impl Format {
    /// Every format, in the order `--format all` writes them.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Txt, Format::Xlsx];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Txt => "txt",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The renderer of `kind` in `format`, if that kind comes in that format.
pub fn renderer(kind: Kind, format: Format) -> Option<Box<dyn Renderer>> {
    match (kind, format) {
        (_, Format::Pdf) => Some(Box::new(pdf::Pdf)),
        (Kind::Koho, Format::Txt) => Some(Box::new(txt::Txt)),
        (_, Format::Txt) => None,
        (Kind::Official, Format::Xlsx) => Some(Box::new(xlsx::Xlsx)),
        (_, Format::Xlsx) => None,
    }
}
