//! What runs after the files are written: `go mod tidy`, `git init` with a first commit, and
//! `make generate` after moved files (never in a folder where it could not finish). Each is
//! optional and a failure is a warning, never an error: the change is complete.

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

/// What a repository's folder name must start with: packer-sdc's `struct-markdown`, run by
/// `make generate`, finds the repository root by it, and loops forever when no parent folder
/// has it (SDK v0.6.10).
pub const FOLDER_PREFIX: &str = "packer-plugin-";

/// How to give the repository a folder `make generate` finishes in, for the plugin binary
/// `binary` (`packer-plugin-<name>`).
pub fn folder_advice(binary: &str) -> String {
    format!("rename the folder to {binary} (or clone into it: git clone <url> {binary})")
}

/// Why `make generate` must not start in `repo`, if it must not: the folder (as its real path
/// names it) does not start with [`FOLDER_PREFIX`], so packer-sdc would never finish.
pub fn folder_stops_generate(repo: &Path, binary: &str) -> Option<String> {
    let real = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
    let name = real.file_name()?.to_string_lossy().into_owned();
    (!name.starts_with(FOLDER_PREFIX)).then(|| {
        format!(
            "`make generate` was not run: the repository's folder `{name}` does not start with \
             {FOLDER_PREFIX}, and packer-sdc, which it runs, finds the repository by that prefix \
             and would never finish; {}, then run `make generate` there to bring the generated \
             files up to date",
            folder_advice(binary)
        )
    })
}

/// Runs `make generate` in `repo`, the repository of the plugin binary `binary`: the
/// repository's own recipe, which runs packer-sdc and rebuilds `.web-docs/`. Not started where
/// it could not finish ([`folder_stops_generate`]) or without go: a note says why.
pub fn make_generate(repo: &Path, binary: &str) -> StepOutcome {
    if let Some(why) = folder_stops_generate(repo, binary) {
        return StepOutcome::Skipped(why);
    }
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
pub fn generate_when_due(repo: &Path, binary: &str, run: bool, due: bool) -> Generated {
    if !due {
        return Generated::default();
    }
    let outcome = match run {
        true => make_generate(repo, binary),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_generate_never_starts_in_a_folder_packer_sdc_cannot_find() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let (mine, theirs) = (
            tmp.path().join("custom-cloud"),
            tmp.path().join("packer-plugin-x"),
        );
        std::fs::create_dir(&mine).unwrap();
        std::fs::create_dir(&theirs).unwrap();
        // Decided before make or go is looked for: whatever PATH holds, nothing is started.
        let StepOutcome::Skipped(why) = make_generate(&mine, "packer-plugin-custom-cloud") else {
            panic!("make generate was not refused in `custom-cloud`")
        };
        assert!(why.contains("`make generate` was not run"), "{why}");
        assert!(
            why.contains("folder `custom-cloud` does not start with packer-plugin-"),
            "{why}"
        );
        assert!(
            why.contains(&folder_advice("packer-plugin-custom-cloud")),
            "{why}"
        );
        assert_eq!(folder_stops_generate(&theirs, "packer-plugin-x"), None);
        // A link named like a plugin's folder is judged by the folder it points to.
        #[cfg(unix)]
        {
            let link = tmp.path().join("packer-plugin-custom-cloud");
            std::os::unix::fs::symlink(&mine, &link).unwrap();
            assert!(folder_stops_generate(&link, "packer-plugin-custom-cloud").is_some());
        }
    }
}
