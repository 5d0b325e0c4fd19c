//! packer-scaffold renders a complete, working Packer plugin repository from templates
//! embedded in the binary, then grows and checks it. The code is layered; each folder is one
//! layer and may use only the layers listed after it (docs/architecture.md draws the map):
//!
//! - `app`: parses the command line, runs one command, turns its result into the exit status.
//! - `cmd`: one module per command, each `run` reading resolve → plan → present → apply.
//! - `plan`: each command's change planned in memory from its resolved spec, nothing written.
//! - `cli`: the command line as clap sees it, its shared flag groups, completions, man pages.
//! - `resolve`: flags, environment, config file, git and prompts layered into one typed spec.
//! - `ui`: status lines on stderr, data on stdout, JSON reports.
//! - `process`: child processes (go, git, make), post-write steps, signals.
//! - `fs`: the all-or-nothing writer and finding a repository on disk.
//! - `edit`: structure-aware edits of existing files (Go, Markdown, HCL).
//! - `render`: the embedded templates rendered into an in-memory plan.
//! - `domain`: kinds, names, the plugin model, the manifest, plans; pure data and rules.
//! - `error`: every error, its words, its `help:` line and its exit status.
//!
//! The library exists for the binary, the integration tests and the benchmark. Everything is
//! private except `run` and the seam below; neither carries any compatibility promise.

mod app;
mod cli;
mod cmd;
mod domain;
mod edit;
mod error;
mod fs;
mod plan;
mod process;
mod render;
mod resolve;
#[cfg(test)]
mod test_support;
mod ui;

pub use app::run;

// The seam the integration tests (tests/it) and the benchmark (tests/bench) reach in through:
// rendering without the binary, and the rules a property test drives directly.
pub use domain::kind::Kind;
pub use domain::manifest::Manifest;
pub use domain::model::{Answers, OrgType, Plugin};
pub use domain::names::{check_free_text, check_module_path, check_plugin_name, free_text};
pub use domain::plan::Plan;
pub use domain::skeleton::Skeleton;
pub use domain::versions;
pub use error::Error;
pub use render::renderer::Renderer;
pub use render::renderer::render;
pub use render::templates::{
    Catalog, Condition, files as template_files, version as template_version,
};
