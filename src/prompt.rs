//! Terminal prompts (dialoguer) that show the default and validate as you type, with the same
//! rules as the flags.

use std::io::{self, IsTerminal};

use dialoguer::Input;

use crate::answers::{Asker, Question};
use crate::error::Error;

/// Asks on the terminal, writing prompts to stderr so stdout stays for data.
pub struct TerminalAsker;

impl Asker for TerminalAsker {
    fn ask(&mut self, question: &Question) -> Result<String, Error> {
        let validate = question.validate;
        let mut input = Input::<String>::new()
            .with_prompt(question.prompt)
            .validate_with(move |value: &String| -> Result<(), String> {
                validate(value).map_err(|e| match e.help() {
                    Some(help) => format!("{e} ({help})"),
                    None => e.to_string(),
                })
            });
        if let Some(default) = &question.default {
            input = input.default(default.clone());
        }
        input.interact_text().map_err(|dialoguer::Error::IO(e)| {
            if e.kind() == io::ErrorKind::Interrupted {
                // The prompt line was left unfinished: end it before the error is printed.
                eprintln!();
                Error::Interrupted
            } else {
                Error::io("read an answer from", "the terminal", e)
            }
        })
    }
}

/// Whether prompts may be shown: a terminal on stdin and stderr, not in CI, not `--no-input`.
pub fn can_prompt(no_input: bool) -> bool {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    !no_input && !in_ci && io::stdin().is_terminal() && io::stderr().is_terminal()
}
