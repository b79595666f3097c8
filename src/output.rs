//! Writing outputs. A run holds a lock on its output folder, so two runs never mix their files
//! there, and takes it before it renders anything. The files of a run land as one set:
//!
//! 1. every file is written (and synced) into a hidden staging folder, [`STAGING`];
//! 2. a journal, [`JOURNAL`], listing the set is put in place with one rename: the set is
//!    committed;
//! 3. each staged file is renamed over its target; then the journal and the staging folder go.
//!
//! A run stopped before step 2 leaves the old set whole, and the next run removes its staging
//! folder. A run stopped during step 3 leaves the journal: the next run that takes the folder's
//! lock finishes the renames first, so the folder then holds the new set whole. Either way no
//! run starts from a mix of two sets.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the lock file inside an output folder.
pub const LOCK_FILE: &str = ".kyodo.lock";

/// The hidden folder inside an output folder where a run's files are written before they are
/// put in place.
pub const STAGING: &str = ".kyodo-staging";

/// The journal inside an output folder: while it exists, the files it names (one a line) are
/// a committed set still in [`STAGING`], to be renamed into place.
pub const JOURNAL: &str = ".kyodo-journal";

/// An output folder held by this run. The lock is the operating system's lock on
/// [`LOCK_FILE`]: it ends with the process, so a killed run never blocks the next one. The
/// file is removed when the run ends, so the folder holds only the outputs.
pub struct OutputDir {
    dir: PathBuf,
    lock: Option<File>,
}

impl Drop for OutputDir {
    /// Removes the lock file while still holding its lock; a run that opened it meanwhile
    /// sees it was removed and takes a fresh one (see [`OutputDir::lock`]).
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join(LOCK_FILE));
        drop(self.lock.take());
    }
}

impl OutputDir {
    /// Creates the folder if needed and takes its lock; then removes the temporary files that
    /// runs killed while writing left behind (no other run can be writing now).
    pub fn lock(dir: &Path) -> Result<OutputDir, OutputError> {
        let shown = || crate::text::shown_path(dir);
        std::fs::create_dir_all(dir).map_err(|source| OutputError::Create { dir: shown(), source })?;
        let path = dir.join(LOCK_FILE);
        loop {
            let lock = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|source| OutputError::Unwritable { dir: shown(), source })?;
            let locked = match lock.try_lock() {
                Ok(()) => true,
                Err(TryLockError::WouldBlock) => return Err(OutputError::Busy { dir: shown() }),
                // A file system without locks (some network shares) still gets its outputs,
                // written together; only the guard against a simultaneous run is lost there,
                // and temporary files are left alone, as they may be another run's.
                Err(TryLockError::Error(_)) => false,
            };
            // The run that held it may have removed the file between our open and our lock.
            if !locked || still_at(&lock, &path) {
                let out = OutputDir { dir: dir.to_path_buf(), lock: Some(lock) };
                if locked {
                    remove_stale_temps(dir);
                    out.recover()?;
                }
                return Ok(out);
            }
        }
    }

    /// The path of `name` in this folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes every `(name, bytes)` as one set: staged, committed by the journal, then renamed
    /// into place (see the module's documentation). On an error before the commit no file of
    /// the folder has changed; after it, the next run finishes what this one could not.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
        self.put(files, &[], None)
    }

    /// [`OutputDir::write_all`], and the files named `stale` (an earlier set's, not made this
    /// time) removed with the same commit: the folder then holds this set and nothing of the
    /// last one.
    pub fn replace_set(&self, files: &[(String, Vec<u8>)], stale: &[&str]) -> Result<(), OutputError> {
        self.put(files, stale, None)
    }

    /// [`OutputDir::write_all`], stopping after `renames` renames when given, as a run killed
    /// there would (the tests' way to kill a run between two renames).
    fn put(
        &self,
        files: &[(String, Vec<u8>)],
        stale: &[&str],
        renames: Option<usize>,
    ) -> Result<(), OutputError> {
        let staging = self.dir.join(STAGING);
        let staged = self.stage(&staging, files);
        if staged.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        staged?;
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        // A file to remove is marked by a leading '/', which no file name holds.
        let lines: Vec<String> =
            names.iter().map(|n| n.to_string()).chain(stale.iter().map(|n| format!("/{n}"))).collect();
        let journal = self.dir.join(JOURNAL);
        let temp = self.dir.join(temp_name(JOURNAL.trim_start_matches('.')));
        let committed = write_synced(&temp, lines.join("\n").as_bytes())
            .and_then(|()| std::fs::rename(&temp, &journal))
            .and_then(|()| sync_dir(&self.dir));
        if let Err(source) = committed {
            let _ = std::fs::remove_file(&temp);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(OutputError::Write { path: crate::text::shown_path(&journal), source });
        }
        self.finish(&names, stale, renames)
    }

    /// Writes the files, synced, into the (fresh) staging folder.
    fn stage(&self, staging: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
        let _ = std::fs::remove_dir_all(staging);
        let shown = || crate::text::shown_path(&self.dir);
        std::fs::create_dir(staging).map_err(|source| OutputError::Unwritable { dir: shown(), source })?;
        for (name, bytes) in files {
            write_synced(&staging.join(name), bytes).map_err(|source| self.failed(name, source))?;
        }
        sync_dir(staging).map_err(|source| OutputError::Unwritable { dir: shown(), source })
    }

    /// Renames the committed set's staged files into place (those still staged: a run stopped
    /// midway renamed the others), removes the `stale` files, then the journal and the staging
    /// folder.
    fn finish(&self, names: &[&str], stale: &[&str], renames: Option<usize>) -> Result<(), OutputError> {
        let staging = self.dir.join(STAGING);
        for (n, name) in names.iter().enumerate() {
            if renames == Some(n) {
                return Ok(());
            }
            let staged = staging.join(name);
            if staged.exists() {
                std::fs::rename(&staged, self.path(name)).map_err(|source| self.failed(name, source))?;
            }
        }
        for name in stale {
            match std::fs::remove_file(self.path(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(self.failed(name, e)),
                _ => {}
            }
        }
        let _ = sync_dir(&self.dir);
        let _ = std::fs::remove_file(self.dir.join(JOURNAL));
        let _ = std::fs::remove_dir_all(&staging);
        Ok(())
    }

    /// What a run stopped while writing left: a committed set (the journal) is put in place
    /// whole; files staged but never committed are removed.
    fn recover(&self) -> Result<(), OutputError> {
        match std::fs::read_to_string(self.dir.join(JOURNAL)) {
            Ok(list) => {
                let (stale, names): (Vec<&str>, Vec<&str>) = list
                    .lines()
                    .filter(|l| is_plain_name(l.trim_start_matches('/')))
                    .partition(|l| l.starts_with('/'));
                let stale: Vec<&str> = stale.iter().map(|l| &l[1..]).collect();
                self.finish(&names, &stale, None)
            }
            Err(_) => {
                let _ = std::fs::remove_dir_all(self.dir.join(STAGING));
                Ok(())
            }
        }
    }
}

impl OutputDir {
    fn failed(&self, name: &str, source: std::io::Error) -> OutputError {
        OutputError::Write { path: crate::text::shown_path(self.path(name)), source }
    }
}

/// Whether a journal line is a file name of this folder (never a path out of it).
fn is_plain_name(name: &str) -> bool {
    let path = Path::new(name);
    path.components().count() == 1
        && matches!(path.components().next(), Some(std::path::Component::Normal(_)))
}

/// Makes a folder's renames durable where the system allows it (a folder cannot be opened as
/// a file on Windows: there each rename is durable already).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Why the outputs could not be put in place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// The output folder could not be created.
    #[error("{dir}: 出力先フォルダを作れません（{}）", crate::text::io_message(.source))]
    Create {
        /// The folder, as shown ([`crate::text::shown_path`]).
        dir: String,
        /// The underlying reason, told in Japanese ([`crate::text::io_message`]).
        source: std::io::Error,
    },
    /// The output folder takes no files.
    #[error("{dir}: 出力先フォルダに書き込めません（{}）", crate::text::io_message(.source))]
    Unwritable {
        /// The folder, as shown ([`crate::text::shown_path`]).
        dir: String,
        /// The underlying reason, told in Japanese ([`crate::text::io_message`]).
        source: std::io::Error,
    },
    /// Another run holds the folder's lock.
    #[error("{dir}: 別の kyodo がこのフォルダに書き込んでいます。終わってから実行し直すか、別の出力先を指定してください")]
    Busy {
        /// The folder, as shown ([`crate::text::shown_path`]).
        dir: String,
    },
    /// A file could not be written or renamed into place.
    #[error("{path}: 書き込めません（{}）", crate::text::io_message(.source))]
    Write {
        /// The path, as shown ([`crate::text::shown_path`]).
        path: String,
        /// The underlying reason, told in Japanese ([`crate::text::io_message`]).
        source: std::io::Error,
    },
}

/// `.official.pdf.<pid>.tmp`: hidden, and known as kyodo's by [`is_temp`].
fn temp_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// Whether a file name is one of [`temp_name`]'s.
fn is_temp(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    inner.rsplit_once('.').is_some_and(|(base, pid)| {
        !base.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether `path` still names the open file `file`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the path still names it.
#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_str().is_some_and(is_temp) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp(&temp_name("official.pdf")));
        assert!(is_temp(".committee.pdf.123.tmp"));
        assert!(!is_temp(".kyodo.lock"));
        assert!(!is_temp(".notes.tmp"));
        assert!(!is_temp("official.pdf"));
    }

    fn fresh(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kyodo-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn set(a: &str, b: &str) -> Vec<(String, Vec<u8>)> {
        vec![("a.pdf".into(), a.as_bytes().to_vec()), ("b.xlsx".into(), b.as_bytes().to_vec())]
    }

    /// What a folder holds with its lock taken and the set of [`set`] written as `which`.
    fn held_set(which: &str) -> Vec<(String, String)> {
        vec![
            (LOCK_FILE.into(), String::new()),
            ("a.pdf".into(), which.into()),
            ("b.xlsx".into(), which.into()),
        ]
    }

    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(e.path()).unwrap_or_else(|_| "(folder)".into()))
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_second_lock_on_one_folder_is_refused_and_temps_are_cleaned() {
        let dir = fresh("lock");
        std::fs::write(dir.join(".official.pdf.99999.tmp"), b"stale").unwrap();
        let held = OutputDir::lock(&dir).unwrap();
        assert!(!dir.join(".official.pdf.99999.tmp").exists());
        let second = OutputDir::lock(&dir).err().unwrap();
        assert!(matches!(second, OutputError::Busy { .. }), "{second}");
        assert!(second.to_string().contains("別の kyodo"), "{second}");
        held.write_all(&[("a.txt".into(), b"1".to_vec()), ("b.txt".into(), b"2".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.join("b.txt")).unwrap(), b"2");
        drop(held);
        assert!(!dir.join(LOCK_FILE).exists());
        assert!(OutputDir::lock(&dir).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_run_killed_between_two_renames_is_finished_by_the_next_one() {
        let dir = fresh("killed-renaming");
        OutputDir::lock(&dir).unwrap().write_all(&set("old", "old")).unwrap();
        let old = contents(&dir);
        assert_eq!(old, [("a.pdf".into(), "old".into()), ("b.xlsx".into(), "old".into())]);
        // Killed after the first rename: a.pdf is new, b.xlsx still old, the journal says so.
        let run = OutputDir::lock(&dir).unwrap();
        run.put(&set("new", "new"), &[], Some(1)).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.pdf")).unwrap(), "new");
        assert!(dir.join(JOURNAL).exists() && dir.join(STAGING).join("b.xlsx").exists());
        // The lock dies with the process (its lock file stays); the next run finishes the set.
        let mut run = run;
        drop(run.lock.take());
        std::mem::forget(run);
        let next = OutputDir::lock(&dir).unwrap();
        assert_eq!(contents(&dir), held_set("new"));
        drop(next);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_set_replacing_another_removes_its_stale_files_even_when_killed_midway() {
        let dir = fresh("replace-set");
        OutputDir::lock(&dir).unwrap().write_all(&set("old", "old")).unwrap();
        std::fs::write(dir.join("mine.txt"), "the office's").unwrap();
        // The new set has a.pdf only; b.xlsx is the old set's. Killed before any rename.
        let run = OutputDir::lock(&dir).unwrap();
        run.put(&set("new", "new")[..1], &["b.xlsx"], Some(0)).unwrap();
        assert!(dir.join("b.xlsx").exists());
        let mut run = run;
        drop(run.lock.take());
        std::mem::forget(run);
        let next = OutputDir::lock(&dir).unwrap();
        let expected: Vec<(String, String)> = vec![
            (LOCK_FILE.into(), String::new()),
            ("a.pdf".into(), "new".into()),
            ("mine.txt".into(), "the office's".into()),
        ];
        assert_eq!(contents(&dir), expected);
        drop(next);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_run_killed_before_its_set_is_committed_leaves_the_old_set() {
        let dir = fresh("killed-staging");
        OutputDir::lock(&dir).unwrap().write_all(&set("old", "old")).unwrap();
        // Killed while staging: the staged files and no journal.
        std::fs::create_dir(dir.join(STAGING)).unwrap();
        std::fs::write(dir.join(STAGING).join("a.pdf"), "new").unwrap();
        let next = OutputDir::lock(&dir).unwrap();
        assert_eq!(contents(&dir), held_set("old"));
        drop(next);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_journal_names_files_of_its_folder_only() {
        assert!(is_plain_name("official.pdf") && is_plain_name("令和6年度 報告書.pdf"));
        assert!(!is_plain_name("../official.pdf") && !is_plain_name("/etc/passwd") && !is_plain_name(".."));
    }
}
