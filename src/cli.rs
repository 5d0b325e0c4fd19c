//! The command line as clap sees it: raw flags, converted into typed values elsewhere.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::kind::Kind;
use crate::report::Format;

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

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file
    #[command(after_help = "\
Examples:
  packer-scaffold config path
  $EDITOR \"$(packer-scaffold config path)\"")]
    Path,
    /// Write a commented example config file (refuses to replace one)
    #[command(after_help = "\
Examples:
  packer-scaffold config init
  packer-scaffold config init --config ./team-defaults.toml")]
    Init,
}

const ADD_EXAMPLES: &str = "\
Examples:
  packer-scaffold add datasource images
  packer-scaffold add builder second --dry-run
  packer-scaffold add provisioner hello --dir ../packer-plugin-custom-cloud

The first component of a kind registers as plugin.DEFAULT_NAME, so its HCL type is the
plugin name; later ones are <plugin>-<NAME>.";

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum)]
    pub kind: Kind,

    /// The component name, e.g. images (lowercase letters, digits, single dashes)
    pub name: String,

    /// The plugin repository [default: the one containing the current directory]
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    pub dir: PathBuf,

    /// Print the files to create and a diff of every file to edit, and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Never prompt: `add` never does, so this changes nothing; it is accepted so a script can
    /// pass `new` and `add` the same flags
    #[arg(long)]
    pub no_input: bool,

    /// Skip `go mod tidy` when the module's requirements change
    #[arg(long, overrides_with = "tidy")]
    pub no_tidy: bool,

    /// Run `go mod tidy` when they change, even where config or environment say `tidy = false`
    #[arg(long, overrides_with = "no_tidy")]
    pub tidy: bool,

    /// Output on stdout: text, or one JSON object (docs/json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Without a manifest: the plugin name [default: from go.mod's module path]
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Repositories without .packer-scaffold.toml"
    )]
    pub plugin: Option<String>,

    /// Without a manifest: GitHub owner [default: from a github.com module path]
    #[arg(
        long,
        value_name = "OWNER",
        help_heading = "Repositories without .packer-scaffold.toml"
    )]
    pub org: Option<String>,

    /// Without a manifest: copyright holder [default: git's user.name]
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Repositories without .packer-scaffold.toml"
    )]
    pub author: Option<String>,

    /// Without a manifest: one-line description of the plugin
    #[arg(
        long,
        value_name = "TEXT",
        help_heading = "Repositories without .packer-scaffold.toml"
    )]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The directory to check: any folder of a plugin repository, or any other for the
    /// toolchain checks alone [default: the current one]
    #[arg(default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,

    /// Output on stdout: text, or one JSON object (docs/json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The plugin repository [default: the one containing the current directory]
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    pub dir: PathBuf,

    /// Output on stdout: text, or one JSON object (docs/json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The first kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum)]
    pub kind: Kind,

    /// The plugin name, e.g. custom-cloud (lowercase letters, digits, single dashes)
    pub name: String,

    /// Add another kind of component to the plugin (repeatable; replaces config `kinds`)
    #[arg(long = "with", value_name = "KIND", value_enum)]
    pub with: Vec<Kind>,

    /// Include all four kinds of component
    #[arg(long)]
    pub all_kinds: bool,

    /// Where to create packer-plugin-<NAME> (or that folder itself, if DIR ends in it) [default: the current directory]
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    pub dir: PathBuf,

    /// GitHub owner (user or organization) of the repository
    #[arg(long, value_name = "OWNER")]
    pub org: Option<String>,

    /// Go module path [default: github.com/<OWNER>/packer-plugin-<NAME>]
    #[arg(long, value_name = "PATH")]
    pub module: Option<String>,

    /// Copyright holder for LICENSE and file headers [default: git's user.name]
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// One-line description of the plugin
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Never prompt; fail listing every missing value instead
    #[arg(long)]
    pub no_input: bool,

    /// Print the files that would be written, with sizes, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Write into an existing, non-empty directory: create the missing files and keep every
    /// file that is there, listing those that differ from the templates
    #[arg(long)]
    pub force: bool,

    /// Version control to initialise [default: config `vcs`, else git]
    #[arg(long, value_enum)]
    pub vcs: Option<Vcs>,

    /// Skip `go mod tidy` after writing
    #[arg(long, overrides_with = "tidy")]
    pub no_tidy: bool,

    /// Run `go mod tidy` after writing, even where config or environment say `tidy = false`
    #[arg(long, overrides_with = "no_tidy")]
    pub tidy: bool,

    /// Output on stdout: text, or one JSON object (docs/json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What `--tidy` and `--no-tidy` say, the later one winning: `None` when neither is given.
pub fn tidy_flag(tidy: bool, no_tidy: bool) -> Option<bool> {
    match (tidy, no_tidy) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Vcs {
    /// git init and a first commit
    Git,
    /// no repository
    None,
}
