//! Editing `main.go`: a new component's import and its `Register…` call, placed by Go
//! structure (after the calls of its kind, in its module's import group) and written the way
//! gofmt would. Every byte outside the two insertion points is kept.

use super::file::{Call, GoFile, ImportDecl, ImportSpec, NewSet, all_specs};
use super::literal::go_quote;
use super::reader::locate;
use crate::domain::registration::RegisteredName;
use crate::edit::edit_point::MissingEditPoint;

/// The component to register.
#[derive(Debug, Clone, Copy)]
pub struct NewRegistration<'a> {
    /// Preferred import name, e.g. `"secondbuilder"` (numbered when already taken).
    pub import_alias: &'a str,
    /// Import path of the component package.
    pub import_path: &'a str,
    /// e.g. `"RegisterBuilder"`.
    pub register_fn: &'a str,
    /// `Default` → `<pluginpkg>.DEFAULT_NAME`; `Named(n)` → the Go string literal `"n"`.
    pub name: &'a RegisteredName,
    /// The Go type the package defines, e.g. `"Builder"`.
    pub go_type: &'a str,
}

/// Returns main.go with the import and the registration call added.
pub fn add_registration(src: &str, new: &NewRegistration) -> Result<String, MissingEditPoint> {
    let file = GoFile::parse(src);
    let imports = file.imports();
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let found = locate(&file, &imports).map_err(|m| {
        let (alias, _) = choose_alias(&imports, new, "pps");
        let call = call_text("pps", m.plugin_pkg(), new, &alias);
        missing(m.what(), &m.setup(), &import_line(&alias, new), &call)
    })?;
    let (alias, needs_import) = choose_alias(&imports, new, &found.set.var);
    let import = import_line(&alias, new);
    let call = call_text(&found.set.var, &found.plugin_pkg, new, &alias);
    let calls = file.register_calls(&found.set.var);
    let call_edit =
        call_edit(&file, &found.set, &calls, new.register_fn, &call, nl).ok_or_else(|| {
            missing(
                "a function that creates the plugin set".into(),
                "",
                &import,
                &call,
            )
        })?;
    let mut edits = vec![call_edit];
    if needs_import {
        let edit = import_edit(&file, &imports, &import, new.import_path, nl)
            .ok_or_else(|| missing("an import declaration".into(), "", &import, &call))?;
        edits.push(edit);
    }
    Ok(apply(src, edits))
}

pub(super) fn missing(what: String, setup: &str, import: &str, call: &str) -> MissingEditPoint {
    let then = if setup.is_empty() { "" } else { "then " };
    MissingEditPoint {
        what,
        instructions: format!(
            "{setup}{then}add this import to main.go's import block:\n\t{import}\nand this call after the other Register… calls on the plugin set:\n\t{call}"
        ),
    }
}

/// Text to insert at a byte offset of the original source.
pub(super) struct Edit {
    at: usize,
    text: String,
}

pub(super) fn apply(src: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    let mut out = src.to_owned();
    for edit in edits {
        out.insert_str(edit.at, &edit.text);
    }
    out
}

/// The import name to use, and whether an import must be added: an existing import of the
/// same path is reused; otherwise the alias, numbered past names already taken.
pub(super) fn choose_alias(
    imports: &[ImportDecl],
    new: &NewRegistration,
    set_var: &str,
) -> (String, bool) {
    let existing = all_specs(imports)
        .filter(|s| s.path == new.import_path)
        .filter_map(ImportSpec::package_name)
        .find(|name| name != "_" && name != ".");
    if let Some(name) = existing {
        return (name, false);
    }
    let taken = |name: &str| {
        name == set_var || all_specs(imports).any(|s| s.package_name().as_deref() == Some(name))
    };
    let alias = std::iter::once(new.import_alias.to_owned())
        .chain((2..).map(|n| format!("{}{n}", new.import_alias)))
        .find(|a| !taken(a))
        .unwrap_or_default();
    (alias, true)
}

pub(super) fn import_line(alias: &str, new: &NewRegistration) -> String {
    format!("{alias} {}", go_quote(new.import_path))
}

pub(super) fn call_text(set: &str, plugin_pkg: &str, new: &NewRegistration, alias: &str) -> String {
    let name = match new.name {
        RegisteredName::Default => format!("{plugin_pkg}.DEFAULT_NAME"),
        RegisteredName::Named(n) => go_quote(n),
    };
    format!(
        "{set}.{}({name}, new({alias}.{}))",
        new.register_fn, new.go_type
    )
}

/// A new line with `call` after the last call of the same kind, else the last `Register…`
/// call, else the `NewSet` statement (when that is inside a function).
pub(super) fn call_edit(
    file: &GoFile,
    set: &NewSet,
    calls: &[Call],
    register_fn: &str,
    call: &str,
    nl: &str,
) -> Option<Edit> {
    let anchor = calls
        .iter()
        .rfind(|c| c.register_fn == register_fn)
        .or(calls.last())
        .map(|c| (c.start, c.end));
    let (start, end) = match anchor {
        Some(span) => span,
        None if set.depth > 0 => (set.start, set.end),
        None => return None,
    };
    let indent = indentation(file.src, start);
    Some(Edit {
        at: file.line_end(end),
        text: format!("{nl}{indent}{call}"),
    })
}

pub(super) fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |p| p + 1)
}

/// The spaces and tabs that start the line containing `pos`.
pub(super) fn indentation(src: &str, pos: usize) -> &str {
    let line = &src[line_start(src, pos)..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Adds the spec `spec` (`alias "path"`) to the import block group of its module, else as a new
/// group at the end of the last block, else as a single import after the last import.
pub(super) fn import_edit(
    file: &GoFile,
    imports: &[ImportDecl],
    spec: &str,
    path: &str,
    nl: &str,
) -> Option<Edit> {
    let blocks: Vec<(&ImportDecl, usize, usize)> = imports
        .iter()
        .filter_map(|d| d.parens.map(|(open, close)| (d, open, close)))
        .collect();
    for &(decl, open, close) in &blocks {
        let groups = import_groups(file.src, &decl.specs);
        if let Some(group) = groups
            .into_iter()
            .find(|g| g.iter().any(|s| same_module(&s.path, path)))
        {
            return Some(edit_in_group(file, group, (open, close), spec, path, nl));
        }
    }
    if let Some(&(decl, _, close)) = blocks.last() {
        return Some(new_group_edit(file.src, decl, close, spec, nl));
    }
    let last = imports.last()?;
    Some(Edit {
        at: file.line_end(last.end),
        text: format!("{nl}import {spec}"),
    })
}

/// Runs of specs not separated by a blank line.
pub(super) fn import_groups<'a>(src: &str, specs: &'a [ImportSpec]) -> Vec<&'a [ImportSpec]> {
    let mut groups = Vec::new();
    let mut first = 0;
    for (i, pair) in specs.windows(2).enumerate() {
        if has_blank_line(src.get(pair[0].end..pair[1].start).unwrap_or_default()) {
            groups.push(&specs[first..=i]);
            first = i + 1;
        }
    }
    if first < specs.len() {
        groups.push(&specs[first..]);
    }
    groups
}

pub(super) fn has_blank_line(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Whether `existing` lies in the module of `new_path` (`new_path` minus its last two elements,
/// e.g. `github.com/acme/packer-plugin-x` for `…/builder/x`).
pub(super) fn same_module(existing: &str, new_path: &str) -> bool {
    let module = new_path
        .rsplit_once('/')
        .and_then(|(rest, _)| rest.rsplit_once('/'))
        .map(|(module, _)| module)
        .filter(|module| module.contains('/'));
    module.is_some_and(|m| {
        existing
            .strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Inserts before the first spec of `group` whose path sorts after `path`, else after the last.
pub(super) fn edit_in_group(
    file: &GoFile,
    group: &[ImportSpec],
    (open, close): (usize, usize),
    spec: &str,
    path: &str,
    nl: &str,
) -> Edit {
    if let Some(next) = group.iter().find(|s| s.path.as_str() > path) {
        return insert_before_spec(file.src, next, open, spec, nl);
    }
    let last = &group[group.len() - 1];
    let at = file.line_end(last.end).min(close);
    Edit {
        at,
        text: format!("{nl}{}{spec}", indentation(file.src, last.start)),
    }
}

/// A line before `next` and before the comment lines directly above it.
pub(super) fn insert_before_spec(
    src: &str,
    next: &ImportSpec,
    open: usize,
    spec: &str,
    nl: &str,
) -> Edit {
    let start = line_start(src, next.start);
    if start < open || !src[start..next.start].trim().is_empty() {
        return Edit {
            at: next.start,
            text: format!("{spec}{nl}\t"),
        };
    }
    let indent = indentation(src, next.start);
    Edit {
        at: comments_above(src, start, open),
        text: format!("{indent}{spec}{nl}"),
    }
}

/// The start of the run of comment-only lines that ends at `line_start` (not above `floor`).
pub(super) fn comments_above(src: &str, line_start_at: usize, floor: usize) -> usize {
    let mut start = line_start_at;
    while start > floor {
        let prev = line_start(src, start - 1);
        let line = src[prev..start - 1].trim();
        let comment = line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/"));
        if prev < floor || !comment {
            break;
        }
        start = prev;
    }
    start
}

/// A blank line and `spec` just before the `)` of `decl`.
pub(super) fn new_group_edit(
    src: &str,
    decl: &ImportDecl,
    close: usize,
    spec: &str,
    nl: &str,
) -> Edit {
    let indent = decl
        .specs
        .first()
        .map(|s| indentation(src, s.start))
        .filter(|i| !i.is_empty())
        .unwrap_or("\t");
    let blank = if decl.specs.is_empty() { "" } else { nl };
    let start = line_start(src, close);
    if src[start..close].trim().is_empty() {
        Edit {
            at: start,
            text: format!("{blank}{indent}{spec}{nl}"),
        }
    } else {
        Edit {
            at: close,
            text: format!("{nl}{blank}{indent}{spec}{nl}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    use super::super::fixtures::*;
    use super::super::reader::{SDK_PLUGIN_PATH, registrations};
    use super::*;

    #[test]
    fn adds_a_named_builder_to_the_generated_main_go() {
        let out = add_second_builder(&generated()).unwrap();
        let expected = go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    secondbuilder "github.com/acme/packer-plugin-custom-cloud/builder/second"
    customclouddatasource "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud"
    "github.com/acme/packer-plugin-custom-cloud/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder(plugin.DEFAULT_NAME, new(customcloudbuilder.Builder))
    pps.RegisterBuilder("second", new(secondbuilder.Builder))
    pps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))
    pps.SetVersion(version.PluginVersion)

    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#);
        assert_eq!(out, expected);
    }

    #[test]
    fn adds_a_default_provisioner_after_the_last_registration() {
        let path = "github.com/acme/packer-plugin-custom-cloud/provisioner/custom-cloud";
        let new = component(
            "customcloudprovisioner",
            path,
            "RegisterProvisioner",
            &RegisteredName::Default,
        );
        let out = add_registration(&generated(), &new).unwrap();
        let expected = generated()
            .replace(
                "\t\"github.com/acme/packer-plugin-custom-cloud/version\"\n",
                &format!("\tcustomcloudprovisioner \"{path}\"\n\t\"github.com/acme/packer-plugin-custom-cloud/version\"\n"),
            )
            .replace(
                "(customclouddatasource.Datasource))\n",
                "(customclouddatasource.Datasource))\n\tpps.RegisterProvisioner(plugin.DEFAULT_NAME, new(customcloudprovisioner.Provisioner))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn edits_a_user_edited_main_go_by_structure_only() {
        let src = user_edited();
        let out = add_second_builder(&src).unwrap();
        let import = format!("\tsecondbuilder \"{SECOND}\"");
        let call = "\tset.RegisterBuilder(\"second\", new(secondbuilder.Builder))";
        assert!(out.contains(&format!(
            "builder/custom-cloud\"\n{import}\n\t// The version package"
        )));
        assert!(out.contains(&format!("new(customcloudbuilder.Builder),\n\t)\n{call}\n")));
        assert_eq!(without(&out, &[&import, call]), src);

        let pp = component(
            "secondpp",
            "github.com/acme/packer-plugin-custom-cloud/post-processor/second",
            "RegisterPostProcessor",
            &RegisteredName::Default,
        );
        let out = add_registration(&src, &pp).unwrap();
        let call =
            "\tset.RegisterPostProcessor(sdkplugin.DEFAULT_NAME, new(secondpp.PostProcessor))";
        assert!(out.contains(&format!("// same package\n{call}\n\tset.SetVersion")));
        let import =
            "\tsecondpp \"github.com/acme/packer-plugin-custom-cloud/post-processor/second\"";
        assert!(out.contains(&format!("{import}\n\t// The version package")));
        assert_eq!(without(&out, &[import, call]), src);

        let path = "github.com/acme/packer-plugin-custom-cloud/webhook/hook";
        let hook = component(
            "hook",
            path,
            "RegisterProvisioner",
            &RegisteredName::Default,
        );
        let out = add_registration(&src, &hook).unwrap();
        let import = format!("\thook \"{path}\"");
        let call = "\tset.RegisterProvisioner(sdkplugin.DEFAULT_NAME, new(hook.Provisioner))";
        assert!(out.contains(&format!("/version\" // keep\n{import}\n)")));
        assert!(out.contains(&format!("// same package\n{call}\n")));
        assert_eq!(without(&out, &[&import, call]), src);
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let src = generated().replace('\n', "\r\n");
        let out = add_second_builder(&src).unwrap();
        let expected = add_second_builder(&generated())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn without_registrations_the_call_follows_new_set_and_a_new_import_group_is_added() {
        let out = add_second_builder(&no_calls_no_module_group()).unwrap();
        let expected = no_calls_no_module_group()
            .replace(
                "sdk/plugin\"\n)",
                &format!("sdk/plugin\"\n\n\tsecondbuilder \"{SECOND}\"\n)"),
            )
            .replace(
                "plugin.NewSet()\n",
                "plugin.NewSet()\n\tpps.RegisterBuilder(\"second\", new(secondbuilder.Builder))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn single_line_imports_get_a_new_import_declaration() {
        let out = add_second_builder(&single_imports()).unwrap();
        let expected = single_imports()
            .replace(
                "// the SDK\n",
                &format!("// the SDK\nimport secondbuilder \"{SECOND}\"\n"),
            )
            .replace(
                "plugin.NewSet()\n",
                "plugin.NewSet()\n\ts.RegisterBuilder(\"second\", new(secondbuilder.Builder))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn missing_new_set_says_exactly_what_to_add() {
        let src = generated().replace("plugin.NewSet()", "newSet()");
        let err = add_second_builder(&src).unwrap_err();
        assert_eq!(err.what, "the call to plugin.NewSet()");
        assert!(err.instructions.contains("\tpps := plugin.NewSet()\n"));
        assert!(
            err.instructions
                .contains(&format!("\n\tsecondbuilder \"{SECOND}\"\n"))
        );
        assert!(
            err.instructions
                .ends_with("\n\tpps.RegisterBuilder(\"second\", new(secondbuilder.Builder))")
        );
        assert!(registrations(&src).is_err());

        let no_sdk = generated().replace("packer-plugin-sdk/plugin", "packer-plugin-sdk/other");
        let err = add_second_builder(&no_sdk).unwrap_err();
        assert_eq!(err.what, format!("the import of \"{SDK_PLUGIN_PATH}\""));
        assert!(err.to_string().contains("pps.RegisterBuilder(\"second\""));
    }

    #[test]
    fn a_taken_alias_gets_a_number() {
        let taken = generated().replace(
            "\t\"github.com/acme/packer-plugin-custom-cloud/version\"",
            "\tsecondbuilder \"github.com/acme/packer-plugin-custom-cloud/internal/second\"\n\t\"github.com/acme/packer-plugin-custom-cloud/version\"",
        );
        let out = add_second_builder(&taken).unwrap();
        assert!(out.contains(&format!(
            "\tsecondbuilder2 \"{SECOND}\"\n\tcustomclouddatasource"
        )));
        assert!(out.contains("\tpps.RegisterBuilder(\"second\", new(secondbuilder2.Builder))\n"));

        let set_named_like_alias = generated().replace("pps", "secondbuilder");
        let out = add_second_builder(&set_named_like_alias).unwrap();
        assert!(out.contains(&format!("\tsecondbuilder2 \"{SECOND}\"\n")));
        assert!(
            out.contains("secondbuilder.RegisterBuilder(\"second\", new(secondbuilder2.Builder))")
        );
    }

    #[test]
    fn an_existing_import_of_the_path_is_reused() {
        let name = RegisteredName::Named("other".into());
        let path = "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud";
        let out = add_registration(
            &generated(),
            &component("ds", path, "RegisterDatasource", &name),
        )
        .unwrap();
        let expected = generated().replace(
            "(customclouddatasource.Datasource))\n",
            "(customclouddatasource.Datasource))\n\tpps.RegisterDatasource(\"other\", new(customclouddatasource.Datasource))\n",
        );
        assert_eq!(out, expected);
    }

    fn gofmt_path() -> Option<PathBuf> {
        let on_path = Command::new("gofmt")
            .arg("-l")
            .stdin(Stdio::null())
            .output();
        if on_path.is_ok_and(|o| o.status.success()) {
            return Some("gofmt".into());
        }
        let goroot = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
        let path = PathBuf::from(String::from_utf8(goroot.stdout).ok()?.trim()).join("bin/gofmt");
        path.exists().then_some(path)
    }

    fn gofmt(gofmt: &PathBuf, src: &str) -> String {
        let mut child = Command::new(gofmt)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(src.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "gofmt failed: {}\n{src}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn edited_files_stay_gofmt_clean() {
        let gofmt_bin = gofmt_path();
        if !crate::test_support::require(gofmt_bin.is_some(), "gofmt", "gofmt-clean edits") {
            return;
        }
        let gofmt_bin = gofmt_bin.unwrap();
        let pp = RegisteredName::Default;
        let pp = component(
            "customcloudpp",
            "github.com/acme/packer-plugin-custom-cloud/post-processor/custom-cloud",
            "RegisterPostProcessor",
            &pp,
        );
        let inputs = [
            generated(),
            user_edited(),
            hashicorp_style(),
            no_calls_no_module_group(),
            single_imports(),
        ];
        for src in &inputs {
            assert_eq!(gofmt(&gofmt_bin, src), *src, "fixture is not gofmt-clean");
            for out in [
                add_second_builder(src).unwrap(),
                add_registration(src, &pp).unwrap(),
            ] {
                assert_eq!(gofmt(&gofmt_bin, &out), out);
            }
        }
    }
}
