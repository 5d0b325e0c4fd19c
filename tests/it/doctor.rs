//! `doctor` on purpose-built repositories and toolchains: fake `go`, `packer` and `git` on a
//! PATH of their own make each toolchain check pass or fail on purpose.

use std::fs;
use std::path::Path;

use assert_fs::TempDir;

use crate::support::scaffold;

/// A directory with fake tools printing the given version lines; `None` leaves a tool out.
fn toolchain(dir: &Path, go: Option<&str>, packer: Option<&str>, git: Option<&str>) {
    fs::create_dir_all(dir).unwrap();
    for (name, line) in [("go", go), ("packer", packer), ("git", git)] {
        if let Some(line) = line {
            let path = dir.join(name);
            fs::write(&path, format!("#!/bin/sh\necho '{line}'\n")).unwrap();
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}

fn new_repo(home: &Path) -> std::path::PathBuf {
    scaffold(home)
        .args([
            "new",
            "builder",
            "custom-cloud",
            "--with",
            "datasource",
            "--org",
            "acme",
        ])
        .args([
            "--author",
            "Acme Corp",
            "--no-input",
            "--vcs",
            "none",
            "--no-tidy",
            "--dir",
        ])
        .arg(home)
        .assert()
        .success();
    home.join("packer-plugin-custom-cloud")
}

fn doctor(home: &Path, bin: &Path, dir: &Path, extra: &[&str]) -> (i32, String) {
    let output = scaffold(home)
        .env("PATH", bin)
        .arg("doctor")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout)
        .unwrap()
        .replace(&dir.display().to_string(), "[repo]");
    (output.status.code().unwrap(), stdout)
}

#[test]
fn a_generated_repository_and_a_good_toolchain_pass_every_check() {
    let home = TempDir::new().unwrap();
    let repo = new_repo(home.path());
    let bin = home.path().join("bin");
    toolchain(
        &bin,
        Some("go version go1.26.8 linux/amd64"),
        Some("Packer v1.16.0"),
        Some("git version 2.39.5"),
    );
    let (code, stdout) = doctor(home.path(), &bin, &repo.join("builder"), &[]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn each_check_fails_on_purpose_with_its_fix() {
    let home = TempDir::new().unwrap();
    let repo = new_repo(home.path());
    let bin = home.path().join("bin");
    toolchain(
        &bin,
        Some("go version go1.24.2 linux/amd64"),
        Some("Packer v1.9.5"),
        None,
    );
    // main.go loses a registration, a docs page goes, the example stops using the data
    // source, and a Config gains a field without `make generate`.
    let main_go = fs::read_to_string(repo.join("main.go")).unwrap();
    fs::write(
        repo.join("main.go"),
        main_go.replace("\tpps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))\n", ""),
    )
    .unwrap();
    fs::remove_file(repo.join("docs/builders/custom-cloud.mdx")).unwrap();
    let example = fs::read_to_string(repo.join("example/build.pkr.hcl")).unwrap();
    fs::write(
        repo.join("example/build.pkr.hcl"),
        example.replace("data \"custom-cloud\"", "data \"other\""),
    )
    .unwrap();
    let config = repo.join("builder/custom-cloud/config.go");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("\n// A field is coming.\n");
    fs::write(&config, text).unwrap();

    let (code, stdout) = doctor(home.path(), &bin, &repo, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);

    let (_, json) = doctor(home.path(), &bin, &repo, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["schema"], "packer-scaffold.doctor.v1");
    let failed: Vec<_> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        failed,
        [
            "go",
            "packer",
            "git",
            "main.go",
            "docs",
            "example",
            "generated"
        ]
    );
}

#[test]
fn outside_a_repository_only_the_toolchain_is_checked() {
    let home = TempDir::new().unwrap();
    let bin = home.path().join("bin");
    toolchain(
        &bin,
        Some("go version go1.26.8 linux/amd64"),
        Some("Packer v1.16.0"),
        Some("git version 2.39.5"),
    );
    let (code, stdout) = doctor(home.path(), &bin, home.path(), &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("skip  repository"), "{stdout}");
}
