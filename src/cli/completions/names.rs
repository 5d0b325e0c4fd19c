//! Component names in the completion scripts. After `remove <KIND>`, `rename <KIND>` and
//! `remove … --default-to`, the bash, zsh and fish scripts run `packer-scaffold
//! __complete-names` with the words typed before the cursor and offer what it prints
//! (`cmd::complete_names` decides what fits, from the repository's manifest). clap_complete
//! 4.6.11 offers files there, or nothing; each fix below says what it replaces, and returns
//! the script unchanged when that is not found (a test then names the fix to review).
//! Elvish and PowerShell are not offered component names.

use super::BIN;

/// The commands whose first name positional is an existing component.
const COMMANDS: [&str; 2] = ["remove", "rename"];

/// The bash query: the names for the words before the cursor.
fn bash_query() -> String {
    format!("\"$({BIN} __complete-names \"${{COMP_WORDS[@]:0:COMP_CWORD}}\" 2>/dev/null)\"")
}

/// bash: in the `remove` and `rename` arms, the names before the fallback to the options, and
/// `--default-to`'s value from them instead of files.
pub(super) fn bash(script: String) -> String {
    let fallback = "            COMPREPLY=( $(compgen -W \"${opts}\" -- \"${cur}\") )\n";
    let ask = format!(
        "            local names\n            names={}\n            if [[ -n \"${{names}}\" ]]; then\n                COMPREPLY=( $(compgen -W \"${{names}}\" -- \"${{cur}}\") )\n                return 0\n            fi\n",
        bash_query()
    );
    let mut text = script;
    for command in COMMANDS {
        let arm = format!("        {}__subcmd__{command})\n", BIN.replace('-', "__"));
        let Some(start) = text.find(&arm) else {
            return text;
        };
        // At the arm's own indentation: the same line indented deeper ends its first `if`.
        let line = format!("\n{fallback}");
        let Some(at) = text[start..].find(&line).map(|at| start + at + 1) else {
            return text;
        };
        text.insert_str(at, &ask);
    }
    let files =
        "                --default-to)\n                    COMPREPLY=($(compgen -f \"${cur}\"))\n";
    let names = format!(
        "                --default-to)\n                    COMPREPLY=($(compgen -W {} -- \"${{cur}}\"))\n",
        bash_query()
    );
    text.replacen(files, &names, 1)
}

/// zsh: the actions of the name positionals and of `--default-to` call a function that asks.
pub(super) fn zsh(script: String) -> String {
    let function = format!("_{BIN}_component_names");
    let defined = format!(
        "(( $+functions[{function}] )) ||\n{function}() {{\n    local -a names\n    names=(${{(f)\"$({BIN} __complete-names ${{(Q)words[1,CURRENT-1]}} 2>/dev/null)\"}})\n    compadd -a names\n}}\n\n"
    );
    let tail = format!("if [ \"$funcstack[1]\" = \"_{BIN}\" ]; then");
    let positional = format!("as `{BIN} list` shows it:_default'");
    let (Some(at), true) = (script.rfind(&tail), script.contains(&positional)) else {
        return script;
    };
    let mut text = script;
    text.insert_str(at, &defined);
    text.replace(
        &positional,
        &format!("as `{BIN} list` shows it:{function}'"),
    )
    .replace(":OTHER:_default'", &format!(":OTHER:{function}'"))
}

/// fish: a line per command that offers the names, and `--default-to` offering them instead
/// of files.
pub(super) fn fish(script: String) -> String {
    let using = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let query = format!("({BIN} __complete-names (commandline -opc))");
    let default_to = format!("-n \"{using} remove\" -l default-to ");
    let Some(line) = script
        .lines()
        .find(|l| l.contains(&default_to) && l.ends_with(" -r"))
    else {
        return script;
    };
    let mut text = script.replacen(line, &format!("{line} -f -a \"{query}\""), 1);
    for command in COMMANDS {
        text.push_str(&format!(
            "complete -c {BIN} -n \"{using} {command}\" -f -a \"{query}\"\n"
        ));
    }
    text
}
