//! The plan of one `remove`, made in memory: the component's files to delete (those unchanged
//! since packer-scaffold wrote them, or all with `--force`), the edits `add` made undone (each
//! undo proven by redoing the edit, see `edit::undo`), the CHANGELOG told, go.mod and go.sum
//! shrunk with the last builder, and the manifest without the component.

mod hand_over;

use std::collections::BTreeMap;

use crate::domain::kind::Kind;
use crate::domain::manifest::{self, FILE_NAME, Manifest};
use crate::domain::model::Component;
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::domain::skeleton::Skeleton;
use crate::edit::component::{ComponentTexts, Piece};
use crate::edit::undo::undo;
use crate::edit::{go, hcl, markdown, readme_section};
use crate::error::Error;
use crate::fs::view::View;
use crate::plan::{add, web_docs};
use crate::render::renderer::Renderer;
use crate::resolve::remove_spec::RemoveSpec;

/// Everything `remove` will change.
#[derive(Debug, Default)]
pub struct RemovePlan {
    /// Files a `--default-to` hand-over creates (a successor's example file at a new path).
    pub creates: Vec<PlannedFile>,
    pub edits: Vec<FileEdit>,
    /// Files to delete, `/`-separated, relative to the root.
    pub deletes: Vec<String>,
    /// The component's files that changed since they were written, kept (without `--force`).
    pub kept: Vec<String>,
    /// The component's files that changed since they were written, deleted all the same
    /// (`--force`); in `deletes` too.
    pub forced: Vec<String>,
    /// The successor's files that changed since written, with its old HCL type replaced.
    pub moved_changed: Vec<String>,
    /// The successor's files rendered afresh quote the templates' SDK partials in a repository
    /// on another SDK: `make generate` is due.
    pub generate: bool,
    /// Size and mode of each file deleted or kept, for the report.
    pub sizes: BTreeMap<String, (usize, u32)>,
    /// Edits that could not be undone: what to do by hand.
    pub manual: Vec<String>,
    pub notes: Vec<String>,
}

impl RemovePlan {
    pub fn make(spec: &RemoveSpec, view: &View) -> Result<RemovePlan, Error> {
        let mut plan = RemovePlan::default();
        let renderer = Renderer::new()?;
        plan.choose_deletes(spec, view, &renderer)?;
        let undoing = Undoing {
            spec,
            view,
            renderer: &renderer,
        };
        undoing.undo_edits(&mut plan)?;
        undoing.clear_hcp_flag(&mut plan)?;
        undoing.drop_readme_section(&mut plan)?;
        undoing.shrink_requirements(&mut plan)?;
        undoing.example(&mut plan)?;
        let manifest = plan.record_in_manifest(spec);
        if let Some(successor) = &spec.successor {
            plan.hand_over(spec, view, manifest, successor)?;
        }
        Ok(plan)
    }

    /// The files the component's templates write, plus whatever else is in its folder: each
    /// deleted when unchanged since written (or with `--force`), else kept.
    fn choose_deletes(
        &mut self,
        spec: &RemoveSpec,
        view: &View,
        renderer: &Renderer,
    ) -> Result<(), Error> {
        let mut paths: Vec<String> = renderer
            .component(&spec.before, &spec.component)?
            .into_iter()
            .map(|f| f.path)
            .collect();
        paths.extend(view.files_under(&spec.component.dir));
        paths.sort();
        paths.dedup();
        for path in paths {
            let Some(bytes) = view.read(&path) else {
                continue;
            };
            self.sizes
                .insert(path.clone(), (bytes.len(), view.mode_of(&path)));
            if spec.manifest.is_untouched(&path, &bytes) {
                self.deletes.push(path);
            } else if spec.force {
                self.forced.push(path.clone());
                self.deletes.push(path);
            } else {
                self.kept.push(path);
            }
        }
        Ok(())
    }

    /// The manifest without the component and the deleted files, with the new hashes of the
    /// edited files it tracked unchanged; the last edit, returned too.
    fn record_in_manifest(&mut self, spec: &RemoveSpec) -> Manifest {
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
        manifest.touch();
        self.edits.push(FileEdit {
            path: FILE_NAME.to_owned(),
            before: spec.manifest_file.clone(),
            after: manifest.to_toml().into_bytes(),
        });
        manifest
    }
}

/// The example's README, rendered for the components example/build.pkr.hcl uses.
const README: &str = "example/README.md";

/// What to do by hand when the edit of `path` cannot be undone: the lines to take out.
fn by_hand(path: &str, needles: &[&str]) -> String {
    format!(
        "remove the lines packer-scaffold added to {path} for the component: {}",
        needles.join(" / ")
    )
}

/// What the undone edits are planned from.
struct Undoing<'a> {
    spec: &'a RemoveSpec,
    view: &'a View<'a>,
    renderer: &'a Renderer,
}

impl Undoing<'_> {
    /// Every edit `add` made for the component undone (docs/README.md's copied to
    /// .web-docs/README.md where that is a copy); where the CHANGELOG line is not under
    /// Unreleased (the component was released), a line under "Removed".
    fn undo_edits(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        let texts = ComponentTexts::of(&spec.component, |name| {
            self.renderer.snippet(&spec.before, &spec.component, name)
        })?;
        let docs = web_docs::docs_before(self.view)?;
        for (piece, path, required) in Piece::ALL {
            let Some(src) = self.view.read_text(path)? else {
                continue;
            };
            let needles = texts.needles(piece, &src);
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let mut undone = undo(&src, &needles, |s| texts.redo(piece, s));
            if piece == Piece::MainGo && undone.is_none() {
                // Not as `add` writes it (an adopted repository): by its lines, checked.
                let c = &spec.component;
                undone = go::remove_registration(&src, &c.import_path, c.go_type);
            }
            if piece == Piece::Changelog && undone.is_none() {
                undone =
                    markdown::add_changelog_item_in(&src, "Removed", &texts.changelog_item).ok();
            }
            self.plan_undo(plan, path, src, undone, required, || {
                by_hand(path, &needles)
            });
        }
        web_docs::follow(self.view, docs.as_deref(), &mut plan.edits, &mut plan.notes)
    }

    /// With the last component that reports to HCP Packer gone, metadata.hcl's `hcp-ready`
    /// flag (as packer-scaffold writes it) goes too.
    fn clear_hcp_flag(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        if !add::reports_to_hcp(&spec.component)
            || spec.after.components.iter().any(add::reports_to_hcp)
        {
            return Ok(());
        }
        let flag =
            self.renderer
                .snippet(&spec.before, &spec.component, "metadata-hcp-ready.hcl")?;
        self.change_text(plan, ".web-docs/metadata.hcl", |text| {
            hcl::set_flag(text, &flag, false)
        });
        Ok(())
    }

    /// With the last component of the full skeleton gone, README.md's section on how such
    /// components are built goes too, where it is as packer-scaffold writes it.
    fn drop_readme_section(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        let full = |c: &Component| c.skeleton == Skeleton::Full;
        if !full(&spec.component) || spec.after.components.iter().any(full) {
            return Ok(());
        }
        let section =
            self.renderer
                .snippet(&spec.before, &spec.component, "readme-how-built.md")?;
        let mut edited = false;
        self.change_text(plan, "README.md", |text| {
            let removed = readme_section::remove(text, &section);
            edited = removed.is_none() && text.contains(readme_section::HEADING);
            removed
        });
        if edited {
            plan.notes.push(format!(
                "no component of the full skeleton is left, but README.md's \"{}\" section \
                 changed since packer-scaffold wrote it, so it stays: delete it if it no longer \
                 applies",
                readme_section::HEADING.trim_start_matches('#').trim()
            ));
        }
        Ok(())
    }

    /// Applies `change` to the text of `path` as this plan leaves it (its planned edit, else
    /// the file on disk), when it changes something.
    fn change_text(
        &self,
        plan: &mut RemovePlan,
        path: &str,
        change: impl FnOnce(&str) -> Option<String>,
    ) {
        let index = plan.edits.iter().position(|e| e.path == path);
        let current = match index {
            Some(i) => plan.edits[i].after.clone(),
            None => match self.view.read(path) {
                Some(bytes) => bytes,
                None => return,
            },
        };
        let Some(changed) = change(&String::from_utf8_lossy(&current)) else {
            return;
        };
        if changed.as_bytes() == current {
            return;
        }
        match index {
            Some(i) => plan.edits[i].after = changed.into_bytes(),
            None => plan.edits.push(FileEdit {
                path: path.to_owned(),
                before: current,
                after: changed.into_bytes(),
            }),
        }
    }

    /// With the last builder gone, go.mod and go.sum as `new` writes them for what is left,
    /// where they are as packer-scaffold wrote them; otherwise `go mod tidy` is due.
    fn shrink_requirements(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        if spec.component.kind != Kind::Builder || spec.after.has_kind(Kind::Builder) {
            return Ok(());
        }
        for path in ["go.mod", "go.sum"] {
            let bytes = self.view.read(path).unwrap_or_default();
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

    /// example/build.pkr.hcl, which `new` writes with every component it makes (`add` gives
    /// a component an example file of its own): where it uses the component and is untouched
    /// since written, rendered again for the components it uses less this one (with the
    /// successor in its place after `--default-to`); where it was changed, a manual step
    /// (none after `--default-to`: its uses reach the successor). example/README.md, which
    /// says what build.pkr.hcl uses, follows it where untouched.
    fn example(&self, plan: &mut RemovePlan) -> Result<(), Error> {
        let spec = self.spec;
        let (path, c) = ("example/build.pkr.hcl", &spec.component);
        let Some(text) = self.view.read_text(path)? else {
            return Ok(());
        };
        if !c.kind.used_in(&text, &c.hcl_type) {
            return Ok(());
        }
        if spec.manifest.is_untouched(path, text.as_bytes()) {
            let mut used = spec.after.clone();
            used.components
                .retain(|o| o.kind.used_in(&text, &o.hcl_type));
            if let Some((was, next)) = &spec.successor {
                // The removed default's uses now reach its successor, under the same HCL type.
                used.components.retain(|o| o.dir != was.dir);
                used.push_component(next.clone());
            }
            for (path, before) in [(path, Some(text)), (README, self.view.read_text(README)?)] {
                let Some(before) = before else { continue };
                let fresh = self.renderer.repo_file(&used, path)?.contents;
                let untouched =
                    path != README || spec.manifest.is_untouched(path, before.as_bytes());
                if untouched && fresh != before.as_bytes() {
                    plan.edits.push(FileEdit {
                        path: path.to_owned(),
                        before: before.into_bytes(),
                        after: fresh,
                    });
                }
            }
        } else if spec.successor.is_none() {
            plan.manual.push(format!(
                "remove the use of the {} `{}` ({} \"{}\") from {path}, which changed since \
                 packer-scaffold wrote it",
                c.kind,
                c.hcl_type,
                c.kind.hcl_keyword(),
                c.hcl_type
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
}
