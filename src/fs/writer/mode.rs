//! File modes: the planned mode of a new file, and an edited file keeping its own.

use std::fs;
use std::path::Path;

use crate::error::Error;

#[cfg(unix)]
pub(super) fn current_mode(path: &Path) -> Result<u32, Error> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o7777)
        .map_err(|e| Error::io("read", path, e))
}

#[cfg(not(unix))]
pub(super) fn current_mode(_path: &Path) -> Result<u32, Error> {
    Ok(0o644)
}

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
