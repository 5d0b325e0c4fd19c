//! What each error says: one line naming what went wrong, then any list below it. The `help:`
//! line that follows is in `help`.

use std::fmt::{self, Display, Formatter};

use super::{Error, shown};

impl Display for Error {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput {
                what,
                value,
                problem,
                ..
            } => write!(f, "invalid {what} `{}`: {problem}", shown::value(value)),
            Error::MissingValues { missing, why } => {
                write!(f, "missing values, and {}:", why.reason())?;
                for m in missing {
                    write!(f, "\n  {:<14} {} (e.g. {})", m.flag, m.what, m.example)?;
                }
                Ok(())
            }
            Error::FilesInTheWay { root, paths } => {
                let lines = paths.iter().map(|(file, needed_by)| {
                    format!("`{file}` is a file, but `{needed_by}` needs it to be a directory")
                });
                let head = format!(
                    "in `{}`, files are where directories are needed; nothing was written:",
                    root.display()
                );
                list(f, &head, lines)
            }
            Error::PathsExist { paths } => list(
                f,
                "these paths already exist; nothing was changed:",
                paths.iter(),
            ),
            Error::Disagreement { problems } => {
                list(f, "the manifest and main.go disagree:", problems.iter())
            }
            Error::ManualSteps { steps } => {
                write!(
                    f,
                    "the change was written, but {} edit(s) need doing by hand:",
                    steps.len()
                )?;
                steps.iter().try_for_each(|step| write!(f, "\n\n{step}"))
            }
            other => f.write_str(&one_line(other)),
        }
    }
}

/// `head`, then each item on a line of its own, indented.
fn list(
    f: &mut Formatter<'_>,
    head: &str,
    items: impl Iterator<Item = impl Display>,
) -> fmt::Result {
    f.write_str(head)?;
    items
        .into_iter()
        .try_for_each(|item| write!(f, "\n  {item}"))
}

/// The message of an error that fits on one line.
fn one_line(error: &Error) -> String {
    writing(error)
        .or_else(|| repository(error))
        .expect("every error of one line is worded in `writing` or `repository`")
}

/// Errors of writing files and directories.
fn writing(error: &Error) -> Option<String> {
    Some(match error {
        Error::DestinationExists { path, .. } => format!(
            "destination `{}` already exists and is not empty; nothing was written",
            path.display()
        ),
        Error::ConfigExists { path } => format!(
            "config file `{}` already exists; nothing was changed",
            path.display()
        ),
        Error::DestinationNotADirectory { path } => format!(
            "destination `{}` exists and is not a directory; nothing was written",
            path.display()
        ),
        Error::ParentIsAFile { dest, file } => format!(
            "cannot create `{}`: `{}` is a file, not a directory; nothing was written",
            dest.display(),
            file.display()
        ),
        Error::Io {
            action,
            path,
            source,
        } => format!("could not {action} `{}`: {source}", path.display()),
        Error::Stdout(source) => format!("could not write to standard output: {source}"),
        Error::Template { template, message } => {
            format!("could not render template `{template}`: {message}")
        }
        Error::Interrupted => "interrupted; nothing was written".into(),
        Error::InterruptedAfterWrite { dest, .. } => {
            format!("interrupted; {} is complete", dest.display())
        }
        Error::CreatedMeanwhile { dest } => format!(
            "another run created `{}` while this one was writing; it was left as that run made \
             it, and nothing of this run was kept",
            dest.display()
        ),
        Error::OutsideRepository { link, goes_to } => format!(
            "`{}` leads outside the repository (to `{}`); packer-scaffold writes only inside it, \
             and nothing was changed",
            link.display(),
            goes_to.display()
        ),
        Error::ReadOnly { path } => format!(
            "`{}` is read-only, and packer-scaffold must edit it; nothing was changed",
            path.display()
        ),
        Error::InGitFolder { path } => format!(
            "`{}` leads into `.git`, git's own folder; packer-scaffold never writes there, and \
             nothing was changed",
            path.display()
        ),
        _ => return None,
    })
}

/// Errors about a repository and its components.
fn repository(error: &Error) -> Option<String> {
    Some(match error {
        Error::BadManifest { path, message } => {
            format!("cannot read manifest `{}`: {message}", path.display())
        }
        Error::BadConfig { path, message } => {
            format!("cannot read config file `{}`: {message}", path.display())
        }
        Error::NotARepository { dir } => format!(
            "no plugin repository at or above `{}` (looked for .packer-scaffold.toml and go.mod)",
            dir.display()
        ),
        Error::ComponentExists { what } => format!("{what} already exists; nothing was changed"),
        Error::RegisteredAlready {
            kind,
            component,
            name,
            registered,
        } => format!(
            "main.go already registers a {kind} as {name}, the name the new {kind} {component} \
             would be registered under (its {kind}s: {}); Packer refuses to start a plugin that \
             registers a name twice, so nothing was changed",
            registered.join(", ")
        ),
        Error::ChecksFailed { failed } => format!("{failed} check(s) failed"),
        Error::UpgradeDue { from, to } => format!(
            "the repository is behind the templates: it was made from template version {from}, \
             this packer-scaffold writes {to}"
        ),
        Error::Conflicts { files } => format!(
            "upgraded, but {} file(s) changed on both sides of the same lines; they hold both \
             versions between <<<<<<< and >>>>>>> markers: {}",
            files.len(),
            files.join(", ")
        ),
        Error::Busy { root } => format!(
            "another packer-scaffold command is changing `{}`; nothing was changed",
            root.display()
        ),
        Error::BadJournal { path, message } => format!(
            "cannot finish or undo the interrupted change recorded in `{}`: {message}",
            path.display()
        ),
        Error::RefusedJournal { path, message } => format!(
            "refused the interrupted change recorded in `{}`: {message}; packer-scaffold never \
             writes there, and nothing was changed",
            path.display()
        ),
        Error::NotChecked { why } => format!(
            "the components of .packer-scaffold.toml were listed but not checked against main.go: {why}"
        ),
        Error::NothingToList { root, why } => format!(
            "no components to list in `{}`: there is no .packer-scaffold.toml, and {why}",
            root.display()
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::PathBuf;

    use super::*;
    use crate::error::{Missing, Unasked};

    /// Fails to compile when a variant is added: add it to the list below too.
    fn listed_below(error: &Error) {
        match error {
            Error::InvalidInput { .. }
            | Error::MissingValues { .. }
            | Error::DestinationExists { .. }
            | Error::DestinationNotADirectory { .. }
            | Error::ParentIsAFile { .. }
            | Error::FilesInTheWay { .. }
            | Error::ConfigExists { .. }
            | Error::Stdout(_)
            | Error::Io { .. }
            | Error::Template { .. }
            | Error::Interrupted
            | Error::InterruptedAfterWrite { .. }
            | Error::BadManifest { .. }
            | Error::BadConfig { .. }
            | Error::NotARepository { .. }
            | Error::ComponentExists { .. }
            | Error::RegisteredAlready { .. }
            | Error::PathsExist { .. }
            | Error::ManualSteps { .. }
            | Error::Disagreement { .. }
            | Error::NotChecked { .. }
            | Error::NothingToList { .. }
            | Error::ChecksFailed { .. }
            | Error::UpgradeDue { .. }
            | Error::Conflicts { .. }
            | Error::CreatedMeanwhile { .. }
            | Error::Busy { .. }
            | Error::OutsideRepository { .. }
            | Error::ReadOnly { .. }
            | Error::BadJournal { .. }
            | Error::RefusedJournal { .. }
            | Error::InGitFolder { .. } => {}
        }
    }

    /// One of every error: each has words (the match in `one_line` is split in two, so this
    /// is what proves no variant was left out).
    #[test]
    fn every_error_has_words() {
        let p = || PathBuf::from("/r");
        let s = || String::from("x");
        let all = [
            Error::InvalidInput {
                what: s(),
                value: s(),
                problem: s(),
                help: s(),
            },
            Error::MissingValues {
                missing: vec![Missing {
                    what: "w",
                    flag: "--f",
                    example: "--f x",
                }],
                why: Unasked::NoManifest,
            },
            Error::DestinationExists {
                path: p(),
                repository: false,
            },
            Error::DestinationNotADirectory { path: p() },
            Error::ParentIsAFile {
                dest: p(),
                file: p(),
            },
            Error::FilesInTheWay {
                root: p(),
                paths: vec![(s(), s())],
            },
            Error::ConfigExists { path: p() },
            Error::Stdout(io::ErrorKind::Other.into()),
            Error::io("read", p(), io::ErrorKind::Other.into()),
            Error::Template {
                template: s(),
                message: s(),
            },
            Error::Interrupted,
            Error::InterruptedAfterWrite {
                dest: p(),
                skipped: vec![],
            },
            Error::BadManifest {
                path: p(),
                message: s(),
            },
            Error::BadConfig {
                path: p(),
                message: s(),
            },
            Error::NotARepository { dir: p() },
            Error::ComponentExists { what: s() },
            Error::RegisteredAlready {
                kind: s(),
                component: s(),
                name: s(),
                registered: vec![s()],
            },
            Error::PathsExist { paths: vec![s()] },
            Error::ManualSteps { steps: vec![s()] },
            Error::Disagreement {
                problems: vec![s()],
            },
            Error::NotChecked { why: s() },
            Error::NothingToList {
                root: p(),
                why: s(),
            },
            Error::ChecksFailed { failed: 1 },
            Error::UpgradeDue { from: s(), to: s() },
            Error::Conflicts { files: vec![s()] },
            Error::CreatedMeanwhile { dest: p() },
            Error::Busy { root: p() },
            Error::OutsideRepository {
                link: p(),
                goes_to: p(),
            },
            Error::ReadOnly { path: p() },
            Error::BadJournal {
                path: p(),
                message: s(),
            },
            Error::RefusedJournal {
                path: p(),
                message: s(),
            },
            Error::InGitFolder { path: p() },
        ];
        for error in &all {
            listed_below(error);
            assert!(!error.to_string().is_empty(), "{error:?}");
        }
    }
}
