//! Shell completion scripts and the man page, generated from the clap definition of the command
//! line so they never drift from it.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Error;

const BIN: &str = "packer-scaffold";

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    if shell == Shell::Bash {
        script = bash_state_names_agree(&script);
    }
    write_all(out, &script)
}

/// clap_complete's bash script (4.6.11) tracks the command being completed in a state such as
/// `packer__scaffold__subcmd__new`, but spells the bin name of its case arms with the
/// subcommand separator (`packer__subcmd__scaffold__subcmd__new`), so nothing after the
/// subcommand ever completes for a bin name with a hyphen (clap-rs/clap#6421). The arms are
/// respelt the way the state is built.
fn bash_state_names_agree(script: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let misspelt = BIN.replace('-', "__subcmd__");
    let state = BIN.replace('-', "__");
    text.replace(&misspelt, &state).into_bytes()
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

    /// What bash completes for `words`, the last being the word under the cursor.
    fn bash_completes(words: &[&str]) -> String {
        let mut out = Vec::new();
        completions(Shell::Bash, &mut out).unwrap();
        let dir = std::env::temp_dir().join(format!("packer-scaffold-comp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join(format!("{}.bash", words.len()));
        std::fs::write(&script, out).unwrap();
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _packer__scaffold packer-scaffold '{}' '{}'; echo \"${{COMPREPLY[*]}}\"",
            script.display(),
            quoted.join(" "),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let output = std::process::Command::new("bash")
            .args(["--norc", "-c", &program])
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&script);
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    #[test]
    fn bash_completes_past_the_subcommand() {
        assert_eq!(
            bash_completes(&["packer-scaffold", "new", "builder", "x", "--f"]),
            "--force --format"
        );
        let shells = bash_completes(&["packer-scaffold", "completions", ""]);
        assert!(
            shells.ends_with(" bash elvish fish powershell zsh"),
            "{shells}"
        );
        assert_eq!(bash_completes(&["packer-scaffold", "config", "i"]), "init");
        assert_eq!(bash_completes(&["packer-scaffold", "do"]), "doctor");
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
