//! What the tool asks git about the user: `user.name`, the default copyright holder.

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
