//! What `remove` will do, resolved before anything is planned: the repository and its
//! manifest, the component to remove, and the plugin before and after. Refused here: a
//! repository without a manifest, a component the manifest does not have, the plugin's last
//! component, and a kind's default component while the kind has others unless `--default-to`
//! names the one that takes over its HCL type (the plugin's name, in users' templates).

use std::path::PathBuf;

use super::managed;
use crate::cli::RemoveArgs;
use crate::domain::kind::Kind;
use crate::domain::manifest::Manifest;
use crate::domain::model::{Component, Plugin};
use crate::error::Error;
use crate::ui::report::Format;

/// `remove`, resolved.
#[derive(Debug)]
pub struct RemoveSpec {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The manifest file's bytes.
    pub manifest_file: Vec<u8>,
    /// The plugin as it is, with the component.
    pub before: Plugin,
    /// The plugin without it.
    pub after: Plugin,
    pub component: Component,
    /// With `--default-to`: the component that becomes the kind's default, as it is and as it
    /// will be (same name and folder; registered as `plugin.DEFAULT_NAME`, HCL type the
    /// plugin's name).
    pub successor: Option<(Component, Component)>,
    pub force: bool,
    pub format: Format,
    pub dry_run: bool,
    /// Whether `make generate` runs after a `--default-to` successor's changed files were
    /// edited.
    pub generate: bool,
}

impl RemoveSpec {
    /// `remove` in the repository at `root`, which the caller has locked.
    pub fn resolve(args: RemoveArgs, root: PathBuf) -> Result<RemoveSpec, Error> {
        let (manifest, manifest_file, before) = managed::load(&root, "remove")?;
        let component = find(&before, args.kind, &args.name)?;
        refuse_last_or_default(&before, &component, args.default_to.is_some())?;
        let successor = match &args.default_to {
            Some(name) => Some(successor(&before, &component, name)?),
            None => None,
        };
        let mut after = before.clone();
        after.components.retain(|c| c.dir != component.dir);
        Ok(RemoveSpec {
            root,
            manifest,
            manifest_file,
            before,
            after,
            component,
            successor,
            force: args.force,
            format: args.format.format,
            dry_run: args.dry_run.dry_run,
            generate: !args.generate.no_generate,
        })
    }

    /// The command as the user would type it, for the journal: `remove builder second`.
    pub fn command(&self) -> String {
        let c = &self.component;
        match &self.successor {
            Some((next, _)) => format!("remove {} {} --default-to {}", c.kind, c.name, next.name),
            None => format!("remove {} {}", c.kind, c.name),
        }
    }
}

/// The manifest's component of that kind and name.
fn find(plugin: &Plugin, kind: Kind, name: &str) -> Result<Component, Error> {
    if let Some(found) = plugin
        .components
        .iter()
        .find(|c| c.kind == kind && c.name == name)
    {
        return Ok(found.clone());
    }
    let listed: Vec<String> = plugin
        .components
        .iter()
        .map(|c| format!("{} {}", c.kind, c.name))
        .collect();
    Err(Error::InvalidInput {
        what: "component".into(),
        value: format!("{kind} {name}"),
        problem: format!("the manifest has no {kind} named `{name}`"),
        help: format!("name one of: {}", listed.join(", ")),
    })
}

/// A plugin keeps at least one component, and a kind's default stays while the kind has
/// others, unless one is named to take over (`handed_over`).
fn refuse_last_or_default(
    plugin: &Plugin,
    component: &Component,
    handed_over: bool,
) -> Result<(), Error> {
    let refuse = |problem: String, help: String| Error::InvalidInput {
        what: "component".into(),
        value: format!("{} {}", component.kind, component.name),
        problem,
        help,
    };
    if plugin.components.len() == 1 {
        return Err(refuse(
            "it is the plugin's only component, and a plugin registers at least one".into(),
            "add the component that replaces it first, then remove this one".into(),
        ));
    }
    let others: Vec<&Component> = plugin
        .components
        .iter()
        .filter(|c| c.kind == component.kind && c.dir != component.dir)
        .collect();
    if component.is_default && !others.is_empty() && !handed_over {
        let names: Vec<String> = others.iter().map(|c| format!("`{}`", c.hcl_type)).collect();
        let first = &others[0].name;
        return Err(refuse(
            format!(
                "it is the default {kind} (HCL type `{}`, the plugin's name); with it gone, \
                 another {kind} ({}) would have to take over that HCL type, which changes it in \
                 every template that uses them",
                component.hcl_type,
                names.join(", "),
                kind = component.kind
            ),
            format!(
                "name the {kind} that takes over the HCL type `{}`: `packer-scaffold remove \
                 {kind} {} --default-to {first}`; its users' templates change from \
                 `{}` to `{}`",
                component.hcl_type,
                component.name,
                others[0].hcl_type,
                component.hcl_type,
                kind = component.kind
            ),
        ));
    }
    Ok(())
}

/// The component named by `--default-to`, as it is and as the kind's default: another
/// component of the removed default's kind.
fn successor(
    plugin: &Plugin,
    removed: &Component,
    name: &str,
) -> Result<(Component, Component), Error> {
    let refuse = |problem: String, help: String| Error::InvalidInput {
        what: "--default-to".into(),
        value: name.to_owned(),
        problem,
        help,
    };
    let kind = removed.kind;
    if !removed.is_default {
        return Err(refuse(
            format!(
                "the {kind} `{}` is not the default {kind} (its HCL type is `{}`), so no other \
                 {kind} has to take over its HCL type",
                removed.name, removed.hcl_type
            ),
            format!(
                "drop --default-to: `packer-scaffold remove {kind} {}`",
                removed.name
            ),
        ));
    }
    let others: Vec<&Component> = plugin
        .components
        .iter()
        .filter(|c| c.kind == kind && c.dir != removed.dir)
        .collect();
    match others.iter().find(|c| c.name == name) {
        Some(found) => {
            let next = Component::new(plugin, kind, &found.name, true);
            let next = Component {
                dir: found.dir.clone(),
                import_path: found.import_path.clone(),
                package: found.package.clone(),
                import_alias: found.import_alias.clone(),
                skeleton: found.skeleton,
                ..next
            };
            Ok(((*found).clone(), next))
        }
        None => {
            let names: Vec<&str> = others.iter().map(|c| c.name.as_str()).collect();
            Err(refuse(
                format!("the plugin has no other {kind} named `{name}`"),
                format!("name one of: {}", names.join(", ")),
            ))
        }
    }
}
