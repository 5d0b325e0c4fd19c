//! Shared helpers: the fixture every test starts from, a temporary [`Home`] to run the binary
//! in and a [`Repo`] made by `new`; [`require`] for a test that needs a tool; the standard
//! answers, rendered trees, trees read into memory and fake tools on a PATH of their own.
//!
//! Every command a test runs is hermetic ([`hermetic`]): the environment is cleared but for
//! PATH, HOME is a temporary directory that also holds git's global configuration, git's
//! system configuration is off, and the command starts in that home, with git's search for a
//! repository stopped at the temporary directory. So no test reads the configuration of the
//! repository `cargo test` runs in, the developer's own git identity or `XDG_CONFIG_HOME`.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use assert_fs::TempDir;
use assert_fs::fixture::ChildPath;
use assert_fs::prelude::*;
use packer_scaffold::{Answers, Kind, Plan, Plugin};

/// 2026-07-01T00:00:00Z: fixes the copyright year in rendered output.
pub const EPOCH: &str = "1782864000";

/// The answers to everything `new` would ask, without git or `go mod tidy`: add `--dir`.
pub const ANSWERS: [&str; 8] = [
    "--org",
    "acme",
    "--author",
    "Acme Corp",
    "--no-input",
    "--vcs",
    "none",
    "--no-tidy",
];

/// The packer-scaffold binary cargo built for these tests.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("packer-scaffold")
}

/// `program` isolated from the machine it runs on: no variable of the caller's environment but
/// PATH; `home` as HOME and as the current directory; git's global configuration
/// `home/gitconfig` (absent unless a test writes it) and no system configuration; no git
/// repository found at or above the temporary directory; a fixed clock; and CI set, so
/// nothing is asked (a test that wants prompts removes it).
///
/// Starting in `home` matters: git reads the configuration of the repository a command starts
/// in, so the binary run where `cargo test` runs took `user.name` from that checkout.
pub fn hermetic(program: impl AsRef<OsStr>, home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CI", "true")
        .current_dir(home);
    cmd
}

/// The binary, run hermetically in `home`.
pub fn scaffold(home: &Path) -> Command {
    Command::from_std(scaffold_process(home))
}

/// `scaffold` as a plain process, for a test that gives it a standard output of its own
/// (assert_cmd always gives it a pipe) or signals it.
pub fn scaffold_process(home: &Path) -> std::process::Command {
    hermetic(binary(), home)
}

/// A temporary home for one test, removed when dropped: HOME, git's configuration and the
/// starting directory of every command the test runs through it.
pub struct Home {
    dir: TempDir,
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Home {
    /// An empty home: no git identity, no packer-scaffold configuration.
    #[track_caller]
    pub fn new() -> Home {
        Home {
            dir: TempDir::new().unwrap(),
        }
    }

    /// A home whose git configuration names a user, as most developers' does.
    #[track_caller]
    pub fn with_git_identity() -> Home {
        Home::new().gitconfig("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    }

    /// This home with `text` as git's global configuration.
    #[track_caller]
    pub fn gitconfig(self, text: &str) -> Home {
        fs::write(self.join("gitconfig"), text).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path().join(rel)
    }

    /// `rel` in this home, for assert_fs's assertions and writes.
    pub fn child(&self, rel: impl AsRef<Path>) -> ChildPath {
        self.dir.child(rel)
    }

    /// `packer-scaffold <args>`, hermetic, started in this home; more arguments, variables
    /// or another directory can follow.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = scaffold(self.path());
        cmd.args(args);
        cmd
    }

    /// `packer-scaffold <args>` run to its end, for its status and output to be asserted.
    pub fn run<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd(args).assert()
    }

    /// `packer-scaffold new <args> ANSWERS --dir <this home>`.
    pub fn new_cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.new_cmd_in(self.path(), args)
    }

    /// `packer-scaffold new <args> ANSWERS --dir <dir>`.
    pub fn new_cmd_in<I, S>(&self, dir: impl AsRef<Path>, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cmd(["new"]);
        cmd.args(args).args(ANSWERS).arg("--dir").arg(dir.as_ref());
        cmd
    }

    /// The real `git <args>` run in `dir` with this home's configuration; asserts that it
    /// succeeds, and gives its stdout.
    #[track_caller]
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let output = hermetic("git", self.path())
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

/// The kinds, name and skeleton of a repository.
type Shape = (Vec<&'static str>, &'static str, &'static str);

/// The files of a repository with their modes and bytes.
type Made = BTreeMap<String, (u32, Vec<u8>)>;

/// The shape of a [`Repo`] to make: `Repo::new().kinds(&["builder", "datasource"]).build()`.
pub struct RepoBuilder {
    kinds: Vec<&'static str>,
    name: &'static str,
    skeleton: &'static str,
}

impl RepoBuilder {
    /// The kinds of its components: the first is `new`'s positional kind, the others `--with`.
    #[track_caller]
    pub fn kinds(mut self, kinds: &[&'static str]) -> RepoBuilder {
        assert!(!kinds.is_empty(), "a repository has at least one kind");
        self.kinds = kinds.to_vec();
        self
    }

    /// The plugin's name (the repository is `packer-plugin-<name>`).
    pub fn name(mut self, name: &'static str) -> RepoBuilder {
        self.name = name;
        self
    }

    /// The skeleton of its components (`new --skeleton`): `full`, the default, or `minimal`.
    pub fn skeleton(mut self, skeleton: &'static str) -> RepoBuilder {
        self.skeleton = skeleton;
        self
    }

    /// The repository, in a fresh [`Home`]. `new` runs once per shape in a test process:
    /// each test gets a byte-for-byte copy of what it wrote (contents and modes), since the
    /// output of `new` does not depend on where it is written.
    #[track_caller]
    pub fn build(self) -> Repo {
        let home = Home::new();
        let root = home.join(format!("packer-plugin-{}", self.name));
        for (path, (mode, bytes)) in self.made().iter() {
            use std::os::unix::fs::PermissionsExt;
            let file = root.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, bytes).unwrap();
            fs::set_permissions(&file, fs::Permissions::from_mode(*mode)).unwrap();
        }
        Repo { home, root }
    }

    /// Every file `new` writes for this shape, with its mode and bytes.
    #[track_caller]
    fn made(&self) -> Arc<Made> {
        static MADE: OnceLock<Mutex<HashMap<Shape, Arc<Made>>>> = OnceLock::new();
        let mut made = MADE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let key = (self.kinds.clone(), self.name, self.skeleton);
        if let Some(tree) = made.get(&key) {
            return tree.clone();
        }
        let home = Home::new();
        let mut cmd = home.new_cmd([self.kinds[0], self.name]);
        cmd.args(["--skeleton", self.skeleton]);
        for kind in &self.kinds[1..] {
            cmd.args(["--with", kind]);
        }
        cmd.assert().success();
        let root = home.join(format!("packer-plugin-{}", self.name));
        let tree: BTreeMap<_, _> = files(&root)
            .into_iter()
            .map(|(path, bytes)| {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::metadata(root.join(&path)).unwrap().permissions().mode();
                (path, (mode & 0o7777, bytes))
            })
            .collect();
        assert!(
            tree.contains_key("main.go"),
            "new wrote no main.go: {tree:?}"
        );
        made.entry(key).or_insert(Arc::new(tree)).clone()
    }
}

/// A repository made by `new` (by default `new builder custom-cloud --org acme --author "Acme
/// Corp"`, without git or `go mod tidy`) in a home of its own.
pub struct Repo {
    home: Home,
    root: PathBuf,
}

impl Repo {
    /// A builder for the default shape: `Repo::new().build()`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> RepoBuilder {
        RepoBuilder {
            kinds: vec!["builder"],
            name: "custom-cloud",
            skeleton: "full",
        }
    }

    /// The repository's root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The home the repository is in (a test's other directories and tools go there).
    pub fn home(&self) -> &Home {
        &self.home
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }

    /// The text of the file at `rel`.
    #[track_caller]
    pub fn file(&self, rel: &str) -> String {
        fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes `text` to `rel`, making its folders.
    #[track_caller]
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Every file of the repository with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files(&self.root)
    }

    /// `packer-scaffold <args>`, hermetic, started in the repository.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.home.cmd(args);
        cmd.current_dir(&self.root);
        cmd
    }

    /// `packer-scaffold <args>` run to its end in the repository.
    pub fn run<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd(args).assert()
    }
}

/// A command's output as text.
pub trait Text {
    fn stdout_text(&self) -> String;
    fn stderr_text(&self) -> String;
}

impl Text for std::process::Output {
    #[track_caller]
    fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    #[track_caller]
    fn stderr_text(&self) -> String {
        String::from_utf8(self.stderr.clone()).expect("stderr is UTF-8")
    }
}

impl Text for Assert {
    #[track_caller]
    fn stdout_text(&self) -> String {
        self.get_output().stdout_text()
    }

    #[track_caller]
    fn stderr_text(&self) -> String {
        self.get_output().stderr_text()
    }
}

/// What a test may `require`, as a message names it, and how CI provides it.
fn requirement(what: &str) -> (String, &'static str) {
    match what {
        "script" => (
            "`script` (util-linux) on PATH".into(),
            "Debian has it in bsdutils, which .ci/run installs when `script` is missing",
        ),
        "gofmt" => (
            "`gofmt` on PATH".into(),
            "gofmt comes with Go, which .ci/run requires, and .ci/run puts Go's bin on PATH",
        ),
        "packer" => (
            "`packer` on PATH".into(),
            ".ci/run builds Packer with .ci/tools and puts it on PATH before `cargo test`",
        ),
        "tmpfs" => (
            "mounting a tmpfs (root with CAP_SYS_ADMIN)".into(),
            ".ci/run runs as root on a machine that lets root mount one",
        ),
        "/dev/full" | "/proc" => (what.into(), "Linux has it, so CI's machine does"),
        tool => (format!("`{tool}` on PATH"), "see .ci/run"),
    }
}

/// Whether `tool` is an executable on PATH; see [`require_that`].
#[track_caller]
pub fn require(tool: &str, why: &str) -> bool {
    let found = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(dir.join(tool))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    });
    require_that(found, tool, why)
}

/// `available`: whether the test can go on with what needs `what` (a tool, `tmpfs`,
/// `/dev/full`, `/proc`); `why` says what for, e.g. "running the binary on a terminal". Where
/// it cannot: with `PACKER_SCAFFOLD_REQUIRE_TOOLS=1` (as `.ci/run` sets) the test fails here,
/// naming what is missing and how CI provides it, so CI never passes having checked nothing;
/// otherwise a `skipped: …` line goes straight to stderr (shown even without `--nocapture`) and
/// this returns false for the test to leave that part out.
#[track_caller]
pub fn require_that(available: bool, what: &str, why: &str) -> bool {
    if available {
        return true;
    }
    let (what, ci) = requirement(what);
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    // Exactly `1`, as src/test_support.rs reads it for the unit tests.
    let required = std::env::var_os("PACKER_SCAFFOLD_REQUIRE_TOOLS").is_some_and(|v| v == "1");
    if required {
        panic!(
            "{test}: {why} needs {what}, which is not here, and PACKER_SCAFFOLD_REQUIRE_TOOLS \
             is set, so that fails the test: {ci}"
        );
    }
    let line = format!(
        "skipped: {test}: {why} needs {what}, which is not here ({ci}; with \
         PACKER_SCAFFOLD_REQUIRE_TOOLS=1 this fails the test)\n"
    );
    // Past the test harness's capture, so the skip shows in a plain `cargo test` too.
    let _ = std::io::stderr().write_all(line.as_bytes());
    false
}

/// The answers the snapshot shapes use.
pub fn answers(kinds: &[Kind]) -> Answers {
    Answers {
        name: "custom-cloud".into(),
        kinds: kinds.to_vec(),
        org: "acme".into(),
        module: "github.com/acme/packer-plugin-custom-cloud".into(),
        author: "Acme Corp".into(),
        description: "A Packer plugin for Custom Cloud.".into(),
        year: 2026,
        skeleton: Default::default(),
    }
}

/// The tree `answers(kinds)` renders, rendered once per test process.
pub fn render(kinds: &[Kind]) -> &'static Plan {
    static RENDERED: OnceLock<Mutex<HashMap<Vec<Kind>, &'static Plan>>> = OnceLock::new();
    let mut rendered = RENDERED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    rendered.entry(kinds.to_vec()).or_insert_with(|| {
        let plan =
            packer_scaffold::render(&Plugin::new(&answers(kinds))).expect("templates render");
        Box::leak(Box::new(plan))
    })
}

/// The five shapes CI proves: each kind alone, and all four.
pub fn shapes() -> Vec<(&'static str, Vec<Kind>)> {
    let mut shapes: Vec<_> = Kind::ALL.iter().map(|k| (k.as_str(), vec![*k])).collect();
    shapes.push(("all-kinds", Kind::ALL.to_vec()));
    shapes
}

/// Every file under `root` with its bytes, by `/`-separated path (symlinks are not followed;
/// a root that is not there is an empty tree).
pub fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = fs::read_dir(root) else {
        return out;
    };
    let mut stack: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    while let Some(path) = stack.pop() {
        if fs::symlink_metadata(&path).unwrap().is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().flatten().map(|e| e.path()));
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.insert(rel.replace('\\', "/"), fs::read(&path).unwrap_or_default());
        }
    }
    out
}

/// Every entry under `root`, directories too (as `None`), with a file's bytes: equal before and
/// after a command when it changed nothing at all.
pub fn entries(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            let rel = rel.replace('\\', "/");
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                stack.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap_or_default()));
            }
        }
    }
    out
}

/// An executable `dir/name` running the shell `script`: a stand-in for go, make, packer….
pub fn fake_tool(dir: &Path, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// What the published schema (docs/schema/packer-scaffold.v1.json) finds wrong in `report`.
pub fn schema_errors(report: &serde_json::Value) -> Vec<String> {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(|| {
        let text = include_str!("../../docs/schema/packer-scaffold.v1.json");
        let schema: serde_json::Value = serde_json::from_str(text).unwrap();
        jsonschema::draft202012::new(&schema).expect("a valid JSON Schema")
    });
    schema
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// `stdout` as the one line of JSON a `--format json` report is, valid against the schema: no
/// field more or less, each of its type and values.
#[track_caller]
pub fn json_report(stdout: &[u8]) -> serde_json::Value {
    let text = std::str::from_utf8(stdout).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    let report: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let errors = schema_errors(&report);
    assert!(errors.is_empty(), "{errors:#?}\nin {text}");
    report
}

/// The Go environment for building offline where the module cache holds the modules (the
/// cache as a proxy, then the usual one), checksums taken from the cache.
pub fn go_env() -> Vec<(String, String)> {
    let out = std::process::Command::new("go")
        .args(["env", "GOMODCACHE", "GOCACHE", "GOPATH", "GOPROXY"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let [cache, build_cache, gopath, proxy] =
        <[&str; 4]>::try_from(text.lines().collect::<Vec<_>>().as_slice())
            .unwrap_or_else(|_| panic!("go env printed {text}"));
    let proxy = if proxy.is_empty() || proxy == "off" {
        "https://proxy.golang.org,direct"
    } else {
        proxy
    };
    [
        ("GOMODCACHE", cache.to_owned()),
        ("GOCACHE", build_cache.to_owned()),
        ("GOPATH", gopath.to_owned()),
        ("GOPROXY", format!("file://{cache}/cache/download,{proxy}")),
        ("GOSUMDB", "off".to_owned()),
        ("GOWORK", "off".to_owned()),
        ("GOFLAGS", "-buildvcs=false".to_owned()),
        ("GOTOOLCHAIN", "local".to_owned()),
    ]
    .map(|(k, v)| (k.to_owned(), v))
    .to_vec()
}

/// `go args…` in `root` with `env`, to success.
pub fn go(root: &Path, args: &[&str], env: &[(String, String)]) {
    let out = std::process::Command::new("go")
        .args(args)
        .current_dir(root)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `doctor --format json` on a repository, with stand-ins for go and packer (found, at versions
/// it accepts) and a make whose `generate` changes nothing while `make -n` is the real one: the
/// checks that did not pass (git's left out), as `name: detail`.
pub fn doctor_failures(home: &Home) -> impl Fn(&Path) -> Vec<String> + '_ {
    let bin = home.join("bin");
    fake_tool(&bin, "go", "echo 'go version go1.26.8 linux/amd64'");
    fake_tool(&bin, "packer", "echo 'Packer v1.16.0'");
    fake_tool(
        &bin,
        "make",
        "[ \"$1\" = -n ] && exec /usr/bin/env -u PATH make \"$@\"; exit 0",
    );
    let path = format!("{}:/usr/bin:/bin", bin.display());
    move |root: &Path| {
        let out = home
            .cmd(["doctor", "--format", "json"])
            .arg(root)
            .env("PATH", &path)
            .output()
            .unwrap();
        let report = json_report(&out.stdout);
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] != "pass" && c["name"] != "git")
            .map(|c| format!("{}: {}", c["name"], c["detail"]))
            .collect()
    }
}
