//! The tests' runs of kyodo kept as cases to run again (`ci/compare-tests.sh`): with
//! `KYODO_KEEP_INPUTS=DIR` set, each run through [`inputs`] leaves
//! `DIR/<suite>/<test>/<n>/` holding
//!
//! - `args`: the arguments, each ended by a NUL byte, with each test folder they name
//!   (`<temp>/kyodo-<suite>-<pid>-<name>`) written as `@ROOT@/kyodo-<suite>-<name>`;
//! - `root/kyodo-<suite>-<name>/`: a copy of that folder as it is just before the run, so
//!   the inputs, the `kyodo.toml` found beside them and the output of the test's earlier runs
//!   are all there, with their modification times (kyodo prefers the newer of two copies).
//!
//! Files are stored once in `DIR/.store` and hard-linked into the cases: a test's folder is
//! copied at each of its runs. Without the variable nothing is done.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Where the cases go: `KYODO_KEEP_INPUTS`, if set and not empty.
fn kept() -> Option<PathBuf> {
    std::env::var_os("KYODO_KEEP_INPUTS").filter(|d| !d.is_empty()).map(PathBuf::from)
}

/// Keeps the run of kyodo with `args` about to start, as a case; does nothing where
/// `KYODO_KEEP_INPUTS` is unset. A failure to keep fails the test (the comparison would
/// otherwise miss the case without saying so).
pub fn inputs<S: AsRef<OsStr>>(args: &[S]) {
    #[cfg(unix)]
    if let Some(dir) = kept() {
        let case = new_case(&dir);
        unix::keep(&dir, &case, args).unwrap_or_else(|e| panic!("KYODO_KEEP_INPUTS {}: {e}", case.display()));
    }
    #[cfg(not(unix))]
    let _ = (args, kept());
}

/// A new, empty `DIR/<suite>/<test>/<n>`: the suite is the test binary's name without cargo's
/// hash, the test the harness's name for the thread, `n` counts the test's runs from 001.
fn new_case(dir: &Path) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let stem = exe.file_stem().unwrap().to_string_lossy().into_owned();
    let suite = stem.rsplit_once('-').map_or(stem.as_str(), |(s, _)| s).to_string();
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("main").replace("::", ".");
    let parent = dir.join(suite).join(test);
    std::fs::create_dir_all(&parent).unwrap();
    let mut n = 1;
    loop {
        let case = parent.join(format!("{n:03}"));
        match std::fs::create_dir(&case) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            made => {
                made.unwrap_or_else(|e| panic!("KYODO_KEEP_INPUTS {}: {e}", case.display()));
                return case;
            }
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::ffi::OsStr;
    use std::hash::{DefaultHasher, Hasher};
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    /// Writes `case/args` and copies every test folder the arguments name into `case/root`.
    pub fn keep<S: AsRef<OsStr>>(dir: &Path, case: &Path, args: &[S]) -> io::Result<()> {
        let temp = std::env::temp_dir();
        let prefix = [temp.as_os_str().as_bytes(), b"/"].concat();
        let pid = format!("-{}-", std::process::id());
        let mut written = Vec::new();
        for arg in args {
            let mut arg = arg.as_ref().as_bytes();
            // Each test folder in the argument, as @ROOT@/<its name without the pid>.
            while let Some(at) = find(arg, &[prefix.as_slice(), b"kyodo-"].concat()) {
                let rest = &arg[at + prefix.len()..];
                let name = &rest[..rest.iter().position(|&b| b == b'/').unwrap_or(rest.len())];
                let name = OsStr::from_bytes(name);
                let short = name.to_string_lossy().replacen(&pid, "-", 1);
                let copy = case.join("root").join(&short);
                if !copy.exists() {
                    copy_tree(dir, &Tree { from: temp.join(name), to: copy }, Path::new(""))?;
                }
                written.extend_from_slice(&arg[..at]);
                written.extend_from_slice(b"@ROOT@/");
                written.extend_from_slice(short.as_bytes());
                arg = &rest[name.len()..];
            }
            written.extend_from_slice(arg);
            written.push(0);
        }
        std::fs::write(case.join("args"), written)
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// A test folder and where it is copied.
    struct Tree {
        from: PathBuf,
        to: PathBuf,
    }

    /// Copies `tree.from/at` into `tree.to/at` without following links: files through the
    /// store, links as links, those into the test folder made relative so they point into the
    /// copy.
    fn copy_tree(dir: &Path, tree: &Tree, at: &Path) -> io::Result<()> {
        let (from, to) = (tree.from.join(at), tree.to.join(at));
        let meta = std::fs::symlink_metadata(&from)?;
        if meta.is_dir() {
            std::fs::create_dir_all(&to)?;
            for entry in std::fs::read_dir(&from)? {
                copy_tree(dir, tree, &at.join(entry?.file_name()))?;
            }
        } else if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&from)?;
            let target = match target.strip_prefix(&tree.from) {
                Ok(inside) => {
                    let up = at.parent().map_or(0, |p| p.components().count());
                    std::iter::repeat_n(Path::new(".."), up).collect::<PathBuf>().join(inside)
                }
                Err(_) => target,
            };
            std::os::unix::fs::symlink(target, &to)?;
        } else if meta.is_file() {
            std::fs::hard_link(stored(dir, &from, &meta)?, &to)?;
        }
        Ok(())
    }

    /// The file `from` in `DIR/.store`, named by its length, content hash and modification time
    /// (hard links share one), written there the first time.
    fn stored(dir: &Path, from: &Path, meta: &std::fs::Metadata) -> io::Result<PathBuf> {
        let bytes = std::fs::read(from)?;
        let mut hash = DefaultHasher::new();
        hash.write(&bytes);
        let modified = meta.modified()?;
        let nanos = modified.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let store = dir.join(".store");
        let path = store.join(format!("{}-{:016x}-{nanos}", bytes.len(), hash.finish()));
        if !path.exists() {
            std::fs::create_dir_all(&store)?;
            let thread =
                format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
            let temp = store.join(format!(".{}-{thread}", std::process::id()));
            std::fs::write(&temp, &bytes)?;
            std::fs::File::options().write(true).open(&temp)?.set_modified(modified)?;
            std::fs::rename(&temp, &path)?;
        }
        Ok(path)
    }
}
