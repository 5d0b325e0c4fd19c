//! `add`, `remove` and `rename` killed at every step of their change, and two `add`s at once: the repository always
//! ends as it was before or as the change made it, never in between, and no update is lost.

use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::support::{Repo, entries, scaffold, scaffold_process};

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const ADD: [&str; 4] = ["add", "builder", "second", "--no-tidy"];

#[test]
fn add_killed_at_every_step_leaves_the_tree_before_or_after_and_the_next_command_says_which() {
    killed_at_every_step(&ADD, |_| {});
}

/// `remove` deletes files too: killed at every step, the same holds.
#[test]
fn remove_killed_at_every_step_leaves_the_tree_before_or_after() {
    killed_at_every_step(&["remove", "builder", "second"], |repo| {
        scaffold(repo.parent().unwrap())
            .args(ADD)
            .current_dir(repo)
            .assert()
            .success();
    });
}

/// `rename` creates, edits and deletes in one change: killed at every step, the same holds.
#[test]
fn rename_killed_at_every_step_leaves_the_tree_before_or_after() {
    killed_at_every_step(&["rename", "builder", "second", "vm"], |repo| {
        scaffold(repo.parent().unwrap())
            .args(ADD)
            .current_dir(repo)
            .assert()
            .success();
    });
}

/// `upgrade` of a repository the 0.1.0 templates wrote creates and edits in one change: killed
/// at every step, the same holds.
#[test]
fn upgrade_killed_at_every_step_leaves_the_tree_before_or_after() {
    let args = ["upgrade", "--allow-dirty", "--no-generate", "--no-tidy"];
    killed_at_every_step(&args, |repo| {
        // The repository is <home>/packer-plugin-x: made again there, by the 0.1.0 templates.
        let parent = repo.parent().unwrap();
        fs::remove_dir_all(repo).unwrap();
        scaffold(parent)
            .args([
                "new",
                "builder",
                "x",
                "--template-release",
                "0.1.0",
                "--dir",
            ])
            .arg(parent)
            .args(crate::support::ANSWERS)
            .assert()
            .success();
    });
}

/// Runs `args` in copies of a repository (`prepare`d first) killed at each step in turn, and
/// checks that the next command finds it as before or after, and says which.
fn killed_at_every_step(args: &[&str], prepare: impl Fn(&Path)) {
    let fixture = Repo::new().name("x").build();
    let (home, original) = (fixture.home(), fixture.path().to_path_buf());
    prepare(&original);
    let before = entries(&original);
    let done = home.path().join("done/packer-plugin-x");
    copy_tree(&original, &done);
    scaffold(home.path())
        .args(args)
        .current_dir(&done)
        .assert()
        .success();
    let after = entries(&done);
    let (mut completed, mut undone) = (0, 0);
    let every = crash_every();
    for step in (1..).filter(|s| s % every == 1 % every) {
        let repo = home.path().join(format!("step-{step}/packer-plugin-x"));
        copy_tree(&original, &repo);
        let run = scaffold(home.path())
            .args(args)
            .env("PACKER_SCAFFOLD_FAULT_ABORT_AT", step.to_string())
            .current_dir(&repo)
            .output()
            .unwrap();
        if run.status.success() {
            // Past the last step: the run was not killed.
            assert_eq!(entries(&repo), after);
            assert!(
                step > 20,
                "only {step} steps: the fault points are not reached"
            );
            break;
        }
        assert_eq!(run.status.code(), None, "step {step}: {run:?}");
        let journal_left = repo.join(".packer-scaffold.journal").exists();
        let list = scaffold(home.path())
            .arg("list")
            .current_dir(&repo)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&list.stderr);
        assert!(list.status.success(), "step {step}: {said}");
        let now = entries(&repo);
        if now == after {
            assert!(said.contains("completed it"), "step {step}: {said}");
            completed += 1;
        } else {
            assert!(
                now == before,
                "step {step}: neither before nor after\n{said}"
            );
            // A journal the kill left is undone, and the note says so.
            if journal_left {
                assert!(said.contains("undid it"), "step {step}: {said}");
            }
            undone += 1;
        }
        fs::remove_dir_all(repo.parent().unwrap()).unwrap();
    }
    println!(
        "{} killed at each of {} steps: completed {completed}, undone {undone}, never between",
        args[0],
        completed + undone
    );
    assert!(completed > 0 && undone > 0);
}

/// Which steps to crash at: every one with `PACKER_SCAFFOLD_CRASH_EVERY=1` (as in CI), every
/// fifth by default.
fn crash_every() -> usize {
    std::env::var("PACKER_SCAFFOLD_CRASH_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(5)
}

/// How many races to run: a few by default, `PACKER_SCAFFOLD_RACE_RUNS` (50 in CI) for more.
fn race_runs() -> usize {
    std::env::var("PACKER_SCAFFOLD_RACE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// (The Go toolchain's word on such a repository: `.ci/plugin-checks` grows its `grown` shape
/// with three `add`s started at once, then builds, vets, tests and runs it.)
#[test]
fn two_adds_at_once_both_land() {
    let runs = race_runs();
    let fixture = Repo::new().name("x").build();
    let (home, original) = (fixture.home(), fixture.path().to_path_buf());
    for race in 0..runs {
        let repo = home.path().join(format!("race-{race}/packer-plugin-x"));
        copy_tree(&original, &repo);
        let start = |args: &[&str]| {
            scaffold_process(home.path())
                .args(args)
                .args(["--no-tidy", "-q"])
                .current_dir(&repo)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let first = start(&["add", "builder", "b2"]);
        let second = start(&["add", "datasource", "d2"]);
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "race {race}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let list = scaffold(home.path())
            .arg("list")
            .current_dir(&repo)
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&list.stdout);
        assert!(
            list.status.success(),
            "race {race}: {}",
            String::from_utf8_lossy(&list.stderr)
        );
        assert!(
            listed.contains(" b2 ") && listed.contains(" d2 "),
            "race {race}: {listed}"
        );
        assert!(repo.join("builder/b2").is_dir() && repo.join("datasource/d2").is_dir());
        for leftover in [".packer-scaffold.lock", ".packer-scaffold.journal"] {
            assert!(
                !repo.join(leftover).exists(),
                "race {race}: {leftover} is left"
            );
        }
    }
    // The last race's repository, as the two adds left it, builds.
    if crate::support::require("go", "building a repository two adds raced in") {
        let repo = home
            .path()
            .join(format!("race-{}/packer-plugin-x", runs - 1));
        crate::support::go(&repo, &["build", "./..."], &crate::support::go_env());
    }
    println!("{runs} races of two adds: both landed every time");
}

/// `add` in `repo`, slowed by the fault variable `slowed`, sent SIGINT once `mark` appears in
/// its journal folder; what it printed and how it ended.
fn add_interrupted_once(
    home: &Path,
    repo: &Path,
    slowed: (&str, &str),
    mark: &str,
) -> std::process::Output {
    let child = scaffold_process(home)
        .args(ADD)
        .env(slowed.0, slowed.1)
        .current_dir(repo)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mark = repo.join(".packer-scaffold.journal").join(mark);
    let start = std::time::Instant::now();
    while !mark.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(mark.exists(), "{} never appeared", mark.display());
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn add_interrupted_while_staging_changes_nothing_and_exits_130() {
    let fixture = Repo::new().name("x").build();
    let (home, repo) = (fixture.home(), fixture.path().to_path_buf());
    let before = entries(&repo);
    let slowed = ("PACKER_SCAFFOLD_FAULT_DELAY_MS", "200");
    let out = add_interrupted_once(home.path(), &repo, slowed, "new");
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with("\nerror: interrupted; nothing was written\n"),
        "{stderr}"
    );
    assert_eq!(entries(&repo), before);
}

/// A signal while the decided change is being moved into place: the moves finish (a decided
/// change is never left half done), the command exits 130 saying the change is complete, and
/// the tree is the one an uninterrupted `add` leaves.
#[test]
fn add_interrupted_while_moving_completes_the_change_and_exits_130() {
    let fixture = Repo::new().name("x").build();
    let (home, repo) = (fixture.home(), fixture.path().to_path_buf());
    let done = home.path().join("done/packer-plugin-x");
    copy_tree(&repo, &done);
    scaffold(home.path())
        .args(ADD)
        .current_dir(&done)
        .assert()
        .success();
    // The record in place: the change is decided and its files are being moved.
    let slowed = ("PACKER_SCAFFOLD_FAULT_MOVE_DELAY_MS", "50");
    let out = add_interrupted_once(home.path(), &repo, slowed, "record.toml");
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "error: interrupted; {} is complete",
            repo.display()
        )),
        "{stderr}"
    );
    assert_eq!(entries(&repo), entries(&done));
}
