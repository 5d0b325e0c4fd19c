//! The `doctor` command: checks the toolchain (Go, Packer, git) and, inside a generated
//! repository, that its names agree everywhere and that its generated files are current. Each
//! check passes, fails or is skipped, with the command that fixes a failure.

mod check;
mod generated;
mod includes;
mod makefile;
mod pages;
mod repository;
mod toolchain;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::manifest::FILE_NAME;
use crate::error::Error;
use crate::fs::repo;
use crate::ui::output;
use crate::ui::report::Format;
use check::{Check, CheckStatus, skip};

#[derive(Serialize)]
struct DoctorReport<'a> {
    schema: &'static str,
    checks: &'a [Check],
}

pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let dir = checked_dir(dir)?;
    let root = match repo::open_for_reading(&dir) {
        Ok(root) => Some(root),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };
    // Files that are no regular files (a FIFO, /dev/zero) are refused here as elsewhere.
    let go_mod = match root.as_deref() {
        Some(r) => repo::read_text(r, "go.mod")?,
        None => None,
    };
    let mut checks = toolchain::checks(go_mod.as_deref());
    let go_ok = checks
        .iter()
        .any(|c| c.name == "go" && c.status == CheckStatus::Pass);
    match &root {
        Some(root) if root.join(FILE_NAME).symlink_metadata().is_ok() => {
            checks.extend(repository::checks(root, go_ok)?)
        }
        _ => checks.push(skip(
            "repository",
            "no .packer-scaffold.toml at or above this directory",
        )),
    }
    match format {
        Format::Text => output::print(&check::text(&checks)),
        Format::Json => output::print_json(&DoctorReport {
            schema: "packer-scaffold.doctor.v1",
            checks: &checks,
        }),
    }?;
    match checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .count()
    {
        0 => Ok(()),
        failed => Err(Error::ChecksFailed { failed }),
    }
}

/// The directory to check as a real path (`..` and symlinks resolved, so the folder check
/// sees the folder's name); refused when it is not a directory.
fn checked_dir(dir: &Path) -> Result<PathBuf, Error> {
    let invalid = |problem: &str| Error::InvalidInput {
        what: "directory".into(),
        value: dir.display().to_string(),
        problem: problem.into(),
        help: "pass a folder of the plugin repository, or nothing for the current directory".into(),
    };
    if !dir.exists() {
        return Err(invalid("it does not exist"));
    }
    if !dir.is_dir() {
        return Err(invalid("it is not a directory"));
    }
    dir.canonicalize()
        .map_err(|e| Error::io("resolve the path", dir, e))
}
