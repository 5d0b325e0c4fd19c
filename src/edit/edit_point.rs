//! The one failure every structure-aware edit shares: the place to edit was not found, with
//! the exact text to add by hand and where.

use std::fmt;

/// An edit point that could not be found; says what to add by hand and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingEditPoint {
    /// What was not found, e.g. "the call to plugin.NewSet()".
    pub what: String,
    /// The exact lines to add by hand, and where.
    pub instructions: String,
}

impl fmt::Display for MissingEditPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not find {}; {}", self.what, self.instructions)
    }
}

impl std::error::Error for MissingEditPoint {}
