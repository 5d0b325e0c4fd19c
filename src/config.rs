//! The user's defaults: `config.toml` in the platform config directory, `PACKER_SCAFFOLD_*`
//! environment variables, and how they layer. Precedence, highest first: flag, environment,
//! config file, git's configuration (the author), built-in default.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::Vcs;
use crate::error::Error;
use crate::kind::Kind;

/// The config file's name inside the config directory.
const FILE_NAME: &str = "config.toml";

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
}

impl<'de> Deserialize<'de> for Vcs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_vcs(&text).map_err(serde::de::Error::custom)
    }
}

fn parse_vcs(text: &str) -> Result<Vcs, String> {
    match text {
        "git" => Ok(Vcs::Git),
        "none" => Ok(Vcs::None),
        other => Err(format!("unknown vcs `{other}`: expected git or none")),
    }
}

/// The text keys pass the checks of the flags they stand in for, with the problem reported at
/// the value: in the file with its line and column, in the environment with the variable.
mod checked {
    use serde::{Deserialize, Deserializer};

    use crate::error::Error;
    use crate::names;

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

impl Defaults {
    /// `self`, with each unset key taken from `lower`.
    pub fn or(self, lower: Defaults) -> Defaults {
        Defaults {
            org: self.org.or(lower.org),
            author: self.author.or(lower.author),
            module_prefix: self.module_prefix.or(lower.module_prefix),
            kinds: self.kinds.or(lower.kinds),
            vcs: self.vcs.or(lower.vcs),
            tidy: self.tidy.or(lower.tidy),
        }
    }
}

/// The config file of this user on this platform: `$XDG_CONFIG_HOME/packer-scaffold/config.toml`
/// (else `~/.config/…`) on Linux and other Unix systems, `~/Library/Application
/// Support/packer-scaffold/config.toml` on macOS, `%APPDATA%\packer-scaffold\config.toml` on
/// Windows.
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = if cfg!(windows) {
        env("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| Path::new(&h).join("Library/Application Support"))
    } else {
        env("XDG_CONFIG_HOME")
            .filter(|v| Path::new(v).is_absolute())
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|h| Path::new(&h).join(".config")))
    }?;
    Some(base.join("packer-scaffold").join(FILE_NAME))
}

/// Reads a config file; a file that does not exist gives no defaults (unless it was named
/// with `--config`, which must exist).
pub fn read_file(path: &Path, must_exist: bool) -> Result<Defaults, Error> {
    let invalid = |problem: &str, help: String| Error::InvalidInput {
        what: "config file".into(),
        value: path.display().to_string(),
        problem: problem.into(),
        help,
    };
    if path.is_dir() {
        return Err(invalid(
            "it is a directory",
            if must_exist {
                format!(
                    "name the file itself, e.g. --config {}, or leave out --config",
                    crate::shell::quote(&path.join(FILE_NAME).display().to_string())
                )
            } else {
                "move the directory away, or pass --config FILE or --no-config".into()
            },
        ));
    }
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Ok(Defaults::default());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::InvalidInput {
                what: "--config file".into(),
                value: path.display().to_string(),
                problem: "it does not exist".into(),
                help: format!(
                    "write one with `packer-scaffold config init --config {}`, or leave out --config",
                    path.display()
                ),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(invalid(
                "it is not valid UTF-8 text",
                "save it as UTF-8, or run with --no-config".into(),
            ));
        }
        Err(e) => return Err(Error::io("read the config file", path, e)),
    };
    toml::from_str(&text).map_err(|e| Error::BadConfig {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

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

/// A commented example config, written by `config init`.
pub const EXAMPLE: &str = r#"# packer-scaffold's defaults. Every key is optional; a flag or a PACKER_SCAFFOLD_<KEY>
# environment variable (PACKER_SCAFFOLD_ORG, …) overrides the value here.

# GitHub owner of new plugin repositories (--org).
# org = "acme"

# Copyright holder (--author). Without it, git's user.name is used.
# author = "Acme Corp"

# Where modules live: the module path becomes <module_prefix>/packer-plugin-<NAME>
# (--module sets the whole path). Without it: github.com/<org>.
# module_prefix = "github.com/acme"

# Kinds every new plugin gets besides the one on the command line (--with).
# kinds = ["datasource"]

# Version control for new repositories: "git" or "none" (--vcs).
# vcs = "git"

# Run `go mod tidy` after writing (--no-tidy turns it off).
# tidy = true
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_example_parses_and_sets_nothing() {
        assert_eq!(
            toml::from_str::<Defaults>(EXAMPLE).unwrap(),
            Defaults::default()
        );
        let uncommented: String = EXAMPLE
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = "))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let all: Defaults = toml::from_str(&uncommented).unwrap();
        assert_eq!(all.org.as_deref(), Some("acme"));
        assert_eq!(all.kinds, Some(vec![Kind::Datasource]));
        assert_eq!(all.vcs, Some(Vcs::Git));
        assert_eq!(all.tidy, Some(true));
    }

    #[test]
    fn the_path_follows_the_platform_rules() {
        if cfg!(windows) || cfg!(target_os = "macos") {
            return;
        }
        let xdg = env_of(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")]);
        assert_eq!(
            default_path(&xdg).unwrap(),
            Path::new("/x/packer-scaffold/config.toml")
        );
        let home = env_of(&[("XDG_CONFIG_HOME", "relative"), ("HOME", "/h")]);
        assert_eq!(
            default_path(&home).unwrap(),
            Path::new("/h/.config/packer-scaffold/config.toml")
        );
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
    fn higher_layers_win_key_by_key() {
        let flags = Defaults {
            org: Some("flag".into()),
            ..Defaults::default()
        };
        let env = Defaults {
            org: Some("env".into()),
            author: Some("Env Author".into()),
            ..Defaults::default()
        };
        let file = Defaults {
            org: Some("file".into()),
            author: Some("File Author".into()),
            vcs: Some(Vcs::None),
            ..Defaults::default()
        };
        let merged = flags.or(env).or(file);
        assert_eq!(merged.org.as_deref(), Some("flag"));
        assert_eq!(merged.author.as_deref(), Some("Env Author"));
        assert_eq!(merged.vcs, Some(Vcs::None));
        assert_eq!(merged.tidy, None);
    }

    #[test]
    fn a_broken_file_names_its_line_and_column() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let path = tmp.path().join("config.toml");
        fs::write(&path, "org = \"acme\"\nvcs = \"svn\"\n").unwrap();
        let err = read_file(&path, false).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 2, column 7"), "{text}");
        assert!(text.contains("unknown vcs `svn`"), "{text}");
        assert!(text.contains(&path.display().to_string()), "{text}");
        fs::write(&path, "orgg = \"acme\"\n").unwrap();
        assert!(
            read_file(&path, false)
                .unwrap_err()
                .to_string()
                .contains("orgg")
        );
        assert_eq!(
            read_file(&tmp.path().join("missing.toml"), false).unwrap(),
            Defaults::default()
        );
        assert!(read_file(&tmp.path().join("missing.toml"), true).is_err());
    }

    #[test]
    fn text_keys_are_checked_like_their_flags_and_say_where() {
        let dir = assert_fs::TempDir::new().unwrap();
        let file = dir.path().join("config.toml");
        for (text, line_col, says) in [
            (
                "vcs = \"git\"\norg = \"bad org\"\n",
                "line 2, column 7",
                "invalid org `bad org`",
            ),
            (
                "author = \"\"\n",
                "line 1, column 10",
                "invalid author ``: it is empty",
            ),
            (
                "module_prefix = \"http://x\"\n",
                "line 1, column 17",
                "`:` is not allowed in a module path; give a prefix such as",
            ),
        ] {
            fs::write(&file, text).unwrap();
            let message = read_file(&file, true).unwrap_err().to_string();
            assert!(message.contains(line_col), "{message}");
            assert!(message.contains(says), "{message}");
        }
        fs::write(
            &file,
            "org = \"acme\"\nmodule_prefix = \"gitlab.example.com/tools/\"\n",
        )
        .unwrap();
        assert!(read_file(&file, true).is_ok());

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

    #[test]
    fn a_directory_or_text_that_is_not_utf8_is_invalid_input_naming_the_file() {
        let tmp = assert_fs::TempDir::new().unwrap();
        for must_exist in [true, false] {
            let err = read_file(tmp.path(), must_exist).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.to_string().ends_with("`: it is a directory"), "{err}");
        }
        let latin1 = tmp.path().join("config.toml");
        fs::write(&latin1, b"author = \"Jos\xe9\"\n").unwrap();
        let err = read_file(&latin1, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid config file `{}`: it is not valid UTF-8 text",
                latin1.display()
            )
        );
        assert_eq!(
            err.help().unwrap(),
            "save it as UTF-8, or run with --no-config"
        );
    }
}
