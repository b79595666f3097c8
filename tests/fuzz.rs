//! A deterministic mutation fuzzer for the guard and the import, run as a test (nightly Rust,
//! and so cargo-fuzz, is not available to CI).
//!
//! Seeds: plans and progress sheets the tests write (xlsx, ods, csv in UTF-8 and Shift_JIS),
//! the regression files in `tests/fuzz/` (inputs that once crashed kyodo), and, where present,
//! the small files of `../shared/corpus/calamine`. Each case mutates a seed — bytes flipped,
//! cut, spliced, or, inside a ZIP package, one XML part cut, its numbers made huge, an element
//! repeated, an end tag dropped or renamed, a whole element (a row) multiplied; in a CSV, a line
//! (an item's row, or an indicator row continuing it) multiplied — with a seeded generator, so
//! a failure reproduces exactly.
//! Mutants go to `kyodo check --format json` in batches, under time and memory bounds; a batch
//! that fails is re-run file by file, and the file that fails alone is copied into
//! `tests/fuzz/` for the next run and named in the failure.
//!
//! `KYODO_FUZZ_CASES` sets the number of mutants (default 600, a few seconds), and
//! `KYODO_FUZZ_SEED` the generator's seed, for longer runs by hand.
#![cfg(unix)]

mod common;

use common::{kyodo_bounded, tempdir, write_csv, write_xlsx, Rng, Sheet};
use serde_json::Value;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Mutants per `kyodo check` run.
const BATCH: usize = 40;
/// The seeds `seeds` writes itself come first: xlsx, two CSVs, ods, a CSV with indicator rows.
const WRITTEN_SEEDS: usize = 5;
/// Most copies a multiplied row or element gets: enough to find what is quadratic in rows
/// (a few seconds at 20,000), few enough for the batch's bounds. One multiplication in eight
/// goes that far; the others make up to a hundred copies, which reach the same code cheaply.
const MAX_COPIES: usize = 20_000;

/// How many copies of a row or element a multiplication makes.
fn copies(rng: &mut Rng) -> usize {
    1 + if rng.below(8) == 0 { rng.below(MAX_COPIES) } else { rng.below(100) }
}
/// Corpus files larger than this are left to tests/corpus.rs.
const MAX_SEED_BYTES: u64 = 200 << 10;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The regression files: inputs that once crashed, hung or exhausted kyodo.
fn regression_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// Seeds as (extension, bytes).
fn seeds(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut plan = Sheet::new("計画");
    plan.row(&["令和6年度 市民協働(共働)推進アクションプラン"]);
    plan.row(&["施策1 協働(共働)の意識を高める!!"]);
    plan.row(&["", "項目", "アクションプランの内容", "関係部署"]);
    plan.row(&["■協働(共働)に関する標語を募集します。"]);
    plan.row(&["◎", "標語の募集", "標語の募集に向けた取り組みを行います。", "地域再生推進本部"]);
    plan.row(&["●", "情報媒体を活用した啓発", "条例の周知", "総務課\n企画課"]);
    plan.merges.push((3, 0, 3, 3));
    let mut progress = Sheet::new("進捗状況");
    progress.row(&["部署名", "総務課"]);
    progress.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    progress.row(&["1", "標語の募集", "A", "応募 120 件", "継続"]);
    let xlsx = dir.join("seed.xlsx");
    write_xlsx(&xlsx, &[plan.clone(), progress]);
    let rows: Vec<Vec<String>> = plan.rows.clone();
    let (utf8, sjis) = (dir.join("seed-utf8.csv"), dir.join("seed-sjis.csv"));
    write_csv(&utf8, &rows, false);
    write_csv(&sjis, &rows, true);
    let mut seeds: Vec<(String, Vec<u8>)> =
        [&xlsx, &utf8, &sjis].iter().map(|p| (extension(p), std::fs::read(p).unwrap())).collect();
    seeds.push(("ods".into(), ods_seed(&rows)));
    seeds.push(("csv".into(), INDICATOR_SEED.as_bytes().to_vec()));
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine");
    for dir in [regression_dir(), corpus] {
        for path in files_in(&dir) {
            seeds.push((extension(&path), std::fs::read(&path).unwrap()));
        }
    }
    seeds
}

/// A progress sheet whose item continues in indicator rows: multiplying the last line gives
/// one item many indicators, which was quadratic.
const INDICATOR_SEED: &str = "No,項目,内容,評価,実績,今後の方向性,指標,単位,基準値,目標値,実績値\n\
1,広報の充実,広報紙で知らせます。,B,掲載した。,継続,協働事業数,件,0,100,30\n\
,,,,,,参加者数,人,\"1,000\",\"2,000\",\"1,500\"\n";

fn ods_seed(rows: &[Vec<String>]) -> Vec<u8> {
    let rows: String = rows
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="計画">{rows}<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;
    zip_of(&[
        ("mimetype".into(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("META-INF/manifest.xml".into(), manifest.as_bytes().to_vec()),
        ("content.xml".into(), content.into_bytes()),
    ])
}

/// Regular files of a folder, sorted, small enough to be seeds; none if it does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= MAX_SEED_BYTES))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_else(|| "bin".into())
}

fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The parts of a ZIP package, or None if the zip crate cannot read it whole.
fn parts_of(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len().min(64) {
        let mut entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.into_owned();
        let mut data = Vec::new();
        entry.by_ref().take(4 << 20).read_to_end(&mut data).ok()?;
        parts.push((name, data));
    }
    Some(parts)
}

/// One mutant of `seed`.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    if let Some(mut parts) = parts_of(seed).filter(|_| rng.below(3) > 0) {
        let xml: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].0.ends_with(".xml") || parts[i].0.ends_with(".rels"))
            .collect();
        if !xml.is_empty() {
            let i = xml[rng.below(xml.len())];
            parts[i].1 = mutate_xml(&parts[i].1, rng);
            return zip_of(&parts);
        }
    }
    if !seed.contains(&0) && rng.below(3) == 0 {
        return multiply_line(seed, rng);
    }
    mutate_bytes(seed, rng)
}

/// A line of a text seed (a CSV row: an item, or an indicator row continuing one) repeated up
/// to [`MAX_COPIES`] times.
fn multiply_line(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let starts: Vec<usize> =
        std::iter::once(0).chain((0..seed.len()).filter(|&i| seed[i] == b'\n').map(|i| i + 1)).collect();
    let start = starts[rng.below(starts.len())];
    let end = seed[start..].iter().position(|&b| b == b'\n').map_or(seed.len(), |p| start + p + 1);
    let mut line = seed[start..end].to_vec();
    if !line.ends_with(b"\n") {
        line.push(b'\n');
    }
    let copies = line.repeat(copies(rng));
    let mut b = seed[..end].to_vec();
    if !b.ends_with(b"\n") {
        b.push(b'\n');
    }
    b.extend_from_slice(&copies);
    b.extend_from_slice(&seed[end..]);
    b
}

fn mutate_bytes(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    if b.is_empty() {
        return vec![rng.next() as u8];
    }
    match rng.below(3) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(b.len());
                b[at] = rng.next() as u8;
            }
        }
        1 => b.truncate(rng.below(b.len())),
        _ => {
            let from = rng.below(b.len());
            let len = rng.below((b.len() - from).min(4096)) + 1;
            let chunk = b[from..from + len].to_vec();
            let at = rng.below(b.len());
            b.splice(at..at, chunk);
        }
    }
    b
}

/// Edits of the kind that found the defects: cut the part, make a number huge, repeat an
/// element's start tag, drop or rename an end tag, multiply a whole element (a row, with its
/// cells).
fn mutate_xml(xml: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = xml.to_vec();
    if b.is_empty() {
        return b;
    }
    let find_from =
        |b: &[u8], at: usize, pred: &dyn Fn(&[u8]) -> bool| (at..b.len()).find(|&i| pred(&b[i..]));
    match rng.below(6) {
        0 => b.truncate(rng.below(b.len())),
        1 => {
            let start = rng.below(b.len());
            if let Some(i) = find_from(&b, start, &|s| s[0].is_ascii_digit()) {
                let end = (i..b.len()).find(|&j| !b[j].is_ascii_digit()).unwrap_or(b.len());
                let huge: &[&[u8]] =
                    &[b"1000000000", b"4294967296", b"18446744073709551616", b"0", b"1048577"];
                b.splice(i..end, huge[rng.below(huge.len())].iter().copied());
            }
        }
        2 => {
            let start = rng.below(b.len());
            if let Some(open) =
                find_from(&b, start, &|s| s[0] == b'<' && s.get(1).is_some_and(u8::is_ascii_alphabetic))
            {
                let end = (open..b.len()).find(|&j| b[j] == b'>').map_or(b.len(), |j| j + 1);
                let element = b[open..end].to_vec();
                let times = 1 + rng.below(2000);
                let repeated: Vec<u8> = element.iter().copied().cycle().take(element.len() * times).collect();
                b.splice(open..open, repeated);
            }
        }
        3 => {
            let start = rng.below(b.len());
            if let Some(i) = find_from(&b, start, &|s| s.starts_with(b"</")) {
                let end = (i..b.len()).find(|&j| b[j] == b'>').map_or(b.len(), |j| j + 1);
                b.drain(i..end);
            }
        }
        4 => {
            // `</table:table>` → `</table:tablX>`: calamine's ODS reader never found its end.
            let start = rng.below(b.len());
            if let Some(i) = find_from(&b, start, &|s| s.starts_with(b"</")) {
                if let Some(gt) = (i..b.len()).find(|&j| b[j] == b'>').filter(|&j| j > i + 2) {
                    b[gt - 1] = if b[gt - 1] == b'X' { b'Y' } else { b'X' };
                }
            }
        }
        _ => multiply_element(&mut b, rng),
    }
    b
}

/// A whole element from its start tag to its end tag — a row with its cells, most often —
/// repeated up to [`MAX_COPIES`] times in place.
fn multiply_element(b: &mut Vec<u8>, rng: &mut Rng) {
    let start = rng.below(b.len());
    let row = |s: &[u8]| s.starts_with(b"<row") || s.starts_with(b"<table:table-row");
    let Some(open) = (start..b.len()).chain(0..start).find(|&i| row(&b[i..])) else { return };
    let name_end = (open + 1..b.len()).find(|&j| matches!(b[j], b' ' | b'>' | b'/')).unwrap_or(b.len());
    let close = [b"</".as_slice(), &b[open + 1..name_end], b">"].concat();
    let Some(end) = (open..b.len()).find(|&j| b[j..].starts_with(&close)).map(|j| j + close.len()) else {
        return;
    };
    let element = b[open..end].repeat(copies(rng));
    b.splice(end..end, element);
}

/// Why a run of kyodo over these files is not clean, or None.
fn trouble(files: &[PathBuf]) -> Option<String> {
    let mut args: Vec<&OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let run = std::panic::catch_unwind(|| kyodo_bounded(&args, 20, 1000).run);
    let run = match run {
        Ok(run) => run,
        Err(e) => return Some(e.downcast_ref::<String>().cloned().unwrap_or_else(|| "crashed".into())),
    };
    if !(0..=2).contains(&run.code) {
        return Some(format!("exit {}: {}", run.code, run.stderr));
    }
    let json: Value = match serde_json::from_str(&run.stdout) {
        Ok(json) => json,
        Err(e) => return Some(format!("no JSON ({e}): {}", run.stdout)),
    };
    if run.code == 2 {
        return (!json["error"].is_string()).then(|| format!("exit 2 without a reason: {json}"));
    }
    let r = &json["summary"]["rows"];
    let n = |k: &str| r[k].as_u64().unwrap_or(u64::MAX);
    let sum =
        ["items", "reports", "opinions", "indicators", "other", "diagnostic_only"].map(n).iter().sum::<u64>();
    (n("read") != sum).then(|| format!("rows do not add up: {r}"))
}

#[test]
fn mutants_of_plans_and_corpus_files_are_survived() {
    let dir = tempdir("fuzz", "mutants");
    let seeds = seeds(&dir);
    let cases = env_number("KYODO_FUZZ_CASES", 600) as usize;
    let mut rng = Rng(env_number("KYODO_FUZZ_SEED", 12));
    let mut files = Vec::new();
    for case in 0..cases {
        // Half the cases mutate a written plan, whose tables reach the import's deeper paths;
        // the others any seed.
        let pick = if rng.below(2) == 0 { rng.below(WRITTEN_SEEDS) } else { rng.below(seeds.len()) };
        let (ext, seed) = &seeds[pick];
        let path = dir.join(format!("case{case:05}.{ext}"));
        std::fs::write(&path, mutate(seed, &mut rng)).unwrap();
        files.push(path);
    }
    let mut failures = Vec::new();
    for batch in files.chunks(BATCH) {
        if trouble(batch).is_none() {
            continue;
        }
        for file in batch {
            if let Some(why) = trouble(std::slice::from_ref(file)) {
                let keep =
                    regression_dir().join(format!("found-{}", file.file_name().unwrap().to_string_lossy()));
                std::fs::create_dir_all(regression_dir()).unwrap();
                std::fs::copy(file, &keep).unwrap();
                failures.push(format!("{} (kept as {}): {why}", file.display(), keep.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cases} mutants failed:\n{}", failures.len(), failures.join("\n"));
}

/// Every regression file alone: each once crashed, hung or exhausted kyodo.
#[test]
fn regression_files_are_survived() {
    let files = files_in(&regression_dir());
    assert!(files.len() >= 5, "the regression files are in tests/fuzz: {files:?}");
    for file in files {
        assert_eq!(trouble(std::slice::from_ref(&file)), None, "{}", file.display());
    }
}
