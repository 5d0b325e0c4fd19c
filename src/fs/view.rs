//! A repository's files as a plan reads them: the disk, with the changes of an earlier plan of
//! the same command laid over it (`remove --default-to` plans the removal, then the successor's
//! change on top of it, and writes both at once). Nothing here writes.

use std::collections::BTreeMap;
use std::path::Path;

use super::repo;
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::error::Error;

/// The disk at `root`, with files replaced, created or deleted in memory.
#[derive(Debug, Clone)]
pub struct View<'a> {
    root: &'a Path,
    /// `/`-separated path → its bytes and mode, or `None` when deleted.
    laid: BTreeMap<String, Option<(Vec<u8>, u32)>>,
}

impl<'a> View<'a> {
    /// The disk as it is.
    pub fn disk(root: &'a Path) -> View<'a> {
        View {
            root,
            laid: BTreeMap::new(),
        }
    }

    /// This view with `deletes`, then `creates` and `edits`, laid over it.
    pub fn then(&self, creates: &[PlannedFile], edits: &[FileEdit], deletes: &[String]) -> Self {
        let mut next = self.clone();
        next.lay(creates, edits, deletes);
        next
    }

    fn lay(&mut self, creates: &[PlannedFile], edits: &[FileEdit], deletes: &[String]) {
        for path in deletes {
            self.laid.insert(path.clone(), None);
        }
        for file in creates {
            let entry = Some((file.contents.clone(), file.mode));
            self.laid.insert(file.path.clone(), entry);
        }
        for edit in edits {
            let mode = self.mode_of(&edit.path);
            self.laid
                .insert(edit.path.clone(), Some((edit.after.clone(), mode)));
        }
    }

    /// A file's bytes, or `None` when it is not there (or cannot be read: a FIFO or a device
    /// is never opened, a file over 16 MiB never read).
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        match self.laid.get(rel) {
            Some(laid) => laid.as_ref().map(|(bytes, _)| bytes.clone()),
            None => repo::read_bytes(self.root, rel).ok().flatten(),
        }
    }

    /// A file as text, or `None` when it is not there; an error when it is not UTF-8.
    pub fn read_text(&self, rel: &str) -> Result<Option<String>, Error> {
        match self.laid.get(rel) {
            None => repo::read_text(self.root, rel),
            Some(None) => Ok(None),
            Some(Some((bytes, _))) => String::from_utf8(bytes.clone()).map(Some).map_err(|_| {
                let kind = std::io::ErrorKind::InvalidData;
                Error::io("read as UTF-8", self.root.join(rel), kind.into())
            }),
        }
    }

    /// Every regular file under `dir`, `/`-separated, sorted (see [`repo::files_under`]).
    pub fn files_under(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{dir}/");
        let mut files = repo::files_under(self.root, dir);
        files.retain(|f| !matches!(self.laid.get(f), Some(None)));
        for (path, laid) in &self.laid {
            if laid.is_some() && path.starts_with(&prefix) && !files.contains(path) {
                files.push(path.clone());
            }
        }
        files.sort();
        files
    }

    /// A file's permission bits (see [`repo::mode_of`]).
    pub fn mode_of(&self, rel: &str) -> u32 {
        match self.laid.get(rel) {
            Some(Some((_, mode))) => *mode,
            _ => repo::mode_of(&self.root.join(rel)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laid_changes_hide_and_replace_the_disk() {
        let dir = assert_fs::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/kept"), "disk").unwrap();
        std::fs::write(dir.path().join("a/gone"), "disk").unwrap();
        std::fs::write(dir.path().join("edited"), "disk").unwrap();
        let create = PlannedFile {
            path: "a/new".into(),
            template: "",
            contents: b"made".to_vec(),
            mode: 0o755,
        };
        let edit = FileEdit {
            path: "edited".into(),
            before: b"disk".to_vec(),
            after: b"changed".to_vec(),
        };
        let view = View::disk(dir.path()).then(&[create], &[edit], &["a/gone".into()]);
        assert_eq!(view.files_under("a"), ["a/kept", "a/new"]);
        assert_eq!(view.read("a/gone"), None);
        assert_eq!(view.read("a/kept").unwrap(), b"disk");
        assert_eq!(view.read_text("edited").unwrap().unwrap(), "changed");
        assert_eq!(view.mode_of("a/new"), 0o755);
        assert_eq!(View::disk(dir.path()).read("edited").unwrap(), b"disk");
    }
}
