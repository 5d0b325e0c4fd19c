//! What runs after the files are written: `go mod tidy`, `git init` with a first commit, and
//! `make generate` after moved files. Each is optional and a failure is a warning, never an
//! error: the change is complete.

use std::path::Path;

use super::run::{self, Failure, Run, success_of};

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

impl StepOutcome {
    /// Shows how the step went; a warning is also returned, for the JSON report.
    pub fn say(self) -> Option<String> {
        match self {
            StepOutcome::Done { verb, what } => crate::ui::status::verb(verb, what),
            StepOutcome::Skipped(why) => crate::ui::status::note(why),
            StepOutcome::Warning(why) => {
                crate::ui::status::warning(&why);
                return Some(why);
            }
        }
        None
    }
}

/// Runs `make generate` in `repo` (after `rename` moved files the user changed, whose
/// generated files then name the old package): the repository's own recipe, which runs
/// packer-sdc and rebuilds `.web-docs/`.
pub fn make_generate(repo: &Path) -> StepOutcome {
    // The recipe runs go and packer-sdc: without go it could only fail, and say less.
    if !run::on_path("go") {
        return StepOutcome::Skipped(
            "go is not on PATH, and `make generate` needs it; once Go is installed, run `make \
             generate` in the repository to bring the generated files up to date"
                .into(),
        );
    }
    let started = || crate::ui::status::verb("Running", "`make generate`");
    let ran = Run::new("make")
        .args(["generate"])
        .dir(repo)
        .output_after(started);
    match ran.and_then(success_of) {
        Ok(_) => StepOutcome::Done {
            verb: "Finished",
            what: "`make generate`".into(),
        },
        Err(Failure::NotFound) => StepOutcome::Skipped(
            "make is not on PATH; run `make generate` in the repository to bring the generated \
             files up to date"
                .into(),
        ),
        Err(Failure::Failed(output)) => StepOutcome::Warning(format!(
            "`make generate` failed; run it again in the repository when the problem is fixed:\n{output}"
        )),
    }
}

/// How `make generate` after a change went: whether it ran to the end (the files it wrote are
/// then current), and what was said, for the report: a note (left to the user) or a warning.
#[derive(Debug, Default)]
pub struct Generated {
    pub finished: bool,
    pub note: Option<String>,
    pub warning: Option<String>,
}

/// When `due` (files the user changed were moved, their generated files naming the old
/// package; or fresh docs quote the templates' SDK, not the repository's), `make generate`, or
/// with `run` false a note asking for it.
pub fn generate_when_due(repo: &Path, run: bool, due: bool) -> Generated {
    if !due {
        return Generated::default();
    }
    let outcome = match run {
        true => make_generate(repo),
        false => StepOutcome::Skipped(
            "run `make generate` to bring the files generated from them up to date".into(),
        ),
    };
    let mut generated = Generated::default();
    match outcome {
        StepOutcome::Done { verb, what } => {
            crate::ui::status::verb(verb, what);
            generated.finished = true;
        }
        StepOutcome::Skipped(why) => {
            crate::ui::status::note(&why);
            generated.note = Some(why);
        }
        StepOutcome::Warning(why) => {
            crate::ui::status::warning(&why);
            generated.warning = Some(why);
        }
    }
    generated
}

/// Runs `go mod tidy` in `repo`, saying so once go has started: it can take a while the first
/// time, when it downloads the SDK's modules.
pub fn go_mod_tidy(repo: &Path) -> StepOutcome {
    let started = || crate::ui::status::verb("Running", "`go mod tidy`");
    let ran = Run::new("go")
        .args(["mod", "tidy"])
        .dir(repo)
        .output_after(started);
    match ran.and_then(success_of) {
        Ok(_) => StepOutcome::Done {
            verb: "Finished",
            what: "`go mod tidy`".into(),
        },
        Err(Failure::NotFound) => StepOutcome::Skipped(
            "go is not on PATH; run `go mod tidy` in the repository once Go is installed".into(),
        ),
        Err(Failure::Failed(output)) => StepOutcome::Warning(format!(
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
    let commit: [&[&str]; 2] = [
        &["add", "--all"],
        &[
            "commit",
            "--quiet",
            "--message",
            "Initial commit from packer-scaffold",
        ],
    ];
    let done = init_on_main(repo)
        .map_err(|failure| (failure, "git init".to_owned()))
        .and_then(|()| {
            commit.iter().try_for_each(|args| {
                git(repo, args).map_err(|failure| (failure, format!("git {}", args.join(" "))))
            })
        });
    match done {
        Ok(()) => {}
        Err((Failure::NotFound, _)) => {
            return StepOutcome::Skipped("git is not on PATH; no repository created".into());
        }
        Err((Failure::Failed(output), step)) => {
            return StepOutcome::Warning(format!(
                "`{step}` failed; the files are written, commit them yourself:\n{output}"
            ));
        }
    }
    StepOutcome::Done {
        verb: "Initialized",
        what: format!("a git repository with a first commit on branch `{BRANCH}`"),
    }
}

/// `git init --initial-branch=main` (git 2.28 and later); older git lacks the option, so on
/// failure it runs a plain `git init` and points `HEAD` at `main` before the first commit.
fn init_on_main(repo: &Path) -> Result<(), Failure> {
    let branch_option = format!("--initial-branch={BRANCH}");
    match git(repo, &["init", "--quiet", &branch_option]) {
        Err(Failure::Failed(_)) if !repo.join(".git").exists() => {
            git(repo, &["init", "--quiet"])?;
            git(
                repo,
                &["symbolic-ref", "HEAD", &format!("refs/heads/{BRANCH}")],
            )
        }
        other => other,
    }
}

/// Runs `git args…` in `repo`, to success.
fn git(repo: &Path, args: &[&str]) -> Result<(), Failure> {
    Run::new("git").args(args).dir(repo).success().map(drop)
}
