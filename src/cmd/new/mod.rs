//! The `new` command: from flags to a written repository and a summary of what to do next.

mod present;

use std::path::Path;

use crate::cli::{NewArgs, Vcs};
use crate::domain::plan::PlannedFile;
use crate::error::Error;
use crate::fs::journal;
use crate::fs::lock::RepoLock;
use crate::fs::writer;
use crate::plan::new::NewPlan;
use crate::process::interrupt;
use crate::process::post_steps::{self, StepOutcome};
use crate::resolve::new_spec::NewSpec;
use crate::resolve::settings::Settings;
use crate::ui::status;

pub fn run(args: NewArgs, settings: Settings) -> Result<(), Error> {
    let spec = NewSpec::resolve(args, &settings)?;
    let plan = NewPlan::make(&spec)?;
    let mut warnings = spec.warnings.clone();
    warnings.extend(present::kept_files(&plan, spec.dry_run));
    let files = plan.file_reports();
    if spec.dry_run {
        return present::dry_run(&spec, &plan, files, warnings);
    }
    write(&spec, plan)?;
    // A signal after the last file: the repository is complete; the steps are skipped.
    interrupt::after_write(
        &spec.dest,
        steps(&spec).into_iter().map(|(n, _)| n).collect(),
    )?;
    for (_, step) in steps(&spec) {
        warnings.extend(StepOutcome::say(step(&spec.dest)));
    }
    present::done(&spec, files, warnings)
}

/// Writes the repository: a new folder all at once; into an empty folder that is there, or
/// with `--force` a folder with files, the files it lacks, through the journal.
fn write(spec: &NewSpec, plan: NewPlan) -> Result<(), Error> {
    let dest = &spec.dest;
    match plan.fill {
        None if !spec.into_empty_folder => {
            for leftover in writer::write_new(dest, &plan.plan)? {
                status::note(format!(
                    "removed {}, left by an earlier run that was killed",
                    leftover.display()
                ));
            }
        }
        None => fill(dest, "new", &plan.plan.files)?,
        Some(found) => {
            let mut create = found.create;
            create.push(plan.manifest);
            fill(dest, "new --force", &create)?;
            let there = found.identical.len() + found.conflicts.len();
            let what = format!(
                "{} files in {} ({there} already there)",
                create.len(),
                dest.display()
            );
            status::verb("Created", what);
            return Ok(());
        }
    }
    let what = format!("{} ({} files)", dest.display(), plan.plan.files.len());
    status::verb("Created", what);
    Ok(())
}

/// Creates `files` in the folder `dest` that exists, all or nothing, under its lock.
fn fill(dest: &Path, command: &str, files: &[PlannedFile]) -> Result<(), Error> {
    let _lock = RepoLock::acquire(dest)?;
    journal::apply(dest, command, files, &[])
}

/// A step after writing, by the name the user would run it by.
type Step = (&'static str, fn(&std::path::Path) -> StepOutcome);

/// The steps after writing that the spec asks for, in order.
fn steps(spec: &NewSpec) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    if spec.tidy {
        steps.push(("go mod tidy", post_steps::go_mod_tidy));
    }
    if spec.vcs == Vcs::Git {
        steps.push(("git init", post_steps::git_init));
    }
    steps
}
