//! Layout: everything between the plan model and a file format. Text is measured with the
//! bundled font, spaced by JLReq ([`spacing`]) and broken by Japanese rules ([`linebreak`]);
//! tables get their column widths from their content ([`columns`]) and are paginated
//! ([`table`], [`flow`]) onto pages of positioned elements ([`frame`]) that an exporter draws
//! as they are: every position and space is decided here.

pub mod chart;
pub mod columns;
pub mod flow;
pub mod frame;
pub mod linebreak;
pub mod spacing;
pub mod table;
pub mod text;
/// The era calendar lives in [`crate::text::wareki`]; this path stays for existing callers.
pub use crate::text::wareki;
