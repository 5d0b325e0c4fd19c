//! The repository checks: the manifest reads (and which templates made it), and the names it
//! records agree with main.go, the docs pages and metadata.hcl (`pages`), example/, the
//! Makefile (`makefile`) and the folder; then whether the generated files are current
//! (`generated`).

use std::path::Path;

use super::check::{Check, CheckStatus, fail, pass, skip};
use super::{generated, makefile, pages};
use crate::domain::kind::Kind;
use crate::domain::manifest::Manifest;
use crate::domain::model::{Component, Plugin};
use crate::domain::reconcile::disagreements;
use crate::edit::go;
use crate::error::Error;
use crate::fs::{bounded, repo};
use crate::process::post_steps::{FOLDER_PREFIX, folder_advice};
use crate::render::templates;
use crate::resolve::clock;

/// Names agree across main.go, docs, metadata.hcl, example/, the Makefile and the manifest;
/// generated files are current (checked only when `go_ok`: it runs `make generate`).
pub fn checks(root: &Path, go_ok: bool) -> Result<Vec<Check>, Error> {
    let manifest = match repo::load_manifest(root) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(vec![skip("manifest", "no manifest")]),
        // No regular file, or one outside the repository: refused, never read.
        Err(e @ Error::InvalidInput { .. }) => return Err(e),
        Err(e) => {
            return Ok(vec![fail(
                "manifest",
                e.to_string(),
                "fix .packer-scaffold.toml (docs/manifest.md)",
            )]);
        }
    };
    let plugin = manifest.plugin(clock::current_year());
    // A file that is no regular file (a FIFO, /dev/zero) is refused, as `list` and `add` do.
    let read = |p: &str| repo::read_text(root, p).map(Option::unwrap_or_default);
    let count = components(plugin.components.len());
    let metadata = read(".web-docs/metadata.hcl")?;
    let main_text = read("main.go")?;
    Ok(vec![
        pass("manifest", format!("{count} of plugin `{}`", plugin.name)),
        templates(&manifest),
        main_go(&manifest, &main_text),
        pages::docs(root, &plugin, &metadata),
        pages::metadata(root, &plugin, &metadata),
        example(&manifest, &plugin, &example_text(root)),
        makefile::check(root, &plugin),
        folder(root, &plugin.binary),
        generated::check(root, &plugin.binary, go_ok)?,
    ])
}

/// Which templates made the repository. Older ones are no fault, so this passes either way;
/// the detail says what `upgrade` would bring it to.
fn templates(manifest: &Manifest) -> Check {
    let (made, current) = (&manifest.template_version, templates::version());
    if *made == current {
        return pass("templates", "those of this packer-scaffold");
    }
    let release = templates::history()
        .into_iter()
        .find(|r| &r.template_version == made)
        .map(|r| format!(" (packer-scaffold {})", r.release))
        .unwrap_or_default();
    pass(
        "templates",
        format!(
            "made from template version {made}{release}; `packer-scaffold upgrade` brings it to \
             {current}"
        ),
    )
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

/// example/ uses every component packer-scaffold wrote (one with files recorded in the
/// manifest): components a repository had before its first `add` need no example here. And it
/// uses no HCL type of this plugin that the plugin does not register (a component removed,
/// its example left).
fn example(manifest: &Manifest, plugin: &Plugin, example: &str) -> Check {
    let stale = unregistered_uses(plugin, example);
    if !stale.is_empty() {
        return fail(
            "example",
            stale.join("; "),
            "remove those blocks from example/, or register the components again",
        );
    }
    let written = |c: &Component| {
        let dir = format!("{}/", c.dir);
        manifest.files.keys().any(|path| path.starts_with(&dir))
    };
    let mut ours = plugin.clone();
    ours.components.retain(written);
    if ours.components.is_empty() {
        return pass("example", "no component packer-scaffold wrote needs one");
    }
    let mut check = names_in(
        "example",
        &ours,
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
    );
    let before = plugin.components.len() - ours.components.len();
    if before > 0 && check.status == CheckStatus::Pass {
        check.detail = format!(
            "uses every component packer-scaffold wrote ({}); the {before} the repository had before need none",
            ours.components.len()
        );
    }
    check
}

/// `<keyword> "<type>"` uses in `example` of a type named like this plugin's (its name, or
/// `<name>-…`) that no component of that kind has.
fn unregistered_uses(plugin: &Plugin, example: &str) -> Vec<String> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let usage = kind.hcl_usage("");
        let keyword = usage.split(' ').next().unwrap_or_default();
        let opening = format!("{keyword} \"");
        for line in example.lines().map(str::trim_start) {
            let Some(rest) = line.strip_prefix(&opening) else {
                continue;
            };
            let Some((used, _)) = rest.split_once('"') else {
                continue;
            };
            let ours = used == plugin.name || used.starts_with(&format!("{}-", plugin.name));
            let registered = plugin
                .components
                .iter()
                .any(|c| c.kind == kind && c.hcl_type == used);
            let said =
                format!("example/ uses the {kind} `{used}`, which the plugin does not register");
            if ours && !registered && !out.contains(&said) {
                out.push(said);
            }
        }
    }
    out
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
            folder_advice(binary),
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
        .filter_map(|e| bounded::read_text(&e.path()).ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Answers, Plugin};

    #[test]
    fn an_example_using_a_type_of_this_plugin_it_does_not_register_is_found() {
        let plugin = Plugin::new(&Answers {
            name: "cc".into(),
            kinds: vec![Kind::Builder],
            org: "acme".into(),
            module: "github.com/acme/packer-plugin-cc".into(),
            author: "A".into(),
            description: "D".into(),
            year: 2026,
            skeleton: Default::default(),
        });
        let example = "source \"cc\" \"example\" {}\nbuild {\n  provisioner \"cc\" {}\n  \
                       provisioner \"shell-local\" {}\n  post-processor \"cc-tag\" {}\n}\n";
        assert_eq!(
            unregistered_uses(&plugin, example),
            [
                "example/ uses the provisioner `cc`, which the plugin does not register",
                "example/ uses the post-processor `cc-tag`, which the plugin does not register"
            ]
        );
    }
}
