//! A repository with a manifest, as `remove` and `rename` start from it: the manifest, its
//! bytes, and the plugin it describes with the repository's own conventions (copyright line,
//! how packer-scaffold runs packer-sdc). Refused without a manifest: which files belong to a
//! component is then not known.

use std::path::Path;

use super::{clock, conventions};
use crate::domain::manifest::{FILE_NAME, Manifest};
use crate::domain::model::Plugin;
use crate::error::Error;
use crate::fs::repo;

/// The manifest of `root`, its bytes, and the plugin; `command` names the command in the help.
pub fn load(root: &Path, command: &str) -> Result<(Manifest, Vec<u8>, Plugin), Error> {
    let Some(manifest) = repo::load_manifest(root)? else {
        return Err(Error::InvalidInput {
            what: "repository".into(),
            value: root.display().to_string(),
            problem: format!(
                "it has no {FILE_NAME}, so which files belong to a component is not known"
            ),
            help: format!(
                "run `packer-scaffold add` once (it writes the manifest), then {command}"
            ),
        });
    };
    let bytes = repo::read_bytes(root, FILE_NAME)?.unwrap_or_default();
    let mut plugin = manifest.plugin(clock::current_year());
    if let Some(header) = conventions::copyright(root)? {
        plugin.copyright = header.for_new_files(&plugin.author, plugin.year);
    }
    plugin.packer_sdc = conventions::packer_sdc(root)?.0;
    Ok((manifest, bytes, plugin))
}
