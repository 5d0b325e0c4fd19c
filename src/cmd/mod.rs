//! One module per command. Each `run` reads like a table of contents: resolve the command's
//! spec, plan every change in memory, present it (dry run, JSON or text), apply it, then run
//! the post-steps. A command never imports another command; what two share lives below.

pub mod add;
pub mod complete_names;
pub mod config;
pub mod doctor;
pub mod list;
pub mod new;
pub mod remove;
pub mod rename;
pub mod upgrade;
