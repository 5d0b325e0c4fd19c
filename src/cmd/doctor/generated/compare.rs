//! The repository against the copy `make generate` ran in: every file it would change, create
//! or remove (new files git ignores do not count), compared a block at a time.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::copy::{Skipped, Sources, at, files};

/// How many differing paths a failure names before it says "and N more".
const SHOWN: usize = 6;

/// The paths `make generate` created, changed or removed, each with what happened.
pub(super) fn differences(
    root: &Path,
    copy: &Path,
    sources: &Sources,
    skipped: &Skipped,
) -> Result<Vec<String>, String> {
    let before = &sources.files;
    let mut after = files(copy, skipped)?;
    let created: Vec<PathBuf> = after.difference(before).cloned().collect();
    let kept: BTreeSet<PathBuf> = sources.not_ignored(root, created).into_iter().collect();
    after.retain(|rel| before.contains(rel) || kept.contains(rel));
    let mut stale = Vec::new();
    for rel in before.union(&after) {
        let shown = rel.to_string_lossy().replace('\\', "/");
        match (before.contains(rel), after.contains(rel)) {
            (true, true) => {
                if !same_bytes(&root.join(rel), &copy.join(rel))? {
                    stale.push(shown);
                }
            }
            (false, _) => stale.push(format!("{shown} (would be created)")),
            (_, false) => stale.push(format!("{shown} (would be removed)")),
        }
    }
    Ok(stale)
}

/// Whether two files hold the same bytes, read a block at a time (a repository may hold
/// large files that are no business of `make generate`).
pub(super) fn same_bytes(a: &Path, b: &Path) -> Result<bool, String> {
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).map_err(at(p));
    if size(a)? != size(b)? {
        return Ok(false);
    }
    let mut readers = [
        io::BufReader::new(fs::File::open(a).map_err(at(a))?),
        io::BufReader::new(fs::File::open(b).map_err(at(b))?),
    ];
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = read_full(&mut readers[0], &mut x).map_err(at(a))?;
        let m = read_full(&mut readers[1], &mut y).map_err(at(b))?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the reader allows; fewer bytes only at the end.
pub(super) fn read_full(reader: &mut impl io::Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

pub(super) fn stale_detail(stale: &[String]) -> String {
    let mut detail = format!(
        "`make generate` would change {}",
        stale
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    if stale.len() > SHOWN {
        detail.push_str(&format!(" and {} more", stale.len() - SHOWN));
    }
    detail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_stale_files_is_cut_short() {
        let stale: Vec<String> = (0..9).map(|i| format!("f{i}")).collect();
        assert_eq!(
            stale_detail(&stale),
            "`make generate` would change f0, f1, f2, f3, f4, f5 and 3 more"
        );
    }
}
