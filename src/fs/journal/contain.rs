//! What the journal may touch, checked the same way when a change is staged and when a journal
//! a killed run left is replayed: every path stays inside the repository (plain names only, no
//! link leading out of it or into `.git`) and never inside `.git`; and on replay, every staged
//! or kept file is a regular file of the journal folder, never a link.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::record::{Entry, Record};
use crate::error::Error;

/// Why a path is not one the journal may write.
#[derive(Debug)]
pub enum Escape {
    /// Not a plain relative path: empty, `..`, a root or a prefix.
    NotPlain,
    /// Inside `.git` (`at`: the folder, or a link leading into it).
    Git { at: PathBuf },
    /// `link` is a symbolic link to `goes_to`, outside the repository (or nowhere).
    Link { link: PathBuf, goes_to: PathBuf },
}

impl Escape {
    /// The error a change being staged reports.
    pub fn into_error(self, root: &Path, rel: &str) -> Error {
        match self {
            Escape::NotPlain => Error::OutsideRepository {
                link: root.join(rel),
                goes_to: root.join(rel),
            },
            Escape::Git { at } => Error::InGitFolder { path: at },
            Escape::Link { link, goes_to } => Error::OutsideRepository { link, goes_to },
        }
    }

    /// Why, in words that name `rel`, for a journal being replayed.
    fn problem(&self, rel: &str) -> String {
        match self {
            Escape::NotPlain => format!("the path `{rel}` leaves the repository"),
            Escape::Git { at } => format!("the path `{rel}` leads into `{}`", at.display()),
            Escape::Link { link, goes_to } => format!(
                "the path `{rel}` goes through `{}`, a link to `{}` outside the repository",
                link.display(),
                goes_to.display()
            ),
        }
    }
}

/// Whether one component of a path is git's folder (in any case: some file systems ignore it).
fn is_git(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.eq_ignore_ascii_case(".git"))
}

/// Checks that `rel` stays inside the repository at `root` (`real_root`: the same, links
/// resolved): plain names, none `.git`, and each folder on the way that exists a real folder
/// or a link to one inside the repository but outside `.git`. `whole`: the last name is a
/// folder and checked the same way; otherwise only the folders above it are.
pub fn path_inside(root: &Path, real_root: &Path, rel: &str, whole: bool) -> Result<(), Escape> {
    let parts: Vec<Component> = Path::new(rel).components().collect();
    if rel.is_empty() || !parts.iter().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Escape::NotPlain);
    }
    if let Some(git) = parts.iter().position(|c| is_git(c.as_os_str())) {
        let at = parts[..=git]
            .iter()
            .fold(root.to_path_buf(), |p, c| p.join(c));
        return Err(Escape::Git { at });
    }
    let folders = if whole { parts.len() } else { parts.len() - 1 };
    let mut at = root.to_path_buf();
    for part in &parts[..folders] {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Err(_) => return Ok(()), // created by the change, as a real folder
            Ok(meta) if meta.file_type().is_symlink() => link_inside(&at, real_root)?,
            Ok(_) => {}
        }
    }
    Ok(())
}

/// A link on the way must lead to a folder inside the repository, outside `.git`.
fn link_inside(link: &Path, real_root: &Path) -> Result<(), Escape> {
    let Ok(goes_to) = fs::canonicalize(link) else {
        let goes_to = fs::read_link(link).unwrap_or_else(|_| link.to_owned());
        return Err(Escape::Link {
            link: link.to_owned(),
            goes_to,
        });
    };
    match goes_to.strip_prefix(real_root) {
        Err(_) => Err(Escape::Link {
            link: link.to_owned(),
            goes_to,
        }),
        Ok(rel) if rel.components().any(|c| is_git(c.as_os_str())) => Err(Escape::Git {
            at: link.to_owned(),
        }),
        Ok(_) => Ok(()),
    }
}

/// Checks every path of a record read back after a crash, in both directions, before anything
/// is touched: what the writer would have refused is refused. The error names the entry.
pub fn check_record(root: &Path, journal: &Path, record: &Record) -> Result<(), String> {
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("`{}` cannot be resolved: {e}", root.display()))?;
    for sub in ["new", "old"] {
        match fs::symlink_metadata(journal.join(sub)) {
            Ok(meta) if !meta.file_type().is_dir() => {
                return Err(format!("`{sub}` in the journal is not a folder"));
            }
            _ => {}
        }
    }
    for dir in record.dirs.iter().chain(&record.emptied) {
        path_inside(root, &real_root, dir, true).map_err(|why| why.problem(dir))?;
    }
    for entry in &record.entries {
        check_entry(root, &real_root, journal, entry)?;
    }
    Ok(())
}

/// One file of the record: its target inside the repository and no link, its staged bytes and
/// backup regular files of the journal (or gone, moved already).
fn check_entry(root: &Path, real_root: &Path, journal: &Path, entry: &Entry) -> Result<(), String> {
    let rel = &entry.path;
    path_inside(root, real_root, rel, false).map_err(|why| why.problem(rel))?;
    match fs::symlink_metadata(root.join(rel)) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(format!("the path `{rel}` is a symbolic link"));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(format!("the path `{rel}` is not a regular file"));
        }
        _ => {}
    }
    for name in std::iter::once(&entry.staged).chain(&entry.backup) {
        match fs::symlink_metadata(journal.join(name)) {
            Ok(meta) if !meta.file_type().is_file() => {
                return Err(format!(
                    "`{name}` (for `{rel}`) is not a regular file of the journal"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}
