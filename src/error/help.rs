//! The `help:` line of each error: what to type or do instead.

use super::Error;
use super::shell::quote;

impl Error {
    /// The `help:` line that says what to do instead, if there is one.
    pub fn help(&self) -> Option<String> {
        let fixed = |text: &str| Some(text.to_owned());
        match self {
            Error::InvalidInput { help, .. } => Some(help.clone()),
            Error::MissingValues { why, .. } => Some(why.help()),
            Error::DestinationExists {
                path,
                repository: true,
            } => Some(format!(
                "grow it with `packer-scaffold add <KIND> <NAME> --dir {}`, or choose another place with --dir",
                quote(&path.display().to_string())
            )),
            Error::DestinationExists {
                repository: false, ..
            } => fixed(
                "choose another place with --dir; or fill in the files it lacks with --force, which \
                 never replaces a file; or remove the directory if it is no longer needed",
            ),
            Error::FilesInTheWay { root, paths } => {
                let first = root.join(&paths[0].0).display().to_string();
                Some(format!(
                    "move or rename {} (e.g. `mv {} {}`), then run the command again; \
                     packer-scaffold never replaces a file",
                    if paths.len() == 1 { "it" } else { "them" },
                    quote(&first),
                    quote(&format!("{first}.orig")),
                ))
            }
            Error::OutsideRepository { link, .. } => Some(format!(
                "replace the link with a folder of the repository (`rm {0} && mkdir {0}`), or \
                 run in a repository without it",
                quote(&link.display().to_string())
            )),
            Error::ReadOnly { path } => Some(format!(
                "make it writable (`chmod u+w {}`), then run the command again",
                quote(&path.display().to_string())
            )),
            Error::BadJournal { path, .. } => Some(format!(
                "look at what it holds; to go on without it, remove it (`rm -r {}`)",
                quote(&path.display().to_string())
            )),
            Error::RefusedJournal { path, .. } => Some(format!(
                "packer-scaffold did not write it so: look at what it holds, then remove it \
                 (`rm -r {}`) and run the command again",
                quote(&path.display().to_string())
            )),
            Error::InGitFolder { path } if path.is_symlink() => Some(format!(
                "replace the link with a folder of the repository (`rm {0} && mkdir {0}`), or \
                 run in a repository without it",
                quote(&path.display().to_string())
            )),
            Error::InGitFolder { .. } => {
                fixed("the path comes from a changed manifest or journal: restore it from git")
            }
            Error::InterruptedAfterWrite { skipped, .. } if !skipped.is_empty() => {
                let steps: Vec<String> = skipped.iter().map(|s| format!("`{s}`")).collect();
                Some(format!(
                    "{} did not run: run {} in it yourself",
                    steps.join(" and "),
                    if steps.len() == 1 { "it" } else { "them" }
                ))
            }
            other => fixed_help(other).map(str::to_owned),
        }
    }
}

/// The help lines that do not depend on the error's values.
fn fixed_help(error: &Error) -> Option<&'static str> {
    Some(match error {
        Error::ConfigExists { .. } => {
            "edit it, or move it away and run `packer-scaffold config init` again"
        }
        Error::DestinationNotADirectory { .. } => "choose another place with --dir",
        Error::ParentIsAFile { .. } => {
            "pass a directory with --dir (one that does not exist yet is created)"
        }
        Error::Template { .. } => {
            "this is a bug in packer-scaffold's templates; please report it with the command you ran"
        }
        Error::BadManifest { .. } => {
            "fix the file (see docs/manifest.md), or restore it with `git checkout -- .packer-scaffold.toml`"
        }
        Error::BadConfig { .. } => {
            "fix the file (docs/user-guide.md lists every key), or run with --no-config"
        }
        Error::NotARepository { .. } => {
            "run inside a plugin repository (where go.mod is), or pass --dir <repository>"
        }
        Error::RegisteredAlready { .. } => {
            "choose a name main.go does not register yet for that kind; `packer-scaffold list` shows them"
        }
        Error::ComponentExists { .. } => {
            "choose another name; `packer-scaffold list` shows the components there are"
        }
        Error::PathsExist { .. } => {
            "choose another component name, or move those paths away if they are not needed"
        }
        Error::ManualSteps { .. } => {
            "make the edits above by hand, then run `go build ./...` and `make generate`"
        }
        Error::Disagreement { .. } => {
            "register the component in main.go, or fix .packer-scaffold.toml (docs/manifest.md)"
        }
        Error::NotChecked { .. } => {
            "register the components in main.go on plugin.NewSet(), as .packer-scaffold.toml lists them (docs/manifest.md)"
        }
        Error::NothingToList { .. } => {
            "run inside a Packer plugin repository (its main.go registers components on plugin.NewSet()), or pass --dir <repository>"
        }
        Error::ChecksFailed { .. } => "run the `fix:` of each failed check",
        Error::UpgradeDue { .. } => {
            "run `packer-scaffold upgrade` (with --dry-run first to see what it changes)"
        }
        Error::Conflicts { .. } => {
            "keep what you want of both sides in each file and delete the markers, then commit: \
             the upgrade is otherwise complete (the manifest records the new template version)"
        }
        Error::Busy { .. } => "run this command again once the other one has finished",
        Error::CreatedMeanwhile { .. } => {
            "look at what the other run made (`packer-scaffold list --dir <it>`), or choose another place with --dir"
        }
        _ => return None,
    })
}
