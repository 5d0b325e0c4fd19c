//! `upgrade` on a repository the 0.1.0 binary made and grew (tests/fixtures/v0.1.0-grown:
//! `new builder custom-cloud --with datasource`, then `add builder second` and `add
//! provisioner greet`, all by 0.1.0 itself), committed to git: untouched it becomes what the
//! current templates write; each per-file case with user edits; the check, the dry run and
//! JSON; the refusals; two-way without the base in the history.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Home, Repo, Text, files, json_report, schema_errors};

/// A committed copy of the 0.1.0 fixture in `home`.
fn made_by_0_1_0(home: &Home) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0.1.0-grown");
    let root = home.join("packer-plugin-custom-cloud");
    for (path, bytes) in files(&from) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, bytes).unwrap();
    }
    commit(home, &root, "made by packer-scaffold 0.1.0");
    root
}

fn commit(home: &Home, root: &Path, message: &str) {
    if !root.join(".git").exists() {
        home.git(root, &["init", "-q"]);
    }
    home.git(root, &["add", "-A"]);
    home.git(root, &["commit", "-q", "--allow-empty", "-m", message]);
}

/// `packer-scaffold upgrade <args> --no-generate --no-tidy` in `root`.
fn upgrade(home: &Home, root: &Path, args: &[&str]) -> std::process::Output {
    home.cmd(["upgrade", "--no-generate", "--no-tidy"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap()
}

/// `root` holds, byte for byte, the files of `current` (outside .git). The manifests are left
/// out: an upgraded one records other hashes for what `add` edited (upgraded, not made).
fn assert_same_files(current: &Repo, root: &Path) {
    let mut expected = current.files();
    let mut got: BTreeMap<String, Vec<u8>> = files(root);
    got.retain(|p, _| !p.starts_with(".git/"));
    expected.remove(".packer-scaffold.toml");
    got.remove(".packer-scaffold.toml");
    let differ: Vec<&String> = expected
        .keys()
        .chain(got.keys())
        .filter(|p| expected.get(*p) != got.get(*p))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap()
}

/// Untouched, the upgrade writes what the current binary writes for the same `new` and `add`s,
/// byte for byte; after it, the repository is current.
#[test]
fn an_untouched_repository_becomes_what_the_current_templates_write() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let out = upgrade(&home, &root, &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("from template version f6b2c4cba2b1c00f (packer-scaffold 0.1.0)"),
        "{}",
        out.stderr_text()
    );
    // 0.1.0's components are the minimal ones, and upgrade keeps them so.
    let current = Repo::new()
        .kinds(&["builder", "datasource"])
        .skeleton("minimal")
        .build();
    for [kind, name] in [["builder", "second"], ["provisioner", "greet"]] {
        current.run(["add", kind, name, "--no-tidy"]).success();
    }
    assert_same_files(&current, &root);
    commit(&home, &root, "upgraded");
    let again = upgrade(&home, &root, &["--check"]);
    assert!(again.status.success(), "{}", again.stderr_text());
    assert!(again.stderr_text().contains("Current"));
    home.cmd(["list"]).current_dir(&root).assert().success();
}

/// A repository 0.2.0's templates made, untouched, becomes what the current templates write
/// for it: the templates changed since (`make generate`'s packages driver) arrive, and every
/// component keeps the skeleton the manifest records.
#[test]
fn a_repository_0_2_0_made_becomes_what_the_current_templates_write() {
    let home = Home::with_git_identity();
    home.new_cmd([
        "builder",
        "custom-cloud",
        "--all-kinds",
        "--template-release",
        "0.2.0",
        "-q",
    ])
    .assert()
    .success();
    let root = home.join("packer-plugin-custom-cloud");
    assert!(!root.join("internal/packagesdriver").exists());
    commit(&home, &root, "made by packer-scaffold 0.2.0");
    let out = upgrade(&home, &root, &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(read(&root, "scripts/generate.sh").contains("gopackagesdriver"));
    let current = Repo::new()
        .kinds(&["builder", "provisioner", "post-processor", "datasource"])
        .build();
    assert_same_files(&current, &root);
    commit(&home, &root, "upgraded");
    let again = upgrade(&home, &root, &["--check"]);
    assert!(again.status.success(), "{}", again.stderr_text());
}

/// Your edits against the templates' changes, one file per case: merged, kept, in conflict,
/// deleted, generated; then the conflict resolved leaves a current repository.
#[test]
fn each_file_is_decided_three_ways() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    // README.md: a line of yours at the end, where the templates changed other lines.
    let readme = format!("{}\n## Our notes\n\nKeep this.\n", read(&root, "README.md"));
    fs::write(root.join("README.md"), &readme).unwrap();
    // CHANGELOG.md: a release note; its template did not change.
    let changelog = read(&root, "CHANGELOG.md")
        .replace("## [Unreleased]\n", "## [Unreleased]\n\nA note of ours.\n");
    fs::write(root.join("CHANGELOG.md"), &changelog).unwrap();
    // GNUmakefile: the first line, which the templates changed too.
    let makefile = read(&root, "GNUmakefile").replacen(
        "BINARY=packer-plugin-custom-cloud\n",
        "BINARY=ours\n",
        1,
    );
    fs::write(root.join("GNUmakefile"), &makefile).unwrap();
    // A workflow the templates changed, deleted; a generated file edited.
    fs::remove_file(root.join(".github/workflows/test.yml")).unwrap();
    let spec = "builder/second/config.hcl2spec.go";
    fs::write(root.join(spec), format!("{}// ours\n", read(&root, spec))).unwrap();
    commit(&home, &root, "our edits");

    let out = upgrade(&home, &root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    let report = json_report(&out.stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    let actions: BTreeMap<String, String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["action"].as_str().unwrap().into(),
            )
        })
        .collect();
    let action = |p: &str| actions.get(p).map(String::as_str);
    assert_eq!(action("README.md"), Some("merge"));
    assert_eq!(action("CHANGELOG.md"), Some("keep"));
    assert_eq!(action("GNUmakefile"), Some("conflict"));
    assert_eq!(action(".github/workflows/test.yml"), Some("keep-deleted"));
    // Its template did not change: kept (a generated file is only ever rebuilt, never merged).
    assert_eq!(action(spec), Some("keep"));
    assert_eq!(action("CONTRIBUTING.md"), Some("create"));
    assert_eq!(report["conflicts"], serde_json::json!(["GNUmakefile"]));

    let merged = read(&root, "README.md");
    assert!(merged.ends_with("## Our notes\n\nKeep this.\n"), "{merged}");
    assert!(
        merged.contains("on Windows, run it from Git Bash"),
        "the templates' change"
    );
    assert_eq!(read(&root, "CHANGELOG.md"), changelog);
    assert!(!root.join(".github/workflows/test.yml").exists());
    assert!(read(&root, spec).ends_with("// ours\n"));
    let conflicted = read(&root, "GNUmakefile");
    assert!(
        conflicted.starts_with("<<<<<<< yours\nBINARY=ours\n"),
        "{conflicted}"
    );
    assert!(conflicted.contains("\n=======\n") && conflicted.contains("\n>>>>>>> templates\n"));
    let said = out.stderr_text();
    assert!(
        said.contains("help: keep what you want of both sides"),
        "{said}"
    );

    // Resolved (the templates' side taken) and committed: current, and nothing to do.
    let theirs =
        conflicted
            .split("=======\n")
            .nth(1)
            .unwrap()
            .replacen(">>>>>>> templates\n", "", 1);
    fs::write(root.join("GNUmakefile"), theirs).unwrap();
    commit(&home, &root, "resolved");
    let check = upgrade(&home, &root, &["--check"]);
    assert!(check.status.success(), "{}", check.stderr_text());
    let manifest = read(&root, ".packer-scaffold.toml");
    assert!(!manifest.contains("f6b2c4cba2b1c00f"), "{manifest}");
}

/// Files the templates no longer write (two the manifest says packer-scaffold wrote): deleted
/// when untouched, kept and reported when you changed them; a file you wrote where the new
/// templates add one is merged against an empty base, so neither version is lost.
#[test]
fn removed_files_go_only_when_untouched_and_an_added_file_never_overwrites_yours() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let sha = |bytes: &[u8]| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    };
    fs::create_dir_all(root.join("notes")).unwrap();
    fs::write(root.join("notes/old.txt"), "as written\n").unwrap();
    fs::write(root.join("notes/edited.txt"), "as written\nand yours\n").unwrap();
    let manifest = read(&root, ".packer-scaffold.toml").replacen(
        "[files]\n",
        &format!(
            "[files]\n\"notes/edited.txt\" = \"{}\"\n\"notes/old.txt\" = \"{}\"\n",
            sha(b"as written\n"),
            sha(b"as written\n")
        ),
        1,
    );
    fs::write(root.join(".packer-scaffold.toml"), manifest).unwrap();
    fs::write(root.join("CONTRIBUTING.md"), "# How we work\n").unwrap();
    commit(&home, &root, "files of ours");

    let out = upgrade(&home, &root, &["--format", "json"]);
    let report = json_report(&out.stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    let action = |path: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["action"].as_str().unwrap().to_owned())
    };
    assert_eq!(action("notes/old.txt").as_deref(), Some("delete"));
    assert_eq!(action("notes/edited.txt").as_deref(), Some("keep-removed"));
    assert_eq!(action("CONTRIBUTING.md").as_deref(), Some("conflict"));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    assert!(!root.join("notes/old.txt").exists());
    assert_eq!(read(&root, "notes/edited.txt"), "as written\nand yours\n");
    let contributing = read(&root, "CONTRIBUTING.md");
    assert!(
        contributing.contains("<<<<<<< yours\n# How we work\n"),
        "{contributing}"
    );
    assert!(
        contributing.contains(">>>>>>> templates\n"),
        "{contributing}"
    );
    let manifest = read(&root, ".packer-scaffold.toml");
    assert!(!manifest.contains("notes/"), "{manifest}");
}

/// On a repository the current templates made: `upgrade` is a no-op that says so (exit 0,
/// nothing written), and `--check --format json` reports it current, in the schema.
#[test]
fn a_current_repository_is_left_as_it_is() {
    let home = Home::with_git_identity();
    let repo = Repo::new().build();
    commit(&home, repo.path(), "made");
    let before = files(repo.path());
    let out = upgrade(&home, repo.path(), &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("Current"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(files(repo.path()), before);
    let out = upgrade(&home, repo.path(), &["--check", "--format", "json"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_report(&out.stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    assert_eq!(report["schema"], "packer-scaffold.upgrade.v1");
}

/// Without Go, the upgrade is written and `make generate` is not attempted: the message says
/// Go is missing and what to run once it is installed (exit 0: the files are upgraded).
#[cfg(unix)]
#[test]
fn without_go_the_upgrade_says_make_generate_is_left_to_do() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let bin = home.join("bin-without-go");
    fs::create_dir_all(&bin).unwrap();
    for tool in ["git", "make"] {
        let found = which(tool).unwrap_or_else(|| panic!("{tool} is needed by this test"));
        std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
    }
    let out = home
        .cmd(["upgrade", "--no-tidy"])
        .current_dir(&root)
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("go is not on PATH, and `make generate` needs it"),
        "{}",
        out.stderr_text()
    );
    assert!(read(&root, "scripts/generate.sh").contains("gopackagesdriver"));
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(tool))
        .find(|file| file.is_file())
}

#[test]
fn check_and_dry_run_change_nothing_and_report() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let before = files(&root);
    let out = upgrade(&home, &root, &["--check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json_report(&out.stdout);
    assert_eq!(report["schema"], "packer-scaffold.upgrade.v1");
    assert_eq!(report["mode"], "three-way");
    assert_eq!(report["from_release"], "0.1.0");
    assert!(
        out.stderr_text()
            .contains("error: the repository is behind the templates"),
        "{}",
        out.stderr_text()
    );
    let out = upgrade(&home, &root, &["--dry-run"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = out.stdout_text();
    assert!(text.contains("create        CONTRIBUTING.md\n"), "{text}");
    assert!(text.contains("replace       GNUmakefile\n"), "{text}");
    assert!(
        text.contains("--- a/GNUmakefile\n+++ b/GNUmakefile\n"),
        "{text}"
    );
    let out = upgrade(&home, &root, &["--dry-run", "--format", "json"]);
    let report = json_report(&out.stdout);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    assert_eq!(files(&root), before);

    let current = Repo::new().build();
    let out = current.run(["upgrade", "--check"]).success();
    assert!(out.stderr_text().contains("Current"));
}

#[test]
fn uncommitted_changes_no_git_and_no_manifest_are_refused() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    fs::write(root.join("notes.txt"), "mine\n").unwrap();
    let out = upgrade(&home, &root, &[]);
    assert_eq!(out.status.code(), Some(2));
    let said = out.stderr_text();
    assert!(
        said.contains("it has uncommitted changes (notes.txt)"),
        "{said}"
    );
    assert!(said.contains("or pass --allow-dirty"), "{said}");
    let out = upgrade(&home, &root, &["--allow-dirty"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(read(&root, "notes.txt"), "mine\n");

    let repo = Repo::new().build();
    let out = repo.cmd(["upgrade"]).assert().code(2);
    assert!(
        out.stderr_text().contains("it is not in a git work tree"),
        "{}",
        out.stderr_text()
    );
    fs::remove_file(repo.join(".packer-scaffold.toml")).unwrap();
    let out = repo.cmd(["upgrade", "--allow-dirty"]).assert().code(2);
    assert!(
        out.stderr_text()
            .contains("it has no .packer-scaffold.toml"),
        "{}",
        out.stderr_text()
    );
}

/// A template version the history lacks: files untouched since written are upgraded; the
/// templates' version of each file you changed is written beside it.
#[test]
fn without_the_base_untouched_files_upgrade_and_changed_ones_get_the_new_version_beside() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let manifest =
        read(&root, ".packer-scaffold.toml").replace("f6b2c4cba2b1c00f", "0123456789abcdef");
    fs::write(root.join(".packer-scaffold.toml"), manifest).unwrap();
    let readme = format!("{}\nOurs.\n", read(&root, "README.md"));
    fs::write(root.join("README.md"), &readme).unwrap();
    commit(&home, &root, "unknown base");
    let out = upgrade(&home, &root, &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("does not carry template version 0123456789abcdef"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(read(&root, "README.md"), readme);
    let beside = read(&root, "README.md.upgrade");
    assert!(beside.contains("on Windows, run it from Git Bash"));
    assert!(root.join("CONTRIBUTING.md").is_file());
    assert!(read(&root, "GNUmakefile").contains("TEST ?= ./..."));
}

/// The history renders what each release wrote: `new --template-release <release>` gives, file
/// for file, the bytes and modes that release's binary wrote for the same answers (listed by it
/// in tests/fixtures/history/<release>), and the same manifest.
#[test]
fn new_with_a_release_s_templates_writes_what_that_release_wrote() {
    for release in ["0.1.0", "0.2.0"] {
        writes_what_it_wrote(release);
    }
}

fn writes_what_it_wrote(release: &str) {
    let frozen = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/history")
        .join(release);
    for (shape, args) in [("builder", &[][..]), ("all-kinds", &["--all-kinds"][..])] {
        let home = Home::new();
        home.new_cmd([
            "builder",
            "custom-cloud",
            "--template-release",
            release,
            "-q",
        ])
        .args(args)
        .assert()
        .success();
        let root = home.join("packer-plugin-custom-cloud");
        let mut listing = String::new();
        for (path, bytes) in files(&root) {
            if path == ".packer-scaffold.toml" {
                continue;
            }
            let mode = {
                use std::os::unix::fs::PermissionsExt;
                fs::metadata(root.join(&path)).unwrap().permissions().mode() & 0o777
            };
            let digest: String = {
                use sha2::Digest;
                sha2::Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            };
            listing.push_str(&format!("{digest} {mode:o} {path}\n"));
        }
        let expected = fs::read_to_string(frozen.join(format!("{shape}.txt"))).unwrap();
        assert_eq!(listing, expected, "{release} {shape}");
        let manifest = fs::read_to_string(frozen.join(format!("{shape}.packer-scaffold.toml")));
        assert_eq!(
            read(&root, ".packer-scaffold.toml"),
            manifest.unwrap(),
            "{release} {shape}"
        );
    }
}

#[test]
fn a_release_the_history_lacks_is_refused() {
    let home = Home::new();
    let out = home
        .new_cmd(["builder", "custom-cloud", "--template-release", "0.0.9"])
        .assert()
        .code(2);
    assert!(
        out.stderr_text()
            .contains("help: name one of: 0.1.0, 0.2.0")
    );
}

/// A repository a later packer-scaffold wrote is never taken back to this binary's templates.
#[test]
fn a_repository_from_a_later_release_is_refused() {
    let repo = Repo::new().build();
    let manifest = fs::read_to_string(repo.join(".packer-scaffold.toml")).unwrap();
    let later = manifest.replacen(
        &format!(
            "packer_scaffold_version = \"{}\"",
            env!("CARGO_PKG_VERSION")
        ),
        "packer_scaffold_version = \"99.0.0\"",
        1,
    );
    assert_ne!(later, manifest);
    let later = later.replacen("template_version = \"", "template_version = \"f", 1);
    fs::write(repo.join(".packer-scaffold.toml"), later).unwrap();
    let before = repo.files();
    let out = repo.cmd(["upgrade", "--allow-dirty"]).assert().code(2);
    assert!(
        out.stderr_text()
            .contains("packer-scaffold 99.0.0 wrote it, a later release"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(repo.files(), before);
}

/// A checkout with CRLF line endings (git's `core.autocrlf` on Windows): files are compared and
/// merged as LF and written back with CRLF, so no line conflicts only because of its endings.
#[test]
fn crlf_files_are_upgraded_like_lf_ones_and_keep_their_endings() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    for (path, bytes) in files(&root) {
        if path.starts_with(".git/") || path == ".packer-scaffold.toml" {
            continue;
        }
        if let Ok(text) = String::from_utf8(bytes) {
            fs::write(root.join(&path), text.replace('\n', "\r\n")).unwrap();
        }
    }
    let readme = format!("{}\r\nOurs.\r\n", read(&root, "README.md"));
    fs::write(root.join("README.md"), &readme).unwrap();
    commit(&home, &root, "crlf");
    let out = upgrade(&home, &root, &["--format", "json"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_report(&out.stdout);
    assert_eq!(report["conflicts"], serde_json::json!([]));
    let merged = read(&root, "README.md");
    assert!(merged.ends_with("\r\nOurs.\r\n"), "{merged}");
    assert!(merged.contains("on Windows, run it from Git Bash"));
    assert!(
        !merged.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    let makefile = read(&root, "GNUmakefile");
    assert!(makefile.contains("TEST ?= ./...\r\n"), "replaced, in CRLF");
}

/// `add` (or `remove`, `rename`) in a repository the 0.1.0 templates wrote keeps the manifest's
/// template version: the other files are still 0.1.0's, and `upgrade` must merge from them.
#[test]
fn add_keeps_the_template_version_upgrade_merges_from() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    // --no-generate: 0.1.0's compile-to-webdocs.sh is not the templates', so `add` would
    // run the real `make generate`, which this test is not about.
    home.cmd(["add", "datasource", "images", "--no-tidy", "--no-generate"])
        .current_dir(&root)
        .assert()
        .success();
    assert!(
        read(&root, ".packer-scaffold.toml").contains("template_version = \"f6b2c4cba2b1c00f\"")
    );
    commit(&home, &root, "added");
    let out = upgrade(&home, &root, &["--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    let out = upgrade(&home, &root, &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(root.join("CONTRIBUTING.md").is_file());
}

/// doctor says which templates made the repository and that `upgrade` brings it up; being
/// behind is no failure. (Without Go on PATH here, so it does not run `make generate`.)
#[test]
fn doctor_names_the_templates_a_repository_was_made_from() {
    let home = Home::with_git_identity();
    let root = made_by_0_1_0(&home);
    let out = home
        .cmd(["doctor", "--format", "json"])
        .env("PATH", "/usr/bin:/bin")
        .current_dir(&root)
        .output()
        .unwrap();
    let report = json_report(&out.stdout);
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "templates")
        .expect("a templates check")
        .clone();
    assert_eq!(check["status"], "pass");
    let detail = check["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("made from template version f6b2c4cba2b1c00f (packer-scaffold 0.1.0); `packer-scaffold upgrade` brings it to "),
        "{detail}"
    );
}
