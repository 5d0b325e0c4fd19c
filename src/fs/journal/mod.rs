//! Changes to an existing repository, all or nothing even when the process is killed: a
//! write-ahead journal in `.packer-scaffold.journal/` at the root.
//!
//! 1. Stage: the new bytes of every file go to `new/<n>` in the journal folder, each flushed
//!    to the disk. Nothing in the repository has changed; a crash here is undone by removing
//!    the folder.
//! 2. Prepare: `record.toml` (what goes where) is written and flushed, then renamed into place:
//!    from this instant the change is decided, and whoever finishes it completes it.
//! 3. Move: each file that exists is kept as `old/<n>` (a hard link, so no copy), then the new
//!    bytes are renamed over it; a new file is linked into place, never over a file that
//!    appeared meanwhile; a deleted file is kept as `old/<n>`, then removed, and the folders
//!    that leaves empty go too. Folders the change needs are created first.
//! 4. Finish: the folders are flushed and the journal is removed.
//!
//! `recover` runs before any command touches a repository: a journal without a record is
//! removed (the change never started), a prepared one is completed, one whose move failed is
//! put back from the backups. Each step is idempotent, so a crash during recovery is recovered
//! by the next run. Before anything is touched, every path of the record passes the checks
//! the writer makes (`contain`), in both directions; a journal that fails them is refused and
//! left as it is.

mod contain;
mod record;
mod replay;
mod stage;

use std::fs;
use std::path::Path;

use super::{bounded, durable};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::error::Error;
use crate::process::interrupt::Writing;
use record::{Record, State};

/// The journal folder's name at a repository's root.
pub const JOURNAL_DIR: &str = ".packer-scaffold.journal";
/// The record's name in the journal folder.
const RECORD: &str = "record.toml";
/// The command that made the change, written first.
const COMMAND: &str = "command";

/// What recovery did with a change an earlier run was interrupted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// It was prepared: it is now complete.
    Completed { command: String, files: usize },
    /// It had not been prepared, or a move had failed: the repository is as it was before.
    RolledBack { command: String },
}

impl Recovery {
    /// The note that tells the user.
    pub fn message(&self) -> String {
        match self {
            Recovery::Completed { command, files } => format!(
                "`{command}` was interrupted after it had decided its change: completed it \
                 ({files} file(s)) before going on"
            ),
            Recovery::RolledBack { command } => format!(
                "`{command}` was interrupted before its change was decided: undid it, the \
                 repository is as it was before"
            ),
        }
    }
}

/// Creates `creates` and applies `edits` under `root`, all or nothing, as the change of
/// `command`. The caller holds the repository's lock.
pub fn apply(
    root: &Path,
    command: &str,
    creates: &[PlannedFile],
    edits: &[FileEdit],
) -> Result<(), Error> {
    apply_with_deletes(root, command, creates, edits, &[])
}

/// [`apply`], also deleting the files `deletes` names (and the folders that leaves empty).
pub fn apply_with_deletes(
    root: &Path,
    command: &str,
    creates: &[PlannedFile],
    edits: &[FileEdit],
    deletes: &[String],
) -> Result<(), Error> {
    let plan = stage::check(root, creates, edits, deletes)?;
    let journal = root.join(JOURNAL_DIR);
    let _writing = Writing::start();
    let record = match stage::stage(&journal, command, &plan) {
        Ok(record) => record,
        Err(e) => {
            let _ = durable::remove_dir_all(&journal);
            return Err(e);
        }
    };
    // Decided: from here the change is completed, by this run or, after a crash, the next.
    if let Err(e) = replay::forward(root, &journal, &record) {
        let back = Record {
            state: State::RollingBack,
            ..record
        };
        stage::write_record(&journal, &back)?;
        replay::back(root, &journal, &back)?;
        replay::finish(root, &journal, &back)?;
        return Err(e);
    }
    replay::finish(root, &journal, &record)
}

/// Completes or undoes a change an earlier run left in `root` when it was killed; `None` when
/// there is none. The caller holds the repository's lock.
pub fn recover(root: &Path) -> Result<Option<Recovery>, Error> {
    let journal = root.join(JOURNAL_DIR);
    match fs::symlink_metadata(&journal) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("inspect", &journal, e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(bad(&journal, "it is not a folder".into()));
        }
        Ok(_) => {}
    }
    let command = read_small(&journal.join(COMMAND))
        .ok()
        .flatten()
        .map_or_else(|| "an earlier command".to_owned(), |c| c.trim().to_owned());
    let record = match read_small(&journal.join(RECORD)) {
        Ok(None) => None,
        Ok(Some(text)) => Some(Record::parse(&text).map_err(|why| refused(&journal, why))?),
        Err(why) => return Err(refused(&journal, why)),
    };
    if let Some(record) = &record {
        contain::check_record(root, &journal, record).map_err(|why| refused(&journal, why))?;
    }
    let _writing = Writing::start();
    let recovery = match &record {
        None => {
            durable::remove_dir_all(&journal).map_err(|e| Error::io("remove", &journal, e))?;
            return Ok(Some(Recovery::RolledBack { command }));
        }
        Some(r) if r.state == State::Prepared => {
            replay::forward(root, &journal, r).map_err(|e| bad(&journal, e.to_string()))?;
            Recovery::Completed {
                command,
                files: r.entries.len(),
            }
        }
        Some(r) => {
            replay::back(root, &journal, r).map_err(|e| bad(&journal, e.to_string()))?;
            Recovery::RolledBack { command }
        }
    };
    if let Some(record) = &record {
        replay::finish(root, &journal, record)?;
    }
    Ok(Some(recovery))
}

fn bad(journal: &Path, message: String) -> Error {
    Error::BadJournal {
        path: journal.to_owned(),
        message,
    }
}

/// A journal the writer could not have made: nothing of it is replayed.
fn refused(journal: &Path, message: String) -> Error {
    Error::RefusedJournal {
        path: journal.to_owned(),
        message,
    }
}

/// A text file of the journal, `None` when absent; refused when it is no regular file of a
/// sane size.
fn read_small(path: &Path) -> Result<Option<String>, String> {
    bounded::read_text(path).map_err(|refused| format!("{} {}", path.display(), refused.problem()))
}

#[cfg(test)]
mod tests;
