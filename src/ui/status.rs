//! Status output on stderr in cargo's style: a right-aligned verb (`Created`, `Adding`),
//! `note:`, `warning:`, `error:` and `help:` lines. Colour only when stderr is a terminal and
//! `NO_COLOR` is unset; `--quiet` keeps warnings and errors and drops the rest. Data never goes
//! here: it goes to stdout.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy)]
struct Settings {
    quiet: bool,
    color: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Decides once per process how status lines look.
pub fn init(quiet: bool) {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = SETTINGS.set(Settings { quiet, color });
}

fn settings() -> Settings {
    *SETTINGS.get_or_init(|| Settings {
        quiet: false,
        color: false,
    })
}

const GREEN_BOLD: &str = "\x1b[1;32m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const RED_BOLD: &str = "\x1b[1;31m";
const CYAN_BOLD: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, color: &str) -> String {
    if settings().color {
        format!("{color}{text}{RESET}")
    } else {
        text.to_owned()
    }
}

/// `     Created <message>`: a step done.
pub fn verb(verb: &str, message: impl Display) {
    if !settings().quiet {
        eprintln!("{} {message}", paint(&format!("{verb:>12}"), GREEN_BOLD));
    }
}

/// `note: <message>`: worth knowing, needs nothing from the user.
pub fn note(message: impl Display) {
    if !settings().quiet {
        eprintln!("{} {message}", paint("note:", CYAN_BOLD));
    }
}

/// Plain lines such as the summary of what to do next.
pub fn text(message: impl Display) {
    if !settings().quiet {
        eprint!("{message}");
    }
}

/// `warning: <message>`: shown even with `--quiet`.
pub fn warning(message: impl Display) {
    eprintln!("{} {message}", paint("warning:", YELLOW_BOLD));
}

/// `error: <message>` and its `help:` line.
pub fn error(message: impl Display, help: Option<String>) {
    eprintln!("{} {message}", paint("error:", RED_BOLD));
    if let Some(help) = help {
        eprintln!("{} {help}", paint("help:", CYAN_BOLD));
    }
}
