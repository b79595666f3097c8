//! kyodo: the yearly 市民協働推進アクションプラン, from department spreadsheets to published reports.
//!
//! The pipeline runs one way, each stage in its own module:
//!
//! ```text
//! files ──import──▶ tables ──model──▶ Plan ──check──▶ diagnostics
//!                                       ├──report──▶ pages ────────render::pdf──▶ PDF
//!                                       │          sheet model ──render::xlsx──▶ workbook
//!                                       │          text ────────render::txt──▶ text
//!                                       └──render::xlsx::form──▶ one workbook per department
//! ```
//!
//! - [`import`] reads every workbook or CSV into [`import::Table`]s: it guards against hostile
//!   files, finds the header row, resolves merged cells and classifies each row (item, note,
//!   heading, blank). It knows nothing about plans.
//! - [`intake`] recognises the plan among the inputs by its content and sets aside identical
//!   copies of a file.
//! - [`model`] turns tables into the [`model::Plan`]: sections → goals → items, each progress
//!   report attached to its plan item, every value keeping its source cell.
//! - [`check`] applies the rules and returns [`diag::Diagnostic`]s; [`diag`] formats them.
//! - [`config`] holds the city settings (column synonyms, marks, grading scale), embedded from
//!   `templates/kyodo.toml` and overridable by the user.
//! - [`fonts`] embeds the bundled fonts and answers which characters they can draw.
//! - [`report`] decides what each report kind shows: pages laid out with [`layout`] (line
//!   breaking, tables), a sheet model ([`report::sheet`]) for the workbook, text for the 広報
//!   summary. [`render`] writes that content and nothing else (PDF, XLSX, text); [`output`]
//!   puts files in place atomically.
//! - [`render::xlsx::form`] makes each department a workbook holding its items, to fill in and
//!   return: the import reads it back as it is. It is a sheet model too, written as the
//!   report's workbook is.
//!
//! [`progress`] is the one-line display of a long run on a terminal.
//!
//! `main.rs` is only the command line.

pub mod check;
pub mod cli_text;
pub mod config;
pub mod console;
pub mod diag;
pub mod fonts;
pub mod import;
pub mod intake;
pub mod layout;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod returns;
pub mod text;
