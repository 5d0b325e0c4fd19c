//! `add`'s plan: the new component's files rendered in memory, every edit of an existing file
//! (found by structure: Go, Markdown, HCL), and the manifest brought up to date. An edit
//! point that cannot be found becomes a step to do by hand.

use std::path::Path;

use crate::domain::kind::Kind;
use crate::domain::manifest::{self, FILE_NAME, Manifest};
use crate::domain::model::{Component, Plugin};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::domain::registration::RegisteredName;
use crate::domain::skeleton::Skeleton;
use crate::edit::edit_point::MissingEditPoint;
use crate::edit::go::{self, NewRegistration};
use crate::edit::{hcl, markdown, readme_section};
use crate::error::Error;
use crate::fs::repo;
use crate::fs::view::View;
use crate::plan::web_docs;
use crate::render::renderer::Renderer;
use crate::resolve::add_spec::AddSpec;

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
    /// Why `make generate` is due after the change, if it is: a new docs page inlines the
    /// SDK's docs partials in its web-docs copy as the templates' SDK words them, in a
    /// repository on another SDK; or the repository compiles its web-docs pages with a script
    /// of its own.
    pub generate: Option<&'static str>,
}

impl AddPlan {
    /// Plans every change `spec` asks for, changing nothing.
    pub fn make(spec: &AddSpec) -> Result<AddPlan, Error> {
        let mut plan = AddPlan {
            notes: spec.notes.clone(),
            ..AddPlan::default()
        };
        let mut after = spec.before.clone();
        after.push_component(spec.component.clone());
        let renderer = Renderer::new()?;
        plan.creates = renderer.component(&after, &spec.component)?;
        plan.generate = generate_due(spec, &renderer, &plan.creates);
        let change = Change {
            root: &spec.root,
            renderer: &renderer,
            manifest: &spec.manifest,
            before: &spec.before,
            after: &after,
            component: &spec.component,
        };
        change.plan_edits(&mut plan)?;
        plan.record_in_manifest(spec);
        Ok(plan)
    }

    /// The manifest with the new files, the edits of untouched files and the component.
    fn record_in_manifest(&mut self, spec: &AddSpec) {
        let mut manifest = spec.manifest.clone();
        for file in &self.creates {
            manifest
                .files
                .insert(file.path.clone(), manifest::hash(&file.contents));
        }
        for edit in &self.edits {
            if manifest.is_untouched(&edit.path, &edit.before) {
                manifest
                    .files
                    .insert(edit.path.clone(), manifest::hash(&edit.after));
            }
        }
        manifest.add_component(&spec.component);
        manifest.touch();
        match &spec.manifest_file {
            Some(before) => self.edits.push(FileEdit {
                path: FILE_NAME.to_owned(),
                before: before.clone(),
                after: manifest.to_toml().into_bytes(),
            }),
            None => self.creates.push(manifest.planned()),
        }
    }
}

/// Why `make generate` is due after writing `creates`, if it is: the generated files of this
/// repository are what its `make generate` makes, not always what the templates render.
fn generate_due(
    spec: &AddSpec,
    renderer: &Renderer,
    creates: &[PlannedFile],
) -> Option<&'static str> {
    if spec.sdk_differs
        && creates
            .iter()
            .any(|f| renderer.calls_sdk_partials(f.template))
    {
        return Some(
            "go.mod requires another packer-plugin-sdk than the templates, whose docs partials \
             the new web-docs page quotes",
        );
    }
    let web_docs_page = creates.iter().any(|f| f.path.starts_with(".web-docs/"));
    (spec.web_docs_script_differs && web_docs_page).then_some(
        "the repository compiles its web-docs pages with a compile-to-webdocs.sh of its own, \
         not the templates' that rendered the new page",
    )
}

/// What the edits of existing files are planned from.
struct Change<'a> {
    root: &'a Path,
    renderer: &'a Renderer,
    manifest: &'a Manifest,
    before: &'a Plugin,
    after: &'a Plugin,
    component: &'a Component,
}

impl Change<'_> {
    /// Every edit of an existing file: main.go, the docs list, metadata.hcl (required); the
    /// README table and the changelog (optional); go.mod and go.sum when the requirements grow.
    fn plan_edits(&self, plan: &mut AddPlan) -> Result<(), Error> {
        self.register(plan)?;
        self.document(plan)?;
        self.list_in_readme_and_changelog(plan)?;
        self.grow_requirements(plan)
    }

    /// main.go: the import and the `Register…` call.
    fn register(&self, plan: &mut AddPlan) -> Result<(), Error> {
        let component = self.component;
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
        edit(self.root, "main.go", true, plan, |src| {
            go::add_registration(src, &registration)
        })
    }

    /// docs/README.md's component list (and its copy in .web-docs), and metadata.hcl.
    fn document(&self, plan: &mut AddPlan) -> Result<(), Error> {
        let (root, c) = (self.root, self.component);
        let item = self.snippet("docs-readme-item.md")?;
        let view = View::disk(root);
        let docs_before = web_docs::docs_before(&view)?;
        edit(root, "docs/README.md", true, plan, |src| {
            markdown::add_to_component_list(src, c.kind, &item)
        })?;
        web_docs::follow(
            &view,
            docs_before.as_deref(),
            &mut plan.edits,
            &mut plan.notes,
        )?;
        let block = self.snippet("metadata-component.hcl")?;
        // Its artifacts report to HCP Packer: the plugin is then `hcp-ready`.
        let flag = reports_to_hcp(c)
            .then(|| self.snippet("metadata-hcp-ready.hcl"))
            .transpose()?;
        edit(root, ".web-docs/metadata.hcl", true, plan, |src| {
            let out = hcl::add_component_block(src, &block)?;
            Ok(match &flag {
                Some(flag) => hcl::set_flag(&out, flag, true).unwrap_or(out),
                None => out,
            })
        })
    }

    /// README.md's tables and CHANGELOG.md's Unreleased list, where the files have them.
    fn list_in_readme_and_changelog(&self, plan: &mut AddPlan) -> Result<(), Error> {
        let dir = &self.component.dir;
        let row = self.snippet("readme-row.md")?;
        let layout_row = self.snippet("readme-layout-row.md")?;
        // The first component of the full skeleton brings the section on how they are built
        // (only the first: a section the user deleted since stays deleted).
        let full = |c: &Component| c.skeleton == Skeleton::Full;
        let section = (full(self.component) && !self.before.components.iter().any(full))
            .then(|| self.snippet("readme-how-built.md"))
            .transpose()?;
        edit(self.root, "README.md", false, plan, |src| {
            let src = markdown::add_component_row(src, "HCL type", &row, dir)?;
            let src = markdown::add_component_row(&src, "Contents", &layout_row, dir)?;
            let with_section = section
                .as_deref()
                .and_then(|s| readme_section::insert(&src, s));
            Ok(with_section.unwrap_or(src))
        })?;
        let entry = self.snippet("changelog-item.md")?;
        edit(self.root, "CHANGELOG.md", false, plan, |src| {
            markdown::add_changelog_item(src, &entry)
        })
    }

    /// The first builder needs more of the SDK: go.mod and go.sum are rendered afresh where
    /// they are as `new` wrote them; otherwise `go mod tidy` is due.
    fn grow_requirements(&self, plan: &mut AddPlan) -> Result<(), Error> {
        if self.component.kind != Kind::Builder || self.before.has_kind(Kind::Builder) {
            return Ok(());
        }
        for path in ["go.mod", "go.sum"] {
            let bytes = repo::read_bytes(self.root, path)?.unwrap_or_default();
            if self.manifest.is_untouched(path, &bytes) {
                let fresh = self.renderer.repo_file(self.after, path)?;
                plan.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: bytes,
                    after: fresh.contents,
                });
            } else {
                plan.tidy = true;
            }
        }
        Ok(())
    }

    /// `snippets/<name>.tera` rendered for the component.
    fn snippet(&self, name: &str) -> Result<String, Error> {
        self.renderer.snippet(self.after, self.component, name)
    }
}

/// Whether `c`'s artifacts describe their images to HCP Packer, which makes a plugin
/// `hcp-ready` in metadata.hcl: a builder or post-processor of the full skeleton.
pub fn reports_to_hcp(c: &Component) -> bool {
    matches!(c.kind, Kind::Builder | Kind::PostProcessor) && c.skeleton == Skeleton::Full
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
