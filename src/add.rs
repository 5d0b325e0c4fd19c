//! The `add` command: one more component in an existing repository. Its new files, the edits
//! that register and document it, and the updated manifest are planned in memory, shown
//! (`--dry-run`) or written all together; an edit point that cannot be found becomes exact
//! instructions and a non-zero exit, with everything else still done.

use std::path::Path;

use crate::cli::AddArgs;
use crate::config::Defaults;
use crate::edit_point::MissingEditPoint;
use crate::error::Error;
use crate::goedit::{self, NewRegistration, RegisteredName};
use crate::kind::Kind;
use crate::manifest::{self, FILE_NAME, Manifest};
use crate::model::{Component, Plugin};
use crate::names::check_name_shape;
use crate::plan::{FileEdit, Plan, PlannedFile};
use crate::post_steps::{self, StepOutcome};
use crate::render::Renderer;
use crate::repo::{self, GivenAnswers};
use crate::report::{self, AddReport, FileReport, Format};
use crate::{clock, docedit, hcledit, output, status, writer};

/// Everything `add` would do, computed before anything is written.
#[derive(Debug, Default)]
pub struct AddPlan {
    pub creates: Vec<PlannedFile>,
    pub edits: Vec<FileEdit>,
    /// Required edits that could not be made: what to do by hand.
    pub manual: Vec<String>,
    /// Things worth knowing that need no action from `add`.
    pub notes: Vec<String>,
    /// The module's requirements changed in a go.mod the user edited: `go mod tidy` is due.
    pub tidy: bool,
}

/// Runs `add`; `configured` holds the defaults from `PACKER_SCAFFOLD_*` and the config file.
pub fn run(args: AddArgs, configured: Defaults) -> Result<(), Error> {
    check_name_shape("component name", &args.name)?;
    let root = repo::find_root(&args.dir)?;
    let given = GivenAnswers {
        plugin: args.plugin.clone(),
        org: args.org.clone(),
        author: args.author.clone(),
        description: args.description.clone(),
        git_user: post_steps::GitUser::Unset,
        configured_org: configured.org,
        configured_author: configured.author,
    };
    let tidy = crate::cli::tidy_flag(args.tidy, args.no_tidy)
        .or(configured.tidy)
        .unwrap_or(true);
    let (mut plan, component) = plan_add(&root, args.kind, &args.name, given)?;

    if args.dry_run {
        match args.format {
            Format::Text => output::print(&describe_plan(&root, &plan)),
            Format::Json => output::print_json(&add_report(&root, &plan, &component, true)),
        }?;
        for note in &plan.notes {
            status::note(note);
        }
        status::note("dry run: nothing was changed");
        return Ok(());
    }

    for note in &plan.notes {
        status::note(note);
    }
    status::verb(
        "Adding",
        format!(
            "{} `{}` (HCL type `{}`) to {}",
            component.kind,
            component.name,
            component.hcl_type,
            root.display()
        ),
    );
    writer::apply(&root, &plan.creates, &plan.edits)?;
    status::verb("Created", format!("{} files", plan.creates.len()));
    for edit in &plan.edits {
        status::verb("Edited", &edit.path);
    }
    let mut warnings = Vec::new();
    if plan.tidy {
        if !tidy {
            let note = "the module's requirements changed; run `go mod tidy`";
            status::note(note);
            plan.notes.push(note.into());
        } else {
            match post_steps::go_mod_tidy(&root) {
                StepOutcome::Done { verb, what } => status::verb(verb, what),
                StepOutcome::Skipped(why) => {
                    status::note(&why);
                    plan.notes.push(why);
                }
                StepOutcome::Warning(why) => {
                    status::warning(&why);
                    warnings.push(why);
                }
            }
        }
    }
    if args.format == Format::Json {
        let mut report = add_report(&root, &plan, &component, false);
        report.warnings = warnings;
        output::print_json(&report)?;
    }
    if !plan.manual.is_empty() {
        return Err(Error::ManualSteps { steps: plan.manual });
    }
    if args.format == Format::Json {
        return Ok(());
    }
    status::text(format!(
        "\nUse it in a template:\n  {}\n\nNext:\n  go build ./... && make test\n  make testacc   # acceptance tests in real Packer\n",
        component.kind.hcl_usage(&component.hcl_type)
    ));
    Ok(())
}

fn add_report(root: &Path, plan: &AddPlan, component: &Component, dry_run: bool) -> AddReport {
    let mut files: Vec<FileReport> = plan.creates.iter().map(FileReport::create).collect();
    files.extend(plan.edits.iter().map(|e| FileReport::edit(e, dry_run)));
    AddReport {
        schema: report::ADD_SCHEMA,
        dry_run,
        repository: root.display().to_string(),
        component: component.into(),
        files,
        manual_steps: plan.manual.clone(),
        notes: plan.notes.clone(),
        warnings: Vec::new(),
    }
}

/// Plans adding a `kind` component called `name` to the repository at `root`.
pub fn plan_add(
    root: &Path,
    kind: Kind,
    name: &str,
    mut given: GivenAnswers,
) -> Result<(AddPlan, Component), Error> {
    let mut plan = AddPlan::default();
    let (mut manifest, manifest_before) = match Manifest::load(root)? {
        Some(manifest) => {
            refuse_answer_flags(&given)?;
            let text = std::fs::read(root.join(FILE_NAME))
                .map_err(|e| Error::io("read", root.join(FILE_NAME), e))?;
            (manifest, Some(text))
        }
        None => {
            given.git_user = post_steps::git_user_name(root);
            let (manifest, notes) = repo::infer_manifest(root, &given)?;
            plan.notes.extend(notes);
            (manifest, None)
        }
    };
    let before = manifest.plugin(clock::current_year());
    let component = new_component(root, &before, kind, name, &mut plan.notes)?;
    let mut after = before.clone();
    after.push_component(component.clone());

    let renderer = Renderer::new()?;
    plan.creates = renderer.component(&after, &component)?;
    plan_edits(
        root, &renderer, &manifest, &before, &after, &component, &mut plan,
    )?;

    for file in &plan.creates {
        manifest
            .files
            .insert(file.path.clone(), manifest::hash(&file.contents));
    }
    for edit in &plan.edits {
        if manifest.is_untouched(&edit.path, &edit.before) {
            manifest
                .files
                .insert(edit.path.clone(), manifest::hash(&edit.after));
        }
    }
    manifest.add_component(&component);
    manifest.stamp();
    match manifest_before {
        Some(before) => plan.edits.push(FileEdit {
            path: FILE_NAME.to_owned(),
            before,
            after: manifest.to_toml().into_bytes(),
        }),
        None => plan.creates.push(manifest.planned()),
    }
    Ok((plan, component))
}

/// The answers live in the manifest; flags that would silently disagree with it are refused.
fn refuse_answer_flags(given: &GivenAnswers) -> Result<(), Error> {
    let flags = [
        ("--plugin", &given.plugin),
        ("--org", &given.org),
        ("--author", &given.author),
        ("--description", &given.description),
    ];
    match flags.iter().find(|(_, v)| v.is_some()) {
        Some((flag, value)) => Err(Error::InvalidInput {
            what: flag.to_string(),
            value: value.as_deref().unwrap_or_default().to_owned(),
            problem: format!("this repository has {FILE_NAME}, which records the answers"),
            help: format!("edit [answers] in {FILE_NAME} instead, then run the command again"),
        }),
        None => Ok(()),
    }
}

/// The component to add, refused when it (or its registration) is already there.
/// The first component of a kind is the default (HCL type = plugin name), unless Packer has
/// that type built in: then it is named like the others, and `notes` says why.
fn new_component(
    root: &Path,
    plugin: &Plugin,
    kind: Kind,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Component, Error> {
    let mut component = Component::new(plugin, kind, name, !plugin.has_kind(kind));
    if component.is_default && kind.built_into_packer().contains(&plugin.name.as_str()) {
        component = Component::new(plugin, kind, name, false);
        notes.push(format!(
            "Packer has a {kind} `{}` of its own, so this one is `{}` rather than the plugin's name",
            plugin.name, component.hcl_type
        ));
    }
    crate::names::check_not_built_in("component name", name, kind, &component.hcl_type)?;
    let exists = |hcl_type: &str| Error::ComponentExists {
        what: format!("the {kind} `{name}` (HCL type `{hcl_type}`)"),
    };
    if let Some(existing) = plugin
        .components
        .iter()
        .find(|c| c.kind == kind && c.name == name)
    {
        return Err(exists(&existing.hcl_type));
    }
    let main_go = repo::read_text(root, "main.go")?.unwrap_or_default();
    if let Ok(found) = goedit::registrations(&main_go)
        && found.iter().any(|r| {
            r.register_fn == kind.register_fn()
                && r.import_path.as_deref() == Some(component.import_path.as_str())
        })
    {
        return Err(exists(&component.hcl_type));
    }
    Ok(component)
}

/// Every edit of an existing file: main.go, the docs list, metadata.hcl (required); the
/// README table and the changelog (optional); go.mod and go.sum when the requirements grow.
fn plan_edits(
    root: &Path,
    renderer: &Renderer,
    manifest: &Manifest,
    before: &Plugin,
    after: &Plugin,
    component: &Component,
    plan: &mut AddPlan,
) -> Result<(), Error> {
    let name = if component.is_default {
        RegisteredName::Default
    } else {
        RegisteredName::Named(component.name.clone())
    };
    let registration = NewRegistration {
        import_alias: &component.import_alias,
        import_path: &component.import_path,
        register_fn: component.register_fn,
        name: &name,
        go_type: component.go_type,
    };
    edit(root, "main.go", true, plan, |src| {
        goedit::add_registration(src, &registration)
    })?;

    let item = renderer.snippet(after, component, "docs-readme-item.md")?;
    let docs_before = repo::read_text(root, "docs/README.md")?;
    edit(root, "docs/README.md", true, plan, |src| {
        docedit::add_to_component_list(src, component.kind, &item)
    })?;
    mirror_web_docs_readme(root, docs_before, plan)?;

    let block = renderer.snippet(after, component, "metadata-component.hcl")?;
    edit(root, ".web-docs/metadata.hcl", true, plan, |src| {
        hcledit::add_component_block(src, &block)
    })?;

    let row = renderer.snippet(after, component, "readme-row.md")?;
    let layout_row = renderer.snippet(after, component, "readme-layout-row.md")?;
    edit(root, "README.md", false, plan, |src| {
        let src = docedit::add_component_row(src, "HCL type", &row, &component.dir)?;
        docedit::add_component_row(&src, "Contents", &layout_row, &component.dir)
    })?;
    let entry = renderer.snippet(after, component, "changelog-item.md")?;
    edit(root, "CHANGELOG.md", false, plan, |src| {
        docedit::add_changelog_item(src, &entry)
    })?;

    if component.kind == Kind::Builder && !before.has_kind(Kind::Builder) {
        // Builders need more of the SDK: the requirements in go.mod and go.sum grow.
        for path in ["go.mod", "go.sum"] {
            let bytes = std::fs::read(root.join(path)).unwrap_or_default();
            if manifest.is_untouched(path, &bytes) {
                let fresh = renderer.repo_file(after, path)?;
                plan.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: bytes,
                    after: fresh.contents,
                });
            } else {
                plan.tidy = true;
            }
        }
    }
    Ok(())
}

/// `.web-docs/README.md` is compiled from docs/README.md by `make generate`. When it is
/// current, it gets the same edit; otherwise the user is told to regenerate.
fn mirror_web_docs_readme(
    root: &Path,
    docs_before: Option<String>,
    plan: &mut AddPlan,
) -> Result<(), Error> {
    let Some(docs_edit) = plan.edits.iter().find(|e| e.path == "docs/README.md") else {
        return Ok(());
    };
    let web = repo::read_text(root, ".web-docs/README.md")?;
    if web.is_some() && web == docs_before {
        let after = docs_edit.after.clone();
        plan.edits.push(FileEdit {
            path: ".web-docs/README.md".into(),
            before: web.unwrap_or_default().into_bytes(),
            after,
        });
    } else {
        plan.notes.push(
            ".web-docs/README.md is not a copy of docs/README.md; run `make generate` to rebuild it"
                .into(),
        );
    }
    Ok(())
}

/// Plans one edit of the text file `path`. A missing edit point of a `required` edit becomes a
/// manual step; of an optional one, a note.
fn edit(
    root: &Path,
    path: &str,
    required: bool,
    plan: &mut AddPlan,
    change: impl FnOnce(&str) -> Result<String, MissingEditPoint>,
) -> Result<(), Error> {
    let text = repo::read_text(root, path)?;
    let result = change(text.as_deref().unwrap_or_default());
    match (text, result) {
        (Some(text), Ok(after)) => {
            if after != text {
                plan.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: text.into_bytes(),
                    after: after.into_bytes(),
                });
            }
        }
        (None, _) if !required => {
            plan.notes
                .push(format!("{path} does not exist, so it was not updated"));
        }
        (text, result) => {
            let instructions = match result {
                Err(missing) => missing.instructions,
                Ok(_) => format!("create {path}"),
            };
            let problem = match text {
                None => format!("{path} does not exist"),
                Some(_) => format!("could not find {} in {path}", edit_point(path)),
            };
            let step = format!("{problem}; {instructions}");
            if required {
                plan.manual.push(step);
            } else {
                plan.notes.push(step);
            }
        }
    }
    Ok(())
}

/// What `add` looks for in each file it edits, for messages.
fn edit_point(path: &str) -> &'static str {
    match path {
        "main.go" => "the import block and the plugin set's Register… calls",
        "docs/README.md" => "the component list",
        ".web-docs/metadata.hcl" => "the integration block",
        "README.md" => "the component table",
        _ => "the Unreleased/Added list",
    }
}

/// The dry-run report: the files to create as a tree with sizes, then a unified diff of
/// every file to edit.
pub fn describe_plan(root: &Path, plan: &AddPlan) -> String {
    let mut creates = Plan::default();
    for file in &plan.creates {
        creates.insert(file.clone());
    }
    let mut out = format!(
        "Files to create:\n{}",
        creates.tree(&root.display().to_string())
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
