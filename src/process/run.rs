//! The one way the tool runs another program (go, git, make): no terminal input, output
//! captured, and the outcome told apart: the program is not installed, it ran and failed
//! (with what it said), or it ran.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A program to run, built up like `std::process::Command`.
pub struct Run {
    command: Command,
    input: Option<Vec<u8>>,
}

/// Why a program did not run to success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It is not on PATH.
    NotFound,
    /// It could not start, or it ended without success: what it said (stderr, else stdout).
    Failed(String),
}

impl Run {
    pub fn new(program: &str) -> Run {
        let mut command = Command::new(program);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Run {
            command,
            input: None,
        }
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Run {
        self.command.args(args);
        self
    }

    /// Runs it in `dir` instead of the current directory.
    pub fn dir(mut self, dir: &Path) -> Run {
        self.command.current_dir(dir);
        self
    }

    /// Sets an environment variable for it.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Run {
        self.command.env(key, value);
        self
    }

    /// Leaves an environment variable out of its environment.
    pub fn env_remove(mut self, key: &str) -> Run {
        self.command.env_remove(key);
        self
    }

    /// Gives it `bytes` on standard input.
    pub fn input(mut self, bytes: &[u8]) -> Run {
        self.command.stdin(Stdio::piped());
        self.input = Some(bytes.to_vec());
        self
    }

    /// Runs it to the end, whatever its exit status; `started` is called once it runs (not
    /// when it could not start), for a status line before a slow step.
    pub fn output_after(mut self, started: impl FnOnce()) -> Result<Output, Failure> {
        let mut child = self.command.spawn().map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Failure::NotFound,
            _ => Failure::Failed(e.to_string()),
        })?;
        started();
        // Written from a thread of its own, so a program that prints before it reads all its
        // input cannot stall on a full pipe.
        let writer = match (self.input.take(), child.stdin.take()) {
            (Some(bytes), Some(mut stdin)) => {
                Some(std::thread::spawn(move || stdin.write_all(&bytes)))
            }
            _ => None,
        };
        let output = child
            .wait_with_output()
            .map_err(|e| Failure::Failed(e.to_string()))?;
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        Ok(output)
    }

    /// Runs it to the end, whatever its exit status.
    pub fn output(self) -> Result<Output, Failure> {
        self.output_after(|| {})
    }

    /// Runs it; success is its standard output, anything else a `Failure`.
    pub fn success(self) -> Result<String, Failure> {
        success_of(self.output()?)
    }
}

/// Whether `program` is found on PATH as an executable file (with `.exe` on Windows): for a
/// step that starts another program that needs it (make, whose recipe runs go).
pub fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let name = format!("{program}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(&name)))
}

#[cfg(unix)]
fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(file: &Path) -> bool {
    file.is_file()
}

/// The standard output of a run that succeeded, or what it said when it failed.
pub fn success_of(output: Output) -> Result<String, Failure> {
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let mut said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if said.is_empty() {
        said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    }
    Err(Failure::Failed(said))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_is_not_installed_is_told_apart_from_one_that_fails() {
        assert_eq!(
            Run::new("packer-scaffold-no-such-program").success(),
            Err(Failure::NotFound)
        );
        let failed = Run::new("sh")
            .args(["-c", "echo out; echo said >&2; exit 3"])
            .success();
        assert_eq!(failed, Err(Failure::Failed("said".into())));
        let quiet = Run::new("sh").args(["-c", "echo out; exit 1"]).success();
        assert_eq!(quiet, Err(Failure::Failed("out".into())));
    }

    #[test]
    fn programs_are_looked_up_on_path() {
        assert!(on_path("sh"));
        assert!(!on_path("packer-scaffold-no-such-program"));
    }

    #[test]
    fn input_arrives_and_the_directory_is_used() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let out = Run::new("sh")
            .args(["-c", "pwd; cat"])
            .dir(tmp.path())
            .input(b"given\n")
            .success()
            .unwrap();
        let pwd = tmp.path().canonicalize().unwrap();
        assert_eq!(out, format!("{}\ngiven\n", pwd.display()));
    }

    #[test]
    fn started_is_called_only_when_the_program_runs() {
        let mut called = false;
        let _ = Run::new("packer-scaffold-no-such-program").output_after(|| called = true);
        assert!(!called);
        let _ = Run::new("true").output_after(|| called = true);
        assert!(called);
    }
}
