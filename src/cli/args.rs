//! Each command's own arguments. Flags several commands share come from `shared`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::shared::{DryRun, NoGenerate, NoInput, OutputFormat, RepoDir, Tidy};
use crate::domain::kind::Kind;
use crate::domain::model::OrgType;
use crate::domain::skeleton::Skeleton;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The first kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum, required_unless_present = "answers")]
    pub kind: Option<Kind>,

    /// The plugin name, e.g. custom-cloud (lowercase letters, digits, single dashes)
    #[arg(required_unless_present = "answers", value_hint = clap::ValueHint::Other)]
    pub name: Option<String>,

    /// Add another kind of component to the plugin (repeatable; replaces config `kinds`)
    #[arg(long = "with", value_name = "KIND", value_enum)]
    pub with: Vec<Kind>,

    /// Include all four kinds of component
    #[arg(long)]
    pub all_kinds: bool,

    /// Make the plugin a manifest (.packer-scaffold.toml) or a file of [answers] and
    /// [[component]] tables describes, with its answers and all its components, from the
    /// current templates (flags still override the answers; under another plugin name the
    /// components' HCL types follow it)
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["kind", "name", "with", "all_kinds"]
    )]
    pub answers: Option<PathBuf>,

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

    /// Whether OWNER is a user or an organization, for CODEOWNERS [default: unknown: its lines are left commented]
    #[arg(long, value_name = "TYPE", value_enum)]
    pub org_type: Option<OrgType>,

    /// Go module path [default: github.com/<OWNER>/packer-plugin-<NAME>]
    #[arg(long, value_name = "PATH")]
    pub module: Option<String>,

    /// Copyright holder for LICENSE and file headers [default: git's user.name]
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// One-line description of the plugin
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    #[command(flatten)]
    pub no_input: NoInput,

    #[command(flatten)]
    pub dry_run: DryRun,

    /// Write into an existing, non-empty directory: create the missing files and keep every
    /// file that is there, listing those that differ from the templates
    #[arg(long)]
    pub force: bool,

    /// Version control to initialise [default: config `vcs`, else git]
    #[arg(long, value_enum)]
    pub vcs: Option<Vcs>,

    #[command(flatten)]
    pub tidy: Tidy,

    #[command(flatten)]
    pub format: OutputFormat,

    /// The shape of the components: full (driver, fake, communicator, cleanup, HCP Packer
    /// metadata) or minimal (a blank page) [default: config `skeleton`, else full]
    #[arg(long, value_enum, value_name = "SKELETON")]
    pub skeleton: Option<Skeleton>,

    /// Write the templates of an earlier release from the binary's history (to try `upgrade`)
    #[arg(long, value_name = "RELEASE", hide = true)]
    pub template_release: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum)]
    pub kind: Kind,

    /// The component's name, as `packer-scaffold list` shows it
    pub name: String,

    #[command(flatten)]
    pub dir: RepoDir,

    #[command(flatten)]
    pub dry_run: DryRun,

    /// Also delete the component's files that changed since packer-scaffold wrote them
    #[arg(long)]
    pub force: bool,

    /// When NAME is its kind's default: the component of that kind that takes over the default's
    /// HCL type (the plugin's name)
    #[arg(long, value_name = "OTHER")]
    pub default_to: Option<String>,

    #[command(flatten)]
    pub generate: NoGenerate,

    #[command(flatten)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    #[command(flatten)]
    pub dir: RepoDir,

    #[command(flatten)]
    pub dry_run: DryRun,

    /// Change nothing; exit 1 when the repository was made from older templates, 0 when
    /// current (for CI)
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,

    /// Upgrade even with uncommitted changes in the work tree, or outside git
    #[arg(long)]
    pub allow_dirty: bool,

    #[command(flatten)]
    pub generate: NoGenerate,

    #[command(flatten)]
    pub tidy: Tidy,

    #[command(flatten)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum)]
    pub kind: Kind,

    /// The component's name, as `packer-scaffold list` shows it
    pub old: String,

    /// Its new name (lowercase letters, digits, single dashes)
    pub new: String,

    #[command(flatten)]
    pub dir: RepoDir,

    #[command(flatten)]
    pub dry_run: DryRun,

    #[command(flatten)]
    pub generate: NoGenerate,

    #[command(flatten)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The kind of component: builder, provisioner, post-processor or datasource
    #[arg(value_enum)]
    pub kind: Kind,

    /// The component name, e.g. images (lowercase letters, digits, single dashes)
    pub name: String,

    #[command(flatten)]
    pub dir: RepoDir,

    #[command(flatten)]
    pub dry_run: DryRun,

    // `add` asks only in a repository without a manifest, for what it cannot find there.
    #[command(flatten)]
    pub no_input: NoInput,

    #[command(flatten)]
    pub tidy: Tidy,

    #[command(flatten)]
    pub format: OutputFormat,

    #[command(flatten)]
    pub generate: NoGenerate,

    /// The shape of the component: full or minimal [default: the repository's: minimal when
    /// packer-scaffold made all its components minimal, else full; without a manifest, config
    /// `skeleton`, else full]
    #[arg(long, value_enum, value_name = "SKELETON")]
    pub skeleton: Option<Skeleton>,

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

    /// Without a manifest: copyright holder [default: main.go's copyright line, else git's user.name]
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
pub struct ListArgs {
    #[command(flatten)]
    pub dir: RepoDir,

    #[command(flatten)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The directory to check: any folder of a plugin repository, or any other for the
    /// toolchain checks alone [default: the current one]
    #[arg(default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,

    #[command(flatten)]
    pub format: OutputFormat,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Vcs {
    /// git init and a first commit
    Git,
    /// no repository
    None,
}
