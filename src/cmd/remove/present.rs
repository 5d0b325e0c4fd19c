//! What `remove` shows: the dry-run list and diffs or report, the status lines while
//! writing, the files kept because they changed, and the report (JSON).

use crate::error::{Error, shell};
use crate::plan::remove::RemovePlan;
use crate::resolve::remove_spec::RemoveSpec;
use crate::ui::report::{self, FileAction, FileReport, Format, RemoveReport};
use crate::ui::{output, status};

/// `--dry-run`: the files to delete and keep, a diff of every edit, what is left to do.
pub fn dry_run(spec: &RemoveSpec, plan: &RemovePlan) -> Result<(), Error> {
    match spec.format {
        Format::Text => output::print(&describe(plan)),
        Format::Json => output::print_json(&remove_report(spec, plan, &[])),
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
    if let Some((was, next)) = &spec.successor {
        status::warning(format!(
            "the {kind} `{}` takes over the HCL type `{}`: templates that use `{}` must change \
             to `{}`",
            was.name,
            next.hcl_type,
            was.hcl_type,
            next.hcl_type,
            kind = was.kind
        ));
    }
}

/// The status lines after writing.
pub fn written(plan: &RemovePlan) {
    status::verb("Deleted", format!("{} files", plan.deletes.len()));
    for file in &plan.creates {
        status::verb("Created", &file.path);
    }
    for edit in &plan.edits {
        status::verb("Edited", &edit.path);
    }
}

/// The new default's files the user had changed, edited (`make generate` follows).
pub fn moved_changed(plan: &RemovePlan) {
    if !plan.moved_changed.is_empty() {
        status::note(format!(
            "{} file(s) of the new default changed since written; the old HCL type in them was \
             replaced: {}",
            plan.moved_changed.len(),
            plan.moved_changed.join(", ")
        ));
    }
}

/// The files kept, the report (JSON), then the edits left to do by hand as the error.
pub fn done(spec: &RemoveSpec, mut plan: RemovePlan, warnings: Vec<String>) -> Result<(), Error> {
    let said = kept(spec, &plan);
    plan.notes.extend(said);
    if spec.format == Format::Json {
        output::print_json(&remove_report(spec, &plan, &warnings))?;
    }
    if !plan.manual.is_empty() {
        return Err(Error::ManualSteps { steps: plan.manual });
    }
    if spec.format == Format::Text {
        status::text(consequence(spec));
    }
    Ok(())
}

/// The changed files deleted with `--force`, or kept without it, and what to do with those
/// kept: the component is gone, so `remove … --force` can no longer delete them. What was
/// said, for the report's notes.
fn kept(spec: &RemoveSpec, plan: &RemovePlan) -> Vec<String> {
    let mut said = Vec::new();
    if !plan.forced.is_empty() {
        said.push(format!(
            "deleted {} file(s) that changed since packer-scaffold wrote them (--force): {}",
            plan.forced.len(),
            plan.forced.join(", ")
        ));
        status::warning(&said[0]);
    }
    if plan.kept.is_empty() {
        return said;
    }
    let kept = format!(
        "kept {} file(s) that changed since packer-scaffold wrote them: {}",
        plan.kept.len(),
        plan.kept.join(", ")
    );
    status::warning(&kept);
    let quoted: Vec<String> = plan.kept.iter().map(|p| shell::quote(p)).collect();
    let by_hand = format!(
        "the component is removed, so `--force` can no longer delete them; if you do not need \
         them, delete them by hand in {}: rm -- {}",
        shell::quote(&spec.root.display().to_string()),
        quoted.join(" ")
    );
    status::note(&by_hand);
    said.extend([kept, by_hand]);
    said
}

/// What the removal means for templates that use the plugin.
fn consequence(spec: &RemoveSpec) -> String {
    let c = &spec.component;
    match &spec.successor {
        Some((was, next)) => format!(
            "\nTemplates that use the {kind} `{}` now get the {kind} `{}`; those that used `{}` \
             must use `{}`.\n",
            c.hcl_type,
            next.name,
            was.hcl_type,
            next.hcl_type,
            kind = c.kind
        ),
        None => format!(
            "\nTemplates that use the {} `{}` no longer build with this plugin.\n",
            c.kind, c.hcl_type
        ),
    }
}

fn remove_report(spec: &RemoveSpec, plan: &RemovePlan, warnings: &[String]) -> RemoveReport {
    let mut files: Vec<FileReport> = plan.creates.iter().map(FileReport::create).collect();
    files.extend(plan.deletes.iter().map(|p| {
        let action = match plan.forced.contains(p) {
            true => FileAction::DeleteChanged,
            false => FileAction::Delete,
        };
        FileReport::named(p, action, size_of(plan, p))
    }));
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
        default_to: spec.successor.as_ref().map(|(_, next)| next.into()),
        files,
        manual_steps: plan.manual.clone(),
        notes: plan.notes.clone(),
        warnings: warnings.to_vec(),
    }
}

fn size_of(plan: &RemovePlan, path: &str) -> (usize, u32) {
    plan.sizes.get(path).copied().unwrap_or((0, 0o644))
}

/// The dry-run text: the files to delete and to keep, then a unified diff of every edit.
fn describe(plan: &RemovePlan) -> String {
    let mut out = String::from("Files to delete:\n");
    for path in plan.deletes.iter().filter(|p| !plan.forced.contains(p)) {
        out.push_str(&format!("  {path}\n"));
    }
    if !plan.forced.is_empty() {
        out.push_str("Files to delete though changed since written (--force):\n");
        for path in &plan.forced {
            out.push_str(&format!("  {path}\n"));
        }
    }
    if !plan.creates.is_empty() {
        out.push_str("Files to create:\n");
        for file in &plan.creates {
            out.push_str(&format!("  {}\n", file.path));
        }
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
