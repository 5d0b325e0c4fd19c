//! An existing plugin repository on disk: where its root is, opening it for a command (locked
//! for a change; in every case cleared first of a change an earlier run was interrupted in),
//! and reading its files.

use std::fs;
use std::path::{Path, PathBuf};

use super::bounded::{self, Refused};
use super::journal::{self, JOURNAL_DIR};
use super::lock::{LOCK_FILE, RepoLock};
use crate::domain::manifest::{FILE_NAME, Manifest, hash};
use crate::domain::plan::FileEdit;
use crate::error::Error;
use crate::error::shell::quote;
use crate::ui::status;

/// The repository containing `start`: the nearest directory at or above it holding a
/// manifest or a `go.mod`.
pub fn find_root(start: &Path) -> Result<PathBuf, Error> {
    let absolute = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("read the current directory", start, e))?
            .join(start)
    };
    // `--dir .` and `a/./b` name the same directory without the `.`.
    let absolute: PathBuf = absolute.components().collect();
    let mut dir = absolute.as_path();
    loop {
        if dir.join(FILE_NAME).is_file() || dir.join("go.mod").is_file() {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => return Err(Error::NotARepository { dir: absolute }),
        }
    }
}

/// The repository containing `dir`, for a command that changes it: locked until the lock is
/// dropped, and cleared of an interrupted change first.
pub fn open_for_change(dir: &Path) -> Result<(PathBuf, RepoLock), Error> {
    let root = find_root(dir)?;
    let lock = RepoLock::acquire(&root)?;
    recover(&root)?;
    Ok((root, lock))
}

/// The repository containing `dir`, for a command that only reads it: an interrupted change
/// is completed or undone first, under the lock; otherwise nothing is locked or written.
pub fn open_for_reading(dir: &Path) -> Result<PathBuf, Error> {
    let root = find_root(dir)?;
    finish_interrupted(&root)?;
    Ok(root)
}

/// Completes or undoes, under the lock, a change an earlier run left in `root` when it was
/// killed, if there is one.
pub fn finish_interrupted(root: &Path) -> Result<(), Error> {
    // A lock file left by a killed run goes too: taking the lock removes it.
    let left = |name: &str| root.join(name).symlink_metadata().is_ok();
    if left(JOURNAL_DIR) || left(LOCK_FILE) {
        let _lock = RepoLock::acquire(root)?;
        recover(root)?;
    }
    Ok(())
}

/// Recovers the journal of `root`, saying what was done.
fn recover(root: &Path) -> Result<(), Error> {
    if let Some(recovery) = journal::recover(root)? {
        status::note(recovery.message());
    }
    Ok(())
}

/// Reads and checks the manifest of the repository at `root`; `None` when it has none. It must
/// be a regular file inside the repository (a link is followed only that far).
pub fn load_manifest(root: &Path) -> Result<Option<Manifest>, Error> {
    let path = root.join(FILE_NAME);
    let refuse = |problem: String| Error::InvalidInput {
        what: "manifest".into(),
        value: path.display().to_string(),
        problem,
        help: format!(
            "make {FILE_NAME} a regular file of the repository (`git checkout -- {FILE_NAME}` \
             restores it), or remove it"
        ),
    };
    let text = match bounded::read_text(&path) {
        Ok(None) => return Ok(None),
        Ok(Some(text)) => text,
        Err(refused) => return Err(refuse(format!("it {}", refused.problem()))),
    };
    let real = |p: &Path| {
        p.canonicalize()
            .map_err(|e| Error::io("resolve the path", p, e))
    };
    if !real(&path)?.starts_with(real(root)?) {
        return Err(refuse(
            "it is a link to a file outside the repository".into(),
        ));
    }
    let manifest =
        Manifest::parse(&text).map_err(|message| Error::BadManifest { path, message })?;
    Ok(Some(manifest))
}

/// After `make generate` finished on what a change wrote (`written`: each path with the bytes
/// written there), the manifest's hash of each such file it records moves to the bytes `make
/// generate` left there, so the next command takes them as written by packer-scaffold (`remove`
/// deletes them, `rename` renders them afresh), as one more journaled change of `command`. The
/// paths whose hash moved.
pub fn record_generated<'a>(
    root: &Path,
    command: &str,
    written: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<String>, Error> {
    let Some(mut manifest) = load_manifest(root)? else {
        return Ok(Vec::new());
    };
    let mut moved = Vec::new();
    for (path, bytes) in written {
        if !manifest.is_untouched(path, bytes) {
            continue;
        }
        match read_bytes(root, path)? {
            Some(now) if now != bytes => {
                manifest.files.insert(path.to_owned(), hash(&now));
                moved.push(path.to_owned());
            }
            _ => {}
        }
    }
    if moved.is_empty() {
        return Ok(moved);
    }
    // load_manifest just read it: it is there.
    let before = read_bytes(root, FILE_NAME)?.unwrap_or_default();
    let edit = FileEdit {
        path: FILE_NAME.to_owned(),
        before,
        after: manifest.to_toml().into_bytes(),
    };
    journal::apply(root, command, &[], &[edit])?;
    Ok(moved)
}

/// Reads a file of the repository as text, or `None` when it does not exist; see [`read_bytes`].
pub fn read_text(root: &Path, rel: &str) -> Result<Option<String>, Error> {
    let Some(bytes) = read_bytes(root, rel)? else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| refuse(root, rel, &Refused::NotText))
}

/// Reads a file of the repository, or `None` when it does not exist. Only a regular file (after
/// links) up to 16 MiB is read: a FIFO, a device such as `/dev/zero` or a folder at that name
/// is refused (exit 2, naming it), never waited on or read without end.
pub fn read_bytes(root: &Path, rel: &str) -> Result<Option<Vec<u8>>, Error> {
    let path = root.join(rel);
    bounded::read_bytes(&path, bounded::MAX_REPO_BYTES).map_err(|refused| match refused {
        Refused::Io(e) => Error::io("read", &path, e),
        other => refuse(root, rel, &other),
    })
}

/// A repository file that is no file the tool reads.
fn refuse(root: &Path, rel: &str, refused: &Refused) -> Error {
    Error::InvalidInput {
        what: "repository file".into(),
        value: root.join(rel).display().to_string(),
        problem: format!("it {}", refused.problem()),
        help: format!(
            "make {rel} a regular text file of the repository (`git checkout -- {}` restores \
             it), then run the command again",
            quote(rel)
        ),
    }
}

/// The module path declared by a go.mod file.
pub fn module_path(go_mod: &str) -> Option<String> {
    go_mod.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let path = rest.split("//").next()?.trim().trim_matches('"');
        (!path.is_empty()).then(|| path.to_owned())
    })
}

/// Every regular file under `dir` (relative to `root`), `/`-separated, sorted; none when `dir`
/// is not there. Links are not followed.
pub fn files_under(root: &Path, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(at) = pending.pop() {
        let Ok(entries) = fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind) if kind.is_file() => {
                    if let Ok(rel) = path.strip_prefix(root) {
                        out.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// A file's permission bits (0o644 where the platform has none, or the file is not there).
pub fn mode_of(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(path) {
            return meta.permissions().mode() & 0o7777;
        }
    }
    let _ = path;
    0o644
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_module_path_of_go_mod() {
        assert_eq!(
            module_path("// c\nmodule github.com/a/packer-plugin-b // x\n\ngo 1.25\n").as_deref(),
            Some("github.com/a/packer-plugin-b")
        );
        assert_eq!(module_path("modules x\n"), None);
    }

    #[test]
    fn finds_the_root_above_a_subdirectory() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(tmp.path().join("go.mod"), "module x\n").unwrap();
        fs::create_dir_all(tmp.path().join("builder/x")).unwrap();
        assert_eq!(
            find_root(&tmp.path().join("builder/x")).unwrap(),
            tmp.path()
        );
    }
}
