//! Whether a repository's generated files (`*.hcl2spec.go`, `.web-docs/`) are current: runs
//! `make generate` in a temporary copy and compares the copy with the repository, file by
//! file. The repository itself is only read.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::check::{Check, fail, pass, skip};
use super::repository::FOLDER_PREFIX;
use crate::error::Error;
use crate::process::interrupt;
use crate::process::run::{Failure, Run};
use crate::ui::status;

const NAME: &str = "generated";
/// The name of a copy: this prefix, the pid of the doctor that made it, and a nonce.
const SCRATCH_PREFIX: &str = "packer-scaffold-doctor-";
/// How many differing paths a failure names before it says "and N more".
const SHOWN: usize = 6;

/// Runs `make generate` on a copy of `root`. `go_ok` says whether the Go check passed: without
/// a working Go the run would fail for reasons that are not the repository's.
pub fn check(root: &Path, binary: &str, go_ok: bool) -> Result<Check, Error> {
    if !go_ok {
        return Ok(skip(
            NAME,
            "needs a working go to run `make generate` (see the go check)",
        ));
    }
    // packer-sdc finds the repository by its folder name, so the copy keeps it.
    let folder = root.file_name().unwrap_or_default();
    if !folder.to_string_lossy().starts_with(FOLDER_PREFIX) {
        return Ok(skip(
            NAME,
            "`make generate` never finishes in this folder (see the folder check)",
        ));
    }
    if let Some(why) = not_portable(root, std::env::var_os("GOWORK").as_deref()) {
        return Ok(skip(
            NAME,
            format!(
                "{why}, so a copy elsewhere would not build the same; run `make generate` and `git status`"
            ),
        ));
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
    let copy = scratch.0.join(folder);
    let sources = Sources::of(root, &skipped);
    let copied = sources.and_then(|sources| copy_tree(root, &copy, &sources).map(|()| sources));
    if interrupt::requested() {
        return Err(interrupted(scratch, deferred));
    }
    let sources = match copied {
        Ok(sources) => sources,
        Err(why) => return Ok(skip(NAME, format!("could not copy the repository: {why}"))),
    };
    let run = Run::new("make").args(["generate"]).dir(&copy).output();
    // make may end of the signal before the handler has raised the flag: its own death by
    // one counts too.
    if interrupt::requested() || run.as_ref().is_ok_and(|o| ended_by_interrupt(o.status)) {
        return Err(interrupted(scratch, deferred));
    }
    drop(deferred);
    let output = match run {
        Ok(output) => output,
        Err(Failure::NotFound) => {
            return Ok(skip(NAME, "needs make on PATH to run `make generate`"));
        }
        Err(Failure::Failed(e)) => return Ok(skip(NAME, format!("could not run make: {e}"))),
    };
    if !output.status.success() {
        return Ok(fail(
            NAME,
            format!(
                "`make generate` fails in a copy of the repository: {}",
                why(&output.stderr)
            ),
            "run `make generate` and fix what it reports",
        ));
    }
    // GNU make's words when the target has no recipe: nothing was generated, so nothing
    // can be found stale.
    let said = String::from_utf8_lossy(&output.stdout);
    if said.contains("Nothing to be done for 'generate'")
        || said.contains("'generate' is up to date")
    {
        return Ok(fail(
            NAME,
            "`make generate` runs nothing: the Makefile's generate target has no recipe",
            "give the generate target its recipe back (`go generate ./...` and the docs steps)",
        ));
    }
    Ok(match differences(root, &copy, &sources, &skipped) {
        Ok(stale) if stale.is_empty() => pass(
            NAME,
            "`make generate` changes nothing: *.hcl2spec.go and .web-docs/ are current",
        ),
        Ok(stale) => fail(NAME, stale_detail(&stale), "make generate"),
        Err(why) => skip(NAME, format!("could not compare with the copy: {why}")),
    })
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

/// What the copy leaves out: `.git`, build output, and the scratch folder of `make generate`.
struct Skipped {
    binaries: [String; 2],
}

impl Skipped {
    fn new(binary: &str) -> Skipped {
        Skipped {
            binaries: [binary.to_owned(), format!("{binary}.exe")],
        }
    }

    fn skips(&self, path: &Path, top: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(top) else {
            return false;
        };
        let rel = rel.to_string_lossy();
        matches!(rel.as_ref(), ".git" | "dist" | ".docs") || self.binaries.iter().any(|b| *b == rel)
    }
}

/// A temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    /// A new folder in the system's temporary directory, which must be there and outside
    /// `root` (a copy inside the repository would be compared with itself).
    fn new(root: &Path) -> Result<Scratch, String> {
        let base = std::env::temp_dir();
        let base = std::env::current_dir()
            .map(|cwd| cwd.join(&base))
            .unwrap_or(base);
        let base = base.canonicalize().map_err(|e| {
            format!(
                "the temporary directory {} is not usable ({e}); set TMPDIR to one",
                base.display()
            )
        })?;
        if base.starts_with(root) {
            return Err(format!(
                "the temporary directory {} is inside the repository; set TMPDIR elsewhere",
                base.display()
            ));
        }
        remove_copies_of_killed_runs(&base);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let dir = base.join(format!("{SCRATCH_PREFIX}{}-{nanos}", std::process::id()));
        fs::create_dir(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Removes the copies that runs killed outright (SIGKILL) left in `base`. Only where `/proc`
/// tells which processes run: the temporary directory is shared, and a running doctor's copy
/// must stay.
fn remove_copies_of_killed_runs(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(SCRATCH_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !crate::fs::writer::process_is_running(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// An I/O error with the path it happened at.
fn at(path: &Path) -> impl FnOnce(io::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

/// Every file under `top` that the copy holds, as paths relative to `top`, sorted.
fn files(top: &Path, skipped: &Skipped) -> Result<BTreeSet<PathBuf>, String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![top.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(at(&dir))? {
            let path = entry.map_err(at(&dir))?.path();
            if skipped.skips(&path, top) {
                continue;
            }
            // Follows symlinks: a linked file is compared by its content; a linked folder is
            // left out, so a link loop cannot trap the walk, and so is a dangling link, which
            // nothing can read.
            let link = fs::symlink_metadata(&path)
                .map_err(at(&path))?
                .file_type()
                .is_symlink();
            let meta = match fs::metadata(&path) {
                Err(e) if link && e.kind() == io::ErrorKind::NotFound => continue,
                other => other.map_err(at(&path))?,
            };
            if meta.is_dir() && !link {
                pending.push(path);
            } else if meta.is_file() {
                found.insert(path.strip_prefix(top).unwrap_or(&path).to_owned());
            }
        }
    }
    Ok(found)
}

/// The files of the repository that the copy takes, relative to its root.
struct Sources {
    files: BTreeSet<PathBuf>,
    /// Whether git chose them: then git also says which new files to ignore.
    from_git: bool,
}

impl Sources {
    /// When the repository is the top of a git work tree, the files git tracks or would add
    /// (not those it ignores: build output, Packer caches and images can be large); else
    /// every file (a folder of a larger repository may be ignored there as a whole).
    fn of(root: &Path, skipped: &Skipped) -> Result<Sources, String> {
        let listed = is_git_top(root).then(|| {
            git_lines(
                root,
                &[
                    "ls-files",
                    "-z",
                    "--cached",
                    "--others",
                    "--exclude-standard",
                ],
                b"",
            )
        });
        let Some(Some(listed)) = listed else {
            return Ok(Sources {
                files: files(root, skipped)?,
                from_git: false,
            });
        };
        let files = listed
            .into_iter()
            .filter(|rel| {
                !skipped.skips(&root.join(rel), root) && !under_skipped(rel, root, skipped)
            })
            // A tracked file deleted since, a submodule or a dangling link: nothing to copy.
            .filter(|rel| fs::metadata(root.join(rel)).is_ok_and(|m| m.is_file()))
            .collect();
        Ok(Sources {
            files,
            from_git: true,
        })
    }

    /// Of `created` (paths relative to the root), those git would not ignore.
    fn not_ignored(&self, root: &Path, created: Vec<PathBuf>) -> Vec<PathBuf> {
        if !self.from_git || created.is_empty() {
            return created;
        }
        let mut input = Vec::new();
        for rel in &created {
            input.extend_from_slice(rel.to_string_lossy().as_bytes());
            input.push(0);
        }
        let ignored: BTreeSet<PathBuf> =
            git_lines(root, &["check-ignore", "-z", "--stdin"], &input)
                .unwrap_or_default()
                .into_iter()
                .collect();
        created
            .into_iter()
            .filter(|rel| !ignored.contains(rel))
            .collect()
    }
}

/// Whether `root` is the top folder of a git work tree.
fn is_git_top(root: &Path) -> bool {
    let Ok(output) = Run::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .dir(root)
        .output()
    else {
        return false;
    };
    let top = String::from_utf8_lossy(&output.stdout);
    output.status.success()
        && Path::new(top.trim_end_matches('\n'))
            .canonicalize()
            .is_ok_and(|top| top == root)
}

/// Whether a path git listed lies inside a folder the copy leaves out (`dist/x`).
fn under_skipped(rel: &Path, root: &Path, skipped: &Skipped) -> bool {
    rel.ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| skipped.skips(&root.join(a), root))
}

/// The NUL-separated paths `git <args>` prints in `dir`, given `input`; `None` when git is
/// missing or `dir` is not in a work tree. `check-ignore` exits 1 when it prints nothing.
fn git_lines(dir: &Path, args: &[&str], input: &[u8]) -> Option<Vec<PathBuf>> {
    let output = Run::new("git")
        .args(args)
        .dir(dir)
        .input(input)
        .output()
        .ok()?;
    if !matches!(output.status.code(), Some(0 | 1)) {
        return None;
    }
    Some(
        output
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .collect(),
    )
}

fn copy_tree(from: &Path, to: &Path, sources: &Sources) -> Result<(), String> {
    for rel in &sources.files {
        let (source, target) = (from.join(rel), to.join(rel));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        // fs::copy keeps the mode, so the docs script stays executable; a read-only file
        // becomes writable, as `make generate` must be able to rewrite it in the copy.
        fs::copy(&source, &target).map_err(at(&source))?;
        let mut permissions = fs::metadata(&target).map_err(at(&target))?.permissions();
        if permissions.readonly() {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                permissions.set_mode(permissions.mode() | 0o200);
            }
            #[cfg(not(unix))]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions).map_err(at(&target))?;
        }
    }
    Ok(())
}

/// The paths `make generate` created, changed or removed, each with what happened.
fn differences(
    root: &Path,
    copy: &Path,
    sources: &Sources,
    skipped: &Skipped,
) -> Result<Vec<String>, String> {
    let before = &sources.files;
    let mut after = files(copy, skipped)?;
    let created: Vec<PathBuf> = after.difference(before).cloned().collect();
    let kept: BTreeSet<PathBuf> = sources.not_ignored(root, created).into_iter().collect();
    after.retain(|rel| before.contains(rel) || kept.contains(rel));
    let mut stale = Vec::new();
    for rel in before.union(&after) {
        let shown = rel.to_string_lossy().replace('\\', "/");
        match (before.contains(rel), after.contains(rel)) {
            (true, true) => {
                if !same_bytes(&root.join(rel), &copy.join(rel))? {
                    stale.push(shown);
                }
            }
            (false, _) => stale.push(format!("{shown} (would be created)")),
            (_, false) => stale.push(format!("{shown} (would be removed)")),
        }
    }
    Ok(stale)
}

/// Whether two files hold the same bytes, read a block at a time (a repository may hold
/// large files that are no business of `make generate`).
fn same_bytes(a: &Path, b: &Path) -> Result<bool, String> {
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).map_err(at(p));
    if size(a)? != size(b)? {
        return Ok(false);
    }
    let mut readers = [
        io::BufReader::new(fs::File::open(a).map_err(at(a))?),
        io::BufReader::new(fs::File::open(b).map_err(at(b))?),
    ];
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = read_full(&mut readers[0], &mut x).map_err(at(a))?;
        let m = read_full(&mut readers[1], &mut y).map_err(at(b))?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the reader allows; fewer bytes only at the end.
fn read_full(reader: &mut impl io::Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Why a copy of the repository outside its folder would not build as the repository does:
/// `replace` directives with relative paths in go.mod, or a workspace: the one `gowork` (the
/// `GOWORK` variable) names, else a go.work above the repository. `GOWORK=off` turns
/// workspaces off, so no go.work applies.
fn not_portable(root: &Path, gowork: Option<&std::ffi::OsStr>) -> Option<String> {
    let go_mod = fs::read_to_string(root.join("go.mod")).unwrap_or_default();
    let relative = go_mod.lines().any(|line| {
        line.split_once("=>").is_some_and(|(_, target)| {
            let target = target.trim();
            target.starts_with("./") || target.starts_with("../") || target == "." || target == ".."
        })
    });
    if relative {
        return Some("go.mod replaces a module with a relative path".into());
    }
    match gowork.filter(|w| !w.is_empty()) {
        Some(w) if w == "off" => None,
        Some(_) => Some("GOWORK names a workspace".into()),
        None => root
            .ancestors()
            .find(|dir| dir.join("go.work").is_file())
            .map(|dir| format!("{} applies to it", dir.join("go.work").display())),
    }
}

fn stale_detail(stale: &[String]) -> String {
    let mut detail = format!(
        "`make generate` would change {}",
        stale
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    if stale.len() > SHOWN {
        detail.push_str(&format!(" and {} more", stale.len() - SHOWN));
    }
    detail
}

/// The last two lines of make's stderr that say why: make's own `*** …` lines and the
/// timestamps of Go's logger left out.
fn why(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| without_timestamp(l.trim()))
        .filter(|l| !l.is_empty() && !makes_own(l))
        .collect();
    if lines.is_empty() {
        return text
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("it printed no error")
            .to_owned();
    }
    lines[lines.len().saturating_sub(2)..].join("; ")
}

/// `make: *** […] Error 1` and the like: make saying that something failed, not what.
fn makes_own(line: &str) -> bool {
    line.starts_with("make") && line.contains("*** ")
}

/// `2026/11/24 00:39:25 ParseFile: …` without its date and time.
fn without_timestamp(line: &str) -> &str {
    let stamp = line.get(..20).unwrap_or_default();
    let shape = stamp.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'/',
        10 | 19 => b == b' ',
        13 | 16 => b == b':',
        _ => b.is_ascii_digit(),
    });
    if stamp.len() == 20 && shape {
        &line[20..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_stale_files_is_cut_short() {
        let stale: Vec<String> = (0..9).map(|i| format!("f{i}")).collect();
        assert_eq!(
            stale_detail(&stale),
            "`make generate` would change f0, f1, f2, f3, f4, f5 and 3 more"
        );
    }

    #[test]
    fn the_copy_leaves_out_git_build_output_and_the_binary() {
        let skipped = Skipped::new("packer-plugin-x");
        for left_out in [
            ".git",
            "dist",
            ".docs",
            "packer-plugin-x",
            "packer-plugin-x.exe",
        ] {
            assert!(skipped.skips(&Path::new("/r").join(left_out), Path::new("/r")));
        }
        for kept in ["docs", "builder/x/dist", "main.go"] {
            assert!(!skipped.skips(&Path::new("/r").join(kept), Path::new("/r")));
        }
    }

    #[test]
    fn a_failure_quotes_the_lines_that_say_why() {
        assert_eq!(
            why(
                b"2026/11/24 00:39:25 ParseFile: config.go:60:1: expected declaration, found x\n\
                  builder/x/config.go:4: running \"go\": exit status 1\n\
                  make: *** [GNUmakefile:28: generate] Error 1\n\n"
            ),
            "ParseFile: config.go:60:1: expected declaration, found x; \
             builder/x/config.go:4: running \"go\": exit status 1"
        );
        assert_eq!(
            why(b"make: *** No rule to make target 'generate'.  Stop.\n"),
            "make: *** No rule to make target 'generate'.  Stop."
        );
        assert_eq!(why(b""), "it printed no error");
    }

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
