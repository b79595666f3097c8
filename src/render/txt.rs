//! Plain text, for the 広報 summary an editor pastes into a layout program: UTF-8 with a BOM
//! and CRLF line ends, which Windows editors open as Japanese without guessing.

use super::Renderer;
use crate::report::{koho, Report};

/// The plain-text renderer of the 広報 summary.
pub struct Txt;

impl Renderer for Txt {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let text = koho::text(report).replace('\n', "\r\n");
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend_from_slice(text.as_bytes());
        Ok(bytes)
    }
}
