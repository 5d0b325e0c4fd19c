//! Every default the user can set, as the environment and the config file both give it:
//! `Defaults` (what the config file's keys and the `PACKER_SCAFFOLD_*` variables deserialize
//! into), the `vcs` value's words and the checks the text keys share with their flags.

use serde::Deserialize;

use crate::cli::Vcs;
use crate::domain::kind::Kind;
use crate::domain::skeleton::Skeleton;

/// Every default the user can set. All keys are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// GitHub owner (`--org`).
    #[serde(default, deserialize_with = "checked::org")]
    pub org: Option<String>,
    /// Copyright holder (`--author`); git's user.name is used when unset.
    #[serde(default, deserialize_with = "checked::author")]
    pub author: Option<String>,
    /// Where modules live, e.g. `github.com/acme` or `gitlab.example.com/tools`: the module
    /// path becomes `<module_prefix>/packer-plugin-<NAME>` (`--module` sets it whole).
    #[serde(default, deserialize_with = "checked::module_prefix")]
    pub module_prefix: Option<String>,
    /// Kinds every new plugin gets besides the one named on the command line (`--with`).
    pub kinds: Option<Vec<Kind>>,
    /// `git` or `none` (`--vcs`).
    pub vcs: Option<Vcs>,
    /// Whether to run `go mod tidy` after writing (`--no-tidy` turns it off).
    pub tidy: Option<bool>,
    /// The skeleton of new components, `full` or `minimal` (`--skeleton`).
    pub skeleton: Option<Skeleton>,
}

impl<'de> Deserialize<'de> for Vcs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_vcs(&text).map_err(serde::de::Error::custom)
    }
}

pub(super) fn parse_vcs(text: &str) -> Result<Vcs, String> {
    match text {
        "git" => Ok(Vcs::Git),
        "none" => Ok(Vcs::None),
        other => Err(format!("unknown vcs `{other}`: expected git or none")),
    }
}

/// The text keys pass the checks of the flags they stand in for, with the problem reported at
/// the value: in the file with its line and column, in the environment with the variable.
pub(super) mod checked {
    use serde::{Deserialize, Deserializer};

    use crate::domain::names;
    use crate::error::Error;

    /// Why `value` is refused for `key` (`org`, `author` or `module_prefix`), if it is.
    pub fn problem(key: &str, value: &str) -> Option<String> {
        let checked = match key {
            "org" => names::check_org(value),
            "author" => names::check_free_text("author", value),
            "module_prefix" => names::check_module_path(&format!(
                "{}/packer-plugin-x",
                value.trim_end_matches('/')
            )),
            _ => Ok(()),
        };
        checked.err().map(|e| match e {
            Error::InvalidInput { problem, .. } if key == "module_prefix" => format!(
                "{problem}; give a prefix such as `github.com/acme` or `gitlab.example.com/tools`"
            ),
            Error::InvalidInput { problem, help, .. } => format!("{problem}; {help}"),
            other => other.to_string(),
        })
    }

    fn key<'de, D: Deserializer<'de>>(key: &str, d: D) -> Result<Option<String>, D::Error> {
        let value = String::deserialize(d)?;
        match problem(key, &value) {
            Some(problem) => Err(serde::de::Error::custom(format!(
                "invalid {key} `{value}`: {problem}"
            ))),
            None => Ok(Some(value)),
        }
    }

    pub fn org<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        key("org", d)
    }

    pub fn author<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        key("author", d)
    }

    pub fn module_prefix<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        key("module_prefix", d)
    }
}
