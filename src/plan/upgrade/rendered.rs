//! What one template set renders for the repository a manifest describes, path by path: the
//! files `new` writes (main.go, docs and tables listing every component), each component's
//! files, and the files of its own `add` gave a component it added (those the manifest
//! records). example/build.pkr.hcl and example/README.md are rendered, as `new` wrote them,
//! for the components `new` made.

use std::collections::BTreeMap;

use crate::domain::manifest::{self, Manifest};
use crate::domain::model::{Component, Plugin};
use crate::domain::plan::PlannedFile;
use crate::edit::component::{ComponentTexts, Piece};
use crate::error::Error;
use crate::render::renderer::Renderer;

/// The files `new` renders for the components it made, not for those added later.
const MADE_BY_NEW: [&str; 2] = ["example/build.pkr.hcl", "example/README.md"];

/// The templates `add` alone renders live under this folder.
const ADD_ROOT: &str = "add/";

/// Every file `renderer` writes for `plugin`, by path; `added` names the folders of the
/// components `add` added.
pub fn rendered(
    renderer: &Renderer,
    plugin: &Plugin,
    added: &[String],
) -> Result<BTreeMap<String, PlannedFile>, Error> {
    let mut out: BTreeMap<String, PlannedFile> = renderer
        .repository(plugin)?
        .files
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    let mut made = plugin.clone();
    made.components.retain(|c| !added.contains(&c.dir));
    for path in MADE_BY_NEW {
        if out.contains_key(path) {
            out.insert(path.to_owned(), renderer.repo_file(&made, path)?);
        }
    }
    for component in plugin.components.iter().filter(|c| added.contains(&c.dir)) {
        for file in renderer.component(plugin, component)? {
            if file.template.starts_with(ADD_ROOT) {
                out.insert(file.path.clone(), file);
            }
        }
    }
    Ok(out)
}

/// The folders of the components `add` added: those whose own `add` files (as `renderer`
/// names them) the manifest records.
pub fn added(
    renderer: &Renderer,
    plugin: &Plugin,
    manifest: &Manifest,
) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for component in &plugin.components {
        let files = renderer.component(plugin, component)?;
        let recorded = files
            .iter()
            .any(|f| f.template.starts_with(ADD_ROOT) && manifest.files.contains_key(&f.path));
        if recorded {
            out.push(component.dir.clone());
        }
    }
    Ok(out)
}

/// The files `add` edits in place, as `new` wrote them for the components it made and `add`
/// then edited them for each added component in turn: their base in a grown repository, where
/// `new` would order the lines otherwise. By path: the bytes, and whether the components were
/// taken in reverse (the manifest's order, else the reverse, whichever its hash proves; a
/// file neither proves is left out).
pub fn replayed(
    renderer: &Renderer,
    plugin: &Plugin,
    added: &[String],
    manifest: &Manifest,
) -> BTreeMap<String, (Vec<u8>, bool)> {
    let mut out = BTreeMap::new();
    for (piece, path, _) in Piece::ALL {
        let Some(recorded) = manifest.files.get(path) else {
            continue;
        };
        let proven = [false, true].into_iter().find_map(|reverse| {
            let text = replay(renderer, plugin, added, (piece, path), reverse)?;
            (&manifest::hash(&text) == recorded).then_some((text, reverse))
        });
        if let Some(found) = proven {
            out.insert(path.to_owned(), found);
        }
    }
    // .web-docs/README.md is a copy of docs/README.md where `add` kept it one.
    if let Some((docs, reverse)) = out.get("docs/README.md").cloned()
        && manifest.is_untouched(".web-docs/README.md", &docs)
    {
        out.insert(".web-docs/README.md".into(), (docs, reverse));
    }
    out
}

/// One file `add` edits in place (`piece` at `path`, or .web-docs/README.md as the copy of
/// docs/README.md), rendered for the components `new` made and edited for each added one, in
/// the manifest's order or the `reverse`; `None` when an edit cannot be made.
pub fn replay(
    renderer: &Renderer,
    plugin: &Plugin,
    added: &[String],
    (piece, path): (Piece, &str),
    reverse: bool,
) -> Option<Vec<u8>> {
    let mut made = plugin.clone();
    made.components.retain(|c| !added.contains(&c.dir));
    let mut order: Vec<&Component> = plugin
        .components
        .iter()
        .filter(|c| added.contains(&c.dir))
        .collect();
    if order.is_empty() {
        return None;
    }
    if reverse {
        order.reverse();
    }
    let start = renderer.repo_file(&made, path).ok()?.contents;
    let mut text = String::from_utf8(start).ok()?;
    for c in order {
        let texts = ComponentTexts::of(c, |name| renderer.snippet(plugin, c, name)).ok()?;
        text = texts.redo(piece, &text)?;
    }
    Some(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The 0.1.0 entry of the history renders, for a repository 0.1.0 made and grew with
    /// `add` (tests/fixtures/v0.1.0-grown, written by the 0.1.0 binary), every file byte for
    /// byte as 0.1.0 wrote it, the files `add` edits in place replayed.
    #[test]
    fn the_history_renders_what_the_release_wrote() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0.1.0-grown");
        let text = std::fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
        let manifest = Manifest::parse(&text).unwrap();
        let plugin = manifest.plugin(2026);
        let old = Renderer::released(&manifest.template_version)
            .unwrap()
            .expect("the history has 0.1.0");
        let added = added(&old, &plugin, &manifest).unwrap();
        assert_eq!(added, ["builder/second", "provisioner/greet"]);
        let mut files = rendered(&old, &plugin, &added).unwrap();
        for (path, (contents, _)) in replayed(&old, &plugin, &added, &manifest) {
            files.get_mut(&path).unwrap().contents = contents;
        }
        let recorded: Vec<&String> = manifest.files.keys().collect();
        let rendered_paths: Vec<&String> = files.keys().collect();
        assert_eq!(rendered_paths, recorded, "the same files");
        let differ: Vec<&str> = files
            .values()
            .filter(|f| std::fs::read(root.join(&f.path)).unwrap() != f.contents)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(differ, Vec::<&str>::new());
    }
}
