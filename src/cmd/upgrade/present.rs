//! What `upgrade` shows: the check's verdict, the dry run's files and diffs, the status lines
//! while writing, what is left to you (kept files, files beside, conflicts), and the report
//! (JSON).

use crate::error::Error;
use crate::plan::upgrade::{Action, BESIDE_SUFFIX, UpgradePlan};
use crate::resolve::upgrade_spec::UpgradeSpec;
use crate::ui::report::{self, Format, UpgradeFile, UpgradeReport};
use crate::ui::{output, status};

/// `--check`, or a repository already current: the verdict (exit 1 when behind).
pub fn check(spec: &UpgradeSpec) -> Result<(), Error> {
    if spec.format == Format::Json {
        output::print_json(&report(spec, None, Vec::new()))?;
    }
    if spec.is_current() {
        status::verb(
            "Current",
            format!(
                "{} has the templates of this packer-scaffold ({})",
                spec.root.display(),
                spec.to
            ),
        );
        return Ok(());
    }
    Err(Error::UpgradeDue {
        from: from(spec),
        to: spec.to.clone(),
    })
}

/// `--dry-run`: each file with its action, then the diff of each file written.
pub fn dry_run(spec: &UpgradeSpec, plan: &UpgradePlan) -> Result<(), Error> {
    match spec.format {
        Format::Text => output::print(&describe(plan)),
        Format::Json => output::print_json(&report(spec, Some(plan), Vec::new())),
    }?;
    for note in notes(plan) {
        status::note(note);
    }
    status::note("dry run: nothing was changed");
    Ok(())
}

/// The status line before writing, and the warning of a two-way upgrade.
pub fn upgrading(spec: &UpgradeSpec) {
    status::verb(
        "Upgrading",
        format!(
            "{} from template version {} to {}",
            spec.root.display(),
            from(spec),
            spec.to
        ),
    );
    if spec.from_release.is_none() {
        status::warning(two_way(spec));
    }
}

/// The status lines after writing: how many files each action touched.
pub fn written(plan: &UpgradePlan) {
    for (verb, action) in [
        ("Replaced", Action::Replace),
        ("Merged", Action::Merge),
        ("Created", Action::Create),
        ("Deleted", Action::Delete),
        ("Beside", Action::Beside),
    ] {
        let files = plan.with(action);
        if !files.is_empty() {
            status::verb(verb, format!("{} file(s)", files.len()));
        }
    }
}

/// Conflicts stop the steps after writing.
pub fn after_conflicts() {
    status::note(
        "`go mod tidy` and `make generate` did not run: resolve the conflicts, then run them",
    );
}

pub fn tidy_left() {
    status::note("go.mod changed; run `go mod tidy`");
}

pub fn generate_left() {
    status::note("run `make generate` to bring the generated files up to date");
}

/// What is left to you, the report (JSON), and the conflicts as the error.
pub fn done(spec: &UpgradeSpec, plan: &UpgradePlan, warnings: Vec<String>) -> Result<(), Error> {
    for note in notes(plan) {
        status::note(note);
    }
    if spec.format == Format::Json {
        output::print_json(&report(spec, Some(plan), warnings))?;
    }
    if !plan.conflicts.is_empty() {
        return Err(Error::Conflicts {
            files: plan.conflicts.clone(),
        });
    }
    Ok(())
}

/// `f6b2c4cba2b1c00f (packer-scaffold 0.1.0)`, or the version alone when the history lacks it.
fn from(spec: &UpgradeSpec) -> String {
    match &spec.from_release {
        Some(release) => format!("{} (packer-scaffold {release})", spec.from),
        None => spec.from.clone(),
    }
}

fn two_way(spec: &UpgradeSpec) -> String {
    format!(
        "this packer-scaffold does not carry template version {}, so your changes cannot be \
         told from the templates': files you changed get the new version beside them as \
         <file>{BESIDE_SUFFIX}, to merge by hand",
        spec.from
    )
}

/// What the user should know of the files the upgrade leaves to them.
fn notes(plan: &UpgradePlan) -> Vec<String> {
    let said = [
        (
            Action::KeepRemoved,
            "no longer written by the templates, kept because you changed them (now yours)",
        ),
        (
            Action::KeepDeleted,
            "deleted by you, left deleted (the templates still write them)",
        ),
        (
            Action::Regenerate,
            "generated files you changed, left for `make generate` to rebuild",
        ),
        (
            Action::Beside,
            "changed by you; the templates' version is beside each as <file>.upgrade",
        ),
    ];
    said.into_iter()
        .filter_map(|(action, what)| {
            let files = plan.with(action);
            (!files.is_empty()).then(|| format!("{what}: {}", files.join(", ")))
        })
        .collect()
}

/// The dry-run text: every file by action, then the diffs.
fn describe(plan: &UpgradePlan) -> String {
    let mut out = String::new();
    for (path, action) in &plan.actions {
        out.push_str(&format!("{:<13} {path}\n", action.as_str()));
    }
    if !plan.edits.is_empty() {
        out.push('\n');
    }
    for edit in &plan.edits {
        out.push_str(&report::unified_diff(edit));
    }
    out
}

fn report(spec: &UpgradeSpec, plan: Option<&UpgradePlan>, warnings: Vec<String>) -> UpgradeReport {
    let mode = match (spec.is_current(), &spec.from_release) {
        (true, _) => "current",
        (false, Some(_)) => "three-way",
        (false, None) => "two-way",
    };
    let files = plan.map_or_else(Vec::new, |plan| {
        plan.actions
            .iter()
            .map(|(path, action)| UpgradeFile {
                path: path.clone(),
                action: action.as_str(),
                diff: spec
                    .dry_run
                    .then(|| plan.edits.iter().find(|e| &e.path == path))
                    .flatten()
                    .map(report::unified_diff),
            })
            .collect()
    });
    UpgradeReport {
        schema: report::UPGRADE_SCHEMA,
        dry_run: spec.dry_run,
        check: spec.check,
        repository: spec.root.display().to_string(),
        from: spec.from.clone(),
        from_release: spec.from_release.clone(),
        to: spec.to.clone(),
        mode,
        files,
        conflicts: plan.map_or_else(Vec::new, |p| p.conflicts.clone()),
        notes: plan.map_or_else(Vec::new, notes),
        warnings,
    }
}
