//! Whether a repository's generated files (`*.hcl2spec.go`, `.web-docs/`) are current: runs
//! `make generate` in a temporary copy (`scratch`, `copy`) and compares the copy with the
//! repository, file by file (`compare`). The repository itself is only read.

mod compare;
mod copy;
pub(super) mod make_output;
pub(super) mod scratch;

use std::path::Path;
use std::process::Output;

use super::check::{Check, fail, pass, skip};
use crate::error::Error;
use crate::fs::repo;
use crate::fs::workspace::Workspace;
use crate::process::interrupt;
use crate::process::post_steps::FOLDER_PREFIX;
use crate::process::run::{Failure, Run};
use crate::ui::status;
use compare::{differences, stale_detail};
use copy::{Skipped, Sources, copy_tree};
use scratch::Scratch;

const NAME: &str = "generated";

/// Runs `make generate` on a copy of `root`. `go_ok` says whether the Go check passed: without
/// a working Go the run would fail for reasons that are not the repository's.
pub fn check(root: &Path, binary: &str, go_ok: bool) -> Result<Check, Error> {
    if let Some(why) = unable(root, go_ok) {
        return Ok(skip(NAME, why));
    }
    let skipped = Skipped::new(binary);
    let scratch = match Scratch::new(root) {
        Ok(s) => s,
        Err(why) => return Ok(skip(NAME, why)),
    };
    status::verb(
        "Checking",
        "generated files: `make generate` in a temporary copy",
    );
    // From here until the copy is gone, a signal only raises the flag (Ctrl-C reaches make
    // too), so the copy is removed before the process ends.
    let deferred = interrupt::Writing::start();
    // packer-sdc finds the repository by its folder name, so the copy keeps it.
    let copy = scratch.0.join(root.file_name().unwrap_or_default());
    let sources = Sources::of(root, &skipped);
    let copied = sources.and_then(|sources| copy_tree(root, &copy, &sources).map(|()| sources));
    if interrupt::requested() {
        return Err(interrupted(scratch, deferred));
    }
    let sources = match copied {
        Ok(sources) => sources,
        Err(why) => return Ok(skip(NAME, format!("could not copy the repository: {why}"))),
    };
    // The repository's own recipe runs, in the copy: its working directory, `-C`, `PWD` and so
    // `$(CURDIR)` and `$(PWD)` all name the copy, never the repository; `OLDPWD`, which would
    // name the caller's previous directory, is not passed on.
    // (The target first, then GNU make's options, as it reads them.)
    let run = Run::new("make")
        .args(["generate".as_ref(), "-C".as_ref(), copy.as_os_str()])
        .args(["--no-print-directory"])
        .dir(&copy)
        .env("PWD", &copy)
        .env_remove("OLDPWD")
        .output();
    // make may end of the signal before the handler has raised the flag: its own death by
    // one counts too.
    if interrupt::requested() || run.as_ref().is_ok_and(|o| ended_by_interrupt(o.status)) {
        return Err(interrupted(scratch, deferred));
    }
    drop(deferred);
    Ok(judge(run, || differences(root, &copy, &sources, &skipped)))
}

/// Why `make generate` cannot be run the same way in a copy, if it cannot.
fn unable(root: &Path, go_ok: bool) -> Option<String> {
    if !go_ok {
        return Some("needs a working go to run `make generate` (see the go check)".into());
    }
    let folder = root.file_name().unwrap_or_default();
    if !folder.to_string_lossy().starts_with(FOLDER_PREFIX) {
        return Some("`make generate` never finishes in this folder (see the folder check)".into());
    }
    let why = not_portable(root, std::env::var_os("GOWORK").as_deref())?;
    Some(format!(
        "{why}, so a copy elsewhere would not build the same; run `make generate` and `git status`"
    ))
}

/// The check, from how `make generate` ran and what it changed.
fn judge(
    run: Result<Output, Failure>,
    stale: impl FnOnce() -> Result<Vec<String>, String>,
) -> Check {
    let output = match run {
        Ok(output) => output,
        Err(Failure::NotFound) => return skip(NAME, "needs make on PATH to run `make generate`"),
        Err(Failure::Failed(e)) => return skip(NAME, format!("could not run make: {e}")),
    };
    if !output.status.success() {
        return fail(
            NAME,
            format!(
                "`make generate` fails in a copy of the repository: {}",
                make_output::why(&output.stderr)
            ),
            "run `make generate` and fix what it reports",
        );
    }
    // GNU make's words when the target has no recipe: nothing was generated, so nothing
    // can be found stale.
    let said = String::from_utf8_lossy(&output.stdout);
    if said.contains("Nothing to be done for 'generate'")
        || said.contains("'generate' is up to date")
    {
        return fail(
            NAME,
            "`make generate` runs nothing: the Makefile's generate target has no recipe",
            "give the generate target its recipe back (`go generate ./...` and the docs steps)",
        );
    }
    match stale() {
        Ok(stale) if stale.is_empty() => pass(
            NAME,
            "`make generate` changes nothing: *.hcl2spec.go and .web-docs/ are current",
        ),
        Ok(stale) => fail(NAME, stale_detail(&stale), "make generate"),
        Err(why) => skip(NAME, format!("could not compare with the copy: {why}")),
    }
}

/// Removes the copy and reports the interrupt. The deferral of signals is kept: one still on
/// its way must not end the process early and print twice in the few instructions left before
/// the exit with status 130.
fn interrupted(scratch: Scratch, deferred: interrupt::Writing) -> Error {
    drop(scratch);
    std::mem::forget(deferred);
    Error::Interrupted
}

/// Whether a child ended of SIGINT, SIGTERM or SIGHUP, the signals the tool treats as the
/// user stopping it.
#[cfg(unix)]
fn ended_by_interrupt(status: std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(status.signal(), Some(1 | 2 | 15))
}

#[cfg(not(unix))]
fn ended_by_interrupt(_: std::process::ExitStatus) -> bool {
    false
}

/// Why a copy of the repository outside its folder would not build as the repository does:
/// `replace` directives with relative paths in go.mod, or a workspace: the one `gowork` (the
/// `GOWORK` variable) names, else a go.work above the repository. `GOWORK=off` turns
/// workspaces off, so no go.work applies.
fn not_portable(root: &Path, gowork: Option<&std::ffi::OsStr>) -> Option<String> {
    let go_mod = repo::read_text(root, "go.mod")
        .ok()
        .flatten()
        .unwrap_or_default();
    let relative = go_mod.lines().any(|line| {
        line.split_once("=>").is_some_and(|(_, target)| {
            let target = target.trim();
            target.starts_with("./") || target.starts_with("../") || target == "." || target == ".."
        })
    });
    if relative {
        return Some("go.mod replaces a module with a relative path".into());
    }
    Workspace::applying(root, gowork).map(|ws| match ws {
        Workspace::Named(_) => "GOWORK names a workspace".to_owned(),
        Workspace::Found(file) => format!("{} applies to it", file.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_go_work_applies_unless_gowork_is_off_and_gowork_naming_a_file_always_does() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let root = tmp.path().join("packer-plugin-x");
        fs::create_dir(&root).unwrap();
        fs::write(root.join("go.mod"), "module example.com/x\n").unwrap();
        let off = std::ffi::OsStr::new("off");
        let file = std::ffi::OsStr::new("/elsewhere/go.work");
        let empty = std::ffi::OsStr::new("");
        assert_eq!(not_portable(&root, None), None);
        assert_eq!(
            not_portable(&root, Some(file)).as_deref(),
            Some("GOWORK names a workspace")
        );
        fs::write(tmp.path().join("go.work"), "go 1.25\n").unwrap();
        let applies = format!("{} applies to it", tmp.path().join("go.work").display());
        assert_eq!(not_portable(&root, None), Some(applies.clone()));
        assert_eq!(not_portable(&root, Some(empty)), Some(applies));
        assert_eq!(not_portable(&root, Some(off)), None);
        assert_eq!(
            not_portable(&root, Some(file)).as_deref(),
            Some("GOWORK names a workspace")
        );
    }
}
