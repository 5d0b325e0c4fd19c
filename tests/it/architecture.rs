//! The layering docs/architecture.md draws, kept true: read from src/ itself. Each top-level
//! folder is a layer that uses only the layers below it; no two modules import each other,
//! directly or round a cycle; no command imports another command; only `app` ends the
//! process; and every file says what it owns in a `//!` line.

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

/// Every `.rs` file under src/ by module path (`cmd::doctor::generated`), with its text up to
/// its tests.
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
    found
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The code before the first `#[cfg(test)]` at the start of a line.
fn without_tests(text: &str) -> &str {
    text.find("\n#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// The modules `text` names with `crate::…` paths, each the longest prefix that is a module.
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in without_tests(text).match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if let Some(module) = (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains(m))
        {
            out.insert(module);
        }
    }
    out
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap();
    LAYERS.iter().position(|layer| layer.contains(&top))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, text)| {
            let used = imports(text, &names)
                .into_iter()
                .filter(|m| m != name && !name.starts_with(&format!("{m}::")))
                .collect();
            (name.clone(), used)
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

#[test]
fn no_command_imports_another() {
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        let Some(command) = module.strip_prefix("cmd::") else {
            continue;
        };
        let own = command.split("::").next().unwrap();
        for target in used {
            if let Some(other) = target.strip_prefix("cmd::")
                && other.split("::").next().unwrap() != own
            {
                wrong.push(format!("{module} uses {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_round_a_cycle() {
    let graph = graph();
    // Depth-first search for a back edge; reports one cycle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn only_the_top_level_run_ends_the_process() {
    let exits: Vec<String> = modules()
        .into_iter()
        .filter(|(module, text)| module != "app" && without_tests(text).contains("process::exit"))
        .map(|(module, _)| module)
        .collect();
    assert!(exits.is_empty(), "process::exit outside app: {exits:?}");
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
