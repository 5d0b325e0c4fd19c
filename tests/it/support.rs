//! Shared helpers: a configured command for the binary, the standard test answers, a tree
//! read into memory and fake tools on a PATH of their own.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use packer_scaffold::kind::Kind;
use packer_scaffold::model::{Answers, Plugin};
use packer_scaffold::plan::Plan;

/// 2026-07-01T00:00:00Z: fixes the copyright year in rendered output.
pub const EPOCH: &str = "1782864000";

/// `program` isolated from the machine it runs on: no variable of the caller's environment but
/// PATH; `home` as HOME and as the current directory; git's global configuration
/// `home/gitconfig` (absent unless a test writes it) and no system configuration; no git
/// repository found at or above the temporary directory; a fixed clock; and CI set, so
/// nothing is asked (a test that wants prompts removes it).
///
/// Starting in `home` matters: git reads the configuration of the repository a command starts
/// in, so the binary run where `cargo test` runs took `user.name` from that checkout.
pub fn hermetic(program: impl AsRef<std::ffi::OsStr>, home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CI", "true")
        .current_dir(home);
    cmd
}

/// The binary, run hermetically in `home`.
pub fn scaffold(home: &Path) -> Command {
    Command::from_std(scaffold_process(home))
}

/// `scaffold` as a plain process, for a test that gives it a standard output of its own
/// (assert_cmd always gives it a pipe).
pub fn scaffold_process(home: &Path) -> std::process::Command {
    hermetic(assert_cmd::cargo::cargo_bin("packer-scaffold"), home)
}

/// The answers the snapshot shapes use.
pub fn answers(kinds: &[Kind]) -> Answers {
    Answers {
        name: "custom-cloud".into(),
        kinds: kinds.to_vec(),
        org: "acme".into(),
        module: "github.com/acme/packer-plugin-custom-cloud".into(),
        author: "Acme Corp".into(),
        description: "A Packer plugin for Custom Cloud.".into(),
        year: 2026,
    }
}

pub fn render(kinds: &[Kind]) -> Plan {
    packer_scaffold::render::render(&Plugin::new(&answers(kinds))).expect("templates render")
}

/// The five shapes CI proves: each kind alone, and all four.
pub fn shapes() -> Vec<(&'static str, Vec<Kind>)> {
    let mut shapes: Vec<_> = Kind::ALL.iter().map(|k| (k.as_str(), vec![*k])).collect();
    shapes.push(("all-kinds", Kind::ALL.to_vec()));
    shapes
}

/// Every file under `root` with its bytes, by `/`-separated path (symlinks are not followed;
/// a root that is not there is an empty tree).
pub fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = fs::read_dir(root) else {
        return out;
    };
    let mut stack: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    while let Some(path) = stack.pop() {
        if fs::symlink_metadata(&path).unwrap().is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().flatten().map(|e| e.path()));
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.insert(rel.replace('\\', "/"), fs::read(&path).unwrap_or_default());
        }
    }
    out
}

/// Every entry under `root`, directories too (as `None`), with a file's bytes: equal before and
/// after a command when it changed nothing at all.
pub fn entries(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            let rel = rel.replace('\\', "/");
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                stack.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap_or_default()));
            }
        }
    }
    out
}

/// An executable `dir/name` running the shell `script`: a stand-in for go, make, packer….
pub fn fake_tool(dir: &Path, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// What the published schema (docs/schema/packer-scaffold.v1.json) finds wrong in `report`.
pub fn schema_errors(report: &serde_json::Value) -> Vec<String> {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(|| {
        let text = include_str!("../../docs/schema/packer-scaffold.v1.json");
        let schema: serde_json::Value = serde_json::from_str(text).unwrap();
        jsonschema::draft202012::new(&schema).expect("a valid JSON Schema")
    });
    schema
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// `stdout` as the one line of JSON a `--format json` report is, valid against the schema: no
/// field more or less, each of its type and values.
pub fn json_report(stdout: &[u8]) -> serde_json::Value {
    let text = std::str::from_utf8(stdout).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    let report: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let errors = schema_errors(&report);
    assert!(errors.is_empty(), "{errors:#?}\nin {text}");
    report
}
