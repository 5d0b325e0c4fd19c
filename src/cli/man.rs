//! Man pages (roff) for packer-scaffold and each of its commands, generated from the clap
//! definition of the command line, with SYNOPSIS, EXAMPLES, ENVIRONMENT, FILES and EXIT STATUS
//! written as `man` shows them best.

use std::io::{self, Write};

use clap::CommandFactory;

use super::Cli;
use super::completions::BIN;
use crate::error::Error;

/// The man page (roff) of the command at `path` (`[]` for the main page, `["config", "init"]`
/// for a nested one). Each command's page is `packer-scaffold-<command>(1)`,
/// as the main page's COMMANDS section names them.
pub fn man_page(path: &[String]) -> Result<Vec<u8>, Error> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut cmd = &root;
    for word in path {
        cmd = cmd
            .get_subcommands()
            .find(|c| c.get_name() == word)
            .ok_or_else(|| Error::InvalidInput {
                what: "command".into(),
                value: path.join(" "),
                problem: format!("`{}` has no command `{word}`", cmd.get_name()),
                help: if cmd.has_subcommands() {
                    format!(
                        "name one of: {}",
                        cmd.get_subcommands()
                            .map(|c| c.get_name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    format!(
                        "`{}` has a page of its own: leave out `{word}`",
                        cmd.get_name()
                    )
                },
            })?;
    }
    let mut page = Vec::new();
    render_page(cmd, path.is_empty(), &mut page).expect("writing to a Vec never fails");
    Ok(page)
}

/// clap_mangen's sections, with examples kept as typed (`.nf`) and, on the main page, the
/// environment, files and exit status.
fn render_page(cmd: &clap::Command, main: bool, page: &mut Vec<u8>) -> io::Result<()> {
    let man =
        clap_mangen::Man::new(cmd.clone()).source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
    man.render_title(page)?;
    man.render_name_section(page)?;
    write_synopsis(cmd, page)?;
    man.render_description_section(page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(page)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(page)?;
        writeln!(
            page,
            ".PP\nEach command's page: \\fBpacker\\-scaffold man\\fR \\fICOMMAND\\fR."
        )?;
    }
    if main {
        page.extend_from_slice(MAIN_PAGE_SECTIONS.as_bytes());
    }
    if let Some(after) = cmd.get_after_help() {
        writeln!(page, ".SH EXAMPLES\n.nf")?;
        for line in after
            .to_string()
            .lines()
            .skip_while(|l| l.trim() == "Examples:")
        {
            writeln!(page, "{}", roff_line(line))?;
        }
        writeln!(page, ".fi")?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(page)?;
    }
    Ok(())
}

/// SYNOPSIS, with each option's value (`[--dir DIR]`), where clap_mangen 0.3.3 shows `[--dir]`.
fn write_synopsis(cmd: &clap::Command, page: &mut Vec<u8>) -> io::Result<()> {
    let bold = |text: &str| format!("\\fB{}\\fR", roff_line(text));
    let italic = |text: &str| format!("\\fI{}\\fR", roff_line(text));
    let value = |arg: &clap::Arg| match arg.get_value_names() {
        Some(names) => names
            .iter()
            .map(|n| italic(n))
            .collect::<Vec<_>>()
            .join("\\ "),
        None => italic(&arg.get_id().as_str().to_uppercase()),
    };
    let mut words = vec![bold(cmd.get_bin_name().unwrap_or(cmd.get_name()))];
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let mut word = if arg.is_positional() {
            value(arg)
        } else {
            let names: Vec<String> = (arg.get_short().map(|s| format!("-{s}")).into_iter())
                .chain(arg.get_long().map(|l| format!("--{l}")))
                .map(|name| bold(&name))
                .collect();
            let mut word = names.join("|");
            if arg.get_action().takes_values() {
                word = format!("{word}\\ {}", value(arg));
            }
            word
        };
        word = if arg.is_required_set() {
            if arg.is_positional() {
                format!("<{word}>")
            } else {
                word
            }
        } else {
            format!("[{word}]")
        };
        if matches!(arg.get_action(), clap::ArgAction::Append) {
            word.push_str("...");
        }
        words.push(word);
    }
    if cmd.has_subcommands() {
        words.push(if cmd.is_subcommand_required_set() {
            format!("<{}>", italic("COMMAND"))
        } else {
            format!("[{}]", italic("COMMAND"))
        });
    }
    // `\ ` keeps an option and its value on one line; `.ad l` and `.nh` leave spaces and
    // words as they are; `.ad` and `.hy` bring justification and hyphenation back.
    writeln!(
        page,
        ".SH SYNOPSIS\n.ad l\n.nh\n{}\n.hy\n.ad",
        words.join(" ")
    )
}

/// A line of text as roff prints it: backslashes and dashes escaped, no control character
/// at its start.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// ENVIRONMENT, FILES and EXIT STATUS of the main page (docs/user-guide.md has the details).
const MAIN_PAGE_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBPACKER_SCAFFOLD_ORG\fR, \fBPACKER_SCAFFOLD_AUTHOR\fR, \fBPACKER_SCAFFOLD_MODULE_PREFIX\fR, \fBPACKER_SCAFFOLD_KINDS\fR, \fBPACKER_SCAFFOLD_VCS\fR, \fBPACKER_SCAFFOLD_TIDY\fR, \fBPACKER_SCAFFOLD_SKELETON\fR
Defaults for \fBnew\fR and \fBadd\fR, above the config file and below the flags.
.TP
\fBNO_COLOR\fR
When set and not empty, status lines are never coloured. They are coloured only on a terminal.
.TP
\fBXDG_CONFIG_HOME\fR
Where the config file is looked for (else \fI~/.config\fR).
.TP
\fBCI\fR
When set, nothing is asked, as with \fB\-\-no\-input\fR.
.TP
\fBSOURCE_DATE_EPOCH\fR
The year in copyright lines, for reproducible output.
.SH FILES
.TP
\fI$XDG_CONFIG_HOME/packer\-scaffold/config.toml\fR
The user's defaults (\fBpacker\-scaffold config path\fR prints where; \fBconfig init\fR writes a commented example). Keys: org, author, module_prefix, kinds, vcs, tidy.
.TP
\fI.packer\-scaffold.toml\fR
The manifest of a generated repository: its answers, components and the hashes of the files written.
.SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
A failure while working: I/O, edits \fBadd\fR left to do by hand, \fBlist\fR finding the manifest and main.go in disagreement, a failed \fBdoctor\fR check.
.TP
\fB2\fR
Invalid flags or input; the message says what is wrong and a help line what to type instead.
.TP
\fB130\fR
Interrupted; nothing half\-written is left.
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::require;

    /// Every command and nested command, as `man` names them (`["config", "init"]`).
    fn command_paths() -> Vec<Vec<String>> {
        let mut paths = Vec::new();
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name().to_string();
            paths.push(vec![name.clone()]);
            for nested in sub.get_subcommands() {
                paths.push(vec![name.clone(), nested.get_name().to_string()]);
            }
        }
        paths
    }

    fn page<S: AsRef<str>>(path: &[S]) -> String {
        let path: Vec<String> = path.iter().map(|w| w.as_ref().to_string()).collect();
        String::from_utf8(man_page(&path).unwrap()).unwrap()
    }

    #[test]
    fn the_main_man_page_names_every_command_and_the_environment_files_and_exit_status() {
        let main = page::<&str>(&[]);
        assert!(main.starts_with(".ie \\n(.g .ds Aq"), "{}", &main[..80]);
        assert!(main.contains(".TH packer-scaffold 1"));
        for command in [
            "new",
            "add",
            "list",
            "doctor",
            "config",
            "completions",
            "man",
        ] {
            assert!(
                main.contains(&format!("packer\\-scaffold\\-{command}(1)")),
                "{command}"
            );
        }
        for section in [
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES\n.nf",
        ] {
            assert!(main.contains(section), "{section}");
        }
        assert!(main.contains("PACKER_SCAFFOLD_MODULE_PREFIX") && main.contains("\\fB130\\fR"));
    }

    #[test]
    fn every_command_the_main_page_names_has_a_page_of_its_own() {
        let paths = command_paths();
        assert!(paths.len() >= 9, "{paths:?}");
        for path in paths {
            let text = page(&path);
            let title = format!(".TH packer-scaffold-{} 1", path.join("-"));
            assert!(text.contains(&title), "{path:?}: {}", &text[..200]);
            assert!(!text.contains(".SH ENVIRONMENT"), "{path:?}");
        }
        assert!(page(&["new"]).contains("\\-\\-force"));
        assert!(page(&["doctor"]).contains(".SH EXAMPLES"));
    }

    #[test]
    fn the_synopsis_shows_each_option_with_its_value() {
        let new = page(&["new"]);
        let synopsis = new.split(".SH SYNOPSIS\n").nth(1).unwrap();
        let synopsis = synopsis.split("\n.SH").next().unwrap();
        for word in [
            // Both optional: `new <KIND> <NAME>`, or `new --answers FILE`.
            "\\fBpacker\\-scaffold new\\fR [\\fIKIND\\fR] [\\fINAME\\fR]",
            "[\\fB\\-\\-answers\\fR\\ \\fIFILE\\fR]",
            "[\\fB\\-\\-dir\\fR\\ \\fIDIR\\fR]",
            "[\\fB\\-\\-with\\fR\\ \\fIKIND\\fR]...",
            "[\\fB\\-q\\fR|\\fB\\-\\-quiet\\fR]",
        ] {
            assert!(synopsis.contains(word), "{word} not in {synopsis}");
        }
        assert!(page(&["man"]).contains("[\\fICOMMAND\\fR]..."));
        assert!(page::<&str>(&[]).contains("<\\fICOMMAND\\fR>\n"));
    }

    #[test]
    fn every_page_is_clean_roff() {
        let mut paths = command_paths();
        paths.push(Vec::new());
        for path in paths {
            let mut groff = match std::process::Command::new("groff")
                .args(["-man", "-ww", "-Tutf8"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
            {
                Ok(child) => child,
                Err(_) => {
                    require(false, "groff", "rendering the man pages");
                    return;
                }
            };
            let text = page(&path);
            std::io::Write::write_all(groff.stdin.as_mut().unwrap(), text.as_bytes()).unwrap();
            let output = groff.wait_with_output().unwrap();
            assert!(output.status.success(), "{path:?}");
            assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{path:?}");
        }
    }

    #[test]
    fn a_command_that_is_not_there_is_refused_with_the_ones_that_are() {
        let err = man_page(&["config".into(), "nope".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid command `config nope`: `config` has no command `nope`"
        );
        assert_eq!(err.help().unwrap(), "name one of: path, init");
        let err = man_page(&["new".into(), "extra".into()]).unwrap_err();
        assert_eq!(
            err.help().unwrap(),
            "`new` has a page of its own: leave out `extra`"
        );
    }
}
