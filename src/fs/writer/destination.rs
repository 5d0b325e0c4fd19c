//! Where a new repository may go: a symlink followed, a file or a non-empty directory
//! refused, and files that sit where a planned path needs a directory found before anything
//! is written.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::domain::manifest;
use crate::error::Error;

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
                    repository: fs::symlink_metadata(dest.join(manifest::FILE_NAME)).is_ok(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
