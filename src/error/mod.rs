//! Every error the tool reports as data: what went wrong, with the values that say where.
//! The exit status of each is decided here (`exit_code`) and nowhere else; the words are in
//! `words` (the message) and `help` (the `help:` line, what to type instead).

mod help;
pub mod invisible;
pub mod missing;
pub mod shell;
pub mod shown;
mod words;

use std::io;
use std::path::PathBuf;

pub use missing::{Missing, NoPrompt, Unasked};

/// Exit status for bad flags, arguments or answers.
pub const EXIT_USAGE: u8 = 2;
/// Exit status for a failure while doing the work (I/O, rendering).
pub const EXIT_FAILURE: u8 = 1;
/// Exit status after an interrupt (Ctrl-C, SIGTERM, SIGHUP).
pub const EXIT_INTERRUPTED: u8 = 130;

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
    MissingValues { missing: Vec<Missing>, why: Unasked },
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
    /// An interrupt arrived while writing; what was written was undone.
    Interrupted,
    /// An interrupt arrived after the last file of `dest` was written: the repository is
    /// complete, and the steps after writing (`skipped`) did not run.
    InterruptedAfterWrite {
        dest: PathBuf,
        skipped: Vec<&'static str>,
    },
    /// The manifest cannot be read as one.
    BadManifest { path: PathBuf, message: String },
    /// The user config file cannot be read as one.
    BadConfig { path: PathBuf, message: String },
    /// No plugin repository at or above the directory.
    NotARepository { dir: PathBuf },
    /// The component to add is already there.
    ComponentExists { what: String },
    /// main.go registers a component of this kind under the name the new one would take.
    RegisteredAlready {
        kind: String,
        /// The new component, as messages name it: `` `my-builder` (HCL type `x-my-builder`) ``.
        component: String,
        /// The registration name it would take, as main.go writes it: `"my-builder"`.
        name: String,
        registered: Vec<String>,
    },
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
    /// `upgrade --check`: the repository was made from older templates than the binary's.
    UpgradeDue { from: String, to: String },
    /// `upgrade` wrote files with conflict markers where both sides changed the same lines.
    Conflicts { files: Vec<String> },
    /// Another run created the destination while this one was writing.
    CreatedMeanwhile { dest: PathBuf },
    /// Another command holds the repository's lock.
    Busy { root: PathBuf },
    /// A write would leave the repository: `link` is a symbolic link to `goes_to`.
    OutsideRepository { link: PathBuf, goes_to: PathBuf },
    /// A file to edit is read-only.
    ReadOnly { path: PathBuf },
    /// The journal of an interrupted change cannot be completed or undone.
    BadJournal { path: PathBuf, message: String },
    /// The journal of an interrupted change names a path the writer would never have written
    /// (outside the repository, into `.git`, through a link): refused, nothing touched.
    RefusedJournal { path: PathBuf, message: String },
    /// A write would land in `.git` (`path`: the folder, or a link leading into it).
    InGitFolder { path: PathBuf },
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
            | Error::ComponentExists { .. }
            | Error::RegisteredAlready { .. }
            | Error::PathsExist { .. }
            | Error::NothingToList { .. }
            | Error::OutsideRepository { .. }
            | Error::ReadOnly { .. }
            | Error::RefusedJournal { .. }
            | Error::InGitFolder { .. } => EXIT_USAGE,
            Error::Io { .. }
            | Error::Stdout(_)
            | Error::Template { .. }
            | Error::ManualSteps { .. }
            | Error::Disagreement { .. }
            | Error::NotChecked { .. }
            | Error::ChecksFailed { .. }
            | Error::UpgradeDue { .. }
            | Error::Conflicts { .. }
            | Error::Busy { .. }
            | Error::CreatedMeanwhile { .. }
            | Error::BadJournal { .. } => EXIT_FAILURE,
            Error::Interrupted | Error::InterruptedAfterWrite { .. } => EXIT_INTERRUPTED,
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::Stdout(source) => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_carry_their_cause() {
        let err = Error::io("read", "x", io::ErrorKind::NotFound.into());
        let source = std::error::Error::source(&err).expect("a source");
        assert_eq!(
            source.to_string(),
            io::Error::from(io::ErrorKind::NotFound).to_string()
        );
        assert!(std::error::Error::source(&Error::Interrupted).is_none());
    }

    #[test]
    fn an_interrupt_after_writing_exits_130_and_names_the_steps_that_did_not_run() {
        let err = Error::InterruptedAfterWrite {
            dest: "/tmp/packer-plugin-x".into(),
            skipped: vec!["go mod tidy", "git init"],
        };
        assert_eq!(err.exit_code(), EXIT_INTERRUPTED);
        assert_eq!(
            err.to_string(),
            "interrupted; /tmp/packer-plugin-x is complete"
        );
        assert_eq!(
            err.help().unwrap(),
            "`go mod tidy` and `git init` did not run: run them in it yourself"
        );
    }
}
