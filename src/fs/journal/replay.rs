//! Moving a decided change into place (`forward`), putting it back (`back`), and removing the
//! journal once done (`finish`). Each step checks what is already done, so running it again
//! after a crash in the middle of it finishes the job.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::record::{Entry, Record};
use crate::error::Error;
use crate::fs::durable;

/// Creates the record's folders and moves every staged file into place, keeping each replaced
/// file as its backup first.
pub fn forward(root: &Path, journal: &Path, record: &Record) -> Result<(), Error> {
    create_dirs(root, &record.dirs)?;
    for entry in &record.entries {
        durable::move_delay();
        forward_one(root, journal, entry)?;
    }
    for dir in &record.emptied {
        let dir = root.join(dir);
        if fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_none()) {
            durable::remove_dir(&dir).map_err(|e| Error::io("remove", dir, e))?;
        }
    }
    sync_parents(root, &record.emptied)
}

/// Creates the folders `dirs` (outermost first) that are not there yet, then flushes the
/// folders holding them, so their names survive a crash as the files linked into them do.
fn create_dirs(root: &Path, dirs: &[String]) -> Result<(), Error> {
    for dir in dirs {
        let dir = root.join(dir);
        match durable::create_dir(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                return Err(Error::io("create directory", dir, e));
            }
            _ => {}
        }
    }
    sync_parents(root, dirs)
}

/// Flushes each folder holding one of `dirs` (created or removed), each once.
fn sync_parents(root: &Path, dirs: &[String]) -> Result<(), Error> {
    let mut parents: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| root.join(d).parent().map(Path::to_path_buf))
        .collect();
    parents.sort();
    parents.dedup();
    for parent in parents.iter().filter(|p| p.is_dir()) {
        durable::sync_dir(parent).map_err(|e| Error::io("flush", parent, e))?;
    }
    Ok(())
}

fn forward_one(root: &Path, journal: &Path, entry: &Entry) -> Result<(), Error> {
    if entry.delete {
        return delete_one(root, journal, entry);
    }
    let staged = journal.join(&entry.staged);
    let target = root.join(&entry.path);
    if !staged.exists() {
        return Ok(()); // moved already
    }
    match &entry.backup {
        Some(backup) => {
            let backup = journal.join(backup);
            if !backup.exists() {
                keep(&target, &backup).map_err(|e| Error::io("keep a copy of", &target, e))?;
            }
            durable::rename(&staged, &target).map_err(|e| Error::io("replace", &target, e))
        }
        None if target.symlink_metadata().is_ok() => {
            // Linked before a crash (the same file), or something else appeared: never replaced.
            if !durable::same_file(&staged, &target) {
                return Err(Error::PathsExist {
                    paths: vec![entry.path.clone()],
                });
            }
            durable::remove_file(&staged).map_err(|e| Error::io("remove", &staged, e))
        }
        None => durable::link(&staged, &target)
            .and_then(|()| durable::remove_file(&staged))
            .map_err(|e| Error::io("create", &target, e)),
    }
}

/// Removes a file the change deletes, keeping it as its backup first (done already when the
/// file is gone).
fn delete_one(root: &Path, journal: &Path, entry: &Entry) -> Result<(), Error> {
    let target = root.join(&entry.path);
    if target.symlink_metadata().is_err() {
        return Ok(());
    }
    if let Some(backup) = &entry.backup {
        let backup = journal.join(backup);
        if !backup.exists() {
            keep(&target, &backup).map_err(|e| Error::io("keep a copy of", &target, e))?;
        }
    }
    durable::remove_file(&target).map_err(|e| Error::io("remove", &target, e))
}

/// The old bytes of `target` as `backup`: a second name for the same file where the file
/// system allows, else a copy.
fn keep(target: &Path, backup: &Path) -> io::Result<()> {
    durable::link(target, backup).or_else(|_| {
        let bytes = fs::read(target)?;
        durable::write_new(backup, &bytes, 0o600)
    })
}

/// Puts back every file the change replaced or created, last first, and removes the folders it
/// created that are empty again.
pub fn back(root: &Path, journal: &Path, record: &Record) -> Result<(), Error> {
    let emptied: Vec<String> = record.emptied.iter().rev().cloned().collect();
    create_dirs(root, &emptied)?;
    for entry in record.entries.iter().rev() {
        back_one(root, journal, entry)?;
    }
    for dir in record.dirs.iter().rev() {
        let dir = root.join(dir);
        if fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_none()) {
            durable::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, e))?;
        }
    }
    sync_parents(root, &record.dirs)
}

fn back_one(root: &Path, journal: &Path, entry: &Entry) -> Result<(), Error> {
    let staged = journal.join(&entry.staged);
    let target = root.join(&entry.path);
    match &entry.backup {
        Some(backup) => {
            let backup = journal.join(backup);
            // A deleted file that is still there was never removed: its backup is a second
            // name for it.
            let restore = !entry.delete || target.symlink_metadata().is_err();
            if backup.exists() && restore {
                durable::rename(&backup, &target).map_err(|e| Error::io("restore", &target, e))?;
            }
            Ok(())
        }
        None => {
            let moved = !staged.exists() || durable::same_file(&staged, &target);
            if moved && target.symlink_metadata().is_ok() {
                durable::remove_file(&target).map_err(|e| Error::io("remove", &target, e))?;
            }
            Ok(())
        }
    }
}

/// Flushes every folder the change touched, then removes the journal.
pub fn finish(root: &Path, journal: &Path, record: &Record) -> Result<(), Error> {
    let mut dirs: Vec<PathBuf> = record
        .entries
        .iter()
        .filter_map(|e| root.join(&e.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        durable::sync_dir(dir).map_err(|e| Error::io("flush", dir, e))?;
    }
    durable::remove_dir_all(journal).map_err(|e| Error::io("remove", journal, e))?;
    durable::sync_dir(root).map_err(|e| Error::io("flush", root, e))
}
