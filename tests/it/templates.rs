//! Properties of every rendered tree, whatever the shape: only chosen kinds appear, no stale
//! names, LF endings, executable scripts.

use packer_scaffold::Kind;
use packer_scaffold::{Answers, Plugin};
use packer_scaffold::{Catalog, Condition, OrgType, template_files};

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

/// Every `uses: <repo>@<ref> # <comment>` line of every template, with where it stands.
fn action_uses() -> Vec<(String, String, String, Option<String>)> {
    let mut found = Vec::new();
    for file in template_files() {
        let text = String::from_utf8_lossy(file.contents);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start().trim_start_matches("- ");
            let Some(rest) = line.strip_prefix("uses:") else {
                continue;
            };
            let (reference, comment) = match rest.split_once(" # ") {
                Some((r, c)) => (r.trim(), Some(c.trim().to_owned())),
                None => (rest.trim(), None),
            };
            let (repo, at) = reference.split_once('@').unwrap_or((reference, ""));
            let place = format!("{}:{}", file.name, n + 1);
            found.push((place, repo.to_owned(), at.to_owned(), comment));
        }
    }
    found
}

#[test]
fn every_action_is_pinned_by_the_sha_and_version_of_the_one_table() {
    let table = packer_scaffold::versions::ACTIONS;
    let uses = action_uses();
    assert!(uses.len() > 10, "found only {uses:?}");
    for (place, repo, sha, comment) in &uses {
        let pin = table
            .iter()
            .find(|p| p.repo == repo)
            .unwrap_or_else(|| panic!("{place}: {repo} is not in versions::ACTIONS"));
        assert_eq!(sha, pin.sha, "{place}: {repo} is pinned to another commit");
        assert_eq!(
            comment.as_deref(),
            Some(pin.version),
            "{place}: {repo}'s version comment"
        );
    }
    for pin in table {
        assert!(
            pin.sha.len() == 40 && pin.sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{}: not a full commit SHA",
            pin.repo
        );
        assert!(
            uses.iter().any(|(_, repo, ..)| repo == pin.repo),
            "versions::ACTIONS lists {}, which no template uses",
            pin.repo
        );
    }
}

#[test]
fn the_acceptance_job_installs_the_packer_release_the_templates_are_tested_with() {
    let plan = render(&Kind::ALL);
    let workflow =
        String::from_utf8_lossy(&plan.get(".github/workflows/test.yml").unwrap().contents)
            .into_owned();
    assert!(
        workflow.contains("uses: hashicorp/setup-packer@"),
        "test.yml installs no Packer"
    );
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

#[test]
fn codeowners_names_the_user_a_team_of_the_organization_or_leaves_both_commented() {
    let owners = |org_type: Option<OrgType>| {
        let mut plugin = Plugin::new(&answers(&[Kind::Builder]));
        plugin.org_type = org_type;
        let plan = packer_scaffold::render(&plugin).unwrap();
        let text = String::from_utf8_lossy(&plan.get("CODEOWNERS").unwrap().contents).into_owned();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(owners(Some(OrgType::User)), ["* @acme"]);
    assert_eq!(owners(Some(OrgType::Organization)), ["* @acme/maintainers"]);
    assert!(owners(None).is_empty(), "{:?}", owners(None));
}

#[test]
fn only_a_repository_on_github_gets_the_integration_release_workflows() {
    let gitlab = Answers {
        module: "gitlab.example.com/tools/packer-plugin-custom-cloud".into(),
        ..answers(&Kind::ALL)
    };
    let catalog = Catalog::embedded();
    let conditional: Vec<_> = catalog.conditional_paths().collect();
    assert_eq!(conditional.len(), 2, "{conditional:?}");
    for (answers, github) in [(answers(&Kind::ALL), true), (gitlab, false)] {
        let plan = packer_scaffold::render(&Plugin::new(&answers)).unwrap();
        for (path, condition) in &conditional {
            assert_eq!(*condition, Condition::GithubHosted);
            assert_eq!(plan.get(path).is_some(), github, "{path}");
        }
        if !github {
            continue;
        }
        for (path, _) in &conditional {
            let text = String::from_utf8_lossy(&plan.get(path).unwrap().contents).into_owned();
            let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
            let trigger = if path.ends_with("-via-tag.yaml") {
                workflow["on"]["push"]["tags"][0].as_str() == Some("v*")
            } else {
                workflow["on"]["workflow_dispatch"]["inputs"]["version"].is_mapping()
            };
            assert!(trigger, "{path}: {:?}", workflow["on"]);
            let steps = workflow["jobs"]["notify"]["steps"].as_sequence().unwrap();
            let notify = steps
                .iter()
                .find(|s| uses(s, "hashicorp/integration-release-action"))
                .unwrap_or_else(|| panic!("{path} never notifies the portal"));
            assert_eq!(
                notify["with"]["integration_identifier"].as_str(),
                Some("packer/acme/custom-cloud"),
                "{path}"
            );
            assert!(
                steps.iter().any(|s| s["run"]
                    .as_str()
                    .is_some_and(|r| r.contains("make generate"))),
                "{path} does not check the compiled docs"
            );
        }
    }
}

#[test]
fn the_issue_forms_have_what_github_requires() {
    // GitHub refuses a form without name, description and body, an input without a label, a
    // repeated id, or an unknown element type; it reports that only on github.com.
    let plan = render(&[Kind::Builder]);
    let forms: Vec<_> = plan
        .files
        .iter()
        .filter(|f| f.path.starts_with(".github/ISSUE_TEMPLATE/"))
        .collect();
    let names: Vec<_> = forms.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            ".github/ISSUE_TEMPLATE/bug_report.yml",
            ".github/ISSUE_TEMPLATE/feature_request.yml",
            ".github/ISSUE_TEMPLATE/question.yml"
        ]
    );
    for form in forms {
        let path = &form.path;
        let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_slice(&form.contents).unwrap();
        for key in ["name", "description"] {
            assert!(
                yaml[key].as_str().is_some_and(|v| !v.is_empty()),
                "{path}: {key}"
            );
        }
        let body = yaml["body"].as_sequence().unwrap();
        let mut ids = std::collections::BTreeSet::new();
        for element in body {
            let kind = element["type"].as_str().unwrap();
            assert!(
                ["markdown", "input", "textarea", "dropdown", "checkboxes"].contains(&kind),
                "{path}: {kind}"
            );
            let attributes = &element["attributes"];
            if kind == "markdown" {
                assert!(attributes["value"].is_string(), "{path}");
                continue;
            }
            assert!(attributes["label"].is_string(), "{path}: {element:?}");
            let id = element["id"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "{path}: id {id} twice");
        }
        assert!(!ids.is_empty(), "{path} asks nothing");
    }
    let contributing =
        String::from_utf8_lossy(&plan.get("CONTRIBUTING.md").unwrap().contents).into_owned();
    for topic in [
        "make build",
        "make test TEST=",
        "make testacc",
        "make generate",
        "git tag v",
    ] {
        assert!(
            contributing.contains(topic),
            "CONTRIBUTING.md lacks `{topic}`"
        );
    }
    assert!(plan.get(".github/PULL_REQUEST_TEMPLATE.md").is_some());
}
