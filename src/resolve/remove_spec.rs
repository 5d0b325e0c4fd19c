//! What `remove` will do, resolved before anything is planned: the repository and its
//! manifest, the component to remove, and the plugin before and after. Refused here: a
//! repository without a manifest, a component the manifest does not have, the plugin's last
//! component, and a kind's default component while the kind has others (another component
//! would have to take over its HCL type, the plugin's name, in users' templates).

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
    pub force: bool,
    pub format: Format,
    pub dry_run: bool,
}

impl RemoveSpec {
    /// `remove` in the repository at `root`, which the caller has locked.
    pub fn resolve(args: RemoveArgs, root: PathBuf) -> Result<RemoveSpec, Error> {
        let (manifest, manifest_file, before) = managed::load(&root, "remove")?;
        let component = find(&before, args.kind, &args.name)?;
        refuse_last_or_default(&before, &component)?;
        let mut after = before.clone();
        after.components.retain(|c| c.dir != component.dir);
        Ok(RemoveSpec {
            root,
            manifest,
            manifest_file,
            before,
            after,
            component,
            force: args.force,
            format: args.format.format,
            dry_run: args.dry_run.dry_run,
        })
    }

    /// The command as the user would type it, for the journal: `remove builder second`.
    pub fn command(&self) -> String {
        format!("remove {} {}", self.component.kind, self.component.name)
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
/// others.
fn refuse_last_or_default(plugin: &Plugin, component: &Component) -> Result<(), Error> {
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
    if component.is_default && !others.is_empty() {
        let names: Vec<String> = others.iter().map(|c| format!("`{}`", c.hcl_type)).collect();
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
                "remove the other {kind}s first, or keep this one (choosing a new default is \
                 not supported yet)",
                kind = component.kind
            ),
        ));
    }
    Ok(())
}
