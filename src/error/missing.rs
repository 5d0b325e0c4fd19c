//! Values a command needs that were neither given nor could be asked for, reported all at
//! once with the flag that gives each, and why nothing was asked.

/// A value that is needed but was neither given nor has a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub what: &'static str,
    pub flag: &'static str,
    pub example: &'static str,
}

/// Why missing values were not asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unasked {
    /// `new`: something stops prompts.
    Prompts(NoPrompt),
    /// `add` asks nothing; a repository without a manifest has no answers to read.
    NoManifest,
}

impl Unasked {
    /// Why nothing was asked, to follow "missing values, and".
    pub fn reason(&self) -> String {
        match self {
            Unasked::Prompts(why) => why.reason(),
            Unasked::NoManifest => {
                "this repository has no .packer-scaffold.toml to read them from".into()
            }
        }
    }

    /// What to do instead.
    pub fn help(&self) -> String {
        match self {
            Unasked::Prompts(why) => why.help(),
            Unasked::NoManifest => {
                "pass the flags above; `add` writes .packer-scaffold.toml, so they are needed only once"
                    .into()
            }
        }
    }
}

/// Why nothing is asked: each of the things that stop prompts. `Default` is none of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoPrompt {
    /// stdin or stderr is not a terminal.
    pub no_terminal: bool,
    /// `--no-input` was given.
    pub no_input: bool,
    /// `CI` is set (and not empty, `false` or `0`).
    pub ci: bool,
}

impl NoPrompt {
    /// Whether anything stops prompts.
    pub fn any(&self) -> bool {
        self.no_terminal || self.no_input || self.ci
    }

    /// Why nothing is asked, to follow "missing values, and".
    pub fn reason(&self) -> String {
        if *self
            == (NoPrompt {
                no_terminal: true,
                ..NoPrompt::default()
            })
        {
            return "there is no terminal to ask for them".into();
        }
        let reasons = self.pick(["there is no terminal", "--no-input was given", "CI is set"]);
        if reasons.is_empty() {
            return "nothing is asked".into();
        }
        format!("nothing is asked because {}", and_list(&reasons))
    }

    /// What to do instead: the flags, or undo each thing that stops prompts.
    pub fn help(&self) -> String {
        let fixes = self.pick(["run on a terminal", "leave out --no-input", "unset CI"]);
        if fixes.is_empty() {
            return "pass the flags above".into();
        }
        format!("pass the flags above, or {} to be asked", and_list(&fixes))
    }

    fn pick(&self, words: [&'static str; 3]) -> Vec<&'static str> {
        [self.no_terminal, self.no_input, self.ci]
            .into_iter()
            .zip(words)
            .filter_map(|(on, word)| on.then_some(word))
            .collect()
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stopped(no_terminal: bool, no_input: bool, ci: bool) -> (String, String) {
        let why = NoPrompt {
            no_terminal,
            no_input,
            ci,
        };
        (why.reason(), why.help())
    }

    #[test]
    fn ci_on_a_terminal_says_ci_and_how_to_undo_it() {
        assert_eq!(
            stopped(false, false, true),
            (
                "nothing is asked because CI is set".into(),
                "pass the flags above, or unset CI to be asked".into()
            )
        );
    }

    #[test]
    fn each_reason_is_named_only_when_it_holds() {
        assert_eq!(
            stopped(true, false, false),
            (
                "there is no terminal to ask for them".into(),
                "pass the flags above, or run on a terminal to be asked".into()
            )
        );
        assert_eq!(
            stopped(false, true, false),
            (
                "nothing is asked because --no-input was given".into(),
                "pass the flags above, or leave out --no-input to be asked".into()
            )
        );
        assert_eq!(
            stopped(true, true, true),
            (
                "nothing is asked because there is no terminal, --no-input was given and CI is set"
                    .into(),
                "pass the flags above, or run on a terminal, leave out --no-input and unset CI to be asked"
                    .into()
            )
        );
        assert!(!NoPrompt::default().any());
    }
}
