//! Terminal prompts (dialoguer) that show the default and validate as you type, with the same
//! rules as the flags.

use std::io::{self, IsTerminal};

use dialoguer::Input;

use crate::error::{Error, NoPrompt};

/// One question for the user, with the same validation the matching flag has.
pub struct Question {
    pub prompt: &'static str,
    pub default: Option<String>,
    pub validate: fn(&str) -> Result<(), Error>,
}

/// Something that can ask the user a question (a terminal prompt, or a test double).
pub trait Asker {
    fn ask(&mut self, question: &Question) -> Result<String, Error>;
}

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

/// What stops prompts here: `no_input`, the `CI` variable, and whether stdin and stderr are
/// terminals.
pub fn stoppers(no_input: bool) -> NoPrompt {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    NoPrompt {
        no_terminal: !(io::stdin().is_terminal() && io::stderr().is_terminal()),
        no_input,
        ci,
    }
}
