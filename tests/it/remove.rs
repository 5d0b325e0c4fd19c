//! `remove` on repositories made by `new` and grown by `add`: undoing an `add` gives back the
//! tree before it byte for byte, whatever order components are removed in; the refusals; files
//! changed since written kept unless `--force`; the dry run and the JSON report.

use std::collections::BTreeMap;
use std::fs;

use crate::support::{Repo, Text, json_report, schema_errors, shapes};

/// One component of every kind, as `add` names them here.
const ADDED: [[&str; 2]; 4] = [
    ["builder", "x-builder"],
    ["provisioner", "x-provisioner"],
    ["post-processor", "x-post-processor"],
    ["datasource", "x-datasource"],
];

#[test]
fn removing_what_add_added_gives_back_the_tree_byte_for_byte_in_every_shape() {
    for (shape, kinds) in shapes() {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let repo = Repo::new().kinds(&names).build();
        let before = repo.files();
        for [kind, name] in ADDED {
            repo.run(["add", kind, name, "--no-tidy"]).success();
        }
        // Not in the order they were added: the first added goes last.
        for [kind, name] in [ADDED[1], ADDED[3], ADDED[0], ADDED[2]] {
            repo.run(["remove", kind, name, "-q"]).success();
        }
        assert_eq!(differences(&before, &repo.files()), "", "{shape}");
    }
}

/// The paths that differ between two trees, for a readable failure.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> String {
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| format!("{p}\n"))
        .collect()
}

#[test]
fn the_last_component_an_unknown_one_and_a_default_with_others_are_refused() {
    let repo = Repo::new().build();
    let before = repo.files();
    let out = repo.run(["remove", "builder", "custom-cloud"]).code(2);
    assert!(
        out.stderr_text()
            .contains("it is the plugin's only component"),
        "{}",
        out.stderr_text()
    );
    let out = repo.run(["remove", "builder", "nope"]).code(2);
    let said = out.stderr_text();
    assert!(
        said.contains("the manifest has no builder named `nope`"),
        "{said}"
    );
    assert!(
        said.contains("help: name one of: builder custom-cloud"),
        "{said}"
    );
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    let out = repo.run(["remove", "builder", "custom-cloud"]).code(2);
    let said = out.stderr_text();
    assert!(
        said.contains("it is the default builder (HCL type `custom-cloud`"),
        "{said}"
    );
    assert!(said.contains("`custom-cloud-second`"), "{said}");
    repo.run(["remove", "builder", "second", "-q"]).success();
    assert_eq!(differences(&before, &repo.files()), "");
}

#[test]
fn a_file_changed_since_written_is_kept_unless_forced() {
    let repo = Repo::new().build();
    repo.run(["add", "datasource", "images", "--no-tidy"])
        .success();
    let config = "datasource/images/config.go";
    repo.write(config, &format!("{}// mine\n", repo.file(config)));
    repo.write("datasource/images/notes.txt", "mine\n");
    let out = repo.run(["remove", "datasource", "images"]).success();
    let said = out.stderr_text();
    assert!(
        said.contains("kept 2 file(s) that changed since packer-scaffold wrote them: datasource/images/config.go, datasource/images/notes.txt"),
        "{said}"
    );
    // The advice can be followed: the component is gone, so it is not `--force`.
    let root = repo.path().display().to_string();
    assert!(
        said.contains(&format!(
            "note: the component is removed, so `--force` can no longer delete them; if you do \
             not need them, delete them by hand in {root}: rm -- datasource/images/config.go \
             datasource/images/notes.txt"
        )),
        "{said}"
    );
    assert!(repo.join(config).is_file() && !repo.join("datasource/images/datasource.go").exists());
    assert!(!repo.file("main.go").contains("images"));

    let repo = Repo::new().build();
    repo.run(["add", "datasource", "images", "--no-tidy"])
        .success();
    repo.write(config, "package images\n");
    // The dry run and the report tell the changed files --force deletes from the others.
    let out = repo
        .run(["remove", "datasource", "images", "--force", "--dry-run"])
        .success();
    let text = out.stdout_text();
    assert!(
        text.contains("Files to delete though changed since written (--force):\n  datasource/images/config.go\n"),
        "{text}"
    );
    let out = repo
        .run([
            "remove",
            "datasource",
            "images",
            "--force",
            "--format",
            "json",
        ])
        .success();
    let report = json_report(&out.get_output().stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    let action = |path: &str| {
        let files = report["files"].as_array().unwrap();
        let file = files.iter().find(|f| f["path"] == path).unwrap();
        file["action"].as_str().unwrap().to_owned()
    };
    assert_eq!(action(config), "delete-changed");
    assert_eq!(action("datasource/images/datasource.go"), "delete");
    let said = out.stderr_text();
    assert!(
        said.contains("warning: deleted 1 file(s) that changed since packer-scaffold wrote them (--force): datasource/images/config.go"),
        "{said}"
    );
    assert!(!repo.join("datasource").exists());
}

#[test]
fn a_dry_run_changes_nothing_and_json_reports_every_file() {
    let repo = Repo::new().build();
    repo.run(["add", "provisioner", "greet", "--no-tidy"])
        .success();
    let before = repo.files();
    let out = repo
        .run(["remove", "provisioner", "greet", "--dry-run"])
        .success();
    let text = out.stdout_text();
    assert!(text.starts_with("Files to delete:\n"), "{text}");
    assert!(
        text.contains("  provisioner/greet/provisioner.go\n"),
        "{text}"
    );
    assert!(text.contains("-\tgreetprovisioner \""), "{text}");
    assert_eq!(repo.files(), before);

    let out = repo
        .run(["remove", "provisioner", "greet", "--format", "json"])
        .success();
    let report = json_report(&out.get_output().stdout);
    assert_eq!(report["schema"], "packer-scaffold.remove.v1");
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    let actions: Vec<(String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["action"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(actions.contains(&("delete".into(), "provisioner/greet/provisioner.go".into())));
    assert!(actions.contains(&("edit".into(), "main.go".into())));
    assert!(!fs::exists(repo.join("provisioner")).unwrap());
}

/// A component `new` made (its example in example/build.pkr.hcl, not a file of its own) is
/// removed as completely: all four kinds less one is what `new` makes of the other three,
/// whichever one it is (the builder's CHANGELOG line is the first under its heading).
#[test]
fn removing_a_kind_new_made_gives_the_tree_new_makes_without_it() {
    const KINDS: [&str; 4] = ["builder", "provisioner", "post-processor", "datasource"];
    for gone in KINDS {
        let all = Repo::new().kinds(&KINDS).build();
        all.run(["remove", gone, "custom-cloud", "-q"]).success();
        let others: Vec<&str> = KINDS.into_iter().filter(|k| *k != gone).collect();
        let three = Repo::new().kinds(&others).build();
        assert_eq!(differences(&three.files(), &all.files()), "", "{gone}");
    }
}

#[test]
fn default_to_is_refused_for_a_component_that_is_not_the_default_or_not_there() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    let before = repo.files();
    let out = repo
        .run([
            "remove",
            "builder",
            "second",
            "--default-to",
            "custom-cloud",
        ])
        .code(2);
    let said = out.stderr_text();
    assert!(
        said.contains("the builder `second` is not the default builder"),
        "{said}"
    );
    assert!(
        said.contains("help: drop --default-to: `packer-scaffold remove builder second`"),
        "{said}"
    );
    let out = repo
        .run(["remove", "builder", "custom-cloud", "--default-to", "nope"])
        .code(2);
    let said = out.stderr_text();
    assert!(said.contains("no other builder named `nope`"), "{said}");
    assert!(said.contains("help: name one of: second"), "{said}");
    let out = repo.run(["remove", "builder", "custom-cloud"]).code(2);
    let said = out.stderr_text();
    assert!(
        said.contains("`packer-scaffold remove builder custom-cloud --default-to second`"),
        "{said}"
    );
    assert_eq!(repo.files(), before);
}

/// `remove <default> --default-to <other>` after `add <other>` ends where `rename <default>
/// <other>` does (two paths through different code): the other is registered as the default
/// under the plugin's name, its files, docs, tables and CHANGELOG line say so; only the example
/// file `add` gave it is left over.
#[test]
fn default_to_hands_the_plugins_name_to_another_component() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    let before = repo.files();
    let args = [
        "remove",
        "builder",
        "custom-cloud",
        "--default-to",
        "second",
    ];
    let out = repo.run(args.into_iter().chain(["--dry-run"])).success();
    assert!(
        out.stdout_text()
            .contains("+\tpps.RegisterBuilder(plugin.DEFAULT_NAME, new(secondbuilder.Builder))")
    );
    assert_eq!(repo.files(), before);

    let out = repo
        .run(args.into_iter().chain(["--format", "json"]))
        .success();
    let report = json_report(&out.get_output().stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    assert_eq!(report["default_to"]["name"], "second");
    assert_eq!(report["default_to"]["hcl_type"], "custom-cloud");
    assert_eq!(report["default_to"]["default"], true);
    assert!(
        out.stderr_text()
            .contains("templates that use `custom-cloud-second` must change to `custom-cloud`")
    );
    repo.run(["list"]).success();

    let renamed = Repo::new().build();
    renamed
        .run(["rename", "builder", "custom-cloud", "second", "-q"])
        .success();
    let mut expected = renamed.files();
    let mut got = repo.files();
    assert!(got.remove("example/builder-second.pkr.hcl").is_some());
    expected.remove(".packer-scaffold.toml");
    got.remove(".packer-scaffold.toml");
    assert_eq!(differences(&expected, &got), "");
}

/// The successor's files you changed keep your text, with its old HCL type replaced wherever
/// it stands as a word (a source's type and its `source.<type>.<name>` address, IDs), so its
/// example still builds.
#[test]
fn default_to_replaces_the_old_hcl_type_in_the_successor_s_changed_files() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    for (path, ours) in [
        ("builder/second/builder.go", "// ours\n"),
        ("example/builder-second.pkr.hcl", "# ours\n"),
    ] {
        repo.write(path, &format!("{}{ours}", repo.file(path)));
    }
    repo.run([
        "remove",
        "builder",
        "custom-cloud",
        "--default-to",
        "second",
        "--no-generate",
        "-q",
    ])
    .success();
    let example = repo.file("example/builder-second.pkr.hcl");
    assert!(example.ends_with("# ours\n"), "{example}");
    assert!(
        example.contains("source \"custom-cloud\" \"builder-second\""),
        "{example}"
    );
    assert!(
        example.contains("\"source.custom-cloud.builder-second\""),
        "{example}"
    );
    let left: Vec<String> = repo
        .files()
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("custom-cloud-second"))
        .map(|(path, _)| path)
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A `make generate` that fails after the change is written is a warning, in the JSON report's
/// `warnings` too; the change stays done (exit 0).
#[cfg(unix)]
#[test]
fn a_failed_make_generate_is_a_warning_of_the_report() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    let path = "builder/second/builder.go";
    repo.write(path, &format!("{}// ours\n", repo.file(path)));
    let bin = repo.home().join("bin");
    crate::support::fake_tool(&bin, "make", "echo 'generate broke' >&2; exit 2");
    crate::support::fake_tool(&bin, "go", "exit 0");
    let out = repo
        .cmd([
            "remove",
            "builder",
            "custom-cloud",
            "--default-to",
            "second",
        ])
        .args(["--format", "json"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_report(&out.stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    let warnings = report["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("`make generate` failed")),
        "{warnings:?}"
    );
}

/// A component the CHANGELOG shows under a released version: its line there stays (history),
/// and a line under Unreleased's "### Removed" says it went.
#[test]
fn removing_a_released_component_adds_a_removed_line() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    let released = repo.file("CHANGELOG.md").replace(
        "## [Unreleased]",
        "## [Unreleased]\n\n## [0.1.0] - 2026-12-01",
    );
    repo.write("CHANGELOG.md", &released);
    repo.run(["remove", "builder", "second", "-q"]).success();
    let after = repo.file("CHANGELOG.md");
    let line = "- The `custom-cloud-second` builder.\n";
    let unreleased = after.split("## [0.1.0]").next().unwrap();
    assert!(
        unreleased.contains(&format!("### Removed\n\n{line}")),
        "{after}"
    );
    let history = after.split("## [0.1.0]").nth(1).unwrap();
    assert!(history.contains(line), "{after}");
}
