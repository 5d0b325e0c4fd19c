//! Properties over generated inputs (proptest): every plugin name, author and description is
//! either rejected with a reason and a suggestion (exit status 2), or renders a repository whose
//! Go files parse (`gofmt -e`), whose `.pkr.hcl` files pass `packer fmt -check` (when Packer is
//! on PATH, as in `.ci/run`), whose YAML (GoReleaser config, MDX front matter) and TOML (the
//! manifest) parse, and where free text reads back exactly. Cases per property:
//! `PROPTEST_CASES`, by default 256 for a quick local run; `.ci/run` sets 10,000, the count
//! docs/reliability.md reports (which also gives a longer run). Where gofmt or Packer is not on
//! PATH, their checks are skipped with a `skipped:` line, or fail the test under
//! `PACKER_SCAFFOLD_REQUIRE_TOOLS=1`, as in `.ci/run`. Module paths are either rejected
//! helpfully or, judged by the Go toolchain on a sample, work as the path of a module whose
//! package builds.

use std::cell::Cell;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use packer_scaffold::Error;
use packer_scaffold::Kind;
use packer_scaffold::Manifest;
use packer_scaffold::Plan;
use packer_scaffold::Renderer;
use packer_scaffold::{Answers, Plugin};
use packer_scaffold::{check_free_text, check_module_path, check_plugin_name, free_text};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::require;

const DEFAULT_CASES: u32 = 256;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// Plugin-name candidates: mostly well-formed names, mixed with every kind of mistake.
fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,3}",
        1 => "(packer-|packer-plugin-)[a-z][a-z0-9-]{0,12}",
        2 => "[a-zA-Z0-9 _./\\\\-]{0,14}",
        1 => "\\PC{0,10}",
        1 => prop::sample::select(vec![
            "go", "type", "func", "string", "con", "nul", "lpt1", ".", "..", "main",
            "amazon", "", "a--b", "-a", "a-", "9a",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z]{45,60}",
    ]
}

/// Free-text candidates full of what breaks templates and file formats.
fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "\\",
        "{{ plugin.name }}",
        "{% if true %}",
        "%}",
        "${var.x}",
        "`",
        "%",
        "%s",
        "\n",
        "\r\n",
        "\t",
        "ü",
        "名前",
        "🚀",
        "*/",
        "/*",
        "#",
        "//",
        "<!--",
        "-->",
        "---",
        "@include 'x'",
        ": ",
        "- ",
        "&",
        "<b>",
        "]]",
        "[[",
        "\u{0}",
        "\u{7f}",
        " ",
        "\u{2028}",
        "\u{2029}",
        "\u{301}",
        "\u{20dd}",
    ]);
    prop_oneof![
        3 => prop::collection::vec(
            prop_oneof![pieces.prop_map(str::to_owned), "[A-Za-z0-9 .,]{1,8}"],
            1..12
        )
        .prop_map(|parts| parts.concat()),
        1 => "\\PC{1,40}",
        1 => "[a-z ]{480,520}",
    ]
}

/// Accepted cases whose files are checked by the external tools after the run.
struct Outbox {
    dir: assert_fs::TempDir,
    count: Mutex<usize>,
}

impl Outbox {
    fn new() -> Outbox {
        Outbox {
            dir: assert_fs::TempDir::new().unwrap(),
            count: Mutex::new(0),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Keeps the Go and Packer files of one rendered repository for the batch checks.
    fn keep(&self, plan: &Plan) {
        let mut count = self.count.lock().unwrap();
        *count += 1;
        let case = self.root().join(format!("case{count}"));
        for file in plan.files.iter().filter(|f| {
            f.path == "main.go"
                || (f.path.starts_with("builder/") && f.path.ends_with("/config.go"))
                || f.path.ends_with("/datasource.go")
                || f.path.ends_with(".pkr.hcl")
        }) {
            let path = case.join(&file.path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, &file.contents).unwrap();
        }
    }

    fn cases(&self) -> usize {
        *self.count.lock().unwrap()
    }
}

/// The rejection contract: an invalid-input error (exit status 2) with a reason and a help
/// line saying what to type instead.
fn assert_helpful_rejection(error: &Error, input: &str) {
    assert_eq!(error.exit_code(), 2, "{input:?}: {error}");
    let Error::InvalidInput { problem, help, .. } = error else {
        panic!("{input:?}: unexpected error {error:?}");
    };
    assert!(!problem.is_empty() && !help.is_empty(), "{input:?}");
}

fn answers(name: &str, kinds: &[Kind], author: &str, description: &str) -> Answers {
    Answers {
        name: name.to_owned(),
        kinds: kinds.to_vec(),
        org: "acme".into(),
        module: format!("github.com/acme/packer-plugin-{name}"),
        author: author.to_owned(),
        description: description.to_owned(),
        year: 2026,
        skeleton: Default::default(),
    }
}

/// Checks every file format the repository has that Rust can parse here.
fn assert_formats_parse(plan: &Plan, author: &str, description: &str) {
    for file in &plan.files {
        let text = std::str::from_utf8(&file.contents).expect("every file is UTF-8");
        if file.path.ends_with(".yml") || file.path.ends_with(".yaml") {
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text)
                .unwrap_or_else(|e| panic!("{}: {e}", file.path));
        }
        if file.path.ends_with(".mdx") && text.starts_with("---\n") {
            let front = text[4..].split("\n---\n").next().unwrap();
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(front)
                .unwrap_or_else(|e| panic!("{} front matter: {e}", file.path));
        }
    }
    let license = std::str::from_utf8(&plan.get("LICENSE").unwrap().contents).unwrap();
    assert!(license.contains(author), "the LICENSE names {author:?}");
    let main_go = std::str::from_utf8(&plan.get("main.go").unwrap().contents).unwrap();
    assert!(
        main_go.starts_with(&format!("// Copyright (c) 2026 {author}\n")),
        "one comment line holds the author"
    );
    let plugin = plan.get(".web-docs/metadata.hcl").unwrap();
    let metadata = std::str::from_utf8(&plugin.contents).unwrap();
    let line = metadata
        .lines()
        .find(|l| l.trim_start().starts_with("description = "))
        .unwrap();
    assert_eq!(
        hcl_unquote(line.split_once("= ").unwrap().1),
        description,
        "metadata.hcl reads back the description"
    );
}

/// The value of a quoted HCL string with the escapes `hcl_string` writes (`\\x`, and `$${`
/// and `%%{` for a literal `${` and `%{`).
fn hcl_unquote(quoted: &str) -> String {
    let chars: Vec<char> = quoted[1..quoted.len() - 1].chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push(match chars[i + 1] {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
                i += 2;
            }
            '$' | '%' if chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&'{') => {
                out.push(c);
                i += 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Runs gofmt -e and packer fmt -check over every kept file (each where it is on PATH; see
/// `support::require`), and says which ran.
fn assert_tools_accept(outbox: &Outbox) -> String {
    let mut ran = Vec::new();
    let root = outbox.root();
    if require("gofmt", "parsing the rendered Go files") {
        let out = Command::new("gofmt")
            .arg("-e")
            .arg("-l")
            .arg(root)
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stdout.is_empty(),
            "gofmt -e rejected or would reformat:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran.push("gofmt -e");
    }
    if require("packer", "checking the rendered .pkr.hcl files") {
        let out = Command::new("packer")
            .args(["fmt", "-check", "-recursive"])
            .arg(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "packer fmt -check failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran.push("packer fmt -check");
    }
    if ran.is_empty() {
        "no external tool".into()
    } else {
        ran.join(" and ")
    }
}

#[test]
fn every_plugin_name_is_rejected_helpfully_or_renders_valid_files() {
    let renderer = Renderer::new().unwrap();
    let outbox = Outbox::new();
    let (accepted, rejected) = (Cell::new(0), Cell::new(0));
    let mut runner = TestRunner::new(Config::with_cases(cases()));
    runner
        .run(&name_strategy(), |raw| {
            match check_plugin_name(&raw) {
                Ok(checked) => {
                    accepted.set(accepted.get() + 1);
                    let kinds = [Kind::Builder, Kind::Datasource];
                    let plugin = Plugin::new(&answers(&checked.name, &kinds, "A", "D"));
                    let mut plan = renderer.repository(&plugin).unwrap();
                    plan.insert(
                        Manifest::for_new(&plugin, &plan, packer_scaffold::template_version())
                            .planned(),
                    );
                    assert_formats_parse(&plan, "A", "D");
                    outbox.keep(&plan);
                }
                Err(error) => {
                    rejected.set(rejected.get() + 1);
                    assert_helpful_rejection(&error, &raw);
                }
            }
            Ok(())
        })
        .unwrap();
    let tools = assert_tools_accept(&outbox);
    println!(
        "plugin names: {} cases, {accepted} accepted and rendered ({} trees checked by {tools}; YAML and TOML parsed), {rejected} rejected with a reason and a suggestion",
        accepted.get() + rejected.get(),
        outbox.cases(),
        accepted = accepted.get(),
        rejected = rejected.get()
    );
}

#[test]
fn every_author_and_description_is_rejected_helpfully_or_lands_as_data() {
    let renderer = Renderer::new().unwrap();
    let outbox = Outbox::new();
    let (accepted, rejected) = (Cell::new(0), Cell::new(0));
    let mut runner = TestRunner::new(Config::with_cases(cases()));
    runner
        .run(
            &(text_strategy(), text_strategy()),
            |(author, description)| {
                let checks = [
                    check_free_text("--author", &author),
                    check_free_text("--description", &description),
                ];
                if let Some(Err(error)) = checks.iter().find(|c| c.is_err()) {
                    rejected.set(rejected.get() + 1);
                    assert_helpful_rejection(error, &author);
                    return Ok(());
                }
                accepted.set(accepted.get() + 1);
                // The tool trims free text, as it would for these flags.
                let (author, description) = (free_text(&author), free_text(&description));
                let kinds = [Kind::Builder, Kind::Datasource];
                let plugin = Plugin::new(&answers("x", &kinds, &author, &description));
                let mut plan = renderer.repository(&plugin).unwrap();
                let manifest =
                    Manifest::for_new(&plugin, &plan, packer_scaffold::template_version());
                plan.insert(manifest.planned());
                assert_formats_parse(&plan, &author, &description);
                let text =
                    std::str::from_utf8(&plan.get(".packer-scaffold.toml").unwrap().contents)
                        .unwrap()
                        .to_owned();
                let read = Manifest::parse(&text).unwrap();
                prop_assert_eq!(&read.answers.author, &author);
                prop_assert_eq!(&read.answers.description, &description);
                outbox.keep(&plan);
                Ok(())
            },
        )
        .unwrap();
    let tools = assert_tools_accept(&outbox);
    println!(
        "free text: {} author/description pairs, {accepted} accepted and rendered as data ({} trees checked by {tools}; YAML and TOML parsed, values read back), {rejected} rejected with a reason",
        accepted.get() + rejected.get(),
        outbox.cases(),
        accepted = accepted.get(),
        rejected = rejected.get()
    );
}

/// Module-path candidates: mostly well-formed, mixed with elements Go refuses somewhere
/// (Windows device names and short names like `x~1`, `vendor`, a leading dash, major version
/// suffixes `/v0`, `/v1`, `/v01`, `/v2.0`, odd characters) and `gopkg.in/` paths with and
/// without their `.vN`.
fn module_strategy() -> impl Strategy<Value = String> {
    let element = prop_oneof![
        6 => "[a-z][a-z0-9-]{0,8}",
        1 => "[a-z]{1,4}~[0-9a-z]{0,2}(\\.[a-z~0-9]{1,3})?",
        2 => prop::sample::select(vec![
            "con", "NUL.txt", "lpt1", "aux.go", "Com9", "vendor", "-x", "v0", "v1", "v02", "v2",
            "v10", ".x", "x.", "", "a b", "x_y", "x~y", "Ab", "a.b", "é", "x~1", "longna~1.dir",
            "~9", "x~1a", "x.~1", "~glenda", "v2.0", "v01", "v1.5", "v.2", "v", "yaml.v3",
            "x.v0", "x.v01", "x.v2-unstable",
        ])
        .prop_map(str::to_owned),
    ];
    let host = prop_oneof![
        4 => Just("github.com".to_owned()),
        2 => "[a-z]{1,6}\\.[a-z]{2,3}",
        1 => Just("gopkg.in".to_owned()),
        1 => prop::sample::select(vec!["GitHub.com", "localhost", "-x.com", "a_b.com", "x.com."])
            .prop_map(str::to_owned),
    ];
    (host, prop::collection::vec(element, 0..4)).prop_map(|(host, elements)| {
        std::iter::once(host)
            .chain(elements)
            .collect::<Vec<_>>()
            .join("/")
    })
}

#[test]
fn every_module_path_is_rejected_helpfully_or_builds_as_a_module() {
    let accepted = Mutex::new(Vec::new());
    let rejected = Cell::new(0);
    let mut runner = TestRunner::new(Config::with_cases(cases()));
    runner
        .run(&module_strategy(), |path| {
            match check_module_path(&path) {
                Ok(()) => accepted.lock().unwrap().push(path),
                Err(error) => {
                    rejected.set(rejected.get() + 1);
                    assert_helpful_rejection(&error, &path);
                }
            }
            Ok(())
        })
        .unwrap();
    let mut accepted = accepted.into_inner().unwrap();
    accepted.sort();
    accepted.dedup();
    // The Go toolchain judges a sample: one module per path, a package in it that builds.
    let sample = (cases() as usize / 25).clamp(8, 40);
    let judged = if require("go", "building the accepted module paths") {
        // Spread over the sorted list, so every kind of path is in the sample.
        let step = (accepted.len() / sample).max(1);
        for path in accepted.iter().step_by(step).take(sample) {
            assert_builds_as_a_module(path);
        }
        accepted.len().min(sample)
    } else {
        0
    };
    println!(
        "module paths: {} accepted ({judged} of them built by go), {} rejected with a reason and a help line",
        accepted.len(),
        rejected.get()
    );
}

/// A module at `path` with a package `x` and a command importing it builds.
fn assert_builds_as_a_module(path: &str) {
    let dir = tempfile_dir();
    fs::write(
        dir.path().join("go.mod"),
        format!("module {path}\n\ngo 1.21\n"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("x")).unwrap();
    fs::write(dir.path().join("x/x.go"), "package x\n\nconst X = 1\n").unwrap();
    fs::write(
        dir.path().join("main.go"),
        format!("package main\n\nimport \"{path}/x\"\n\nfunc main() {{ _ = x.X }}\n"),
    )
    .unwrap();
    let out = Command::new("go")
        .args(["build", "./..."])
        .env("GOFLAGS", "-buildvcs=false -mod=mod")
        .env("GOWORK", "off")
        .env("GOPROXY", "off")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{path:?} was accepted, but go cannot build it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tempfile_dir() -> assert_fs::TempDir {
    assert_fs::TempDir::new().unwrap()
}
