//! What `rename` shows: the dry-run moves and diffs or report, the status lines while
//! writing, the breaking-change warning, and the report (JSON).

use crate::domain::plan::FileEdit;
use crate::error::Error;
use crate::plan::rename::RenamePlan;
use crate::resolve::rename_spec::RenameSpec;
use crate::ui::report::{self, FileAction, FileReport, Format, RenameReport};
use crate::ui::{output, status};

/// `--dry-run`: the moves, a diff of every edit (and of each changed file that moves), what is
/// left to do; the notes and warnings the real run would give.
pub fn dry_run(spec: &RenameSpec, plan: &RenamePlan) -> Result<(), Error> {
    let mut notes = plan.notes.clone();
    notes.extend(changed_note(plan));
    let warnings: Vec<String> = breaking(spec, plan).into_iter().collect();
    match spec.format {
        Format::Text => output::print(&describe(plan)),
        Format::Json => output::print_json(&rename_report(spec, plan, notes.clone(), &warnings)),
    }?;
    for warning in &warnings {
        status::warning(warning);
    }
    for note in &notes {
        status::note(note);
    }
    status::note("dry run: nothing was changed");
    Ok(())
}

/// The status line before writing, and the warning when templates must change, returned for
/// the report.
pub fn renaming(spec: &RenameSpec, plan: &RenamePlan) -> Option<String> {
    let (old, new) = (&spec.old, &spec.new);
    status::verb(
        "Renaming",
        format!(
            "{} `{}` to `{}` in {}",
            old.kind,
            old.name,
            new.name,
            spec.root.display()
        ),
    );
    let warning = breaking(spec, plan)?;
    status::warning(&warning);
    Some(warning)
}

/// The warning when templates must change (saying when the CHANGELOG tells users, which it
/// does for a component already released).
fn breaking(spec: &RenameSpec, plan: &RenamePlan) -> Option<String> {
    let (old, new) = (&spec.old, &spec.new);
    if !spec.hcl_type_changes() {
        return None;
    }
    let said = plan.edits.iter().any(|e| {
        e.path == "CHANGELOG.md" && String::from_utf8_lossy(&e.after).contains(" must change.")
    });
    let changelog = if said {
        " (a CHANGELOG line under \"Changed\" says so)"
    } else {
        ""
    };
    Some(format!(
        "the HCL type changes from `{}` to `{}`: templates that use `{}` break{changelog}",
        old.hcl_type, new.hcl_type, old.hcl_type
    ))
}

/// The status lines after writing.
pub fn written(plan: &RenamePlan) {
    status::verb("Moved", format!("{} files", plan.creates.len()));
    for edit in &plan.edits {
        status::verb("Edited", &edit.path);
    }
}

/// The files moved that the user had changed (`make generate` follows), said and returned
/// for the report.
pub fn moved_changed(plan: &RenamePlan) -> Option<String> {
    let note = changed_note(plan)?;
    status::note(&note);
    Some(note)
}

fn changed_note(plan: &RenamePlan) -> Option<String> {
    (!plan.moved_changed.is_empty()).then(|| {
        format!(
            "moved {} file(s) you had changed, with the old names in them replaced: {}",
            plan.moved_changed.len(),
            plan.moved_changed.join(", ")
        )
    })
}

/// The report (JSON), then the edits left to do by hand as the error.
pub fn done(spec: &RenameSpec, plan: RenamePlan, warnings: Vec<String>) -> Result<(), Error> {
    if spec.format == Format::Json {
        let notes = plan.notes.clone();
        output::print_json(&rename_report(spec, &plan, notes, &warnings))?;
    }
    if !plan.manual.is_empty() {
        return Err(Error::ManualSteps { steps: plan.manual });
    }
    Ok(())
}

fn size_of(plan: &RenamePlan, path: &str) -> (usize, u32) {
    plan.sizes.get(path).copied().unwrap_or((0, 0o644))
}

fn rename_report(
    spec: &RenameSpec,
    plan: &RenamePlan,
    notes: Vec<String>,
    warnings: &[String],
) -> RenameReport {
    let mut files: Vec<FileReport> = plan.creates.iter().map(FileReport::create).collect();
    files.extend(
        plan.deletes
            .iter()
            .map(|p| FileReport::named(p, FileAction::Delete, size_of(plan, p))),
    );
    files.extend(plan.edits.iter().map(|e| FileReport::edit(e, spec.dry_run)));
    RenameReport {
        schema: report::RENAME_SCHEMA,
        dry_run: spec.dry_run,
        repository: spec.root.display().to_string(),
        old: (&spec.old).into(),
        component: (&spec.new).into(),
        files,
        manual_steps: plan.manual.clone(),
        notes,
        warnings: warnings.to_vec(),
    }
}

/// The dry-run text: each move, a unified diff of each changed file moved with its text
/// edited, then of every edit.
fn describe(plan: &RenamePlan) -> String {
    let mut out = String::from("Files to move:\n");
    for (from, to) in plan.deletes.iter().zip(&plan.creates) {
        out.push_str(&format!("  {from} -> {}\n", to.path));
    }
    let mut moved_edits = plan.creates.iter().filter_map(|file| {
        let (from, before) = plan.changed_before.get(&file.path)?;
        let edit = FileEdit {
            path: file.path.clone(),
            before: before.clone(),
            after: file.contents.clone(),
        };
        (edit.before != edit.after).then(|| report::moved_diff(from, &edit))
    });
    if let Some(first) = moved_edits.next() {
        out.push_str("\nFiles you changed, to move with the old names in them replaced:\n");
        out.push_str(&first);
        out.extend(moved_edits);
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
