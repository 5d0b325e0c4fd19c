//! What `add` shows: the dry-run diff or report, the status lines while writing, and after
//! writing the report (JSON), the steps left to do by hand, or how to use the component.

use crate::domain::plan::Plan;
use crate::error::Error;
use crate::plan::add::AddPlan;
use crate::resolve::add_spec::AddSpec;
use crate::ui::report::{self, AddReport, FileReport, Format};
use crate::ui::{output, status};

/// `--dry-run`: the files to create, a diff of every edit and what is left to do by hand.
pub fn dry_run(spec: &AddSpec, plan: &AddPlan) -> Result<(), Error> {
    match spec.format {
        Format::Text => output::print(&describe(spec, plan)),
        Format::Json => output::print_json(&add_report(spec, plan, Vec::new())),
    }?;
    for note in &plan.notes {
        status::note(note);
    }
    status::note("dry run: nothing was changed");
    Ok(())
}

/// The status line before writing.
pub fn adding(spec: &AddSpec) {
    let c = &spec.component;
    status::verb(
        "Adding",
        format!(
            "{} `{}` (HCL type `{}`) to {}",
            c.kind,
            c.name,
            c.hcl_type,
            spec.root.display()
        ),
    );
}

/// The status lines after writing.
pub fn written(plan: &AddPlan) {
    status::verb("Created", format!("{} files", plan.creates.len()));
    for edit in &plan.edits {
        status::verb("Edited", &edit.path);
    }
}

/// The report (JSON), then the edits left to do by hand as the error, or how to use it.
pub fn done(spec: &AddSpec, plan: AddPlan, warnings: Vec<String>) -> Result<(), Error> {
    if spec.format == Format::Json {
        output::print_json(&add_report(spec, &plan, warnings))?;
    }
    if !plan.manual.is_empty() {
        return Err(Error::ManualSteps { steps: plan.manual });
    }
    if spec.format == Format::Text {
        status::text(format!(
            "\nUse it in a template:\n  {}\n\nNext:\n  go build ./... && make test\n  make testacc   # acceptance tests in real Packer\n",
            spec.component.kind.hcl_usage(&spec.component.hcl_type)
        ));
    }
    Ok(())
}

fn add_report(spec: &AddSpec, plan: &AddPlan, warnings: Vec<String>) -> AddReport {
    let mut files: Vec<FileReport> = plan.creates.iter().map(FileReport::create).collect();
    files.extend(plan.edits.iter().map(|e| FileReport::edit(e, spec.dry_run)));
    AddReport {
        schema: report::ADD_SCHEMA,
        dry_run: spec.dry_run,
        repository: spec.root.display().to_string(),
        component: (&spec.component).into(),
        files,
        manual_steps: plan.manual.clone(),
        notes: plan.notes.clone(),
        warnings,
    }
}

/// The dry-run text: the files to create as a tree with sizes, then a unified diff of every
/// file to edit.
fn describe(spec: &AddSpec, plan: &AddPlan) -> String {
    let mut creates = Plan::default();
    for file in &plan.creates {
        creates.insert(file.clone());
    }
    let mut out = format!(
        "Files to create:\n{}",
        creates.tree(&spec.root.display().to_string())
    );
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
