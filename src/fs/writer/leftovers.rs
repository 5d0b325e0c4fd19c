//! Temporary files and directories, named so that a leftover of a run killed outright is
//! recognisable, and removed by the next run (never one a running process still owns).

use std::fs;
use std::path::{Path, PathBuf};

/// Marker in the name of temporary directories, so a leftover is recognisable.
pub const TEMP_MARKER: &str = ".packer-scaffold-tmp-";

/// Removes the temporary directories or files that earlier runs writing `dest` left when they
/// were killed outright (a process that is still running keeps its own).
pub(super) fn remove_leftovers(parent: &Path, dest: &Path) -> Vec<PathBuf> {
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
pub fn process_is_running(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

pub(super) fn temp_dir_for(parent: &Path, dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent.join(format!(".{name}{TEMP_MARKER}{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
