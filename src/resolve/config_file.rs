//! The user config file: where it is on each platform, reading it (every key checked as its
//! flag is, a problem reported at its line and column), and the commented example
//! `config init` writes.

use std::path::{Path, PathBuf};

use super::defaults::Defaults;
use crate::error::Error;
use crate::error::shell;
use crate::fs::bounded::{self, Refused};

/// The config file's name inside the config directory.
const FILE_NAME: &str = "config.toml";

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
                    shell::quote(&path.join(FILE_NAME).display().to_string())
                )
            } else {
                "move the directory away, or pass --config FILE or --no-config".into()
            },
        ));
    }
    let text = match bounded::read_text(path) {
        Ok(Some(text)) => text,
        Ok(None) if !must_exist => return Ok(Defaults::default()),
        Ok(None) => {
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
        Err(Refused::NotText) => {
            return Err(invalid(
                "it is not valid UTF-8 text",
                "save it as UTF-8, or run with --no-config".into(),
            ));
        }
        Err(Refused::Io(e)) => return Err(Error::io("read the config file", path, e)),
        Err(refused) => {
            return Err(invalid(
                &format!("it {}", refused.problem()),
                "point --config at a config file (`packer-scaffold config init` writes one), or \
                 run with --no-config"
                    .into(),
            ));
        }
    };
    toml::from_str(&text).map_err(|e| Error::BadConfig {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
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

# The shape of new components (--skeleton): "full" (a driver or client with a local
# simulation and a fake, the communicator, cleanup, HCP Packer metadata) or "minimal".
# `add` follows a repository packer-scaffold made all minimal whatever this says.
# skeleton = "full"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Vcs;
    use crate::domain::kind::Kind;
    use std::fs;

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
