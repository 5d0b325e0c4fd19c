//! Faults and awkward destinations: runs interrupted or killed part way through writing, a
//! full disk, a parent that cannot be written, symlinks, spaces, `--force` and no terminal.
//! Each checks that the destination is absent or complete and that every file that was
//! there before keeps every byte. The figures printed here go into docs/reliability.md.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support::{
    ANSWERS, Home, Repo, Text, binary, entries, files, hermetic, require, require_that,
    scaffold_process,
};

/// Runs of `new` killed part way, unless `PACKER_SCAFFOLD_FAULT_RUNS` says how many: a few for
/// a quick local run; `.ci/run` sets 102, the count docs/reliability.md reports.
const DEFAULT_FAULT_RUNS: u64 = 12;

/// Names in `dir` that mark a temporary directory or file of an unfinished run.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".packer-scaffold-tmp-"))
        .collect()
}

/// The tree a normal run writes, to compare interrupted runs against.
fn reference_tree() -> BTreeMap<String, Vec<u8>> {
    Repo::new().name("x").build().files()
}

/// `new builder x` with the standard answers into `home`, as a plain process.
fn new_x(home: &Path) -> Process {
    let mut cmd = scaffold_process(home);
    cmd.args(["new", "builder", "x"])
        .args(ANSWERS)
        .arg("--dir")
        .arg(home)
        .stdin(Stdio::null());
    cmd
}

/// A small deterministic generator, so a failing run can be repeated from its seed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn runs_interrupted_or_killed_while_writing_leave_nothing_or_everything() {
    let runs: u64 = std::env::var("PACKER_SCAFFOLD_FAULT_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_FAULT_RUNS);
    let seed = 0x5eed_u64;
    let mut rng = XorShift(seed);
    let reference = reference_tree();
    let delay_ms = 3;
    // Kills land between the first file written and a little after the last one.
    let window = reference.len() as u64 * delay_ms * 6 / 5;
    let signals = ["INT", "TERM", "KILL"];
    let (mut absent, mut complete, mut killed_leftovers, mut mid_write) = (0, 0, 0, 0);
    for run in 0..runs {
        let home = Home::new();
        fs::write(home.join("keep.txt"), "the user's file\n").unwrap();
        let signal = signals[(run % 3) as usize];
        let mut child = new_x(home.path())
            .env("PACKER_SCAFFOLD_FAULT_DELAY_MS", delay_ms.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the writing to start (its temporary directory appears), then aim.
        let start = Instant::now();
        while leftovers(home.path()).is_empty()
            && child.try_wait().unwrap().is_none()
            && start.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(rng.below(window)));
        let _ = Process::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();

        let dest = home.join("packer-plugin-x");
        let written = files(&dest);
        if dest.exists() {
            assert_eq!(
                written, reference,
                "run {run} ({signal}): incomplete destination"
            );
            complete += 1;
        } else {
            absent += 1;
        }
        assert_eq!(
            fs::read(home.join("keep.txt")).unwrap(),
            b"the user's file\n"
        );
        let left = leftovers(home.path());
        if stderr.contains("error: interrupted; nothing was written") {
            // The signal arrived while files were being written: the writer undid them.
            assert_eq!(status.code(), Some(130));
            mid_write += 1;
        }
        if signal == "KILL" {
            killed_leftovers += left.len();
            if !dest.exists() {
                // The next run removes what the killed one left and completes.
                new_x(home.path()).output().unwrap();
                assert_eq!(
                    files(&dest),
                    reference,
                    "run {run}: the rerun is incomplete"
                );
                assert!(
                    leftovers(home.path()).is_empty(),
                    "run {run}: {left:?} remain"
                );
            }
        } else {
            assert!(
                left.is_empty(),
                "run {run} ({signal}, {status}): left {left:?}"
            );
        }
    }
    println!(
        "fault runs: {runs} (seed {seed:#x}; SIGINT, SIGTERM and SIGKILL in turn, aimed at the writing): destination absent {absent}, complete {complete}, never partial; SIGINT/SIGTERM arriving mid-write and undone {mid_write}; temporary directories left by SIGKILL {killed_leftovers}, all removed by the next run"
    );
    assert!(
        mid_write + killed_leftovers > 0,
        "no kill landed while files were being written"
    );
}

/// Runs `new` under a file-size limit with SIGXFSZ ignored, as a full disk behaves: a write
/// fails part way with an error instead of killing the process.
#[test]
fn a_full_disk_fails_cleanly_and_leaves_no_trace() {
    let home = Home::new();
    fs::write(home.join("keep.txt"), "mine\n").unwrap();
    let output = hermetic("sh", home.path())
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"")
        .arg(binary())
        .args(["new", "builder", "x"])
        .args(ANSWERS)
        .arg("--dir")
        .arg(home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: could not write"), "{stderr}");
    assert_eq!(files(home.path()).len(), 1, "only keep.txt remains");
    assert_eq!(fs::read(home.join("keep.txt")).unwrap(), b"mine\n");
}

#[test]
fn a_full_disk_during_add_changes_nothing() {
    let repo = Repo::new().name("x").build();
    let before = repo.files();
    let output = hermetic("sh", repo.home().path())
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"")
        .arg(binary())
        .args(["add", "datasource", "images"])
        .current_dir(repo.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(repo.files(), before);
}

/// Every command that prints data, with the arguments to run it in `home` (where
/// `packer-plugin-x` is a generated repository): text and JSON.
fn data_commands(home: &Path) -> Vec<Vec<String>> {
    let repo = home.join("packer-plugin-x").display().to_string();
    let home = home.display().to_string();
    let new: Vec<&str> = ["new", "builder", "y", "--dry-run"]
        .into_iter()
        .chain(ANSWERS)
        .chain(["--dir", home.as_str()])
        .collect();
    let commands: Vec<Vec<&str>> = vec![
        vec!["config", "path"],
        vec!["list", "--dir", &repo],
        vec!["list", "--dir", &repo, "--format", "json"],
        vec!["doctor", &repo],
        vec!["doctor", &repo, "--format", "json"],
        new.clone(),
        [&new[..], &["--format", "json"]].concat(),
        vec!["add", "datasource", "images", "--dry-run", "--dir", &repo],
        vec![
            "add",
            "datasource",
            "images",
            "--dry-run",
            "--dir",
            &repo,
            "--format",
            "json",
        ],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    commands
        .into_iter()
        .map(|c| c.into_iter().map(String::from).collect())
        .collect()
}

/// Runs `args` in `home` with `stdout` as standard output: (exit status, stderr). No tool is
/// on PATH, so `doctor` fails its checks at once instead of building anything.
fn run_with_stdout(home: &Path, args: &[String], stdout: Stdio) -> (i32, String) {
    let output = scaffold_process(home)
        .env("PATH", home.join("no-tools"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap(), stderr)
}

#[test]
fn a_standard_output_that_cannot_be_written_is_an_error_and_a_closed_pipe_is_not() {
    let repo = Repo::new().name("x").build();
    let home = repo.home();
    let before = files(home.path());
    let full = Path::new("/dev/full");
    let full_exists = require_that(full.exists(), "/dev/full", "a standard output that is full");
    for args in data_commands(home.path()) {
        // What the command does with stdout in a pipe that is read: the status to keep.
        let (expected, _) = run_with_stdout(home.path(), &args, Stdio::piped());
        if full_exists {
            let dev_full = fs::OpenOptions::new().write(true).open(full).unwrap();
            let (code, stderr) = run_with_stdout(home.path(), &args, dev_full.into());
            assert_eq!(code, 1, "{args:?}: {stderr}");
            assert!(
                stderr
                    .contains("error: could not write to standard output: No space left on device"),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        }
        // A reader that went away before anything was written, as `| true` does.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, stderr) = run_with_stdout(home.path(), &args, writer.into());
        assert_eq!(code, expected, "{args:?}: {stderr}");
        assert!(
            !stderr.contains("standard output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
    assert!(files(home.path()) == before, "a data command wrote to disk");
}

/// A tmpfs mounted for one test, unmounted when dropped, even when an assertion failed.
struct Mount<'a>(&'a Path);

impl Mount<'_> {
    /// A tmpfs of `size` at `dir`, when this machine lets the tests mount one.
    fn tmpfs<'a>(dir: &'a Path, size: &str) -> Option<Mount<'a>> {
        let mounted = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Mount(dir))
    }
}

impl Drop for Mount<'_> {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(self.0).status();
    }
}

/// A tmpfs of 64 KiB: a filesystem really full, not a file-size limit (root with
/// CAP_SYS_ADMIN, as in CI, may mount one).
#[test]
fn a_full_small_filesystem_fails_cleanly() {
    let home = Home::new();
    let mount_point = home.join("small");
    fs::create_dir(&mount_point).unwrap();
    let mount = Mount::tmpfs(&mount_point, "64k");
    if !require_that(mount.is_some(), "tmpfs", "filling a real filesystem") {
        return;
    }
    fs::write(mount_point.join("keep.txt"), "mine\n").unwrap();
    let result = home
        .new_cmd_in(&mount_point, ["builder", "x", "--all-kinds"])
        .output()
        .unwrap();
    let after = files(&mount_point);
    drop(mount);
    assert_eq!(result.status.code(), Some(1), "{result:?}");
    assert!(String::from_utf8_lossy(&result.stderr).contains("No space left"));
    assert_eq!(after.keys().collect::<Vec<_>>(), ["keep.txt"]);
}

#[test]
fn a_parent_that_cannot_be_written_is_an_error_and_nothing_is_created() {
    let home = Home::new();
    let parent = home.join("locked");
    fs::create_dir(&parent).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    fs::set_permissions(home.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // Root ignores permissions: run as `nobody` then, as an ordinary user would be.
    let root = Process::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut command = if root {
        let mut c = hermetic("setpriv", home.path());
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary());
        c
    } else {
        scaffold_process(home.path())
    };
    let output = command
        .args(["new", "builder", "x"])
        .args(ANSWERS)
        .arg("--dir")
        .arg(&parent)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(fs::read_dir(&parent).unwrap().next().is_none());
}

#[test]
fn a_symlink_to_an_empty_directory_is_written_through() {
    let home = Home::new();
    let target = home.join("real");
    fs::create_dir(&target).unwrap();
    let parent = home.join("links");
    fs::create_dir(&parent).unwrap();
    std::os::unix::fs::symlink(&target, parent.join("packer-plugin-x")).unwrap();
    home.new_cmd_in(&parent, ["builder", "x"])
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(parent.join("packer-plugin-x"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(target.join("main.go").is_file());
}

#[test]
fn a_dangling_symlink_is_refused_and_kept() {
    let home = Home::new();
    let link = home.join("packer-plugin-x");
    std::os::unix::fs::symlink(home.join("nowhere"), &link).unwrap();
    home.new_cmd(["builder", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!home.join("nowhere").exists());
}

#[test]
fn paths_with_spaces_and_non_ascii_work() {
    let home = Home::new();
    let parent = home.join("my plugins/ünïcode");
    home.new_cmd_in(&parent, ["builder", "x"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cd '"));
    assert!(parent.join("packer-plugin-x/main.go").is_file());
}

#[test]
fn the_suggested_cd_line_reaches_the_repository_in_sh() {
    let home = Home::new();
    let parent = home.join("it's $HOME `x`");
    let stderr = home
        .new_cmd_in(&parent, ["builder", "x"])
        .assert()
        .success()
        .stderr_text();
    let cd = stderr
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("cd "))
        .expect("a cd line");
    let pwd = hermetic("sh", home.path())
        .arg("-c")
        .arg(format!("{cd} && pwd -P"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&pwd.stdout).trim_end(),
        parent
            .join("packer-plugin-x")
            .canonicalize()
            .unwrap()
            .to_string_lossy()
    );
}

#[test]
fn force_fills_an_existing_directory_and_keeps_every_file_that_was_there() {
    let home = Home::new();
    let dest = home.join("packer-plugin-x");
    fs::create_dir(&dest).unwrap();
    fs::write(dest.join("README.md"), "my own readme\n").unwrap();
    fs::write(dest.join("notes.txt"), "notes\n").unwrap();
    // The dry run says what the run will do, and writes nothing.
    let before = files(home.path());
    let preview = home
        .new_cmd(["builder", "x", "--force", "--dry-run"])
        .assert()
        .success();
    let stdout = preview.stdout_text();
    assert!(stdout.contains("  README.md  ("), "{stdout}");
    assert!(
        stdout.contains(", already there and different: kept)\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with(" to create, 0 already there and the same, 1 kept\n"));
    assert!(preview.stderr_text().starts_with(
        "warning: 1 file(s) already there differ from the templates; they would be kept as they are:\n  README.md\n"
    ));
    assert_eq!(files(home.path()), before);
    home.new_cmd(["builder", "x", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "warning: 1 file(s) already there differ from the templates; they are kept as they are:\n  README.md\n",
        ));
    assert_eq!(
        fs::read(dest.join("README.md")).unwrap(),
        b"my own readme\n"
    );
    assert_eq!(fs::read(dest.join("notes.txt")).unwrap(), b"notes\n");
    assert!(dest.join("main.go").is_file());
    let manifest = fs::read_to_string(dest.join(".packer-scaffold.toml")).unwrap();
    assert!(
        !manifest.contains("\"README.md\""),
        "a kept file is not recorded as generated"
    );
    assert!(leftovers(&dest).is_empty());
}

#[test]
fn force_refuses_a_file_where_a_directory_is_needed_before_writing_anything() {
    let home = Home::new();
    let dest = home.join("packer-plugin-fo");
    fs::create_dir_all(dest.join("builder")).unwrap();
    fs::write(dest.join("builder/fo"), "mine\n").unwrap();
    fs::write(dest.join("notes.txt"), "notes\n").unwrap();
    let before = entries(home.path());
    for extra in [&[][..], &["--dry-run"], &["--dry-run", "--format", "json"]] {
        home.new_cmd(["builder", "fo", "--force"])
            .args(extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "files are where directories are needed; nothing was written:\n  \
                 `builder/fo` is a file, but `builder/fo/artifact.go` needs it to be a directory\n",
            ))
            .stderr(predicate::str::contains(format!(
                "help: move or rename it (e.g. `mv {0}/builder/fo {0}/builder/fo.orig`)",
                dest.display()
            )));
        assert_eq!(entries(home.path()), before, "{extra:?}");
    }
}

#[test]
fn force_refuses_a_packer_scaffold_repository_in_a_dry_run_too() {
    let home = Home::new();
    let dest = home.join("packer-plugin-x");
    fs::create_dir(&dest).unwrap();
    fs::write(dest.join(".packer-scaffold.toml"), "# an earlier run's\n").unwrap();
    for dry_run in [&["--dry-run"][..], &[]] {
        home.new_cmd(["builder", "x", "--force"])
            .args(dry_run)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "it is already a packer-scaffold repository (it has .packer-scaffold.toml)",
            ))
            .stderr(predicate::str::contains(
                "help: grow it with `packer-scaffold add",
            ));
    }
    assert_eq!(
        fs::read_dir(&dest).unwrap().count(),
        1,
        "nothing was written next to the manifest"
    );
    // Without --force, the help leads to `add`, not to a --force that would be refused.
    home.new_cmd(["builder", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "help: grow it with `packer-scaffold add <KIND> <NAME> --dir {}`",
            dest.display()
        )))
        .stderr(predicate::str::contains("--force").not());
    // A dangling link in the manifest's place is in the way all the same.
    fs::remove_file(dest.join(".packer-scaffold.toml")).unwrap();
    std::os::unix::fs::symlink("/nowhere", dest.join(".packer-scaffold.toml")).unwrap();
    home.new_cmd(["builder", "x", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "it is already a packer-scaffold repository",
        ));
}

#[test]
fn without_a_terminal_nothing_is_asked_and_nothing_hangs() {
    // Piped stdin (answers typed into a pipe are not read as prompts' answers).
    let home = Home::new();
    home.cmd(["new", "builder", "x", "--vcs", "none", "--dir"])
        .arg(home.path())
        .env_remove("CI")
        .write_stdin("acme\nAcme Corp\n")
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no terminal to ask for them",
        ));
    assert!(!home.join("packer-plugin-x").exists());

    // Closed stdin, no CI variable.
    let mut child = scaffold_process(home.path())
        .args(["new", "builder", "x", "--vcs", "none", "--dir"])
        .arg(home.path())
        .env_remove("CI")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "hung with stdin closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    assert!(!home.join("packer-plugin-x").exists());
}

/// Waits until `screen` shows `text`, for at most 20 seconds; whether it did.
fn shows(screen: &Mutex<Vec<u8>>, text: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if String::from_utf8_lossy(&screen.lock().unwrap()).contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// A real terminal through `script` (util-linux): Ctrl-C typed at the first prompt.
#[test]
fn ctrl_c_in_a_prompt_exits_130_and_writes_nothing() {
    if !require("script", "typing at a prompt on a real terminal") {
        return;
    }
    let home = Home::new();
    let command = format!(
        "'{}' new builder x --vcs none --no-tidy --dir '{}'; echo EXIT=$?",
        binary().display(),
        home.path().display()
    );
    let mut script = hermetic("script", home.path())
        .args(["-qec", &command, "/dev/null"])
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let screen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let (screen, mut stdout) = (screen.clone(), script.stdout.take().unwrap());
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    // Typed once the prompt is on the screen and waiting for a key (a moment later).
    let prompt = "GitHub owner (user or organization): ";
    let prompted = shows(&screen, prompt);
    std::thread::sleep(Duration::from_millis(200));
    let mut keyboard = script.stdin.take().unwrap();
    keyboard.write_all(b"ac\x03").unwrap();
    keyboard.flush().unwrap();
    // The keyboard stays connected until the command is over.
    let ended = shows(&screen, "EXIT=");
    drop(keyboard);
    if !ended {
        let _ = script.kill();
    }
    script.wait().unwrap();
    reader.join().unwrap();
    let screen = String::from_utf8_lossy(&screen.lock().unwrap()).replace('\r', "");
    assert!(prompted && ended, "{screen}");
    assert!(
        screen.contains("GitHub owner (user or organization): ac\n"),
        "{screen}"
    );
    // Raw-mode prompts read Ctrl-C as a key; a terminal in cooked mode turns it into SIGINT.
    // Either way: status 130 and the reason on the screen.
    assert!(screen.contains("interrupted"), "{screen}");
    assert!(screen.contains("EXIT=130"), "{screen}");
    assert!(!home.join("packer-plugin-x").exists());
}
