//! Which of the repository's files the copy takes (what git tracks or would add, at the top
//! of a work tree; else every file), and copying them: `.git`, build output and the plugin
//! binary are left out, and the repository itself is only read.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::process::run::Run;

/// What the copy leaves out: `.git`, build output, and the scratch folder of `make generate`.
pub(super) struct Skipped {
    binaries: [String; 2],
}

impl Skipped {
    pub(super) fn new(binary: &str) -> Skipped {
        Skipped {
            binaries: [binary.to_owned(), format!("{binary}.exe")],
        }
    }

    pub(super) fn skips(&self, path: &Path, top: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(top) else {
            return false;
        };
        let rel = rel.to_string_lossy();
        matches!(rel.as_ref(), ".git" | "dist" | ".docs") || self.binaries.iter().any(|b| *b == rel)
    }
}

/// An I/O error with the path it happened at.
pub(super) fn at(path: &Path) -> impl FnOnce(io::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

/// Every file under `top` that the copy holds, as paths relative to `top`, sorted.
pub(super) fn files(top: &Path, skipped: &Skipped) -> Result<BTreeSet<PathBuf>, String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![top.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(at(&dir))? {
            let path = entry.map_err(at(&dir))?.path();
            if skipped.skips(&path, top) {
                continue;
            }
            // Follows symlinks: a linked file is compared by its content; a linked folder is
            // left out, so a link loop cannot trap the walk, and so is a dangling link, which
            // nothing can read.
            let link = fs::symlink_metadata(&path)
                .map_err(at(&path))?
                .file_type()
                .is_symlink();
            let meta = match fs::metadata(&path) {
                Err(e) if link && e.kind() == io::ErrorKind::NotFound => continue,
                other => other.map_err(at(&path))?,
            };
            if meta.is_dir() && !link {
                pending.push(path);
            } else if meta.is_file() {
                found.insert(path.strip_prefix(top).unwrap_or(&path).to_owned());
            }
        }
    }
    Ok(found)
}

/// The files of the repository that the copy takes, relative to its root.
pub(super) struct Sources {
    pub(super) files: BTreeSet<PathBuf>,
    /// Whether git chose them: then git also says which new files to ignore.
    from_git: bool,
}

impl Sources {
    /// When the repository is the top of a git work tree, the files git tracks or would add
    /// (not those it ignores: build output, Packer caches and images can be large); else
    /// every file (a folder of a larger repository may be ignored there as a whole).
    pub(super) fn of(root: &Path, skipped: &Skipped) -> Result<Sources, String> {
        let listed = is_git_top(root).then(|| {
            git_lines(
                root,
                &[
                    "ls-files",
                    "-z",
                    "--cached",
                    "--others",
                    "--exclude-standard",
                ],
                b"",
            )
        });
        let Some(Some(listed)) = listed else {
            return Ok(Sources {
                files: files(root, skipped)?,
                from_git: false,
            });
        };
        let files = listed
            .into_iter()
            .filter(|rel| {
                !skipped.skips(&root.join(rel), root) && !under_skipped(rel, root, skipped)
            })
            // A tracked file deleted since, a submodule or a dangling link: nothing to copy.
            .filter(|rel| fs::metadata(root.join(rel)).is_ok_and(|m| m.is_file()))
            .collect();
        Ok(Sources {
            files,
            from_git: true,
        })
    }

    /// Of `created` (paths relative to the root), those git would not ignore.
    pub(super) fn not_ignored(&self, root: &Path, created: Vec<PathBuf>) -> Vec<PathBuf> {
        if !self.from_git || created.is_empty() {
            return created;
        }
        let mut input = Vec::new();
        for rel in &created {
            input.extend_from_slice(rel.to_string_lossy().as_bytes());
            input.push(0);
        }
        let ignored: BTreeSet<PathBuf> =
            git_lines(root, &["check-ignore", "-z", "--stdin"], &input)
                .unwrap_or_default()
                .into_iter()
                .collect();
        created
            .into_iter()
            .filter(|rel| !ignored.contains(rel))
            .collect()
    }
}

/// Whether `root` is the top folder of a git work tree.
pub(super) fn is_git_top(root: &Path) -> bool {
    let Ok(output) = Run::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .dir(root)
        .output()
    else {
        return false;
    };
    let top = String::from_utf8_lossy(&output.stdout);
    output.status.success()
        && Path::new(top.trim_end_matches('\n'))
            .canonicalize()
            .is_ok_and(|top| top == root)
}

/// Whether a path git listed lies inside a folder the copy leaves out (`dist/x`).
pub(super) fn under_skipped(rel: &Path, root: &Path, skipped: &Skipped) -> bool {
    rel.ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| skipped.skips(&root.join(a), root))
}

/// The NUL-separated paths `git <args>` prints in `dir`, given `input`; `None` when git is
/// missing or `dir` is not in a work tree. `check-ignore` exits 1 when it prints nothing.
pub(super) fn git_lines(dir: &Path, args: &[&str], input: &[u8]) -> Option<Vec<PathBuf>> {
    let output = Run::new("git")
        .args(args)
        .dir(dir)
        .input(input)
        .output()
        .ok()?;
    if !matches!(output.status.code(), Some(0 | 1)) {
        return None;
    }
    Some(
        output
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .collect(),
    )
}

pub(super) fn copy_tree(from: &Path, to: &Path, sources: &Sources) -> Result<(), String> {
    for rel in &sources.files {
        let (source, target) = (from.join(rel), to.join(rel));
        // Only regular files: git may list a path where a FIFO now is, and copying one waits.
        if !fs::metadata(&source).is_ok_and(|m| m.is_file()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        // fs::copy keeps the mode, so the docs script stays executable; a read-only file
        // becomes writable, as `make generate` must be able to rewrite it in the copy.
        fs::copy(&source, &target).map_err(at(&source))?;
        let mut permissions = fs::metadata(&target).map_err(at(&target))?.permissions();
        if permissions.readonly() {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                permissions.set_mode(permissions.mode() | 0o200);
            }
            #[cfg(not(unix))]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions).map_err(at(&target))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_leaves_out_git_build_output_and_the_binary() {
        let skipped = Skipped::new("packer-plugin-x");
        for left_out in [
            ".git",
            "dist",
            ".docs",
            "packer-plugin-x",
            "packer-plugin-x.exe",
        ] {
            assert!(skipped.skips(&Path::new("/r").join(left_out), Path::new("/r")));
        }
        for kept in ["docs", "builder/x/dist", "main.go"] {
            assert!(!skipped.skips(&Path::new("/r").join(kept), Path::new("/r")));
        }
    }
}
