//! Writes that survive a crash: a file written and flushed to the disk before anything relies
//! on it, a directory flushed after its entries change. And the fault points: every change
//! the journal makes counts as one, and the reliability tests abort the process at each in
//! turn (`PACKER_SCAFFOLD_FAULT_ABORT_AT=<n>`) to prove a crash at any of them loses nothing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Aborts the process at the change with this number (from 1), as a crash would.
const FAULT_ABORT_ENV: &str = "PACKER_SCAFFOLD_FAULT_ABORT_AT";

static CHANGES: AtomicU64 = AtomicU64::new(0);

/// Called before each change to the disk: where the reliability tests crash the process.
pub fn fault_point() {
    let n = CHANGES.fetch_add(1, Ordering::SeqCst) + 1;
    if std::env::var(FAULT_ABORT_ENV).is_ok_and(|at| at.parse() == Ok(n)) {
        std::process::abort();
    }
}

/// Pauses before each move of a decided change, for the reliability tests: milliseconds in
/// `PACKER_SCAFFOLD_FAULT_MOVE_DELAY_MS`, so a test can signal a run while it moves files.
/// Unset in normal use.
pub fn move_delay() {
    if let Some(ms) = std::env::var("PACKER_SCAFFOLD_FAULT_MOVE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes `bytes` to a file that must not exist yet (never through a link planted there), with
/// `mode`, and flushes it to the disk.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    fault_point();
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    set_mode(&file, mode)?;
    file.sync_all()
}

#[cfg(test)]
thread_local! {
    /// The folders this thread flushed, in order: what the durability tests look at.
    pub static SYNCED: std::cell::RefCell<Vec<std::path::PathBuf>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// Flushes a directory's entries (new, renamed, removed names) to the disk.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(test)]
    SYNCED.with(|synced| synced.borrow_mut().push(path.to_owned()));
    if cfg!(unix) {
        File::open(path)?.sync_all()
    } else {
        Ok(())
    }
}

/// Creates a directory (its parent must exist), as a change.
pub fn create_dir(path: &Path) -> io::Result<()> {
    fault_point();
    fs::create_dir(path)
}

/// Renames `from` to `to`, replacing `to`, as a change.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    fault_point();
    fs::rename(from, to)
}

/// Links `to` to the file at `from`; fails when `to` exists, so nothing is replaced.
pub fn link(from: &Path, to: &Path) -> io::Result<()> {
    fault_point();
    fs::hard_link(from, to)
}

/// Removes a file, as a change.
pub fn remove_file(path: &Path) -> io::Result<()> {
    fault_point();
    fs::remove_file(path)
}

/// Removes an empty directory, as a change.
pub fn remove_dir(path: &Path) -> io::Result<()> {
    fault_point();
    fs::remove_dir(path)
}

/// Removes a directory and everything in it, as a change.
pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    fault_point();
    fs::remove_dir_all(path)
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Gives `path` the owner and group of `like`, where the platform and our rights allow: an
/// edited file keeps its owner. Best effort: without the right, the file is ours.
#[cfg(unix)]
pub fn keep_owner(path: &Path, like: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(path, Some(like.uid()), Some(like.gid()));
}

#[cfg(not(unix))]
pub fn keep_owner(_path: &Path, _like: &fs::Metadata) {}

/// Whether two paths name the same file (the same inode), both existing.
#[cfg(unix)]
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((fs::read(a), fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_never_written_through_a_link_planted_at_its_name() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, tmp.path().join("planted")).unwrap();
        #[cfg(unix)]
        assert!(write_new(&tmp.path().join("planted"), b"x", 0o644).is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        write_new(&tmp.path().join("fresh"), b"x", 0o600).unwrap();
        assert_eq!(fs::read(tmp.path().join("fresh")).unwrap(), b"x");
    }
}
