//! The docs checks: where each component's docs page is, found in the docs folder as the
//! repository names its pages (this tool names them by the component; HashiCorp's template by
//! the kind, `docs/builders/builder.mdx`; maintained plugins by the HCL type), and that
//! `.web-docs/metadata.hcl` has a component block whose slug is that page's name, which is
//! where the integrations portal looks for the page `make generate` renders.

use std::path::Path;

use super::check::{Check, fail, pass};
use crate::domain::model::{Component, Plugin};
use crate::edit::hcl::{ComponentBlock, component_blocks};

/// The slug HashiCorp's template gives every component block, to be replaced by the page's
/// name: the portal finds no page by it, so doctor reports it (it is no false failure).
const TEMPLATE_SLUG: &str = "name";

/// Said of a kind whose block still has [`TEMPLATE_SLUG`].
const PLACEHOLDER: &str = ", but one with HashiCorp's template's placeholder slug = \"name\", \
                           which names no page: replace it with the page's name";

/// Every component has its docs page.
pub fn docs(root: &Path, plugin: &Plugin, metadata: &str) -> Check {
    let blocks = component_blocks(metadata);
    let missing: Vec<String> = plugin
        .components
        .iter()
        .filter(|c| page(root, plugin, c, &blocks).is_none())
        .map(|c| format!("{} is missing", expected(c)))
        .collect();
    judge(
        "docs",
        plugin,
        missing,
        "restore the missing pages (`git checkout -- docs/`) or write them",
    )
}

/// metadata.hcl has a component block for every component, its slug the page's name.
pub fn metadata(root: &Path, plugin: &Plugin, metadata: &str) -> Check {
    let blocks = component_blocks(metadata);
    let missing: Vec<String> = plugin
        .components
        .iter()
        .filter_map(|c| {
            let slug = page(root, plugin, c, &blocks).unwrap_or_else(|| c.slug.clone());
            let named = |b: &ComponentBlock| b.web_type == c.web_type && b.slug == slug;
            (!blocks.iter().any(named)).then(|| {
                let placeholder = blocks
                    .iter()
                    .any(|b| b.web_type == c.web_type && b.slug == TEMPLATE_SLUG);
                format!(
                    "no component block with type = \"{}\" and slug = \"{slug}\" (for docs/{}/{slug}.mdx){}",
                    c.web_type,
                    c.docs_folder,
                    if placeholder { PLACEHOLDER } else { "" }
                )
            })
        })
        .collect();
    judge(
        "metadata.hcl",
        plugin,
        missing,
        "give each component a block in .web-docs/metadata.hcl whose slug is its docs page's name",
    )
}

/// The name (without `.mdx`) of `c`'s page in `docs/<kind>s/`: named after the component, its
/// registered name or HCL type; or, for the one component of its kind without such a page,
/// after the kind (HashiCorp's template) or a slug metadata.hcl gives the kind, when no other
/// component's page has that name.
fn page(root: &Path, plugin: &Plugin, c: &Component, blocks: &[ComponentBlock]) -> Option<String> {
    let folder = root.join("docs").join(c.docs_folder);
    if let Some(found) = direct(&folder, c) {
        return Some(found);
    }
    let same_kind: Vec<&Component> = plugin
        .components
        .iter()
        .filter(|o| o.kind == c.kind)
        .collect();
    let without: Vec<&&Component> = same_kind
        .iter()
        .filter(|o| direct(&folder, o).is_none())
        .collect();
    if without.len() != 1 {
        return None;
    }
    let claimed: Vec<String> = same_kind
        .iter()
        .filter_map(|o| direct(&folder, o))
        .collect();
    let slugs = blocks
        .iter()
        .filter(|b| b.web_type == c.web_type)
        .map(|b| b.slug.as_str());
    std::iter::once(c.kind.as_str())
        .chain(slugs)
        .filter(|n| !claimed.iter().any(|taken| taken == n))
        .find(|n| exists(&folder, n))
        .map(str::to_owned)
}

/// The page in `folder` named after `c` itself: its slug, registered name, HCL type or folder.
fn direct(folder: &Path, c: &Component) -> Option<String> {
    let registered = c.register_name.trim_matches('"');
    [
        c.slug.as_str(),
        registered,
        c.hcl_type.as_str(),
        c.name.as_str(),
    ]
    .into_iter()
    .find(|n| exists(folder, n))
    .map(str::to_owned)
}

/// Whether `folder/<name>.mdx` is a file, for a name that is one path part.
fn exists(folder: &Path, name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\'])
        && name != ".."
        && folder.join(format!("{name}.mdx")).is_file()
}

/// The page this tool would write for `c`, named in a failure.
fn expected(c: &Component) -> String {
    format!("docs/{}/{}.mdx", c.docs_folder, c.slug)
}

fn judge(name: &str, plugin: &Plugin, problems: Vec<String>, fix: &str) -> Check {
    if problems.is_empty() {
        pass(
            name,
            match plugin.components.len() {
                1 => "names its one component".to_owned(),
                n => format!("names all {n} components"),
            },
        )
    } else {
        fail(name, problems.join("; "), fix)
    }
}
