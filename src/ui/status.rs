//! Status output on stderr in cargo's style: a right-aligned verb (`Created`, `Adding`),
//! `note:`, `warning:`, `error:` and `help:` lines. Colour only when stderr is a terminal and
//! `NO_COLOR` is unset; `--quiet` keeps warnings and errors and drops the rest. Data never goes
//! here: it goes to stdout.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::error::shown;

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

/// A message as the terminal may show it: no raw control or invisible characters.
fn shown(message: impl Display) -> String {
    shown::line(&message.to_string())
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
        eprintln!(
            "{} {}",
            paint(&format!("{verb:>12}"), GREEN_BOLD),
            shown(message)
        );
    }
}

/// `note: <message>`: worth knowing, needs nothing from the user.
pub fn note(message: impl Display) {
    if !settings().quiet {
        eprintln!("{} {}", paint("note:", CYAN_BOLD), shown(message));
    }
}

/// Plain lines such as the summary of what to do next.
pub fn text(message: impl Display) {
    if !settings().quiet {
        eprint!("{}", shown(message));
    }
}

/// `warning: <message>`: shown even with `--quiet`.
pub fn warning(message: impl Display) {
    eprintln!("{} {}", paint("warning:", YELLOW_BOLD), shown(message));
}

/// `error: <message>` and its `help:` line.
pub fn error(message: impl Display, help: Option<String>) {
    eprintln!("{} {}", paint("error:", RED_BOLD), shown(message));
    if let Some(help) = help {
        eprintln!("{} {}", paint("help:", CYAN_BOLD), shown(help));
    }
}
