//! What runs after the files are written: `go mod tidy` and `git init` with a first commit.
//! Each is optional and a failure is a warning, never an error: the repository is complete.

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

/// The outcome of one post-write step, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// A status line: `verb` (`Finished`), then `what`.
    Done {
        verb: &'static str,
        what: String,
    },
    Skipped(String),
    Warning(String),
}

/// Runs `go mod tidy` in `repo`, saying so once go has started: it can take a while the first
/// time, when it downloads the SDK's modules.
pub fn go_mod_tidy(repo: &Path) -> StepOutcome {
    let started = || crate::status::verb("Running", "`go mod tidy`");
    match run_saying(repo, "go", &["mod", "tidy"], started) {
        Ok(()) => StepOutcome::Done {
            verb: "Finished",
            what: "`go mod tidy`".into(),
        },
        Err(RunError::NotFound) => StepOutcome::Skipped(
            "go is not on PATH; run `go mod tidy` in the repository once Go is installed".into(),
        ),
        Err(RunError::Failed(output)) => StepOutcome::Warning(format!(
            "`go mod tidy` failed; run it again in the repository when the problem is fixed:\n{output}"
        )),
    }
}

/// The branch `git init` creates. The generated files link to it (`CHANGELOG.md`'s
/// `/commits/main`, the licence URL in `.web-docs/metadata.hcl`), so it must not be left to
/// the user's `init.defaultBranch` or git's own default (`master` in many versions).
pub const BRANCH: &str = "main";

/// Runs `git init` on the branch [`BRANCH`], stages everything and makes the first commit.
pub fn git_init(repo: &Path) -> StepOutcome {
    if repo.join(".git").exists() {
        return StepOutcome::Skipped(
            "the directory is already a git repository; the new files are not committed".into(),
        );
    }
    match init_on_main(repo) {
        Ok(()) => {}
        Err(RunError::NotFound) => {
            return StepOutcome::Skipped("git is not on PATH; no repository created".into());
        }
        Err(RunError::Failed(output)) => {
            return StepOutcome::Warning(format!(
                "`git init` failed; the files are written, commit them yourself:\n{output}"
            ));
        }
    }
    let steps: [&[&str]; 2] = [
        &["add", "--all"],
        &[
            "commit",
            "--quiet",
            "--message",
            "Initial commit from packer-scaffold",
        ],
    ];
    for args in steps {
        match run(repo, "git", args) {
            Ok(()) => {}
            Err(RunError::NotFound) => {
                return StepOutcome::Skipped("git is not on PATH; no repository created".into());
            }
            Err(RunError::Failed(output)) => {
                return StepOutcome::Warning(format!(
                    "`git {}` failed; the files are written, commit them yourself:\n{output}",
                    args.join(" ")
                ));
            }
        }
    }
    StepOutcome::Done {
        verb: "Initialized",
        what: format!("a git repository with a first commit on branch `{BRANCH}`"),
    }
}

/// `git init --initial-branch=main` (git 2.28 and later); older git lacks the option, so on
/// failure it runs a plain `git init` and points `HEAD` at `main` before the first commit.
fn init_on_main(repo: &Path) -> Result<(), RunError> {
    let branch_option = format!("--initial-branch={BRANCH}");
    match run(repo, "git", &["init", "--quiet", &branch_option]) {
        Err(RunError::Failed(_)) if !repo.join(".git").exists() => {
            run(repo, "git", &["init", "--quiet"])?;
            run(
                repo,
                "git",
                &["symbolic-ref", "HEAD", &format!("refs/heads/{BRANCH}")],
            )
        }
        other => other,
    }
}

enum RunError {
    NotFound,
    Failed(String),
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), RunError> {
    run_saying(dir, program, args, || {})
}

/// `run`, calling `started` once the program is running (not when it is not there).
fn run_saying(
    dir: &Path,
    program: &str,
    args: &[&str],
    started: impl FnOnce(),
) -> Result<(), RunError> {
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => RunError::NotFound,
            _ => RunError::Failed(e.to_string()),
        })?;
    started();
    let output = child
        .wait_with_output()
        .map_err(|e| RunError::Failed(e.to_string()))?;
    if output.status.success() {
        Ok(())
    } else {
        let mut text = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        if text.is_empty() {
            text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        }
        Err(RunError::Failed(text))
    }
}

/// git's `user.name`, or why there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GitUser {
    Name(String),
    /// git runs but has no user.name (or git was not asked).
    #[default]
    Unset,
    /// git is not on PATH.
    NoGit,
}

impl GitUser {
    pub fn name(&self) -> Option<String> {
        match self {
            GitUser::Name(name) => Some(name.clone()),
            GitUser::Unset | GitUser::NoGit => None,
        }
    }
}

/// `git config user.name` as seen from `dir` (a repository's own config counts), the default
/// copyright holder.
pub fn git_user_name(dir: &Path) -> GitUser {
    let output = Command::new("git")
        .args(["config", "user.name"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return GitUser::NoGit,
        Err(_) => return GitUser::Unset,
    };
    match String::from_utf8(output.stdout) {
        Ok(name) if output.status.success() && !name.trim().is_empty() => {
            GitUser::Name(name.trim().to_owned())
        }
        _ => GitUser::Unset,
    }
}
