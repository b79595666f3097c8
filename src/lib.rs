//! kyodo: the yearly 市民協働推進アクションプラン, from department spreadsheets to published reports.
//!
//! The pipeline runs one way, each stage in its own module:
//!
//! ```text
//! files ──import──▶ tables ──model──▶ Plan ──check──▶ diagnostics
//!                                       ├──report──▶ pages ──render──▶ PDF
//!                                       ├──render::xlsx──▶ workbook
//!                                       └──template──▶ one workbook per department ──▶ files
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
//! - [`report`] lays each report kind out as pages with [`layout`] (line breaking, tables);
//!   [`render`] writes them (PDF, or the official report as an XLSX workbook); [`output`] puts
//!   files in place atomically.
//! - [`template`] writes each department a workbook holding its items, to fill in and return:
//!   the import reads it back as it is. It shares the workbook layout of [`render::sheet`].
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
pub mod template;
pub mod text;
