//! The `rename` command: one component renamed. Its files move to the new folder and names,
//! its registration, docs entries, table rows and manifest entry are replaced in place by the
//! new name's, all in one journaled change under the repository's lock, or shown
//! (`--dry-run`). A component that is not its kind's default changes its HCL type: a warning
//! and a CHANGELOG line say so.

pub(crate) mod present;

use crate::cli::RenameArgs;
use crate::error::Error;
use crate::fs::view::View;
use crate::fs::{journal, repo};
use crate::plan::rename::RenamePlan;
use crate::process::{interrupt, post_steps};
use crate::resolve::rename_spec::RenameSpec;
use crate::ui::status;

pub fn run(args: RenameArgs) -> Result<(), Error> {
    RenameSpec::check_args(&args)?;
    // Spec and plan are made under the lock, from the repository as the last change left it.
    let (root, _lock) = repo::open_for_change(&args.dir.path)?;
    let spec = RenameSpec::resolve(args, root)?;
    let mut plan = RenamePlan::make(&spec, &View::disk(&spec.root))?;
    if spec.dry_run {
        return present::dry_run(&spec, &plan);
    }
    for note in &plan.notes {
        status::note(note);
    }
    let mut warnings: Vec<String> = present::renaming(&spec, &plan).into_iter().collect();
    journal::apply_with_deletes(
        &spec.root,
        &spec.command(),
        &plan.creates,
        &plan.edits,
        &plan.deletes,
    )?;
    present::written(&plan);
    interrupt::after_write(&spec.root, Vec::new())?;
    let moved = present::moved_changed(&plan);
    plan.notes.extend(moved);
    let due = plan.generate || !plan.moved_changed.is_empty();
    let generated =
        post_steps::generate_when_due(&spec.root, &spec.before.binary, spec.generate, due);
    if generated.finished {
        let written = plan
            .creates
            .iter()
            .map(|f| (f.path.as_str(), &f.contents[..]));
        let edited = plan.edits.iter().map(|e| (e.path.as_str(), &e.after[..]));
        repo::record_generated(&spec.root, &spec.command(), written.chain(edited))?;
    }
    plan.notes.extend(generated.note);
    warnings.extend(generated.warning);
    present::done(&spec, plan, warnings)
}
