//! The top of the program: parse the command line, run the one command it names, print the
//! error if there is one, and turn the result into the exit status. The only place the process
//! ends with a status of its own choosing.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::cmd;
use crate::error::Error;
use crate::process::interrupt;
use crate::resolve::settings::Settings;
use crate::ui::{output, status};

/// Runs the tool on `args` (including the program name) and returns the exit status. Errors
/// are printed here, once, on stderr.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    // First of all, so a signal in the first milliseconds still ends the run with 130.
    interrupt::install(exit_interrupted);
    let args: Vec<OsString> = args.into_iter().collect();
    if args
        .get(1)
        .is_some_and(|a| a == cmd::complete_names::COMMAND)
    {
        // Not a command users type: outside clap, so help, man pages and completion scripts
        // never offer it.
        let words: Vec<String> = args[2..]
            .iter()
            .map(|a| a.to_string_lossy().into())
            .collect();
        cmd::complete_names::run(&words);
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    status::init(cli.quiet);
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            status::error(&error, error.help());
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs the command `cli` names.
fn execute(cli: Cli) -> Result<(), Error> {
    let settings = || Settings::load(cli.config.as_deref(), cli.no_config);
    match cli.command {
        Command::New(args) => cmd::new::run(args, settings()?),
        Command::Add(args) => cmd::add::run(args, settings()?),
        Command::Remove(args) => cmd::remove::run(args),
        Command::Rename(args) => cmd::rename::run(args),
        Command::Upgrade(args) => cmd::upgrade::run(args),
        Command::List(args) => cmd::list::run(args),
        Command::Doctor(args) => cmd::doctor::run(&args.dir, args.format.format),
        Command::Config(command) => cmd::config::run(command, cli.config.as_deref()),
        Command::Completions { shell } => output::print_bytes(&crate::cli::completions(shell)),
        Command::Man { command } => {
            crate::cli::man_page(&command).and_then(|page| output::print_bytes(&page))
        }
    }
}

/// A signal outside a write (in a prompt, say) ends the run at once, as the default action
/// would; writes defer signals and return `Error::Interrupted` themselves.
fn exit_interrupted() -> ! {
    // Ends a prompt line that may be unfinished, then says why the run stopped.
    eprintln!("\ninterrupted");
    std::process::exit(i32::from(Error::Interrupted.exit_code()))
}
