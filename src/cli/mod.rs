//! The command line as clap sees it: raw flags, turned into a resolved spec by `resolve`.
//! Each command's arguments are in `args`, the flag groups several share in `shared`, and
//! the completion scripts and man pages generated from this definition in `completions` and
//! `man`.

mod args;
mod completions;
mod man;
pub mod shared;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use args::{
    AddArgs, ConfigCommand, DoctorArgs, ListArgs, NewArgs, RemoveArgs, RenameArgs, UpgradeArgs, Vcs,
};

pub use completions::completions;
pub use man::man_page;

const EXAMPLES: &str = "\
Examples:
  packer-scaffold new builder custom-cloud
  packer-scaffold new builder custom-cloud --with datasource --org acme
  packer-scaffold new provisioner hello --all-kinds --org acme --author \"Acme Corp\" --no-input
  packer-scaffold new datasource secrets --org acme --dry-run";

const TOP_EXAMPLES: &str = "\
Examples:
  packer-scaffold new builder custom-cloud
  packer-scaffold new builder custom-cloud --with datasource --org acme --no-input
  packer-scaffold add builder second          # inside the repository
  packer-scaffold list
  packer-scaffold doctor
  packer-scaffold completions bash > ~/.local/share/bash-completion/completions/packer-scaffold";

#[derive(Debug, Parser)]
#[command(
    name = "packer-scaffold",
    version,
    about = "Render a complete, working Packer plugin repository",
    after_help = TOP_EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Read defaults for `new` and `add` from FILE instead of the user config file
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore the user config file (environment variables still apply)
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Print only warnings and errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new plugin repository in <DIR>/packer-plugin-<NAME>
    #[command(after_help = EXAMPLES)]
    New(NewArgs),
    /// Add a component to an existing plugin repository
    #[command(after_help = ADD_EXAMPLES)]
    Add(AddArgs),
    /// Remove a component from a plugin repository: its registration, docs and files
    #[command(after_help = REMOVE_EXAMPLES)]
    Remove(RemoveArgs),
    /// Rename a component: its folder, package, files, registration and docs
    #[command(after_help = RENAME_EXAMPLES)]
    Rename(RenameArgs),
    /// Bring a repository to the current templates, offline, keeping your edits (three-way)
    #[command(after_help = UPGRADE_EXAMPLES)]
    Upgrade(UpgradeArgs),
    /// List the components of a plugin repository, checked against main.go
    #[command(
        after_help = "Examples:\n  packer-scaffold list\n  packer-scaffold list --dir ../packer-plugin-custom-cloud --format json"
    )]
    List(ListArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "\
Examples:
  packer-scaffold completions bash > ~/.local/share/bash-completion/completions/packer-scaffold
  packer-scaffold completions zsh > ~/.zfunc/_packer-scaffold
  packer-scaffold completions fish > ~/.config/fish/completions/packer-scaffold.fish")]
    Completions {
        /// bash, zsh, fish, powershell or elvish
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of packer-scaffold, or of one of its commands
    #[command(after_help = "\
Examples:
  packer-scaffold man | man -l -
  packer-scaffold man new | man -l -
  packer-scaffold man > ~/.local/share/man/man1/packer-scaffold.1
  packer-scaffold man config init > ~/.local/share/man/man1/packer-scaffold-config-init.1")]
    Man {
        /// The command whose page to print, e.g. `new` or `config init` [default: the main page]
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Check the toolchain and a generated repository (names agree, generated files current)
    #[command(
        long_about = "Check the toolchain and a generated repository: names agree everywhere, and \
the generated files are current. For that, doctor runs the repository's own `make generate` \
in a temporary copy (working directory, -C and PWD all the copy); only run it in a repository \
whose GNUmakefile you trust.",
        after_help = "Examples:\n  packer-scaffold doctor\n  packer-scaffold doctor ../packer-plugin-custom-cloud --format json"
    )]
    Doctor(DoctorArgs),
    /// Show where the user config file is, or write a commented example there
    #[command(
        subcommand,
        after_help = "Examples:\n  packer-scaffold config path\n  packer-scaffold config init\n  PACKER_SCAFFOLD_ORG=acme packer-scaffold new builder custom-cloud"
    )]
    Config(ConfigCommand),
}

const REMOVE_EXAMPLES: &str = "\
Examples:
  packer-scaffold remove datasource images
  packer-scaffold remove builder second --dry-run
  packer-scaffold remove provisioner hello --force
  packer-scaffold remove builder custom-cloud --default-to vm

Files packer-scaffold wrote and nobody changed since are deleted; changed ones are listed and
kept, unless --force. A kind's default component (HCL type = the plugin name) is removed while
the kind has others only with --default-to OTHER, which makes OTHER the default: its HCL type
becomes the plugin name. The last component of a plugin cannot be removed at all.";

const UPGRADE_EXAMPLES: &str = "\
Examples:
  packer-scaffold upgrade --dry-run
  packer-scaffold upgrade
  packer-scaffold upgrade --check          # in CI: exit 1 when behind the templates

Each file packer-scaffold wrote is compared three ways: as the templates that made the
repository wrote it (from the binary's own history: no network, no git), as it is now, and as
the current templates write it. Files you did not change are replaced; files only you changed
are kept; where both changed, the changes are merged, and where both changed the same lines,
the file gets <<<<<<< / >>>>>>> markers and upgrade exits 1. Generated files are rebuilt with
`make generate`, go.mod's requirements are raised (never lowered) and `go mod tidy` runs.
Refused with uncommitted changes unless --allow-dirty.";

const RENAME_EXAMPLES: &str = "\
Examples:
  packer-scaffold rename builder second vm
  packer-scaffold rename datasource images image-list --dry-run

A component other than its kind's default changes its HCL type (<plugin>-<NEW>): templates that
use the old type break, and for a component already released the CHANGELOG says so. Files
changed since packer-scaffold wrote them are moved, their text edited only where the old
package, path or HCL type appears, then `make generate` runs (--no-generate leaves it to you).";

const ADD_EXAMPLES: &str = "\
Examples:
  packer-scaffold add datasource images
  packer-scaffold add builder second --dry-run
  packer-scaffold add provisioner hello --dir ../packer-plugin-custom-cloud

The first component of a kind registers as plugin.DEFAULT_NAME, so its HCL type is the
plugin name; later ones are <plugin>-<NAME>.";
