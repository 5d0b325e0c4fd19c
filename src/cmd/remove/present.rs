//! What `remove` shows: the dry-run list and diffs or report, the status lines while
//! writing, the files kept because they changed, and the report (JSON).

use super::plan::RemovePlan;
use crate::error::Error;
use crate::resolve::remove_spec::RemoveSpec;
use crate::ui::report::{self, FileAction, FileReport, Format, RemoveReport};
use crate::ui::{output, status};

/// `--dry-run`: the files to delete and keep, a diff of every edit, what is left to do.
pub fn dry_run(spec: &RemoveSpec, plan: &RemovePlan) -> Result<(), Error> {
    match spec.format {
        Format::Text => output::print(&describe(plan)),
        Format::Json => output::print_json(&remove_report(spec, plan)),
    }?;
    for note in &plan.notes {
        status::note(note);
    }
    status::note("dry run: nothing was changed");
    Ok(())
}

/// The status line before writing.
pub fn removing(spec: &RemoveSpec) {
    let c = &spec.component;
    status::verb(
        "Removing",
        format!(
            "{} `{}` (HCL type `{}`) from {}",
            c.kind,
            c.name,
            c.hcl_type,
            spec.root.display()
        ),
    );
}

/// The status lines after writing.
pub fn written(plan: &RemovePlan) {
    status::verb("Deleted", format!("{} files", plan.deletes.len()));
    for edit in &plan.edits {
        status::verb("Edited", &edit.path);
    }
}

/// The files kept, the report (JSON), then the edits left to do by hand as the error.
pub fn done(spec: &RemoveSpec, plan: RemovePlan) -> Result<(), Error> {
    if !plan.kept.is_empty() {
        status::warning(format!(
            "kept {} file(s) that changed since packer-scaffold wrote them (--force deletes \
             them): {}",
            plan.kept.len(),
            plan.kept.join(", ")
        ));
    }
    if spec.format == Format::Json {
        output::print_json(&remove_report(spec, &plan))?;
    }
    if !plan.manual.is_empty() {
        return Err(Error::ManualSteps { steps: plan.manual });
    }
    if spec.format == Format::Text {
        status::text(format!(
            "\nTemplates that use the {} `{}` no longer build with this plugin.\n",
            spec.component.kind, spec.component.hcl_type
        ));
    }
    Ok(())
}

fn remove_report(spec: &RemoveSpec, plan: &RemovePlan) -> RemoveReport {
    let mut files: Vec<FileReport> = plan
        .deletes
        .iter()
        .map(|p| FileReport::named(p, FileAction::Delete, size_of(plan, p)))
        .collect();
    files.extend(plan.edits.iter().map(|e| FileReport::edit(e, spec.dry_run)));
    files.extend(
        plan.kept
            .iter()
            .map(|p| FileReport::named(p, FileAction::Keep, size_of(plan, p))),
    );
    RemoveReport {
        schema: report::REMOVE_SCHEMA,
        dry_run: spec.dry_run,
        repository: spec.root.display().to_string(),
        component: (&spec.component).into(),
        files,
        manual_steps: plan.manual.clone(),
        notes: plan.notes.clone(),
    }
}

fn size_of(plan: &RemovePlan, path: &str) -> (usize, u32) {
    plan.sizes.get(path).copied().unwrap_or((0, 0o644))
}

/// The dry-run text: the files to delete and to keep, then a unified diff of every edit.
fn describe(plan: &RemovePlan) -> String {
    let mut out = String::from("Files to delete:\n");
    for path in &plan.deletes {
        out.push_str(&format!("  {path}\n"));
    }
    if !plan.kept.is_empty() {
        out.push_str("Files kept (changed since written; --force deletes them):\n");
        for path in &plan.kept {
            out.push_str(&format!("  {path}\n"));
        }
    }
    if !plan.edits.is_empty() {
        out.push_str("\nFiles to edit:\n");
    }
    for edit in &plan.edits {
        out.push_str(&report::unified_diff(edit));
    }
    for step in &plan.manual {
        out.push_str(&format!("\nTo do by hand:\n{step}\n"));
    }
    out
}
