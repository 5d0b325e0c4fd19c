//! File modes: each new file gets its planned mode.

use std::fs;
use std::path::Path;

use crate::error::Error;

#[cfg(unix)]
pub(super) fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io("set permissions of", path, e))
}

#[cfg(not(unix))]
pub(super) fn set_mode(_path: &Path, _mode: u32) -> Result<(), Error> {
    Ok(())
}
