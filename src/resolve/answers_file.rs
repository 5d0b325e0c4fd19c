//! `new --answers FILE`: a manifest's answers and components replayed into a new repository,
//! a plugin made again with the current templates (or a second plugin from a house file of
//! answers). The file is read as the manifest is (bounded, strict), but an answers file may
//! hold only `[answers]` and its components' kind, name, default and skeleton. Components are
//! derived afresh for the new repository: HCL types as recorded when the plugin keeps its name;
//! under another name, as `new` and `add` derive them from it (see `component`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::domain::kind::Kind;
use crate::domain::manifest::{Manifest, StoredComponent};
use crate::domain::model::{Component, Plugin, PluginAnswers, registered_name};
use crate::domain::skeleton::Skeleton;
use crate::error::Error;
use crate::fs::bounded;

/// A read `--answers` file: as a manifest, with what it did not record left empty.
#[derive(Debug)]
pub struct AnswersFile {
    /// Components without `package` or `hcl_type` hold empty strings there.
    pub manifest: Manifest,
    /// It has no `template_version`: not a manifest the tool wrote, but answers written by
    /// hand, whose components without a skeleton take the one `new` would use.
    pub answers_only: bool,
}

/// The file's form: a manifest's keys, only `[answers]` and each component's kind, name and
/// default required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Form {
    packer_scaffold_version: Option<String>,
    template_version: Option<String>,
    answers: PluginAnswers,
    #[serde(default, rename = "component")]
    components: Vec<FormComponent>,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormComponent {
    kind: Kind,
    name: String,
    default: bool,
    package: Option<String>,
    hcl_type: Option<String>,
    skeleton: Option<Skeleton>,
}

/// The answers file at `path`.
pub fn load(path: &Path) -> Result<AnswersFile, Error> {
    let refuse = |problem: String, help: &str| Error::InvalidInput {
        what: "--answers".into(),
        value: path.display().to_string(),
        problem,
        help: help.into(),
    };
    const GIVE: &str = "give the .packer-scaffold.toml of a plugin repository, or a file of \
                        [answers] and [[component]] tables (docs/user-guide.md, `new`)";
    let text = match bounded::read_text(path) {
        Ok(Some(text)) => text,
        Ok(None) => return Err(refuse("it does not exist".into(), GIVE)),
        Err(refused) => return Err(refuse(format!("it {}", refused.problem()), GIVE)),
    };
    let file = parse(&text).map_err(|message| {
        refuse(
            format!("it is not a manifest or answers file: {message}"),
            "fix the file: it needs [answers] (name, org, module, author, description) and a \
             [[component]] (kind, name, default) per component; docs/manifest.md lists the keys",
        )
    })?;
    if file.manifest.components.is_empty() {
        return Err(refuse("it records no component".into(), GIVE));
    }
    Ok(file)
}

/// Parses and checks the text of an answers file, as a manifest's are checked.
fn parse(text: &str) -> Result<AnswersFile, String> {
    let form: Form = toml::from_str(text).map_err(|e| e.to_string())?;
    let answers_only = form.template_version.is_none();
    let components = form.components.into_iter().map(|c| StoredComponent {
        kind: c.kind,
        name: c.name,
        default: c.default,
        package: c.package.unwrap_or_default(),
        hcl_type: c.hcl_type.unwrap_or_default(),
        skeleton: c.skeleton,
    });
    let manifest = Manifest {
        packer_scaffold_version: form.packer_scaffold_version.unwrap_or_default(),
        template_version: form.template_version.unwrap_or_default(),
        answers: form.answers,
        components: components.collect(),
        files: form.files,
    };
    Ok(AnswersFile {
        manifest: Manifest::validated(manifest)?,
        answers_only,
    })
}

/// The kinds of the recorded components, the first one's first (the plugin name is checked
/// against it, as for `new <KIND>`).
pub fn kinds(file: &AnswersFile) -> Vec<Kind> {
    file.manifest.components.iter().map(|c| c.kind).collect()
}

/// The recorded components, made for `plugin`: folders and import paths derived from its
/// module; HCL types (and so registrations) as recorded, re-derived for `plugin`'s name when
/// the file's components were registered under another. `skeleton` is for the components of
/// an answers-only file that name none.
pub fn components(plugin: &Plugin, file: &AnswersFile, skeleton: Skeleton) -> Vec<Component> {
    let manifest = &file.manifest;
    let under = renamed_from(plugin, file);
    let mut out: Vec<Component> = manifest
        .components
        .iter()
        .map(|stored| {
            let mut c = match &under {
                Some(old) => renamed(plugin, manifest, stored, old),
                None => component(plugin, stored),
            };
            c.skeleton = match stored.skeleton {
                None if file.answers_only => skeleton,
                _ => stored.skeleton(),
            };
            c
        })
        .collect();
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

/// A component of a plugin that keeps the recorded plugin name: its HCL type as recorded.
fn component(plugin: &Plugin, stored: &StoredComponent) -> Component {
    let mut c = Component::new(plugin, stored.kind, &stored.name, stored.default);
    if !stored.hcl_type.is_empty() && stored.hcl_type != c.hcl_type {
        if let Some(registered) = registered_name(&plugin.name, stored.default, &stored.hcl_type) {
            c.register_name = format!("\"{registered}\"");
        }
        c.hcl_type = stored.hcl_type.clone();
    }
    c
}

/// A component registered under the plugin name `old`, made for `plugin`, named otherwise:
/// one named after `old` is named after `plugin` (as `new` names it), unless its kind has a
/// component of that name already. Its HCL type is derived as `new` and `add` derive it: the
/// plugin name for a kind's default, `<plugin>-<name>` for the others; a name registered
/// otherwise than after the component (`<old>-<registered>`, customised by hand) is kept, as
/// `<plugin>-<registered>`; an HCL type that never followed the plugin name stays as it is.
fn renamed(plugin: &Plugin, manifest: &Manifest, stored: &StoredComponent, old: &str) -> Component {
    let taken = manifest
        .components
        .iter()
        .any(|c| c.kind == stored.kind && c.name == plugin.name);
    let name = if stored.name == old && !taken {
        plugin.name.as_str()
    } else {
        stored.name.as_str()
    };
    let mut c = Component::new(plugin, stored.kind, name, stored.default);
    if stored.default || stored.hcl_type.is_empty() {
        return c;
    }
    match stored
        .hcl_type
        .strip_prefix(old)
        .and_then(|r| r.strip_prefix('-'))
    {
        Some(registered) if registered == stored.name => {}
        Some(registered) => {
            c.register_name = format!("\"{registered}\"");
            c.hcl_type = format!("{}-{registered}", plugin.name);
        }
        None => {
            c.register_name = format!("\"{}\"", stored.hcl_type);
            c.hcl_type = stored.hcl_type.clone();
        }
    }
    c
}

/// The plugin name the file's components were registered under, when it is not `plugin`'s:
/// their HCL types are then derived from `plugin`'s.
pub fn renamed_from(plugin: &Plugin, file: &AnswersFile) -> Option<String> {
    registered_under(&file.manifest).filter(|old| *old != plugin.name)
}

/// The plugin name the file's components were registered under: a default component's HCL
/// type (always the plugin name), else the name a component's package path gives
/// (`…/packer-plugin-<name>/<kind>/<component>`), else what an HCL type `<plugin>-<component>`
/// says. None in an answers file that records neither.
fn registered_under(manifest: &Manifest) -> Option<String> {
    let components = &manifest.components;
    let recorded = |c: &&StoredComponent| !c.hcl_type.is_empty();
    let from_default = components
        .iter()
        .filter(recorded)
        .find(|c| c.default)
        .map(|c| c.hcl_type.clone());
    let from_package = || {
        components.iter().find_map(|c| {
            let module = c
                .package
                .strip_suffix(&format!("/{}/{}", c.kind.as_str(), c.name))?;
            let repository = module.rsplit('/').next()?;
            Some(repository.strip_prefix("packer-plugin-")?.to_owned())
        })
    };
    let from_type = || {
        components.iter().filter(recorded).find_map(|c| {
            let plugin = c.hcl_type.strip_suffix(&format!("-{}", c.name))?;
            Some(plugin.to_owned())
        })
    };
    from_default.or_else(from_package).or_else(from_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::tests::answers;

    const HOUSE: &str = r#"
packer_scaffold_version = "0.3.0"
template_version = "0123456789abcdef"

[answers]
name = "other"
org = "acme"
module = "github.com/acme/packer-plugin-other"
author = "Acme Corp"
description = "D"

[[component]]
kind = "builder"
name = "cloud"
default = true
package = "github.com/acme/packer-plugin-cloud/builder/cloud"
hcl_type = "cloud"
skeleton = "full"

[[component]]
kind = "builder"
name = "second"
default = false
package = "github.com/acme/packer-plugin-cloud/builder/second"
hcl_type = "cloud-second"
skeleton = "minimal"

[[component]]
kind = "datasource"
name = "lookup"
default = false
package = "github.com/acme/packer-plugin-cloud/datasource/lookup"
hcl_type = "cloud-images"
"#;

    fn plugin(name: &str) -> Plugin {
        let mut answers = answers(&[Kind::Builder]);
        answers.name = name.into();
        answers.module = format!("github.com/acme/packer-plugin-{name}");
        Plugin::new(&answers)
    }

    fn made(text: &str, name: &str) -> Vec<(String, String, String, Skeleton)> {
        let file = parse(text).unwrap();
        let components = components(&plugin(name), &file, Skeleton::Full);
        let row = |c: Component| (c.dir, c.register_name, c.hcl_type, c.skeleton);
        components.into_iter().map(row).collect()
    }

    #[test]
    fn a_house_file_under_another_name_derives_the_types_from_it() {
        let full = Skeleton::Full;
        let min = Skeleton::Minimal;
        let row = |d: &str, r: &str, h: &str, s| (d.into(), r.into(), h.into(), s);
        assert_eq!(
            made(HOUSE, "other"),
            [
                row("builder/other", "plugin.DEFAULT_NAME", "other", full),
                row("builder/second", "\"second\"", "other-second", min),
                row("datasource/lookup", "\"images\"", "other-images", min),
            ]
        );
        // Under the name it was registered under, every type is as recorded.
        let same = HOUSE.replace("name = \"other\"", "name = \"cloud\"");
        let rows = made(&same, "cloud");
        assert_eq!(rows[1].2, "cloud-second");
        assert_eq!(
            rows[2],
            row("datasource/lookup", "\"images\"", "cloud-images", min)
        );
    }

    #[test]
    fn a_component_keeps_its_name_where_the_new_one_is_taken() {
        let rows = made(HOUSE, "second");
        assert_eq!(rows[0].0, "builder/cloud");
        assert_eq!(rows[0].2, "second");
        assert_eq!(rows[1].2, "second-second");
    }

    #[test]
    fn the_old_name_comes_from_packages_or_types_without_a_default() {
        let no_default = HOUSE
            .replace("default = true", "default = false")
            .replace("hcl_type = \"cloud\"", "hcl_type = \"cloud-cloud\"");
        let rows = made(&no_default, "other");
        assert_eq!(rows[0].1, "\"other\"", "{rows:?}");
        let no_package: String = no_default
            .lines()
            .filter(|l| !l.starts_with("package"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(made(&no_package, "other")[1].2, "other-second");
    }

    #[test]
    fn an_answers_only_file_is_enough() {
        let text = r#"
[answers]
name = "other"
org = "acme"
module = "github.com/acme/packer-plugin-other"
author = "Acme Corp"
description = "D"

[[component]]
kind = "builder"
name = "other"
default = true

[[component]]
kind = "provisioner"
name = "greet"
default = false
skeleton = "minimal"
"#;
        let rows = made(text, "other");
        assert_eq!(
            rows[0],
            (
                "builder/other".into(),
                "plugin.DEFAULT_NAME".into(),
                "other".into(),
                Skeleton::Full
            )
        );
        assert_eq!(rows[1].2, "other-greet");
        assert_eq!(rows[1].3, Skeleton::Minimal);
        let err = parse(&text.replace("default = false", "")).unwrap_err();
        assert!(err.contains("default"), "{err}");
    }
}
