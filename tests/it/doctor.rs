//! `doctor` on purpose-built repositories and toolchains: fake `go`, `packer`, `git` and
//! `make` on a PATH of their own make each check pass or fail on purpose. The real
//! `make generate` runs in CI (.ci/plugin-checks, the doctor cell).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Home, Repo, Text, fake_tool, json_report, require_that, scaffold_process};

/// A directory with fake tools printing the given version lines; `None` leaves a tool out.
fn toolchain(dir: &Path, go: Option<&str>, packer: Option<&str>, git: Option<&str>) {
    fs::create_dir_all(dir).unwrap();
    for (name, line) in [("go", go), ("packer", packer), ("git", git)] {
        if let Some(line) = line {
            fake_tool(dir, name, &format!("echo '{line}'"));
        }
    }
}

/// A stand-in for make running `script`, except for `make -n` (doctor's Makefile check), which
/// the real make answers: what the Makefile's `dev` would run is judged as it really is.
fn fake_make(dir: &Path, script: &str) {
    let real = ["/usr/bin/make", "/bin/make", "/usr/local/bin/make"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .unwrap_or("make-is-not-installed");
    fake_tool(
        dir,
        "make",
        &format!("[ \"$1\" = -n ] && exec {real} \"$@\"\n{script}"),
    );
}

fn good_toolchain(dir: &Path) {
    toolchain(
        dir,
        Some("go version go1.26.8 linux/amd64"),
        Some("Packer v1.16.0"),
        Some("git version 2.39.5"),
    );
}

/// A generated repository with a builder and a data source.
fn new_repo() -> Repo {
    Repo::new().kinds(&["builder", "datasource"]).build()
}

/// `new_repo`, and a `bin` of fake tools in its home that pass the toolchain checks.
fn repo_with_good_toolchain() -> (Repo, PathBuf) {
    let repo = new_repo();
    let bin = repo.home().join("bin");
    good_toolchain(&bin);
    (repo, bin)
}

/// `doctor <dir> <extra>` with only `bin` on PATH: its status, and its stdout with `dir` as
/// `[repo]`.
fn doctor(home: &Home, bin: &Path, dir: &Path, extra: &[&str]) -> (i32, String) {
    let output = home
        .cmd(["doctor"])
        .arg(dir)
        .args(extra)
        .env("PATH", bin)
        .output()
        .unwrap();
    let stdout = output
        .stdout_text()
        .replace(&dir.display().to_string(), "[repo]");
    (output.status.code().unwrap(), stdout)
}

#[test]
fn a_generated_repository_and_a_good_toolchain_pass_every_check() {
    let (repo, bin) = repo_with_good_toolchain();
    fake_make(&bin, "[ \"$1\" = generate ]");
    let (code, stdout) = doctor(repo.home(), &bin, &repo.join("builder"), &[]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn each_check_fails_on_purpose_with_its_fix() {
    let made = new_repo();
    let home = made.home();
    let bin = home.join("bin");
    toolchain(
        &bin,
        Some("go version go1.24.2 linux/amd64"),
        Some("Packer v1.9.5"),
        None,
    );
    // The folder loses its packer-plugin- prefix, main.go loses a registration, a docs page
    // goes, and the example stops using the data source.
    let repo = home.join("custom-cloud");
    fs::rename(made.path(), &repo).unwrap();
    let main_go = fs::read_to_string(repo.join("main.go")).unwrap();
    fs::write(
        repo.join("main.go"),
        main_go.replace("\tpps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))\n", ""),
    )
    .unwrap();
    fs::remove_file(repo.join("docs/builders/custom-cloud.mdx")).unwrap();
    let example = fs::read_to_string(repo.join("example/build.pkr.hcl")).unwrap();
    fs::write(
        repo.join("example/build.pkr.hcl"),
        example.replace("data \"custom-cloud\"", "data \"other\""),
    )
    .unwrap();

    let (code, stdout) = doctor(home, &bin, &repo, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);

    let (_, json) = doctor(home, &bin, &repo, &["--format", "json"]);
    let report = json_report(json.as_bytes());
    assert_eq!(report["schema"], "packer-scaffold.doctor.v1");
    let failed: Vec<_> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        failed,
        [
            "go", "packer", "git", "main.go", "docs", "example", "folder"
        ]
    );
}

#[test]
fn outside_a_repository_only_the_toolchain_is_checked() {
    let home = Home::new();
    let bin = home.join("bin");
    good_toolchain(&bin);
    let (code, stdout) = doctor(&home, &bin, home.path(), &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("skip  repository"), "{stdout}");
}

#[test]
fn the_oldest_packer_ci_proves_passes_and_an_older_one_fails() {
    let home = Home::new();
    let bin = home.join("bin");
    let packer = |line: &str| {
        toolchain(
            &bin,
            Some("go version go1.26.8 linux/amd64"),
            Some(line),
            Some("git version 2.39.5"),
        );
        doctor(&home, &bin, home.path(), &[])
    };
    let (code, stdout) = packer("Packer v1.11.0");
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "pass  packer      Packer 1.11.0 (needs 1.11.0 or later; CI tests 1.11.0 and 1.16.0)"
        ),
        "{stdout}"
    );
    let (code, stdout) = packer("Packer v1.10.3");
    assert_eq!(code, 1);
    assert!(
        stdout.contains("fail  packer      Packer 1.10.3 is older than 1.11.0"),
        "{stdout}"
    );
}

/// The check called `name` in a doctor report.
fn check_named(report: &serde_json::Value, name: &str) -> serde_json::Value {
    let checks = report["checks"].as_array().unwrap();
    checks.iter().find(|c| c["name"] == name).unwrap().clone()
}

/// The generated check, with `make` standing in for `make generate` (the real one runs in CI).
fn generated_check(make_script: Option<&str>) -> (i32, String, bool) {
    generated_check_after(make_script, |_| None)
}

/// The generated check after `prepare` changed the repository; `prepare` may also give the
/// temporary directory to use instead of one beside the repository.
fn generated_check_after(
    make_script: Option<&str>,
    prepare: impl FnOnce(&Path) -> Option<PathBuf>,
) -> (i32, String, bool) {
    generated_check_with_env(make_script, &[], prepare)
}

/// `generated_check_after` with `env` set for doctor.
fn generated_check_with_env(
    make_script: Option<&str>,
    env: &[(&str, &str)],
    prepare: impl FnOnce(&Path) -> Option<PathBuf>,
) -> (i32, String, bool) {
    let (repo, bin) = repo_with_good_toolchain();
    // The fake make needs rm and mkdir; without one, no real make may be found either.
    let path = match make_script {
        Some(script) => {
            fake_make(&bin, script);
            format!("{}:/usr/bin:/bin", bin.display())
        }
        None => bin.display().to_string(),
    };
    let scratch = prepare(repo.path()).unwrap_or_else(|| repo.home().join("tmp"));
    fs::create_dir_all(&scratch).unwrap();
    let before = repo.files();
    let output = repo
        .home()
        .cmd(["doctor", "--format", "json"])
        .arg(repo.path())
        .env("PATH", path)
        .env("TMPDIR", &scratch)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let check = check_named(&json_report(&output.stdout), "generated");
    assert_eq!(repo.files(), before, "doctor changed the repository");
    let scratch_empty = fs::read_dir(&scratch).unwrap().next().is_none();
    let line = format!(
        "{} {} | {}",
        check["status"].as_str().unwrap(),
        check["detail"].as_str().unwrap(),
        check["fix"].as_str().unwrap_or("-")
    );
    (output.status.code().unwrap(), line, scratch_empty)
}

#[test]
fn generated_files_are_current_when_make_generate_changes_nothing() {
    let (code, line, scratch_empty) = generated_check(Some("[ \"$1\" = generate ] || exit 9"));
    assert_eq!(code, 0, "{line}");
    assert!(line.starts_with("pass "), "{line}");
    assert!(scratch_empty, "the temporary copy was left behind");
}

#[test]
fn what_make_generate_changes_in_the_copy_is_stale_in_the_repository() {
    // A regenerated spec, a page it would remove and one it would create; `pwd` shows that
    // make runs in a copy whose folder keeps the packer-plugin- prefix.
    let script = "case \"$PWD\" in */packer-plugin-custom-cloud) ;; *) exit 9 ;; esac
echo '// regenerated' >> builder/custom-cloud/config.hcl2spec.go
rm .web-docs/README.md
mkdir -p .web-docs/components/builder/other && echo new > .web-docs/components/builder/other/README.md";
    let (code, line, scratch_empty) = generated_check(Some(script));
    assert_eq!(code, 1);
    assert_eq!(
        line,
        "fail `make generate` would change .web-docs/README.md (would be removed), \
         .web-docs/components/builder/other/README.md (would be created), \
         builder/custom-cloud/config.hcl2spec.go | make generate"
    );
    assert!(scratch_empty, "the temporary copy was left behind");
}

#[test]
fn a_failing_make_generate_is_quoted() {
    let script = "echo '2026/11/24 00:39:25 ParseFile: config.go:60:1: expected declaration' >&2
echo 'make: *** [GNUmakefile:28: generate] Error 1' >&2; exit 2";
    let (code, line, scratch_empty) = generated_check(Some(script));
    assert_eq!(code, 1);
    assert_eq!(
        line,
        "fail `make generate` fails in a copy of the repository: ParseFile: config.go:60:1: \
         expected declaration | run `make generate` and fix what it reports"
    );
    assert!(scratch_empty);
}

#[test]
fn without_make_the_generated_check_is_skipped() {
    let (_, line, scratch_empty) = generated_check(None);
    assert_eq!(line, "skip needs make on PATH to run `make generate` | -");
    assert!(scratch_empty);
}

#[test]
fn ctrl_c_during_make_generate_exits_130_and_removes_the_copy() {
    use std::os::unix::process::CommandExt;
    use std::time::{Duration, Instant};

    let (repo, bin) = repo_with_good_toolchain();
    // make marks that it started, in the copy, then waits to be interrupted.
    fake_make(&bin, "touch started; exec sleep 30");
    let scratch = repo.home().join("tmp");
    fs::create_dir(&scratch).unwrap();
    let before = repo.files();
    // A process group of its own, as a terminal gives a foreground job: Ctrl-C reaches
    // doctor and make alike.
    let child = scaffold_process(repo.home().path())
        .env_remove("CI")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("TMPDIR", &scratch)
        .arg("doctor")
        .arg(repo.path())
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = || {
        fs::read_dir(&scratch).unwrap().flatten().any(|copy| {
            copy.path()
                .join("packer-plugin-custom-cloud/started")
                .exists()
        })
    };
    let since = Instant::now();
    while !started() && since.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(started(), "make never started");
    std::process::Command::new("kill")
        .args(["-INT", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: interrupted"), "{stderr}");
    assert!(
        fs::read_dir(&scratch).unwrap().next().is_none(),
        "the temporary copy was left behind"
    );
    assert_eq!(repo.files(), before, "doctor changed the repository");
}

#[test]
fn a_directory_that_is_not_there_is_refused() {
    let home = Home::new();
    home.run(["doctor", "no/such/dir"])
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "error: invalid directory `no/such/dir`: it does not exist",
        ));
}

#[test]
fn a_dangling_symlink_and_a_read_only_file_do_not_stop_the_copy() {
    let (code, line, scratch_empty) = generated_check_after(
        Some("echo '// regenerated' >> builder/custom-cloud/config.hcl2spec.go"),
        |repo| {
            std::os::unix::fs::symlink("/nowhere/at/all", repo.join("dangling")).unwrap();
            use std::os::unix::fs::PermissionsExt;
            let spec = repo.join("builder/custom-cloud/config.hcl2spec.go");
            fs::set_permissions(&spec, fs::Permissions::from_mode(0o444)).unwrap();
            None
        },
    );
    assert_eq!(code, 1, "{line}");
    assert_eq!(
        line,
        "fail `make generate` would change builder/custom-cloud/config.hcl2spec.go | make generate"
    );
    assert!(scratch_empty);
}

#[test]
fn copies_that_would_not_build_the_same_are_not_made() {
    let skipped = |prepare: fn(&Path) -> Option<PathBuf>| {
        let (code, line, scratch_empty) = generated_check_after(Some("exit 9"), prepare);
        assert_eq!(code, 0, "{line}");
        assert!(scratch_empty);
        line
    };
    let line = skipped(|repo| {
        let go_mod = repo.join("go.mod");
        let text = fs::read_to_string(&go_mod).unwrap();
        fs::write(
            &go_mod,
            text + "\nreplace github.com/hashicorp/packer-plugin-sdk => ../packer-plugin-sdk\n",
        )
        .unwrap();
        None
    });
    assert!(
        line.starts_with("skip go.mod replaces a module with a relative path"),
        "{line}"
    );
    let line = skipped(|repo| {
        fs::write(repo.parent().unwrap().join("go.work"), "go 1.25\n").unwrap();
        None
    });
    assert!(line.contains("go.work applies to it"), "{line}");
    let (_, line, _) =
        generated_check_with_env(Some("exit 9"), &[("GOWORK", "/w/go.work")], |_| None);
    assert!(line.starts_with("skip GOWORK names a workspace"), "{line}");
    let line = skipped(|repo| Some(repo.join("tmp")));
    assert!(
        line.contains("is inside the repository; set TMPDIR elsewhere"),
        "{line}"
    );
}

#[test]
fn with_gowork_off_a_go_work_above_does_not_stop_the_check() {
    // make fails on purpose: the check ran instead of being skipped.
    let (code, line, scratch_empty) = generated_check_with_env(
        Some("echo 'no rule' >&2; exit 9"),
        &[("GOWORK", "off")],
        |repo| {
            fs::write(repo.parent().unwrap().join("go.work"), "go 1.25\n").unwrap();
            None
        },
    );
    assert_eq!(code, 1, "{line}");
    assert!(
        line.starts_with("fail ") && line.contains("no rule"),
        "{line}"
    );
    assert!(scratch_empty);
}

#[test]
fn a_path_through_dot_dot_or_a_symlink_is_checked_as_the_real_folder() {
    let (repo, bin) = repo_with_good_toolchain();
    let link = repo.home().join("link");
    std::os::unix::fs::symlink(repo.path(), &link).unwrap();
    for dir in [repo.join("builder/.."), link] {
        let (_, stdout) = doctor(repo.home(), &bin, &dir, &[]);
        assert!(
            stdout.contains(
                "pass  folder        `packer-plugin-custom-cloud` starts with packer-plugin-"
            ),
            "{}: {stdout}",
            dir.display()
        );
    }
}

#[test]
fn copies_left_by_killed_runs_are_removed_and_those_of_running_ones_kept() {
    let proc = Path::new("/proc/self").exists();
    if !require_that(proc, "/proc", "telling which processes run") {
        return;
    }
    let (repo, bin) = repo_with_good_toolchain();
    fake_make(&bin, "exit 0");
    let scratch = repo.home().join("tmp");
    // pid 4194305 is above Linux's largest; this test process is running.
    let killed = scratch.join("packer-scaffold-doctor-4194305-7/packer-plugin-x");
    let running = scratch.join(format!("packer-scaffold-doctor-{}-7", std::process::id()));
    fs::create_dir_all(&killed).unwrap();
    fs::create_dir_all(&running).unwrap();
    repo.home()
        .cmd(["doctor"])
        .arg(repo.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("TMPDIR", &scratch)
        .assert()
        .success();
    assert!(
        !killed.parent().unwrap().exists(),
        "the killed run's copy stayed"
    );
    assert!(running.exists(), "a running doctor's copy was removed");
}

/// In a git repository the copy takes what git tracks or would add: not the ignored files
/// (build output, Packer caches, images), and an ignored file `make generate` makes is no
/// change either.
#[test]
fn in_a_git_repository_the_copy_leaves_out_what_git_ignores() {
    let repo = new_repo();
    let home = repo.home();
    let bin = home.join("bin");
    toolchain(
        &bin,
        Some("go version go1.26.8 linux/amd64"),
        Some("Packer v1.16.0"),
        None,
    );
    fake_make(
        &bin,
        "[ -e output/disk.img ] && exit 7; [ -e notes.md ] || exit 8
mkdir -p output && echo built > output/new.img",
    );
    home.git(repo.path(), &["init", "-q"]);
    repo.write(".gitignore", "output/\n");
    home.git(repo.path(), &["add", "."]);
    repo.write("output/disk.img", "a large image");
    repo.write("notes.md", "untracked, not ignored");
    let output = home
        .cmd(["doctor", "--format", "json"])
        .arg(repo.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("TMPDIR", home.path())
        .output()
        .unwrap();
    let generated = check_named(&json_report(&output.stdout), "generated");
    assert_eq!(generated["status"], "pass", "{generated}");
}

#[test]
fn a_generate_target_without_its_recipe_fails() {
    let (code, line, _) =
        generated_check(Some("echo \"make: Nothing to be done for 'generate'.\""));
    assert_eq!(code, 1);
    assert!(
        line.starts_with(
            "fail `make generate` runs nothing: the Makefile's generate target has no recipe |"
        ),
        "{line}"
    );
}

/// The Makefile check asks make what `make dev` would run: a Makefile in the style of
/// HashiCorp's template (the binary from `NAME`, the source from go.mod through `$(shell)` and
/// sed) passes; one that installs under another source, or has no dev target, fails.
#[test]
fn the_makefile_is_judged_by_what_make_would_run() {
    if !crate::support::require("make", "evaluating the Makefile") {
        return;
    }
    let template_style = "NAME=custom-cloud\nBINARY=packer-plugin-${NAME}\n\
        PLUGIN_FQN=\"$(shell grep -E '^module' <go.mod | sed -E 's/module *//')\"\n\n\
        dev:\n\t@go build -ldflags=\"-X '${PLUGIN_FQN}/version.VersionPrerelease=dev'\" -o '${BINARY}'\n\
        \tpacker plugins install --path ${BINARY} \"$(shell echo \"${PLUGIN_FQN}\" | sed 's/packer-plugin-//')\"\n";
    let other_source = template_style.replace("sed 's/packer-plugin-//'", "sed 's/acme/other/'");
    let no_dev = template_style.replace("dev:", "build:");
    // The dev target in a file the Makefile includes: the check's copy holds it too.
    let included = "include mk/dev.mk\n".to_owned();
    for (makefile, status, detail) in [
        (
            included,
            "pass",
            "`make dev` builds packer-plugin-custom-cloud and installs it as github.com/acme/custom-cloud",
        ),
        (
            template_style.to_owned(),
            "pass",
            "`make dev` builds packer-plugin-custom-cloud and installs it as github.com/acme/custom-cloud",
        ),
        (
            other_source,
            "fail",
            "`make dev` never installs the plugin as github.com/acme/custom-cloud",
        ),
        (
            no_dev,
            "fail",
            "`make -n dev` fails: make: *** No rule to make target 'dev'.  Stop.",
        ),
    ] {
        let (repo, bin) = repo_with_good_toolchain();
        fake_make(&bin, "[ \"$1\" = generate ]");
        repo.write("GNUmakefile", &makefile);
        repo.write("mk/dev.mk", template_style);
        let path = format!("{}:/usr/bin:/bin", bin.display());
        let out = repo
            .home()
            .cmd(["doctor", "--format", "json"])
            .arg(repo.path())
            .env("PATH", path)
            .output()
            .unwrap();
        let report = json_report(&out.stdout);
        let check = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Makefile")
            .unwrap();
        assert_eq!(check["status"], status, "{makefile}\n{check}");
        assert_eq!(check["detail"], detail, "{makefile}\n{check}");
    }
}
