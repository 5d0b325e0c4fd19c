//! The docs checks: where each component's docs page is, found in the docs folder as the
//! repository names its pages (this tool names them by the component; HashiCorp's template by
//! the kind, `docs/builders/builder.mdx`; maintained plugins by the HCL type), and that
//! `.web-docs/metadata.hcl` has a component block whose slug is that page's name, which is
//! where the integrations portal looks for the page `make generate` renders.

use std::path::Path;

use super::check::{Check, fail, pass};
use crate::domain::model::{Component, Plugin};
use crate::edit::hcl::{ComponentBlock, component_blocks};

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
                format!(
                    "no component block with type = \"{}\" and slug = \"{slug}\" (for docs/{}/{slug}.mdx)",
                    c.web_type, c.docs_folder
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
/// registered name or HCL type; or, for the only component of its kind, after the kind or a
/// slug metadata.hcl gives that kind.
fn page(root: &Path, plugin: &Plugin, c: &Component, blocks: &[ComponentBlock]) -> Option<String> {
    let registered = c.register_name.trim_matches('"');
    let mut names = vec![
        c.slug.as_str(),
        registered,
        c.hcl_type.as_str(),
        c.name.as_str(),
    ];
    let alone = plugin
        .components
        .iter()
        .filter(|o| o.kind == c.kind)
        .count()
        == 1;
    if alone {
        names.push(c.kind.as_str());
        names.extend(
            blocks
                .iter()
                .filter(|b| b.web_type == c.web_type)
                .map(|b| b.slug.as_str()),
        );
    }
    let folder = root.join("docs").join(c.docs_folder);
    names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.contains(['/', '\\']) && *n != "..")
        .find(|n| folder.join(format!("{n}.mdx")).is_file())
        .map(str::to_owned)
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
