//! Flag groups more than one command takes, each declared once with one help text and
//! included with `#[command(flatten)]`.

use std::path::PathBuf;

use clap::Args;

use crate::ui::report::Format;

/// `--dir`: the repository a command works on.
#[derive(Debug, Clone, Args)]
pub struct RepoDir {
    /// The plugin repository [default: the one containing the current directory]
    #[arg(
        long = "dir",
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    pub path: PathBuf,
}

/// `--format`: what goes to stdout.
#[derive(Debug, Clone, Copy, Args)]
pub struct OutputFormat {
    /// Output on stdout: text, or one JSON object (docs/json.md)
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `--dry-run`: show, change nothing.
#[derive(Debug, Clone, Copy, Args)]
pub struct DryRun {
    /// Print what would change, file by file, with a diff of each edit, and change nothing
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

/// `--no-generate`: leave `make generate` to the user.
#[derive(Debug, Clone, Copy, Args)]
pub struct NoGenerate {
    /// Do not run `make generate` where the change needs it to bring the files generated
    /// from the code (HCL2 specs, docs partials, .web-docs) up to date
    #[arg(long = "no-generate")]
    pub no_generate: bool,
}

/// `--no-input`: never prompt.
#[derive(Debug, Clone, Copy, Args)]
pub struct NoInput {
    /// Never prompt; fail listing every missing value instead
    #[arg(long = "no-input")]
    pub no_input: bool,
}

/// `--tidy` and `--no-tidy`, the later one winning.
#[derive(Debug, Clone, Copy, Args)]
pub struct Tidy {
    /// Do not run `go mod tidy` after writing
    #[arg(long = "no-tidy", overrides_with = "tidy")]
    no_tidy: bool,

    /// Run `go mod tidy` after writing, even where config or environment say `tidy = false`
    #[arg(long = "tidy", overrides_with = "no_tidy")]
    tidy: bool,
}

impl Tidy {
    /// What the flags say: `None` when neither is given.
    pub fn flag(self) -> Option<bool> {
        match (self.tidy, self.no_tidy) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}
