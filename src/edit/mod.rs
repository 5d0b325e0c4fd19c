//! Structure-aware edits of files that already exist: `main.go` by Go tokens, Markdown lists,
//! tables and README.md's section on the full skeleton, HCL blocks; the edits `add` makes for a component, as data (`component`); and
//! their undoing (`undo`). Each takes text and returns text (or where to edit by hand); none
//! touches the disk.

pub mod component;
pub mod edit_point;
pub mod go;
pub mod hcl;
pub mod markdown;
pub mod readme_section;
pub mod undo;
