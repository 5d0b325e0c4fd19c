//! The Makefile check: GNU make itself evaluates the repository's `dev` target without running
//! it (`make -n dev`, in a scratch folder holding only the Makefile, the files it includes by
//! plain paths (`includes`), go.mod and go.sum), and the
//! commands it would run must build the plugin's binary and install it under the plugin's
//! source address. Variables, `$(shell …)` and includes of the Makefile are make's business,
//! so `BINARY=packer-plugin-${NAME}` or a module path read from go.mod count as written.

use std::path::Path;

use super::check::{Check, fail, pass, skip};
use super::generated::make_output;
use super::generated::scratch::Scratch;
use super::includes;
use crate::domain::model::Plugin;
use crate::process::run::{Failure, Run};

const NAME: &str = "Makefile";

/// The files GNU make reads by default, in its order.
const MAKEFILES: [&str; 3] = ["GNUmakefile", "makefile", "Makefile"];

/// Files the Makefile commonly reads while it is evaluated (`$(shell … go.mod)`).
const READ_BY_RECIPES: [&str; 2] = ["go.mod", "go.sum"];

/// Evaluates `dev` in a copy of the Makefile and judges the commands it would run.
pub fn check(root: &Path, plugin: &Plugin) -> Check {
    let Some(makefile) = MAKEFILES.into_iter().find(|m| root.join(m).is_file()) else {
        return fail(
            NAME,
            "the repository has no GNUmakefile",
            "restore GNUmakefile (`git checkout -- GNUmakefile`)",
        );
    };
    let commands = match dry_run(root, makefile) {
        Err(unable) => return skip(NAME, unable),
        Ok(Ok(commands)) => commands,
        Ok(Err(Failure::NotFound)) => {
            return skip(NAME, "needs make on PATH to evaluate the Makefile");
        }
        Ok(Err(Failure::Failed(why))) => {
            return fail(
                NAME,
                format!("`make -n dev` fails: {why}"),
                format!("give {makefile} a `dev` target that builds and installs the plugin"),
            );
        }
    };
    judge(makefile, &commands, plugin)
}

/// What `make -n dev` prints: the commands `make dev` would run, variables expanded; or how
/// make failed. The outer error says why make could not be tried.
fn dry_run(root: &Path, makefile: &str) -> Result<Result<String, Failure>, String> {
    let scratch = Scratch::new(root)?;
    // Named as the repository, for Makefiles that read their folder's name.
    let copy = scratch.0.join(root.file_name().unwrap_or_default());
    let included = includes::included(root, makefile);
    let copied = std::fs::create_dir(&copy).and_then(|()| {
        let files = [makefile, READ_BY_RECIPES[0], READ_BY_RECIPES[1]];
        for file in files.into_iter().chain(included.iter().map(String::as_str)) {
            if root.join(file).is_file() {
                if let Some(dir) = Path::new(file).parent() {
                    std::fs::create_dir_all(copy.join(dir))?;
                }
                std::fs::copy(root.join(file), copy.join(file))?;
            }
        }
        Ok(())
    });
    copied.map_err(|e| format!("could not copy the Makefile to evaluate it: {e}"))?;
    let run = Run::new("make")
        .args(["-n", "--no-print-directory", "dev"])
        .dir(&copy)
        .env("PWD", &copy)
        .env_remove("OLDPWD")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .env_remove("MAKELEVEL")
        .output();
    Ok(run.and_then(|output| match output.status.success() {
        true => Ok(String::from_utf8_lossy(&output.stdout).into_owned()),
        false => Err(Failure::Failed(make_output::why(&output.stderr))),
    }))
}

/// Passes when some command builds the binary (`go build … -o <binary>`) and some command
/// installs it under the plugin's source (`packer plugins install … <source>`).
fn judge(makefile: &str, commands: &str, plugin: &Plugin) -> Check {
    let builds = commands.lines().any(|line| {
        line.contains("go build") && output_of(line).is_some_and(|o| names(&o, &plugin.binary))
    });
    let installs = commands.lines().any(|line| {
        line.contains("packer plugins install") && words(line).any(|w| w == plugin.source)
    });
    match (builds, installs) {
        (true, true) => pass(
            NAME,
            format!(
                "`make dev` builds {} and installs it as {}",
                plugin.binary, plugin.source
            ),
        ),
        (false, _) => fail(
            NAME,
            format!(
                "`make dev` never builds {} (`go build -o {}`)",
                plugin.binary, plugin.binary
            ),
            format!(
                "build the binary in {makefile}'s dev target: go build -o {}",
                plugin.binary
            ),
        ),
        (true, false) => fail(
            NAME,
            format!("`make dev` never installs the plugin as {}", plugin.source),
            format!(
                "install it in {makefile}'s dev target: packer plugins install --path {} {}",
                plugin.binary, plugin.source
            ),
        ),
    }
}

/// The words of a command line, shell quotes taken off.
fn words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_owned())
}

/// The file a `go build` line writes: the word after `-o`, or the value of `-o=`.
fn output_of(line: &str) -> Option<String> {
    let words: Vec<String> = words(line).collect();
    words
        .iter()
        .enumerate()
        .find_map(|(i, w)| match w.as_str() {
            "-o" => words.get(i + 1).cloned(),
            _ => w.strip_prefix("-o=").map(str::to_owned),
        })
}

/// Whether `output` is the binary: its name, in any folder, with or without `.exe`.
fn names(output: &str, binary: &str) -> bool {
    let file = output.rsplit(['/', '\\']).next().unwrap_or(output);
    file == binary || file.strip_suffix(".exe") == Some(binary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_of_go_build_in_the_forms_real_makefiles_write() {
        for (line, out) in [
            ("go build -o packer-plugin-x", Some("packer-plugin-x")),
            (
                "go build -ldflags=\"-X 'a/b.V=dev'\" -o 'packer-plugin-x'",
                Some("packer-plugin-x"),
            ),
            (
                "go build -o=bin/packer-plugin-x.exe .",
                Some("bin/packer-plugin-x.exe"),
            ),
            ("go build ./...", None),
        ] {
            assert_eq!(output_of(line).as_deref(), out, "{line}");
        }
        assert!(names("bin/packer-plugin-x.exe", "packer-plugin-x"));
        assert!(names("packer-plugin-x", "packer-plugin-x"));
        assert!(!names("packer-plugin-xy", "packer-plugin-x"));
    }
}
