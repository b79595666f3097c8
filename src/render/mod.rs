//! Renderers: a finished report in one file format. Each renderer turns the same
//! [`crate::report::Report`] into bytes; none of them reads a spreadsheet.

pub mod pdf;

use crate::report::Report;

/// One output format.
pub trait Renderer {
    /// File extension of the output, without the dot.
    fn extension(&self) -> &'static str;

    /// The file's bytes. Deterministic: the same report gives the same bytes.
    fn render(&self, report: &Report) -> Result<Vec<u8>, String>;
}
