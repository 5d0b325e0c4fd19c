//! Ctrl-C and termination signals (SIGINT, SIGTERM, SIGHUP). Outside a write they end the
//! process at once with status 130, as the default action would. While files are being written
//! they only raise a flag: the writer checks it after every file, undoes what it did and
//! returns `Error::Interrupted`, so an interrupted run leaves nothing half-written behind.
//! `doctor` defers them the same way while its temporary copy of a repository exists.

use std::sync::atomic::{AtomicBool, Ordering};

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
