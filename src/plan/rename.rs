//! The plan of one `rename`, made in memory: each of the component's files moved to its new
//! path (rendered afresh where unchanged since written, else its own bytes with the old
//! package, paths and HCL type replaced), each edit `add` made replaced in place by the new
//! component's (`edit::undo::replace`), example/build.pkr.hcl and the CHANGELOG told, and the
//! manifest with the new component.

use std::collections::BTreeMap;

use crate::domain::manifest::{self, FILE_NAME};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::edit::component::{ComponentTexts, Piece};
use crate::edit::undo::{replace, undo};
use crate::edit::{go, markdown};
use crate::error::Error;
use crate::fs::view::View;
use crate::plan::web_docs;
use crate::render::renderer::Renderer;
use crate::resolve::rename_spec::RenameSpec;

/// Everything `rename` will change.
#[derive(Debug, Default)]
pub struct RenamePlan {
    pub creates: Vec<PlannedFile>,
    pub edits: Vec<FileEdit>,
    pub deletes: Vec<String>,
    /// Size and mode of each file deleted (moved away), for the report.
    pub sizes: BTreeMap<String, (usize, u32)>,
    /// Files that changed since written, moved with their text edited: `make generate` is due.
    pub moved_changed: Vec<String>,
    /// Each of `moved_changed` as it was: its old path and bytes, for the dry run's diffs.
    pub changed_before: BTreeMap<String, (String, Vec<u8>)>,
    /// Files rendered afresh quote the templates' SDK partials in a repository on another
    /// SDK: `make generate` is due.
    pub generate: bool,
    pub manual: Vec<String>,
    pub notes: Vec<String>,
}

impl RenamePlan {
    pub fn make(spec: &RenameSpec, view: &View) -> Result<RenamePlan, Error> {
        let mut plan = RenamePlan::default();
        let renderer = Renderer::new()?;
        let fresh = plan.move_files(spec, view, &renderer)?;
        plan.generate = spec.sdk_differs
            && plan
                .creates
                .iter()
                .any(|f| fresh.contains(&f.path) && renderer.calls_sdk_partials(f.template));
        if plan.generate {
            plan.notes.push(
                "go.mod requires another packer-plugin-sdk than the templates, whose docs \
                 partials the web-docs page rendered afresh quotes: `make generate` is due"
                    .into(),
            );
        }
        plan.replace_edits(spec, view, &renderer)?;
        plan.example(spec, view, &renderer)?;
        plan.record_in_manifest(spec, &fresh);
        Ok(plan)
    }

    /// Every file of the old component (rendered, or in its folder) to its new path; returns
    /// the paths rendered afresh, whose hashes the manifest records.
    fn move_files(
        &mut self,
        spec: &RenameSpec,
        view: &View,
        renderer: &Renderer,
    ) -> Result<Vec<String>, Error> {
        let old_files = renderer.component(&spec.before, &spec.old)?;
        let mut new_files: BTreeMap<&str, PlannedFile> = renderer
            .component(&spec.after, &spec.new)?
            .into_iter()
            .map(|f| (f.template, f))
            .collect();
        let mut fresh = Vec::new();
        let mut rendered = Vec::new();
        for old in old_files {
            rendered.push(old.path.clone());
            let Some(bytes) = view.read(&old.path) else {
                continue;
            };
            let Some(mut new) = new_files.remove(old.template) else {
                continue;
            };
            let size = (bytes.len(), view.mode_of(&old.path));
            if !spec.manifest.is_untouched(&old.path, &bytes) {
                self.changed_before
                    .insert(new.path.clone(), (old.path.clone(), bytes.clone()));
                new.contents = substituted(spec, bytes);
                self.moved_changed.push(new.path.clone());
            } else {
                fresh.push(new.path.clone());
            }
            self.sizes.insert(old.path.clone(), size);
            self.deletes.push(old.path);
            self.creates.push(new);
        }
        self.move_others(spec, view, &rendered);
        Ok(fresh)
    }

    /// Files in the old folder that no template writes (yours): moved, text edited.
    fn move_others(&mut self, spec: &RenameSpec, view: &View, rendered: &[String]) {
        for path in view.files_under(&spec.old.dir) {
            if rendered.contains(&path) {
                continue;
            }
            let Some(bytes) = view.read(&path) else {
                continue;
            };
            let new_path = format!("{}{}", spec.new.dir, &path[spec.old.dir.len()..]);
            self.sizes
                .insert(path.clone(), (bytes.len(), view.mode_of(&path)));
            self.moved_changed.push(new_path.clone());
            self.changed_before
                .insert(new_path.clone(), (path.clone(), bytes.clone()));
            self.creates.push(PlannedFile {
                path: new_path,
                template: "",
                contents: substituted(spec, bytes),
                mode: view.mode_of(&path),
            });
            self.deletes.push(path);
        }
    }

    /// main.go, docs/README.md (and its copy), metadata.hcl, README.md, CHANGELOG.md: the old
    /// component's insertions replaced by the new one's where they are.
    fn replace_edits(
        &mut self,
        spec: &RenameSpec,
        view: &View,
        renderer: &Renderer,
    ) -> Result<(), Error> {
        let old = ComponentTexts::of(&spec.old, |n| renderer.snippet(&spec.before, &spec.old, n))?;
        let new = ComponentTexts::of(&spec.new, |n| renderer.snippet(&spec.after, &spec.new, n))?;
        let docs = web_docs::docs_before(view)?;
        for (piece, path, required) in Piece::ALL {
            let Some(src) = view.read_text(path)? else {
                continue;
            };
            let needles = old.needles(piece, &src);
            let mut replaced = replaced(piece, &src, &old, &new);
            if piece == Piece::MainGo && replaced.is_none() {
                // Not as `add` writes it (an adopted repository): by its lines, checked.
                replaced = go::retarget_registration(
                    &src,
                    (&spec.old.import_path, &spec.new.import_path),
                    spec.old.go_type,
                    (&old.registered, &new.registered),
                );
            }
            if piece == Piece::Changelog && replaced.is_none() && spec.hcl_type_changes() {
                replaced = changed_line(spec, &src);
            }
            match replaced {
                Some(after) if after != src => self.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: src.into_bytes(),
                    after: after.into_bytes(),
                }),
                Some(_) => {}
                None if required => self.manual.push(format!(
                    "in {path}, change the lines packer-scaffold added for `{}` to name `{}`: {}",
                    spec.old.name,
                    spec.new.name,
                    needles.join(" / ")
                )),
                None => self.notes.push(format!("{path} was not updated")),
            }
        }
        web_docs::follow(view, docs.as_deref(), &mut self.edits, &mut self.notes)
    }

    /// example/build.pkr.hcl, where it uses the component: rendered again for the components
    /// it uses where untouched since written, else the old HCL type replaced in its uses.
    fn example(
        &mut self,
        spec: &RenameSpec,
        view: &View,
        renderer: &Renderer,
    ) -> Result<(), Error> {
        let (path, old, new) = ("example/build.pkr.hcl", &spec.old, &spec.new);
        let Some(text) = view.read_text(path)? else {
            return Ok(());
        };
        if !old.kind.used_in(&text, &old.hcl_type) {
            return Ok(());
        }
        let after = if spec.manifest.is_untouched(path, text.as_bytes()) {
            let mut used = spec.after.clone();
            used.components
                .retain(|c| c.dir == new.dir || c.kind.used_in(&text, &c.hcl_type));
            renderer.repo_file(&used, path)?.contents
        } else {
            let keyword = old.kind.hcl_keyword();
            text.replace(
                &format!("{keyword} \"{}\"", old.hcl_type),
                &format!("{keyword} \"{}\"", new.hcl_type),
            )
            .replace(
                &format!("\"source.{}.", old.hcl_type),
                &format!("\"source.{}.", new.hcl_type),
            )
            .into_bytes()
        };
        if after != text.as_bytes() {
            self.edits.push(FileEdit {
                path: path.to_owned(),
                before: text.into_bytes(),
                after,
            });
        }
        Ok(())
    }

    /// The manifest with the new component for the old, the moved files' hashes (only those
    /// rendered afresh) and those of the edited files it tracked unchanged.
    fn record_in_manifest(&mut self, spec: &RenameSpec, fresh: &[String]) {
        let mut m = spec.manifest.clone();
        m.components
            .retain(|c| !(c.kind == spec.old.kind && c.name == spec.old.name));
        m.add_component(&spec.new);
        for path in &self.deletes {
            m.files.remove(path);
        }
        for file in self.creates.iter().filter(|f| fresh.contains(&f.path)) {
            m.files
                .insert(file.path.clone(), manifest::hash(&file.contents));
        }
        for edit in &self.edits {
            if m.is_untouched(&edit.path, &edit.before) {
                m.files
                    .insert(edit.path.clone(), manifest::hash(&edit.after));
            }
        }
        m.touch();
        self.edits.push(FileEdit {
            path: FILE_NAME.to_owned(),
            before: spec.manifest_file.clone(),
            after: m.to_toml().into_bytes(),
        });
    }
}

/// The CHANGELOG of a released component renamed, with a line under Unreleased's "Changed"
/// saying its HCL type changes. A line an earlier rename put there (`X` is now the old type)
/// is taken back when the type returns to `X` (the released one: nothing changed for users),
/// else made to say `X` is now the new type, so the section never contradicts itself.
fn changed_line(spec: &RenameSpec, src: &str) -> Option<String> {
    let (old, new) = (&spec.old.hcl_type, &spec.new.hcl_type);
    let item = |from: &str, to: &str| {
        format!(
            "- The `{from}` {} is now `{to}`: templates that use `{from}` must change.\n",
            spec.old.kind
        )
    };
    let earlier = markdown::unreleased_lines(src)
        .into_iter()
        .find_map(|(range, line)| {
            let from = line.strip_prefix("- The `")?.split('`').next()?;
            (item(from, old).trim_end() == line).then(|| (range, from.to_owned()))
        });
    let Some((range, from)) = earlier else {
        return markdown::add_changelog_item_in(src, "Changed", &item(old, new)).ok();
    };
    if from == *new {
        let line = item(&from, old);
        let redo = |s: &str| markdown::add_changelog_item_in(s, "Changed", &line).ok();
        let mut out = src.to_owned();
        out.replace_range(range, "");
        return undo(src, &[line.trim_end()], redo).or(Some(out));
    }
    let mut out = src.to_owned();
    out.replace_range(range, &item(&from, new));
    Some(out)
}

/// `src` with `old`'s insertion of `piece` replaced by `new`'s; `None` when it is not found.
fn replaced(piece: Piece, src: &str, old: &ComponentTexts, new: &ComponentTexts) -> Option<String> {
    let old_needles = old.needles(piece, src);
    let old_needles: Vec<&str> = old_needles.iter().map(String::as_str).collect();
    let new_needles = new.needles(piece, "");
    let new_needles: Vec<&str> = new_needles.iter().map(String::as_str).collect();
    replace(
        src,
        &old_needles,
        |s| old.redo(piece, s),
        &new_needles,
        |s| new.redo(piece, s),
    )
}

/// A changed file's bytes for its new place: in text, the old package clause, import path,
/// folder and HCL type (as a word of its own) replaced by the new ones; other bytes as they
/// are.
fn substituted(spec: &RenameSpec, bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    let (old, new) = (&spec.old, &spec.new);
    let mut text = text
        .replace(
            &format!("package {}\n", old.package),
            &format!("package {}\n", new.package),
        )
        .replace(&old.import_path, &new.import_path)
        .replace(&format!("{}/", old.dir), &format!("{}/", new.dir));
    if spec.hcl_type_changes() {
        text = replace_word(&text, &old.hcl_type, &new.hcl_type);
    }
    text.into_bytes()
}

/// `text` with `old` replaced by `new` where it stands as a word of its own: not inside a
/// longer name of letters, digits, `_` and `-` (`source "x-a"` and `source.x-a.name` change,
/// `packer-plugin-x-a` does not).
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let part =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = match at {
            0 => out.chars().last(),
            _ => rest[..at].chars().last(),
        };
        let after = rest[at + old.len()..].chars().next();
        let word = !(part(before) || part(after));
        out.push_str(&rest[..at]);
        out.push_str(if word { new } else { old });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::replace_word;

    #[test]
    fn the_hcl_type_is_replaced_as_a_word_of_its_own() {
        let text = "source \"x-a\" \"n\" {}\nsources = [\"source.x-a.n\"]\nid := \"acme.x-a\"\n// packer-plugin-x-a, x-a-b\n";
        assert_eq!(
            replace_word(text, "x-a", "x"),
            "source \"x\" \"n\" {}\nsources = [\"source.x.n\"]\nid := \"acme.x\"\n// packer-plugin-x-a, x-a-b\n"
        );
    }
}
