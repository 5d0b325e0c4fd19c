//! `rename` on repositories made by `new` and grown by `add`: renaming there and back gives
//! back the tree byte for byte, for every kind and for defaults and others; a changed file is
//! moved with its old names replaced; the HCL type change is warned about; the refusals.

use std::fs;

use crate::support::{Repo, Text, json_report, schema_errors};

/// A repository with every kind, and one more builder and provisioner.
fn grown() -> Repo {
    let repo = Repo::new()
        .kinds(&["builder", "provisioner", "post-processor", "datasource"])
        .build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    repo.run(["add", "provisioner", "greet", "--no-tidy"])
        .success();
    repo
}

#[test]
fn renaming_there_and_back_gives_back_the_tree_byte_for_byte() {
    let repo = grown();
    let before = repo.files();
    for [kind, old, new] in [
        ["builder", "second", "vm"],
        ["builder", "custom-cloud", "main-vm"],
        ["provisioner", "greet", "hello"],
        ["provisioner", "custom-cloud", "shell-run"],
        ["post-processor", "custom-cloud", "tagger"],
        ["datasource", "custom-cloud", "images"],
    ] {
        repo.run(["rename", kind, old, new, "-q"]).success();
        assert!(
            repo.file("main.go").contains(&format!("/{kind}/{new}\"")),
            "{kind} {new}"
        );
        repo.run(["rename", kind, new, old, "-q"]).success();
        assert!(
            repo.files() == before,
            "{kind} {old} -> {new} -> {old} changed the tree"
        );
    }
}

#[test]
fn a_changed_file_moves_with_its_old_names_replaced_and_the_type_change_is_said() {
    let repo = grown();
    let config = repo.file("builder/second/config.go");
    repo.write(
        "builder/second/config.go",
        &format!("{config}// see builder/second/\n"),
    );
    // A stand-in for make: records where `make generate` ran.
    let bin = repo.home().join("bin");
    crate::support::fake_tool(
        &bin,
        "make",
        r#"echo "$@" >"$HOME/make-ran-in-$(basename "$PWD")""#,
    );
    // make is only started when go, which its recipe runs, is there too.
    crate::support::fake_tool(&bin, "go", "exit 0");
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let out = repo
        .cmd(["rename", "builder", "second", "vm"])
        .env("PATH", &path)
        .assert()
        .success();
    let said = out.stderr_text();
    let ran = std::fs::read_to_string(repo.home().join("make-ran-in-packer-plugin-custom-cloud"));
    assert_eq!(ran.unwrap(), "generate\n");
    assert!(said.contains("Finished `make generate`"), "{said}");
    assert!(
        said.contains(
            "warning: the HCL type changes from `custom-cloud-second` to `custom-cloud-vm`"
        ),
        "{said}"
    );
    assert!(said.contains("moved 1 file(s) you had changed"), "{said}");
    let moved = repo.file("builder/vm/config.go");
    assert!(
        moved.contains("package vm\n") && moved.ends_with("// see builder/vm/\n"),
        "{moved}"
    );
    assert!(!repo.join("builder/second").exists());
    let changelog = repo.file("CHANGELOG.md");
    assert!(changelog.contains("`custom-cloud-vm`") && !changelog.contains("custom-cloud-second"));
    repo.run(["list"]).success();

    // A default keeps its HCL type, the plugin's name: nothing to warn about.
    let out = repo
        .run(["rename", "datasource", "custom-cloud", "images"])
        .success();
    assert!(
        !out.stderr_text().contains("warning"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_released_component_renamed_gets_a_changed_line() {
    let repo = grown();
    // As if released: the Unreleased lines moved under a version.
    let changelog = repo.file("CHANGELOG.md").replace(
        "## [Unreleased]",
        "## [Unreleased]\n\n## [0.1.0] - 2026-12-01",
    );
    repo.write("CHANGELOG.md", &changelog);
    repo.run(["rename", "builder", "second", "vm", "-q"])
        .success();
    let after = repo.file("CHANGELOG.md");
    assert!(
        after.contains(
            "### Changed\n\n- The `custom-cloud-second` builder is now `custom-cloud-vm`"
        ),
        "{after}"
    );
    // Renamed once more, the line says where it went from the released name.
    repo.run(["rename", "builder", "vm", "box", "-q"]).success();
    let after = repo.file("CHANGELOG.md");
    assert!(
        after.contains(
            "### Changed\n\n- The `custom-cloud-second` builder is now `custom-cloud-box`: \
             templates that use `custom-cloud-second` must change.\n"
        ),
        "{after}"
    );
    assert!(!after.contains("custom-cloud-vm"), "{after}");
    // Back to the released name: nothing changed for users, the line (and its heading) go.
    repo.run(["rename", "builder", "box", "second", "-q"])
        .success();
    assert_eq!(repo.file("CHANGELOG.md"), changelog);
}

#[test]
fn a_clash_an_unknown_component_and_a_bad_name_are_refused() {
    let repo = grown();
    let before = repo.files();
    let said = repo
        .run(["rename", "builder", "second", "custom-cloud"])
        .code(2)
        .stderr_text();
    assert!(said.contains("already exists"), "{said}");
    let said = repo
        .run(["rename", "builder", "nope", "x"])
        .code(2)
        .stderr_text();
    assert!(
        said.contains("the manifest has no builder named `nope`"),
        "{said}"
    );
    repo.run(["rename", "builder", "second", "Bad_Name"])
        .code(2);
    assert!(repo.files() == before);
}

#[test]
fn a_dry_run_changes_nothing_and_json_names_both() {
    let repo = grown();
    let before = repo.files();
    let out = repo
        .run(["rename", "provisioner", "greet", "hello", "--dry-run"])
        .success();
    let text = out.stdout_text();
    assert!(
        text.contains("  provisioner/greet/provisioner.go -> provisioner/hello/provisioner.go\n"),
        "{text}"
    );
    assert!(repo.files() == before);
    let out = repo
        .run([
            "rename",
            "provisioner",
            "greet",
            "hello",
            "--format",
            "json",
        ])
        .success();
    let report = json_report(&out.get_output().stdout);
    assert_eq!(report["schema"], "packer-scaffold.rename.v1");
    assert_eq!(report["old"]["name"], "greet");
    assert_eq!(report["component"]["name"], "hello");
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    // A file moved away is reported with the size it had.
    let gone = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "delete" && f["path"] == "provisioner/greet/provisioner.go")
        .expect("the old file is reported deleted");
    let size = fs::metadata(repo.join("provisioner/hello/provisioner.go"))
        .unwrap()
        .len();
    assert!(gone["size"].as_u64().unwrap() > 0 && size > 0, "{gone}");
}

/// The JSON report carries what the text says: the HCL type's change as a warning, the moved
/// changed file and `make generate` left to the user as notes; the dry run shows how the text
/// of a changed file changes as it moves.
#[test]
fn the_report_has_the_notes_and_warnings_and_the_dry_run_diffs_moved_changed_files() {
    let repo = grown();
    let config = repo.file("builder/second/config.go");
    repo.write(
        "builder/second/config.go",
        &format!("{config}// see builder/second/\n"),
    );
    let out = repo
        .run(["rename", "builder", "second", "vm", "--dry-run"])
        .success();
    let text = out.stdout_text();
    assert!(
        text.contains("Files you changed, to move with the old names in them replaced:\n--- a/builder/second/config.go\n+++ b/builder/vm/config.go\n"),
        "{text}"
    );
    assert!(text.contains("-package second\n+package vm\n"), "{text}");
    assert!(
        text.contains("-// see builder/second/\n+// see builder/vm/\n"),
        "{text}"
    );
    let said = out.stderr_text();
    assert!(said.contains("warning: the HCL type changes"), "{said}");

    for dry_run in [true, false] {
        let mut args = vec!["rename", "builder", "second", "vm", "--no-generate"];
        args.extend(["--format", "json"]);
        if dry_run {
            args.push("--dry-run");
        }
        let out = repo.run(args).success();
        let report = json_report(&out.get_output().stdout);
        assert_eq!(schema_errors(&report), Vec::<String>::new());
        let texts = |key: &str| -> Vec<String> {
            let list = report[key].as_array().unwrap().iter();
            list.map(|t| t.as_str().unwrap().to_owned()).collect()
        };
        let warnings = texts("warnings");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "the HCL type changes from `custom-cloud-second` to `custom-cloud-vm`"
            ),
            "{warnings:?}"
        );
        let notes = texts("notes");
        assert!(
            notes.contains(&"moved 1 file(s) you had changed, with the old names in them replaced: builder/vm/config.go".to_owned()),
            "{notes:?}"
        );
        let left = "run `make generate` to bring the files generated from them up to date";
        assert_eq!(notes.contains(&left.to_owned()), !dry_run, "{notes:?}");
    }
}

/// Renaming there and back gives back the tree in each single-kind shape (its default and a
/// component `add` made) and with the minimal skeleton.
#[test]
fn renaming_there_and_back_gives_back_each_shape_and_the_minimal_skeleton() {
    let mut repos: Vec<(String, Repo)> = crate::support::shapes()
        .into_iter()
        .filter(|(_, kinds)| kinds.len() == 1)
        .map(|(shape, kinds)| {
            let repo = Repo::new().kinds(&[kinds[0].as_str()]).build();
            (shape.to_owned(), repo)
        })
        .collect();
    let all = ["builder", "provisioner", "post-processor", "datasource"];
    let minimal = Repo::new().kinds(&all).skeleton("minimal").build();
    repos.push(("minimal".into(), minimal));
    for (shape, repo) in &repos {
        let kinds: Vec<&str> = all
            .into_iter()
            .filter(|k| repo.join(format!("{k}/custom-cloud")).is_dir())
            .collect();
        for kind in &kinds {
            repo.run(["add", kind, "extra", "--no-tidy", "-q"])
                .success();
        }
        let before = repo.files();
        for kind in &kinds {
            for [old, new] in [["custom-cloud", "renamed"], ["extra", "other"]] {
                repo.run(["rename", kind, old, new, "-q"]).success();
                repo.run(["rename", kind, new, old, "-q"]).success();
                assert!(
                    repo.files() == before,
                    "{shape}: {kind} {old} -> {new} -> {old} changed the tree"
                );
            }
        }
    }
}
