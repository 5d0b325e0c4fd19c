//! One command changes a repository at a time: an exclusive lock on `.packer-scaffold.lock` at
//! its root, held for the whole change. The operating system releases it when the process
//! ends, however it ends, so a crash never leaves the repository locked; the file itself is
//! removed on the way out (a leftover one is harmless and taken over).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;

/// The lock file's name at a repository's root.
pub const LOCK_FILE: &str = ".packer-scaffold.lock";

/// How long a command waits for another to finish before it gives up.
const WAIT: Duration = Duration::from_secs(10);

/// The held lock; released when dropped.
#[derive(Debug)]
pub struct RepoLock {
    file: File,
    path: PathBuf,
}

impl RepoLock {
    /// Takes the lock of the repository at `root`, waiting a little while another command
    /// holds it.
    pub fn acquire(root: &Path) -> Result<RepoLock, Error> {
        let path = root.join(LOCK_FILE);
        let start = Instant::now();
        loop {
            let file = open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) if start.elapsed() < WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::Busy {
                        root: root.to_owned(),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("lock", &path, e)),
            }
            // The holder before us may have removed the file after we opened it: then our lock
            // is on a name no one else will open, and we try again on the file that is there.
            if still_there(&file, &path) {
                return Ok(RepoLock { file, path });
            }
        }
    }
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        // Removed while still held, so no one locks the old file after we let it go.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Opens (creating) the lock file, refusing anything but a regular file at its name: a link
/// planted there must never be followed.
fn open(path: &Path) -> Result<File, Error> {
    if let Ok(meta) = fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(Error::InvalidInput {
            what: "lock file".into(),
            value: path.display().to_string(),
            problem: "it is not a regular file".into(),
            help: format!(
                "remove it (`rm {}`), then run the command again",
                path.display()
            ),
        });
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io("open the lock file", path, e))
}

#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(held), Ok(named)) => (held.dev(), held.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_there(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_the_file_goes_with_the_lock() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let lock = RepoLock::acquire(tmp.path()).unwrap();
        let second = OpenOptions::new()
            .write(true)
            .open(tmp.path().join(LOCK_FILE))
            .unwrap();
        assert!(matches!(second.try_lock(), Err(TryLockError::WouldBlock)));
        drop(lock);
        assert!(!tmp.path().join(LOCK_FILE).exists());
        drop(RepoLock::acquire(tmp.path()).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_lock_files_name_is_refused() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, tmp.path().join(LOCK_FILE)).unwrap();
        let err = RepoLock::acquire(tmp.path()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
    }
}
