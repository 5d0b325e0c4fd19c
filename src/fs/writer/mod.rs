//! Writing a new repository: everything or nothing. It is written into a hidden sibling
//! directory and renamed into place (`new_dir`), so the destination either does not exist or
//! is complete. Interrupts and errors undo what was done (`guard`); a leftover from a run
//! killed outright is recognisable by name and removed by the next run (`leftovers`). Changes
//! to a repository that exists go through `fs::journal`.

mod destination;
mod fill;
pub mod guard;
mod leftovers;
mod mode;
mod new_dir;

pub use destination::{check_destination, files_in_the_way, resolve_destination};
pub use fill::{Fill, plan_fill};
pub use leftovers::process_is_running;
pub use new_dir::write_new;

#[cfg(test)]
mod tests {
    use crate::domain::plan::{Plan, PlannedFile};

    /// Two files, one of them executable, one in a folder.
    pub(super) fn plan() -> Plan {
        Plan {
            files: vec![
                PlannedFile {
                    path: "a/b.txt".into(),
                    template: "t",
                    contents: b"b".to_vec(),
                    mode: 0o644,
                },
                PlannedFile {
                    path: "run.sh".into(),
                    template: "t",
                    contents: b"#!/bin/sh\n".to_vec(),
                    mode: 0o755,
                },
            ],
        }
    }
}
