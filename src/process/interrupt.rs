//! Ctrl-C and termination signals (SIGINT, SIGTERM, SIGHUP). Outside a write they end the
//! process at once with status 130, as the default action would. While files are being written
//! they only raise a flag: the writer checks it after every file, undoes what it did and
//! returns `Error::Interrupted`, so an interrupted run leaves nothing half-written behind.
//! `doctor` defers them the same way while its temporary copy of a repository exists.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Error;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static WRITING: AtomicBool = AtomicBool::new(false);

/// Installs the handler once per process: outside a write, a signal calls `idle`, which ends
/// the process (the top-level `run` decides how). Failing to install it (another handler is
/// already there, as in tests) leaves the default behaviour, which is still safe for what is
/// on disk thanks to the temporary-directory writes and the leftover cleanup.
pub fn install(idle: fn() -> !) {
    let _ = ctrlc::set_handler(move || {
        REQUESTED.store(true, Ordering::SeqCst);
        if !WRITING.load(Ordering::SeqCst) {
            idle();
        }
    });
}

/// Whether an interrupt arrived during the current write.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// After a change was written in full: an interrupt that arrived during it ends the command
/// here, as `Error::InterruptedAfterWrite` naming `dest` and the steps that will not run (the
/// change itself is complete).
pub fn after_write(dest: &std::path::Path, skipped: Vec<&'static str>) -> Result<(), Error> {
    if !requested() {
        return Ok(());
    }
    Err(Error::InterruptedAfterWrite {
        dest: dest.to_path_buf(),
        skipped,
    })
}

/// Marks a write (or another step that must clean up after itself) in progress until
/// dropped: signals are then deferred to the code that holds it.
pub struct Writing(());

impl Writing {
    pub fn start() -> Writing {
        WRITING.store(true, Ordering::SeqCst);
        Writing(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.store(false, Ordering::SeqCst);
    }
}
