//! The embedded template set and rendering it: a plugin model in, an in-memory plan out.
//! Pure: nothing here touches the disk.

pub mod engine;
pub mod filters;
pub mod lite;
pub mod renderer;
pub mod sdk_partials;
pub mod templates;
