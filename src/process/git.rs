//! What the tool asks git: the user's `user.name` (the default copyright holder), and whether a
//! work tree has uncommitted changes (`upgrade` refuses to mix its changes with them).

use std::path::Path;

use super::run::{Failure, Run};

/// git's `user.name`, or why there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GitUser {
    Name(String),
    /// git runs but has no user.name (or git was not asked).
    #[default]
    Unset,
    /// git is not on PATH.
    NoGit,
}

impl GitUser {
    pub fn name(&self) -> Option<String> {
        match self {
            GitUser::Name(name) => Some(name.clone()),
            GitUser::Unset | GitUser::NoGit => None,
        }
    }
}

/// `git config user.name` as seen from `dir` (a repository's own config counts).
pub fn user_name(dir: &Path) -> GitUser {
    match Run::new("git")
        .args(["config", "user.name"])
        .dir(dir)
        .success()
    {
        Ok(name) if !name.trim().is_empty() => GitUser::Name(name.trim().to_owned()),
        Err(Failure::NotFound) => GitUser::NoGit,
        Ok(_) | Err(Failure::Failed(_)) => GitUser::Unset,
    }
}

/// What `git status` says of the work tree at `dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkTree {
    /// Nothing to commit.
    Clean,
    /// Files with uncommitted changes (untracked ones included), as `git status --porcelain`
    /// names them.
    Dirty(Vec<String>),
    /// Not in a git work tree, or git is not on PATH.
    NotGit,
}

/// The state of the git work tree `dir` is in.
pub fn work_tree(dir: &Path) -> WorkTree {
    match Run::new("git")
        // Only `dir` and below: a plugin in a larger repository answers for itself.
        .args([
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            ".",
        ])
        .dir(dir)
        .success()
    {
        Ok(out) if out.trim().is_empty() => WorkTree::Clean,
        Ok(out) => WorkTree::Dirty(
            out.lines()
                .map(|l| l.get(3..).unwrap_or(l).to_owned())
                .collect(),
        ),
        Err(_) => WorkTree::NotGit,
    }
}
