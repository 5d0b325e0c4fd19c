//! packer-scaffold renders a complete, working Packer plugin repository from templates
//! embedded in the binary. Data flows one way: flags (`cli`) → validated answers (`answers`,
//! `names`) → typed model (`model`) → in-memory plan (`render`, `plan`) → disk (`writer`),
//! then optional `go mod tidy` and `git init` (`post_steps`).

pub mod add;
pub mod answers;
pub mod cli;
pub mod clock;
pub mod config;
pub mod docedit;
pub mod doctor;
pub mod edit_point;
pub mod error;
pub mod filters;
pub mod goedit;
pub mod golex;
pub mod hcledit;
pub mod help_files;
pub mod interrupt;
pub mod kind;
pub mod list;
pub mod manifest;
pub mod model;
pub mod names;
pub mod new;
pub mod output;
pub mod plan;
pub mod post_steps;
pub mod prompt;
pub mod render;
pub mod repo;
pub mod report;
pub mod shell;
pub mod status;
pub mod templates;
pub mod writer;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::Error;

/// Runs the tool on `args` (including the program name) and returns the exit status. Errors
/// are printed here, once, on stderr.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    interrupt::install();
    status::init(cli.quiet);
    let result = match cli.command {
        Command::New(args) => {
            configured_defaults(&cli.config, cli.no_config).and_then(|d| new::run(args, d))
        }
        Command::Config(command) => config_command(command, &cli.config),
        Command::Doctor(args) => doctor::run(&args.dir, args.format),
        Command::Add(args) => {
            configured_defaults(&cli.config, cli.no_config).and_then(|d| add::run(args, d))
        }
        Command::List(args) => list::run(args),
        Command::Completions { shell } => output::print_bytes(&help_files::completions(shell)),
        Command::Man { command } => {
            help_files::man_page(&command).and_then(|page| output::print_bytes(&page))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn env_var(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// The environment's defaults over the config file's (unless `--no-config`).
fn configured_defaults(
    file: &Option<std::path::PathBuf>,
    no_config: bool,
) -> Result<config::Defaults, Error> {
    let env = config::from_env(&env_var)?;
    let from_file = match (file, no_config) {
        (_, true) => config::Defaults::default(),
        (Some(path), false) => config::read_file(path, true)?,
        (None, false) => match config::default_path(&env_var) {
            Some(path) => config::read_file(&path, false)?,
            None => config::Defaults::default(),
        },
    };
    Ok(env.or(from_file))
}

/// `config path` and `config init`.
fn config_command(
    command: cli::ConfigCommand,
    file: &Option<std::path::PathBuf>,
) -> Result<(), Error> {
    let path = match file {
        Some(path) => path.clone(),
        None => config::default_path(&env_var).ok_or_else(|| Error::InvalidInput {
            what: "config directory".into(),
            value: String::new(),
            problem: "neither XDG_CONFIG_HOME nor HOME is set".into(),
            help: "pass --config FILE".into(),
        })?,
    };
    match command {
        cli::ConfigCommand::Path => output::print(&format!("{}\n", path.display())),
        cli::ConfigCommand::Init => {
            // symlink_metadata: a dangling link in the file's place is a file we would replace.
            if std::fs::symlink_metadata(&path).is_ok() {
                return Err(Error::ConfigExists { path });
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
            }
            write_new(&path, config::EXAMPLE)?;
            status::verb("Created", path.display());
            Ok(())
        }
    }
}

/// Writes `text` to a file that must not exist yet, even if one appears after the check above.
fn write_new(path: &std::path::Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut file = match std::fs::File::create_new(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::ConfigExists { path: path.into() });
        }
        other => other.map_err(|e| Error::io("create", path, e))?,
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("write", path, e))
}

fn report(error: &Error) {
    status::error(error, error.help());
}
