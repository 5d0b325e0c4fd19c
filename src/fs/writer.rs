//! The one place that writes to disk: everything or nothing. A new repository is written into
//! a hidden sibling directory and renamed into place, so the destination either does not exist
//! or is complete; files added to an existing directory are staged beside their targets and
//! moved into place together. Interrupts (see `interrupt`) and errors undo what was done; a
//! leftover from a run killed outright is recognisable by name and removed by the next run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::domain::plan::{FileEdit, Plan, PlannedFile};
use crate::error::Error;
use crate::process::interrupt::{self, Writing};

/// Marker in the name of temporary directories, so a leftover is recognisable.
pub const TEMP_MARKER: &str = ".packer-scaffold-tmp-";

/// Fault injection for the reliability tests: milliseconds to pause after each file written,
/// so that a test can interrupt or kill a run part way. Unset in normal use.
const FAULT_DELAY_ENV: &str = "PACKER_SCAFFOLD_FAULT_DELAY_MS";

fn fault_delay() {
    if let Some(ms) = std::env::var(FAULT_DELAY_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Stops a write when an interrupt has arrived.
fn check_interrupt() -> Result<(), Error> {
    if interrupt::requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// The directory a destination names: a symlink is followed to the directory it points to
/// (so its contents, not the link, are what is checked and written); a link that points
/// nowhere is refused rather than replaced.
pub fn resolve_destination(dest: &Path) -> Result<PathBuf, Error> {
    match fs::symlink_metadata(dest) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(dest).map_err(|_| Error::DestinationNotADirectory {
                path: dest.to_owned(),
            })
        }
        _ => Ok(dest.to_owned()),
    }
}

/// Refuses a destination that is a file or a non-empty directory, or that cannot be created
/// because a file sits where one of its parent directories would be. Nothing is changed.
pub fn check_destination(dest: &Path) -> Result<(), Error> {
    match fs::metadata(dest) {
        Err(e) => match nearest_existing_ancestor(dest) {
            Some(file) if !file.is_dir() => Err(Error::ParentIsAFile {
                dest: dest.to_owned(),
                file,
            }),
            _ if e.kind() == io::ErrorKind::NotFound => Ok(()),
            _ => Err(Error::io("inspect", dest, e)),
        },
        Ok(meta) if !meta.is_dir() => Err(Error::DestinationNotADirectory {
            path: dest.to_owned(),
        }),
        Ok(_) => {
            let mut entries = fs::read_dir(dest).map_err(|e| Error::io("read", dest, e))?;
            if entries.next().is_some() {
                Err(Error::DestinationExists {
                    path: dest.to_owned(),
                    // symlink_metadata: a dangling link named like the manifest counts too.
                    repository: fs::symlink_metadata(dest.join(crate::domain::manifest::FILE_NAME))
                        .is_ok(),
                })
            } else {
                Ok(())
            }
        }
    }
}

/// The closest of `path`'s parents that exists (a relative path's last parent is `.`).
fn nearest_existing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| fs::symlink_metadata(a).is_ok())
        .map(Path::to_path_buf)
}

/// Entries under `root` that are not directories (nor links to one) but sit where a planned
/// path needs a directory: `(entry, the first planned path below it)`, each entry once.
pub fn files_in_the_way<'a>(
    root: &Path,
    planned: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, String)> {
    let mut in_the_way: Vec<(String, String)> = Vec::new();
    for path in planned {
        let mut prefix = PathBuf::new();
        let parents: Vec<_> = Path::new(path).components().collect();
        for part in &parents[..parents.len().saturating_sub(1)] {
            prefix.push(part);
            let full = root.join(&prefix);
            if fs::symlink_metadata(&full).is_err() {
                break;
            }
            if !full.is_dir() {
                let entry = prefix.to_string_lossy().replace('\\', "/");
                if in_the_way.iter().all(|(e, _)| *e != entry) {
                    in_the_way.push((entry, path.to_owned()));
                }
                break;
            }
        }
    }
    in_the_way
}

/// Writes `plan` as the new directory `dest`. On any error or interrupt the destination is
/// left as it was and the temporary directory is removed. Returns the leftovers of earlier,
/// killed runs that were removed first.
pub fn write_new(dest: &Path, plan: &Plan) -> Result<Vec<PathBuf>, Error> {
    check_destination(dest)?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
    let removed = remove_leftovers(parent, dest);
    let temp = temp_dir_for(parent, dest);
    let _writing = Writing::start();
    let result = write_tree(&temp, plan)
        .and_then(|()| check_interrupt())
        .and_then(|()| move_into_place(&temp, dest));
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result.map(|()| removed)
}

/// Removes the temporary directories or files that earlier runs writing `dest` left when they
/// were killed outright (a process that is still running keeps its own).
fn remove_leftovers(parent: &Path, dest: &Path) -> Vec<PathBuf> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}{TEMP_MARKER}");
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_is_running(pid) {
            let path = entry.path();
            let gone = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            if gone.is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// Whether process `pid` exists. Where `/proc` is not available, a leftover is treated as
/// stale: two runs writing the same destination at once is not a case worth guarding.
pub(crate) fn process_is_running(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

fn temp_dir_for(parent: &Path, dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent.join(format!(".{name}{TEMP_MARKER}{}", std::process::id()))
}

fn write_tree(root: &Path, plan: &Plan) -> Result<(), Error> {
    fs::create_dir(root).map_err(|e| Error::io("create directory", root, e))?;
    for file in &plan.files {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
        }
        fs::write(&path, &file.contents).map_err(|e| Error::io("write", &path, e))?;
        set_mode(&path, file.mode)?;
        fault_delay();
        check_interrupt()?;
    }
    Ok(())
}

fn move_into_place(temp: &Path, dest: &Path) -> Result<(), Error> {
    // An empty destination directory was accepted; rename cannot replace it everywhere.
    if dest.is_dir() {
        fs::remove_dir(dest).map_err(|e| Error::io("replace empty directory", dest, e))?;
    }
    fs::rename(temp, dest).map_err(|e| Error::io("move into place", dest, e))
}

/// How `new --force` fills an existing directory: what it creates, and what is already there.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fill {
    /// Planned files that do not exist yet.
    pub create: Vec<PlannedFile>,
    /// Planned paths that exist with exactly the planned bytes.
    pub identical: Vec<String>,
    /// Planned paths that exist with other contents (or as another kind of entry); kept.
    pub conflicts: Vec<String>,
    /// Files where a planned path needs a directory (see `files_in_the_way`): nothing can be
    /// written until they are moved.
    pub in_the_way: Vec<(String, String)>,
}

/// Sorts `plan` against what is in `dest`, changing nothing.
pub fn plan_fill(dest: &Path, plan: &Plan) -> Fill {
    let mut fill = Fill {
        in_the_way: files_in_the_way(dest, plan.files.iter().map(|f| f.path.as_str())),
        ..Fill::default()
    };
    for file in &plan.files {
        let path = dest.join(&file.path);
        match fs::symlink_metadata(&path) {
            Err(_) => fill.create.push(file.clone()),
            Ok(meta) if meta.is_file() && fs::read(&path).ok().as_ref() == Some(&file.contents) => {
                fill.identical.push(file.path.clone())
            }
            Ok(_) => fill.conflicts.push(file.path.clone()),
        }
    }
    fill
}

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

fn temp_file_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMP_MARKER}{}", std::process::id()))
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

#[cfg(unix)]
fn current_mode(path: &Path) -> Result<u32, Error> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o7777)
        .map_err(|e| Error::io("read", path, e))
}

#[cfg(not(unix))]
fn current_mode(_path: &Path) -> Result<u32, Error> {
    Ok(0o644)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io("set permissions of", path, e))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<(), Error> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::PlannedFile;

    fn plan() -> Plan {
        Plan {
            files: vec![
                PlannedFile {
                    path: "a/b.txt".into(),
                    template: "t",
                    contents: b"b".to_vec(),
                    mode: 0o644,
                },
                PlannedFile {
                    path: "run.sh".into(),
                    template: "t",
                    contents: b"#!/bin/sh\n".to_vec(),
                    mode: 0o755,
                },
            ],
        }
    }

    #[test]
    fn writes_every_file_with_its_mode_and_leaves_no_temp_dir() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        write_new(&dest, &plan()).unwrap();
        assert_eq!(fs::read(dest.join("a/b.txt")).unwrap(), b"b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dest.join("run.sh"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o755);
        }
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the repository remains");
    }

    #[test]
    fn refuses_a_non_empty_destination_and_changes_nothing() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("keep.txt"), "mine").unwrap();
        let err = write_new(&dest, &plan()).unwrap_err();
        assert!(matches!(err, Error::DestinationExists { .. }));
        assert_eq!(fs::read_to_string(dest.join("keep.txt")).unwrap(), "mine");
        assert_eq!(fs::read_dir(&dest).unwrap().count(), 1);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn fills_an_empty_destination_directory() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        fs::create_dir(&dest).unwrap();
        write_new(&dest, &plan()).unwrap();
        assert!(dest.join("run.sh").is_file());
    }

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
    fn leftovers_of_killed_runs_are_removed_but_not_those_of_running_ones() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::write(root.join("main.go"), "old").unwrap();
        // No process has this id: its leftover is stale. Our own id is a running process.
        let stale = root.join(format!(".main.go{TEMP_MARKER}4000000000"));
        let live = root.join(format!(".main.go{TEMP_MARKER}{}", std::process::id()));
        fs::write(&stale, "x").unwrap();
        fs::write(&live, "x").unwrap();
        let removed = remove_leftovers(root, &root.join("main.go"));
        assert_eq!(removed, std::slice::from_ref(&stale));
        assert!(!stale.exists() && live.exists());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        let mut bad = plan();
        // A file and a directory at the same path cannot both be written.
        bad.files.push(PlannedFile {
            path: "a/b.txt/c".into(),
            template: "t",
            contents: Vec::new(),
            mode: 0o644,
        });
        assert!(write_new(&dest, &bad).is_err());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_where_a_parent_of_the_destination_would_be_is_named() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(tmp.path().join("afile"), "x").unwrap();
        for dest in ["afile/repo", "afile/sub/repo"] {
            match check_destination(&tmp.path().join(dest)).unwrap_err() {
                Error::ParentIsAFile { file, .. } => assert_eq!(file, tmp.path().join("afile")),
                other => panic!("{dest}: {other:?}"),
            }
        }
        assert!(check_destination(&tmp.path().join("missing/sub/repo")).is_ok());
    }

    #[test]
    fn files_in_the_way_are_found_once_and_links_to_directories_are_not_in_the_way() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("a/real")).unwrap();
        fs::write(root.join("a/b"), "x").unwrap();
        fs::write(root.join("c"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a/real"), root.join("link")).unwrap();
        let planned = [
            "a/b/c/one.go",
            "a/b/two.go",
            "c/d.go",
            "a/real/ok.go",
            "link/ok.go",
            "c",
            "new/x.go",
        ];
        assert_eq!(
            files_in_the_way(root, planned),
            [
                ("a/b".to_owned(), "a/b/c/one.go".to_owned()),
                ("c".to_owned(), "c/d.go".to_owned())
            ]
        );
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
