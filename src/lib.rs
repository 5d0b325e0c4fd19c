//! packer-scaffold renders a complete, working Packer plugin repository from templates
//! embedded in the binary. Data flows one way: flags (`cli`) → validated answers (`answers`,
//! `names`) → typed model (`model`) → in-memory plan (`render`, `plan`) → disk (`writer`),
//! then optional `go mod tidy` and `git init` (`post_steps`).

pub mod add;
pub mod answers;
pub mod cli;
pub mod clock;
pub mod docedit;
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
pub mod plan;
pub mod post_steps;
pub mod prompt;
pub mod render;
pub mod repo;
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
    let result = match cli.command {
        Command::New(args) => new::run(args),
        Command::Add(args) => add::run(args),
        Command::List(args) => list::run(args),
        Command::Completions { shell } => help_files::completions(shell, &mut help_files::stdout()),
        Command::Man => help_files::man_page(&mut help_files::stdout()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn report(error: &Error) {
    eprintln!("error: {error}");
    if let Some(help) = error.help() {
        eprintln!("help: {help}");
    }
}
