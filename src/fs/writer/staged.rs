//! Files added to an existing repository: every new byte staged in a hidden file beside its
//! target, then all moved into place; a file to create that exists is refused, never
//! overwritten, and a failure part way undoes what was moved.

use std::fs;
use std::path::{Path, PathBuf};

use super::destination::files_in_the_way;
use super::guard::{check_interrupt, fault_delay};
use super::leftovers::{remove_leftovers, temp_file_for};
use super::mode::{current_mode, set_mode};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::error::Error;
use crate::process::interrupt::Writing;

/// Creates `creates` and applies `edits` under `root`, all or nothing: every new byte is first
/// written to a hidden temporary file beside its target; only when all are written are they
/// moved into place. A file to create that exists is refused, never overwritten. If moving
/// fails part way, what was moved is undone.
pub fn apply(root: &Path, creates: &[PlannedFile], edits: &[FileEdit]) -> Result<(), Error> {
    let existing: Vec<String> = creates
        .iter()
        .filter(|f| root.join(&f.path).symlink_metadata().is_ok())
        .map(|f| f.path.clone())
        .collect();
    if !existing.is_empty() {
        return Err(Error::PathsExist { paths: existing });
    }
    let in_the_way = files_in_the_way(
        root,
        creates
            .iter()
            .map(|f| f.path.as_str())
            .chain(edits.iter().map(|e| e.path.as_str())),
    );
    if !in_the_way.is_empty() {
        return Err(Error::FilesInTheWay {
            root: root.to_owned(),
            paths: in_the_way,
        });
    }
    let mut staged = Staged::default();
    let _writing = Writing::start();
    let result = stage(root, creates, edits, &mut staged).and_then(|()| staged.commit());
    if result.is_err() {
        staged.roll_back();
    }
    result
}

/// What `apply` has done so far, so it can be undone.
#[derive(Default)]
struct Staged {
    /// Directories created, outermost first.
    dirs: Vec<PathBuf>,
    /// (temporary file, target, original bytes for an edit).
    files: Vec<(PathBuf, PathBuf, Option<Vec<u8>>)>,
    /// How many of `files` are in place.
    committed: usize,
}

fn stage(
    root: &Path,
    creates: &[PlannedFile],
    edits: &[FileEdit],
    staged: &mut Staged,
) -> Result<(), Error> {
    for file in creates {
        let target = root.join(&file.path);
        if let Some(dir) = target.parent() {
            remove_leftovers(dir, &target);
        }
        create_parents(root, &target, staged)?;
        let temp = temp_file_for(&target);
        staged.files.push((temp.clone(), target, None));
        fs::write(&temp, &file.contents).map_err(|e| Error::io("write", &temp, e))?;
        set_mode(&temp, file.mode)?;
        fault_delay();
        check_interrupt()?;
    }
    for edit in edits {
        let target = root.join(&edit.path);
        if let Some(dir) = target.parent() {
            remove_leftovers(dir, &target);
        }
        let mode = current_mode(&target)?;
        let temp = temp_file_for(&target);
        staged
            .files
            .push((temp.clone(), target, Some(edit.before.clone())));
        fs::write(&temp, &edit.after).map_err(|e| Error::io("write", &temp, e))?;
        set_mode(&temp, mode)?;
        check_interrupt()?;
    }
    Ok(())
}

fn create_parents(root: &Path, target: &Path, staged: &mut Staged) -> Result<(), Error> {
    let mut missing = Vec::new();
    let mut dir = target.parent();
    while let Some(d) = dir {
        if d == root || d.exists() {
            break;
        }
        missing.push(d.to_path_buf());
        dir = d.parent();
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d).map_err(|e| Error::io("create directory", &d, e))?;
        staged.dirs.push(d);
    }
    Ok(())
}

impl Staged {
    fn commit(&mut self) -> Result<(), Error> {
        for (temp, target, before) in &self.files {
            check_interrupt()?;
            match before {
                // No-clobber: a hard link fails if the target appeared meanwhile.
                None => fs::hard_link(temp, target)
                    .and_then(|()| fs::remove_file(temp))
                    .map_err(|e| Error::io("create", target, e))?,
                Some(_) => fs::rename(temp, target).map_err(|e| Error::io("replace", target, e))?,
            }
            self.committed += 1;
        }
        Ok(())
    }

    /// Puts back what was there: removes created files and directories, restores edited
    /// files, removes temporary files. Best effort: it runs after an error already.
    fn roll_back(&mut self) {
        for (i, (temp, target, before)) in self.files.iter().enumerate() {
            let _ = fs::remove_file(temp);
            if i < self.committed {
                match before {
                    None => {
                        let _ = fs::remove_file(target);
                    }
                    Some(bytes) => {
                        let _ = fs::write(target, bytes);
                    }
                }
            }
        }
        for dir in self.dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::plan;
    use super::*;

    #[test]
    fn apply_creates_and_edits_and_keeps_the_mode_of_edited_files() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("main.go"), "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(root.join("main.go"), fs::Permissions::from_mode(0o600)).unwrap();
        }
        let edit = FileEdit {
            path: "main.go".into(),
            before: b"old".to_vec(),
            after: b"new".to_vec(),
        };
        apply(root, &plan().files, &[edit]).unwrap();
        assert_eq!(fs::read(root.join("main.go")).unwrap(), b"new");
        assert_eq!(fs::read(root.join("a/b.txt")).unwrap(), b"b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(root.join("main.go"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut names: Vec<_> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["a", "main.go", "run.sh"],
            "no temporary files remain"
        );
    }

    #[test]
    fn apply_refuses_existing_paths_and_changes_nothing() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("run.sh"), "mine").unwrap();
        fs::write(root.join("main.go"), "old").unwrap();
        let edit = FileEdit {
            path: "main.go".into(),
            before: b"old".to_vec(),
            after: b"new".to_vec(),
        };
        let err = apply(root, &plan().files, &[edit]).unwrap_err();
        assert!(matches!(err, Error::PathsExist { ref paths } if paths == &["run.sh"]));
        assert_eq!(fs::read(root.join("run.sh")).unwrap(), b"mine");
        assert_eq!(fs::read(root.join("main.go")).unwrap(), b"old");
        assert!(!root.join("a").exists());
    }

    #[test]
    fn apply_undoes_everything_when_a_write_fails() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("main.go"), "old").unwrap();
        let edits = [
            FileEdit {
                path: "main.go".into(),
                before: b"old".to_vec(),
                after: b"new".to_vec(),
            },
            // Editing a file that does not exist fails while staging.
            FileEdit {
                path: "gone.go".into(),
                before: Vec::new(),
                after: b"x".to_vec(),
            },
        ];
        assert!(apply(root, &plan().files, &edits).is_err());
        let names: Vec<_> = fs::read_dir(root).unwrap().collect();
        assert_eq!(names.len(), 1, "only main.go remains");
        assert_eq!(fs::read(root.join("main.go")).unwrap(), b"old");
    }

    #[test]
    fn apply_refuses_a_file_where_a_directory_is_needed_and_changes_nothing() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("a"), "mine").unwrap();
        let err = apply(root, &plan().files, &[]).unwrap_err();
        assert!(
            matches!(err, Error::FilesInTheWay { ref paths, .. } if paths == &[("a".to_owned(), "a/b.txt".to_owned())]),
            "{err:?}"
        );
        assert_eq!(err.exit_code(), 2);
        assert_eq!(fs::read(root.join("a")).unwrap(), b"mine");
        assert_eq!(fs::read_dir(root).unwrap().count(), 1);
    }
}
