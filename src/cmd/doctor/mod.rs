//! The `doctor` command: checks the toolchain (Go, Packer, git) and, inside a generated
//! repository, that its names agree everywhere and that its generated files are current. Each
//! check passes, fails or is skipped, with the command that fixes a failure.

use std::path::Path;

use serde::Serialize;

use crate::domain::manifest::{FILE_NAME, Manifest};
use crate::domain::model::Plugin;
use crate::domain::reconcile::disagreements;
use crate::domain::versions;
use crate::edit::go;
use crate::error::Error;
use crate::fs::repo;
use crate::process::run::Run;
use crate::resolve::clock;
use crate::ui::output;
use crate::ui::report::Format;

mod generated;

/// What a repository's folder name must start with: packer-sdc's `struct-markdown`, run by
/// `make generate`, finds the repository root by it, and loops forever when no parent folder
/// has it (SDK v0.6.10).
const FOLDER_PREFIX: &str = "packer-plugin-";

/// One check's outcome.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    /// `pass`, `fail` or `skip`.
    pub status: &'static str,
    pub detail: String,
    /// The command or action that fixes a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

fn pass(name: &str, detail: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: "pass",
        detail: detail.into(),
        fix: None,
    }
}

fn fail(name: &str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: "fail",
        detail: detail.into(),
        fix: Some(fix.into()),
    }
}

fn skip(name: &str, detail: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: "skip",
        detail: detail.into(),
        fix: None,
    }
}

#[derive(Serialize)]
struct DoctorReport<'a> {
    schema: &'static str,
    checks: &'a [Check],
}

pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let invalid = |problem: &str| Error::InvalidInput {
        what: "directory".into(),
        value: dir.display().to_string(),
        problem: problem.into(),
        help: "pass a folder of the plugin repository, or nothing for the current directory".into(),
    };
    if !dir.exists() {
        return Err(invalid("it does not exist"));
    }
    if !dir.is_dir() {
        return Err(invalid("it is not a directory"));
    }
    // The real path: `..` and symlinks resolved, so the folder check sees the folder's name.
    let dir = dir
        .canonicalize()
        .map_err(|e| Error::io("resolve the path", dir, e))?;
    let root = repo::find_root(&dir).ok();
    let go_mod = root
        .as_deref()
        .and_then(|r| repo::read_text(r, "go.mod").ok().flatten());
    let mut checks = toolchain(go_mod.as_deref());
    let go_ok = checks.iter().any(|c| c.name == "go" && c.status == "pass");
    match &root {
        Some(root) if root.join(FILE_NAME).is_file() => checks.extend(repository(root, go_ok)?),
        _ => checks.push(skip(
            "repository",
            "no .packer-scaffold.toml at or above this directory",
        )),
    }
    match format {
        Format::Text => output::print(&text(&checks)),
        Format::Json => output::print_json(&DoctorReport {
            schema: "packer-scaffold.doctor.v1",
            checks: &checks,
        }),
    }?;
    let failed = checks.iter().filter(|c| c.status == "fail").count();
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::ChecksFailed { failed })
    }
}

fn text(checks: &[Check]) -> String {
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        // A detail of several lines (a TOML error) stays in the detail column.
        let detail = c
            .detail
            .trim_end()
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect::<Vec<_>>()
            .join(&format!("\n      {:<width$}  ", ""));
        out.push_str(&format!("{:<4}  {:<width$}  {detail}\n", c.status, c.name));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("      {:<width$}  fix: {fix}\n", ""));
        }
    }
    out
}

/// The output of `program args…`, or `None` when it cannot run or fails.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    Run::new(program).args(args).success().ok()
}

/// The first `x.y[.z]` in `text` after `prefix`, as numbers.
fn version_after(text: &str, prefix: &str) -> Option<Vec<u64>> {
    let at = text.find(prefix)? + prefix.len();
    let digits: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<u64> = digits
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then_some(parts)
}

fn at_least(have: &[u64], need: &[u64]) -> bool {
    let pad = |v: &[u64]| {
        (0..3)
            .map(|i| v.get(i).copied().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    pad(have) >= pad(need)
}

fn dotted(v: &[u64]) -> String {
    v.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

/// Go (at least what go.mod needs), Packer (at least the proven minimum) and git.
pub fn toolchain(go_mod: Option<&str>) -> Vec<Check> {
    let need_go = go_mod
        .and_then(|m| m.lines().find_map(|l| l.strip_prefix("go ")))
        .and_then(|v| version_after(&format!("go{}", v.trim()), "go"))
        .unwrap_or_else(|| version_after(&format!("go{}", versions::GO), "go").unwrap());
    let go = match output_of("go", &["version"]).and_then(|o| version_after(&o, "go version go")) {
        None => fail(
            "go",
            "not found on PATH",
            format!(
                "install Go {} or later from https://go.dev/dl/",
                dotted(&need_go)
            ),
        ),
        Some(v) if !at_least(&v, &need_go) => fail(
            "go",
            format!(
                "go {} is older than the {} go.mod needs",
                dotted(&v),
                dotted(&need_go)
            ),
            format!(
                "install Go {} or later from https://go.dev/dl/",
                dotted(&need_go)
            ),
        ),
        Some(v) => pass(
            "go",
            format!("go {} (needs {} or later)", dotted(&v), dotted(&need_go)),
        ),
    };
    let need_packer = version_after(&format!("v{}", versions::PACKER_MIN), "v").unwrap();
    let packer = match output_of("packer", &["version"]).and_then(|o| version_after(&o, "Packer v"))
    {
        None => fail(
            "packer",
            "not found on PATH",
            format!(
                "install Packer {} or later: https://developer.hashicorp.com/packer/install",
                versions::PACKER
            ),
        ),
        Some(v) if !at_least(&v, &need_packer) => fail(
            "packer",
            format!(
                "Packer {} is older than {}, the oldest release generated plugins are proven with",
                dotted(&v),
                versions::PACKER_MIN
            ),
            format!(
                "install Packer {} or later (CI also tests {})",
                versions::PACKER_MIN,
                versions::PACKER
            ),
        ),
        Some(v) => pass(
            "packer",
            format!(
                "Packer {} (needs {} or later; CI tests {} and {})",
                dotted(&v),
                versions::PACKER_MIN,
                versions::PACKER_MIN,
                versions::PACKER
            ),
        ),
    };
    let git = match output_of("git", &["--version"]) {
        Some(v) => pass("git", v.trim().to_owned()),
        None => fail(
            "git",
            "not found on PATH",
            "install git: https://git-scm.com/downloads",
        ),
    };
    vec![go, packer, git]
}

/// Names agree across main.go, docs, metadata.hcl, example/, the Makefile and the manifest;
/// generated files are current (checked only when `go_ok`: it runs `make generate`).
pub fn repository(root: &Path, go_ok: bool) -> Result<Vec<Check>, Error> {
    let manifest = match Manifest::load(root) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(vec![skip("manifest", "no manifest")]),
        Err(e) => {
            return Ok(vec![fail(
                "manifest",
                e.to_string(),
                "fix .packer-scaffold.toml (docs/manifest.md)",
            )]);
        }
    };
    let plugin = manifest.plugin(clock::current_year());
    let read = |p: &str| repo::read_text(root, p).ok().flatten().unwrap_or_default();
    let mut checks = vec![pass(
        "manifest",
        format!(
            "{} of plugin `{}`",
            components(plugin.components.len()),
            plugin.name
        ),
    )];
    checks.push(match go::registrations(&read("main.go")) {
        Err(missing) => fail(
            "main.go",
            format!("could not find {}", missing.what),
            "register the components in main.go; `packer-scaffold list` shows them",
        ),
        Ok(found) => {
            let problems = disagreements(&manifest.components, &found);
            if problems.is_empty() {
                pass(
                    "main.go",
                    "registers exactly the components of the manifest",
                )
            } else {
                fail(
                    "main.go",
                    problems.join("; "),
                    "register the missing components, or fix the manifest",
                )
            }
        }
    });
    checks.push(names_in(
        "docs",
        &plugin,
        |c| {
            let page = format!("docs/{}/{}.mdx", c.docs_folder, c.slug);
            root.join(&page)
                .is_file()
                .then_some(())
                .ok_or(format!("{page} is missing"))
        },
        "restore the missing pages (`git checkout -- docs/`) or write them",
    ));
    let metadata = read(".web-docs/metadata.hcl");
    checks.push(names_in(
        "metadata.hcl",
        &plugin,
        |c| {
            let has = metadata.contains(&format!("type = \"{}\"", c.web_type))
                && metadata.contains(&format!("slug = \"{}\"", c.slug));
            has.then_some(()).ok_or(format!(
                "no component block for {} `{}`",
                c.web_type, c.slug
            ))
        },
        "add the component blocks to .web-docs/metadata.hcl",
    ));
    let example = example_text(root);
    checks.push(names_in(
        "example",
        &plugin,
        |c| {
            // `source "x"`, `provisioner "x"`, `post-processor "x"` or `data "x"`.
            let usage = c.kind.hcl_usage(&c.hcl_type);
            let keyword = usage.split(' ').next().unwrap_or_default();
            example
                .contains(&format!("{keyword} \"{}\"", c.hcl_type))
                .then_some(())
                .ok_or(format!(
                    "example/ never uses the {} `{}`",
                    c.kind, c.hcl_type
                ))
        },
        "use every component in example/",
    ));
    let makefile = read("GNUmakefile");
    checks.push(
        if makefile.contains(&format!("BINARY={}", plugin.binary))
            && makefile.contains(&plugin.source)
        {
            pass(
                "Makefile",
                format!(
                    "builds {} and installs it as {}",
                    plugin.binary, plugin.source
                ),
            )
        } else {
            fail(
                "Makefile",
                format!(
                    "GNUmakefile does not build {} or install it as {}",
                    plugin.binary, plugin.source
                ),
                "set BINARY and the `packer plugins install` source in GNUmakefile",
            )
        },
    );
    checks.push(folder(root, &plugin.binary));
    checks.push(generated::check(root, &plugin.binary, go_ok)?);
    Ok(checks)
}

/// The repository's folder is named so that `make generate` can find it.
fn folder(root: &Path, binary: &str) -> Check {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with(FOLDER_PREFIX) {
        pass("folder", format!("`{name}` starts with {FOLDER_PREFIX}"))
    } else {
        fail(
            "folder",
            format!(
                "`{name}` does not start with {FOLDER_PREFIX}: packer-sdc, run by `make generate`, \
                 finds the repository by that prefix and never finishes without it"
            ),
            format!("rename the folder to {binary} (or clone into it: git clone <url> {binary})"),
        )
    }
}

/// "1 component", "2 components".
fn components(n: usize) -> String {
    if n == 1 {
        "1 component".into()
    } else {
        format!("{n} components")
    }
}

/// One check over every component: passes when `ok` holds for all.
fn names_in(
    name: &str,
    plugin: &Plugin,
    ok: impl Fn(&crate::domain::model::Component) -> Result<(), String>,
    fix: &str,
) -> Check {
    let problems: Vec<String> = plugin
        .components
        .iter()
        .filter_map(|c| ok(c).err())
        .collect();
    if problems.is_empty() {
        pass(
            name,
            match plugin.components.len() {
                1 => "names its one component".to_owned(),
                n => format!("names all {n} components"),
            },
        )
    } else {
        fail(name, problems.join("; "), fix)
    }
}

fn example_text(root: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(root.join("example")) else {
        return String::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "hcl"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_of_several_lines_stays_in_its_column() {
        let checks = [
            pass("go", "go 1.26"),
            fail("manifest", "bad TOML at line 2\n  |\n2 | x\n\n", "fix it"),
        ];
        assert_eq!(
            text(&checks),
            "pass  go        go 1.26\n\
             fail  manifest  bad TOML at line 2\n\
             \x20                 |\n\
             \x20               2 | x\n\
             \x20               fix: fix it\n"
        );
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(
            version_after("go version go1.26.8 linux/amd64", "go version go"),
            Some(vec![1, 26, 8])
        );
        assert_eq!(
            version_after("Packer v1.16.0\n", "Packer v"),
            Some(vec![1, 16, 0])
        );
        assert!(at_least(&[1, 26, 8], &[1, 25, 11]));
        assert!(at_least(&[1, 25, 11], &[1, 25, 11]));
        assert!(!at_least(&[1, 9, 5], &[1, 16]));
        assert!(at_least(&[1, 100], &[1, 16, 0]));
    }
}
