//! `add`, `list` and `doctor` on a repository packer-scaffold did not make: the fixture
//! tests/fixtures/adopted/packer-plugin-custom-cloud (made by `remake` there) has an older SDK,
//! packer-sdc installed rather than pinned, a Makefile in HashiCorp's template's style, folders
//! named otherwise than their registrations, docs pages named by kind and by HCL type, and a
//! copyright line of its own. `.ci/plugin-checks`' `adopted` shape runs the real tools on it;
//! here, `add`→`remove` and `rename` there and back run the real `make generate` when Go and
//! make are there (Go's caches of the machine are lent to them).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Home, Text, entries, fake_tool, files, json_report, require};

/// A copy of the fixture in `home`, under its own folder name.
fn adopted(home: &Home) -> PathBuf {
    adopted_in(home, "packer-plugin-custom-cloud")
}

/// A copy of the fixture in `home`, in the folder `folder`.
fn adopted_in(home: &Home, folder: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adopted/packer-plugin-custom-cloud");
    let root = home.join(folder);
    for (path, bytes) in files(&from) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, bytes).unwrap();
    }
    root
}

/// The additions `.ci/plugin-checks` makes too: one of every kind.
const ADDS: [[&str; 2]; 4] = [
    ["datasource", "images"],
    ["provisioner", "greet"],
    ["builder", "second"],
    ["post-processor", "checksum"],
];

/// The fixture in `home`, after one `add` of each kind.
fn adopted_and_grown(home: &Home) -> PathBuf {
    let root = adopted(home);
    for [kind, name] in ADDS {
        home.cmd(["add", kind, name, "--no-tidy", "--no-generate"])
            .current_dir(&root)
            .assert()
            .success();
    }
    root
}

#[test]
fn add_of_every_kind_keeps_the_repository_s_conventions_and_list_agrees() {
    let home = Home::with_git_identity();
    let root = adopted(&home);
    for [kind, name] in ADDS {
        let added = home
            .cmd(["add", kind, name, "--no-tidy", "--no-generate"])
            .current_dir(&root)
            .assert()
            .success();
        // The full builder's web-docs page quotes the SDK's partials as the templates' SDK
        // words them, and the fixture is on another; and the fixture's compile-to-webdocs.sh
        // is not the templates': `make generate` is due, for the first reason that holds.
        let said = added.stderr_text();
        let sdk = said.contains("another packer-plugin-sdk");
        assert_eq!(sdk, kind == "builder", "{kind}: {said}");
        assert!(
            sdk || said.contains("a compile-to-webdocs.sh of its own"),
            "{kind}: {said}"
        );
        assert!(said.contains("; run `make generate`"), "{kind}: {said}");
    }
    let listed = home.cmd(["list"]).current_dir(&root).assert().success();
    insta::assert_snapshot!(listed.stdout_text());

    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(manifest.contains("author = \"Acme Corp.\""), "{manifest}");
    for [kind, name] in ADDS {
        let config = fs::read_to_string(root.join(format!("{kind}/{name}/config.go"))).unwrap();
        assert!(
            config.starts_with("// Copyright (c) Acme Corp.\n"),
            "{config}"
        );
        assert!(
            config.contains("//go:generate packer-sdc mapstructure-to-hcl2 -type Config"),
            "{config}"
        );
        assert!(!config.contains("go tool"), "{config}");
    }
}

/// In a folder not named `packer-plugin-*`, packer-sdc would never finish: `add` (whose builder
/// makes `make generate` due here) and `rename` (of a changed file) never start `make generate`,
/// say why and what to do, and exit as they otherwise would.
#[test]
fn make_generate_is_never_started_in_a_folder_packer_sdc_cannot_find() {
    let home = Home::with_git_identity();
    let root = adopted_in(&home, "custom-cloud");
    let bin = home.join("bin");
    // Stand-ins that record being run; go too, without which make is not tried anyway.
    fake_tool(&bin, "make", r#"echo "$@" >>"$HOME/make-ran""#);
    fake_tool(&bin, "go", r#"echo "$@" >>"$HOME/go-ran""#);
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let run = |args: &[&str]| {
        let out = home
            .cmd(args)
            .current_dir(&root)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        out.stderr_text()
    };
    let said = run(&["add", "builder", "second", "--no-tidy"]);
    let config = fs::read_to_string(root.join("builder/second/config.go")).unwrap();
    fs::write(root.join("builder/second/config.go"), config + "// mine\n").unwrap();
    let renamed = run(&["rename", "builder", "second", "vm"]);
    for said in [said, renamed] {
        assert!(
            said.contains(
                "note: `make generate` was not run: the repository's folder `custom-cloud` does \
                 not start with packer-plugin-"
            ),
            "{said}"
        );
        assert!(
            said.contains("rename the folder to packer-plugin-custom-cloud (or clone into it"),
            "{said}"
        );
    }
    assert!(!home.join("make-ran").exists(), "make was started");
    assert!(root.join("builder/vm/config.go").is_file());
    home.cmd(["list"]).current_dir(&root).assert().success();
}

/// A repository whose compile-to-webdocs.sh is its own (the fixture's is an older one of
/// packer-scaffold's; HashiCorp's template has another): `add` runs `make generate`, even where
/// the SDK gives no reason, so the new web-docs page is the one this script makes, and records
/// the files as `make generate` left them; with the templates' script byte for byte, it does not.
#[test]
fn a_web_docs_script_of_its_own_makes_add_run_make_generate_and_record_its_result() {
    let home = Home::with_git_identity();
    let root = adopted(&home);
    let bin = home.join("bin");
    // The repository's own script, as it were: it words the new page otherwise.
    let page = ".web-docs/components/provisioner/greet/README.md";
    fake_tool(
        &bin,
        "make",
        &format!(
            "echo \"$@\" >>\"$HOME/make-ran\"; [ -f {page} ] && echo compiled >>{page}; exit 0"
        ),
    );
    fake_tool(&bin, "go", "exit 0");
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let run = |args: &[&str]| {
        let out = home
            .cmd(args)
            .current_dir(&root)
            .env("PATH", &path)
            .output();
        let out = out.unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        out.stderr_text()
    };
    let said = run(&["add", "provisioner", "greet", "--no-tidy"]);
    assert!(
        said.contains("a compile-to-webdocs.sh of its own")
            && said.contains("Finished `make generate`"),
        "{said}"
    );
    assert_eq!(
        fs::read_to_string(home.join("make-ran")).unwrap(),
        "generate\n"
    );
    assert!(
        fs::read_to_string(root.join(page))
            .unwrap()
            .ends_with("compiled\n")
    );
    // Recorded as make generate left it: `remove` finds the page untouched and deletes it.
    let said = run(&["remove", "provisioner", "greet"]);
    assert!(!said.contains("warning"), "{said}");
    assert!(!root.join(page).exists(), "{said}");

    // The templates' script, byte for byte: the page `add` renders is the one it makes.
    fs::remove_file(home.join("make-ran")).unwrap();
    let script = ".web-docs/scripts/compile-to-webdocs.sh";
    let templates = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates/repo")
        .join(script);
    fs::copy(templates, root.join(script)).unwrap();
    let said = run(&["add", "provisioner", "greet", "--no-tidy"]);
    assert!(!said.contains("make generate"), "{said}");
    assert!(!home.join("make-ran").exists());
}

/// main.go without a header: the holder and style come from the repository's other Go files
/// (HashiCorp's template's line here), else from LICENSE, never from git's user.name next to
/// them.
#[test]
fn without_a_header_in_main_go_the_other_go_files_then_license_give_the_copyright() {
    let home = Home::with_git_identity();
    let root = adopted(&home);
    let theirs = "// Copyright IBM Corp. 2020, 2025\n";
    for (path, bytes) in files(&root) {
        let text = String::from_utf8(bytes).unwrap();
        let header = "// Copyright (c) Acme Corp.\n";
        if path.ends_with(".go") && text.starts_with(header) {
            let new = if path == "main.go" { "" } else { theirs };
            fs::write(root.join(&path), text.replacen(header, new, 1)).unwrap();
        }
    }
    let add = |kind: &str, name: &str| {
        let out = home
            .cmd([
                "add",
                kind,
                name,
                "--no-tidy",
                "--no-generate",
                "--no-input",
            ])
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        out.stderr_text()
    };
    let said = add("datasource", "images");
    assert!(
        said.contains("copyright holder `IBM Corp.` comes from the copyright header of the repository's Go files"),
        "{said}"
    );
    let data = fs::read_to_string(root.join("datasource/images/datasource.go")).unwrap();
    assert!(data.starts_with(theirs), "{data}");
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(manifest.contains("author = \"IBM Corp.\""), "{manifest}");
    assert!(!data.contains("Ada Lovelace") && !manifest.contains("Ada Lovelace"));

    // No Go file says it either: LICENSE's line does.
    let root = adopted_in(&home, "packer-plugin-custom-cloud-2");
    for (path, bytes) in files(&root) {
        let text = String::from_utf8(bytes).unwrap();
        if path.ends_with(".go") {
            let text = text.replacen("// Copyright (c) Acme Corp.\n", "", 1);
            fs::write(root.join(&path), text).unwrap();
        }
    }
    let out = home
        .cmd([
            "add",
            "datasource",
            "images",
            "--no-tidy",
            "--no-generate",
            "--no-input",
        ])
        .current_dir(&root)
        .output()
        .unwrap();
    let said = out.stderr_text();
    assert!(
        said.contains("comes from LICENSE's copyright line"),
        "{said}"
    );
    let data = fs::read_to_string(root.join("datasource/images/datasource.go")).unwrap();
    assert!(data.starts_with("// Copyright (c) Acme Corp.\n"), "{data}");
}

/// doctor on the fixture, before and after `add`: every repository check passes (the docs
/// pages named by kind and by HCL type are found, the template-style Makefile is evaluated),
/// and a real inconsistency is still reported.
#[test]
fn doctor_finds_nothing_wrong_that_is_not() {
    if !crate::support::require("make", "evaluating the Makefile") {
        return;
    }
    let home = Home::with_git_identity();
    // With a second builder, the first one's page, named by kind, is still found.
    let root = adopted_and_grown(&home);
    let failed = crate::support::doctor_failures(&home);
    assert_eq!(failed(&root), Vec::<String>::new());
    // The components the repository had before need no example; those `add` wrote do.
    fs::remove_file(root.join("example/build.pkr.hcl")).unwrap();
    assert_eq!(failed(&root), Vec::<String>::new());
    fs::remove_file(root.join("example/datasource-images.pkr.hcl")).unwrap();
    assert_eq!(
        failed(&root),
        ["\"example\": \"example/ never uses the datasource `custom-cloud`\""]
    );
    fs::remove_dir_all(&root).unwrap();
    let root = adopted_and_grown(&home);
    fs::remove_file(root.join("docs/post-processors/custom-cloud-tag.mdx")).unwrap();
    assert_eq!(
        failed(&root),
        ["\"docs\": \"docs/post-processors/custom-cloud-tag.mdx is missing\""]
    );
    // A builder block whose slug names no page: the portal would not find the builder's docs.
    let metadata = fs::read_to_string(root.join(".web-docs/metadata.hcl")).unwrap();
    let renamed = metadata.replace("slug = \"builder\"", "slug = \"name\"");
    fs::write(root.join(".web-docs/metadata.hcl"), renamed).unwrap();
    let failed = failed(&root);
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[1]
            .contains("no component block with type = \\\"builder\\\" and slug = \\\"builder\\\""),
        "{failed:?}"
    );
}

/// `remove` and `rename` of components the repository had before `add` (main.go in its own
/// style): main.go is edited by its lines and read back, so `list` agrees after; the docs,
/// written otherwise, are left as steps to do by hand (exit 1).
#[test]
fn remove_and_rename_of_components_the_repository_had_keep_main_go_true() {
    let home = Home::with_git_identity();
    let root = adopted_and_grown(&home);
    let run = |args: &[&str]| home.cmd(args).current_dir(&root).output().unwrap();
    let out = run(&["remove", "post-processor", "custom-cloud-tag", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("docs/README.md"),
        "{}",
        out.stderr_text()
    );
    let main_go = fs::read_to_string(root.join("main.go")).unwrap();
    assert!(!main_go.contains("tagPostProcessor"), "{main_go}");
    assert!(!root.join("post-processor/custom-cloud-tag").exists());
    let out = run(&["rename", "builder", "cloud", "vm", "--no-generate"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains(
            "note: run `make generate` to bring the files generated from them up to date"
        ),
        "{}",
        out.stderr_text()
    );
    let main_go = fs::read_to_string(root.join("main.go")).unwrap();
    assert!(
        main_go
            .contains("\tcloudBuilder \"github.com/acme/packer-plugin-custom-cloud/builder/vm\"\n"),
        "{main_go}"
    );
    assert!(root.join("builder/vm/builder.go").is_file() && !root.join("builder/cloud").exists());
    let list = run(&["list"]);
    assert!(list.status.success(), "{}", list.stderr_text());
}

/// `upgrade` in a repository packer-scaffold adopted: only the files `add` wrote (those the
/// manifest records) are upgraded; the repository's own files (its Makefile, README, workflows)
/// are not merged with packer-scaffold's, and no repository file of the templates is created.
#[test]
fn upgrade_touches_only_what_add_wrote_in_an_adopted_repository() {
    let home = Home::with_git_identity();
    let root = adopted_and_grown(&home);
    // As if `add` had been run by 0.1.0, whose templates the binary carries.
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    let current = manifest
        .lines()
        .find_map(|l| l.strip_prefix("template_version = "))
        .unwrap()
        .to_owned();
    let old = manifest.replace(&current, "\"f6b2c4cba2b1c00f\"");
    fs::write(root.join(".packer-scaffold.toml"), &old).unwrap();
    let out = home
        .cmd(["upgrade", "--dry-run", "--format", "json", "--allow-dirty"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_report(&out.stdout);
    let recorded: Vec<&str> = old
        .lines()
        .filter_map(|l| l.strip_prefix('"')?.split_once('"').map(|(p, _)| p))
        .collect();
    let files = report["files"].as_array().unwrap();
    assert!(!files.is_empty());
    for file in files {
        let path = file["path"].as_str().unwrap();
        assert!(
            recorded.contains(&path),
            "{path} was not written by packer-scaffold"
        );
    }
    // Upgraded, the manifest still records only what packer-scaffold wrote.
    let out = home
        .cmd(["upgrade", "--allow-dirty", "--no-generate", "--no-tidy"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let after = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    for own in [
        "\"main.go\"",
        "\"GNUmakefile\"",
        "\"README.md\"",
        "\"go.mod\"",
    ] {
        assert!(!after.contains(own), "{own} recorded:\n{after}");
    }
}

/// Go's caches of the machine the tests run on, for a hermetic command that runs `make
/// generate` (`support::go_env`: offline for what the module cache holds); packer-sdc is
/// installed into `bin`, put first on PATH.
fn go_caches(bin: &Path) -> Vec<(String, String)> {
    let path = std::env::var("PATH").unwrap_or_default();
    let mut env = crate::support::go_env();
    env.push(("GOBIN".into(), bin.display().to_string()));
    env.push(("PATH".into(), format!("{}:{path}", bin.display())));
    env
}

/// In the adopted fixture, on another SDK than the templates: `add builder second` runs `make
/// generate` (the new web-docs page quotes that SDK's partials) and records the files as it
/// left them, so `remove builder second` deletes every one and gives back the tree byte for
/// byte; `rename` there and back, which runs `make generate` too, likewise.
#[test]
fn add_then_remove_and_rename_there_and_back_give_back_the_adopted_tree() {
    let why = "`make generate` after `add` in a repository on another SDK";
    if !(require("go", why) && require("make", why)) {
        return;
    }
    let home = Home::with_git_identity();
    let root = adopted(&home);
    // The fixture's copy keeps no modes: make generate runs this script.
    let script = root.join(".web-docs/scripts/compile-to-webdocs.sh");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let caches = go_caches(&home.join("bin"));
    let run = |args: &[&str]| {
        let out = home
            .cmd(args)
            .current_dir(&root)
            .envs(caches.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        out.stderr_text()
    };
    // A first `add`, so the manifest is there before and after.
    run(&["add", "datasource", "images", "--no-tidy"]);
    let before = entries(&root);
    let added = run(&["add", "builder", "second", "--no-tidy"]);
    assert!(added.contains("Finished `make generate`"), "{added}");
    let removed = run(&["remove", "builder", "second"]);
    assert!(!removed.contains("kept"), "{removed}");
    assert!(
        entries(&root) == before,
        "remove did not give back the tree"
    );

    run(&["add", "builder", "second", "--no-tidy"]);
    let grown = entries(&root);
    let renamed = run(&["rename", "builder", "second", "third"]);
    assert!(renamed.contains("Finished `make generate`"), "{renamed}");
    run(&["rename", "builder", "third", "second"]);
    let after = entries(&root);
    let differ: Vec<&String> = grown
        .keys()
        .chain(after.keys())
        .filter(|k| grown.get(*k) != after.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "rename there and back changed {differ:?}"
    );
}
