//! Shell completion scripts, generated from the clap definition of the command line so they
//! never drift from it, with the fixes clap_complete 4.6.11's scripts need (each explained
//! where it is made; a test fails if clap_complete changes so that a fix no longer applies),
//! and the names of existing components where a command takes one (`names`).

mod names;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

pub(super) const BIN: &str = "packer-scaffold";

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
    let text = String::from_utf8_lossy(&script).into_owned();
    match shell {
        Shell::Bash => names::bash(text).into_bytes(),
        Shell::Zsh => names::zsh(text).into_bytes(),
        Shell::Fish => names::fish(text).into_bytes(),
        _ => script,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::require;
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

    /// The script clap_complete generates for `shell`, before any fix.
    fn generated(shell: Shell) -> String {
        let mut cli = with_man_pages_offered(Cli::command());
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut cli, BIN, &mut script);
        String::from_utf8(script).unwrap()
    }

    #[test]
    fn every_fix_finds_what_it_fixes() {
        // clap_complete is pinned in Cargo.toml. When the pin moves, each fix either still
        // applies or this says which one to review: no script ships unfixed by accident.
        let bash = generated(Shell::Bash);
        assert!(
            bash.contains(&BIN.replace('-', "__subcmd__")),
            "the bash script no longer misspells its case arms (clap-rs/clap#6421): \
             review bash_state_names_agree"
        );
        let elvish = generated(Shell::Elvish);
        let cli = with_man_pages_offered(Cli::command());
        assert_ne!(
            elvish_past_positionals(elvish.as_bytes(), &cli),
            elvish.as_bytes(),
            "the elvish fix found nothing to change: review elvish_past_positionals"
        );
        let fish = generated(Shell::Fish);
        assert!(
            !fish.contains("-f -a \"builder provisioner"),
            "the fish script offers positional values itself: review fish_positional_values"
        );
        for (shell, fix) in [
            (Shell::Bash, names::bash as fn(String) -> String),
            (Shell::Zsh, names::zsh),
            (Shell::Fish, names::fish),
        ] {
            let mut script = generated(shell);
            if shell == Shell::Bash {
                script = String::from_utf8(bash_state_names_agree(script.as_bytes())).unwrap();
            }
            let fixed = fix(script);
            // Three places: remove's name, rename's old name, --default-to's value.
            let asks = if shell == Shell::Zsh {
                "_component_names'"
            } else {
                "__complete-names"
            };
            assert!(
                fixed.matches(asks).count() >= 3,
                "{shell}: the component names found no place in the script: review names.rs"
            );
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
        let kinds = fish_completes("packer-scaffold new ");
        if !require(kinds.is_some(), "fish", "completion in fish") {
            return;
        }
        let kinds = kinds.unwrap();
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
            include_str!("../../../tests/shells/zsh-complete.zsh"),
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
                require(false, "a pseudo-terminal for zsh", "completion in zsh");
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
        let commands = zsh_completes("packer-scaffold ");
        if !require(commands.is_some(), "zsh", "completion in zsh") {
            return;
        }
        let commands = commands.unwrap();
        assert_eq!(
            commands,
            "new add remove rename upgrade list completions man doctor config help"
        );
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
        let new = elvish_completes("new ''");
        if !require(new.is_some(), "elvish", "completion in elvish") {
            return;
        }
        let new = new.unwrap();
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
}
