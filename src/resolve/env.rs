//! Defaults from `PACKER_SCAFFOLD_<KEY>` environment variables, typed and checked as the
//! config file's keys are, a problem reported under the variable's name.

use std::ffi::OsString;

use super::defaults::{Defaults, checked, parse_vcs};
use crate::domain::kind::Kind;
use crate::domain::skeleton::Skeleton;
use crate::error::Error;

/// The keys, as `PACKER_SCAFFOLD_<KEY>` names them.
const KEYS: [&str; 7] = [
    "ORG",
    "AUTHOR",
    "MODULE_PREFIX",
    "KINDS",
    "VCS",
    "TIDY",
    "SKELETON",
];

fn invalid(key: &str, value: &str, problem: String) -> Error {
    Error::InvalidInput {
        what: format!("PACKER_SCAFFOLD_{key}"),
        value: value.to_owned(),
        problem,
        help: format!("fix or unset PACKER_SCAFFOLD_{key}"),
    }
}

/// Each variable that is set, as text: one that is empty or not UTF-8 is an error, not a
/// value silently dropped.
fn read(env: &dyn Fn(&str) -> Option<OsString>) -> Result<Vec<(&'static str, String)>, Error> {
    let mut set = Vec::new();
    for key in KEYS {
        let Some(value) = env(&format!("PACKER_SCAFFOLD_{key}")) else {
            continue;
        };
        let Some(text) = value.to_str() else {
            let shown = value.to_string_lossy();
            return Err(invalid(key, &shown, "it is not valid UTF-8 text".into()));
        };
        if text.is_empty() {
            return Err(invalid(key, "", "it is empty".into()));
        }
        set.push((key, text.to_owned()));
    }
    Ok(set)
}

/// Defaults from `PACKER_SCAFFOLD_<KEY>` variables.
pub fn from_env(env: &dyn Fn(&str) -> Option<OsString>) -> Result<Defaults, Error> {
    let set = read(env)?;
    let var = |key: &str| set.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
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
    let skeleton = match var("SKELETON") {
        None => None,
        Some(v) => Some(
            <Skeleton as clap::ValueEnum>::from_str(&v, false)
                .map_err(|_| invalid("SKELETON", &v, "expected full or minimal".into()))?,
        ),
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
        skeleton,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Vcs;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.into())
    }

    #[test]
    fn an_empty_variable_or_one_that_is_not_utf8_is_refused_by_name() {
        let err = from_env(&env_of(&[("PACKER_SCAFFOLD_ORG", "")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PACKER_SCAFFOLD_ORG ``: it is empty"
        );
        assert_eq!(err.exit_code(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let latin1 = |key: &str| {
                (key == "PACKER_SCAFFOLD_AUTHOR").then(|| OsString::from_vec(b"Jos\xe9".to_vec()))
            };
            let err = from_env(&latin1).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("invalid PACKER_SCAFFOLD_AUTHOR `Jos"),
                "{err}"
            );
            assert!(
                err.to_string().ends_with("it is not valid UTF-8 text"),
                "{err}"
            );
        }
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
