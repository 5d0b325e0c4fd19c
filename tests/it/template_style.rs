//! `add`, `list`, `doctor` and the Go toolchain on a repository shaped like HashiCorp's template
//! (tests/fixtures/template-style/packer-plugin-scaffolding, written for these tests; `remake`
//! there refreshes its generated files): components registered as `my-builder`,
//! `my-provisioner`, `my-post-processor` and `my-datasource` from folders named `scaffolding`;
//! `//go:generate packer-sdc …` lines (an installed packer-sdc, no `tool` directive), one in
//! builder.go; a GNUmakefile that builds `BINARY=packer-plugin-${NAME}` and makes the source
//! address with a sed; pages named by kind (`docs/builders/builder.mdx`); a
//! compile-to-webdocs.sh of its own that rewrites `/packer/plugins/…` links; the template's
//! copyright line (`Copyright IBM Corp. 2020, 2025`) and placeholder description.
//!
//! The template's metadata.hcl gives every component `slug = "name"`, a placeholder that names
//! no page: the fixture has the slugs a maintainer puts there, and doctor reports the
//! placeholder (a real fault: the integrations portal would find no docs), which is tested too.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Home, Text, files, go, go_env, require};

/// A copy of the fixture in `home`, in a folder of its own name.
fn template_style(home: &Home) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/template-style/packer-plugin-scaffolding");
    let root = home.join("packer-plugin-scaffolding");
    for (path, bytes) in files(&from) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, bytes).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = root.join(".web-docs/scripts/compile-to-webdocs.sh");
        fs::set_permissions(script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    root
}

/// One `add` of every kind, none named like a registration the template has.
const ADDS: [[&str; 2]; 4] = [
    ["builder", "second"],
    ["provisioner", "greet"],
    ["post-processor", "checksum"],
    ["datasource", "images"],
];

/// `add` of each kind, with `extra` flags and the variables `env`; each must succeed.
fn add_each_kind(home: &Home, root: &Path, extra: &[&str], env: &[(String, String)]) {
    for [kind, name] in ADDS {
        let mut cmd = home.cmd(["add", kind, name, "--no-input"]);
        cmd.args(extra).current_dir(root);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "add {kind} {name}: {}",
            out.stderr_text()
        );
    }
}

#[test]
fn add_of_every_kind_follows_the_template_s_ways_and_list_agrees() {
    let home = Home::with_git_identity();
    let root = template_style(&home);
    add_each_kind(&home, &root, &["--no-tidy", "--no-generate"], &[]);
    let listed = home.cmd(["list"]).current_dir(&root).assert().success();
    let listed = listed.stdout_text();
    for registered in [
        "my-builder",
        "my-provisioner",
        "my-post-processor",
        "my-datasource",
    ] {
        assert!(
            listed.contains(&format!("scaffolding-{registered} ")),
            "{listed}"
        );
    }
    for [kind, name] in ADDS {
        let config = fs::read_to_string(root.join(format!("{kind}/{name}/config.go"))).unwrap();
        assert!(
            config.starts_with("// Copyright IBM Corp. 2020, 2025\n"),
            "{config}"
        );
        assert!(
            config.contains("//go:generate packer-sdc mapstructure-to-hcl2 -type Config"),
            "{config}"
        );
        assert!(!config.contains("go tool"), "{config}");
    }
    let main_go = fs::read_to_string(root.join("main.go")).unwrap();
    assert!(
        main_go.contains("set.RegisterBuilder(\"second\", new(")
            && main_go.contains("set.RegisterBuilder(\"my-builder\", new(scaffolding.Builder))"),
        "{main_go}"
    );
    let manifest = fs::read_to_string(root.join(".packer-scaffold.toml")).unwrap();
    assert!(manifest.contains("author = \"IBM Corp.\""), "{manifest}");
}

/// With `go mod tidy` run by `add` (as by default), the grown repository builds and vets.
#[test]
fn with_go_the_repository_grown_by_add_builds_and_vets() {
    if !require("go", "building the template-style repository after `add`") {
        return;
    }
    let home = Home::with_git_identity();
    let root = template_style(&home);
    let env = go_env();
    go(&root, &["build", "./..."], &env);
    add_each_kind(&home, &root, &["--tidy", "--no-generate"], &env);
    home.cmd(["list"]).current_dir(&root).assert().success();
    go(&root, &["build", "./..."], &env);
    go(&root, &["vet", "./..."], &env);
}

/// doctor on the fixture, before and after `add` of each kind: every repository check passes
/// (the sed-made Makefile evaluated, the pages named by kind found through metadata.hcl); the
/// template's placeholder slug is reported for what it is.
#[test]
fn doctor_finds_nothing_wrong_that_is_not() {
    if !require("make", "evaluating the Makefile") {
        return;
    }
    let home = Home::with_git_identity();
    let root = template_style(&home);
    let failed = crate::support::doctor_failures(&home);
    // Without a manifest the repository is not judged; add writes one.
    add_each_kind(&home, &root, &["--no-tidy", "--no-generate"], &[]);
    assert_eq!(failed(&root), Vec::<String>::new());
    let metadata = fs::read_to_string(root.join(".web-docs/metadata.hcl")).unwrap();
    let placeholder = metadata.replace("slug = \"builder\"", "slug = \"name\"");
    fs::write(root.join(".web-docs/metadata.hcl"), placeholder).unwrap();
    let failed = failed(&root);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].starts_with("\"metadata.hcl\"")
            && failed[0].contains("HashiCorp's template's placeholder slug = \\\"name\\\""),
        "{failed:?}"
    );
}
