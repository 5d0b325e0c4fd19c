//! The one place that writes a plan to disk: everything or nothing. A new repository is
//! written into a hidden sibling directory and renamed into place, so the destination either
//! does not exist or is complete.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::plan::Plan;

/// Marker in the name of temporary directories, so a leftover is recognisable.
pub const TEMP_MARKER: &str = ".packer-scaffold-tmp-";

/// Refuses a destination that is a file or a non-empty directory. Nothing is changed.
pub fn check_destination(dest: &Path) -> Result<(), Error> {
    match fs::metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("inspect", dest, e)),
        Ok(meta) if !meta.is_dir() => Err(Error::DestinationNotADirectory {
            path: dest.to_owned(),
        }),
        Ok(_) => {
            let mut entries = fs::read_dir(dest).map_err(|e| Error::io("read", dest, e))?;
            if entries.next().is_some() {
                Err(Error::DestinationExists {
                    path: dest.to_owned(),
                })
            } else {
                Ok(())
            }
        }
    }
}

/// Writes `plan` as the new directory `dest`. On any error the destination is left as it
/// was and the temporary directory is removed.
pub fn write_new(dest: &Path, plan: &Plan) -> Result<(), Error> {
    check_destination(dest)?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
    let temp = temp_dir_for(parent, dest);
    let result = write_tree(&temp, plan).and_then(|()| move_into_place(&temp, dest));
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result
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
    use crate::plan::PlannedFile;

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
}
