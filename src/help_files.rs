//! Shell completion scripts and the man page, generated from the clap definition of the command
//! line so they never drift from it.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Error;

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "packer-scaffold", &mut script);
    write_all(out, &script)
}

/// Writes the man page (roff) to `out`.
pub fn man_page(out: &mut dyn Write) -> Result<(), Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::io("render the man page for", "standard output", e))?;
    write_all(out, &page)
}

/// Writes `bytes`; a reader that stops early (`| head`) is not an error.
fn write_all(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::io("write to", "standard output", e))
        }
        _ => Ok(()),
    }
}

/// Standard output, for the commands above.
pub fn stdout() -> io::StdoutLock<'static> {
    io::stdout().lock()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_shell_gets_a_script_that_knows_the_subcommands() {
        for shell in Shell::value_variants() {
            let mut out = Vec::new();
            completions(*shell, &mut out).unwrap();
            let script = String::from_utf8(out).unwrap();
            for word in ["packer-scaffold", "add", "list", "dry-run"] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }

    #[test]
    fn the_man_page_is_roff_with_every_command() {
        let mut out = Vec::new();
        man_page(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..80]);
        assert!(page.contains(".TH packer-scaffold 1"));
        for command in ["new", "add", "list", "completions", "man"] {
            assert!(
                page.contains(&format!("packer\\-scaffold\\-{command}(1)")),
                "{command}"
            );
        }
    }
}
