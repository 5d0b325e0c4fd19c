//! `add` and `list` on real repositories made by the real binary: what changes, what must not,
//! and what happens when an edit point is gone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use similar::{ChangeTag, TextDiff};

use crate::support::{Home, Repo, Text, files, scaffold};

/// What changed between two snapshots of a tree: created paths, then a diff of each edit.
/// Manifest hashes are shortened so the report survives template changes.
fn changes(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::from("created:\n");
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push_str(&format!("  {path}\n"));
    }
    for (path, old) in before {
        let new = after.get(path).expect("add never deletes a file");
        if new != old {
            let old = without_file_hashes(path, &String::from_utf8_lossy(old));
            let new = without_file_hashes(path, &String::from_utf8_lossy(new));
            let diff = TextDiff::from_lines(old.as_str(), new.as_str());
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string(),
            );
        }
    }
    redact_hashes(&out)
}

/// The manifest without its `[files]` table of hashes, which changes with every template.
fn without_file_hashes(path: &str, text: &str) -> String {
    match text.find("\n[files]\n") {
        Some(at) if path == ".packer-scaffold.toml" => {
            format!("{}\n[files] (hashes left out)\n", &text[..at])
        }
        _ => text.to_owned(),
    }
}

/// `sha256:<64 hex>` → `sha256:…`, and the template version → `…`.
fn redact_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.contains("template_version = ") {
            let cut = line.find("template_version = ").unwrap();
            out.push_str(&line[..cut]);
            out.push_str("template_version = \"…\"\n");
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("sha256:") {
            out.push_str(&rest[..at + 7]);
            let tail = &rest[at + 7..];
            let hex = tail.chars().take_while(char::is_ascii_hexdigit).count();
            out.push('…');
            rest = &tail[hex..];
        }
        out.push_str(rest);
    }
    out
}

/// Asserts that every pre-existing file other than those `may_rewrite` either kept every byte
/// or only gained lines: nothing the user had was changed or removed.
fn assert_only_insertions(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    may_rewrite: &[&str],
) {
    for (path, old) in before {
        if may_rewrite.contains(&path.as_str()) {
            continue;
        }
        let new = &after[path];
        let old = String::from_utf8_lossy(old);
        let new = String::from_utf8_lossy(new);
        let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
        for change in diff.iter_all_changes() {
            assert_ne!(
                change.tag(),
                ChangeTag::Delete,
                "{path}: line {:?} was changed or removed",
                change.value()
            );
        }
    }
}

#[test]
fn add_on_a_fresh_repository_changes_exactly_this() {
    let repo = Repo::new().build();
    let before = repo.files();
    repo.run(["add", "datasource", "images"]).success();
    let after = repo.files();
    insta::assert_snapshot!(changes(&before, &after));
    assert_only_insertions(&before, &after, &[".packer-scaffold.toml"]);
}

#[test]
fn example_readme_stays_true_after_add() {
    // It names build.pkr.hcl for the first components and a file per added one, and the
    // added component's file has the name it gives. See: issue 17
    let repo = Repo::new().build();
    repo.run(["add", "datasource", "images"]).success();
    let files = repo.files();
    let readme = String::from_utf8_lossy(&files["example/README.md"]).into_owned();
    assert!(
        !readme.contains("`build.pkr.hcl` is a complete Packer template that uses every"),
        "{readme}"
    );
    assert!(readme.contains("`<kind>-<name>.pkr.hcl`"), "{readme}");
    assert!(files.contains_key("example/datasource-images.pkr.hcl"));
}

#[test]
fn dry_run_shows_the_plan_and_changes_nothing() {
    let repo = Repo::new().build();
    let before = repo.files();
    let stdout = repo
        .run(["add", "builder", "second", "--dry-run"])
        .success()
        .stdout_text();
    let stdout = redact_hashes(&stdout.replace(&repo.path().display().to_string(), "[repo]"));
    insta::assert_snapshot!(stdout);
    assert_eq!(repo.files(), before);
}

const EDITED_MAIN_GO: &str = r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

// The plugin's entry point. We add a -debug flag of our own.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	sdkplugin "github.com/hashicorp/packer-plugin-sdk/plugin"

	customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
	"github.com/acme/packer-plugin-custom-cloud/version"
)

var debug = flag.Bool("debug", false, "log more")

func main() {
	flag.Parse()
	if *debug {
		log.Println("starting; not calling set.RegisterBuilder( here")
	}
	set := sdkplugin.NewSet()
	// Our one builder. TODO: import ( more later
	set.RegisterBuilder(sdkplugin.DEFAULT_NAME,
		new(customcloudbuilder.Builder)) // the main one
	set.SetVersion(version.PluginVersion)

	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
"#;

/// The files `add` may edit; every other file that exists must keep every byte.
const EDIT_POINTS: [&str; 9] = [
    ".packer-scaffold.toml",
    ".web-docs/README.md",
    ".web-docs/metadata.hcl",
    "CHANGELOG.md",
    "README.md",
    "docs/README.md",
    "go.mod",
    "go.sum",
    "main.go",
];

#[test]
fn add_edits_a_user_edited_main_go_only_at_its_edit_points() {
    let repo = Repo::new().build();
    repo.write("main.go", EDITED_MAIN_GO);
    // Files of the user's own, and user edits to generated code, must survive untouched.
    repo.write("NOTES.md", "mine\n");
    let builder = "builder/custom-cloud/builder.go";
    repo.write(builder, &(repo.file(builder) + "\n// A comment of ours.\n"));
    let before = repo.files();
    repo.run(["add", "builder", "second"]).success();
    repo.run(["add", "provisioner", "hello"]).success();
    let after = repo.files();
    for (path, bytes) in &before {
        if !EDIT_POINTS.contains(&path.as_str()) {
            assert_eq!(&after[path], bytes, "{path} changed");
        }
    }
    let main_go = String::from_utf8(after["main.go"].clone()).unwrap();
    let diff = TextDiff::from_lines(EDITED_MAIN_GO, main_go.as_str());
    insta::assert_snapshot!(diff.unified_diff().context_radius(2).to_string());
    assert_only_insertions(&before, &after, &[".packer-scaffold.toml"]);
}

#[test]
fn running_the_same_add_twice_changes_nothing_the_second_time() {
    let repo = Repo::new().build();
    // --no-input is accepted, as for `new`, though add never asks anything.
    repo.run(["add", "datasource", "images", "--no-input"])
        .success();
    let once = repo.files();
    repo.run(["add", "datasource", "images"])
        .code(2)
        .stderr(predicate::str::contains(
            "error: the datasource `images` (HCL type `custom-cloud`) already exists; nothing was changed",
        ));
    assert_eq!(repo.files(), once);
}

#[test]
fn a_path_in_the_way_is_refused_and_nothing_changes() {
    let repo = Repo::new().build();
    repo.write("provisioner/hello/config.go", "package mine\n");
    let before = repo.files();
    repo.run(["add", "provisioner", "hello"])
        .code(2)
        .stderr(predicate::str::contains(
            "these paths already exist; nothing was changed:\n  provisioner/hello/config.go",
        ));
    assert_eq!(repo.files(), before);
}

#[test]
fn a_missing_edit_point_still_writes_the_new_files_and_says_what_to_add() {
    let repo = Repo::new().build();
    // The user moved registration out of main.go entirely.
    let restructured = "package main\n\nimport \"github.com/acme/packer-plugin-custom-cloud/internal/app\"\n\nfunc main() { app.Main() }\n";
    repo.write("main.go", restructured);
    repo.run(["add", "datasource", "images"])
        .code(1)
        .stderr(predicate::str::contains(
            "imagesdatasource \"github.com/acme/packer-plugin-custom-cloud/datasource/images\"",
        ))
        .stderr(predicate::str::contains(
            "RegisterDatasource(plugin.DEFAULT_NAME, new(imagesdatasource.Datasource))",
        ));
    assert_eq!(repo.file("main.go"), restructured);
    assert!(repo.join("datasource/images/datasource.go").is_file());
    let manifest = repo.file(".packer-scaffold.toml");
    assert!(manifest.contains("name = \"images\""));
}

#[test]
fn list_shows_the_components_and_checks_them_against_main_go() {
    let repo = Repo::new().build();
    repo.run(["add", "builder", "second"]).success();
    let listed = repo
        .cmd(["list"])
        .current_dir(repo.join("builder"))
        .assert()
        .success();
    insta::assert_snapshot!(listed.stdout_text());

    let without_second: String = repo
        .file("main.go")
        .lines()
        .filter(|l| !l.contains("RegisterBuilder(\"second\""))
        .map(|l| format!("{l}\n"))
        .collect();
    repo.write("main.go", &without_second);
    repo.home()
        .cmd(["list", "--dir"])
        .arg(repo.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the builder `second` is in the manifest, but main.go does not register it as \"second\"",
        ));
}

#[test]
fn list_names_a_component_registered_under_another_name_as_such() {
    let repo = Repo::new().build();
    let main_go = repo.file("main.go");
    let renamed = main_go.replace(
        "RegisterBuilder(plugin.DEFAULT_NAME,",
        "RegisterBuilder(\"renamed\",",
    );
    assert_ne!(renamed, main_go);
    repo.write("main.go", &renamed);
    let listed = repo.home().cmd(["list", "--dir"]).arg(repo.path()).assert();
    let stderr = listed.code(1).stderr_text();
    let line = main_go
        .lines()
        .position(|l| l.contains("RegisterBuilder("))
        .unwrap()
        + 1;
    assert_eq!(
        stderr,
        format!(
            "error: the manifest and main.go disagree:\n  \
             main.go:{line} registers the builder `custom-cloud` as \"renamed\", but the manifest has it as plugin.DEFAULT_NAME\n\
             help: register the component in main.go, or fix .packer-scaffold.toml (docs/manifest.md)\n"
        )
    );
}

#[test]
fn list_in_a_go_module_that_is_no_plugin_says_so_without_a_manifest_to_blame() {
    let home = Home::new();
    fs::write(home.join("go.mod"), "module example.com/tool\n\ngo 1.22\n").unwrap();
    fs::write(home.join("main.go"), "package main\n\nfunc main() {}\n").unwrap();
    for format in ["text", "json"] {
        home.cmd(["list", "--format", format, "--dir"])
            .arg(home.path())
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: no components to list in `{}`: there is no .packer-scaffold.toml, and \
                 the import of \"github.com/hashicorp/packer-plugin-sdk/plugin\" is not in main.go\n\
                 help: run inside a Packer plugin repository (its main.go registers components on \
                 plugin.NewSet()), or pass --dir <repository>\n",
                home.path().display()
            ));
    }
}

#[test]
fn list_with_a_manifest_but_no_readable_main_go_lists_and_says_it_did_not_check() {
    let repo = Repo::new().build();
    fs::remove_file(repo.join("main.go")).unwrap();
    repo.home()
        .cmd(["list", "--dir"])
        .arg(repo.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("builder  custom-cloud"))
        .stderr(
            "error: the components of .packer-scaffold.toml were listed but not checked against \
             main.go: there is no main.go\n\
             help: register the components in main.go on plugin.NewSet(), as .packer-scaffold.toml \
             lists them (docs/manifest.md)\n",
        );
}

#[test]
fn answer_flags_are_refused_when_the_manifest_has_the_answers() {
    let repo = Repo::new().build();
    let before = repo.files();
    repo.run(["add", "datasource", "images", "--org", "other"])
        .code(2)
        .stderr(predicate::str::contains(
            "help: edit [answers] in .packer-scaffold.toml",
        ));
    assert_eq!(repo.files(), before);
}

#[test]
fn hand_edited_answers_are_used_for_new_files() {
    let repo = Repo::new().build();
    let manifest = repo.file(".packer-scaffold.toml");
    repo.write(
        ".packer-scaffold.toml",
        &manifest.replace("author = \"Acme Corp\"", "author = \"Acme Ltd\""),
    );
    repo.run(["add", "datasource", "images"]).success();
    let config = repo.file("datasource/images/config.go");
    assert!(config.contains("Acme Ltd"), "{config}");
}

/// A repository in the shape of HashiCorp's template: go.mod and main.go, no manifest.
fn template_style_repo(home: &Path) -> PathBuf {
    let root = home.join("packer-plugin-scaffolding");
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::write(
        root.join("go.mod"),
        "module github.com/hashicorp/packer-plugin-scaffolding\n\ngo 1.25\n",
    )
    .unwrap();
    fs::write(
        root.join("main.go"),
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\tscaffoldingBuilder \"github.com/hashicorp/packer-plugin-scaffolding/builder/scaffolding\"\n\t\"github.com/hashicorp/packer-plugin-sdk/plugin\"\n)\n\nfunc main() {\n\tpps := plugin.NewSet()\n\tpps.RegisterBuilder(\"my-builder\", new(scaffoldingBuilder.Builder))\n\terr := pps.Run()\n\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, err.Error())\n\t\tos.Exit(1)\n\t}\n}\n",
    )
    .unwrap();
    root
}

#[test]
fn without_a_manifest_add_says_what_it_needs_and_where_values_came_from() {
    let home = Home::new();
    let root = template_style_repo(home.path());
    let before = files(&root);
    home.cmd(["add", "datasource", "images"])
        .current_dir(&root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--author"))
        .stderr(predicate::str::contains("--org").not());
    assert_eq!(files(&root), before);

    home.cmd(["add", "datasource", "images", "--author", "HashiCorp"])
        .current_dir(&root)
        .assert()
        .code(1) // docs/README.md and metadata.hcl are not there to edit
        .stderr(predicate::str::contains(
            "note: read module path `github.com/hashicorp/packer-plugin-scaffolding` from go.mod",
        ))
        .stderr(predicate::str::contains(
            "GitHub owner `hashicorp` comes from the module path",
        ));
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(
        manifest.contains("hcl_type = \"scaffolding-my-builder\""),
        "{manifest}"
    );
    let main_go = fs::read_to_string(root.join("main.go")).unwrap();
    assert!(
        main_go.contains(
            "\tpps.RegisterDatasource(plugin.DEFAULT_NAME, new(imagesdatasource.Datasource))\n"
        ),
        "{main_go}"
    );
}

/// The manifest `add` writes for a repository made otherwise keeps main.go's registered names:
/// `list` agrees with main.go right after, and a name main.go registers is refused.
#[test]
fn in_a_template_style_repository_the_registered_names_are_the_truth() {
    let home = Home::new();
    let root = template_style_repo(home.path());
    let before = files(&root);
    home.cmd(["add", "builder", "my-builder", "--author", "HashiCorp"])
        .current_dir(&root)
        .assert()
        .code(2)
        .stderr(
            "error: main.go already registers a builder as \"my-builder\", the name the new \
             builder `my-builder` (HCL type `scaffolding-my-builder`) would be registered under \
             (its builders: \"my-builder\"); Packer refuses to start a plugin that registers a \
             name twice, so nothing was changed\n\
             help: choose a name main.go does not register yet for that kind; `packer-scaffold \
             list` shows them\n",
        );
    assert_eq!(files(&root), before);
    home.cmd(["add", "datasource", "images", "--author", "HashiCorp"])
        .current_dir(&root)
        .assert()
        .code(1); // docs/README.md and metadata.hcl are not there to edit
    home.cmd(["list"])
        .current_dir(&root)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "builder     scaffolding  scaffolding-my-builder",
        ));
}

#[test]
fn without_a_manifest_add_takes_the_author_from_the_environment_then_the_config_file() {
    let author_of_new_files = |env: &[(&str, &str)], config: Option<&str>| {
        let home = Home::new();
        let root = template_style_repo(home.path());
        let mut cmd = scaffold(home.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(text) = config {
            let file = home.join("config.toml");
            fs::write(&file, text).unwrap();
            cmd.arg("--config").arg(file);
        }
        let out = cmd
            .args(["add", "datasource", "images", "--no-tidy"])
            .current_dir(&root)
            .output()
            .unwrap();
        let manifest = fs::read_to_string(root.join(".packer-scaffold.toml"))
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        let line = manifest
            .lines()
            .find(|l| l.starts_with("author = "))
            .unwrap()
            .to_owned();
        (line, String::from_utf8(out.stderr).unwrap())
    };
    let (file, stderr) =
        author_of_new_files(&[], Some("author = \"File Corp\"\norg = \"other\"\n"));
    assert_eq!(file, "author = \"File Corp\"");
    assert!(
        stderr.contains("copyright holder `File Corp` comes from the config file"),
        "{stderr}"
    );
    // The repository's module path names its owner: the configured org does not replace it.
    assert!(stderr.contains("GitHub owner `hashicorp` comes from the module path"));
    let (env, _) = author_of_new_files(
        &[("PACKER_SCAFFOLD_AUTHOR", "Env Corp")],
        Some("author = \"File Corp\"\n"),
    );
    assert_eq!(env, "author = \"Env Corp\"");
    // A broken --config file is an error for add too, and nothing is written.
    let home = Home::new();
    let root = template_style_repo(home.path());
    let before = files(&root);
    home.cmd(["--config"])
        .arg(home.join("missing.toml"))
        .args(["add", "datasource", "images", "--author", "A"])
        .current_dir(&root)
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.toml"));
    assert_eq!(files(&root), before);
}

#[test]
fn without_a_manifest_add_reads_git_user_name_in_the_repository_it_is_given() {
    let home = Home::new();
    let root = template_style_repo(home.path());
    home.git(&root, &["init", "-q"]);
    home.git(&root, &["config", "user.name", "Repo Person"]);
    // Started in the home, outside the repository: --dir says where.
    home.cmd(["add", "datasource", "images", "--no-tidy", "--dir"])
        .arg(&root)
        .assert()
        .stderr(predicate::str::contains(
            "copyright holder `Repo Person` is git's user.name",
        ));
}

#[test]
fn outside_a_repository_add_says_where_to_run() {
    let home = Home::new();
    home.cmd(["add", "builder", "x", "--dir"])
        .arg(home.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no plugin repository at or above"))
        .stderr(predicate::str::contains(
            "help: run inside a plugin repository",
        ));
}

#[test]
fn new_then_add_gives_the_same_repository_as_new_with_both_kinds() {
    let grown = Repo::new().build();
    grown.run(["add", "datasource", "custom-cloud"]).success();
    grown.run(["add", "provisioner", "custom-cloud"]).success();

    let fresh = Repo::new()
        .kinds(&["builder", "datasource", "provisioner"])
        .build();
    let fresh = fresh.files();

    // The example differs by design: `add` puts each new component's use in a file of its
    // own rather than rewriting build.pkr.hcl, which users edit.
    let comparable = |all: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        all.into_iter()
            .filter(|(p, _)| !p.starts_with("example/") && p != ".packer-scaffold.toml")
            .collect()
    };
    let grown = comparable(grown.files());
    let fresh = comparable(fresh);
    let differing: Vec<_> = fresh
        .keys()
        .chain(grown.keys())
        .filter(|p| fresh.get(*p) != grown.get(*p))
        .collect();
    assert!(differing.is_empty(), "differ: {differing:?}");
}

#[test]
fn a_type_packer_has_built_in_is_never_given_to_a_new_component() {
    let repo = Repo::new().kinds(&["datasource"]).name("shell").build();
    let add = |args: &[&str]| repo.cmd(["add"]).args(args).args(["--no-tidy"]).assert();
    // The default type would be `shell`, Packer's own provisioner: named like a second one.
    add(&["provisioner", "x"]).success().stderr(predicate::str::contains(
        "note: Packer has a provisioner `shell` of its own, so this one is `shell-x` rather than the plugin's name",
    ));
    let main_go = repo.file("main.go");
    assert!(main_go.contains("RegisterProvisioner(\"x\""), "{main_go}");
    assert!(!main_go.contains("RegisterProvisioner(plugin.DEFAULT_NAME"));
    // `shell-local` is Packer's own provisioner too: refused, nothing changed.
    let before = repo.files();
    add(&["provisioner", "local"])
        .code(2)
        .stderr(predicate::str::contains(
            "Packer has a provisioner `shell-local` of its own",
        ));
    assert_eq!(repo.files(), before);
}

/// When the first builder grows the requirements of a go.mod the user edited, `add` runs
/// `go mod tidy` and says which of go.mod and go.sum it changed (text and JSON).
#[test]
fn the_files_go_mod_tidy_changed_are_named() {
    let repo = Repo::new().kinds(&["datasource"]).build();
    let go_mod = repo.file("go.mod");
    repo.write("go.mod", &format!("{go_mod}// edited by hand\n"));
    let bin = repo.home().join("bin");
    // A stand-in for go: `go mod tidy` adds a requirement to go.mod, leaves go.sum.
    crate::support::fake_tool(
        &bin,
        "go",
        r#"[ "$1 $2" = "mod tidy" ] && echo 'require example.com/tidied v1.0.0' >>go.mod"#,
    );
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let out = repo
        .cmd(["add", "builder", "second"])
        .env("PATH", &path)
        .assert()
        .success();
    let stderr = out.stderr_text();
    assert!(
        stderr.contains("Edited go.mod (by `go mod tidy`)"),
        "{stderr}"
    );
    assert!(!stderr.contains("go.sum (by"), "{stderr}");
    assert!(
        repo.file("go.mod")
            .ends_with("require example.com/tidied v1.0.0\n")
    );

    let repo = Repo::new().kinds(&["datasource"]).build();
    repo.write("go.mod", &format!("{go_mod}// edited by hand\n"));
    let out = repo
        .cmd(["add", "builder", "second", "--format", "json"])
        .env("PATH", &path)
        .assert()
        .success();
    let report = crate::support::json_report(&out.get_output().stdout);
    let edits: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["action"] == "edit")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(edits.contains(&"go.mod"), "{edits:?}");
}

/// In a repository whose Go files carry their own copyright line, the new files carry the
/// same line (the holder is not git's user.name), the manifest records the holder, and the
/// description is metadata.hcl's; the notes say where each came from. `--author` still wins.
#[test]
fn an_adopted_repository_s_copyright_style_and_description_are_kept() {
    let home = Home::with_git_identity();
    let root = template_style_repo(home.path());
    let main_go = fs::read_to_string(root.join("main.go")).unwrap();
    let header = "// Copyright (c) Happy Cloud, Inc.\n// SPDX-License-Identifier: MPL-2.0\n\n";
    fs::write(root.join("main.go"), format!("{header}{main_go}")).unwrap();
    fs::create_dir_all(root.join(".web-docs")).unwrap();
    fs::write(
        root.join(".web-docs/metadata.hcl"),
        "integration {\n  name = \"Happy\"\n  description = \"Builds Happy Cloud images.\"\n}\n",
    )
    .unwrap();
    let out = home
        .cmd(["add", "datasource", "images", "--no-tidy"])
        .current_dir(&root)
        .output()
        .unwrap();
    let stderr = out.stderr_text();
    assert!(
        stderr.contains(
            "note: copyright holder `Happy Cloud, Inc.` comes from main.go's copyright header"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "note: read description `Builds Happy Cloud images.` from .web-docs/metadata.hcl"
        ),
        "{stderr}"
    );
    let data = fs::read_to_string(root.join("datasource/images/datasource.go")).unwrap();
    assert!(
        data.starts_with("// Copyright (c) Happy Cloud, Inc.\n"),
        "{data}"
    );
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(
        manifest.contains("author = \"Happy Cloud, Inc.\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("description = \"Builds Happy Cloud images.\""),
        "{manifest}"
    );

    // --author names another holder; the repository's style stays.
    let home = Home::with_git_identity();
    let root = template_style_repo(home.path());
    fs::write(root.join("main.go"), format!("{header}{main_go}")).unwrap();
    home.cmd([
        "add",
        "datasource",
        "images",
        "--no-tidy",
        "--author",
        "Acme",
    ])
    .current_dir(&root)
    .output()
    .unwrap();
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(manifest.contains("author = \"Acme\""), "{manifest}");
    assert!(manifest.contains("description = \"A Packer plugin for Scaffolding.\""));
    let config = fs::read_to_string(root.join("datasource/images/config.go")).unwrap();
    assert!(config.starts_with("// Copyright (c) Acme\n"), "{config}");
}
