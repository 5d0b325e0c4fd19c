//! Component names in the completion scripts, through the real binary and the real shells:
//! bash, zsh and fish offer the repository's components after `remove <KIND>` and `rename
//! <KIND>`, the others of the kind after `remove … --default-to`, and nothing of a manifest's
//! that is not a valid name (`compgen -W` would expand it). The scripts' other fixes are
//! tested in src/cli/completions.

use std::path::Path;
use std::process::Command;

use crate::support::{Repo, binary, require};

/// A repository with builders `custom-cloud` (the default) and `second`, and a data source.
fn repo() -> Repo {
    let repo = Repo::new().kinds(&["builder", "datasource"]).build();
    repo.run(["add", "builder", "second", "--no-tidy"])
        .success();
    repo
}

/// The script `packer-scaffold completions <shell>` prints.
fn script(shell: &str) -> String {
    let out = Command::new(binary())
        .args(["completions", shell])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// PATH with the binary's folder first, so the scripts' `packer-scaffold` is this build.
fn path() -> std::ffi::OsString {
    let dir = binary().parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

/// What bash offers for `words` (the last under the cursor), run in `dir`.
fn bash(dir: &Path, words: &[&str]) -> String {
    let file = dir.join(".completion.bash");
    std::fs::write(&file, script("bash")).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _packer__scaffold packer-scaffold '{}' '{}'; echo \"${{COMPREPLY[*]}}\"",
        file.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .env("PATH", path())
        .current_dir(dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn bash_offers_the_components_of_the_kind() {
    let repo = repo();
    let at = repo.path();
    assert_eq!(
        bash(at, &["packer-scaffold", "remove", "builder", ""]),
        "custom-cloud second"
    );
    assert_eq!(
        bash(at, &["packer-scaffold", "rename", "builder", "s"]),
        "second"
    );
    assert_eq!(
        bash(at, &["packer-scaffold", "remove", "datasource", ""]),
        "custom-cloud"
    );
    assert_eq!(
        bash(
            at,
            &[
                "packer-scaffold",
                "remove",
                "builder",
                "custom-cloud",
                "--default-to",
                ""
            ]
        ),
        "second"
    );
    // From elsewhere, through --dir.
    let dir = repo.path().display().to_string();
    assert_eq!(
        bash(
            repo.home().path(),
            &["packer-scaffold", "remove", "--dir", &dir, "builder", ""]
        ),
        "custom-cloud second"
    );
    // Past the name, the options again; before the kind, the kinds.
    let past = bash(at, &["packer-scaffold", "remove", "builder", "second", ""]);
    assert!(past.starts_with("-q -h --dir"), "{past}");
    let kinds = bash(at, &["packer-scaffold", "rename", ""]);
    assert!(kinds.ends_with("builder provisioner post-processor datasource"));
}

#[test]
fn a_name_that_breaks_the_rules_is_never_offered() {
    let repo = repo();
    let manifest = repo.file(".packer-scaffold.toml");
    let hostile = manifest.replacen("name = \"second\"", "name = \"$(touch pwned)\"", 1);
    assert_ne!(manifest, hostile);
    repo.write(".packer-scaffold.toml", &hostile);
    let offered = bash(repo.path(), &["packer-scaffold", "remove", "builder", ""]);
    assert!(!offered.contains("pwned"), "{offered}");
    assert!(!repo.join("pwned").exists());
}

/// What fish offers for the command line `line`, run in `dir`; `None` without fish.
fn fish(dir: &Path, line: &str) -> Option<String> {
    if !require("fish", "completion of component names in fish") {
        return None;
    }
    let file = dir.join(".completion.fish");
    std::fs::write(&file, script("fish")).unwrap();
    let out = Command::new("fish")
        .args(["--no-config", "-c"])
        .arg(format!("source '{}'; complete -C '{line}'", file.display()))
        .env("PATH", path())
        .current_dir(dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let words: Vec<&str> = std::str::from_utf8(&out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    Some(words.join(" "))
}

#[test]
fn fish_offers_the_components_of_the_kind() {
    let repo = repo();
    let Some(names) = fish(repo.path(), "packer-scaffold remove builder ") else {
        return;
    };
    assert_eq!(names, "custom-cloud second");
    assert_eq!(
        fish(repo.path(), "packer-scaffold rename datasource ").unwrap(),
        "custom-cloud"
    );
    assert_eq!(
        fish(
            repo.path(),
            "packer-scaffold remove builder custom-cloud --default-to "
        )
        .unwrap(),
        "second"
    );
}

/// The words zsh offers at the end of `line`, run in `dir`; `None` without zsh.
fn zsh(dir: &Path, line: &str) -> Option<String> {
    if !require("zsh", "completion of component names in zsh") {
        return None;
    }
    let fpath = dir.join(".zsh-completion");
    std::fs::create_dir_all(&fpath).unwrap();
    std::fs::write(fpath.join("_packer-scaffold"), script("zsh")).unwrap();
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shells/zsh-complete.zsh");
    // `timeout`: a completion that never ends fails the test instead of hanging it.
    let out = Command::new("timeout")
        .args(["60", "zsh", "-f"])
        .arg(&harness)
        .arg(&fpath)
        .arg(line)
        .env("PATH", path())
        .current_dir(dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&fpath);
    assert!(out.status.success(), "{out:?}");
    let words: Vec<&str> = std::str::from_utf8(&out.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    Some(words.join(" "))
}

#[test]
fn zsh_offers_the_components_of_the_kind() {
    let repo = repo();
    let Some(names) = zsh(repo.path(), "packer-scaffold remove builder ") else {
        return;
    };
    assert_eq!(names, "custom-cloud second");
    assert_eq!(
        zsh(repo.path(), "packer-scaffold rename builder s").unwrap(),
        "second"
    );
    assert_eq!(
        zsh(
            repo.path(),
            "packer-scaffold remove builder custom-cloud --default-to "
        )
        .unwrap(),
        "second"
    );
}
