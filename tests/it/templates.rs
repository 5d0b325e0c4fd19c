//! Properties of every rendered tree, whatever the shape: only chosen kinds appear, no stale
//! names, LF endings, executable scripts.

use packer_scaffold::kind::Kind;
use packer_scaffold::templates::{self, Catalog};

use crate::support::{render, shapes};

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
    let sources = templates::files();
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
