//! The embedded template set and rendering it: a plugin model in, an in-memory plan out.
//! Pure: nothing here touches the disk.

pub mod engine;
pub mod filters;
pub mod needed;
pub mod renderer;
pub mod sdk_partials;
pub mod shards;
pub mod templates;
pub mod text_runs;
