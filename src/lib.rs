//! kyodo: the yearly 市民協働推進アクションプラン, from department spreadsheets to published reports.
//!
//! The pipeline runs one way, each stage in its own module:
//!
//! ```text
//! files ──import──▶ tables ──model──▶ Plan ──check──▶ diagnostics
//!                                       ├──report──▶ pages ────────render::pdf──▶ PDF
//!                                       │          sheet model ──render::xlsx──▶ workbook
//!                                       │          text ────────render::txt──▶ text
//!                                       │          document ────render::html──▶ web page
//!                                       │          table ───────render::csv───▶ open data
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
//! - [`report`] decides what each report kind shows, once, as a format-neutral document
//!   ([`report::doc`]), and from it: pages laid out with [`layout`] (line breaking, tables), a
//!   sheet model ([`report::sheet`]) for the workbook, text for the 広報 summary, tables of open
//!   data. [`render`] writes that content and nothing else (PDF, XLSX, text, HTML, CSV);
//!   [`output`] puts files in place atomically.
//! - [`render::xlsx::form`] makes each department a workbook holding its items, to fill in and
//!   return: the import reads it back as it is. It is a sheet model too, written as the
//!   report's workbook is.
//! - [`returns`] marks the cells the check names in a copy of each department's file, made
//!   from the file as the run read it.
//! - [`run`] is the driver: it reads each input once, settles the year before the model and
//!   the check, renders every file from one unchanging plan, and puts the set in place
//!   together ([`output`]).
//!
//! [`run`] drives every command: a typed request in (inputs, plan, year, earlier years, kinds
//! × formats, output folder), the files written and the notices to print out. `main.rs` (with
//! `args.rs`, its clap definitions: modules of the binary, not of this library) only parses
//! the command line, prints and chooses the exit code. Every public item is documented
//! (`deny(missing_docs)`). docs/architecture.md tells how the parts fit and how to add a
//! report kind, a format or a column.
//!
//! ## Layers
//!
//! Every `use crate::…` points down this list, never up or sideways (a unit test,
//! `layering::uses_point_down`, reads the sources and keeps it so):
//!
//! 1. Vocabulary and leaves: [`progress`], the one-line display of a long run on a terminal,
//!    which the console clears before printing and the layout counts pages in, at the very
//!    bottom; then [`text`] (with [`text::wareki`], the era calendar, [`text::names`], legal
//!    file and sheet names, and the words every message uses for paths and system errors,
//!    [`text::shown_path`] and [`text::io_message`]); above it [`fonts`], [`color`], [`kind`],
//!    [`output`], [`console`], [`cli_text`].
//! 2. [`config`]: the settings every stage reads.
//! 3. [`import`] → [`model`] → [`diag`] → [`intake`] → [`check`]: reading, the plan, findings.
//! 4. [`layout`] → [`report`] (what each audience gets: pages, sheet model, text) →
//!    [`render`] (the bytes of each format; the department forms).
//! 5. [`pipeline`] (the shared front half of every command) and [`returns`].
//! 6. [`run`]: the driver of every command, from a typed request to the files written and
//!    the notices to print.
//! 7. [`serve`]: `kyodo serve`, the year's folder as pages in the browser on this PC, a view
//!    over [`run`] (reading, checking and writing stay there).

#![deny(missing_docs)]

pub mod check;
pub mod cli_text;
pub mod color;
pub mod config;
pub mod console;
pub mod diag;
pub mod fonts;
pub mod import;
pub mod intake;
pub mod kind;
pub mod layout;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod returns;
pub mod run;
pub mod serve;
pub mod text;

// What a library user needs to read inputs and make a report, without knowing the modules.
pub use config::{Config, Field};
pub use diag::Diagnostic;
pub use kind::Kind;
pub use model::Plan;
pub use pipeline::{Fatal, Loaded};
pub use render::RenderError;
pub use report::{Content, Format, Report};

#[cfg(test)]
mod layering {
    /// The layers of the crate, lowest first (see the crate's documentation).
    const LAYERS: &[&[&str]] = &[
        // The progress display: the console clears it before printing, the layout counts pages.
        &["progress"],
        &["text"],
        &["fonts", "color", "kind", "output", "console", "cli_text"],
        &["config"],
        &["import"],
        &["model"],
        &["diag"],
        &["intake"],
        &["check"],
        &["layout"],
        &["report"],
        &["render"],
        &["pipeline"],
        &["returns"],
        &["run"],
        &["serve"],
    ];

    fn layer(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    /// Every `crate::x` outside comments in the files of `dir`, as (file, line, x).
    fn uses(dir: &std::path::Path, out: &mut Vec<(String, usize, String)>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                uses(&path, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + "crate::".len()..];
                    let name: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    out.push((path.display().to_string(), n + 1, name));
                }
            }
        }
    }

    #[test]
    fn uses_point_down() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        uses(&src, &mut found);
        assert!(found.len() > 100, "the sources were read: {} uses", found.len());
        let mut upward = Vec::new();
        for (file, line, target) in &found {
            let relative = file.strip_prefix(&format!("{}/", src.display())).unwrap_or(file);
            let module = relative.split('/').next().unwrap_or("").trim_end_matches(".rs");
            if matches!(module, "main" | "lib") || module == target {
                continue;
            }
            let (Some(from), Some(to)) = (layer(module), layer(target)) else {
                upward.push(format!("{file}:{line}: {module} or {target} is in no layer"));
                continue;
            };
            if to >= from {
                upward.push(format!("{file}:{line}: {module} uses {target}"));
            }
        }
        assert!(upward.is_empty(), "uses that do not point down:\n{}", upward.join("\n"));
    }
}
