//! The real binary, run as users run it: what it prints, its exit status and what lands on
//! disk.

use std::fs;
use std::path::Path;

use assert_fs::prelude::*;
use packer_scaffold::Kind;
use predicates::prelude::*;

use crate::support::{ANSWERS, Home, Text, binary, entries, fake_tool, hermetic, require};

/// Every path under `root`, sorted, as `/`-separated strings.
fn tree(root: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                stack.push(path);
                paths.push(format!("{rel}/"));
            } else {
                paths.push(rel);
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn each_kind_creates_a_repository_with_only_that_kind() {
    for kind in Kind::ALL {
        let home = Home::new();
        home.new_cmd([kind.as_str(), "custom-cloud"])
            .assert()
            .success()
            .stdout("")
            .stderr(predicate::str::contains(kind.hcl_usage("custom-cloud")));
        let repo = home.child("packer-plugin-custom-cloud");
        repo.child("main.go").assert(predicate::path::is_file());
        repo.child(format!("{}/custom-cloud/config.go", kind.as_str()))
            .assert(predicate::path::is_file());
        for other in Kind::ALL.iter().filter(|k| **k != kind) {
            repo.child(other.as_str())
                .assert(predicate::path::missing());
        }
    }
}

#[test]
fn summary_names_the_repository_components_and_next_commands() {
    let home = Home::new();
    let stderr = home
        .new_cmd(["builder", "custom-cloud", "--all-kinds"])
        .assert()
        .success()
        .stderr_text()
        .replace(&home.path().display().to_string(), "[TMP]");
    insta::assert_snapshot!(stderr);
}

#[test]
fn dry_run_prints_the_tree_and_writes_nothing() {
    let home = Home::new();
    let dry_run = home
        .new_cmd_in(
            home.join("sub"),
            ["datasource", "custom-cloud", "--dry-run"],
        )
        .assert()
        .success()
        .stderr("note: dry run: nothing was written\n");
    assert!(
        tree(home.path()).is_empty(),
        "dry run wrote {:?}",
        tree(home.path())
    );
    let stdout = dry_run
        .stdout_text()
        .replace(&home.path().display().to_string(), "[TMP]");
    insta::assert_snapshot!(stdout);
}

#[test]
fn an_existing_non_empty_destination_is_refused_and_left_as_it_was() {
    let home = Home::new();
    let repo = home.child("packer-plugin-custom-cloud");
    repo.child("main.go").write_str("package mine\n").unwrap();
    repo.child("notes/todo.txt").write_str("keep me").unwrap();
    let before = tree(home.path());
    home.new_cmd(["builder", "custom-cloud"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("already exists and is not empty"))
        .stderr(predicate::str::contains(
            "help: choose another place with --dir; or fill in the files it lacks with --force, \
             which never replaces a file; or remove the directory if it is no longer needed\n",
        ));
    assert_eq!(tree(home.path()), before);
    repo.child("main.go").assert("package mine\n");
    repo.child("notes/todo.txt").assert("keep me");
}

#[test]
fn a_file_in_the_way_is_refused() {
    let home = Home::new();
    home.child("packer-plugin-custom-cloud")
        .write_str("x")
        .unwrap();
    home.new_cmd(["builder", "custom-cloud"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"));
    home.child("packer-plugin-custom-cloud").assert("x");
}

#[test]
fn a_file_where_dir_or_one_of_its_parents_should_be_is_refused_with_exit_2() {
    let home = Home::new();
    home.child("afile").write_str("x").unwrap();
    let before = entries(home.path());
    for dir in ["afile", "afile/sub"] {
        // A relative --dir, from the home.
        home.new_cmd_in(dir, ["builder", "x"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: cannot create `{dir}/packer-plugin-x`: `afile` is a file, not a directory; nothing was written\n\
                 help: pass a directory with --dir (one that does not exist yet is created)\n"
            ));
        assert_eq!(entries(home.path()), before, "--dir {dir}");
    }
}

#[test]
fn a_config_file_that_is_a_directory_or_not_utf8_is_refused_with_exit_2() {
    let home = Home::new();
    home.child("latin1.toml")
        .write_binary(b"author = \"Jos\xe9\"\n")
        .unwrap();
    let config_dir = home.join(".config/packer-scaffold/config.toml");
    let run = |config: Option<&Path>, stderr: String| {
        let before = entries(home.path());
        let config: Vec<&std::ffi::OsStr> = match config {
            Some(config) => vec!["--config".as_ref(), config.as_os_str()],
            None => vec![],
        };
        home.cmd(config)
            .args(["new", "builder", "x", "--dir"])
            .arg(home.path())
            .args(ANSWERS)
            .assert()
            .code(2)
            .stdout("")
            .stderr(stderr);
        assert_eq!(entries(home.path()), before);
    };
    let latin1 = home.join("latin1.toml");
    run(
        Some(&latin1),
        format!(
            "error: invalid config file `{}`: it is not valid UTF-8 text\n\
             help: save it as UTF-8, or run with --no-config\n",
            latin1.display()
        ),
    );
    run(
        Some(home.path()),
        format!(
            "error: invalid config file `{}`: it is a directory\n\
             help: name the file itself, e.g. --config {}, or leave out --config\n",
            home.path().display(),
            home.join("config.toml").display()
        ),
    );
    fs::create_dir_all(&config_dir).unwrap();
    run(
        None,
        format!(
            "error: invalid config file `{}`: it is a directory\n\
             help: move the directory away, or pass --config FILE or --no-config\n",
            config_dir.display()
        ),
    );
}

#[test]
fn no_input_lists_every_missing_value_with_its_flag() {
    let home = Home::new();
    home.cmd(["new", "builder", "custom-cloud", "--no-input", "--dir"])
        .arg(home.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: missing values, and nothing is asked because there is no terminal, --no-input was given and CI is set:\n  \
             --org          GitHub owner of the plugin repository (e.g. --org acme)\n  \
             --author       copyright holder (git's user.name is not set) (e.g. --author \"Acme Corp\")\n\
             help: pass the flags above, or run on a terminal, leave out --no-input and unset CI to be asked\n",
        );
    assert!(tree(home.path()).is_empty());
    // Without a terminal alone, that is all it says.
    home.cmd(["new", "builder", "custom-cloud", "--org", "acme", "--dir"])
        .arg(home.path())
        .env_remove("CI")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: missing values, and there is no terminal to ask for them:\n",
        ))
        .stderr(predicate::str::ends_with(
            "help: pass the flags above, or run on a terminal to be asked\n",
        ));
    assert!(tree(home.path()).is_empty());
}

#[test]
fn without_git_on_path_the_missing_author_says_git_was_not_found() {
    let home = Home::new();
    let no_tools = home.join("no-tools");
    fs::create_dir(&no_tools).unwrap();
    home.cmd(["new", "builder", "custom-cloud", "--org", "acme", "--no-input", "--dir"])
        .arg(home.path())
        .env("PATH", &no_tools)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--author       copyright holder (git was not found on PATH, so there is no user.name to use) (e.g. --author \"Acme Corp\")\n",
        ))
        .stderr(predicate::str::contains("user.name is not set").not());
    // `add` in a repository without a manifest asks git too.
    let repo = home.join("plain");
    fs::create_dir(&repo).unwrap();
    fs::write(
        repo.join("go.mod"),
        "module github.com/acme/packer-plugin-x\n",
    )
    .unwrap();
    home.cmd(["add", "builder", "one", "--dir"])
        .arg(&repo)
        .env("PATH", &no_tools)
        .assert()
        .code(2)
        .stderr(
            "error: missing values, and this repository has no .packer-scaffold.toml to read them from:\n  \
             --author       copyright holder (git was not found on PATH, so there is no user.name to use) (e.g. --author \"Acme Corp\")\n\
             help: pass the flags above; `add` writes .packer-scaffold.toml, so they are needed only once\n",
        );
    assert_eq!(fs::read_dir(&repo).unwrap().count(), 1);
}

#[test]
fn git_user_name_is_the_default_author() {
    let home = Home::with_git_identity();
    home.cmd(["new", "provisioner", "custom-cloud", "--org", "acme"])
        .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
        .arg(home.path())
        .assert()
        .success();
    home.child("packer-plugin-custom-cloud/LICENSE")
        .assert(predicate::str::starts_with(
            "Copyright (c) 2026 Ada Lovelace\n",
        ));
}

#[test]
fn org_type_decides_who_codeowners_names() {
    for (org_type, owners) in [
        ("user", "* @acme\n"),
        ("organization", "* @acme/maintainers\n"),
    ] {
        let home = Home::with_git_identity();
        home.cmd(["new", "provisioner", "custom-cloud", "--org", "acme"])
            .args(["--org-type", org_type])
            .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
            .arg(home.path())
            .assert()
            .success();
        home.child("packer-plugin-custom-cloud/CODEOWNERS")
            .assert(predicate::str::ends_with(owners));
        // The manifest keeps it, so a replay of its answers writes the same CODEOWNERS.
        let manifest = home.join("packer-plugin-custom-cloud/.packer-scaffold.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        assert!(
            text.contains(&format!("org_type = \"{org_type}\"\n")),
            "{text}"
        );
        let again = home.join("again");
        home.cmd(["new", "--answers"])
            .arg(&manifest)
            .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
            .arg(&again)
            .assert()
            .success();
        home.child("again/packer-plugin-custom-cloud/CODEOWNERS")
            .assert(predicate::str::ends_with(owners));
    }
    let home = Home::with_git_identity();
    home.cmd(["new", "provisioner", "custom-cloud", "--org", "acme"])
        .args(["--org-type", "team", "--no-input", "--dir"])
        .arg(home.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "invalid value 'team' for '--org-type <TYPE>'",
        ));
}

/// `new` with git: everything committed, on `main` (what CHANGELOG.md and metadata.hcl link
/// to) even when the user's git would name the first branch otherwise.
#[track_caller]
fn assert_new_commits_everything_on_main(home: &Home, path: &str) {
    home.cmd(["new", "builder", "custom-cloud", "--org", "acme"])
        .args(["--no-input", "--no-tidy", "--dir"])
        .arg(home.path())
        .env("PATH", path)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            " Initialized a git repository with a first commit on branch `main`\n",
        ));
    let repo = home.join("packer-plugin-custom-cloud");
    let status = home.git(&repo, &["status", "--porcelain"]);
    assert_eq!(status, "", "everything is committed");
    let branch = home.git(&repo, &["symbolic-ref", "--short", "HEAD"]);
    assert_eq!(branch.trim(), "main");
    let changelog = fs::read_to_string(repo.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("/commits/main"), "{changelog}");
}

/// A home whose git configuration names a user and makes `master` the first branch.
fn home_with_master_default() -> Home {
    Home::new().gitconfig(
        "[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n\
         [init]\n\tdefaultBranch = master\n",
    )
}

#[test]
fn git_init_makes_a_first_commit_of_everything_on_main() {
    let home = home_with_master_default();
    let path = std::env::var("PATH").unwrap_or_default();
    assert_new_commits_everything_on_main(&home, &path);
}

#[test]
fn git_older_than_2_28_still_starts_on_main() {
    // A git that rejects `--initial-branch`, as git before 2.28 does, and is the real one
    // otherwise.
    let home = home_with_master_default();
    let real = hermetic("sh", home.path())
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let real = String::from_utf8(real.stdout).unwrap().trim().to_owned();
    let bin = home.join("old-git");
    fake_tool(
        &bin,
        "git",
        &format!(
            "for a; do case $a in --initial-branch*) \
             echo \"error: unknown option '$a'\" >&2; exit 129;; esac; done\nexec '{real}' \"$@\""
        ),
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    assert_new_commits_everything_on_main(&home, &path);
}

#[test]
fn a_prefixed_name_is_accepted_without_its_prefix() {
    let home = Home::new();
    home.new_cmd(["builder", "packer-plugin-custom-cloud"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "note: plugin names are given without the `packer-plugin-` prefix; using `custom-cloud`",
        ));
    home.child("packer-plugin-custom-cloud/main.go")
        .assert(predicate::path::is_file());
}

#[test]
fn invalid_input_exits_2_with_a_reason_and_a_help_line() {
    let cases: [(&[&str], &str); 11] = [
        (
            &["new", "builder", "Custom_Cloud"],
            "error: invalid plugin name `Custom_Cloud`: `C` is uppercase\nhelp: use lowercase ASCII letters, digits and single dashes, e.g. `custom-cloud`\n",
        ),
        (
            &["new", "builder", "../evil"],
            "error: invalid plugin name `../evil`: `.` is not allowed; words are separated by dashes\nhelp: use lowercase ASCII letters, digits and single dashes, e.g. `evil`\n",
        ),
        (
            &["new", "builder", "nul"],
            "error: invalid plugin name `nul`: `nul` is a reserved device name on Windows, so its folders and docs pages could not be checked out there\nhelp: choose another name, e.g. `nul-cloud`\n",
        ),
        (
            &["add", "builder", "a/b"],
            "error: invalid component name `a/b`: `/` is a path separator; a name is a single word\nhelp: use lowercase ASCII letters, digits and single dashes, e.g. `a-b`\n",
        ),
        (
            &["new", "builder", "go"],
            "error: invalid plugin name `go`: its Go package name `go` is a Go keyword, a predeclared identifier or `main`\nhelp: choose a longer name, e.g. `go-cloud`\n",
        ),
        (
            &["new", "builder", "null"],
            "error: invalid plugin name `null`: the builder's HCL type would be `null`, and Packer has a builder `null` of its own: for `source \"null\" \"example\" {}` it runs its own, never yours\nhelp: choose another name, e.g. `null-cloud`\n",
        ),
        (
            &[
                "new",
                "builder",
                "shell",
                "--with",
                "provisioner",
                "--org",
                "acme",
            ],
            "error: invalid plugin name `shell`: the provisioner's HCL type would be `shell`, and Packer has a provisioner `shell` of its own: for `provisioner \"shell\" {}` it runs its own, never yours\nhelp: choose another name, e.g. `shell-cloud`\n",
        ),
        (
            &["add", "builder", "packer"],
            "error: invalid component name `packer`: a folder named `packer` stops `make generate`: packer-sdc struct-markdown takes it for the root of Packer itself or of another plugin, so the component's field docs would never be generated\nhelp: choose another name, e.g. `packer-cloud`\n",
        ),
        (
            &[
                "new",
                "builder",
                "x",
                "--org",
                "acme",
                "--module",
                "github.com/other/packer-plugin-x",
            ],
            "error: invalid GitHub owner (--org) `acme`: the module path `github.com/other/packer-plugin-x` is in `other`'s repositories, and the source address, README and release links follow the module path\nhelp: leave out --org (it is read from --module), or give --org other\n",
        ),
        (
            &["new", "builder", "x", "--org=-acme"],
            "error: invalid GitHub owner (--org) `-acme`: it has a leading, trailing or double dash\nhelp: use letters, digits and single dashes (at most 39), as GitHub does, e.g. `acme`\n",
        ),
        (
            &["new", "builder", "x", "--org", "acme", "--module", "acme/x"],
            "error: invalid Go module path (--module) `acme/x`: its first element `acme` is not a domain name\nhelp: give a path such as `github.com/acme/packer-plugin-custom-cloud`\n",
        ),
    ];
    for (args, stderr) in cases {
        let home = Home::new();
        let common: &[&str] = if args[0] == "new" {
            &["--author", "A", "--no-input", "--dir"]
        } else {
            &["--dir"]
        };
        home.cmd(args)
            .args(common)
            .arg(home.path())
            .assert()
            .code(2)
            .stdout("")
            .stderr(stderr.to_owned());
        assert!(tree(home.path()).is_empty());
    }
}

#[test]
fn an_official_plugin_name_is_accepted_with_a_warning() {
    let home = Home::new();
    home.new_cmd(["builder", "amazon"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "warning: `amazon` is also the name of an official HashiCorp plugin",
        ));
    assert!(home.join("packer-plugin-amazon/main.go").is_file());
}

#[test]
fn a_source_outside_github_is_accepted_with_a_warning_in_text_and_json() {
    let module = "gitlab.example.com/tools/packer-plugin-custom-cloud";
    let warning = "warning: `packer init` cannot download `gitlab.example.com/tools/custom-cloud`: \
                   it downloads plugins only from the GitHub releases of \
                   `github.com/<owner>/<name>` sources. Users of the plugin must install a \
                   release binary with `packer plugins install --path <binary> \
                   gitlab.example.com/tools/custom-cloud`; the generated README says so\n";
    let home = Home::new();
    home.new_cmd(["builder", "custom-cloud", "--module", module])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(warning));
    let readme = fs::read_to_string(home.join("packer-plugin-custom-cloud/README.md")).unwrap();
    assert!(readme.contains("`packer init` cannot download this plugin"));

    let home = Home::new();
    let output = home
        .new_cmd(["builder", "custom-cloud", "--module", module])
        .args(["--dry-run", "--format", "json"])
        .assert()
        .success();
    let report = crate::support::json_report(&output.get_output().stdout);
    assert_eq!(
        report["warnings"],
        serde_json::json!([warning.strip_prefix("warning: ").unwrap().trim_end()])
    );

    // A github.com/<owner>/<name> source gets no such warning.
    let home = Home::new();
    home.new_cmd(["builder", "custom-cloud"])
        .assert()
        .success()
        .stderr(predicate::str::contains("packer init").not());
}

/// A module path that does not end in the repository's name: the source falls back to
/// `github.com/<owner>/<name>`, and `new` says what `packer init` will and will not download.
#[test]
fn a_module_path_not_ending_in_the_repository_name_is_warned_about() {
    let warning = "warning: the module path `example.com/x/y` does not end in \
                   /packer-plugin-custom-cloud, so the plugin's source is \
                   `github.com/acme/custom-cloud`: `packer init` downloads it from the GitHub \
                   releases of `github.com/acme/packer-plugin-custom-cloud`, never from \
                   `example.com/x/y`; publish the releases there, or give a module path that \
                   ends in /packer-plugin-custom-cloud\n";
    let home = Home::new();
    home.new_cmd(["builder", "custom-cloud", "--module", "example.com/x/y"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(warning));
    let readme = fs::read_to_string(home.join("packer-plugin-custom-cloud/README.md")).unwrap();
    assert!(
        readme.contains("source  = \"github.com/acme/custom-cloud\""),
        "{readme}"
    );
    let home = Home::new();
    let output = home
        .new_cmd(["builder", "custom-cloud", "--module", "example.com/x/y"])
        .args(["--dry-run", "--format", "json"])
        .assert()
        .success();
    let report = crate::support::json_report(&output.get_output().stdout);
    assert_eq!(
        report["warnings"],
        serde_json::json!([warning.strip_prefix("warning: ").unwrap().trim_end()])
    );
}

#[test]
fn unknown_kinds_and_flags_are_usage_errors() {
    let home = Home::new();
    home.run(["new", "builders", "x"])
        .code(2)
        .stderr(predicate::str::contains("invalid value 'builders'"));
    home.run(["new", "builder", "x", "--frobnicate"]).code(2);
}

#[test]
fn with_adds_kinds_and_data_source_is_an_alias() {
    let home = Home::new();
    home.new_cmd(["builder", "custom-cloud", "--with", "data-source"])
        .assert()
        .success();
    let repo = home.child("packer-plugin-custom-cloud");
    repo.child("builder").assert(predicate::path::is_dir());
    repo.child("datasource").assert(predicate::path::is_dir());
    repo.child("provisioner").assert(predicate::path::missing());
}

#[test]
fn a_dir_that_names_the_repository_folder_is_used_not_nested_in() {
    let home = Home::new();
    home.new_cmd_in(
        home.join("plugins/packer-plugin-custom-cloud/"),
        ["builder", "custom-cloud"],
    )
    .assert()
    .success()
    .stderr(predicate::str::starts_with(
        "note: --dir already ends in packer-plugin-custom-cloud: the repository is that folder, not one inside it\n",
    ));
    let repo = home.join("plugins/packer-plugin-custom-cloud");
    assert!(repo.join("main.go").is_file());
    assert!(!repo.join("packer-plugin-custom-cloud").exists());
}

#[test]
fn a_missing_parent_directory_is_created() {
    let home = Home::new();
    let dir = home.join("new parent/with spaces");
    home.new_cmd_in(&dir, ["post-processor", "custom-cloud"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cd '"));
    assert!(dir.join("packer-plugin-custom-cloud/main.go").is_file());
    let leftovers: Vec<_> = tree(home.path())
        .into_iter()
        .filter(|p| p.contains(".packer-scaffold-tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary directories left: {leftovers:?}"
    );
}

#[test]
fn completions_for_each_shell_and_the_man_page_print_on_stdout() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        home.run(["completions", shell])
            .success()
            .stdout(predicate::str::contains("packer-scaffold"))
            .stderr("");
    }
    home.run(["man"])
        .success()
        .stdout(predicate::str::contains(".TH packer-scaffold 1"));
    home.run(["completions", "tcsh"]).code(2);
}

#[test]
fn config_init_never_writes_through_a_dangling_link() {
    let home = Home::new();
    let dir = home.join(".config/packer-scaffold");
    fs::create_dir_all(&dir).unwrap();
    let target = home.join("dotfiles/config.toml");
    std::os::unix::fs::symlink(&target, dir.join("config.toml")).unwrap();
    home.run(["config", "init"])
        .code(2)
        .stderr(predicate::str::contains(
            "already exists; nothing was changed",
        ));
    assert!(!target.exists());
}

/// Flag > environment > config file > git > built-in default, key by key.
#[test]
fn defaults_layer_flag_over_env_over_config_file_over_git() {
    let home = Home::with_git_identity();
    let config = home.join(".config/packer-scaffold/config.toml");
    home.run(["config", "path"])
        .success()
        .stdout(format!("{}\n", config.display()));
    home.run(["config", "init"]).success();
    home.run(["config", "init"]).code(2).stderr(format!(
        "error: config file `{}` already exists; nothing was changed\n\
             help: edit it, or move it away and run `packer-scaffold config init` again\n",
        config.display()
    ));
    fs::write(
        &config,
        "org = \"file-org\"\nauthor = \"File Author\"\nkinds = [\"datasource\"]\nvcs = \"none\"\ntidy = false\nmodule_prefix = \"example.com/tools\"\n",
    )
    .unwrap();

    // The config file alone: no flags needed, even without a terminal.
    let made = |env: &[(&str, &str)], flags: &[&str]| {
        let dir = Home::new();
        home.cmd(["new", "builder", "x", "--no-input", "--dir"])
            .arg(dir.path())
            .args(flags)
            .envs(env.iter().copied())
            .assert()
            .success();
        let manifest =
            fs::read_to_string(dir.join("packer-plugin-x/.packer-scaffold.toml")).unwrap();
        let git = dir.join("packer-plugin-x/.git").exists();
        (manifest, git)
    };
    let (manifest, git) = made(&[], &[]);
    assert!(manifest.contains("org = \"file-org\""), "{manifest}");
    assert!(manifest.contains("author = \"File Author\""));
    assert!(manifest.contains("module = \"example.com/tools/packer-plugin-x\""));
    assert!(manifest.contains("kind = \"datasource\""));
    assert!(!git, "vcs = none from the file");

    // The environment beats the file; a flag beats both.
    let (manifest, _) = made(
        &[
            ("PACKER_SCAFFOLD_ORG", "env-org"),
            ("PACKER_SCAFFOLD_AUTHOR", "Env Author"),
        ],
        &[],
    );
    assert!(manifest.contains("org = \"env-org\"") && manifest.contains("author = \"Env Author\""));
    let (manifest, _) = made(
        &[("PACKER_SCAFFOLD_ORG", "env-org")],
        &[
            "--org",
            "flag-org",
            "--module",
            "github.com/flag-org/packer-plugin-x",
        ],
    );
    assert!(manifest.contains("org = \"flag-org\""), "{manifest}");
    // Any --with replaces the configured kinds: naming the positional kind leaves them out.
    let (manifest, _) = made(&[], &["--with", "builder"]);
    assert!(!manifest.contains("kind = \"datasource\""), "{manifest}");
    // A github.com module path names its owner, above the environment and the file.
    let (manifest, _) = made(
        &[("PACKER_SCAFFOLD_ORG", "env-org")],
        &["--module", "github.com/mod-org/packer-plugin-x"],
    );
    assert!(manifest.contains("org = \"mod-org\""), "{manifest}");

    // Without the file, git's user.name is the author and git is used.
    let (manifest, git) = made(&[], &["--no-config", "--org", "o", "--no-tidy"]);
    assert!(manifest.contains("author = \"Ada Lovelace\""), "{manifest}");
    assert!(git);

    // A broken file says where.
    fs::write(&config, "org = \"acme\"\nvcs = \"svn\"\n").unwrap();
    home.run(["new", "builder", "x", "--no-input"])
        .code(2)
        .stderr(predicate::str::contains("line 2, column 7"))
        .stderr(predicate::str::contains("help: fix the file"));
}

#[test]
fn quiet_prints_only_warnings_and_errors() {
    let home = Home::new();
    home.new_cmd(["builder", "x", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    home.cmd(["-q", "new", "builder", "amazon"])
        .args(ANSWERS)
        .arg("--dir")
        .arg(home.path())
        .assert()
        .success()
        .stderr(predicate::str::starts_with("warning: `amazon`"));
}

/// Colour on a terminal (through `script`), never with NO_COLOR and never into a pipe.
#[test]
fn colour_only_on_a_terminal_without_no_color() {
    if !require("script", "running the binary on a terminal") {
        return;
    }
    let run = |no_color: bool| {
        let home = Home::new();
        let command = format!(
            "'{}' new builder x --org acme --author A --no-input --vcs none --no-tidy --dir '{}'",
            binary().display(),
            home.path().display()
        );
        let mut cmd = hermetic("script", home.path());
        cmd.args(["-qec", &command, "/dev/null"]);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(run(false).contains("\x1b[1;32m     Created\x1b[0m"));
    assert!(!run(true).contains('\x1b'));
    // Into a pipe (every other test here): plain text.
    let home = Home::new();
    let stderr = home.new_cmd(["builder", "x"]).assert().stderr_text();
    assert!(!stderr.contains('\x1b'));
}

#[test]
fn go_mod_tidy_is_announced_only_when_go_runs_and_its_end_reads_as_a_status_line() {
    let home = Home::new();
    let bin = home.join("bin");
    fs::create_dir(&bin).unwrap();
    let run = |dir: &str| {
        home.cmd(["new", "builder", "x", "--org", "acme", "--author", "A"])
            .args(["--no-input", "--vcs", "none", "--dir"])
            .arg(home.join(dir))
            .env("PATH", &bin)
            .assert()
            .success()
            .stderr_text()
    };
    let stderr = run("without-go");
    assert!(!stderr.contains("Running"), "{stderr}");
    assert!(
        stderr.contains("note: go is not on PATH; run `go mod tidy` in the repository"),
        "{stderr}"
    );
    fake_tool(&bin, "go", "exit 0");
    let stderr = run("with-go");
    assert!(
        stderr.contains("     Running `go mod tidy`\n    Finished `go mod tidy`\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("Done"), "{stderr}");
}

#[test]
fn tidy_flags_beat_the_config_file_and_a_missing_config_file_is_refused() {
    let home = Home::new();
    // A fake go that only records that `go mod tidy` ran.
    let bin = home.join("bin");
    let marker = home.join("tidy-ran");
    fake_tool(
        &bin,
        "go",
        &format!(
            "[ \"$1 $2\" = \"mod tidy\" ] && touch '{}'",
            marker.display()
        ),
    );
    let config = home.join("team.toml");
    fs::write(&config, "tidy = false\n").unwrap();
    let tidied = |flags: &[&str]| {
        let dir = Home::new();
        let _ = fs::remove_file(&marker);
        home.cmd(["--config"])
            .arg(&config)
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .args([
                "new",
                "builder",
                "x",
                "--org",
                "acme",
                "--author",
                "A",
                "--no-input",
            ])
            .args(["--vcs", "none", "--dir"])
            .arg(dir.path())
            .args(flags)
            .assert()
            .success();
        marker.exists()
    };
    assert!(!tidied(&[]), "tidy = false in the file");
    assert!(tidied(&["--tidy"]), "--tidy beats the file");
    assert!(!tidied(&["--tidy", "--no-tidy"]), "the later flag wins");
    assert!(tidied(&["--no-tidy", "--tidy"]), "the later flag wins");

    home.cmd(["--config"])
        .arg(home.join("missing.toml"))
        .args(["new", "builder", "x", "--no-input"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml`: it does not exist"))
        .stderr(predicate::str::contains(
            "help: write one with `packer-scaffold config init --config",
        ));
}

/// A Go workspace above the destination that does not list the new module makes every go
/// command there fail: `new` warns and says how to fix it, unless the workspace lists it or
/// GOWORK=off turns workspaces off.
#[test]
fn a_go_work_above_that_does_not_list_the_plugin_is_warned_about() {
    let home = Home::new();
    let work = home.join("work");
    fs::create_dir(&work).unwrap();
    fs::write(work.join("go.work"), "go 1.25\n\nuse ./other\n").unwrap();
    let out = home
        .new_cmd_in(&work, ["builder", "one"])
        .assert()
        .success();
    let dest = work.join("packer-plugin-one");
    assert!(
        out.stderr_text().contains(&format!(
            "warning: the workspace {} does not list the new module, so go commands in {} fail \
             until you run `go work use {}` (or set GOWORK=off to build it alone)",
            work.join("go.work").display(),
            dest.display(),
            dest.display()
        )),
        "{}",
        out.stderr_text()
    );
    let out = home
        .new_cmd_in(&work, ["builder", "two"])
        .env("GOWORK", "off")
        .assert()
        .success();
    assert!(
        !out.stderr_text().contains("workspace"),
        "{}",
        out.stderr_text()
    );
    fs::write(
        work.join("go.work"),
        "go 1.25\n\nuse (\n\t./other\n\t./packer-plugin-three\n)\n",
    )
    .unwrap();
    let out = home
        .new_cmd_in(&work, ["builder", "three"])
        .assert()
        .success();
    assert!(
        !out.stderr_text().contains("workspace"),
        "{}",
        out.stderr_text()
    );
}

/// `new --answers`: a repository made by `new`, replayed from its manifest, is the same tree
/// byte for byte; flags still override the recorded answers; a file that is not there and
/// positional arguments beside it are refused.
#[test]
fn new_answers_replays_a_manifest() {
    let home = Home::new();
    home.new_cmd(["builder", "cloud", "--with", "datasource"])
        .assert()
        .success();
    let made = home.join("packer-plugin-cloud");
    let manifest = made.join(".packer-scaffold.toml");
    let again = home.join("again");
    home.cmd(["new", "--answers"])
        .arg(&manifest)
        .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
        .arg(&again)
        .assert()
        .success();
    assert!(entries(&made) == entries(&again.join("packer-plugin-cloud")));

    let other = home.join("other");
    home.cmd(["new", "--answers"])
        .arg(&manifest)
        .args([
            "--author",
            "Someone Else",
            "--no-input",
            "--vcs",
            "none",
            "--no-tidy",
            "--dir",
        ])
        .arg(&other)
        .assert()
        .success();
    let replayed =
        fs::read_to_string(other.join("packer-plugin-cloud/.packer-scaffold.toml")).unwrap();
    assert!(replayed.contains("author = \"Someone Else\""), "{replayed}");

    home.cmd(["new", "--answers", "missing.toml", "--no-input"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid --answers `missing.toml`: it does not exist",
        ));
    home.cmd(["new", "builder", "x", "--answers"])
        .arg(&manifest)
        .assert()
        .code(2);
}

/// `new --answers` with a house file: a copy of plugin `cloud`'s manifest whose `[answers]`
/// name and module say `other`. Its components follow the new name as `new` and `add` name
/// them: the default builder becomes `builder/other`, registered as the default (HCL type
/// `other`); `second` registers as `"second"` (HCL type `other-second`); nothing says `cloud`.
#[test]
fn new_answers_from_a_house_file_names_the_components_after_the_new_plugin() {
    let home = Home::new();
    home.new_cmd(["builder", "cloud", "--with", "datasource"])
        .assert()
        .success();
    let made = home.join("packer-plugin-cloud");
    home.cmd(["add", "builder", "second", "--no-tidy", "-q"])
        .current_dir(&made)
        .assert()
        .success();
    let house = fs::read_to_string(made.join(".packer-scaffold.toml"))
        .unwrap()
        .replace("name = \"cloud\"\norg", "name = \"other\"\norg")
        .replace(
            "module = \"github.com/acme/packer-plugin-cloud\"",
            "module = \"github.com/acme/packer-plugin-other\"",
        );
    fs::write(home.join("house.toml"), &house).unwrap();
    let out = home
        .cmd([
            "new",
            "--answers",
            "house.toml",
            "--no-input",
            "--vcs",
            "none",
        ])
        .args(["--no-tidy"])
        .assert()
        .success();
    assert!(
        out.stderr_text()
            .contains("registered under plugin `cloud`: their names and HCL types follow `other`"),
        "{}",
        out.stderr_text()
    );
    let other = home.join("packer-plugin-other");
    let main = fs::read_to_string(other.join("main.go")).unwrap();
    assert!(main.contains("RegisterBuilder(\"second\""), "{main}");
    assert!(
        main.contains("packer-plugin-other/builder/other\""),
        "{main}"
    );
    assert!(!main.contains("cloud"), "{main}");
    let example = fs::read_to_string(other.join("example/build.pkr.hcl")).unwrap();
    assert!(example.contains("source \"other\""), "{example}");
    assert!(example.contains("source \"other-second\""), "{example}");
    assert!(example.contains("data \"other\""), "{example}");
    assert!(!example.contains("cloud"), "{example}");
    let readme = fs::read_to_string(other.join("docs/builders/other.mdx")).unwrap();
    assert!(!readme.contains("cloud"), "{readme}");
    let listed = home
        .cmd(["list", "--dir"])
        .arg(&other)
        .assert()
        .success()
        .stdout_text();
    assert!(listed.contains("other-second"), "{listed}");
    assert!(!listed.contains("cloud"), "{listed}");
}

/// An answers-only file (`[answers]` and each component's kind, name, default and skeleton)
/// makes a plugin; a file that does not parse is refused with help about the file itself.
#[test]
fn new_answers_takes_an_answers_only_file() {
    let home = Home::new();
    let text = "[answers]\nname = \"house\"\norg = \"acme\"\n\
                module = \"github.com/acme/packer-plugin-house\"\nauthor = \"Acme Corp\"\n\
                description = \"A house plugin.\"\n\n\
                [[component]]\nkind = \"builder\"\nname = \"house\"\ndefault = true\n\n\
                [[component]]\nkind = \"provisioner\"\nname = \"greet\"\ndefault = false\n\
                skeleton = \"minimal\"\n";
    fs::write(home.join("answers.toml"), text).unwrap();
    home.cmd([
        "new",
        "--answers",
        "answers.toml",
        "--no-input",
        "--vcs",
        "none",
    ])
    .args(["--no-tidy", "-q"])
    .assert()
    .success();
    let made = home.join("packer-plugin-house");
    let main = fs::read_to_string(made.join("main.go")).unwrap();
    assert!(main.contains("RegisterProvisioner(\"greet\""), "{main}");
    assert!(made.join("builder/house/driver.go").exists());
    let listed = home
        .cmd(["list", "--dir"])
        .arg(&made)
        .assert()
        .success()
        .stdout_text();
    assert!(listed.contains("house-greet"), "{listed}");

    fs::write(home.join("bad.toml"), text.replace("default = false", "")).unwrap();
    let out = home
        .cmd(["new", "--answers", "bad.toml", "--no-input"])
        .assert()
        .code(2);
    let err = out.stderr_text();
    assert!(
        err.contains("invalid --answers `bad.toml`: it is not a manifest or answers file"),
        "{err}"
    );
    assert!(err.contains("help: fix the file"), "{err}");
    assert!(!err.contains("git checkout"), "{err}");
}
