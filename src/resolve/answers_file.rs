//! `new --answers FILE`: a manifest's answers and components replayed into a new repository,
//! a plugin made again with the current templates (or a second plugin from a house file of
//! answers). The file is read as the manifest is (bounded, strict); its components are derived
//! afresh for the new repository, keeping the HCL types it records.

use std::path::Path;

use crate::domain::kind::Kind;
use crate::domain::manifest::{Manifest, StoredComponent};
use crate::domain::model::{Component, Plugin, registered_name};
use crate::error::Error;
use crate::fs::bounded;

/// The manifest at `path`.
pub fn load(path: &Path) -> Result<Manifest, Error> {
    let refuse = |problem: String| Error::InvalidInput {
        what: "--answers".into(),
        value: path.display().to_string(),
        problem,
        help: "give the .packer-scaffold.toml of a plugin repository".into(),
    };
    let text = match bounded::read_text(path) {
        Ok(Some(text)) => text,
        Ok(None) => return Err(refuse("it does not exist".into())),
        Err(refused) => return Err(refuse(format!("it {}", refused.problem()))),
    };
    let manifest = Manifest::parse(&text).map_err(|message| Error::BadManifest {
        path: path.to_owned(),
        message,
    })?;
    if manifest.components.is_empty() {
        return Err(refuse("it records no component".into()));
    }
    Ok(manifest)
}

/// The kinds of the recorded components, the first one's first (the plugin name is checked
/// against it, as for `new <KIND>`).
pub fn kinds(manifest: &Manifest) -> Vec<Kind> {
    manifest.components.iter().map(|c| c.kind).collect()
}

/// The recorded components, made for `plugin`: folders and import paths derived from its
/// module, HCL types (and so registrations) as recorded.
pub fn components(plugin: &Plugin, manifest: &Manifest) -> Vec<Component> {
    let mut out: Vec<Component> = manifest
        .components
        .iter()
        .map(|stored| component(plugin, stored))
        .collect();
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

fn component(plugin: &Plugin, stored: &StoredComponent) -> Component {
    let mut c = Component::new(plugin, stored.kind, &stored.name, stored.default);
    if stored.hcl_type != c.hcl_type {
        if let Some(registered) = registered_name(&plugin.name, stored.default, &stored.hcl_type) {
            c.register_name = format!("\"{registered}\"");
        }
        c.hcl_type = stored.hcl_type.clone();
    }
    c.skeleton = stored.skeleton();
    c
}
