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
//!    [`text::shown_path`] and [`text::io_message`]); above it [`fonts`], [`color`],
//!    [`output`], [`console`], [`cli_text`].
//! 2. [`config`]: the settings every stage reads, and the report kinds ([`Kind`]: each kind's
//!    facts, read by the run, the command line and `kyodo serve` without naming a kind).
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
pub use config::Kind;
pub use config::{Config, Field};
pub use diag::Diagnostic;
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
        &["fonts", "color", "output", "console", "cli_text"],
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

/// Adding a report kind touches `report/`, `config/` and `templates/` only; adding a format,
/// `render/` and the format list (`report::Format`). The rest of the crate reads a kind's or a
/// format's facts through its methods and never names one: this test keeps it so.
#[cfg(test)]
mod names {
    /// The kinds' variants, and the folders that may name them.
    const KINDS: (&[&str], &[&str]) =
        (&["Kind::Official", "Kind::Koho", "Kind::Committee"], &["report", "config"]);

    /// The formats' variants, and the folders that may name them. `import/` has a `Format` of
    /// its own (the inputs': CSV, XLS, a zip), another type.
    const FORMATS: (&[&str], &[&str]) = (
        &[
            "Format::Pdf",
            "Format::Txt",
            "Format::Xlsx",
            "Format::Html",
            "Format::Csv",
            "Format::IndicatorCsv",
        ],
        &["report", "render", "import"],
    );

    /// Uses of a format that adding a format does not touch: `kyodo serve` previews the web page.
    const ALLOWED: &[(&str, &str)] = &[("serve/pages.rs", "Format::Html")];

    /// Every (file under src/, line number, line) outside comments.
    fn lines(dir: &std::path::Path, src: &std::path::Path, out: &mut Vec<(String, usize, String)>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                lines(&path, src, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let file = path.strip_prefix(src).unwrap_or(&path).display().to_string();
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
                out.push((file.clone(), n + 1, line.to_string()));
            }
        }
    }

    fn named_outside((variants, folders): (&[&str], &[&str])) -> Vec<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        lines(&src, &src, &mut found);
        assert!(found.len() > 1000, "the sources were read: {} lines", found.len());
        let mut named = Vec::new();
        for (file, n, line) in found {
            let folder = file.split('/').next().unwrap_or("");
            // This file names them in the lists above.
            if folders.contains(&folder) || file == "lib.rs" {
                continue;
            }
            // A whole name: `Format::Csv` is not `Format::CsvLike`.
            let names = |v: &&&str| {
                line.match_indices(**v).any(|(at, _)| {
                    !line[at + v.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            };
            for variant in variants.iter().filter(names) {
                if !ALLOWED.contains(&(file.as_str(), *variant)) {
                    named.push(format!("{file}:{n}: {variant}"));
                }
            }
        }
        named
    }

    #[test]
    fn no_kind_is_named_outside_report_and_config() {
        let named = named_outside(KINDS);
        assert!(named.is_empty(), "ask the kind instead (config/kind.rs):\n{}", named.join("\n"));
    }

    #[test]
    fn no_format_is_named_outside_report_and_render() {
        let named = named_outside(FORMATS);
        assert!(named.is_empty(), "ask the format instead (report::Format):\n{}", named.join("\n"));
    }
}
