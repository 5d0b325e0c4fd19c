//! The template set embedded in the binary and its catalog (file modes, conditional files).

use std::collections::BTreeMap;

use include_dir::{Dir, DirEntry, File, include_dir};
use serde::Deserialize;

use crate::domain::model::Plugin;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The file under `templates/` that holds the catalog rather than a template.
const CATALOG: &str = "catalog.toml";

/// Suffix of files that are rendered; every other file is copied byte for byte.
pub const TERA_SUFFIX: &str = ".tera";

/// One embedded file, named by its path under `templates/` with `/` separators.
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

/// Every embedded template file except the catalog, sorted by name.
pub fn files() -> Vec<TemplateFile> {
    let mut files = Vec::new();
    collect(&TEMPLATES, &mut files);
    files.retain(|f| f.name != CATALOG);
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
/// template's name and bytes. Recorded in each manifest.
pub fn version() -> String {
    let mut all = Vec::new();
    for file in files() {
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
#[derive(Debug, Default, Deserialize)]
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
        let text = TEMPLATES
            .get_file(CATALOG)
            .and_then(|f| f.contents_utf8())
            .expect("templates/catalog.toml is embedded");
        toml::from_str(text).expect("templates/catalog.toml is valid")
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
