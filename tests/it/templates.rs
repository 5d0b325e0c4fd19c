//! Properties of every rendered tree, whatever the shape: only chosen kinds appear, no stale
//! names, LF endings, executable scripts.

use packer_scaffold::Kind;
use packer_scaffold::{Answers, Plugin};
use packer_scaffold::{Catalog, template_files};

use crate::support::{answers, render, shapes};

#[test]
fn only_the_chosen_kinds_appear_anywhere() {
    for (name, kinds) in shapes() {
        let plan = render(&kinds);
        for absent in Kind::ALL.iter().filter(|k| !kinds.contains(k)) {
            let dir = format!("{}/", absent.as_str());
            let docs = format!("docs/{}/", absent.docs_folder());
            let web = format!("components/{}/", absent.web_type());
            for file in &plan.files {
                assert!(
                    !file.path.starts_with(&dir)
                        && !file.path.starts_with(&docs)
                        && !file.path.contains(&web),
                    "{name}: {} belongs to {absent}",
                    file.path
                );
            }
            let main = String::from_utf8_lossy(&plan.get("main.go").unwrap().contents).into_owned();
            assert!(
                !main.contains(absent.register_fn()),
                "{name}: main.go registers a {absent}"
            );
            let metadata =
                String::from_utf8_lossy(&plan.get(".web-docs/metadata.hcl").unwrap().contents)
                    .into_owned();
            assert!(
                !metadata.contains(&format!("type = \"{}\"", absent.web_type())),
                "{name}: metadata.hcl lists a {absent}"
            );
        }
    }
}

#[test]
fn no_template_leftovers_or_foreign_copyright() {
    let plan = render(&Kind::ALL);
    for file in &plan.files {
        let text = String::from_utf8_lossy(&file.contents);
        for stale in ["scaffolding", "IBM Corp", "HashiCorp, Inc", "\r\n"] {
            assert!(!text.contains(stale), "{} contains {stale:?}", file.path);
        }
        assert!(!file.path.ends_with(".tera"), "{} kept .tera", file.path);
    }
}

#[test]
fn catalog_modes_apply_to_files_that_exist() {
    let catalog = Catalog::embedded();
    for (name, kinds) in shapes() {
        let plan = render(&kinds);
        for path in catalog.paths() {
            let file = plan
                .get(path)
                .unwrap_or_else(|| panic!("{name}: catalog names missing {path}"));
            assert_eq!(file.mode, catalog.mode(path));
        }
    }
    let plan = render(&Kind::ALL);
    let script = plan.get(".web-docs/scripts/compile-to-webdocs.sh").unwrap();
    assert_eq!(script.mode, 0o755);
}

#[test]
fn the_registration_uses_the_default_name_for_the_first_of_each_kind() {
    let plan = render(&Kind::ALL);
    let main = String::from_utf8_lossy(&plan.get("main.go").unwrap().contents).into_owned();
    for kind in Kind::ALL {
        assert!(
            main.contains(&format!("{}(plugin.DEFAULT_NAME", kind.register_fn())),
            "main.go: {kind} is not registered as the default"
        );
    }
}

#[test]
fn files_without_the_tera_suffix_are_copied_byte_for_byte() {
    let plan = render(&Kind::ALL);
    let sources = template_files();
    let mut copied = 0;
    for file in plan.files.iter().filter(|f| !f.template.ends_with(".tera")) {
        let source = sources.iter().find(|t| t.name == file.template).unwrap();
        assert_eq!(file.contents, source.contents, "{} was altered", file.path);
        copied += 1;
    }
    assert!(copied > 0, "some files are copied verbatim");
    // GitHub Actions expressions survive untouched in verbatim files.
    let release = plan.get(".github/workflows/release.yml").unwrap();
    assert!(String::from_utf8_lossy(&release.contents).contains("${{ secrets.GITHUB_TOKEN }}"));
}

#[test]
fn install_instructions_follow_the_source_host() {
    // packer init downloads only github.com/<owner>/<name> sources; anything else is
    // installed with `packer plugins install --path`, and the text must say so.
    let gitlab = Answers {
        module: "gitlab.example.com/tools/packer-plugin-custom-cloud".into(),
        ..answers(&Kind::ALL)
    };
    let hosts = [
        (answers(&Kind::ALL), "github.com/acme/custom-cloud", true),
        (gitlab, "gitlab.example.com/tools/custom-cloud", false),
    ];
    for (answers, source, github) in hosts {
        let plan = packer_scaffold::render(&Plugin::new(&answers)).unwrap();
        for path in [
            "README.md",
            "docs/README.md",
            ".web-docs/README.md",
            "example/README.md",
        ] {
            let text = String::from_utf8_lossy(&plan.get(path).unwrap().contents).into_owned();
            let direct = format!("packer plugins install {source}");
            let by_path = format!(
                "packer plugins install --path packer-plugin-custom-cloud_v0.1.0_x5.0_linux_amd64 {source}"
            );
            let downloads = text
                .contains("from the GitHub releases of\n`acme/packer-plugin-custom-cloud`")
                || text.contains("from the GitHub releases of `acme/packer-plugin-custom-cloud`");
            let example = path == "example/README.md";
            if github {
                assert!(!text.contains("cannot download"), "{path}: {text}");
                assert!(!text.contains(&by_path), "{path}");
                assert!(example || text.contains(&direct), "{path} lacks `{direct}`");
                assert!(
                    path.contains("docs/") || downloads,
                    "{path} says nothing of GitHub releases"
                );
            } else {
                assert!(text.contains("cannot download"), "{path}: {text}");
                assert!(text.contains(&by_path), "{path} lacks `{by_path}`");
                assert!(!text.contains(&direct), "{path} has `{direct}`");
                assert!(!downloads, "{path} promises GitHub downloads");
            }
        }
    }
}

#[test]
fn the_acceptance_job_installs_the_packer_release_the_templates_are_tested_with() {
    let plan = render(&Kind::ALL);
    let workflow =
        String::from_utf8_lossy(&plan.get(".github/workflows/test.yml").unwrap().contents)
            .into_owned();
    let pinned = "hashicorp/setup-packer@1aa358be5cf73883762b302a3a03abd66e75b232 # v3.1.0";
    assert!(workflow.contains(pinned), "test.yml lacks `{pinned}`");
    let version = format!("version: \"{}\"", packer_scaffold::versions::PACKER);
    assert!(workflow.contains(&version), "test.yml lacks `{version}`");
    for step in ["run: make dev", "run: make testacc"] {
        assert!(workflow.contains(step), "test.yml lacks `{step}`");
    }
}

/// The workflow steps of every job, as YAML mappings.
fn workflow_jobs(path: &str) -> (serde_yaml_ng::Value, Vec<(String, serde_yaml_ng::Value)>) {
    let plan = render(&Kind::ALL);
    let text = String::from_utf8_lossy(&plan.get(path).unwrap().contents).into_owned();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let jobs = workflow["jobs"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(name, job)| (name.as_str().unwrap().to_owned(), job.clone()))
        .collect();
    (workflow, jobs)
}

fn uses(step: &serde_yaml_ng::Value, action: &str) -> bool {
    step["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with(&format!("{action}@")))
}

#[test]
fn workflows_that_build_releases_pin_goreleaser_and_trust_no_cache_or_stored_token() {
    // What zizmor --offline (1.32.0, default level; .ci/zizmor) checks, kept here so that
    // a template edit fails `cargo test` too: GoReleaser is an exact release, the one CI
    // builds; jobs that run it restore no Go cache; release.yml leaves no token in
    // .git/config and grants contents: write to its job only.
    let pin = format!("v{}", packer_scaffold::versions::GORELEASER);
    let mut goreleaser_steps = 0;
    for path in [
        ".github/workflows/release.yml",
        ".github/workflows/test.yml",
    ] {
        let (workflow, jobs) = workflow_jobs(path);
        for (name, job) in &jobs {
            let steps = job["steps"].as_sequence().unwrap();
            let releases = steps
                .iter()
                .any(|s| uses(s, "goreleaser/goreleaser-action"));
            for step in steps {
                if uses(step, "goreleaser/goreleaser-action") {
                    goreleaser_steps += 1;
                    assert_eq!(
                        step["with"]["version"].as_str(),
                        Some(pin.as_str()),
                        "{path} {name}"
                    );
                }
                if releases && uses(step, "actions/setup-go") {
                    assert_eq!(
                        step["with"]["cache"].as_bool(),
                        Some(false),
                        "{path} {name}"
                    );
                }
                if uses(step, "actions/checkout") {
                    let persist = step["with"]["persist-credentials"].as_bool();
                    assert_eq!(persist, Some(false), "{path} {name}");
                }
            }
        }
        if path.ends_with("release.yml") {
            assert_eq!(
                workflow["permissions"].as_mapping().map(|m| m.len()),
                Some(0),
                "release.yml grants permissions to the whole workflow"
            );
            for (name, job) in &jobs {
                let write = job["permissions"]["contents"].as_str();
                assert_eq!(write, Some("write"), "release.yml {name}");
            }
        }
    }
    assert_eq!(goreleaser_steps, 3, "release, check and snapshot");
    let tools = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/tools")).unwrap();
    let built = format!(
        "GORELEASER_VERSION={}",
        packer_scaffold::versions::GORELEASER
    );
    assert!(
        tools.contains(&built),
        ".ci/tools does not build GoReleaser {pin}: `{built}`"
    );
}
