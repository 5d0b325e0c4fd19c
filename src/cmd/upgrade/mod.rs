//! The `upgrade` command: a repository brought to the current templates, offline. `--check`
//! only compares template versions; `--dry-run` shows the plan and diffs; otherwise, under the
//! repository's lock, the plan is written in one journaled change, then `go mod tidy` (when
//! go.mod changed) and `make generate` run, unless a file was left with conflict markers.

mod present;

use crate::cli::UpgradeArgs;
use crate::error::Error;
use crate::fs::{journal, repo};
use crate::plan::upgrade::UpgradePlan;
use crate::process::{interrupt, post_steps};
use crate::resolve::upgrade_spec::UpgradeSpec;

pub fn run(args: UpgradeArgs) -> Result<(), Error> {
    if args.check || args.dry_run.dry_run {
        let root = repo::open_for_reading(&args.dir.path)?;
        let spec = UpgradeSpec::resolve(args, root)?;
        if spec.check || spec.is_current() {
            return present::check(&spec);
        }
        return present::dry_run(&spec, &UpgradePlan::make(&spec)?);
    }
    // Spec and plan are made under the lock, from the repository as the last change left it.
    let (root, _lock) = repo::open_for_change(&args.dir.path)?;
    let spec = UpgradeSpec::resolve(args, root)?;
    if spec.is_current() {
        return present::check(&spec);
    }
    let plan = UpgradePlan::make(&spec)?;
    present::upgrading(&spec);
    journal::apply_with_deletes(
        &spec.root,
        "upgrade",
        &plan.creates,
        &plan.edits,
        &plan.deletes,
    )?;
    present::written(&plan);
    interrupt::after_write(&spec.root, vec!["go mod tidy", "make generate"])?;
    let warnings = after_writing(&spec, &plan);
    present::done(&spec, &plan, warnings)
}

/// `go mod tidy` when go.mod changed, then `make generate`, each unless turned off; neither
/// while a file holds conflict markers (the build would fail on them). Their warnings.
fn after_writing(spec: &UpgradeSpec, plan: &UpgradePlan) -> Vec<String> {
    if !plan.conflicts.is_empty() {
        present::after_conflicts();
        return Vec::new();
    }
    let mut warnings = Vec::new();
    if plan.changes_go_mod() {
        if spec.tidy {
            warnings.extend(post_steps::go_mod_tidy(&spec.root).say());
        } else {
            present::tidy_left();
        }
    }
    if spec.generate {
        warnings.extend(post_steps::make_generate(&spec.root, &spec.plugin.binary).say());
    } else {
        present::generate_left();
    }
    warnings
}
