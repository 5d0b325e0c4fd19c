//! What `new` shows: the dry-run tree or report, the files `--force` keeps, and after writing
//! the summary (text) or the report (JSON).

use std::path::Path;

use crate::domain::model::Plugin;
use crate::error::{Error, shell};
use crate::plan::new::NewPlan;
use crate::resolve::new_spec::NewSpec;
use crate::ui::report::{self, FileReport, Format, NewReport};
use crate::ui::{output, status};

/// Warns about the files already there that differ from the templates, which are kept; the
/// same, shorter, for the JSON report.
pub fn kept_files(plan: &NewPlan, dry_run: bool) -> Option<String> {
    let kept = plan.kept();
    if kept.is_empty() {
        return None;
    }
    let (are, were) = match dry_run {
        true => ("would be", "would be"),
        false => ("are", "were"),
    };
    let list: String = kept.iter().map(|p| format!("\n  {p}")).collect();
    status::warning(format!(
        "{} file(s) already there differ from the templates; they {are} kept as they are:{list}",
        kept.len()
    ));
    Some(format!(
        "{} file(s) already there differ from the templates and {were} kept",
        kept.len()
    ))
}

/// `--dry-run`: the tree (or report) of what would be written.
pub fn dry_run(
    spec: &NewSpec,
    plan: &NewPlan,
    files: Vec<FileReport>,
    warnings: Vec<String>,
) -> Result<(), Error> {
    match spec.format {
        Format::Text => output::print(&dry_run_tree(plan, &spec.dest)),
        Format::Json => output::print_json(&new_report(spec, files, warnings)),
    }?;
    status::note("dry run: nothing was written");
    Ok(())
}

/// After writing: what the repository has and what to type next, or the report.
pub fn done(spec: &NewSpec, files: Vec<FileReport>, warnings: Vec<String>) -> Result<(), Error> {
    match spec.format {
        Format::Text => {
            status::text(summary(&spec.plugin, &spec.dest));
            Ok(())
        }
        Format::Json => output::print_json(&new_report(spec, files, warnings)),
    }
}

fn new_report(spec: &NewSpec, files: Vec<FileReport>, warnings: Vec<String>) -> NewReport {
    NewReport {
        schema: report::NEW_SCHEMA,
        dry_run: spec.dry_run,
        destination: spec.dest.display().to_string(),
        components: spec.plugin.components.iter().map(Into::into).collect(),
        files,
        warnings,
    }
}

/// The tree a dry run prints; with `--force`, each file already there is marked, and counted.
fn dry_run_tree(plan: &NewPlan, dest: &Path) -> String {
    let root = dest.display().to_string();
    let Some(fill) = &plan.fill else {
        return plan.plan.tree(&root);
    };
    let mut tree = plan.plan.tree_marked(&root, |path| {
        if fill.conflicts.iter().any(|p| p == path) {
            Some("already there and different: kept")
        } else if fill.identical.iter().any(|p| p == path) {
            Some("already there, the same")
        } else {
            None
        }
    });
    tree.push_str(&format!(
        "{} to create, {} already there and the same, {} kept\n",
        plan.plan.files.len() - fill.identical.len() - fill.conflicts.len(),
        fill.identical.len(),
        fill.conflicts.len()
    ));
    tree
}

/// Where the repository is, what it registers and what to type next.
fn summary(plugin: &Plugin, dest: &Path) -> String {
    let mut out = String::from("\nComponents:\n");
    let width = plugin
        .components
        .iter()
        .map(|c| c.kind.as_str().len())
        .max()
        .unwrap_or(0);
    let mut components: Vec<_> = plugin.components.iter().collect();
    components.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    for component in components {
        out.push_str(&format!(
            "  {:<width$}  {}\n",
            component.kind.as_str(),
            component.kind.hcl_usage(&component.hcl_type),
        ));
    }
    out.push_str(&format!(
        "\nNext:\n  cd {}\n  make dev       # build and install it into Packer (needs packer on PATH)\n  make test      # unit tests\n  make testacc   # acceptance tests in real Packer\n",
        shell::quote(&dest.display().to_string())
    ));
    out
}
