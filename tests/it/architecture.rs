//! The layering docs/architecture.md draws, kept true: read from src/ itself. Each top-level
//! folder is a layer that uses only the layers below it; no two modules import each other,
//! directly or round a cycle; no command imports another command; only `app` ends the
//! process; only `process::run` starts a program; and every file says what it owns in a `//!`
//! line. The imports are read by `reader` (grouped, `super::` and `self::` paths included).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first; a layer may use its own and those before it.
const LAYERS: [&[&str]; 11] = [
    &["error"],
    &["domain"],
    &["render", "edit"],
    &["ui"],
    &["process"],
    &["fs"],
    &["cli"],
    &["resolve"],
    &["plan"],
    &["cmd"],
    &["app"],
];

mod reader;

/// A module's name and its code (as [`reader::code`] leaves it, without test-only items).
struct Module {
    name: String,
    code: String,
}

/// Every `.rs` file under src/ by module path (`cmd::doctor::generated`; the binary's root is
/// `main`), with its whole text, except the modules compiled only for tests.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.insert(module_of(&src, &path), fs::read_to_string(&path).unwrap());
            }
        }
    }
    let test_only: Vec<String> = found.iter().flat_map(|(m, t)| test_modules(m, t)).collect();
    found.retain(|m, _| {
        !test_only
            .iter()
            .any(|t| m == t || m.starts_with(&format!("{t}::")))
    });
    found
}

/// The child modules `text`, the code of `module`, declares for tests only.
fn test_modules(module: &str, text: &str) -> Vec<String> {
    let (_, names) = reader::without_tests(&reader::code(text));
    names.into_iter().map(|n| child(module, &n)).collect()
}

fn child(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// Each module's name and code, the text outside `#[cfg(test)]` items, comments and literals.
fn code_of(modules: &BTreeMap<String, String>) -> Vec<Module> {
    modules
        .iter()
        .map(|(name, text)| Module {
            name: name.clone(),
            code: reader::without_tests(&reader::code(text)).0,
        })
        .collect()
}

/// The modules of `modules` that the code of `module` names, each the longest prefix of a path
/// that is a module: `crate::…`, `super::…` and `self::…` paths, grouped or not, and paths
/// starting with the name of one of its own child modules.
fn imports(module: &Module, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let own: Vec<&str> = module.name.split("::").filter(|s| !s.is_empty()).collect();
    for path in reader::paths(&module.code, &module.name) {
        let (parts, shortest): (Vec<&str>, usize) = match path.strip_prefix("crate::") {
            Some(rest) => (rest.split("::").collect(), 1),
            None => (
                own.iter().copied().chain(path.split("::")).collect(),
                own.len() + 1,
            ),
        };
        if let Some(found) = (shortest..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains(m))
        {
            out.insert(found);
        }
    }
    out
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap();
    LAYERS.iter().position(|layer| layer.contains(&top))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&modules())
}

/// Which modules each module of `modules` (name to text) uses, its own ancestors left out.
fn graph_of(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    code_of(modules)
        .into_iter()
        .map(|module| {
            let used = imports(&module, &names)
                .into_iter()
                .filter(|m| *m != module.name && !module.name.starts_with(&format!("{m}::")))
                .collect();
            (module.name, used)
        })
        .collect()
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        let Some(own) = layer(&module) else { continue };
        for target in used {
            match layer(&target) {
                Some(l) if l <= own && (l < own || same_top(&module, &target)) => {}
                _ => wrong.push(format!("{module} uses {target}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

/// Whether two modules are in the same top-level folder (render and edit share a layer but
/// not a folder: neither uses the other).
fn same_top(a: &str, b: &str) -> bool {
    a.split("::").next() == b.split("::").next()
}

/// Each use of one command's module by another command's, `super::` paths included.
fn command_crossings(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let command = |module: &str| {
        let rest = module.strip_prefix("cmd::")?;
        Some(rest.split("::").next().unwrap().to_owned())
    };
    let mut wrong = Vec::new();
    for (module, used) in graph {
        let Some(own) = command(module) else { continue };
        for target in used {
            if command(target).is_some_and(|other| other != own) {
                wrong.push(format!("{module} uses {target}"));
            }
        }
    }
    wrong
}

#[test]
fn no_command_imports_another() {
    let wrong = command_crossings(&graph());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The cycles of imports in `graph`, one for each back edge a depth-first search finds.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Search<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        path: Vec<String>,
        done: BTreeSet<String>,
        found: Vec<Vec<String>>,
    }
    fn visit(search: &mut Search, node: &str) {
        if let Some(at) = search.path.iter().position(|n| n == node) {
            let mut cycle = search.path[at..].to_vec();
            cycle.push(node.to_owned());
            search.found.push(cycle);
            return;
        }
        if search.done.contains(node) {
            return;
        }
        search.path.push(node.to_owned());
        for next in search.graph.get(node).into_iter().flatten() {
            visit(search, next);
        }
        search.path.pop();
        search.done.insert(node.to_owned());
    }
    let mut search = Search {
        graph,
        path: Vec::new(),
        done: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        visit(&mut search, node);
    }
    search.found
}

#[test]
fn no_modules_import_each_other_round_a_cycle() {
    let found: Vec<String> = cycles(&graph()).iter().map(|c| c.join(" -> ")).collect();
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

/// The modules whose code names `path` (`std::process::exit`), imported or written inline.
fn naming(path: &str) -> BTreeSet<String> {
    code_of(&modules())
        .into_iter()
        .filter(|m| reader::paths(&m.code, &m.name).iter().any(|p| p == path))
        .map(|m| m.name)
        .collect()
}

#[test]
fn only_the_top_level_run_ends_the_process() {
    let exits = naming("std::process::exit");
    assert_eq!(
        exits,
        BTreeSet::from(["app".to_owned()]),
        "process::exit outside app"
    );
}

#[test]
fn only_the_process_helper_starts_a_program() {
    let starts = naming("std::process::Command::new");
    assert_eq!(
        starts,
        BTreeSet::from(["process::run".to_owned()]),
        "std::process::Command::new outside src/process/run.rs (use process::run::Run)"
    );
}

#[test]
fn every_module_says_what_it_owns() {
    let silent: Vec<String> = modules()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(module, _)| module)
        .collect();
    assert!(silent.is_empty(), "no //! at the top of {silent:?}");
}

/// A made-up src/ of `(module, text)` pairs, as [`graph_of`] reads it.
fn made_up(modules: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    graph_of(&modules)
}

#[test]
fn a_command_reaching_another_through_super_is_caught() {
    let graph = made_up(&[
        ("cmd::doctor", "use super::list::run;"),
        ("cmd::doctor::check", "use super::super::list::Row;"),
        ("cmd::list", ""),
    ]);
    assert_eq!(
        command_crossings(&graph),
        [
            "cmd::doctor uses cmd::list",
            "cmd::doctor::check uses cmd::list"
        ]
    );
}

#[test]
fn a_cycle_through_a_group_super_or_a_child_is_caught() {
    let cycle = |modules: &[(&str, &str)]| cycles(&made_up(modules));
    let grouped = [
        ("render", "pub mod renderer; pub mod shards;"),
        ("render::renderer", "use super::shards::deal;"),
        (
            "render::shards",
            "use crate::{error::Error, render::{renderer::Renderer}};",
        ),
        ("error", ""),
    ];
    assert_eq!(
        cycle(&grouped),
        [["render::renderer", "render::shards", "render::renderer"]]
    );
    let through_a_child = [
        ("fs", "pub use repo::find;"),
        ("fs::repo", "fn f() { crate::plan::x(); }"),
        ("plan", "use crate::fs::find;"),
    ];
    assert_eq!(cycle(&through_a_child), [["fs", "fs::repo", "plan", "fs"]]);
    assert!(cycle(&[("a", "use crate::b;"), ("b", "// use crate::a;")]).is_empty());
}
