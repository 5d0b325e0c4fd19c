//! Shell completion scripts and the man page, generated from the clap definition of the command
//! line so they never drift from it.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Error;

const BIN: &str = "packer-scaffold";

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cli = with_man_pages_offered(Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli, BIN, &mut script);
    match shell {
        Shell::Bash => script = bash_state_names_agree(&script),
        Shell::Fish => script.extend(fish_positional_values(&cli).into_bytes()),
        Shell::Elvish => script = elvish_past_positionals(&script, &cli),
        _ => {}
    }
    script
}

/// `man <TAB>` offers the names of the commands that have pages, taken from the command line's
/// own definition. Only completion sees these values: `man` itself explains a wrong name.
fn with_man_pages_offered(cli: clap::Command) -> clap::Command {
    let mut names: Vec<String> = Vec::new();
    for sub in cli.get_subcommands() {
        names.push(sub.get_name().to_string());
        names.extend(sub.get_subcommands().map(|s| s.get_name().to_string()));
    }
    names.dedup();
    // In place, not with `mut_subcommand`, which would move `man` to the end of the list.
    let mut cli = cli;
    if let Some(man) = cli.get_subcommands_mut().find(|c| c.get_name() == "man") {
        let parser = clap::builder::PossibleValuesParser::new(names);
        *man = std::mem::take(man).mut_arg("command", |arg| arg.value_parser(parser));
    }
    cli
}

/// clap_complete's fish script (4.6.11) completes flag values but not positional ones, so
/// `new <TAB>` offered files. One line per command whose first positional argument has a
/// fixed set of values (the kinds, the shells, the man pages) offers them.
fn fish_positional_values(cli: &clap::Command) -> String {
    let using = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let mut lines = String::new();
    for sub in cli.get_subcommands() {
        let offered = positional_values(sub);
        let Some(arg) = sub.get_positionals().next().filter(|_| !offered.is_empty()) else {
            continue;
        };
        let values = arg.get_possible_values();
        let typed: Vec<&str> = values
            .iter()
            .flat_map(|v| v.get_name_and_aliases())
            .collect();
        // A single value is offered until one is typed; a list (`man config init`) goes on.
        let until_typed = if matches!(arg.get_action(), clap::ArgAction::Append) {
            String::new()
        } else {
            format!("; and not __fish_seen_subcommand_from {}", typed.join(" "))
        };
        lines.push_str(&format!(
            "complete -c {BIN} -n \"{using} {}{until_typed}\" -f -a \"{}\"\n",
            sub.get_name(),
            offered.join(" ")
        ));
    }
    lines
}

/// clap_complete's elvish script (4.6.11) builds the key of the command being completed from
/// every word before the cursor, positional values included, so after `new builder x` it looks
/// up `packer-scaffold;new;builder;x` and fails with "no such key"; and it never offers the
/// values of a positional argument. The words are now only taken while they name a known
/// command (the lookup moves below the table it needs), and each command whose first
/// positional has a fixed set of values (the kinds, the shells, the man pages) offers them.
fn elvish_past_positionals(script: &[u8], cli: &clap::Command) -> Vec<u8> {
    let mut text = String::from_utf8_lossy(script).into_owned();
    let prefix = format!("    var command = '{BIN}'\n    for word $words[1..-1] {{\n");
    let lookup = "    $completions[$command]\n";
    let (Some(start), Some(at)) = (text.find(&prefix), text.rfind(lookup)) else {
        return script.to_vec();
    };
    let Some(len) = text[start..]
        .find("\n    }\n")
        .map(|end| end + "\n    }\n".len())
    else {
        return script.to_vec();
    };
    let walk = text[start..start + len].replace(
        "        set command = $command';'$word\n",
        "        if (has-key $completions $command';'$word) {\n            set command = $command';'$word\n        }\n",
    );
    text.insert_str(at, &walk);
    text.replace_range(start..start + len, "");
    for sub in cli.get_subcommands() {
        let values = positional_values(sub);
        let block = format!("        &'{BIN};{}'= {{\n", sub.get_name());
        if let (false, Some(at)) = (values.is_empty(), text.find(&block)) {
            let cands: String = values
                .iter()
                .map(|v| format!("            cand {v} '{v}'\n"))
                .collect();
            text.insert_str(at + block.len(), &cands);
        }
    }
    text.into_bytes()
}

/// The values offered for the first positional argument of `cmd`, if it has a fixed set.
fn positional_values(cmd: &clap::Command) -> Vec<String> {
    let Some(arg) = cmd.get_positionals().next() else {
        return Vec::new();
    };
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect()
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
\fBPACKER_SCAFFOLD_ORG\fR, \fBPACKER_SCAFFOLD_AUTHOR\fR, \fBPACKER_SCAFFOLD_MODULE_PREFIX\fR, \fBPACKER_SCAFFOLD_KINDS\fR, \fBPACKER_SCAFFOLD_VCS\fR, \fBPACKER_SCAFFOLD_TIDY\fR
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
    use clap::ValueEnum;

    #[test]
    fn every_shell_gets_a_script_that_knows_the_subcommands() {
        for shell in Shell::value_variants() {
            let script = String::from_utf8(completions(*shell)).unwrap();
            for word in ["packer-scaffold", "add", "list", "dry-run"] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }

    /// What bash completes for `words`, the last being the word under the cursor.
    fn bash_completes(words: &[&str]) -> String {
        // Removed with everything in it when dropped, also when an assertion fails.
        let dir = assert_fs::TempDir::new().unwrap();
        let script = dir.path().join("packer-scaffold.bash");
        std::fs::write(&script, completions(Shell::Bash)).unwrap();
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
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// What fish completes for the command line `line`, or `None` without fish on PATH.
    fn fish_completes(line: &str) -> Option<String> {
        let out = completions(Shell::Fish);
        let script = std::env::temp_dir().join(format!(
            "packer-scaffold-comp-{}-{}.fish",
            std::process::id(),
            line.len()
        ));
        std::fs::write(&script, out).unwrap();
        let output = std::process::Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!(
                "source '{}'; complete -C '{line}'",
                script.display()
            ))
            .output();
        let _ = std::fs::remove_file(&script);
        let output = output.ok()?;
        let words: Vec<&str> = std::str::from_utf8(&output.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        Some(words.join(" "))
    }

    #[test]
    fn fish_completes_kinds_and_shells() {
        let script = String::from_utf8(completions(Shell::Fish)).unwrap();
        assert!(script.contains(
            "__fish_packer_scaffold_using_subcommand new; and not __fish_seen_subcommand_from \
             builder provisioner post-processor postprocessor datasource data-source\" -f -a \
             \"builder provisioner post-processor datasource\""
        ));
        let Some(kinds) = fish_completes("packer-scaffold new ") else {
            // .ci/run installs fish; without it, the line above is what can be checked.
            eprintln!("fish is not on PATH: completions not run");
            return;
        };
        assert_eq!(kinds, "builder datasource post-processor provisioner");
        assert_eq!(
            fish_completes("packer-scaffold add data").unwrap(),
            "datasource"
        );
        assert_eq!(
            fish_completes("packer-scaffold completions z").unwrap(),
            "zsh"
        );
        assert_eq!(
            fish_completes("packer-scaffold man c").unwrap(),
            "completions config"
        );
        assert!(
            !fish_completes("packer-scaffold new builder ")
                .unwrap()
                .contains("provisioner"),
            "a kind is offered once"
        );
    }

    /// The words zsh offers at the end of `line`, or `None` without zsh on PATH.
    fn zsh_completes(line: &str) -> Option<String> {
        let dir = std::env::temp_dir().join(format!(
            "packer-scaffold-zsh-{}-{}",
            std::process::id(),
            line.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("_packer-scaffold"), completions(Shell::Zsh)).unwrap();
        let harness = dir.join("zsh-complete.zsh");
        std::fs::write(
            &harness,
            include_str!("../../tests/shells/zsh-complete.zsh"),
        )
        .unwrap();
        // `timeout`: a completion that never ends fails the test instead of hanging it.
        let output = std::process::Command::new("timeout")
            .args(["60", "zsh", "-f"])
            .arg(&harness)
            .arg(&dir)
            .arg(line)
            .current_dir(&dir)
            .output();
        let _ = std::fs::remove_dir_all(&dir);
        let output = output.ok()?;
        match output.status.code() {
            Some(127) => return None,
            Some(2) => {
                eprintln!("zsh could not start on a pseudo-terminal: completions not run");
                return None;
            }
            _ => assert!(output.status.success(), "{output:?}"),
        }
        let words: Vec<&str> = std::str::from_utf8(&output.stdout)
            .unwrap()
            .split_whitespace()
            .collect();
        Some(words.join(" "))
    }

    #[test]
    fn zsh_completes_commands_kinds_flags_and_shells() {
        let Some(commands) = zsh_completes("packer-scaffold ") else {
            // .ci/run installs zsh.
            eprintln!("zsh is not on PATH: completions not run");
            return;
        };
        assert_eq!(commands, "new add list completions man doctor config help");
        assert_eq!(
            zsh_completes("packer-scaffold new ").unwrap(),
            "builder provisioner post-processor datasource"
        );
        assert_eq!(
            zsh_completes("packer-scaffold add --dir /tmp da").unwrap(),
            "datasource"
        );
        assert_eq!(
            zsh_completes("packer-scaffold new builder x --f").unwrap(),
            "--force --format"
        );
        assert_eq!(
            zsh_completes("packer-scaffold new builder x --format ").unwrap(),
            "text json"
        );
        assert_eq!(
            zsh_completes("packer-scaffold completions ").unwrap(),
            "bash elvish fish powershell zsh"
        );
        assert_eq!(zsh_completes("packer-scaffold config i").unwrap(), "init");
        assert_eq!(
            zsh_completes("packer-scaffold man c").unwrap(),
            "completions config"
        );
    }

    /// The candidates elvish's completer gives for `words` (the last being the word under the
    /// cursor), or `None` without elvish on PATH. The line editor is not there outside an
    /// interactive elvish, so the script's `edit:` hooks are stood in for: the completer is kept
    /// in a variable, and a candidate is its text.
    fn elvish_completes(words: &str) -> Option<String> {
        let script = String::from_utf8(completions(Shell::Elvish))
            .unwrap()
            .replace(
                "set edit:completion:arg-completer[packer-scaffold] = ",
                "var completer = ",
            )
            .replace("edit:complex-candidate ", "complex-candidate ");
        let dir = assert_fs::TempDir::new().unwrap();
        let file = dir.path().join("complete.elv");
        std::fs::write(
            &file,
            format!(
                "fn complex-candidate {{|text &display=''| put $text }}\n{script}\n\
                 $completer packer-scaffold {words}\n"
            ),
        )
        .unwrap();
        let output = std::process::Command::new("elvish")
            .arg(&file)
            .output()
            .ok()?;
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        Some(
            text.split_whitespace()
                .filter(|w| *w != "▶")
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    #[test]
    fn elvish_completes_past_positional_values() {
        let Some(new) = elvish_completes("new ''") else {
            // .ci/run installs elvish.
            eprintln!("elvish is not on PATH: completions not run");
            return;
        };
        assert!(
            new.starts_with("builder provisioner post-processor datasource --with"),
            "{new}"
        );
        // clap_complete's own script failed here with "no such key".
        assert!(
            elvish_completes("new builder x --f")
                .unwrap()
                .contains("--force")
        );
        assert!(
            elvish_completes("completions ''")
                .unwrap()
                .starts_with("bash elvish fish powershell zsh")
        );
        assert!(
            elvish_completes("config ''")
                .unwrap()
                .ends_with("path init help")
        );
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
        assert_eq!(
            bash_completes(&["packer-scaffold", "man", "c"]),
            "completions config"
        );
    }

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
            "\\fBpacker\\-scaffold new\\fR <\\fIKIND\\fR> <\\fINAME\\fR>",
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
                    eprintln!("groff is not on PATH: pages not rendered");
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
