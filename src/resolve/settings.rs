//! The user's defaults and how they layer. The same keys come from three places, highest
//! first: a flag, a `PACKER_SCAFFOLD_*` variable (`env`), the config file (`config_file`).
//! `Settings` keeps the two below the flags apart, so a value can say where it came from;
//! `Settings::pick` is the one place that order is written down.

use std::path::Path;

use super::defaults::Defaults;
use super::source::{Source, Sourced, first};
use super::{config_file, env};
use crate::cli::Vcs;
use crate::domain::skeleton::Skeleton;
use crate::error::Error;

/// The layers below the flags: the environment's defaults and the config file's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub env: Defaults,
    pub file: Defaults,
}

impl Settings {
    /// Reads both layers: the config file `file` names (`--config`), else the user's own if
    /// there is one; `no_config` leaves the file out.
    pub fn load(file: Option<&Path>, no_config: bool) -> Result<Settings, Error> {
        let var = |key: &str| std::env::var(key).ok();
        let env = env::from_env(&|key: &str| std::env::var_os(key))?;
        let file = match (file, no_config) {
            (_, true) => Defaults::default(),
            (Some(path), false) => config_file::read_file(path, true)?,
            (None, false) => match config_file::default_path(&var) {
                Some(path) => config_file::read_file(&path, false)?,
                None => Defaults::default(),
            },
        };
        Ok(Settings { env, file })
    }

    /// The value of one key: the flag's, else the environment's (`PACKER_SCAFFOLD_<var>`),
    /// else the config file's.
    pub fn pick<T>(
        &self,
        flag: Option<T>,
        var: &'static str,
        key: impl Fn(&Defaults) -> Option<T>,
    ) -> Option<Sourced<T>> {
        first([
            (Source::Flag, flag),
            (Source::Env(var), key(&self.env)),
            (Source::ConfigFile, key(&self.file)),
        ])
    }

    /// Whether to run `go mod tidy`: `--tidy`/`--no-tidy`, else the defaults, else yes.
    pub fn tidy(&self, flag: Option<bool>) -> bool {
        self.pick(flag, "TIDY", |d| d.tidy).is_none_or(|s| s.value)
    }

    /// The skeleton of the components `new` makes, and `add` makes in a repository with no
    /// skeleton of its own: `--skeleton`, else the defaults, else none (the caller's default).
    pub fn skeleton(&self, flag: Option<Skeleton>) -> Option<Skeleton> {
        self.pick(flag, "SKELETON", |d| d.skeleton).map(|s| s.value)
    }

    /// Which version control `new` sets up: `--vcs`, else the defaults, else git.
    pub fn vcs(&self, flag: Option<Vcs>) -> Vcs {
        self.pick(flag, "VCS", |d| d.vcs)
            .map_or(Vcs::Git, |s| s.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_beats_the_environment_which_beats_the_file_key_by_key() {
        let settings = Settings {
            env: Defaults {
                org: Some("env".into()),
                author: Some("Env Author".into()),
                ..Defaults::default()
            },
            file: Defaults {
                org: Some("file".into()),
                author: Some("File Author".into()),
                vcs: Some(Vcs::None),
                ..Defaults::default()
            },
        };
        let org = |flag: Option<&str>| {
            settings
                .pick(flag.map(str::to_owned), "ORG", |d| d.org.clone())
                .unwrap()
        };
        assert_eq!(org(Some("flag")).value, "flag");
        assert_eq!(org(Some("flag")).source, Source::Flag);
        assert_eq!(org(None).value, "env");
        assert_eq!(org(None).source, Source::Env("ORG"));
        let vcs = settings.pick(None, "VCS", |d| d.vcs).unwrap();
        assert_eq!((vcs.value, vcs.source), (Vcs::None, Source::ConfigFile));
        assert_eq!(settings.vcs(Some(Vcs::Git)), Vcs::Git);
        assert_eq!(settings.vcs(None), Vcs::None);
        assert!(settings.tidy(None));
        assert!(!settings.tidy(Some(false)));
    }
}
