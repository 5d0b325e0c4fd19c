//! What happens to one file in an upgrade, from three versions of it: base (as the templates
//! that made the repository wrote it), ours (as it is on disk) and theirs (as the current
//! templates write it), and whether ours is untouched (the manifest's hash). Without a base
//! (a template version the binary does not carry), two-way: untouched files are upgraded and
//! the others get theirs written beside them.

use diffy::{ConflictStyle, MergeOptions};

use super::go_mod;

/// What the upgrade does to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Untouched since written: replaced by the current templates' version.
    Replace,
    /// Changed by you, not by the templates: kept.
    Keep,
    /// Changed by both, on different lines: both changes kept.
    Merge,
    /// Changed by both on the same lines: written with conflict markers.
    Conflict,
    /// New in the templates: created.
    Create,
    /// Gone from the templates and untouched: deleted.
    Delete,
    /// Gone from the templates but changed by you: kept, now yours alone.
    KeepRemoved,
    /// Deleted by you: left deleted.
    KeepDeleted,
    /// Generated from other files and changed: rebuilt by `make generate`, never merged.
    Regenerate,
    /// Changed by you where the upgrade cannot merge (two-way, or not text): the templates'
    /// version written beside it as `<file>.upgrade`.
    Beside,
    /// The same in every version.
    Unchanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Replace => "replace",
            Action::Keep => "keep",
            Action::Merge => "merge",
            Action::Conflict => "conflict",
            Action::Create => "create",
            Action::Delete => "delete",
            Action::KeepRemoved => "keep-removed",
            Action::KeepDeleted => "keep-deleted",
            Action::Regenerate => "regenerate",
            Action::Beside => "beside",
            Action::Unchanged => "unchanged",
        }
    }
}

/// The three versions of one file.
#[derive(Debug, Clone, Copy)]
pub struct Versions<'a> {
    pub path: &'a str,
    /// `None` in a two-way upgrade, or where the old templates did not write the file.
    pub base: Option<&'a [u8]>,
    pub ours: Option<&'a [u8]>,
    pub theirs: Option<&'a [u8]>,
    /// The manifest records the file (packer-scaffold wrote it).
    pub recorded: bool,
    /// Ours has the hash the manifest recorded when packer-scaffold wrote it.
    pub untouched: bool,
    /// Whether the base is known (three-way) at all.
    pub three_way: bool,
}

/// The action, and the bytes the file ends with where the upgrade writes it.
pub fn decide(v: Versions) -> (Action, Option<Vec<u8>>) {
    // Written by the templates that made the repository, as far as can be known.
    let was_written = v.base.is_some() || v.recorded;
    match (v.ours, v.theirs) {
        (None, None) => (Action::Unchanged, None),
        (None, Some(_)) if was_written => (Action::KeepDeleted, None),
        (None, Some(theirs)) => (Action::Create, Some(theirs.to_vec())),
        (Some(_), None) if !was_written => (Action::Unchanged, None),
        (Some(_), None) if v.untouched => (Action::Delete, None),
        (Some(_), None) => (Action::KeepRemoved, None),
        (Some(ours), Some(theirs)) if ours == theirs => (Action::Unchanged, None),
        (Some(_), Some(theirs)) if v.untouched => (Action::Replace, Some(theirs.to_vec())),
        (Some(ours), Some(theirs)) => changed_by_you(v, ours, theirs),
    }
}

/// A file you changed that the current templates write too.
fn changed_by_you(v: Versions, ours: &[u8], theirs: &[u8]) -> (Action, Option<Vec<u8>>) {
    if !v.three_way {
        return (Action::Beside, Some(theirs.to_vec()));
    }
    if v.base == Some(theirs) {
        return (Action::Keep, None);
    }
    if is_generated(v.path) || v.path == "go.sum" {
        return (Action::Regenerate, None);
    }
    let (Ok(ours), Ok(theirs)) = (std::str::from_utf8(ours), std::str::from_utf8(theirs)) else {
        // Not text: no line merge; the templates' version goes beside it.
        return (Action::Beside, Some(theirs.to_vec()));
    };
    if v.path == "go.mod" {
        let raised = go_mod::raised(ours, theirs);
        let action = if raised == ours {
            Action::Keep
        } else {
            Action::Merge
        };
        return (action, Some(raised.into_bytes()));
    }
    let base = v
        .base
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    match merge(base, ours, theirs) {
        Ok(merged) if merged == ours => (Action::Keep, None),
        Ok(merged) => (Action::Merge, Some(merged.into_bytes())),
        Err(marked) => (Action::Conflict, Some(marked.into_bytes())),
    }
}

/// The marker lines that open and close a conflict's two sides.
pub const YOURS: &str = "<<<<<<< yours";
pub const TEMPLATES: &str = ">>>>>>> templates";

/// A line-based three-way merge; `Err` holds the text with git-style conflict markers.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<String, String> {
    let mut options = MergeOptions::new();
    options.set_conflict_style(ConflictStyle::Merge);
    options.merge(base, ours, theirs).map_err(|marked| {
        marked
            .split_inclusive('\n')
            .map(|line| match line.trim_end_matches('\n') {
                "<<<<<<< ours" => format!("{YOURS}\n"),
                ">>>>>>> theirs" => format!("{TEMPLATES}\n"),
                _ => line.to_owned(),
            })
            .collect()
    })
}

/// Files `make generate` makes from others: rebuilt, never merged as text.
pub fn is_generated(path: &str) -> bool {
    path.ends_with(".hcl2spec.go")
        || path.starts_with("docs-partials/")
        || path == ".web-docs/README.md"
        || path.starts_with(".web-docs/components/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three<'a>(
        base: &'a str,
        ours: Option<&'a str>,
        theirs: Option<&'a str>,
        untouched: bool,
    ) -> Versions<'a> {
        Versions {
            path: "README.md",
            base: Some(base.as_bytes()),
            ours: ours.map(str::as_bytes),
            theirs: theirs.map(str::as_bytes),
            recorded: true,
            untouched,
            three_way: true,
        }
    }

    fn action(v: Versions) -> Action {
        decide(v).0
    }

    #[test]
    fn each_case_of_the_three_versions() {
        let base = "a\nb\nc\n";
        assert_eq!(
            decide(three(base, Some(base), Some("a\nB\nc\n"), true)),
            (Action::Replace, Some(b"a\nB\nc\n".to_vec()))
        );
        assert_eq!(
            action(three(base, Some("x\nb\nc\n"), Some(base), false)),
            Action::Keep
        );
        assert_eq!(
            decide(three(base, Some("x\nb\nc\n"), Some("a\nb\nC\n"), false)),
            (Action::Merge, Some(b"x\nb\nC\n".to_vec()))
        );
        let (conflict, marked) = decide(three(
            base,
            Some("a\nmine\nc\n"),
            Some("a\ntheirs\nc\n"),
            false,
        ));
        assert_eq!(conflict, Action::Conflict);
        let marked = String::from_utf8(marked.unwrap()).unwrap();
        assert_eq!(
            marked,
            format!("a\n{YOURS}\nmine\n=======\ntheirs\n{TEMPLATES}\nc\n")
        );
        assert_eq!(
            action(three(base, None, Some("new\n"), false)),
            Action::KeepDeleted
        );
        assert_eq!(action(three(base, Some(base), None, true)), Action::Delete);
        assert_eq!(
            action(three(base, Some("x\n"), None, false)),
            Action::KeepRemoved
        );
        assert_eq!(
            action(three(base, Some(base), Some(base), true)),
            Action::Unchanged
        );
    }

    #[test]
    fn a_file_new_in_the_templates_is_created_or_merged_against_nothing() {
        let new = Versions {
            path: "CONTRIBUTING.md",
            base: None,
            ours: None,
            theirs: Some(b"theirs\n"),
            recorded: false,
            untouched: false,
            three_way: true,
        };
        assert_eq!(action(new), Action::Create);
        let there = Versions {
            ours: Some(b"mine\n"),
            ..new
        };
        assert_eq!(action(there), Action::Conflict);
    }

    #[test]
    fn generated_files_are_regenerated_and_two_way_writes_beside() {
        let v = Versions {
            path: "builder/x/config.hcl2spec.go",
            ..three("a\n", Some("b\n"), Some("c\n"), false)
        };
        assert_eq!(action(v), Action::Regenerate);
        let v = Versions {
            base: None,
            three_way: false,
            ..three("", Some("b\n"), Some("c\n"), false)
        };
        assert_eq!(action(v), Action::Beside);
        let v = Versions {
            base: None,
            three_way: false,
            ..three("", Some("b\n"), Some("c\n"), true)
        };
        assert_eq!(action(v), Action::Replace);
    }

    /// go.mod you changed, the templates' changed too: requirements raised to the newer of
    /// the two (never lowered; yours that the templates lack kept), never a line merge; go.sum
    /// is left to `go mod tidy`, never merged.
    #[test]
    fn go_mod_is_raised_and_go_sum_regenerated() {
        let base = "module m\n\ngo 1.24\n\nrequire (\n\ta v1.0.0\n\tb v1.0.0\n)\n";
        let ours = "module m\n\ngo 1.24\n\nrequire (\n\ta v1.0.0\n\tb v1.5.0\n\tmine v0.1.0\n)\n";
        let theirs = "module m\n\ngo 1.24\n\nrequire (\n\ta v1.2.0\n\tb v1.1.0\n)\n";
        let v = Versions {
            path: "go.mod",
            ..three(base, Some(ours), Some(theirs), false)
        };
        let (raised, after) = decide(v);
        assert_eq!(raised, Action::Merge);
        let after = String::from_utf8(after.unwrap()).unwrap();
        assert!(after.contains("\ta v1.2.0\n"), "{after}");
        assert!(after.contains("\tb v1.5.0\n"), "never lowered: {after}");
        assert!(after.contains("\tmine v0.1.0\n"), "{after}");
        let v = Versions {
            path: "go.mod",
            ..three(base, Some(ours), Some(base), false)
        };
        assert_eq!(action(v), Action::Keep);
        let v = Versions {
            path: "go.sum",
            ..three("a h1:x\n", Some("a h1:y\n"), Some("a h1:z\n"), false)
        };
        assert_eq!(decide(v), (Action::Regenerate, None));
    }
}
