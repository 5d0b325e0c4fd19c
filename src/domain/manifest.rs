//! The manifest, `.packer-scaffold.toml` at a repository's root: how the repository was made
//! (answers, components, template version) and a content hash of every file the tool wrote, so
//! `add` and `list` can tell generated-and-untouched files from files the user edited.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::kind::Kind;
use crate::domain::model::{Component, Plugin, PluginAnswers};
use crate::domain::names::{
    check_free_text, check_module_path, check_name_shape, check_not_built_in, check_org, free_text,
};
use crate::domain::plan::{Plan, PlannedFile};
use crate::domain::skeleton::Skeleton;
use crate::error::Error;

/// The manifest's file name, at the repository root.
pub const FILE_NAME: &str = ".packer-scaffold.toml";

const HEADER: &str = "\
# Written by packer-scaffold: how this repository was made. `packer-scaffold add` and
# `packer-scaffold list` read it. You may edit [answers] (new files use the new values);
# [[component]] and [files] are kept by the tool, which rewrites this file on `add`.
# The format is documented in docs/manifest.md of packer-scaffold.

";

/// The whole manifest, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The packer-scaffold release that last wrote the manifest.
    pub packer_scaffold_version: String,
    /// Identifies the exact embedded template set (a digest of its files).
    pub template_version: String,
    pub answers: PluginAnswers,
    #[serde(default, rename = "component")]
    pub components: Vec<StoredComponent>,
    /// `sha256:<hex>` of every file as the tool last wrote it, by `/`-separated path.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
}

/// A path of `[files]`: commands read, replace and delete the files it names (`upgrade`), so
/// it must be a plain `/`-separated path inside the repository: relative, without `.`, `..`
/// or empty segments, backslashes or control characters, and not in git's folder or the
/// tool's own files (the manifest, its journal and its lock).
fn check_file_path(path: &str) -> Result<(), Error> {
    const NOT_FILES: [&str; 4] = [
        ".git",
        FILE_NAME,
        ".packer-scaffold.journal",
        ".packer-scaffold.lock",
    ];
    let plain = !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.split('/').all(|seg| !matches!(seg, "" | "." | ".."))
        && !NOT_FILES.contains(&path.split('/').next().unwrap_or(path));
    if plain {
        return Ok(());
    }
    Err(Error::InvalidInput {
        what: "[files] path".into(),
        value: path.to_owned(),
        problem: "it is not a plain relative path inside the repository".into(),
        help: "remove that line from .packer-scaffold.toml".into(),
    })
}

/// One registered component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredComponent {
    pub kind: Kind,
    pub name: String,
    /// Registered as `plugin.DEFAULT_NAME`, so its HCL type is the plugin name.
    pub default: bool,
    /// The Go import path of its package.
    pub package: String,
    pub hcl_type: String,
    /// The templates its files were made from; none in a manifest of 0.1.0 (see `skeleton()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skeleton: Option<Skeleton>,
}

impl StoredComponent {
    /// Its skeleton: as recorded, else that of 0.1.0's components, `minimal`.
    pub fn skeleton(&self) -> Skeleton {
        self.skeleton.unwrap_or_else(Skeleton::unrecorded)
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        <Kind as clap::ValueEnum>::from_str(&text, false).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown kind `{text}`: expected builder, provisioner, post-processor or datasource"
            ))
        })
    }
}

/// `sha256:<hex>` of `bytes`, the form the manifest stores.
pub fn hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

impl Manifest {
    /// A manifest for `answers` and `components`, written by this release with the template
    /// set `template_version`, hashing no file yet.
    pub fn new(
        answers: PluginAnswers,
        components: Vec<StoredComponent>,
        template_version: String,
    ) -> Manifest {
        Manifest {
            packer_scaffold_version: env!("CARGO_PKG_VERSION").to_owned(),
            template_version,
            answers,
            components,
            files: BTreeMap::new(),
        }
    }

    /// The manifest of a new repository rendered as `plan` from `plugin`.
    pub fn for_new(plugin: &Plugin, plan: &Plan, template_version: String) -> Manifest {
        let files = plan
            .files
            .iter()
            .map(|f| (f.path.clone(), hash(&f.contents)));
        Manifest::with_hashes(plugin, files, template_version)
    }

    /// The manifest of a new repository rendered from `plugin`, recording `files`: the path
    /// and hash of each file of its plan that will hold what the templates made.
    pub fn with_hashes(
        plugin: &Plugin,
        files: impl IntoIterator<Item = (String, String)>,
        template_version: String,
    ) -> Manifest {
        Manifest {
            packer_scaffold_version: env!("CARGO_PKG_VERSION").to_owned(),
            template_version,
            answers: plugin.answers(),
            components: plugin.components.iter().map(stored_component).collect(),
            files: files.into_iter().collect(),
        }
    }

    /// The manifest as a file of the plan.
    pub fn planned(&self) -> PlannedFile {
        PlannedFile {
            path: FILE_NAME.to_owned(),
            template: "(manifest)",
            contents: self.to_toml().into_bytes(),
            mode: 0o644,
        }
    }

    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("the manifest is plain TOML data");
        format!("{HEADER}{body}")
    }

    /// Parses and validates manifest text; the error says what and where.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        Manifest::validated(toml::from_str(text).map_err(|e| e.to_string())?)
    }

    /// `manifest` with its free text made plain, if it passes the checks `parse` makes; the
    /// error says what is wrong.
    pub fn validated(mut manifest: Manifest) -> Result<Manifest, String> {
        manifest.answers.author = free_text(&manifest.answers.author);
        manifest.answers.description = free_text(&manifest.answers.description);
        manifest.check().map_err(|e| match e {
            Error::InvalidInput {
                what,
                value,
                problem,
                ..
            } => format!("{what} `{value}` is invalid: {problem}"),
            other => other.to_string(),
        })?;
        Ok(manifest)
    }

    /// Applies the same rules to hand-edited answers as to flags.
    fn check(&self) -> Result<(), Error> {
        let a = &self.answers;
        check_name_shape("answers.name", &a.name)?;
        check_org(&a.org)?;
        check_module_path(&a.module)?;
        check_free_text("answers.author", &a.author)?;
        check_free_text("answers.description", &a.description)?;
        for c in &self.components {
            check_name_shape("component name", &c.name)?;
            if c.default {
                check_not_built_in("answers.name", &a.name, c.kind, &a.name)?;
            }
        }
        for path in self.files.keys() {
            check_file_path(path)?;
        }
        self.check_components()
    }

    /// Each component once, and at most one default of each kind.
    fn check_components(&self) -> Result<(), Error> {
        let invalid = |value: String, problem: String| Error::InvalidInput {
            what: "[[component]]".into(),
            value,
            problem,
            help: "list each component once, with one default of each kind".into(),
        };
        for (i, c) in self.components.iter().enumerate() {
            let earlier = &self.components[..i];
            if earlier.iter().any(|e| e.kind == c.kind && e.name == c.name) {
                return Err(invalid(
                    format!("{} {}", c.kind, c.name),
                    "it is listed twice".into(),
                ));
            }
            if let Some(other) = earlier
                .iter()
                .find(|e| e.kind == c.kind && e.default && c.default)
            {
                return Err(invalid(
                    format!("{} {}", c.kind, c.name),
                    format!(
                        "the {} `{}` is the default already: a plugin has one of each kind",
                        c.kind, other.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether the file at `path` still holds exactly what the tool last wrote there.
    pub fn is_untouched(&self, path: &str, bytes: &[u8]) -> bool {
        self.files.get(path) == Some(&hash(bytes))
    }

    /// The plugin model: stored answers with the current year, and the stored components as
    /// recorded (HCL type, package), every other name derived from kind and name.
    pub fn plugin(&self, year: u32) -> Plugin {
        let a = &self.answers;
        let mut plugin = Plugin::bare(&a.name, &a.org, &a.module, &a.author, &a.description, year);
        plugin.org_type = a.org_type;
        for c in &self.components {
            let mut component =
                Component::recorded(&plugin, c.kind, &c.name, c.default, &c.hcl_type, &c.package);
            component.skeleton = c.skeleton();
            plugin.components.push(component);
        }
        plugin.components.sort_by(|a, b| a.dir.cmp(&b.dir));
        plugin
    }

    /// Records no skeleton for any component, as the releases before skeletons wrote their
    /// manifests (`new --template-release 0.1.0`).
    pub fn forget_skeletons(&mut self) {
        for c in &mut self.components {
            c.skeleton = None;
        }
    }

    /// Records a new component, keeping components in directory order.
    pub fn add_component(&mut self, component: &Component) {
        self.components.push(stored_component(component));
        self.components
            .sort_by(|a, b| (a.kind.as_str(), &a.name).cmp(&(b.kind.as_str(), &b.name)));
    }

    /// Marks this release and the template set `template_version` as the last writer of the
    /// whole repository (`upgrade`).
    pub fn stamp(&mut self, template_version: String) {
        self.packer_scaffold_version = env!("CARGO_PKG_VERSION").to_owned();
        self.template_version = template_version;
    }

    /// Marks this release as the last writer of some files (`add`, `remove`, `rename`). The
    /// template version stays: the repository's other files are still those of the templates
    /// it names, which `upgrade` takes as the base of its merges.
    pub fn touch(&mut self) {
        self.packer_scaffold_version = env!("CARGO_PKG_VERSION").to_owned();
    }
}

fn stored_component(c: &Component) -> StoredComponent {
    StoredComponent {
        kind: c.kind,
        name: c.name.clone(),
        default: c.is_default,
        package: c.import_path.clone(),
        hcl_type: c.hcl_type.clone(),
        skeleton: Some(c.skeleton),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::tests::answers;

    fn manifest() -> Manifest {
        let plugin = Plugin::new(&answers(&[Kind::Builder, Kind::Datasource]));
        let plan = Plan {
            files: vec![PlannedFile {
                path: "main.go".into(),
                template: "t",
                contents: b"package main\n".to_vec(),
                mode: 0o644,
            }],
        };
        Manifest::for_new(&plugin, &plan, "0123456789abcdef".into())
    }

    #[test]
    fn round_trips_through_its_toml_form() {
        let manifest = manifest();
        let text = manifest.to_toml();
        assert!(text.starts_with("# Written by packer-scaffold"));
        assert!(text.contains("[[component]]\nkind = \"builder\"\nname = \"custom-cloud\"\ndefault = true\npackage = \"github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud\"\nhcl_type = \"custom-cloud\"\nskeleton = \"full\"\n"), "{text}");
        assert_eq!(Manifest::parse(&text).unwrap(), manifest);
    }

    #[test]
    fn tells_untouched_files_from_edited_ones() {
        let manifest = manifest();
        assert!(manifest.is_untouched("main.go", b"package main\n"));
        assert!(!manifest.is_untouched("main.go", b"package main\n// mine\n"));
        assert!(!manifest.is_untouched("other.go", b"package main\n"));
    }

    #[test]
    fn hand_edited_answers_are_honoured_and_checked() {
        let text = manifest()
            .to_toml()
            .replace("author = \"Acme Corp\"", "author = \"Acme Ltd\"");
        let plugin = Manifest::parse(&text).unwrap().plugin(2027);
        assert_eq!(plugin.author, "Acme Ltd");
        assert_eq!(plugin.year, 2027);
        assert_eq!(plugin.components.len(), 2);
        assert_eq!(plugin.components[1].hcl_type, "custom-cloud");

        let bad = manifest()
            .to_toml()
            .replace("org = \"acme\"", "org = \"-acme\"");
        let err = Manifest::parse(&bad).unwrap_err();
        assert!(err.contains("-acme"), "{err}");
    }

    #[test]
    fn components_twice_two_defaults_of_a_kind_and_built_in_names_are_refused() {
        let text = manifest().to_toml();
        let start = text.find("\n[[component]]\n").unwrap() + 1;
        let end = text.find("\n[[component]]\nkind = \"datasource\"").unwrap();
        let component = text[start..end].to_owned();
        let twice = text.replacen(&component, &format!("{component}\n{component}"), 1);
        let err = Manifest::parse(&twice).unwrap_err();
        assert!(
            err.contains("builder custom-cloud") && err.contains("listed twice"),
            "{err}"
        );
        let second_default = component.replace("name = \"custom-cloud\"", "name = \"other\"");
        let two = text.replacen(&component, &format!("{component}\n{second_default}"), 1);
        let err = Manifest::parse(&two).unwrap_err();
        assert!(err.contains("is the default already"), "{err}");
        let built_in = text.replace("name = \"custom-cloud\"\norg", "name = \"null\"\norg");
        let err = Manifest::parse(&built_in).unwrap_err();
        assert!(err.starts_with("answers.name `null` is invalid"), "{err}");
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let err = Manifest::parse("packer_scaffold_version = \n").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(
            hash(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
