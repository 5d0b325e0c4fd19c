//! `--format json`: every report is valid against the published schema
//! (docs/schema/packer-scaffold.v1.json, no field more or less) and says the same as the text
//! output. The structs below only give the tests typed access to the fields.

use std::fs;

use serde::Deserialize;

use crate::support::{Home, Repo, fake_tool, json_report, schema_errors};

#[derive(Debug, Deserialize)]
struct Component {
    kind: String,
    name: String,
    default: bool,
    hcl_type: String,
    package: String,
    skeleton: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    path: String,
    action: String,
    size: usize,
    mode: Option<String>,
    diff: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NewReport {
    schema: String,
    dry_run: bool,
    destination: String,
    components: Vec<Component>,
    files: Vec<File>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AddReport {
    schema: String,
    dry_run: bool,
    repository: String,
    component: Component,
    files: Vec<File>,
    manual_steps: Vec<String>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ListReport {
    schema: String,
    source: String,
    components: Vec<Component>,
    problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct DoctorReport {
    schema: String,
    checks: Vec<Check>,
}

#[derive(Debug, Deserialize)]
struct Check {
    name: String,
    status: String,
    detail: String,
    fix: Option<String>,
}

/// The report on stdout, valid against the published schema, read into its shape.
#[track_caller]
fn json<T: for<'de> Deserialize<'de>>(output: &assert_cmd::assert::Assert) -> T {
    serde_json::from_value(json_report(&output.get_output().stdout)).unwrap()
}

#[test]
fn new_add_and_list_report_in_their_documented_shape() {
    let home = Home::new();
    let dry = home
        .new_cmd(["builder", "amazon", "--dry-run", "--format", "json"])
        .assert();
    let dry: NewReport = json(&dry);
    assert_eq!(
        (dry.schema.as_str(), dry.dry_run),
        ("packer-scaffold.new.v1", true)
    );
    assert!(dry.warnings[0].contains("official HashiCorp plugin"));
    assert!(
        fs::read_dir(home.path()).unwrap().next().is_none(),
        "a dry run writes nothing"
    );

    let made = home
        .new_cmd(["builder", "custom-cloud", "--format", "json"])
        .assert()
        .success();
    let made: NewReport = json(&made);
    let root = home.join("packer-plugin-custom-cloud");
    assert_eq!(made.destination, root.display().to_string());
    assert_eq!(made.components.len(), 1);
    assert_eq!(made.components[0].hcl_type, "custom-cloud");
    for file in &made.files {
        assert_eq!(file.action, "create");
        assert_eq!(
            fs::metadata(root.join(&file.path)).unwrap().len() as usize,
            file.size
        );
        assert!(file.mode.is_some() && file.diff.is_none());
    }

    let add = |extra: &[&str]| {
        home.cmd(["add", "builder", "second", "--format", "json"])
            .args(extra)
            .current_dir(&root)
            .assert()
    };
    let planned: AddReport = json(&add(&["--dry-run"]));
    assert!(planned.dry_run);
    let main_go = planned.files.iter().find(|f| f.path == "main.go").unwrap();
    assert_eq!(main_go.action, "edit");
    assert!(
        main_go
            .diff
            .as_deref()
            .unwrap()
            .contains("+\tpps.RegisterBuilder(\"second\"")
    );
    let added: AddReport = json(&add(&[]));
    assert_eq!(added.schema, "packer-scaffold.add.v1");
    assert_eq!(added.repository, root.display().to_string());
    assert_eq!(
        (
            added.component.name.as_str(),
            added.component.default,
            added.component.kind.as_str()
        ),
        ("second", false, "builder")
    );
    assert!(added.component.package.ends_with("/builder/second"));
    assert_eq!(added.component.skeleton.as_deref(), Some("full"));
    assert!(added.manual_steps.is_empty() && added.notes.is_empty() && added.warnings.is_empty());
    assert!(added.files.iter().all(|f| f.diff.is_none()));

    let listed = home
        .cmd(["list", "--format", "json"])
        .current_dir(&root)
        .assert();
    let listed: ListReport = json(&listed);
    assert_eq!(
        (listed.schema.as_str(), listed.source.as_str()),
        ("packer-scaffold.list.v1", "manifest")
    );
    let hcl: Vec<_> = listed
        .components
        .iter()
        .map(|c| c.hcl_type.as_str())
        .collect();
    assert_eq!(hcl, ["custom-cloud", "custom-cloud-second"]);
    assert!(listed.problems.is_empty());
}

#[test]
fn doctor_reports_in_its_documented_shape() {
    let repo = Repo::new().build();
    // An empty PATH: the toolchain checks fail, so `make generate` is never run.
    let empty = repo.home().join("empty");
    fs::create_dir(&empty).unwrap();
    let output = repo
        .home()
        .cmd(["doctor", "--format", "json"])
        .arg(repo.path())
        .env("PATH", &empty)
        .assert()
        .code(1);
    let report: DoctorReport = json(&output);
    assert_eq!(report.schema, "packer-scaffold.doctor.v1");
    let names: Vec<_> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "go",
            "packer",
            "git",
            "manifest",
            "templates",
            "main.go",
            "docs",
            "metadata.hcl",
            "example",
            "Makefile",
            "folder",
            "generated"
        ]
    );
    for check in &report.checks {
        assert!(["pass", "fail", "skip"].contains(&check.status.as_str()));
        assert_eq!(check.fix.is_some(), check.status == "fail", "{check:?}");
        assert!(!check.detail.is_empty());
    }
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.status == "fail")
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed, ["go", "packer", "git"]);
}

#[test]
fn a_failed_go_mod_tidy_during_add_is_a_warning_in_the_json() {
    let repo = Repo::new().kinds(&["datasource"]).build();
    // An edited go.mod is left to `go mod tidy` when the first builder brings new requirements.
    repo.write("go.mod", &(repo.file("go.mod") + "// mine\n"));
    let bin = repo.home().join("bin");
    fake_tool(&bin, "go", "echo 'no network' >&2; exit 1");
    let output = repo
        .cmd(["add", "builder", "second", "--format", "json"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .assert()
        .success();
    let added: AddReport = json(&output);
    assert_eq!(added.warnings.len(), 1, "{added:?}");
    assert!(added.warnings[0].contains("`go mod tidy` failed"));
    assert!(added.warnings[0].contains("no network"));
}

/// The schema is strict where docs/json.md is: each change below to a real report breaks it.
#[test]
fn the_schema_refuses_what_the_docs_do_not_allow() {
    let home = Home::new();
    let output = home
        .new_cmd(["builder", "x", "--dry-run", "--format", "json"])
        .output()
        .unwrap();
    let report = json_report(&output.stdout);
    /// A change that breaks the report.
    type Change<'a> = &'a dyn Fn(&mut serde_json::Value);
    let broken = |change: Change| {
        let mut copy = report.clone();
        change(&mut copy);
        schema_errors(&copy)
    };
    let changes: [(&str, Change); 6] = [
        ("a field more", &|r| r["extra"] = true.into()),
        ("a field less", &|r| {
            r.as_object_mut().unwrap().remove("warnings");
        }),
        ("an unknown schema", &|r| {
            r["schema"] = "packer-scaffold.new.v2".into()
        }),
        ("an unknown kind", &|r| {
            r["components"][0]["kind"] = "plugin".into()
        }),
        ("a created file without its mode", &|r| {
            r["files"][0].as_object_mut().unwrap().remove("mode");
        }),
        ("an absolute path", &|r| {
            r["files"][0]["path"] = "/etc/x".into()
        }),
    ];
    for (what, change) in changes {
        assert!(!broken(change).is_empty(), "{what} was accepted");
    }
    let check = |status: &str, fix: Option<&str>| {
        let mut c = serde_json::json!({"name": "go", "status": status, "detail": "d"});
        if let Some(fix) = fix {
            c["fix"] = fix.into();
        }
        schema_errors(&serde_json::json!({"schema": "packer-scaffold.doctor.v1", "checks": [c]}))
    };
    assert!(check("pass", None).is_empty() && check("fail", Some("make")).is_empty());
    assert!(!check("fail", None).is_empty(), "a fail needs its fix");
    assert!(
        !check("skip", Some("x")).is_empty(),
        "only a fail has a fix"
    );
    assert!(!check("ok", None).is_empty(), "an unknown status");
}

#[test]
fn new_force_reports_kept_and_unchanged_files() {
    let repo = Repo::new().name("x").build();
    fs::remove_file(repo.join(".packer-scaffold.toml")).unwrap();
    repo.write("README.md", "mine\n");
    let output = repo
        .home()
        .new_cmd(["builder", "x", "--force", "--dry-run", "--format", "json"])
        .assert();
    let report: NewReport = json(&output);
    let action = |path: &str| {
        let file = report.files.iter().find(|f| f.path == path).unwrap();
        file.action.as_str()
    };
    assert_eq!(action("README.md"), "keep");
    assert_eq!(action("main.go"), "unchanged");
    assert_eq!(action(".packer-scaffold.toml"), "create");
    assert_eq!(
        report.warnings,
        ["1 file(s) already there differ from the templates and would be kept"]
    );
}
