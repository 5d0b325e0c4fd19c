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
                    "the new files were written, but {} edit(s) need doing by hand:",
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
    match error {
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
            name,
            registered,
        } => format!(
            "main.go already registers a {kind} under the name `{name}` would take (its {kind}s: \
             {}); Packer refuses to start a plugin that registers a name twice, so nothing was \
             changed",
            registered.join(", ")
        ),
        Error::ChecksFailed { failed } => format!("{failed} check(s) failed"),
        Error::CreatedMeanwhile { dest } => format!(
            "another run created `{}` while this one was writing; it was left as that run made \
             it, and nothing of this run was kept",
            dest.display()
        ),
        Error::Busy { root } => format!(
            "another packer-scaffold command is changing `{}`; nothing was changed",
            root.display()
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
        Error::BadJournal { path, message } => format!(
            "cannot finish or undo the interrupted change recorded in `{}`: {message}",
            path.display()
        ),
        Error::NotChecked { why } => format!(
            "the components of .packer-scaffold.toml were listed but not checked against main.go: {why}"
        ),
        Error::NothingToList { root, why } => format!(
            "no components to list in `{}`: there is no .packer-scaffold.toml, and {why}",
            root.display()
        ),
        Error::InvalidInput { .. }
        | Error::MissingValues { .. }
        | Error::FilesInTheWay { .. }
        | Error::PathsExist { .. }
        | Error::Disagreement { .. }
        | Error::ManualSteps { .. } => unreachable!("listed in Display::fmt"),
    }
}
