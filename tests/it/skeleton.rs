//! The two skeletons (`--skeleton full|minimal`): recorded per component in the manifest,
//! followed by `add`, kept by `new --answers`, shown by `list`, and the `hcp-ready` flag of
//! metadata.hcl set and cleared with the components that report to HCP Packer.

use std::fs;

use predicates::prelude::*;

use crate::support::{Home, Repo, Text};

const FLAG: &str = "  flags = [\"hcp-ready\"]\n";

/// The skeleton the manifest records for the component `kind name`.
fn recorded(repo: &Repo, kind: &str, name: &str) -> String {
    let manifest = repo.file(".packer-scaffold.toml");
    let start = manifest
        .find(&format!("kind = \"{kind}\"\nname = \"{name}\"\n"))
        .unwrap_or_else(|| panic!("{kind} {name} is not in the manifest:\n{manifest}"));
    let block = &manifest[start..];
    let block = &block[..block.find("\n\n").unwrap_or(block.len())];
    let line = block
        .lines()
        .find(|l| l.starts_with("skeleton = "))
        .unwrap();
    line.trim_start_matches("skeleton = ")
        .trim_matches('"')
        .to_owned()
}

#[test]
fn add_follows_the_repository_skeleton_unless_told() {
    let minimal = Repo::new().skeleton("minimal").build();
    assert!(!minimal.join("builder/custom-cloud/driver.go").exists());
    minimal
        .run(["add", "builder", "second", "--no-tidy", "-q"])
        .success();
    assert!(!minimal.join("builder/second/driver.go").exists());
    assert_eq!(recorded(&minimal, "builder", "second"), "minimal");
    minimal
        .run([
            "add",
            "datasource",
            "images",
            "--skeleton",
            "full",
            "--no-tidy",
            "-q",
        ])
        .success();
    assert!(minimal.join("datasource/images/client.go").exists());
    assert_eq!(recorded(&minimal, "datasource", "images"), "full");
    // Once one component is full, the repository is no longer all minimal: full it is.
    minimal
        .run(["add", "provisioner", "greet", "--no-tidy", "-q"])
        .success();
    assert_eq!(recorded(&minimal, "provisioner", "greet"), "full");

    let listed = minimal.run(["list"]).success();
    let text = listed.stdout_text();
    assert!(text.lines().next().unwrap().contains("SKELETON"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("builder ")
            && l.contains(" second ")
            && l.contains(" minimal ")),
        "{text}"
    );

    let full = Repo::new().build();
    assert!(full.join("builder/custom-cloud/driver.go").exists());
    full.run(["add", "builder", "second", "--no-tidy", "-q"])
        .success();
    assert!(full.join("builder/second/driver_local.go").exists());
    assert_eq!(recorded(&full, "builder", "second"), "full");
}

#[test]
fn a_full_builder_makes_the_plugin_hcp_ready_and_removing_it_clears_the_flag() {
    const METADATA: &str = ".web-docs/metadata.hcl";
    let repo = Repo::new()
        .kinds(&["provisioner"])
        .skeleton("minimal")
        .build();
    let before = repo.file(METADATA);
    assert!(!before.contains(FLAG), "{before}");
    repo.run([
        "add",
        "builder",
        "vm",
        "--skeleton",
        "full",
        "--no-tidy",
        "-q",
    ])
    .success();
    let flagged = repo.file(METADATA);
    assert!(flagged.contains(FLAG), "{flagged}");
    // After the identifier line, as `new` writes it.
    let identifier = flagged.find("  identifier").unwrap();
    assert!(flagged[identifier..].find(FLAG) < flagged[identifier..].find("  docs {"));
    repo.run(["remove", "builder", "vm", "-q"]).success();
    assert_eq!(repo.file(METADATA), before);

    // A minimal builder reports nothing to HCP Packer: no flag.
    repo.run(["add", "builder", "plain", "--no-tidy", "-q"])
        .success();
    assert!(!repo.file(METADATA).contains(FLAG));
    let full = Repo::new().build();
    assert!(full.file(METADATA).contains(FLAG));
}

/// README.md's section on how full components are built comes with the first of them (as
/// `new` writes it, before "Changing a component") and goes with the last, unless edited.
#[test]
fn the_readme_section_on_full_components_follows_add_and_remove() {
    const HEADING: &str = "## How the components are built";
    let repo = Repo::new()
        .kinds(&["provisioner"])
        .skeleton("minimal")
        .build();
    let before = repo.file("README.md");
    assert!(!before.contains(HEADING), "{before}");
    let add_full = |name: &str| {
        repo.run([
            "add",
            "datasource",
            name,
            "--skeleton",
            "full",
            "--no-tidy",
            "-q",
        ])
        .success();
    };
    add_full("images");
    let with = repo.file("README.md");
    let section = &with[with.find(HEADING).unwrap()..with.find("## Changing a component").unwrap()];
    // The very bytes `new` writes for a plugin with a full component.
    let made = Repo::new().kinds(&["datasource"]).build().file("README.md");
    assert!(
        made.contains(&format!("{section}## Changing a component")),
        "{section}"
    );
    add_full("zones");
    assert_eq!(
        repo.file("README.md").matches(HEADING).count(),
        1,
        "never twice"
    );
    repo.run(["remove", "datasource", "zones", "-q"]).success();
    assert!(
        repo.file("README.md").contains(HEADING),
        "one full component is left"
    );
    repo.run(["remove", "datasource", "images", "-q"]).success();
    assert_eq!(repo.file("README.md"), before);

    // Edited by the user, the section stays when the last full component goes.
    add_full("images");
    let edited = repo
        .file("README.md")
        .replace("Each component's page", "Our page");
    std::fs::write(repo.join("README.md"), &edited).unwrap();
    repo.run(["remove", "datasource", "images"])
        .success()
        .stderr(
            predicates::str::contains("\"How the components are built\" section")
                .and(predicates::str::contains("so it stays")),
        );
    assert!(repo.file("README.md").contains("Our page"));

    // Deleted by the user while full components remain, it stays deleted through `add`.
    let full = Repo::new().build();
    let readme = full.file("README.md");
    let start = readme.find(HEADING).unwrap();
    let end = readme.find("## Changing a component").unwrap();
    fs::write(
        full.join("README.md"),
        format!("{}{}", &readme[..start], &readme[end..]),
    )
    .unwrap();
    full.run(["add", "provisioner", "extra", "--no-tidy", "-q"])
        .success();
    assert!(!full.file("README.md").contains(HEADING));
}

/// `new --answers` makes each component in the skeleton the manifest records, unless
/// `--skeleton` says otherwise for all.
#[test]
fn new_answers_keeps_each_components_skeleton() {
    let home = Home::new();
    home.new_cmd(["builder", "cloud"]).assert().success();
    let made = home.join("packer-plugin-cloud");
    home.cmd([
        "add",
        "provisioner",
        "greet",
        "--skeleton",
        "minimal",
        "--no-tidy",
        "-q",
    ])
    .current_dir(&made)
    .assert()
    .success();
    let manifest = made.join(".packer-scaffold.toml");
    let replay = |dir: &str, extra: &[&str]| {
        home.cmd(["new", "--answers"])
            .arg(&manifest)
            .args(["--no-input", "--vcs", "none", "--no-tidy", "-q", "--dir"])
            .arg(home.join(dir))
            .args(extra)
            .assert()
            .success();
        home.join(dir).join("packer-plugin-cloud")
    };
    let again = replay("again", &[]);
    assert!(again.join("builder/cloud/driver.go").exists());
    assert!(again.join("provisioner/greet/provisioner.go").exists());
    let greet = fs::read_to_string(again.join("provisioner/greet/config.go")).unwrap();
    assert!(
        !greet.contains("inline"),
        "the provisioner is minimal:\n{greet}"
    );

    let all_minimal = replay("minimal", &["--skeleton", "minimal"]);
    assert!(!all_minimal.join("builder/cloud/driver.go").exists());
}

/// `skeleton` in the config file or `PACKER_SCAFFOLD_SKELETON` stands for `--skeleton` for
/// `new` (the flag still wins), and for `add` only where the repository has no skeleton of its
/// own.
#[test]
fn the_config_file_and_the_environment_choose_the_skeleton_of_new() {
    let home = Home::new();
    // The user's config file, where `packer-scaffold config path` says it is on Linux.
    let config = home.join(".config/packer-scaffold/config.toml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(&config, "skeleton = \"minimal\"\n").unwrap();
    home.new_cmd(["builder", "from-file"]).assert().success();
    assert!(
        !home
            .join("packer-plugin-from-file/builder/from-file/driver.go")
            .exists()
    );
    fs::remove_file(&config).unwrap();
    home.new_cmd(["builder", "from-env"])
        .env("PACKER_SCAFFOLD_SKELETON", "minimal")
        .assert()
        .success();
    assert!(
        !home
            .join("packer-plugin-from-env/builder/from-env/driver.go")
            .exists()
    );
    home.new_cmd(["builder", "flag-wins", "--skeleton", "full"])
        .env("PACKER_SCAFFOLD_SKELETON", "minimal")
        .assert()
        .success();
    assert!(
        home.join("packer-plugin-flag-wins/builder/flag-wins/driver.go")
            .exists()
    );

    // A full repository stays full whatever the environment prefers.
    let full = Repo::new().build();
    full.cmd(["add", "builder", "second", "--no-tidy", "-q"])
        .env("PACKER_SCAFFOLD_SKELETON", "minimal")
        .assert()
        .success();
    assert_eq!(recorded(&full, "builder", "second"), "full");

    let wrong = home
        .new_cmd(["builder", "wrong"])
        .env("PACKER_SCAFFOLD_SKELETON", "huge")
        .assert()
        .code(2);
    assert!(
        wrong.stderr_text().contains("PACKER_SCAFFOLD_SKELETON"),
        "{}",
        wrong.stderr_text()
    );
}
