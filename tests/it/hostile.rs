//! Hostile repositories and input: files at names the tool reads that are no files (a FIFO,
//! `/dev/zero`, a link outside), each refused with exit 2 and a help line, never a hang.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_fs::TempDir;

use crate::support::{Repo, scaffold};

fn mkfifo(path: &Path) {
    assert!(
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap()
            .success()
    );
}

#[cfg(unix)]
#[test]
fn a_manifest_that_is_no_file_or_leads_outside_is_refused_never_read() {
    let fixture = Repo::new().name("x").build();
    let (home, repo) = (fixture.home(), fixture.path().to_path_buf());
    let manifest = repo.join(".packer-scaffold.toml");
    let outside = home.path().join("elsewhere.toml");
    fs::rename(&manifest, &outside).unwrap();
    for (planted, says) in [
        ("/dev/zero", "is not a regular file"),
        ("fifo", "is not a regular file"),
        ("outside", "is a link to a file outside the repository"),
    ] {
        let _ = fs::remove_file(&manifest);
        match planted {
            "fifo" => mkfifo(&manifest),
            "outside" => std::os::unix::fs::symlink(&outside, &manifest).unwrap(),
            target => std::os::unix::fs::symlink(target, &manifest).unwrap(),
        }
        for command in [&["list"][..], &["add", "builder", "two", "--no-tidy"]] {
            let out = scaffold(home.path())
                .args(command)
                .current_dir(&repo)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{planted} {command:?}: {stderr}"
            );
            assert!(stderr.contains(says), "{planted} {command:?}: {stderr}");
            assert!(stderr.contains("\nhelp: "), "{stderr}");
        }
    }
    assert!(!repo.join("builder/two").exists());
}

#[cfg(unix)]
/// A manifest whose `[files]` name paths outside the repository (with the hash of what is
/// there, as an upgrade deletes an untouched file the templates no longer write) is refused
/// before anything is read or written there.
#[test]
fn a_manifest_naming_files_outside_the_repository_is_refused() {
    let fixture = Repo::new().name("x").build();
    let (home, repo) = (fixture.home(), fixture.path().to_path_buf());
    let victim = home.path().join("victim.txt");
    fs::write(&victim, "keep me\n").unwrap();
    let hash = "sha256:2b8425c4d20e743705f4787b4dda39344b4242bc8636228a00b7d65378aa7694";
    let manifest = fs::read_to_string(repo.join(".packer-scaffold.toml")).unwrap();
    for path in [
        "../victim.txt",
        "/etc/hostname",
        "a/./b",
        "a\\b",
        ".git/HEAD",
    ] {
        let hostile =
            manifest.replacen("[files]\n", &format!("[files]\n{path:?} = \"{hash}\"\n"), 1);
        fs::write(repo.join(".packer-scaffold.toml"), &hostile).unwrap();
        for command in [&["upgrade", "--allow-dirty"][..], &["list"]] {
            let out = scaffold(home.path())
                .args(command)
                .current_dir(&repo)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{path} {command:?}: {stderr}");
            assert!(
                stderr.contains("is not a plain relative path inside the repository"),
                "{path}: {stderr}"
            );
        }
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me\n");
}

#[test]
fn a_config_file_that_is_no_file_is_refused_never_read() {
    let home = TempDir::new().unwrap();
    let fifo = home.path().join("config.toml");
    mkfifo(&fifo);
    for config in [Path::new("/dev/zero"), fifo.as_path()] {
        let out = scaffold(home.path())
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
            .arg("--config")
            .arg(config)
            .arg("--dir")
            .arg(home.path())
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config:?}: {stderr}");
        assert!(stderr.contains("is not a regular file"), "{stderr}");
    }
    assert!(!home.path().join("packer-plugin-x").exists());
}

#[cfg(unix)]
#[test]
fn an_empty_folder_is_filled_where_it_is_keeping_its_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let home = TempDir::new().unwrap();
    let dest = home.path().join("packer-plugin-x");
    fs::create_dir(&dest).unwrap();
    fs::set_permissions(&dest, fs::Permissions::from_mode(0o700)).unwrap();
    let inode = fs::metadata(&dest).unwrap().ino();
    scaffold(home.path())
        .args(["new", "builder", "x", "--org", "acme", "--author", "A"])
        .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
        .arg(&dest)
        .assert()
        .success();
    let meta = fs::metadata(&dest).unwrap();
    assert_eq!((meta.ino(), meta.mode() & 0o777), (inode, 0o700));
    assert!(dest.join(".packer-scaffold.toml").is_file());
    for leftover in [".packer-scaffold.lock", ".packer-scaffold.journal"] {
        assert!(!dest.join(leftover).exists(), "{leftover} is left");
    }
}

#[test]
fn of_two_news_racing_for_one_folder_the_loser_says_another_run_made_it() {
    let home = TempDir::new().unwrap();
    let mut seen_meanwhile = false;
    for race in 0..10 {
        let dir = home.path().join(format!("race-{race}"));
        let start = || {
            crate::support::scaffold_process(home.path())
                .args(["new", "builder", "x", "--org", "acme", "--author", "A"])
                .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
                .arg(&dir)
                .env("PACKER_SCAFFOLD_FAULT_DELAY_MS", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let runs = [start(), start()].map(|child| child.wait_with_output().unwrap());
        let won = runs.iter().filter(|r| r.status.success()).count();
        assert_eq!(won, 1, "race {race}: {runs:?}");
        let lost = runs.iter().find(|r| !r.status.success()).unwrap();
        let said = String::from_utf8_lossy(&lost.stderr);
        if said.contains("another run created") {
            assert_eq!(lost.status.code(), Some(1), "{said}");
            seen_meanwhile = true;
        } else {
            assert!(said.contains("already exists"), "race {race}: {said}");
        }
        let entries: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(
            entries.len(),
            1,
            "race {race}: only the winner's folder: {entries:?}"
        );
    }
    assert!(seen_meanwhile, "no race was close enough to meet");
}

#[test]
fn values_that_print_as_nothing_are_refused_and_no_message_echoes_a_control_character() {
    let home = TempDir::new().unwrap();
    for (author, says) in [
        ("\u{FEFF}Acme", "U+FEFF"),
        ("Acme\u{202E}gnp.exe", "U+202E"),
        ("\u{200B}", "it is empty"),
        ("\u{301}\u{20DD}", "it is empty"),
        ("Acme\u{2028}Corp", "line break"),
        ("\x1b[31mred", "control character"),
    ] {
        let out = scaffold(home.path())
            .args([
                "new",
                "builder",
                "x",
                "--org",
                "acme",
                "--no-input",
                "--author",
                author,
            ])
            .arg("--dir")
            .arg(home.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(
            !stderr
                .chars()
                .any(|c| (c.is_control() && c != '\n')
                    || "\u{FEFF}\u{202E}\u{200B}\u{2028}".contains(c)),
            "a raw character is echoed: {stderr:?}"
        );
    }
    // A tampered manifest's values and a path are shown escaped too.
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    let manifest = repo.join(".packer-scaffold.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replace("hcl_type = \"x\"", "hcl_type = \"x\\u001b]0;pwned\\u0007\""),
    )
    .unwrap();
    let out = scaffold(home.path())
        .arg("list")
        .current_dir(repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("x\\u{1b}]0;pwned\\u{7}"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    let dir = home.path().join("odd\x1b[2Jname");
    let out = scaffold(home.path())
        .args(["new", "builder", "y", "--org", "acme", "--author", "A"])
        .args(["--no-input", "--vcs", "none", "--no-tidy", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("odd\\u{1b}[2Jname"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

/// doctor runs the repository's own `make generate`, in a copy: a recipe that writes to
/// `$(PWD)` or `$(CURDIR)` writes to the copy, never to the repository; `$(OLDPWD)`, the
/// caller's previous directory (here the repository), is not passed on.
#[test]
fn doctor_runs_make_generate_where_pwd_and_curdir_name_the_copy() {
    let why = "doctor's make generate";
    if !(crate::support::require("go", why) && crate::support::require("make", why)) {
        return;
    }
    let fixture = Repo::new().name("x").build();
    let (home, repo) = (fixture.home(), fixture.path().to_path_buf());
    let makefile = repo.join("GNUmakefile");
    let text = fs::read_to_string(&makefile).unwrap();
    let at = text.find("\ngenerate:").expect("a generate target");
    let hostile = format!(
        "{}\ngenerate:\n\ttouch $(PWD)/PWNED-PWD $(CURDIR)/PWNED-CURDIR\n\trm -f $(PWD)/CHANGELOG.md\n\
         \ttest -z \"$(OLDPWD)\" || touch \"$(OLDPWD)/PWNED-OLDPWD\"\n\nunused:{}",
        &text[..at],
        &text[at + "\ngenerate:".len()..]
    );
    fs::write(&makefile, hostile).unwrap();
    let before = crate::support::entries(&repo);
    let out = scaffold(home.path())
        .arg("doctor")
        .current_dir(&repo)
        .env("OLDPWD", &repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("PWNED-PWD (would be created)"), "{stdout}");
    assert!(!stdout.contains("PWNED-OLDPWD"), "{stdout}");
    assert_eq!(
        crate::support::entries(&repo),
        before,
        "doctor changed the repository"
    );
}

/// Every entry under `root` (folders and FIFOs as `None`), reading only regular files.
#[cfg(unix)]
fn entries_without_reading_fifos(
    root: &Path,
) -> std::collections::BTreeMap<String, Option<Vec<u8>>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = fs::symlink_metadata(&path).unwrap();
            out.insert(rel, meta.is_file().then(|| fs::read(&path).unwrap()));
            if meta.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}

/// Files of the repository other than the manifest, that a command reads or edits, each a FIFO
/// or a link to `/dev/zero` in turn: every command that reads it exits 2 at once naming it,
/// and nothing is written.
#[cfg(unix)]
#[test]
fn repository_files_that_are_no_files_are_refused_never_read() {
    let fixture = Repo::new().name("x").build();
    let repo = fixture.path();
    let add = &["add", "datasource", "two", "--no-tidy"][..];
    let cases: [(&str, &str, &[&[&str]]); 7] = [
        (
            "main.go",
            "fifo",
            &[&["list"], add, &["doctor"], &["upgrade", "--check"]],
        ),
        ("main.go", "/dev/zero", &[&["list"], add, &["doctor"]]),
        ("go.mod", "/dev/zero", &[add, &["doctor"]]),
        ("go.mod", "fifo", &[add, &["doctor"]]),
        ("README.md", "fifo", &[add]),
        ("docs/README.md", "fifo", &[add]),
        (".web-docs/metadata.hcl", "/dev/zero", &[add, &["doctor"]]),
    ];
    for (file, planted, commands) in cases {
        let path = repo.join(file);
        let kept = fs::read(&path).unwrap();
        fs::remove_file(&path).unwrap();
        match planted {
            "fifo" => mkfifo(&path),
            target => std::os::unix::fs::symlink(target, &path).unwrap(),
        }
        let before = entries_without_reading_fifos(repo);
        for command in commands {
            let out = fixture
                .cmd(*command)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let said = format!("{file} ({planted}) {command:?}: {stderr}");
            assert_eq!(out.status.code(), Some(2), "{said}");
            assert!(
                stderr.contains(&format!("{file}`: it is not a regular file")),
                "{said}"
            );
            assert!(stderr.contains("\nhelp: make "), "{said}");
            assert_eq!(entries_without_reading_fifos(repo), before, "{said}");
        }
        fs::remove_file(&path).unwrap();
        fs::write(&path, kept).unwrap();
    }
}

/// `doctor` refuses a manifest that is no file as `list` and `add` do, rather than calling
/// the repository one without a manifest.
#[cfg(unix)]
#[test]
fn doctor_refuses_a_manifest_that_is_no_file() {
    let fixture = Repo::new().name("x").build();
    let manifest = fixture.join(".packer-scaffold.toml");
    fs::remove_file(&manifest).unwrap();
    mkfifo(&manifest);
    let out = fixture
        .cmd(["doctor"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a regular file"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("no .packer-scaffold.toml"));
}
