//! Before anything moves: every target checked (new files absent, no file where a folder is
//! needed, nothing outside the repository, edited files writable), then every new byte staged
//! in the journal folder and the record written.

use std::fs;
use std::path::{Path, PathBuf};

use super::contain;
use super::record::{Entry, Record, State};
use super::{COMMAND, RECORD};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::error::Error;
use crate::fs::durable;
use crate::fs::writer::files_in_the_way;
use crate::fs::writer::guard::{check_interrupt, fault_delay};

/// One file the change writes, checked.
pub struct Target<'a> {
    /// Relative to the root, `/`-separated; for an edited link, the file it points to.
    pub path: String,
    pub bytes: &'a [u8],
    /// The mode of a new file; an edited file keeps its own.
    pub mode: Option<u32>,
    /// The edited file's metadata, for its mode and owner.
    pub existing: Option<fs::Metadata>,
}

/// What `stage` writes: the targets, the folders to create (outermost first), the files to
/// delete and the folders that may be left empty by it (innermost first).
pub struct Checked<'a> {
    pub targets: Vec<Target<'a>>,
    pub dirs: Vec<String>,
    pub deletes: Vec<String>,
    pub emptied: Vec<String>,
}

/// Checks every target, changing nothing.
pub fn check<'a>(
    root: &Path,
    creates: &'a [PlannedFile],
    edits: &'a [FileEdit],
    deletes: &[String],
) -> Result<Checked<'a>, Error> {
    let existing: Vec<String> = creates
        .iter()
        .filter(|f| root.join(&f.path).symlink_metadata().is_ok())
        .map(|f| f.path.clone())
        .collect();
    if !existing.is_empty() {
        return Err(Error::PathsExist { paths: existing });
    }
    let paths = creates.iter().map(|f| f.path.as_str());
    let in_the_way = files_in_the_way(root, paths.chain(edits.iter().map(|e| e.path.as_str())));
    if !in_the_way.is_empty() {
        return Err(Error::FilesInTheWay {
            root: root.to_owned(),
            paths: in_the_way,
        });
    }
    let real_root = root
        .canonicalize()
        .map_err(|e| Error::io("resolve the path", root, e))?;
    let mut targets = Vec::new();
    for file in creates {
        inside(root, &real_root, &file.path)?;
        targets.push(Target {
            path: file.path.clone(),
            bytes: &file.contents,
            mode: Some(file.mode),
            existing: None,
        });
    }
    for edit in edits {
        targets.push(edited(root, &real_root, edit)?);
    }
    for path in deletes {
        inside(root, &real_root, path)?;
        let at = root.join(path);
        let meta = fs::symlink_metadata(&at).map_err(|e| Error::io("read", &at, e))?;
        if !meta.is_file() {
            return Err(Error::io(
                "remove",
                &at,
                std::io::Error::other("it is not a regular file"),
            ));
        }
    }
    let dirs = dirs_to_create(root, creates);
    Ok(Checked {
        targets,
        dirs,
        deletes: deletes.to_vec(),
        emptied: parents_innermost_first(deletes),
    })
}

/// Every folder above the paths, below the root, deepest first, each once.
fn parents_innermost_first(paths: &[String]) -> Vec<String> {
    let mut dirs: Vec<String> = paths
        .iter()
        .flat_map(|p| Path::new(p).ancestors().skip(1))
        .filter(|d| !d.as_os_str().is_empty())
        .map(|d| d.to_string_lossy().replace('\\', "/"))
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse((d.matches('/').count(), d.clone())));
    dirs.dedup();
    dirs
}

/// Refuses a path that leads out of the repository (by `..`, a root or a link) or into `.git`.
fn inside(root: &Path, real_root: &Path, rel: &str) -> Result<(), Error> {
    contain::path_inside(root, real_root, rel, false).map_err(|why| why.into_error(root, rel))
}

/// An edited file, checked: inside the repository (a link is followed to the file it names,
/// which is edited instead), a regular file, writable.
fn edited<'a>(root: &Path, real_root: &Path, edit: &'a FileEdit) -> Result<Target<'a>, Error> {
    inside(root, real_root, &edit.path)?;
    let at = root.join(&edit.path);
    let meta = fs::metadata(&at).map_err(|e| Error::io("read", &at, e))?;
    let real = fs::canonicalize(&at).map_err(|e| Error::io("resolve the path", &at, e))?;
    let Ok(rel) = real.strip_prefix(real_root) else {
        return Err(Error::OutsideRepository {
            link: at,
            goes_to: real,
        });
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    inside(root, real_root, &rel)?;
    if meta.permissions().readonly() {
        return Err(Error::ReadOnly { path: at });
    }
    Ok(Target {
        path: rel,
        bytes: &edit.after,
        mode: None,
        existing: Some(meta),
    })
}

/// The folders new files need that do not exist yet, outermost first, each once.
fn dirs_to_create(root: &Path, creates: &[PlannedFile]) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    for file in creates {
        let mut missing = Vec::new();
        let mut dir = Path::new(&file.path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if root.join(d).exists() {
                break;
            }
            missing.push(d.to_string_lossy().replace('\\', "/"));
            dir = d.parent();
        }
        for d in missing.into_iter().rev() {
            if !dirs.contains(&d) {
                dirs.push(d);
            }
        }
    }
    dirs
}

/// Writes every new byte into the journal folder, then the record that decides the change.
pub fn stage(journal: &Path, command: &str, plan: &Checked) -> Result<Record, Error> {
    let at = |path: &Path| {
        let path: PathBuf = path.to_owned();
        move |e| Error::io("write", path, e)
    };
    durable::create_dir(journal).map_err(at(journal))?;
    // The journal's name in the root, flushed: a crash from here on finds it.
    if let Some(root) = journal.parent() {
        durable::sync_dir(root).map_err(at(root))?;
    }
    durable::write_new(&journal.join(COMMAND), command.as_bytes(), 0o644).map_err(at(journal))?;
    for sub in ["new", "old"] {
        durable::create_dir(&journal.join(sub)).map_err(at(journal))?;
    }
    let mut entries = Vec::new();
    for (n, target) in plan.targets.iter().enumerate() {
        let staged = format!("new/{n}");
        let file = journal.join(&staged);
        let mode = target
            .mode
            .or(target.existing.as_ref().map(mode_of))
            .unwrap_or(0o644);
        durable::write_new(&file, target.bytes, mode).map_err(at(&file))?;
        if let Some(meta) = &target.existing {
            durable::keep_owner(&file, meta);
        }
        entries.push(Entry {
            path: target.path.clone(),
            staged,
            backup: target.existing.as_ref().map(|_| format!("old/{n}")),
            delete: false,
        });
        fault_delay();
        check_interrupt()?;
    }
    let first = plan.targets.len();
    for (n, path) in plan.deletes.iter().enumerate().map(|(i, p)| (first + i, p)) {
        entries.push(Entry {
            path: path.clone(),
            staged: format!("new/{n}"),
            backup: Some(format!("old/{n}")),
            delete: true,
        });
    }
    durable::sync_dir(&journal.join("new")).map_err(at(journal))?;
    let record = Record {
        command: command.to_owned(),
        state: State::Prepared,
        dirs: plan.dirs.clone(),
        emptied: plan.emptied.clone(),
        entries,
    };
    check_interrupt()?;
    write_record(journal, &record)?;
    Ok(record)
}

/// Writes the record whole or not at all: a temporary name, flushed, then renamed.
pub fn write_record(journal: &Path, record: &Record) -> Result<(), Error> {
    let temp = journal.join(format!("{RECORD}.new"));
    let _ = fs::remove_file(&temp);
    durable::write_new(&temp, record.to_toml().as_bytes(), 0o644)
        .and_then(|()| durable::rename(&temp, &journal.join(RECORD)))
        .and_then(|()| durable::sync_dir(journal))
        .map_err(|e| Error::io("write", journal.join(RECORD), e))
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_meta: &fs::Metadata) -> u32 {
    0o644
}
