//! Layout: everything between the plan model and a file format. Text is measured with the
//! bundled font and broken by Japanese rules ([`linebreak`]), tables are paginated
//! ([`table`]) onto pages of positioned elements ([`frame`]) that an exporter draws.
//! [`wareki`] names years and dates in the Japanese era.

pub mod chart;
pub mod columns;
pub mod flow;
pub mod frame;
pub mod linebreak;
pub mod spacing;
pub mod table;
pub mod text;
pub mod wareki;
