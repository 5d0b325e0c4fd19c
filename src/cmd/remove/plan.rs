//! The plan of one `remove`, made in memory: the component's files to delete (those unchanged
//! since packer-scaffold wrote them, or all with `--force`), the edits `add` made undone (each
//! undo proven by redoing the edit, see `edit::undo`), the CHANGELOG told, go.mod and go.sum
//! shrunk with the last builder, and the manifest without the component.

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::kind::Kind;
use crate::domain::manifest::{self, FILE_NAME};
use crate::domain::plan::FileEdit;
use crate::domain::registration::RegisteredName;
use crate::edit::go::{self, NewRegistration};
use crate::edit::undo::undo;
use crate::edit::{hcl, markdown};
use crate::error::Error;
use crate::fs::repo;
use crate::render::renderer::Renderer;
use crate::render::templates;
use crate::resolve::remove_spec::RemoveSpec;

/// Everything `remove` will change.
#[derive(Debug, Default)]
pub struct RemovePlan {
    pub edits: Vec<FileEdit>,
    /// Files to delete, `/`-separated, relative to the root.
    pub deletes: Vec<String>,
    /// The component's files that changed since they were written, kept (without `--force`).
    pub kept: Vec<String>,
    /// Size and mode of each file deleted or kept, for the report.
    pub sizes: BTreeMap<String, (usize, u32)>,
    /// Edits that could not be undone: what to do by hand.
    pub manual: Vec<String>,
    pub notes: Vec<String>,
}

impl RemovePlan {
    pub fn make(spec: &RemoveSpec) -> Result<RemovePlan, Error> {
        let mut plan = RemovePlan::default();
        let renderer = Renderer::new()?;
        plan.choose_deletes(spec, &renderer)?;
        let undoing = Undoing {
            spec,
            renderer: &renderer,
        };
        undoing.unregister(&mut plan)?;
        undoing.undocument(&mut plan)?;
        undoing.unlist(&mut plan)?;
        undoing.shrink_requirements(&mut plan)?;
        undoing.example(&mut plan)?;
        plan.record_in_manifest(spec);
        Ok(plan)
    }

    /// The files the component's templates write, plus whatever else is in its folder: each
    /// deleted when unchanged since written (or with `--force`), else kept.
    fn choose_deletes(&mut self, spec: &RemoveSpec, renderer: &Renderer) -> Result<(), Error> {
        let root = &spec.root;
        let mut paths: Vec<String> = renderer
            .component(&spec.before, &spec.component)?
            .into_iter()
            .map(|f| f.path)
            .collect();
        paths.extend(files_under(root, &spec.component.dir));
        paths.sort();
        paths.dedup();
        for path in paths {
            let Ok(bytes) = std::fs::read(root.join(&path)) else {
                continue;
            };
            self.sizes
                .insert(path.clone(), (bytes.len(), mode_of(&root.join(&path))));
            if spec.force || spec.manifest.is_untouched(&path, &bytes) {
                self.deletes.push(path);
            } else {
                self.kept.push(path);
            }
        }
        Ok(())
    }

    /// The manifest without the component and the deleted files, with the new hashes of the
    /// edited files it tracked unchanged.
    fn record_in_manifest(&mut self, spec: &RemoveSpec) {
        let mut manifest = spec.manifest.clone();
        manifest
            .components
            .retain(|c| !(c.kind == spec.component.kind && c.name == spec.component.name));
        for path in &self.deletes {
            manifest.files.remove(path);
        }
        for edit in &self.edits {
            if manifest.is_untouched(&edit.path, &edit.before) {
                manifest
                    .files
                    .insert(edit.path.clone(), manifest::hash(&edit.after));
            }
        }
        manifest.stamp(templates::version());
        self.edits.push(FileEdit {
            path: FILE_NAME.to_owned(),
            before: spec.manifest_file.clone(),
            after: manifest.to_toml().into_bytes(),
        });
    }
}

/// A file's permission bits (0o644 where the platform has none).
fn mode_of(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            return meta.permissions().mode() & 0o7777;
        }
    }
    let _ = path;
    0o644
}

/// Every regular file under `dir` (relative to `root`), `/`-separated.
fn files_under(root: &Path, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(at) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file()
                && let Ok(rel) = path.strip_prefix(root)
            {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

/// What the undone edits are planned from.
struct Undoing<'a> {
    spec: &'a RemoveSpec,
    renderer: &'a Renderer,
}

impl Undoing<'_> {
    /// main.go: the component's import and `Register…` call.
    fn unregister(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let c = &self.spec.component;
        let name = if c.is_default {
            RegisteredName::Default
        } else {
            RegisteredName::Named(c.name.clone())
        };
        let registration = NewRegistration {
            import_alias: &c.import_alias,
            import_path: &c.import_path,
            register_fn: c.register_fn,
            name: &name,
            go_type: c.go_type,
        };
        let Some(src) = repo::read_text(&self.spec.root, "main.go")? else {
            return Ok(());
        };
        let import = format!("\"{}\"", c.import_path);
        let alias = src
            .lines()
            .find(|l| l.contains(&import))
            .and_then(|l| l.split_whitespace().next())
            .filter(|first| !first.starts_with('"'))
            .unwrap_or(&c.package)
            .to_owned();
        let call = format!("new({alias}.{})", c.go_type);
        let undone = undo(&src, &[&import, &call], |s| {
            go::add_registration(s, &registration).ok()
        });
        self.plan_undo(plan, "main.go", src, undone, true, || {
            format!(
                "remove the import of \"{}\" and the call registering `{}` from main.go",
                c.import_path, call
            )
        });
        Ok(())
    }

    /// docs/README.md's list item (and its copy in .web-docs), and metadata.hcl's block.
    fn undocument(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let kind = self.spec.component.kind;
        let item = self.snippet("docs-readme-item.md")?;
        let docs = repo::read_text(&self.spec.root, "docs/README.md")?;
        if let Some(src) = docs.clone() {
            let undone = undo(&src, &[item.trim_end()], |s| {
                markdown::add_to_component_list(s, kind, &item).ok()
            });
            self.plan_undo(plan, "docs/README.md", src, undone, true, || {
                format!("remove this line from docs/README.md: {}", item.trim_end())
            });
        }
        self.mirror_web_docs(plan, docs)?;
        let block = self.snippet("metadata-component.hcl")?;
        if let Some(src) = repo::read_text(&self.spec.root, ".web-docs/metadata.hcl")? {
            let undone = undo(&src, &[block.trim()], |s| {
                hcl::add_component_block(s, &block).ok()
            });
            self.plan_undo(plan, ".web-docs/metadata.hcl", src, undone, true, || {
                format!(
                    "remove the component block of slug \"{}\" from .web-docs/metadata.hcl",
                    self.spec.component.slug
                )
            });
        }
        Ok(())
    }

    /// .web-docs/README.md gets docs/README.md's edit where it is a copy of it.
    fn mirror_web_docs(&self, plan: &mut RemovePlan, docs: Option<String>) -> Result<(), Error> {
        let Some(docs_edit) = plan.edits.iter().find(|e| e.path == "docs/README.md") else {
            return Ok(());
        };
        let web = repo::read_text(&self.spec.root, ".web-docs/README.md")?;
        match web {
            Some(web) if Some(&web) == docs.as_ref() => {
                let after = docs_edit.after.clone();
                plan.edits.push(FileEdit {
                    path: ".web-docs/README.md".into(),
                    before: web.into_bytes(),
                    after,
                });
            }
            _ => plan.notes.push(
                ".web-docs/README.md is not a copy of docs/README.md; run `make generate` to \
                 rebuild it"
                    .into(),
            ),
        }
        Ok(())
    }

    /// README.md's table rows, and CHANGELOG.md: the line under Unreleased taken out, or, when
    /// the component was released, a line under "Removed".
    fn unlist(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let c = &self.spec.component;
        let row = self.snippet("readme-row.md")?;
        let layout_row = self.snippet("readme-layout-row.md")?;
        if let Some(src) = repo::read_text(&self.spec.root, "README.md")? {
            let undone = undo(&src, &[row.trim_end(), layout_row.trim_end()], |s| {
                let s = markdown::add_component_row(s, "HCL type", &row, &c.dir).ok()?;
                markdown::add_component_row(&s, "Contents", &layout_row, &c.dir).ok()
            });
            self.plan_undo(plan, "README.md", src, undone, false, || {
                format!("the rows naming `{}/` in README.md were left", c.dir)
            });
        }
        let item = self.snippet("changelog-item.md")?;
        let Some(src) = repo::read_text(&self.spec.root, "CHANGELOG.md")? else {
            return Ok(());
        };
        let undone = undo(&src, &[item.trim_end()], |s| {
            markdown::add_changelog_item(s, &item).ok()
        })
        .or_else(|| markdown::add_changelog_item_in(&src, "Removed", &item).ok());
        self.plan_undo(plan, "CHANGELOG.md", src, undone, false, || {
            "CHANGELOG.md has no Unreleased section to say so in".into()
        });
        Ok(())
    }

    /// With the last builder gone, go.mod and go.sum as `new` writes them for what is left,
    /// where they are as packer-scaffold wrote them; otherwise `go mod tidy` is due.
    fn shrink_requirements(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        if spec.component.kind != Kind::Builder || spec.after.has_kind(Kind::Builder) {
            return Ok(());
        }
        for path in ["go.mod", "go.sum"] {
            let bytes = std::fs::read(spec.root.join(path)).unwrap_or_default();
            if spec.manifest.is_untouched(path, &bytes) {
                let fresh = self.renderer.repo_file(&spec.after, path)?;
                if fresh.contents != bytes {
                    plan.edits.push(FileEdit {
                        path: path.to_owned(),
                        before: bytes,
                        after: fresh.contents,
                    });
                }
            } else {
                plan.notes.push(format!(
                    "the last builder is gone and {path} changed since packer-scaffold wrote it; \
                     run `go mod tidy`"
                ));
            }
        }
        Ok(())
    }

    /// example/build.pkr.hcl, which `new` writes with every component it makes: rendered again
    /// without the component where untouched since written; otherwise, if it uses the
    /// component, a manual step. (`add` gives a component an example file of its own.)
    fn example(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        let path = "example/build.pkr.hcl";
        let Some(text) = repo::read_text(&spec.root, path)? else {
            return Ok(());
        };
        if spec.manifest.is_untouched(path, text.as_bytes()) {
            let fresh = self.renderer.repo_file(&spec.after, path)?;
            if fresh.contents != text.as_bytes() {
                plan.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: text.into_bytes(),
                    after: fresh.contents,
                });
            }
            return Ok(());
        }
        let c = &spec.component;
        let usage = c.kind.hcl_usage(&c.hcl_type);
        let keyword = usage.split(' ').next().unwrap_or_default();
        if text.contains(&format!("{keyword} \"{}\"", c.hcl_type)) {
            plan.manual.push(format!(
                "remove the use of the {} `{}` ({keyword} \"{}\") from {path}, which changed \
                 since packer-scaffold wrote it",
                c.kind, c.hcl_type, c.hcl_type
            ));
        }
        Ok(())
    }

    /// An undone edit, or, when none was proven, a manual step (`required`) or a note.
    fn plan_undo(
        &self,
        plan: &mut RemovePlan,
        path: &str,
        before: String,
        undone: Option<String>,
        required: bool,
        by_hand: impl FnOnce() -> String,
    ) {
        match undone {
            Some(after) if after != before => plan.edits.push(FileEdit {
                path: path.to_owned(),
                before: before.into_bytes(),
                after: after.into_bytes(),
            }),
            Some(_) => {}
            None if required => plan.manual.push(by_hand()),
            None => plan.notes.push(by_hand()),
        }
    }

    fn snippet(&self, name: &str) -> Result<String, Error> {
        self.renderer
            .snippet(&self.spec.before, &self.spec.component, name)
    }
}
