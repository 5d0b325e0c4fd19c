//! The plan of one `upgrade`, made in memory: every file the old or the current templates
//! write for the repository (or the manifest records) decided three ways (`decide`), from
//! what the two template sets render for the manifest's answers and components (`rendered`);
//! the creates, edits and deletes that follow; and the manifest with the new template version
//! and the hash of each file as the current templates write it, so a later upgrade takes your
//! edits, conflict resolutions included, for edits.

mod decide;
mod eol;
mod go_mod;
mod rendered;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use decide::Action;

use crate::domain::manifest::{self, FILE_NAME};
use crate::domain::plan::{FileEdit, PlannedFile};
use crate::edit::component::Piece;
use crate::error::Error;
use crate::fs::repo;
use crate::render::renderer::Renderer;
use crate::resolve::upgrade_spec::UpgradeSpec;
use decide::{Versions, decide};

/// The files an upgrade decides: those packer-scaffold wrote (the manifest records them), and,
/// in a repository `new` made (it records main.go), those the current templates write and the
/// old ones did not. A repository packer-scaffold adopted keeps its own repository files: only
/// what `add` wrote there is upgraded.
fn considered<'a>(
    spec: &'a UpgradeSpec,
    base: &'a BTreeMap<String, PlannedFile>,
    theirs: &'a BTreeMap<String, PlannedFile>,
) -> BTreeSet<&'a String> {
    let files = &spec.manifest.files;
    let mut paths: BTreeSet<&String> = files.keys().filter(|p| *p != FILE_NAME).collect();
    if files.contains_key("main.go") {
        paths.extend(theirs.keys().filter(|p| !base.contains_key(*p)));
    }
    paths
}

/// In a grown repository, the files `add` edits in place, base and theirs alike, as `new` and
/// then `add` wrote them (in the order the base's replay proves against the manifest), so the
/// order of their lines is not taken for a change of the templates.
fn replay_edits(
    base: &mut BTreeMap<String, PlannedFile>,
    theirs: &mut BTreeMap<String, PlannedFile>,
    (old, current): (&Renderer, &Renderer),
    spec: &UpgradeSpec,
    added: &[String],
) {
    let proven = rendered::replayed(old, &spec.plugin, added, &spec.manifest);
    for (piece, path, _) in Piece::ALL {
        let Some((contents, reverse)) = proven.get(path) else {
            continue;
        };
        let again = rendered::replay(current, &spec.plugin, added, (piece, path), *reverse);
        if let (Some(file), Some(again)) = (theirs.get_mut(path), again) {
            file.contents = again;
        }
        if let Some(file) = base.get_mut(path) {
            file.contents = contents.clone();
        }
    }
    let web = ".web-docs/README.md";
    if let (Some((contents, _)), Some(docs)) = (proven.get(web), theirs.get("docs/README.md")) {
        let docs = docs.contents.clone();
        if let Some(file) = base.get_mut(web) {
            file.contents = contents.clone();
        }
        if let Some(file) = theirs.get_mut(web) {
            file.contents = docs;
        }
    }
}

/// The suffix of the templates' version written beside a changed file in a two-way upgrade.
pub const BESIDE_SUFFIX: &str = ".upgrade";

/// Everything `upgrade` will change.
#[derive(Debug, Default)]
pub struct UpgradePlan {
    /// Every file the upgrade does something to (or keeps on purpose), by path.
    pub actions: BTreeMap<String, Action>,
    pub creates: Vec<PlannedFile>,
    pub edits: Vec<FileEdit>,
    pub deletes: Vec<String>,
    /// Files written with conflict markers.
    pub conflicts: Vec<String>,
    /// Whether the base was known (else two-way).
    pub three_way: bool,
}

impl UpgradePlan {
    pub fn make(spec: &UpgradeSpec) -> Result<UpgradePlan, Error> {
        let current = Renderer::new()?;
        let old = Renderer::released(&spec.from)?;
        let added = rendered::added(&current, &spec.plugin, &spec.manifest)?;
        let mut theirs = rendered::rendered(&current, &spec.plugin, &added)?;
        let mut base = BTreeMap::new();
        if let Some(old) = &old {
            base = rendered::rendered(old, &spec.plugin, &added)?;
            replay_edits(&mut base, &mut theirs, (old, &current), spec, &added);
        }
        let mut plan = UpgradePlan {
            three_way: old.is_some(),
            ..UpgradePlan::default()
        };
        let paths = considered(spec, &base, &theirs);
        for &path in &paths {
            let raw = repo::read_bytes(&spec.root, path)?;
            let crlf = raw.as_deref().is_some_and(eol::uses_crlf);
            let ours = raw
                .as_deref()
                .map(|r| if crlf { eol::to_lf(r) } else { r.to_vec() });
            let versions = Versions {
                path,
                base: base.get(path).map(|f| f.contents.as_slice()),
                ours: ours.as_deref(),
                theirs: theirs.get(path).map(|f| f.contents.as_slice()),
                recorded: spec.manifest.files.contains_key(path),
                untouched: [raw.as_deref(), ours.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|o| spec.manifest.is_untouched(path, o)),
                three_way: plan.three_way,
            };
            let (action, after) = decide(versions);
            let after = after.map(|a| if crlf { eol::to_crlf(&a) } else { a });
            plan.record(&spec.root, path, action, (raw, after), theirs.get(path));
        }
        plan.record_in_manifest(spec, &theirs, &paths);
        Ok(plan)
    }

    /// What `action` writes for `path`: from `ours` (on disk) to `after`.
    fn record(
        &mut self,
        root: &Path,
        path: &str,
        action: Action,
        (ours, after): (Option<Vec<u8>>, Option<Vec<u8>>),
        theirs: Option<&PlannedFile>,
    ) {
        if action == Action::Unchanged {
            return;
        }
        self.actions.insert(path.to_owned(), action);
        match (action, after, theirs) {
            (Action::Create, Some(contents), Some(file)) => self.creates.push(PlannedFile {
                contents,
                ..file.clone()
            }),
            (Action::Beside, Some(contents), Some(file)) => self.beside(root, path, contents, file),
            (Action::Delete, _, _) => self.deletes.push(path.to_owned()),
            (Action::Replace | Action::Merge | Action::Conflict, Some(after), _) => {
                if action == Action::Conflict {
                    self.conflicts.push(path.to_owned());
                }
                self.edits.push(FileEdit {
                    path: path.to_owned(),
                    before: ours.unwrap_or_default(),
                    after,
                });
            }
            _ => {}
        }
    }

    /// The templates' version of `path` written at `<path>.upgrade`.
    fn beside(&mut self, root: &Path, path: &str, contents: Vec<u8>, file: &PlannedFile) {
        let at = format!("{path}{BESIDE_SUFFIX}");
        match repo::read_bytes(root, &at).ok().flatten() {
            Some(before) => self.edits.push(FileEdit {
                path: at,
                before,
                after: contents,
            }),
            None => self.creates.push(PlannedFile {
                path: at,
                contents,
                ..file.clone()
            }),
        }
    }

    /// The manifest at the current template version: each file decided recorded with the hash
    /// of the current templates' bytes, or dropped where they no longer write it. Files the
    /// upgrade did not decide (an adopted repository's own) stay unrecorded.
    fn record_in_manifest(
        &mut self,
        spec: &UpgradeSpec,
        theirs: &BTreeMap<String, PlannedFile>,
        decided: &BTreeSet<&String>,
    ) {
        let mut m = spec.manifest.clone();
        for path in decided {
            match theirs.get(*path) {
                Some(file) => m
                    .files
                    .insert((*path).clone(), manifest::hash(&file.contents)),
                None => m.files.remove(*path),
            };
        }
        m.stamp(spec.to.clone());
        self.edits.push(FileEdit {
            path: FILE_NAME.to_owned(),
            before: spec.manifest_file.clone(),
            after: m.to_toml().into_bytes(),
        });
    }

    /// The files of `action`.
    pub fn with(&self, action: Action) -> Vec<&str> {
        self.actions
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(p, _)| p.as_str())
            .collect()
    }

    /// Whether `go mod tidy` is due: the upgrade changes go.mod, or leaves it go.sum to rebuild.
    pub fn changes_go_mod(&self) -> bool {
        self.edits.iter().any(|e| e.path == "go.mod")
            || self.actions.get("go.sum") == Some(&Action::Regenerate)
    }
}
