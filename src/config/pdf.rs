//! The `[pdf]` settings: which standards the PDF files are checked against when written.

use serde::Deserialize;

/// The standards a PDF is written to and validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Standard {
    /// PDF/UA-1 (accessible: tagged, titled, in Japanese).
    #[serde(rename = "ua1")]
    Ua1,
    /// PDF/A-2b (archivable: fonts embedded, colours device-independent, XMP metadata).
    #[serde(rename = "a2b")]
    A2b,
    /// Both at once: what a city publishes and archives.
    #[default]
    #[serde(rename = "ua1+a2b")]
    Ua1A2b,
    /// No validation (still tagged).
    #[serde(rename = "none")]
    None,
}

impl Standard {
    /// Whether the files must meet PDF/UA-1.
    pub fn accessible(self) -> bool {
        matches!(self, Standard::Ua1 | Standard::Ua1A2b)
    }

    /// Whether the files must meet PDF/A-2b.
    pub fn archival(self) -> bool {
        matches!(self, Standard::A2b | Standard::Ua1A2b)
    }

    /// How the standard is named in messages and the README.
    pub fn label(self) -> &'static str {
        match self {
            Standard::Ua1 => "PDF/UA-1",
            Standard::A2b => "PDF/A-2b",
            Standard::Ua1A2b => "PDF/UA-1 と PDF/A-2b",
            Standard::None => "規格なし",
        }
    }
}

/// The `[pdf]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfSettings {
    /// The standards every PDF must meet (default PDF/UA-1 and PDF/A-2b).
    pub standard: Standard,
}

/// The TOML shape of `[pdf]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPdf {
    standard: Option<Standard>,
}

impl PdfSettings {
    pub(super) fn apply(&mut self, raw: RawPdf) {
        if let Some(standard) = raw.standard {
            self.standard = standard;
        }
    }
}
