//! The template sets embedded in the binary: the current one, and the history of those earlier
//! releases wrote (`templates/history/<release>/`, each with a `release.toml` naming its
//! template version and the versions it pinned), so `upgrade` can render what a repository
//! was made from. Each set has its catalog (file modes, conditional files).

use std::collections::BTreeMap;

use include_dir::{Dir, DirEntry, File, include_dir};
use serde::Deserialize;

use crate::domain::model::Plugin;
use crate::domain::versions;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The file of a set that holds the catalog rather than a template.
const CATALOG: &str = "catalog.toml";

/// The folder under `templates/` holding earlier releases' sets, one folder each.
const HISTORY: &str = "history";

/// The file of a history entry that says which release it is.
const RELEASE: &str = "release.toml";

/// Suffix of files that are rendered; every other file is copied byte for byte.
pub const TERA_SUFFIX: &str = ".tera";

/// One embedded file, named by its path in its set with `/` separators.
#[derive(Debug, Clone, Copy)]
pub struct TemplateFile {
    pub name: &'static str,
    pub contents: &'static [u8],
}

impl TemplateFile {
    pub fn is_rendered(&self) -> bool {
        self.name.ends_with(TERA_SUFFIX)
    }
}

/// The versions a set's templates pin (`{{ versions.* }}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pins {
    pub sdk: String,
    pub go: String,
    pub packer: String,
    pub packer_min: String,
}

impl Pins {
    pub(crate) fn current() -> Pins {
        Pins {
            sdk: versions::SDK.into(),
            go: versions::GO.into(),
            packer: versions::PACKER.into(),
            packer_min: versions::PACKER_MIN.into(),
        }
    }
}

/// A complete template set: its files (catalog aside), its catalog and its pins.
#[derive(Debug)]
pub struct TemplateSet {
    pub files: Vec<TemplateFile>,
    pub catalog: Catalog,
    pub pins: Pins,
}

impl TemplateSet {
    /// The set this binary writes.
    pub fn current() -> TemplateSet {
        TemplateSet {
            files: files(),
            catalog: Catalog::embedded(),
            pins: Pins::current(),
        }
    }

    /// Whether the set tells skeletons apart (`component/<kind>+full/`): sets older than
    /// 0.2.0 made every component the way `minimal` does now.
    pub fn has_skeletons(&self) -> bool {
        self.files.iter().any(|f| {
            f.name
                .strip_prefix("component/")
                .and_then(|rest| rest.split('/').next())
                .is_some_and(|dir| dir.contains('+'))
        })
    }

    /// The set of the release that wrote `template_version`, if the history has it.
    pub fn released(template_version: &str) -> Option<TemplateSet> {
        history()
            .into_iter()
            .find(|r| r.template_version == template_version)
            .map(|r| r.set())
    }
}

/// A release in the history, as its `release.toml` says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseFile {
    release: String,
    template_version: String,
    versions: Pins,
}

/// One entry of the history.
#[derive(Debug, Clone)]
pub struct Release {
    /// The packer-scaffold release, e.g. `0.1.0`.
    pub release: String,
    /// The template version its manifests record.
    pub template_version: String,
    pins: Pins,
    dir: &'static Dir<'static>,
}

impl Release {
    /// Its template set, file names relative to its folder.
    pub fn set(&self) -> TemplateSet {
        let prefix = format!("{}/", self.dir.path().display());
        let mut files = Vec::new();
        collect(self.dir, &mut files);
        for file in &mut files {
            file.name = file.name.strip_prefix(&prefix).unwrap_or(file.name);
        }
        files.retain(|f| f.name != CATALOG && f.name != RELEASE);
        files.sort_by_key(|f| f.name);
        let catalog = read_embedded(self.dir, CATALOG);
        TemplateSet {
            files,
            catalog,
            pins: self.pins.clone(),
        }
    }
}

/// Every release in the history, oldest first. Each is part of the binary, so a broken
/// `release.toml` is a build defect that the history test catches.
pub fn history() -> Vec<Release> {
    let Some(root) = TEMPLATES.get_dir(HISTORY) else {
        return Vec::new();
    };
    let mut releases: Vec<Release> = root
        .dirs()
        .map(|dir| {
            let file: ReleaseFile = read_embedded(dir, RELEASE);
            Release {
                release: file.release,
                template_version: file.template_version,
                pins: file.versions,
                dir,
            }
        })
        .collect();
    releases.sort_by(|a, b| a.release.cmp(&b.release));
    releases
}

/// A TOML file of the embedded folder `dir`, parsed.
fn read_embedded<T: serde::de::DeserializeOwned>(dir: &'static Dir<'static>, name: &str) -> T {
    let path = dir.path().join(name);
    let text = TEMPLATES
        .get_file(&path)
        .and_then(|f| f.contents_utf8())
        .unwrap_or_else(|| panic!("templates/{} is embedded", path.display()));
    toml::from_str(text).unwrap_or_else(|e| panic!("templates/{} is valid: {e}", path.display()))
}

/// Every file of the current set except the catalog, sorted by name.
pub fn files() -> Vec<TemplateFile> {
    let mut files = Vec::new();
    for entry in TEMPLATES.entries() {
        match entry {
            DirEntry::Dir(sub) if sub.path().as_os_str() != HISTORY => collect(sub, &mut files),
            DirEntry::File(file) if file.path().as_os_str() != CATALOG => {
                files.push(template_file(file));
            }
            _ => {}
        }
    }
    files.sort_by_key(|f| f.name);
    files
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<TemplateFile>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect(sub, out),
            DirEntry::File(file) => out.push(template_file(file)),
        }
    }
}

fn template_file(file: &'static File<'static>) -> TemplateFile {
    let name = file
        .path()
        .to_str()
        .expect("template paths are UTF-8 (checked by the template tests)");
    TemplateFile {
        name,
        contents: file.contents(),
    }
}

/// Identifies the exact embedded template set: the first 16 hex digits of a SHA-256 over every
/// template's name and bytes. Recorded in each manifest. build.rs computes it when the
/// templates are embedded, as [`version_of`] would from them (a test compares).
pub fn version() -> String {
    env!("PACKER_SCAFFOLD_TEMPLATE_VERSION").to_owned()
}

/// [`version`] of any set's files (named relative to the set): what build.rs computes for the
/// current set, and what each history entry's `release.toml` records (both checked by tests).
#[cfg(test)]
pub fn version_of(files: &[TemplateFile]) -> String {
    let mut all = Vec::new();
    for file in files {
        all.extend_from_slice(file.name.as_bytes());
        all.push(0);
        all.extend_from_slice(&(file.contents.len() as u64).to_le_bytes());
        all.extend_from_slice(file.contents);
    }
    let hash = crate::domain::manifest::hash(&all);
    let hex = hash.trim_start_matches("sha256:");
    hex[..16].to_owned()
}

/// What `templates/catalog.toml` says about the files.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Octal file modes by destination path; unlisted files are 0644.
    #[serde(default)]
    modes: BTreeMap<String, String>,
    /// Files written only when a property of the plugin holds, by destination path.
    #[serde(default)]
    only_when: BTreeMap<String, Condition>,
}

/// A property of the plugin a file can depend on (`[only_when]` in the catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The plugin's source is `github.com/<owner>/<name>` (`Plugin::github_hosted`).
    GithubHosted,
}

impl Condition {
    pub fn holds_for(self, plugin: &Plugin) -> bool {
        match self {
            Condition::GithubHosted => plugin.github_hosted,
        }
    }
}

impl Catalog {
    /// The embedded catalog. It is part of the binary, so a broken one is a build defect that
    /// the template tests catch.
    pub fn embedded() -> Catalog {
        read_embedded(&TEMPLATES, CATALOG)
    }

    /// The mode of the file written at `path` (relative to the repository root).
    pub fn mode(&self, path: &str) -> u32 {
        self.modes
            .get(path)
            .map(|m| u32::from_str_radix(m, 8).expect("catalog modes are octal"))
            .unwrap_or(0o644)
    }

    /// Whether the file at `path` belongs in the repository of `plugin`.
    pub fn writes(&self, path: &str, plugin: &Plugin) -> bool {
        self.only_when
            .get(path)
            .is_none_or(|condition| condition.holds_for(plugin))
    }

    /// Every path given a mode, so tests can check each one exists in a rendered tree.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.modes.keys().map(String::as_str)
    }

    /// Every conditional path with its condition, so tests can check both outcomes.
    pub fn conditional_paths(&self) -> impl Iterator<Item = (&str, Condition)> {
        self.only_when.iter().map(|(p, c)| (p.as_str(), *c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each entry of the history is the set its release wrote, byte for byte: its files hash
    /// to the template version its `release.toml` (and so the manifests of that release)
    /// records. A changed byte there would make upgrades merge against the wrong base.
    #[test]
    fn the_version_build_rs_computed_is_that_of_the_embedded_files() {
        assert_eq!(version(), version_of(&files()));
    }

    /// The crate's version names the templates this binary writes: a released version is the
    /// history entry of exactly these templates; any other is a pre-release later than every
    /// entry (a build between releases, whose repositories upgrade two-way until its release
    /// freezes the templates).
    #[test]
    fn the_crate_version_agrees_with_the_history() {
        let ours = env!("CARGO_PKG_VERSION");
        let numbers = |v: &str| -> Vec<u64> {
            let core = v.split(['-', '+']).next().unwrap_or(v);
            core.split('.').map(|n| n.parse().unwrap()).collect()
        };
        let history = history();
        match history.iter().find(|r| r.release == ours) {
            Some(release) => assert_eq!(
                release.template_version,
                version(),
                "{ours} is in the history with other templates than these: raise the version"
            ),
            None => {
                assert!(
                    ours.contains('-'),
                    "{ours}: release it by freezing its templates"
                );
                for release in &history {
                    assert!(numbers(ours) > numbers(&release.release), "{ours}");
                }
            }
        }
    }

    #[test]
    fn each_release_in_the_history_hashes_to_its_template_version() {
        let history = history();
        assert_eq!(history[0].release, "0.1.0");
        assert_eq!(history[0].template_version, "f6b2c4cba2b1c00f");
        for release in &history {
            let set = release.set();
            assert!(set.files.iter().any(|f| f.name == "repo/main.go.tera"));
            assert_eq!(
                version_of(&set.files),
                release.template_version,
                "{}",
                release.release
            );
        }
        assert!(files().iter().all(|f| !f.name.starts_with("history/")));
    }
}
