//! What `rename` will do, resolved before anything is planned: the repository and its
//! manifest, the component as it is and as it will be (same kind, same default status: a
//! default keeps its HCL type, the plugin's name; any other gets `<plugin>-<new name>`), and the
//! plugin after. Refused here: a repository without a manifest, a component it does not have,
//! and a new name that breaks the name rules or clashes with a component of that kind.

use std::path::PathBuf;

use super::{conventions, managed};
use crate::cli::RenameArgs;
use crate::domain::manifest::Manifest;
use crate::domain::model::{Component, Plugin};
use crate::domain::names::{check_name_shape, check_not_built_in};
use crate::error::Error;
use crate::ui::report::Format;

/// `rename`, resolved.
#[derive(Debug)]
pub struct RenameSpec {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub manifest_file: Vec<u8>,
    pub before: Plugin,
    pub after: Plugin,
    pub old: Component,
    pub new: Component,
    pub format: Format,
    pub dry_run: bool,
    /// Whether `make generate` runs after files the user changed were moved.
    pub generate: bool,
    /// go.mod requires another packer-plugin-sdk than the templates: fresh web-docs pages
    /// quote the SDK's partials otherwise than `make generate` does there.
    pub sdk_differs: bool,
}

impl RenameSpec {
    /// What can be checked before the repository is opened: the new name.
    pub fn check_args(args: &RenameArgs) -> Result<(), Error> {
        check_name_shape("component name", &args.new)
    }

    /// `rename` in the repository at `root`, which the caller has locked.
    pub fn resolve(args: RenameArgs, root: PathBuf) -> Result<RenameSpec, Error> {
        let (manifest, manifest_file, before) = managed::load(&root, "rename")?;
        let old = find(&before, &args)?;
        let mut new = Component::new(&before, old.kind, &args.new, old.is_default);
        new.skeleton = old.skeleton;
        check_not_built_in("component name", &args.new, new.kind, &new.hcl_type)?;
        refuse_clash(&before, &old, &new)?;
        let mut after = before.clone();
        after.components.retain(|c| c.dir != old.dir);
        after.push_component(new.clone());
        Ok(RenameSpec {
            sdk_differs: conventions::sdk_differs(&root)?,
            root,
            manifest,
            manifest_file,
            before,
            after,
            old,
            new,
            format: args.format.format,
            dry_run: args.dry_run.dry_run,
            generate: !args.generate.no_generate,
        })
    }

    /// The command as the user would type it, for the journal.
    pub fn command(&self) -> String {
        format!(
            "rename {} {} {}",
            self.old.kind, self.old.name, self.new.name
        )
    }

    /// Whether templates that use the component must change.
    pub fn hcl_type_changes(&self) -> bool {
        self.old.hcl_type != self.new.hcl_type
    }
}

fn find(plugin: &Plugin, args: &RenameArgs) -> Result<Component, Error> {
    let found = plugin
        .components
        .iter()
        .find(|c| c.kind == args.kind && c.name == args.old);
    found.cloned().ok_or_else(|| {
        let listed: Vec<String> = plugin
            .components
            .iter()
            .map(|c| format!("{} {}", c.kind, c.name))
            .collect();
        Error::InvalidInput {
            what: "component".into(),
            value: format!("{} {}", args.kind, args.old),
            problem: format!("the manifest has no {} named `{}`", args.kind, args.old),
            help: format!("name one of: {}", listed.join(", ")),
        }
    })
}

/// The new name must be free among the kind's components, by name and by HCL type.
fn refuse_clash(plugin: &Plugin, old: &Component, new: &Component) -> Result<(), Error> {
    let clash = plugin.components.iter().find(|c| {
        c.kind == new.kind && c.dir != old.dir && (c.name == new.name || c.hcl_type == new.hcl_type)
    });
    match clash {
        Some(c) => Err(Error::ComponentExists {
            what: format!("the {} `{}` (HCL type `{}`)", c.kind, c.name, c.hcl_type),
        }),
        None if old.name == new.name => Err(Error::InvalidInput {
            what: "new name".into(),
            value: new.name.clone(),
            problem: "it is the component's name already".into(),
            help: "give another name".into(),
        }),
        None => Ok(()),
    }
}
