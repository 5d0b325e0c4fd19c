//! The `add` command: one more component in an existing repository. Its new files, the edits
//! that register and document it, and the updated manifest are planned in memory, shown
//! (`--dry-run`) or written all together; an edit point that cannot be found becomes exact
//! instructions and a non-zero exit, with everything else still done.

mod present;

use crate::cli::AddArgs;
use crate::domain::plan::FileEdit;
use crate::error::Error;
use crate::fs::{journal, repo};
use crate::plan::add::AddPlan;
use crate::process::interrupt;
use crate::process::post_steps::{self, StepOutcome};
use crate::resolve::add_spec::AddSpec;
use crate::resolve::settings::Settings;
use crate::ui::status;

pub fn run(args: AddArgs, settings: Settings) -> Result<(), Error> {
    AddSpec::check_args(&args)?;
    // Spec and plan are made under the lock, from the repository as the last change left it.
    let (root, _lock) = repo::open_for_change(&args.dir.path)?;
    let spec = AddSpec::resolve(args, &settings, root)?;
    let mut plan = AddPlan::make(&spec)?;
    if spec.dry_run {
        return present::dry_run(&spec, &plan);
    }
    for note in &plan.notes {
        status::note(note);
    }
    present::adding(&spec);
    journal::apply(&spec.root, &spec.command(), &plan.creates, &plan.edits)?;
    present::written(&plan);
    // A signal during the moves, which were finished: the change is complete.
    let skipped = [
        (plan.tidy && spec.tidy).then_some("go mod tidy"),
        (plan.generate.is_some() && spec.generate).then_some("make generate"),
    ];
    interrupt::after_write(&spec.root, skipped.into_iter().flatten().collect())?;
    let mut warnings = tidy(&spec, &mut plan);
    warnings.extend(generate(&spec, &mut plan)?);
    present::done(&spec, plan, warnings)
}

/// `make generate` when the plan says why it is due (the generated files the templates render
/// may not be what this repository's `make generate` makes), unless turned off; after it, the
/// manifest records the files as it left them. Its warning, if any, for the report.
fn generate(spec: &AddSpec, plan: &mut AddPlan) -> Result<Option<String>, Error> {
    let Some(why) = plan.generate else {
        return Ok(None);
    };
    if !spec.generate {
        let note = format!("{why}; run `make generate`");
        status::note(&note);
        plan.notes.push(note);
        return Ok(None);
    }
    status::note(format!("{why}: running `make generate`"));
    match post_steps::make_generate(&spec.root, &spec.before.binary) {
        StepOutcome::Done { verb, what } => {
            status::verb(verb, what);
            let written = plan
                .creates
                .iter()
                .map(|f| (f.path.as_str(), &f.contents[..]));
            let edited = plan.edits.iter().map(|e| (e.path.as_str(), &e.after[..]));
            match repo::record_generated(&spec.root, &spec.command(), written.chain(edited)) {
                Ok(_) => Ok(None),
                Err(e) => {
                    let why = format!("could not record the generated files' hashes: {e}");
                    status::warning(&why);
                    Ok(Some(why))
                }
            }
        }
        StepOutcome::Skipped(why) => {
            status::note(&why);
            plan.notes.push(why);
            Ok(None)
        }
        StepOutcome::Warning(why) => {
            status::warning(&why);
            Ok(Some(why))
        }
    }
}

/// `go mod tidy` when the module's requirements changed in a go.mod `add` could not rewrite,
/// unless turned off; its warning, if it fails, for the report.
fn tidy(spec: &AddSpec, plan: &mut AddPlan) -> Vec<String> {
    if !plan.tidy {
        return Vec::new();
    }
    if !spec.tidy {
        let note = "the module's requirements changed; run `go mod tidy`";
        status::note(note);
        plan.notes.push(note.into());
        return Vec::new();
    }
    let before = module_files(&spec.root);
    match post_steps::go_mod_tidy(&spec.root) {
        StepOutcome::Done { verb, what } => {
            status::verb(verb, what);
            tidied(spec, plan, before);
        }
        StepOutcome::Skipped(why) => {
            status::note(&why);
            plan.notes.push(why);
        }
        StepOutcome::Warning(why) => {
            status::warning(&why);
            return vec![why];
        }
    }
    Vec::new()
}

/// go.mod and go.sum as they are now (empty when missing).
fn module_files(root: &std::path::Path) -> [(&'static str, Vec<u8>); 2] {
    ["go.mod", "go.sum"].map(|path| {
        let bytes = repo::read_bytes(root, path).ok().flatten();
        (path, bytes.unwrap_or_default())
    })
}

/// Says which of go.mod and go.sum `go mod tidy` changed, and counts them among the plan's
/// edits (for the JSON report): an edit `add` made to the same file ends where tidy left it.
fn tidied(spec: &AddSpec, plan: &mut AddPlan, before: [(&'static str, Vec<u8>); 2]) {
    for ((path, before), (_, after)) in before.into_iter().zip(module_files(&spec.root)) {
        if before == after {
            continue;
        }
        status::verb("Edited", format!("{path} (by `go mod tidy`)"));
        match plan.edits.iter_mut().find(|e| e.path == path) {
            Some(edit) => edit.after = after,
            None => plan.edits.push(FileEdit {
                path: path.to_owned(),
                before,
                after,
            }),
        }
    }
}
