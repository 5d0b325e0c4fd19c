//! An existing plugin repository on disk: where its root is, its manifest, and, for a
//! repository without one (made by hand or from HashiCorp's template), a manifest inferred
//! from `go.mod`, `main.go` and the flags, with every inferred value announced.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Missing};
use crate::goedit::{self, RegisteredName, Registration};
use crate::kind::Kind;
use crate::manifest::{FILE_NAME, Manifest, StoredAnswers, StoredComponent};
use crate::names::{check_free_text, check_module_path, check_name_shape, check_org, free_text};
use crate::post_steps::GitUser;
use crate::templates;

/// The repository containing `start`: the nearest directory at or above it holding a
/// manifest or a `go.mod`.
pub fn find_root(start: &Path) -> Result<PathBuf, Error> {
    let absolute = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("read the current directory", start, e))?
            .join(start)
    };
    // `--dir .` and `a/./b` name the same directory without the `.`.
    let absolute: PathBuf = absolute.components().collect();
    let mut dir = absolute.as_path();
    loop {
        if dir.join(FILE_NAME).is_file() || dir.join("go.mod").is_file() {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => return Err(Error::NotARepository { dir: absolute }),
        }
    }
}

/// Reads a file of the repository as text, or `None` when it does not exist.
pub fn read_text(root: &Path, rel: &str) -> Result<Option<String>, Error> {
    let path = root.join(rel);
    match fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Error::io(
                "read as UTF-8",
                &path,
                std::io::ErrorKind::InvalidData.into(),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", &path, e)),
    }
}

/// The module path declared by a go.mod file.
pub fn module_path(go_mod: &str) -> Option<String> {
    go_mod.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let path = rest.split("//").next()?.trim().trim_matches('"');
        (!path.is_empty()).then(|| path.to_owned())
    })
}

/// Values the user gave for a repository without a manifest.
#[derive(Debug, Clone, Default)]
pub struct GivenAnswers {
    pub plugin: Option<String>,
    pub org: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub git_user: GitUser,
    /// `org` and `author` from `PACKER_SCAFFOLD_*` or the config file: below the flags and
    /// what the repository says, above git's user.name.
    pub configured_org: Option<String>,
    pub configured_author: Option<String>,
}

/// A manifest for a repository that has none, from go.mod, main.go and `given`. Returns it
/// with notes saying where each value came from; fails listing every value it still needs.
pub fn infer_manifest(root: &Path, given: &GivenAnswers) -> Result<(Manifest, Vec<String>), Error> {
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let go_mod = read_text(root, "go.mod")?.unwrap_or_default();
    let module = module_path(&go_mod).ok_or_else(|| Error::NotARepository {
        dir: root.to_path_buf(),
    })?;
    check_module_path(&module)?;
    notes.push(format!("read module path `{module}` from go.mod"));
    let last = module.rsplit('/').next().unwrap_or_default();

    let name = match &given.plugin {
        Some(name) => Some(name.clone()),
        None => {
            let derived = last.strip_prefix("packer-plugin-").map(str::to_owned);
            if let Some(name) = &derived {
                notes.push(format!("plugin name `{name}` comes from the module path"));
            }
            derived
        }
    };
    if name.is_none() {
        missing.push(Missing {
            what: "plugin name (the module path does not end in packer-plugin-<name>)",
            flag: "--plugin",
            example: "--plugin custom-cloud",
        });
    }
    let org = given.org.clone().or_else(|| {
        let owner = module
            .strip_prefix("github.com/")?
            .split('/')
            .next()?
            .to_owned();
        notes.push(format!("GitHub owner `{owner}` comes from the module path"));
        Some(owner)
    });
    let org = org.or_else(|| {
        let owner = given.configured_org.clone()?;
        notes.push(format!(
            "GitHub owner `{owner}` comes from PACKER_SCAFFOLD_ORG or the config file"
        ));
        Some(owner)
    });
    if org.is_none() {
        missing.push(Missing {
            what: "GitHub owner of the plugin repository",
            flag: "--org",
            example: "--org acme",
        });
    }
    let author = given.author.clone().or_else(|| {
        if let Some(author) = given.configured_author.clone() {
            notes.push(format!(
                "copyright holder `{author}` comes from PACKER_SCAFFOLD_AUTHOR or the config file"
            ));
            return Some(author);
        }
        let user = given.git_user.name()?;
        notes.push(format!("copyright holder `{user}` is git's user.name"));
        Some(user)
    });
    if author.is_none() {
        missing.push(Missing {
            what: match given.git_user {
                GitUser::NoGit => "copyright holder for new files (git was not found on PATH)",
                GitUser::Name(_) | GitUser::Unset => {
                    "copyright holder for new files (git's user.name is not set)"
                }
            },
            flag: "--author",
            example: "--author \"Acme Corp\"",
        });
    }
    if !missing.is_empty() {
        return Err(Error::MissingForAdd(missing));
    }
    let (name, org, author) = (name.unwrap(), org.unwrap(), free_text(&author.unwrap()));
    check_name_shape("plugin name", &name)?;
    check_org(&org)?;
    check_free_text("--author", &author)?;
    let description = match &given.description {
        Some(d) => {
            check_free_text("--description", d)?;
            free_text(d)
        }
        None => format!("A Packer plugin for {}.", heck::AsTitleCase(&name)),
    };

    let main_go = read_text(root, "main.go")?.unwrap_or_default();
    let components = goedit::registrations(&main_go)
        .map(|found| components_from(&found, &name))
        .unwrap_or_default();
    notes.push(format!(
        "found {} registered component(s) in main.go",
        components.len()
    ));
    let manifest = Manifest {
        packer_scaffold_version: env!("CARGO_PKG_VERSION").to_owned(),
        template_version: templates::version(),
        answers: StoredAnswers {
            name,
            org,
            module,
            author,
            description,
        },
        components,
        files: Default::default(),
    };
    Ok((manifest, notes))
}

/// The kind a `Register…` method registers.
pub fn kind_of(register_fn: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| k.register_fn() == register_fn)
}

/// Components as main.go registers them, named after their package folder.
fn components_from(found: &[Registration], plugin: &str) -> Vec<StoredComponent> {
    found
        .iter()
        .filter_map(|r| {
            let kind = kind_of(&r.register_fn)?;
            let package = r.import_path.clone()?;
            let name = package.rsplit('/').next()?.to_owned();
            let (default, hcl_type) = match &r.name {
                RegisteredName::Default => (true, plugin.to_owned()),
                RegisteredName::Named(n) => (false, format!("{plugin}-{n}")),
            };
            Some(StoredComponent {
                kind,
                name,
                default,
                package,
                hcl_type,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_module_path_of_go_mod() {
        assert_eq!(
            module_path("// c\nmodule github.com/a/packer-plugin-b // x\n\ngo 1.25\n").as_deref(),
            Some("github.com/a/packer-plugin-b")
        );
        assert_eq!(module_path("modules x\n"), None);
    }

    #[test]
    fn finds_the_root_above_a_subdirectory() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(tmp.path().join("go.mod"), "module x\n").unwrap();
        fs::create_dir_all(tmp.path().join("builder/x")).unwrap();
        assert_eq!(
            find_root(&tmp.path().join("builder/x")).unwrap(),
            tmp.path()
        );
    }

    #[test]
    fn infers_answers_and_components_and_says_where_they_came_from() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(
            tmp.path().join("go.mod"),
            "module github.com/hashicorp/packer-plugin-scaffolding\n",
        )
        .unwrap();
        fs::write(
            tmp.path().join("main.go"),
            "package main\n\nimport (\n\t\"github.com/hashicorp/packer-plugin-sdk/plugin\"\n\n\tscaffoldingBuilder \"github.com/hashicorp/packer-plugin-scaffolding/builder/scaffolding\"\n)\n\nfunc main() {\n\tpps := plugin.NewSet()\n\tpps.RegisterBuilder(\"my-builder\", new(scaffoldingBuilder.Builder))\n}\n",
        )
        .unwrap();
        let given = GivenAnswers {
            author: Some("HashiCorp".into()),
            ..Default::default()
        };
        let (manifest, notes) = infer_manifest(tmp.path(), &given).unwrap();
        assert_eq!(manifest.answers.name, "scaffolding");
        assert_eq!(manifest.answers.org, "hashicorp");
        assert_eq!(manifest.components.len(), 1);
        assert_eq!(manifest.components[0].hcl_type, "scaffolding-my-builder");
        assert!(!manifest.components[0].default);
        assert!(notes.iter().any(|n| n.contains("from go.mod")), "{notes:?}");
    }

    #[test]
    fn lists_every_missing_value_at_once() {
        let tmp = assert_fs::TempDir::new().unwrap();
        fs::write(
            tmp.path().join("go.mod"),
            "module example.com/tools/images\n",
        )
        .unwrap();
        let err = infer_manifest(tmp.path(), &GivenAnswers::default()).unwrap_err();
        let Error::MissingForAdd(missing) = err else {
            panic!("{err}")
        };
        let flags: Vec<_> = missing.iter().map(|m| m.flag).collect();
        assert_eq!(flags, ["--plugin", "--org", "--author"]);
    }

    #[test]
    fn configured_values_come_after_flags_and_the_module_path_and_before_git() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let answers = |module: &str, given: &GivenAnswers| {
            fs::write(tmp.path().join("go.mod"), format!("module {module}\n")).unwrap();
            let (manifest, _) = infer_manifest(tmp.path(), given).unwrap();
            (manifest.answers.org, manifest.answers.author)
        };
        let configured = GivenAnswers {
            plugin: Some("images".into()),
            git_user: GitUser::Name("Git Person".into()),
            configured_org: Some("configured".into()),
            configured_author: Some("Configured Corp".into()),
            ..Default::default()
        };
        let flags = GivenAnswers {
            org: Some("flagged".into()),
            author: Some("Flag Corp".into()),
            ..configured.clone()
        };
        assert_eq!(
            answers("example.com/tools/images", &flags),
            ("flagged".into(), "Flag Corp".into())
        );
        assert_eq!(
            answers("github.com/acme/packer-plugin-images", &configured),
            ("acme".into(), "Configured Corp".into())
        );
        assert_eq!(
            answers("example.com/tools/images", &configured),
            ("configured".into(), "Configured Corp".into())
        );
        let git_only = GivenAnswers {
            configured_author: None,
            ..configured
        };
        assert_eq!(
            answers("example.com/tools/images", &git_only).1,
            "Git Person"
        );
    }
}
