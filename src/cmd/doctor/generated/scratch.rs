//! The temporary folder the repository is copied into, removed when dropped, and the copies
//! left by doctors killed outright, removed by the next one.

use std::fs;
use std::path::{Path, PathBuf};

/// The name of a copy: this prefix, the pid of the doctor that made it, and a nonce.
const SCRATCH_PREFIX: &str = "packer-scaffold-doctor-";

/// A temporary directory, removed when dropped.
pub(in crate::cmd::doctor) struct Scratch(pub(in crate::cmd::doctor) PathBuf);

impl Scratch {
    /// A new folder in the system's temporary directory, which must be there and outside
    /// `root` (a copy inside the repository would be compared with itself).
    pub(in crate::cmd::doctor) fn new(root: &Path) -> Result<Scratch, String> {
        let base = std::env::temp_dir();
        let base = std::env::current_dir()
            .map(|cwd| cwd.join(&base))
            .unwrap_or(base);
        let base = base.canonicalize().map_err(|e| {
            format!(
                "the temporary directory {} is not usable ({e}); set TMPDIR to one",
                base.display()
            )
        })?;
        if base.starts_with(root) {
            return Err(format!(
                "the temporary directory {} is inside the repository; set TMPDIR elsewhere",
                base.display()
            ));
        }
        remove_copies_of_killed_runs(&base);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let dir = base.join(format!("{SCRATCH_PREFIX}{}-{nanos}", std::process::id()));
        fs::create_dir(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Removes the copies that runs killed outright (SIGKILL) left in `base`. Only where `/proc`
/// tells which processes run: the temporary directory is shared, and a running doctor's copy
/// must stay.
pub(super) fn remove_copies_of_killed_runs(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(SCRATCH_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !crate::fs::writer::process_is_running(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
