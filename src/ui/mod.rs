//! What the user sees: status lines on stderr, data on stdout, and the JSON reports.

pub mod output;
pub mod report;
pub mod status;
