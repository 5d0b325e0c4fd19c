//! The repository checks: the manifest reads, and the names it records agree with main.go,
//! the docs pages, metadata.hcl, example/, the Makefile and the folder; then whether the
//! generated files are current (`generated`).

use std::path::Path;

use super::check::{Check, fail, pass, skip};
use super::generated;
use crate::domain::manifest::Manifest;
use crate::domain::model::{Component, Plugin};
use crate::domain::reconcile::disagreements;
use crate::edit::go;
use crate::error::Error;
use crate::fs::repo;
use crate::resolve::clock;

/// What a repository's folder name must start with: packer-sdc's `struct-markdown`, run by
/// `make generate`, finds the repository root by it, and loops forever when no parent folder
/// has it (SDK v0.6.10).
pub const FOLDER_PREFIX: &str = "packer-plugin-";

/// Names agree across main.go, docs, metadata.hcl, example/, the Makefile and the manifest;
/// generated files are current (checked only when `go_ok`: it runs `make generate`).
pub fn checks(root: &Path, go_ok: bool) -> Result<Vec<Check>, Error> {
    let manifest = match repo::load_manifest(root) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(vec![skip("manifest", "no manifest")]),
        Err(e) => {
            return Ok(vec![fail(
                "manifest",
                e.to_string(),
                "fix .packer-scaffold.toml (docs/manifest.md)",
            )]);
        }
    };
    let plugin = manifest.plugin(clock::current_year());
    let read = |p: &str| repo::read_text(root, p).ok().flatten().unwrap_or_default();
    let count = components(plugin.components.len());
    Ok(vec![
        pass("manifest", format!("{count} of plugin `{}`", plugin.name)),
        main_go(&manifest, &read("main.go")),
        docs(root, &plugin),
        metadata(&plugin, &read(".web-docs/metadata.hcl")),
        example(&plugin, &example_text(root)),
        makefile(&plugin, &read("GNUmakefile")),
        folder(root, &plugin.binary),
        generated::check(root, &plugin.binary, go_ok)?,
    ])
}

/// main.go registers exactly the manifest's components.
fn main_go(manifest: &Manifest, main_go: &str) -> Check {
    let found = match go::registrations(main_go) {
        Ok(found) => found,
        Err(missing) => {
            return fail(
                "main.go",
                format!("could not find {}", missing.what),
                "register the components in main.go; `packer-scaffold list` shows them",
            );
        }
    };
    let problems = disagreements(&manifest.answers.name, &manifest.components, &found);
    if problems.is_empty() {
        pass(
            "main.go",
            "registers exactly the components of the manifest",
        )
    } else {
        fail(
            "main.go",
            problems.join("; "),
            "register the missing components, or fix the manifest",
        )
    }
}

/// Every component has its docs page.
fn docs(root: &Path, plugin: &Plugin) -> Check {
    names_in(
        "docs",
        plugin,
        |c| {
            let page = format!("docs/{}/{}.mdx", c.docs_folder, c.slug);
            root.join(&page)
                .is_file()
                .then_some(())
                .ok_or(format!("{page} is missing"))
        },
        "restore the missing pages (`git checkout -- docs/`) or write them",
    )
}

/// `.web-docs/metadata.hcl` has a component block for every component.
fn metadata(plugin: &Plugin, metadata: &str) -> Check {
    names_in(
        "metadata.hcl",
        plugin,
        |c| {
            let has = metadata.contains(&format!("type = \"{}\"", c.web_type))
                && metadata.contains(&format!("slug = \"{}\"", c.slug));
            has.then_some(()).ok_or(format!(
                "no component block for {} `{}`",
                c.web_type, c.slug
            ))
        },
        "add the component blocks to .web-docs/metadata.hcl",
    )
}

/// example/ uses every component.
fn example(plugin: &Plugin, example: &str) -> Check {
    names_in(
        "example",
        plugin,
        |c| {
            // `source "x"`, `provisioner "x"`, `post-processor "x"` or `data "x"`.
            let usage = c.kind.hcl_usage(&c.hcl_type);
            let keyword = usage.split(' ').next().unwrap_or_default();
            example
                .contains(&format!("{keyword} \"{}\"", c.hcl_type))
                .then_some(())
                .ok_or(format!(
                    "example/ never uses the {} `{}`",
                    c.kind, c.hcl_type
                ))
        },
        "use every component in example/",
    )
}

/// The GNUmakefile builds the plugin's binary and installs it under its source address.
fn makefile(plugin: &Plugin, makefile: &str) -> Check {
    if sets_binary(makefile, &plugin.binary) && makefile.contains(&plugin.source) {
        pass(
            "Makefile",
            format!(
                "builds {} and installs it as {}",
                plugin.binary, plugin.source
            ),
        )
    } else {
        fail(
            "Makefile",
            format!(
                "GNUmakefile does not build {} or install it as {}",
                plugin.binary, plugin.source
            ),
            "set BINARY and the `packer plugins install` source in GNUmakefile",
        )
    }
}

/// Whether a line of the Makefile assigns `binary` to `BINARY`, with any of make's simple
/// assignment operators (`=`, `:=`, `::=`, `?=`) and any spacing around it.
fn sets_binary(makefile: &str, binary: &str) -> bool {
    makefile.lines().any(|line| {
        line.strip_prefix("BINARY")
            .map(|rest| rest.trim_start().trim_start_matches([':', '?']))
            .and_then(|rest| rest.strip_prefix('='))
            .is_some_and(|value| value.trim() == binary)
    })
}

/// The repository's folder is named so that `make generate` can find it.
fn folder(root: &Path, binary: &str) -> Check {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with(FOLDER_PREFIX) {
        pass("folder", format!("`{name}` starts with {FOLDER_PREFIX}"))
    } else {
        fail(
            "folder",
            format!(
                "`{name}` does not start with {FOLDER_PREFIX}: packer-sdc, run by `make generate`, \
                 finds the repository by that prefix and never finishes without it"
            ),
            format!("rename the folder to {binary} (or clone into it: git clone <url> {binary})"),
        )
    }
}

/// "1 component", "2 components".
fn components(n: usize) -> String {
    if n == 1 {
        "1 component".into()
    } else {
        format!("{n} components")
    }
}

/// One check over every component: passes when `ok` holds for all.
fn names_in(
    name: &str,
    plugin: &Plugin,
    ok: impl Fn(&Component) -> Result<(), String>,
    fix: &str,
) -> Check {
    let problems: Vec<String> = plugin
        .components
        .iter()
        .filter_map(|c| ok(c).err())
        .collect();
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

fn example_text(root: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(root.join("example")) else {
        return String::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "hcl"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_may_be_assigned_with_any_operator_and_spacing() {
        for line in [
            "BINARY=packer-plugin-x",
            "BINARY := packer-plugin-x",
            "BINARY ?= packer-plugin-x",
            "BINARY::=packer-plugin-x ",
        ] {
            assert!(
                sets_binary(&format!("# x\n{line}\n"), "packer-plugin-x"),
                "{line}"
            );
        }
        for line in [
            "BINARY := packer-plugin-y",
            "BINARY_DIR := packer-plugin-x",
            "# BINARY := packer-plugin-x",
            "BINARY := packer-plugin-x.exe",
        ] {
            assert!(!sets_binary(line, "packer-plugin-x"), "{line}");
        }
    }
}
