//! Where a run's settings come from, the same rule for every command: the files given
//! (`--config`, in order), else the first `kyodo.toml` found at the top of a folder given (a
//! dropped folder, or a folder of returns), beside the plan, or beside a file given (in a
//! drop, beside any spreadsheet found in it, the plan's folder among them); else the embedded
//! defaults. The run names the file it used ([`super::Notice::Settings`]).

use crate::config::Config;
use crate::pipeline::{self, Fatal};
use std::path::{Path, PathBuf};

/// The name of a city's settings file.
pub const SETTINGS_FILE: &str = "kyodo.toml";

/// The settings files of a run: `given`, else the `kyodo.toml` found for `plan` and `inputs`.
pub fn files(given: &[PathBuf], plan: Option<&Path>, inputs: &[PathBuf]) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let folders = inputs.iter().filter(|p| p.is_dir()).cloned();
    let beside = |p: &Path| {
        p.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d }).map(Path::to_path_buf)
    };
    let plan = plan.and_then(beside);
    let files = inputs.iter().filter(|p| !p.is_dir()).filter_map(|p| beside(p));
    folders
        .chain(plan)
        .chain(files)
        .map(|dir| dir.join(SETTINGS_FILE))
        .find(|f| f.is_file())
        .into_iter()
        .collect()
}

/// Reads the settings found by [`files`]; gives them and the files they came from.
pub fn load(
    given: &[PathBuf],
    plan: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(Config, Vec<PathBuf>), Fatal> {
    let files = files(given, plan, inputs);
    Ok((pipeline::config(&files)?, files))
}
