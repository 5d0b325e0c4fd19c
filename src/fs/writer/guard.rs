//! What every write checks between files: an interrupt (then it stops and undoes), and, for
//! the reliability tests, a pause after each file so a run can be interrupted part way.

use crate::error::Error;
use crate::process::interrupt;

/// Fault injection for the reliability tests: milliseconds to pause after each file written,
/// so that a test can interrupt or kill a run part way. Unset in normal use.
const FAULT_DELAY_ENV: &str = "PACKER_SCAFFOLD_FAULT_DELAY_MS";

pub fn fault_delay() {
    if let Some(ms) = std::env::var(FAULT_DELAY_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Stops a write when an interrupt has arrived.
pub fn check_interrupt() -> Result<(), Error> {
    if interrupt::requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}
