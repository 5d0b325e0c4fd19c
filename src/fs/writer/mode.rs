//! New files with their planned modes, set when each file is created. The process's umask may
//! take bits away at creation: the first file of each mode is checked (one `fstat`), and a
//! mode the umask changes is set again on the open file, for that file and every later one.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Creates files with exact modes, remembering for each mode whether the umask keeps it.
#[derive(Default)]
pub(super) struct Creator {
    /// Mode → whether a file created with it came out with exactly it.
    kept: HashMap<u32, bool>,
}

impl Creator {
    /// Writes `bytes` to the new file `path` (which must not exist) with exactly `mode`.
    pub(super) fn create(&mut self, path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        let mut file = options
            .open(path)
            .map_err(|e| Error::io("write", path, e))?;
        file.write_all(bytes)
            .map_err(|e| Error::io("write", path, e))?;
        self.exact_mode(&file, mode)
            .map_err(|e| Error::io("set permissions of", path, e))
    }

    #[cfg(unix)]
    fn exact_mode(&mut self, file: &File, mode: u32) -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let kept = match self.kept.get(&mode) {
            Some(&kept) => kept,
            None => {
                let kept = file.metadata()?.permissions().mode() & 0o7777 == mode;
                *self.kept.entry(mode).or_insert(kept)
            }
        };
        if kept {
            return Ok(());
        }
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    #[cfg(not(unix))]
    fn exact_mode(&mut self, _file: &File, _mode: u32) -> std::io::Result<()> {
        Ok(())
    }
}
