//! Every error the tool reports, the words it uses and the exit code each maps to.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Exit status for bad flags, arguments or answers.
pub const EXIT_USAGE: u8 = 2;
/// Exit status for a failure while doing the work (I/O, rendering).
pub const EXIT_FAILURE: u8 = 1;
/// Exit status after the user pressed Ctrl-C in a prompt.
pub const EXIT_INTERRUPTED: u8 = 130;

/// A value that is needed but was neither given nor has a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub what: &'static str,
    pub flag: &'static str,
    pub example: &'static str,
}

#[derive(Debug)]
pub enum Error {
    /// A value broke a rule.
    InvalidInput {
        what: String,
        value: String,
        problem: String,
        help: String,
    },
    /// Values needed, and nothing may be asked (`why`).
    MissingValues {
        missing: Vec<Missing>,
        why: crate::prompt::NoPrompt,
    },
    /// The destination already holds something; `repository`: a packer-scaffold repository
    /// (it has a manifest).
    DestinationExists { path: PathBuf, repository: bool },
    /// The destination path is a file, not a directory.
    DestinationNotADirectory { path: PathBuf },
    /// The destination cannot be created: `file` is where one of its parents would be.
    ParentIsAFile { dest: PathBuf, file: PathBuf },
    /// Files under `root` sit where the plan needs directories: (the file, a planned path
    /// below it).
    FilesInTheWay {
        root: PathBuf,
        paths: Vec<(String, String)>,
    },
    /// `config init` found a config file there already.
    ConfigExists { path: PathBuf },
    /// Standard output could not be written (not a reader that stopped early: see `output`).
    Stdout(io::Error),
    /// Reading or writing the disk failed.
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// A template could not be rendered: a bug in the templates.
    Template { template: String, message: String },
    /// The user interrupted a prompt.
    Interrupted,
    /// The manifest cannot be read as one.
    BadManifest { path: PathBuf, message: String },
    /// The user config file cannot be read as one.
    BadConfig { path: PathBuf, message: String },
    /// No plugin repository at or above the directory.
    NotARepository { dir: PathBuf },
    /// A value `add` needs in a repository without a manifest.
    MissingForAdd(Vec<Missing>),
    /// The component to add is already there.
    ComponentExists { what: String },
    /// Files `add` would create already exist; nothing was changed.
    PathsExist { paths: Vec<String> },
    /// `add` wrote its new files but could not make every edit; the steps say what to do.
    ManualSteps { steps: Vec<String> },
    /// The manifest and `main.go` disagree about the components.
    Disagreement { problems: Vec<String> },
    /// `list` found the manifest's components but could not read main.go's to check them.
    NotChecked { why: String },
    /// `list` in a repository without a manifest whose main.go registers nothing it can read.
    NothingToList { root: PathBuf, why: String },
    /// `doctor` found problems.
    ChecksFailed { failed: usize },
}

impl Error {
    /// The exit status for this error; decided here and nowhere else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidInput { .. }
            | Error::MissingValues { .. }
            | Error::DestinationExists { .. }
            | Error::DestinationNotADirectory { .. }
            | Error::ParentIsAFile { .. }
            | Error::FilesInTheWay { .. }
            | Error::ConfigExists { .. }
            | Error::BadManifest { .. }
            | Error::BadConfig { .. }
            | Error::NotARepository { .. }
            | Error::MissingForAdd(_)
            | Error::ComponentExists { .. }
            | Error::PathsExist { .. }
            | Error::NothingToList { .. } => EXIT_USAGE,
            Error::Io { .. }
            | Error::Stdout(_)
            | Error::Template { .. }
            | Error::ManualSteps { .. }
            | Error::Disagreement { .. }
            | Error::NotChecked { .. }
            | Error::ChecksFailed { .. } => EXIT_FAILURE,
            Error::Interrupted => EXIT_INTERRUPTED,
        }
    }

    /// The `help:` line that says what to do instead, if there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::InvalidInput { help, .. } => Some(help.clone()),
            Error::MissingValues { why, .. } => Some(why.help()),
            Error::DestinationExists {
                path,
                repository: true,
            } => Some(format!(
                "grow it with `packer-scaffold add <KIND> <NAME> --dir {}`, or choose another place with --dir",
                crate::shell::quote(&path.display().to_string())
            )),
            Error::DestinationExists {
                repository: false, ..
            } => Some(
                "choose another place with --dir; or fill in the files it lacks with --force, which \
                 never replaces a file; or remove the directory if it is no longer needed"
                    .into(),
            ),
            Error::ConfigExists { .. } => Some(
                "edit it, or move it away and run `packer-scaffold config init` again".into(),
            ),
            Error::DestinationNotADirectory { .. } => {
                Some("choose another place with --dir".into())
            }
            Error::ParentIsAFile { .. } => Some(
                "pass a directory with --dir (one that does not exist yet is created)".into(),
            ),
            Error::FilesInTheWay { root, paths } => {
                let first = root.join(&paths[0].0).display().to_string();
                Some(format!(
                    "move or rename {} (e.g. `mv {} {}`), then run the command again; \
                     packer-scaffold never replaces a file",
                    if paths.len() == 1 { "it" } else { "them" },
                    crate::shell::quote(&first),
                    crate::shell::quote(&format!("{first}.orig")),
                ))
            }
            Error::Template { .. } => Some(
                "this is a bug in packer-scaffold's templates; please report it with the command you ran"
                    .into(),
            ),
            Error::BadManifest { .. } => Some(
                "fix the file (see docs/manifest.md), or restore it with `git checkout -- .packer-scaffold.toml`"
                    .into(),
            ),
            Error::BadConfig { .. } => Some(
                "fix the file (docs/user-guide.md lists every key), or run with --no-config".into(),
            ),
            Error::NotARepository { .. } => Some(
                "run inside a plugin repository (where go.mod is), or pass --dir <repository>"
                    .into(),
            ),
            Error::MissingForAdd(_) => Some(
                "this repository has no .packer-scaffold.toml, so pass the flags above; `add` writes one"
                    .into(),
            ),
            Error::ComponentExists { .. } => Some(
                "choose another name; `packer-scaffold list` shows the components there are".into(),
            ),
            Error::PathsExist { .. } => Some(
                "choose another component name, or move those paths away if they are not needed"
                    .into(),
            ),
            Error::ManualSteps { .. } => Some(
                "make the edits above by hand, then run `go build ./...` and `make generate`".into(),
            ),
            Error::Disagreement { .. } => Some(
                "register the component in main.go, or fix .packer-scaffold.toml (docs/manifest.md)"
                    .into(),
            ),
            Error::NotChecked { .. } => Some(
                "register the components in main.go on plugin.NewSet(), as .packer-scaffold.toml lists them (docs/manifest.md)"
                    .into(),
            ),
            Error::NothingToList { .. } => Some(
                "run inside a Packer plugin repository (its main.go registers components on plugin.NewSet()), or pass --dir <repository>"
                    .into(),
            ),
            Error::ChecksFailed { .. } => Some("run the `fix:` of each failed check".into()),
            Error::Io { .. } | Error::Stdout(_) | Error::Interrupted => None,
        }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput {
                what,
                value,
                problem,
                ..
            } => write!(f, "invalid {what} `{value}`: {problem}"),
            Error::MissingValues { missing, why } => {
                write!(f, "missing values, and {}:", why.reason())?;
                for m in missing {
                    write!(f, "\n  {:<14} {} (e.g. {})", m.flag, m.what, m.example)?;
                }
                Ok(())
            }
            Error::DestinationExists { path, .. } => write!(
                f,
                "destination `{}` already exists and is not empty; nothing was written",
                path.display()
            ),
            Error::ConfigExists { path } => write!(
                f,
                "config file `{}` already exists; nothing was changed",
                path.display()
            ),
            Error::DestinationNotADirectory { path } => write!(
                f,
                "destination `{}` exists and is not a directory; nothing was written",
                path.display()
            ),
            Error::ParentIsAFile { dest, file } => write!(
                f,
                "cannot create `{}`: `{}` is a file, not a directory; nothing was written",
                dest.display(),
                file.display()
            ),
            Error::FilesInTheWay { root, paths } => {
                write!(
                    f,
                    "in `{}`, files are where directories are needed; nothing was written:",
                    root.display()
                )?;
                for (file, needed_by) in paths {
                    write!(
                        f,
                        "\n  `{file}` is a file, but `{needed_by}` needs it to be a directory"
                    )?;
                }
                Ok(())
            }
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} `{}`: {source}", path.display()),
            Error::Stdout(source) => write!(f, "could not write to standard output: {source}"),
            Error::Template { template, message } => {
                write!(f, "could not render template `{template}`: {message}")
            }
            Error::Interrupted => write!(f, "interrupted; nothing was written"),
            Error::BadManifest { path, message } => {
                write!(f, "cannot read manifest `{}`: {message}", path.display())
            }
            Error::BadConfig { path, message } => {
                write!(f, "cannot read config file `{}`: {message}", path.display())
            }
            Error::NotARepository { dir } => write!(
                f,
                "no plugin repository at or above `{}` (looked for .packer-scaffold.toml and go.mod)",
                dir.display()
            ),
            Error::MissingForAdd(missing) => {
                write!(f, "this repository has no manifest; `add` needs:")?;
                for m in missing {
                    write!(f, "\n  {:<14} {} (e.g. {})", m.flag, m.what, m.example)?;
                }
                Ok(())
            }
            Error::ComponentExists { what } => {
                write!(f, "{what} already exists; nothing was changed")
            }
            Error::PathsExist { paths } => {
                write!(f, "these paths already exist; nothing was changed:")?;
                for path in paths {
                    write!(f, "\n  {path}")?;
                }
                Ok(())
            }
            Error::ManualSteps { steps } => {
                write!(
                    f,
                    "the new files were written, but {} edit(s) need doing by hand:",
                    steps.len()
                )?;
                for step in steps {
                    write!(f, "\n\n{step}")?;
                }
                Ok(())
            }
            Error::ChecksFailed { failed } => write!(f, "{failed} check(s) failed"),
            Error::NotChecked { why } => write!(
                f,
                "the components of .packer-scaffold.toml were listed but not checked against main.go: {why}"
            ),
            Error::NothingToList { root, why } => write!(
                f,
                "no components to list in `{}`: there is no .packer-scaffold.toml, and {why}",
                root.display()
            ),
            Error::Disagreement { problems } => {
                write!(f, "the manifest and main.go disagree:")?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}
