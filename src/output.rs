//! Writing outputs. A run holds a lock on its output folder, so two runs never mix their files
//! there; each file goes to a temporary file beside its target and all are renamed into place
//! together at the end, so a failed or stopped run leaves the old set whole.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the lock file inside an output folder.
pub const LOCK_FILE: &str = ".kyodo.lock";

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
        let shown = || dir.display().to_string();
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
                if locked {
                    remove_stale_temps(dir);
                }
                return Ok(OutputDir { dir: dir.to_path_buf(), lock: Some(lock) });
            }
        }
    }

    /// The path of `name` in this folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes every `(name, bytes)`: all to synced temporary files first, then renamed into
    /// place one after the other. On error the temporary files are removed and no file of the
    /// set has been replaced unless the renaming itself failed.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
        let mut temps = Vec::new();
        let written = files.iter().try_for_each(|(name, bytes)| {
            let temp = self.dir.join(temp_name(name));
            temps.push(temp.clone());
            write_synced(&temp, bytes).map_err(|source| self.failed(name, source))
        });
        let renamed = written.and_then(|()| {
            files.iter().zip(&temps).try_for_each(|((name, _), temp)| {
                std::fs::rename(temp, self.path(name)).map_err(|source| self.failed(name, source))
            })
        });
        if renamed.is_err() {
            for temp in &temps {
                let _ = std::fs::remove_file(temp);
            }
        }
        renamed
    }
}

impl OutputDir {
    fn failed(&self, name: &str, source: std::io::Error) -> OutputError {
        OutputError::Write { path: self.path(name).display().to_string(), source }
    }
}

/// Why the outputs could not be put in place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// The output folder could not be created.
    #[error("{dir}: 出力先フォルダを作れません（{source}）")]
    Create {
        /// The folder, as given.
        dir: String,
        /// The underlying reason.
        source: std::io::Error,
    },
    /// The output folder takes no files.
    #[error("{dir}: 出力先フォルダに書き込めません（{source}）")]
    Unwritable {
        /// The folder, as given.
        dir: String,
        /// The underlying reason.
        source: std::io::Error,
    },
    /// Another run holds the folder's lock.
    #[error("{dir}: 別の kyodo がこのフォルダに書き込んでいます。終わってから実行し直すか、別の出力先を指定してください")]
    Busy {
        /// The folder, as given.
        dir: String,
    },
    /// A file could not be written or renamed into place.
    #[error("{path}: 書き込めません（{source}）")]
    Write {
        /// The path, as given.
        path: String,
        /// The underlying reason.
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

    #[test]
    fn a_second_lock_on_one_folder_is_refused_and_temps_are_cleaned() {
        let dir = std::env::temp_dir().join(format!("kyodo-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
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
}
