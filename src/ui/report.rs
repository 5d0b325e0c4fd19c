//! Machine-readable results (`--format json`) of `new`, `add` and `list`, with or without
//! `--dry-run`: one JSON object on stdout, its shape documented in docs/json.md and
//! docs/schema/packer-scaffold.v1.json (change both with it) and named by its `schema` field.
//! `output::print_json` prints them; status lines still go to stderr.

use serde::Serialize;

use crate::domain::manifest::StoredComponent;
use crate::domain::model::Component;
use crate::domain::plan::{FileEdit, PlannedFile};

/// `--format`: what goes to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// One JSON object (docs/json.md).
    Json,
}

/// A component as every report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentReport {
    pub kind: String,
    pub name: String,
    pub default: bool,
    pub hcl_type: String,
    pub package: String,
    /// `full` or `minimal`; absent for a component only main.go knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skeleton: Option<&'static str>,
}

impl From<&Component> for ComponentReport {
    fn from(c: &Component) -> Self {
        ComponentReport {
            kind: c.kind.to_string(),
            name: c.name.clone(),
            default: c.is_default,
            hcl_type: c.hcl_type.clone(),
            package: c.import_path.clone(),
            skeleton: Some(c.skeleton.as_str()),
        }
    }
}

impl From<&StoredComponent> for ComponentReport {
    fn from(c: &StoredComponent) -> Self {
        ComponentReport {
            kind: c.kind.to_string(),
            name: c.name.clone(),
            default: c.default,
            hcl_type: c.hcl_type.clone(),
            package: c.package.clone(),
            skeleton: Some(c.skeleton().as_str()),
        }
    }
}

/// What happens to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileAction {
    Create,
    Edit,
    /// `new --force`: there and different, left alone.
    Keep,
    /// `new --force`: there with the same bytes.
    Unchanged,
    /// `remove`: deleted.
    Delete,
    /// `remove --force`: a component's file that changed since it was written, deleted.
    #[serde(rename = "delete-changed")]
    DeleteChanged,
}

/// One file the command writes (or would write), and what happens to it.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub action: FileAction,
    pub size: usize,
    /// Octal file mode of a created file; an edited file keeps its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// For an edit under `--dry-run`: the unified diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

impl FileReport {
    pub fn create(file: &PlannedFile) -> FileReport {
        FileReport {
            path: file.path.clone(),
            action: FileAction::Create,
            size: file.contents.len(),
            mode: Some(format!("{:o}", file.mode)),
            diff: None,
        }
    }

    /// A file `remove` deletes (`Delete`) or keeps (`Keep`), its size and mode as they were.
    pub fn named(path: &str, action: FileAction, (size, mode): (usize, u32)) -> FileReport {
        FileReport {
            path: path.to_owned(),
            action,
            size,
            mode: Some(format!("{mode:o}")),
            diff: None,
        }
    }

    pub fn edit(edit: &FileEdit, with_diff: bool) -> FileReport {
        FileReport {
            path: edit.path.clone(),
            action: FileAction::Edit,
            size: edit.after.len(),
            mode: None,
            diff: with_diff.then(|| unified_diff(edit)),
        }
    }
}

/// The unified diff of an edit, `a/<path>` against `b/<path>`.
pub fn unified_diff(edit: &FileEdit) -> String {
    moved_diff(&edit.path, edit)
}

/// The unified diff of a file moved from `from` to `edit.path` and edited on the way.
pub fn moved_diff(from: &str, edit: &FileEdit) -> String {
    let before = String::from_utf8_lossy(&edit.before);
    let after = String::from_utf8_lossy(&edit.after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{from}"), &format!("b/{}", edit.path))
        .to_string()
}

/// The result of `new`.
#[derive(Debug, Serialize)]
pub struct NewReport {
    pub schema: &'static str,
    pub dry_run: bool,
    pub destination: String,
    pub components: Vec<ComponentReport>,
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
}

/// The result of `add`.
#[derive(Debug, Serialize)]
pub struct AddReport {
    pub schema: &'static str,
    pub dry_run: bool,
    pub repository: String,
    pub component: ComponentReport,
    pub files: Vec<FileReport>,
    /// Edits `add` could not make: what to do by hand (the command exits 1 when not empty).
    pub manual_steps: Vec<String>,
    pub notes: Vec<String>,
    /// What went wrong without stopping `add`, e.g. a failed `go mod tidy`.
    pub warnings: Vec<String>,
}

/// The result of `remove`.
#[derive(Debug, Serialize)]
pub struct RemoveReport {
    pub schema: &'static str,
    pub dry_run: bool,
    pub repository: String,
    pub component: ComponentReport,
    /// With `--default-to`: the component that took over the default's HCL type, as it is now.
    pub default_to: Option<ComponentReport>,
    /// Created (a hand-over's new files), deleted and edited files, and the component's files
    /// kept because they changed (`keep`).
    pub files: Vec<FileReport>,
    /// Edits `remove` could not undo: what to do by hand (the command exits 1 when not empty).
    pub manual_steps: Vec<String>,
    pub notes: Vec<String>,
    /// What went wrong without stopping `remove`: a failed `make generate`.
    pub warnings: Vec<String>,
}

/// The result of `rename`.
#[derive(Debug, Serialize)]
pub struct RenameReport {
    pub schema: &'static str,
    pub dry_run: bool,
    pub repository: String,
    /// The component as it was.
    pub old: ComponentReport,
    /// The component as it is now.
    pub component: ComponentReport,
    /// Files created at the new paths, deleted at the old ones, and edited.
    pub files: Vec<FileReport>,
    pub manual_steps: Vec<String>,
    pub notes: Vec<String>,
    /// The HCL type's change, a failed `make generate`.
    pub warnings: Vec<String>,
}

/// The result of `upgrade` (and `upgrade --check`).
#[derive(Debug, Serialize)]
pub struct UpgradeReport {
    pub schema: &'static str,
    pub dry_run: bool,
    pub check: bool,
    pub repository: String,
    /// The template version the repository was made from.
    pub from: String,
    /// The release that wrote it, when the binary's history has it.
    pub from_release: Option<String>,
    /// The template version this binary writes.
    pub to: String,
    /// `three-way`, `two-way` (the base is not in the history) or `current` (nothing to do).
    pub mode: &'static str,
    /// Every file the upgrade changes or keeps on purpose.
    pub files: Vec<UpgradeFile>,
    /// Files written with conflict markers (the command exits 1 when not empty).
    pub conflicts: Vec<String>,
    pub notes: Vec<String>,
    /// What went wrong without stopping the upgrade (a failed `make generate`).
    pub warnings: Vec<String>,
}

/// One file of an upgrade and what happens to it.
#[derive(Debug, Serialize)]
pub struct UpgradeFile {
    pub path: String,
    /// `replace`, `keep`, `merge`, `conflict`, `create`, `delete`, `keep-removed`,
    /// `keep-deleted`, `regenerate` or `beside`.
    pub action: &'static str,
    /// Under `--dry-run`, for a file the upgrade writes: the unified diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

/// Where `list` read the components from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ListSource {
    #[serde(rename = "manifest")]
    Manifest,
    /// A repository without a manifest.
    #[serde(rename = "main.go")]
    MainGo,
}

/// The result of `list`.
#[derive(Debug, Serialize)]
pub struct ListReport {
    pub schema: &'static str,
    pub source: ListSource,
    pub components: Vec<ComponentReport>,
    /// Where the manifest and main.go disagree (the command exits 1 when not empty).
    pub problems: Vec<String>,
}

pub const NEW_SCHEMA: &str = "packer-scaffold.new.v1";
pub const ADD_SCHEMA: &str = "packer-scaffold.add.v1";
pub const LIST_SCHEMA: &str = "packer-scaffold.list.v1";
pub const REMOVE_SCHEMA: &str = "packer-scaffold.remove.v1";
pub const RENAME_SCHEMA: &str = "packer-scaffold.rename.v1";
pub const UPGRADE_SCHEMA: &str = "packer-scaffold.upgrade.v1";
