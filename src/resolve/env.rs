//! Defaults from `PACKER_SCAFFOLD_<KEY>` environment variables, typed and checked as the
//! config file's keys are, a problem reported under the variable's name.

use super::settings::{Defaults, checked, parse_vcs};
use crate::domain::kind::Kind;
use crate::error::Error;

/// Defaults from `PACKER_SCAFFOLD_<KEY>` variables.
pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Defaults, Error> {
    let var = |key: &str| env(&format!("PACKER_SCAFFOLD_{key}")).filter(|v| !v.is_empty());
    let invalid = |key: &str, value: &str, problem: String| Error::InvalidInput {
        what: format!("PACKER_SCAFFOLD_{key}"),
        value: value.to_owned(),
        problem,
        help: format!("fix or unset PACKER_SCAFFOLD_{key}"),
    };
    let kinds = match var("KINDS") {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(|k| {
                    <Kind as clap::ValueEnum>::from_str(k.trim(), false).map_err(|_| {
                        invalid("KINDS", &list, format!("unknown kind `{}`", k.trim()))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let vcs = match var("VCS") {
        None => None,
        Some(v) => Some(parse_vcs(&v).map_err(|p| invalid("VCS", &v, p))?),
    };
    let tidy = match var("TIDY") {
        None => None,
        Some(v) => Some(match v.as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => return Err(invalid("TIDY", &v, "expected true or false".into())),
        }),
    };
    let text = |key: &str| -> Result<Option<String>, Error> {
        let Some(value) = var(&key.to_uppercase()) else {
            return Ok(None);
        };
        match checked::problem(key, &value) {
            Some(problem) => Err(invalid(&key.to_uppercase(), &value, problem)),
            None => Ok(Some(value)),
        }
    };
    Ok(Defaults {
        org: text("org")?,
        author: text("author")?,
        module_prefix: text("module_prefix")?,
        kinds,
        vcs,
        tidy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Vcs;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn environment_variables_are_typed_and_checked() {
        let env = env_of(&[
            ("PACKER_SCAFFOLD_ORG", "acme"),
            ("PACKER_SCAFFOLD_KINDS", "datasource, post-processor"),
            ("PACKER_SCAFFOLD_TIDY", "0"),
            ("PACKER_SCAFFOLD_VCS", "none"),
        ]);
        let d = from_env(&env).unwrap();
        assert_eq!(d.org.as_deref(), Some("acme"));
        assert_eq!(d.kinds, Some(vec![Kind::Datasource, Kind::PostProcessor]));
        assert_eq!((d.tidy, d.vcs), (Some(false), Some(Vcs::None)));
        let bad = env_of(&[("PACKER_SCAFFOLD_TIDY", "maybe")]);
        assert!(matches!(from_env(&bad), Err(Error::InvalidInput { .. })));
    }

    #[test]
    fn text_variables_are_checked_like_their_flags_and_name_the_variable() {
        let err = from_env(&env_of(&[("PACKER_SCAFFOLD_ORG", "bad org")])).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid PACKER_SCAFFOLD_ORG `bad org`"),
            "{err}"
        );
        assert_eq!(err.help().unwrap(), "fix or unset PACKER_SCAFFOLD_ORG");
        let err = from_env(&env_of(&[("PACKER_SCAFFOLD_AUTHOR", "a\nb")])).unwrap_err();
        assert!(err.to_string().contains("PACKER_SCAFFOLD_AUTHOR"), "{err}");
    }
}
