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

/// Runs `git init`, stages everything and makes the first commit.
pub fn git_init(repo: &Path) -> StepOutcome {
    if repo.join(".git").exists() {
        return StepOutcome::Skipped(
            "the directory is already a git repository; the new files are not committed".into(),
        );
    }
    let steps: [&[&str]; 3] = [
        &["init", "--quiet"],
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
        what: "a git repository with a first commit".into(),
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
