//! What `upgrade` will do, resolved before anything is planned: the repository and its
//! manifest, the plugin it describes (with the copyright year its files carry, so both
//! renders say what was written), the template set it was made from if the binary's history
//! has it, and the flags. Refused here: a repository without a manifest (exit 2: which
//! templates made it is not known), and, unless `--allow-dirty`, one with uncommitted changes
//! or outside git (the upgrade could not be reviewed with `git diff` or undone).

use std::path::PathBuf;

use super::{clock, conventions};
use crate::cli::UpgradeArgs;
use crate::domain::manifest::{FILE_NAME, Manifest};
use crate::domain::model::Plugin;
use crate::error::Error;
use crate::fs::journal::JOURNAL_DIR;
use crate::fs::lock::LOCK_FILE;
use crate::fs::repo;
use crate::process::git::{self, WorkTree};
use crate::render::templates;
use crate::ui::report::Format;

/// `upgrade`, resolved.
#[derive(Debug)]
pub struct UpgradeSpec {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub manifest_file: Vec<u8>,
    pub plugin: Plugin,
    /// The template version the repository was made from (the manifest's).
    pub from: String,
    /// The release of the history that wrote it; `None` when the binary does not carry it
    /// (then the upgrade is two-way).
    pub from_release: Option<String>,
    /// The template version this binary writes.
    pub to: String,
    pub check: bool,
    pub dry_run: bool,
    pub format: Format,
    pub generate: bool,
    pub tidy: bool,
}

impl UpgradeSpec {
    /// `upgrade` in the repository at `root`, which the caller has locked (or, for `--check`
    /// and `--dry-run`, only reads).
    pub fn resolve(args: UpgradeArgs, root: PathBuf) -> Result<UpgradeSpec, Error> {
        let Some(manifest) = repo::load_manifest(&root)? else {
            return Err(no_manifest(&root));
        };
        refuse_newer(&root, &manifest)?;
        let writes = !(args.check || args.dry_run.dry_run);
        if writes && !args.allow_dirty {
            refuse_dirty(&root)?;
        }
        let manifest_file = repo::read_bytes(&root, FILE_NAME)?.unwrap_or_default();
        let plugin = manifest.plugin(year_made(&root)?);
        let from = manifest.template_version.clone();
        let from_release = templates::history()
            .into_iter()
            .find(|r| r.template_version == from)
            .map(|r| r.release);
        Ok(UpgradeSpec {
            root,
            manifest,
            manifest_file,
            plugin,
            from,
            from_release,
            to: templates::version(),
            check: args.check,
            dry_run: args.dry_run.dry_run,
            format: args.format.format,
            generate: !args.generate.no_generate,
            tidy: args.tidy.flag().unwrap_or(true),
        })
    }

    /// Whether the repository already has this binary's templates.
    pub fn is_current(&self) -> bool {
        self.from == self.to
    }
}

fn no_manifest(root: &std::path::Path) -> Error {
    Error::InvalidInput {
        what: "repository".into(),
        value: root.display().to_string(),
        problem: format!(
            "it has no {FILE_NAME}, so which templates made it (the base of the upgrade) is not \
             known"
        ),
        help: "upgrade works on repositories packer-scaffold made; for one made otherwise, \
               compare it with a fresh `packer-scaffold new` and port what you want by hand"
            .into(),
    }
}

/// A repository a later packer-scaffold wrote: its templates are newer than this binary's, and
/// an "upgrade" would take them back.
fn refuse_newer(root: &std::path::Path, manifest: &Manifest) -> Result<(), Error> {
    let numbers = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or(v)
            .split('.')
            .map(|n| n.parse().unwrap_or(0))
            .collect()
    };
    let (theirs, ours) = (&manifest.packer_scaffold_version, env!("CARGO_PKG_VERSION"));
    if numbers(theirs) <= numbers(ours) {
        return Ok(());
    }
    Err(Error::InvalidInput {
        what: "repository".into(),
        value: root.display().to_string(),
        problem: format!(
            "packer-scaffold {theirs} wrote it, a later release than this one ({ours}): upgrading \
             would take its templates back"
        ),
        help: format!("run packer-scaffold {theirs} or later (`cargo install packer-scaffold`)"),
    })
}

/// Uncommitted changes, or no git: the upgrade would be mixed with them or not undoable.
fn refuse_dirty(root: &std::path::Path) -> Result<(), Error> {
    let problem = match git::work_tree(root) {
        WorkTree::Clean => return Ok(()),
        WorkTree::Dirty(mut files) => {
            // This command's own lock (and a journal being recovered) is not the user's.
            files.retain(|f| !(f.ends_with(LOCK_FILE) || f.contains(JOURNAL_DIR)));
            if files.is_empty() {
                return Ok(());
            }
            let shown: Vec<&str> = files.iter().take(5).map(String::as_str).collect();
            let more = files.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "it has uncommitted changes ({}{tail}), which the upgrade's would mix with",
                shown.join(", ")
            )
        }
        WorkTree::NotGit => {
            "it is not in a git work tree, so the upgrade could not be reviewed or undone".into()
        }
    };
    Err(Error::InvalidInput {
        what: "repository".into(),
        value: root.display().to_string(),
        problem,
        help: "commit (or stash) first, so `git diff` shows what the upgrade changed and \
               `git checkout .` undoes it; or pass --allow-dirty"
            .into(),
    })
}

/// The year the repository's files carry in their copyright line (main.go's), else this year:
/// both renders must say what packer-scaffold wrote.
fn year_made(root: &std::path::Path) -> Result<u32, Error> {
    let found = conventions::copyright(root)?.and_then(|c| {
        c.line
            .split(|ch: char| !ch.is_ascii_digit())
            .find(|w| w.len() == 4)
            .and_then(|w| w.parse().ok())
    });
    Ok(found.unwrap_or_else(clock::current_year))
}
