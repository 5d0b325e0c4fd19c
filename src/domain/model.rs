//! The typed model of a plugin: resolved answers plus components, with every derived name
//! (Go package, import alias, HCL type, docs slug…) computed once, here.

use heck::{ToPascalCase, ToSnakeCase, ToTitleCase};
use serde::{Deserialize, Serialize};

use crate::domain::kind::Kind;
use crate::domain::names::go_package;
use crate::domain::skeleton::Skeleton;

/// How the `//go:generate` lines of a repository made by `new` run packer-sdc: by name, the
/// version go.mod's `tool` directive pins being put first on PATH by `make generate` (which
/// finds it once with `go tool -n packer-sdc`, not once per line).
pub const PACKER_SDC: &str = "packer-sdc";

/// What kind of GitHub account `org` is, when the user says (`new --org-type`). Only CODEOWNERS
/// depends on it: a user is named as is, an organization through a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OrgType {
    /// A personal account
    User,
    /// An organization
    Organization,
}

/// The answers a repository is made from, as the manifest keeps them: all validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginAnswers {
    pub name: String,
    pub org: String,
    pub module: String,
    pub author: String,
    pub description: String,
    /// What kind of account `org` is, when `new --org-type` said (CODEOWNERS follows it);
    /// absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_type: Option<OrgType>,
}

impl PluginAnswers {
    /// These answers for a new repository with components of `kinds`, copyright `year`.
    pub fn with(self, kinds: Vec<Kind>, year: u32) -> Answers {
        Answers {
            name: self.name,
            kinds,
            org: self.org,
            module: self.module,
            author: self.author,
            description: self.description,
            year,
            skeleton: Skeleton::default(),
        }
    }
}

/// The answers a repository is made from, all validated, with its kinds and copyright year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub name: String,
    pub kinds: Vec<Kind>,
    pub org: String,
    pub module: String,
    pub author: String,
    pub description: String,
    pub year: u32,
    /// The skeleton of every component `new` makes.
    pub skeleton: Skeleton,
}

/// A plugin repository to render.
#[derive(Debug, Clone, Serialize)]
pub struct Plugin {
    pub name: String,
    pub binary: String,
    pub package: String,
    pub title: String,
    pub module: String,
    pub org: String,
    pub source: String,
    pub identifier: String,
    /// Whether `source` is `github.com/<owner>/<name>`, the only form `packer init` and
    /// `packer plugins install <source>` download (from the GitHub releases of
    /// `<owner>/packer-plugin-<name>`). Any other source must be installed with
    /// `packer plugins install --path`.
    pub github_hosted: bool,
    /// How `//go:generate` lines run packer-sdc: `packer-sdc` (the version go.mod's `tool`
    /// directive pins, put on PATH by `make generate`, as `new` writes it), or as the
    /// repository already does (`go tool packer-sdc` in one made before that).
    pub packer_sdc: String,
    pub repo_url: String,
    /// What kind of account `org` is, if known (`new --org-type`); `add` never needs it.
    pub org_type: Option<OrgType>,
    pub description: String,
    pub author: String,
    pub year: u32,
    /// The copyright line files start with (after the comment marker): `Copyright (c) <year>
    /// <author>`, or in an adopted repository its own style.
    pub copyright: String,
    #[serde(skip)]
    pub components: Vec<Component>,
}

/// One registered component (a builder, provisioner, post-processor or data source).
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    pub kind: Kind,
    pub name: String,
    pub package: String,
    pub dir: String,
    pub import_path: String,
    pub import_alias: String,
    pub go_type: &'static str,
    pub register_fn: &'static str,
    pub register_name: String,
    pub hcl_type: String,
    pub is_default: bool,
    pub title: String,
    pub ident: String,
    pub snake: String,
    pub slug: String,
    pub docs_folder: &'static str,
    pub web_type: &'static str,
    pub kind_title: &'static str,
    /// Which templates make its files: `full` or `minimal`.
    pub skeleton: Skeleton,
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Plugin {
    /// Builds the model for `new`: one component per chosen kind, each named after the plugin
    /// and registered as the kind's default, so its HCL type is the plugin name itself.
    pub fn new(answers: &Answers) -> Plugin {
        let mut kinds = answers.kinds.clone();
        kinds.sort();
        kinds.dedup();
        let mut plugin = Plugin::bare(
            &answers.name,
            &answers.org,
            &answers.module,
            &answers.author,
            &answers.description,
            answers.year,
        );
        for kind in kinds {
            let mut component = Component::new(&plugin, kind, &answers.name, true);
            component.skeleton = answers.skeleton;
            plugin.components.push(component);
        }
        plugin.components.sort_by(|a, b| a.dir.cmp(&b.dir));
        plugin
    }

    /// A plugin with every plugin-level name derived and no components yet.
    pub fn bare(
        name: &str,
        org: &str,
        module: &str,
        author: &str,
        description: &str,
        year: u32,
    ) -> Plugin {
        let source = plugin_source(module, org, name);
        Plugin {
            binary: format!("packer-plugin-{name}"),
            package: go_package(name),
            title: name.to_title_case(),
            github_hosted: is_github_source(&source),
            packer_sdc: PACKER_SDC.to_owned(),
            copyright: format!("Copyright (c) {year} {author}"),
            identifier: format!("packer/{org}/{name}"),
            repo_url: repo_url(module, org, name),
            org_type: None,
            source,
            name: name.to_owned(),
            module: module.to_owned(),
            org: org.to_owned(),
            description: description.to_owned(),
            author: author.to_owned(),
            year,
            components: Vec::new(),
        }
    }

    /// The answers the plugin was made from.
    pub fn answers(&self) -> PluginAnswers {
        PluginAnswers {
            name: self.name.clone(),
            org: self.org.clone(),
            module: self.module.clone(),
            author: self.author.clone(),
            description: self.description.clone(),
            org_type: self.org_type,
        }
    }

    /// Adds `component`, keeping components in directory order as `new` does.
    pub fn push_component(&mut self, component: Component) {
        self.components.push(component);
        self.components.sort_by(|a, b| a.dir.cmp(&b.dir));
    }

    pub fn has_kind(&self, kind: Kind) -> bool {
        self.components.iter().any(|c| c.kind == kind)
    }

    /// What `packer init` will and will not do for a module path that does not end in the
    /// repository's name (`example.com/x/y`): the source falls back to
    /// `github.com/<owner>/<name>`, downloaded from a GitHub repository the module path does
    /// not name.
    pub fn source_warning(&self) -> Option<String> {
        let repository = format!("packer-plugin-{}", self.name);
        let ends_in_repository = self
            .module
            .strip_suffix(&repository)
            .is_some_and(|parent| parent.ends_with('/'));
        (!ends_in_repository).then(|| {
            format!(
                "the module path `{module}` does not end in /{repository}, so the plugin's source \
                 is `{source}`: `packer init` downloads it from the GitHub releases of \
                 `github.com/{org}/{repository}`, never from `{module}`; publish the releases \
                 there, or give a module path that ends in /{repository}",
                module = self.module,
                source = self.source,
                org = self.org,
            )
        })
    }

    /// What users of a plugin whose source `packer init` cannot download must do instead.
    pub fn install_warning(&self) -> Option<String> {
        (!self.github_hosted).then(|| {
            format!(
                "`packer init` cannot download `{source}`: it downloads plugins only from the \
                 GitHub releases of `github.com/<owner>/<name>` sources. Users of the plugin must \
                 install a release binary with `packer plugins install --path <binary> {source}`; \
                 the generated README says so",
                source = self.source
            )
        })
    }
}

impl Component {
    /// Derives every name of a component of `plugin`.
    pub fn new(plugin: &Plugin, kind: Kind, name: &str, is_default: bool) -> Component {
        let package = go_package(name);
        let dir = format!("{}/{}", kind.as_str(), name);
        let (register_name, hcl_type) = if is_default {
            ("plugin.DEFAULT_NAME".to_owned(), plugin.name.clone())
        } else {
            (format!("\"{name}\""), format!("{}-{}", plugin.name, name))
        };
        Component {
            kind,
            name: name.to_owned(),
            import_path: format!("{}/{}", plugin.module, dir),
            import_alias: format!("{package}{}", kind.alias_suffix()),
            package,
            dir,
            go_type: kind.go_type(),
            register_fn: kind.register_fn(),
            register_name,
            hcl_type,
            is_default,
            title: name.to_title_case(),
            ident: name.to_pascal_case(),
            snake: name.to_snake_case(),
            slug: name.to_owned(),
            docs_folder: kind.docs_folder(),
            web_type: kind.web_type(),
            kind_title: kind.title(),
            skeleton: Skeleton::default(),
        }
    }
}

impl Component {
    /// A component as a manifest records it: the HCL type (and so the name main.go registers
    /// it under) and the Go package as they were found, every other name derived from `name`,
    /// its folder. A repository made by hand registers `scaffolding/` as `my-builder`.
    pub fn recorded(
        plugin: &Plugin,
        kind: Kind,
        name: &str,
        is_default: bool,
        hcl_type: &str,
        import_path: &str,
    ) -> Component {
        let mut component = Component::new(plugin, kind, name, is_default);
        if let Some(registered) = registered_name(&plugin.name, is_default, hcl_type) {
            component.register_name = format!("\"{registered}\"");
        }
        component.hcl_type = hcl_type.to_owned();
        component.import_path = import_path.to_owned();
        if let Some(dir) = import_path.strip_prefix(&format!("{}/", plugin.module)) {
            component.dir = dir.to_owned();
        }
        component
    }
}

/// The name a component of plugin `plugin` with HCL type `hcl_type` is registered under:
/// `None` for the default (`plugin.DEFAULT_NAME`), else the type without `<plugin>-`.
pub fn registered_name<'a>(plugin: &str, is_default: bool, hcl_type: &'a str) -> Option<&'a str> {
    if is_default {
        return None;
    }
    Some(
        hcl_type
            .strip_prefix(plugin)
            .and_then(|rest| rest.strip_prefix('-'))
            .unwrap_or(hcl_type),
    )
}

/// The address `required_plugins` and `packer plugins install` use: the module path with the
/// repository's `packer-plugin-` prefix dropped, or the GitHub address when the module path
/// does not end in the repository name.
fn plugin_source(module: &str, org: &str, name: &str) -> String {
    let repo = format!("/packer-plugin-{name}");
    match module.strip_suffix(&repo) {
        Some(parent) if parent.split('/').count() >= 2 => format!("{parent}/{name}"),
        _ => format!("github.com/{org}/{name}"),
    }
}

/// Whether `packer init` can download the plugin at `source`: its GitHub getter takes exactly
/// `github.com/<namespace>/<name>` and refuses every other host.
fn is_github_source(source: &str) -> bool {
    let parts: Vec<_> = source.split('/').collect();
    parts.len() == 3 && parts[0] == "github.com"
}

/// The web address of the repository: the module path on github.com, or anywhere when it ends
/// in the repository's own name (GitLab, Gitea and the like serve it there); else the GitHub
/// repository of the owner.
fn repo_url(module: &str, org: &str, name: &str) -> String {
    let repository = format!("packer-plugin-{name}");
    if module.starts_with("github.com/") || module.rsplit('/').next() == Some(repository.as_str()) {
        format!("https://{module}")
    } else {
        format!("https://github.com/{org}/{repository}")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn answers(kinds: &[Kind]) -> Answers {
        Answers {
            name: "custom-cloud".into(),
            kinds: kinds.to_vec(),
            org: "acme".into(),
            module: "github.com/acme/packer-plugin-custom-cloud".into(),
            author: "Acme Corp".into(),
            description: "A Packer plugin for Custom Cloud.".into(),
            year: 2026,
            skeleton: Default::default(),
        }
    }

    #[test]
    fn derives_names_once_from_the_plugin_name() {
        let plugin = Plugin::new(&answers(&Kind::ALL));
        assert_eq!(plugin.package, "customcloud");
        assert_eq!(plugin.binary, "packer-plugin-custom-cloud");
        assert_eq!(plugin.title, "Custom Cloud");
        assert_eq!(plugin.source, "github.com/acme/custom-cloud");
        assert_eq!(plugin.identifier, "packer/acme/custom-cloud");
        let dirs: Vec<_> = plugin.components.iter().map(|c| c.dir.as_str()).collect();
        assert_eq!(
            dirs,
            [
                "builder/custom-cloud",
                "datasource/custom-cloud",
                "post-processor/custom-cloud",
                "provisioner/custom-cloud"
            ]
        );
        let pp = &plugin.components[2];
        assert_eq!(pp.import_alias, "customcloudpostprocessor");
        assert_eq!(pp.register_name, "plugin.DEFAULT_NAME");
        assert_eq!(pp.hcl_type, "custom-cloud");
        assert_eq!(pp.ident, "CustomCloud");
        assert_eq!(pp.snake, "custom_cloud");
    }

    #[test]
    fn a_second_component_is_named_after_plugin_and_component() {
        let plugin = Plugin::new(&answers(&[Kind::Builder]));
        let second = Component::new(&plugin, Kind::Builder, "second", false);
        assert_eq!(second.hcl_type, "custom-cloud-second");
        assert_eq!(second.register_name, "\"second\"");
    }

    #[test]
    fn the_repository_address_follows_the_module_path_where_it_names_the_repository() {
        assert_eq!(
            repo_url("gitlab.example.com/tools/packer-plugin-x", "acme", "x"),
            "https://gitlab.example.com/tools/packer-plugin-x"
        );
        assert_eq!(
            repo_url("github.com/acme/packer-plugin-x", "acme", "x"),
            "https://github.com/acme/packer-plugin-x"
        );
        assert_eq!(
            repo_url("example.com/x", "acme", "x"),
            "https://github.com/acme/packer-plugin-x"
        );
    }

    #[test]
    fn only_github_com_owner_name_sources_are_github_hosted() {
        let hosted = |module: &str| Plugin::bare("x", "acme", module, "A", "D", 2026).github_hosted;
        assert!(hosted("github.com/acme/packer-plugin-x"));
        // A module path elsewhere that does not end in the repository name: the source falls
        // back to GitHub.
        assert!(hosted("example.com/x"));
        assert!(!hosted("gitlab.example.com/tools/packer-plugin-x"));
        // Deeper GitHub paths are not `github.com/<owner>/<name>` either.
        assert!(!hosted("github.com/acme/plugins/packer-plugin-x"));
        let plugin = Plugin::bare(
            "x",
            "acme",
            "github.com/acme/packer-plugin-x",
            "A",
            "D",
            2026,
        );
        assert_eq!(plugin.install_warning(), None);
        let plugin = Plugin::bare(
            "x",
            "acme",
            "gitlab.example.com/tools/packer-plugin-x",
            "A",
            "D",
            2026,
        );
        let warning = plugin.install_warning().unwrap();
        assert!(
            warning.contains("packer plugins install --path <binary> gitlab.example.com/tools/x"),
            "{warning}"
        );
    }

    #[test]
    fn source_follows_the_module_path() {
        assert_eq!(
            plugin_source("example.com/tools/packer-plugin-x", "acme", "x"),
            "example.com/tools/x"
        );
        assert_eq!(
            plugin_source("example.com/x", "acme", "x"),
            "github.com/acme/x"
        );
    }
}
