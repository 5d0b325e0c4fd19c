//! A new repository, written into a hidden sibling directory and renamed into place, so the
//! destination either does not exist or is complete.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::destination::check_destination;
use super::guard::{check_interrupt, fault_delay};
use super::leftovers::{remove_leftovers, temp_dir_for};
use super::mode::Creator;
use crate::domain::plan::Plan;
use crate::error::Error;
use crate::process::interrupt::Writing;

/// Writes `plan` as the new directory `dest`, which must not exist (an empty folder is filled
/// through `fs::journal` instead, so its owner, mode and mount survive). On any error or
/// interrupt the destination is left as it was and the temporary directory is removed.
/// Returns the leftovers of earlier, killed runs that were removed first.
pub fn write_new(dest: &Path, plan: &Plan) -> Result<Vec<std::path::PathBuf>, Error> {
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

/// Writes every file of `plan` under the new directory `root`: each directory made once, each
/// file created with its mode.
fn write_tree(root: &Path, plan: &Plan) -> Result<(), Error> {
    fs::create_dir(root).map_err(|e| Error::io("create directory", root, e))?;
    let mut made: HashSet<PathBuf> = HashSet::from([root.to_owned()]);
    let mut creator = Creator::default();
    for file in &plan.files {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent().filter(|d| !made.contains(*d)) {
            fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
            made.extend(dir.ancestors().map(Path::to_owned));
        }
        creator.create(&path, &file.contents, file.mode)?;
        fault_delay();
        check_interrupt()?;
    }
    Ok(())
}

/// Renames the finished tree to `dest`, which must not exist: a folder that appeared meanwhile
/// (another run's) is never replaced.
fn move_into_place(temp: &Path, dest: &Path) -> Result<(), Error> {
    if dest.symlink_metadata().is_ok() {
        return Err(Error::CreatedMeanwhile {
            dest: dest.to_owned(),
        });
    }
    fs::rename(temp, dest).map_err(|e| match e.kind() {
        std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists => {
            Error::CreatedMeanwhile {
                dest: dest.to_owned(),
            }
        }
        _ => Error::io("move into place", dest, e),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::plan;
    use super::*;
    use crate::domain::plan::PlannedFile;

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

    /// Modes a usual umask (022) takes bits from at creation are set again, on every file.
    #[cfg(unix)]
    #[test]
    fn modes_the_umask_would_change_are_exact_on_every_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        let mut planned = plan();
        for (path, mode) in [("w/one", 0o666), ("w/two", 0o666), ("x/three", 0o777)] {
            planned.files.push(PlannedFile {
                path: path.into(),
                template: "t",
                contents: b"m".to_vec(),
                mode,
            });
        }
        write_new(&dest, &planned).unwrap();
        for (path, mode) in [("w/one", 0o666), ("w/two", 0o666), ("x/three", 0o777)] {
            let got = fs::metadata(dest.join(path)).unwrap().permissions().mode() & 0o7777;
            assert_eq!(got, mode, "{path}");
        }
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
    fn a_folder_that_appeared_meanwhile_is_never_replaced() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dest = tmp.path().join("repo");
        fs::create_dir(&dest).unwrap();
        let err = write_new(&dest, &plan()).unwrap_err();
        assert!(matches!(err, Error::CreatedMeanwhile { .. }), "{err:?}");
        assert_eq!(fs::read_dir(&dest).unwrap().count(), 0);
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temporary folder left"
        );
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
