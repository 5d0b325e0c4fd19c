//! The `remove` command: one component out of a repository. Its registration, docs entries,
//! table rows and manifest entry go (each edit `add` made undone, proven by redoing it), its
//! files go where unchanged since written (changed ones are kept unless `--force`), all in one
//! journaled change under the repository's lock, or shown (`--dry-run`).

mod present;

use crate::cli::RemoveArgs;
use crate::error::Error;
use crate::fs::view::View;
use crate::fs::{journal, repo};
use crate::plan::remove::RemovePlan;
use crate::process::{interrupt, post_steps};
use crate::resolve::remove_spec::RemoveSpec;
use crate::ui::status;

pub fn run(args: RemoveArgs) -> Result<(), Error> {
    // Spec and plan are made under the lock, from the repository as the last change left it.
    let (root, _lock) = repo::open_for_change(&args.dir.path)?;
    let spec = RemoveSpec::resolve(args, root)?;
    let mut plan = RemovePlan::make(&spec, &View::disk(&spec.root))?;
    if spec.dry_run {
        return present::dry_run(&spec, &plan);
    }
    for note in &plan.notes {
        status::note(note);
    }
    present::removing(&spec);
    journal::apply_with_deletes(
        &spec.root,
        &spec.command(),
        &plan.creates,
        &plan.edits,
        &plan.deletes,
    )?;
    present::written(&plan);
    interrupt::after_write(&spec.root, Vec::new())?;
    present::moved_changed(&plan);
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
    present::done(&spec, plan, generated.warning.into_iter().collect())
}
