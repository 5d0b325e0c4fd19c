//! `new --force` into an existing directory: which planned files it lacks, which are there
//! with the same bytes, and which differ (kept as they are).

use std::fs;
use std::path::Path;

use super::destination::files_in_the_way;
use crate::domain::plan::{Plan, PlannedFile};
use crate::fs::bounded;

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
/// Whether the regular file at `path` holds `bytes` (read no further than their length).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let cap = bytes.len() as u64;
    bounded::read_bytes(path, cap).is_ok_and(|read| read.as_deref() == Some(bytes))
}

pub fn plan_fill(dest: &Path, plan: &Plan) -> Fill {
    let mut fill = Fill {
        in_the_way: files_in_the_way(dest, plan.files.iter().map(|f| f.path.as_str())),
        ..Fill::default()
    };
    for file in &plan.files {
        let path = dest.join(&file.path);
        match fs::symlink_metadata(&path) {
            Err(_) => fill.create.push(file.clone()),
            Ok(meta) if meta.is_file() && same_bytes(&path, &file.contents) => {
                fill.identical.push(file.path.clone())
            }
            Ok(_) => fill.conflicts.push(file.path.clone()),
        }
    }
    fill
}
