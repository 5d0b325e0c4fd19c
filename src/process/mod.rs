//! Other processes and signals: go, git and make run as children, the steps after writing
//! (`go mod tidy`, `git init`), and Ctrl-C/SIGTERM handling.

pub mod git;
pub mod interrupt;
pub mod post_steps;
pub mod run;
