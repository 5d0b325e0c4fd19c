//! `remove --default-to`: the successor becomes its kind's default in the same change. It is
//! planned as `rename` plans a component whose HCL type changes (same name and folder; the
//! registration becomes `plugin.DEFAULT_NAME`, the HCL type the plugin's name), reading the
//! repository as the removal leaves it, and the two plans are merged into one: each file's
//! bytes before the removal and after the hand-over.

use super::RemovePlan;
use crate::domain::manifest::Manifest;
use crate::domain::model::Component;
use crate::domain::plan::FileEdit;
use crate::error::Error;
use crate::fs::view::View;
use crate::plan::rename::RenamePlan;
use crate::resolve::remove_spec::RemoveSpec;
use crate::resolve::rename_spec::RenameSpec;

impl RemovePlan {
    /// Plans `next` (the successor `was` made the default) on top of this plan, whose last
    /// edit is the manifest's, and merges both.
    pub(super) fn hand_over(
        &mut self,
        spec: &RemoveSpec,
        view: &View,
        manifest: Manifest,
        (was, next): &(Component, Component),
    ) -> Result<(), Error> {
        let manifest_file = self
            .edits
            .last()
            .map(|e| e.after.clone())
            .unwrap_or_default();
        let mut after = spec.after.clone();
        after.components.retain(|c| c.dir != was.dir);
        after.push_component(next.clone());
        let rename = RenameSpec {
            root: spec.root.clone(),
            manifest,
            manifest_file,
            before: spec.after.clone(),
            after,
            old: was.clone(),
            new: next.clone(),
            format: spec.format,
            dry_run: spec.dry_run,
            generate: spec.generate,
            sdk_differs: crate::resolve::conventions::sdk_differs(&spec.root)?,
        };
        let removed = view.then(&[], &self.edits, &self.deletes);
        let renamed = RenamePlan::make(&rename, &removed)?;
        self.merge(view, renamed);
        Ok(())
    }

    /// `second`, planned on this plan's result, folded into it: every file once, from its
    /// bytes in `view` (before either) to its bytes after both.
    fn merge(&mut self, view: &View, second: RenamePlan) {
        for edit in second.edits {
            self.set_after(view, &edit.path, edit.after);
        }
        for file in second.creates {
            if second.deletes.contains(&file.path) && view.read(&file.path).is_some() {
                self.set_after(view, &file.path, file.contents);
            } else {
                self.creates.push(file);
            }
        }
        for path in second.deletes {
            if self.creates.iter().any(|f| f.path == path) || self.is_edited(&path) {
                continue;
            }
            if let Some(bytes) = view.read(&path) {
                self.sizes
                    .insert(path.clone(), (bytes.len(), view.mode_of(&path)));
            }
            self.deletes.push(path);
        }
        self.edits.retain(|e| e.before != e.after);
        self.moved_changed = second.moved_changed;
        self.generate = second.generate;
        self.manual.extend(second.manual);
        self.notes.extend(second.notes);
    }

    fn is_edited(&self, path: &str) -> bool {
        self.edits.iter().any(|e| e.path == path)
    }

    /// The file at `path` ends as `after`: this plan's edit of it changed, or a new edit
    /// from its bytes in `view`.
    fn set_after(&mut self, view: &View, path: &str, after: Vec<u8>) {
        match self.edits.iter_mut().find(|e| e.path == path) {
            Some(edit) => edit.after = after,
            None => self.edits.push(FileEdit {
                path: path.to_owned(),
                before: view.read(path).unwrap_or_default(),
                after,
            }),
        }
    }
}
