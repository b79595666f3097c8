//! Writes the sample in `input/`: the plan of seed 002 (15 items in 施策1–5, one sheet per
//! 施策) and the progress sheets of its two departments, with a few indicators (指標, 基準値,
//! 目標値, 実績値) to show the indicator rows and the workbook's 指標 sheet, and the same
//! departments' sheets of 令和4年度 and 令和5年度 (`input/令和4年度/`, `input/令和5年度/`) for
//! `--previous`.
//!
//! ```text
//! cargo run --example make_sample            # writes input/
//! cargo run --example make_sample -- DIR     # writes DIR/
//! cargo run --example make_sample -- --items 10000 FILE   # the benchmarks' generated plan
//! cargo run --example make_sample -- --realistic 10000 FILE   # the realistic benchmark plan
//! cargo run --example make_sample -- --realistic-folder 10000 DIR   # the same, one file per 施策
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use common::seed;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n, file] = args.as_slice() {
        let write = match flag.as_str() {
            "--items" => Some(common::write_generated_plan as fn(&std::path::Path, usize)),
            "--realistic" => Some(common::realistic::write_realistic_plan as fn(&std::path::Path, usize)),
            "--realistic-folder" => {
                Some(common::realistic::write_realistic_folder as fn(&std::path::Path, usize))
            }
            _ => None,
        };
        if let Some(write) = write {
            let n = n.parse().expect("--items and --realistic take a number of items");
            write(std::path::Path::new(file), n);
            println!("{file}");
            return;
        }
    }
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("input"));
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).expect("create the sample folders");
    let plan = dir.join("plan.xlsx");
    seed::write_plan(&plan);
    println!("{}", plan.display());
    seed::write_settings(&dir);
    println!("{}", dir.join("kyodo.toml").display());
    for department in [seed::HQ, seed::ALL] {
        let path = progress.join(format!("{department}.xlsx"));
        seed::write_progress_with_indicators(&path, department);
        println!("{}", path.display());
    }
    for folder in seed::write_earlier_years(&dir) {
        println!("{}", folder.display());
    }
}
