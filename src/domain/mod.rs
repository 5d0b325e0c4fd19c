//! Pure data and the rules about it: the four kinds, names, the plugin model with every
//! derived name, the manifest, and plans of files to write. Nothing here touches the disk,
//! the terminal or another process.

pub mod kind;
pub mod manifest;
pub mod model;
pub mod names;
pub mod plan;
pub mod reconcile;
pub mod registration;
pub mod skeleton;
pub mod versions;
