//! Layout: measuring and breaking Japanese text, and era names for dates. Renderers build on
//! these; nothing here knows about PDF or XLSX.

pub mod linebreak;
pub mod wareki;
