//! Where a resolved value came from, and the one rule every setting is resolved by: the
//! first source, in the order the setting lists them, that has a value.

use std::fmt;

/// A place a value can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag or argument.
    Flag,
    /// `go.mod` of the repository.
    GoMod,
    /// Derived from the Go module path.
    ModulePath,
    /// `PACKER_SCAFFOLD_<name>`.
    Env(&'static str),
    /// The user config file.
    ConfigFile,
    /// git's `user.name`.
    Git,
    /// Found in the repository, in the place named (`main.go's copyright header`).
    Repository(&'static str),
    /// A question answered on the terminal.
    Prompt,
    /// The built-in default.
    Default,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// The first candidate that has a value.
pub fn first<T>(candidates: impl IntoIterator<Item = (Source, Option<T>)>) -> Option<Sourced<T>> {
    candidates
        .into_iter()
        .find_map(|(source, value)| value.map(|value| Sourced { value, source }))
}

impl fmt::Display for Source {
    /// How a note names the source: "comes from {source}".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("the command line"),
            Source::GoMod => f.write_str("go.mod"),
            Source::ModulePath => f.write_str("the module path"),
            Source::Env(var) => write!(f, "PACKER_SCAFFOLD_{var}"),
            Source::ConfigFile => f.write_str("the config file"),
            Source::Git => f.write_str("git's user.name"),
            Source::Repository(place) => f.write_str(place),
            Source::Prompt => f.write_str("your answer"),
            Source::Default => f.write_str("the default"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_source_with_a_value_wins() {
        let picked = first([
            (Source::Flag, None),
            (Source::Env("ORG"), Some("env")),
            (Source::ConfigFile, Some("file")),
        ]);
        assert_eq!(
            picked,
            Some(Sourced {
                value: "env",
                source: Source::Env("ORG")
            })
        );
        assert_eq!(first::<u8>([(Source::Flag, None)]), None);
    }
}
