//! Each command's change, planned in memory from its resolved spec: the files to create, edit
//! and delete, with their bytes before and after, and what is left to do by hand. Nothing here
//! writes; `cmd` presents a plan and applies it. One module per command; `remove` plans a
//! `--default-to` hand-over with `rename`'s plan, so plans share this layer, not `cmd`.

pub mod add;
pub mod new;
pub mod remove;
pub mod rename;
pub mod upgrade;
pub mod web_docs;
