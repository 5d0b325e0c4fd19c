//! What `add` will do, resolved before anything is planned: the repository, its manifest (or
//! one inferred for a repository made by hand or from HashiCorp's template, every inferred
//! value announced), and the component to add, refused when it is there already.

use std::path::{Path, PathBuf};

use super::answers::{self, Known};
use super::prompt::{self, TerminalAsker};
use super::settings::Settings;
use super::source::{Source, Sourced, first};
use super::{clock, conventions};
use crate::cli::AddArgs;
use crate::domain::kind::Kind;
use crate::domain::manifest::{FILE_NAME, Manifest, StoredComponent};
use crate::domain::model::{Component, Plugin};
use crate::domain::names::{check_name_shape, check_not_built_in};
use crate::domain::registration::{RegisteredName, Registration};
use crate::domain::skeleton::Skeleton;
use crate::edit::go;
use crate::error::{Error, Unasked};
use crate::fs::repo;
use crate::process::git;
use crate::render::templates;
use crate::ui::report::Format;

/// `add`, resolved.
#[derive(Debug)]
pub struct AddSpec {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The manifest file's bytes; `None` when the repository has none and `add` writes one.
    pub manifest_file: Option<Vec<u8>>,
    /// The plugin as it is before the component is added.
    pub before: Plugin,
    pub component: Component,
    /// Where inferred values came from, and other things worth knowing.
    pub notes: Vec<String>,
    pub tidy: bool,
    /// Whether `make generate` may run after the change (`--no-generate` says no).
    pub generate: bool,
    /// go.mod requires another SDK than the templates pin: the SDK's docs partials differ.
    pub sdk_differs: bool,
    /// The repository's compile-to-webdocs.sh is not the templates': its web-docs pages may
    /// differ from those the templates render.
    pub web_docs_script_differs: bool,
    pub format: Format,
    pub dry_run: bool,
}

impl AddSpec {
    /// What can be checked before the repository is opened: the component's name.
    pub fn check_args(args: &AddArgs) -> Result<(), Error> {
        check_name_shape("component name", &args.name)
    }

    /// `add` in the repository at `root`, which the caller has locked.
    pub fn resolve(args: AddArgs, settings: &Settings, root: PathBuf) -> Result<AddSpec, Error> {
        let mut notes = Vec::new();
        let found = repo::load_manifest(&root)?;
        let skeleton = skeleton(&args, settings, found.as_ref());
        let (manifest, manifest_file) = match found {
            Some(manifest) => {
                refuse_answer_flags(&args)?;
                let bytes = repo::read_bytes(&root, FILE_NAME)?.unwrap_or_default();
                (manifest, Some(bytes))
            }
            None => (infer_manifest(&root, &args, settings, &mut notes)?, None),
        };
        let mut before = manifest.plugin(clock::current_year());
        if let Some(header) = conventions::copyright(&root)? {
            before.copyright = header.for_new_files(&before.author, before.year);
        }
        let (packer_sdc, note) = conventions::packer_sdc(&root)?;
        before.packer_sdc = packer_sdc;
        notes.extend(note);
        let mut component = new_component(&root, &before, args.kind, &args.name, &mut notes)?;
        component.skeleton = skeleton;
        let sdk_differs = conventions::sdk_differs(&root)?;
        let web_docs_script_differs = conventions::web_docs_script_differs(&root)?;
        Ok(AddSpec {
            root,
            manifest,
            manifest_file,
            before,
            component,
            notes,
            tidy: settings.tidy(args.tidy.flag()),
            generate: !args.generate.no_generate,
            sdk_differs,
            web_docs_script_differs,
            format: args.format.format,
            dry_run: args.dry_run.dry_run,
        })
    }

    /// The command as the user would type it, for the journal: `add builder second`.
    pub fn command(&self) -> String {
        format!("add {} {}", self.component.kind, self.component.name)
    }
}

/// The skeleton of the component: `--skeleton`; else, in a repository with a manifest, the
/// repository's: minimal when packer-scaffold made all its components minimal (0.1.0 made
/// only those), else full; else (a repository made by hand has no skeleton of ours to
/// follow) `PACKER_SCAFFOLD_SKELETON` or the config file's `skeleton`, else full.
fn skeleton(args: &AddArgs, settings: &Settings, manifest: Option<&Manifest>) -> Skeleton {
    if let Some(flag) = args.skeleton {
        return flag;
    }
    match manifest {
        Some(m)
            if !m.components.is_empty()
                && m.components
                    .iter()
                    .all(|c| c.skeleton() == Skeleton::Minimal) =>
        {
            Skeleton::Minimal
        }
        Some(_) => Skeleton::Full,
        None => settings.skeleton(None).unwrap_or_default(),
    }
}

/// The answers live in the manifest; flags that would silently disagree with it are refused.
fn refuse_answer_flags(args: &AddArgs) -> Result<(), Error> {
    let flags = [
        ("--plugin", &args.plugin),
        ("--org", &args.org),
        ("--author", &args.author),
        ("--description", &args.description),
    ];
    match flags.iter().find(|(_, v)| v.is_some()) {
        Some((flag, value)) => Err(Error::InvalidInput {
            what: flag.to_string(),
            value: value.as_deref().unwrap_or_default().to_owned(),
            problem: format!("this repository has {FILE_NAME}, which records the answers"),
            help: format!("edit [answers] in {FILE_NAME} instead, then run the command again"),
        }),
        None => Ok(()),
    }
}

/// A manifest for a repository that has none: the answers from go.mod, the flags and the
/// settings (as `new` resolves them), the components from main.go.
fn infer_manifest(
    root: &Path,
    args: &AddArgs,
    settings: &Settings,
    notes: &mut Vec<String>,
) -> Result<Manifest, Error> {
    let go_mod = repo::read_text(root, "go.mod")?.unwrap_or_default();
    let module = repo::module_path(&go_mod).ok_or_else(|| Error::NotARepository {
        dir: root.to_path_buf(),
    })?;
    let from_module = module
        .rsplit('/')
        .next()
        .and_then(|last| last.strip_prefix("packer-plugin-"))
        .map(str::to_owned);
    let known = Known {
        name: first([
            (Source::Flag, args.plugin.clone()),
            (Source::ModulePath, from_module),
        ]),
        module: Some(Sourced {
            value: module,
            source: Source::GoMod,
        }),
        org: args.org.clone(),
        author: args.author.clone(),
        description: args.description.clone(),
        found_author: conventions::copyright(root)?.map(|c| Sourced {
            value: c.holder,
            source: Source::Repository(c.place),
        }),
        found_description: conventions::description(root)?.map(|d| Sourced {
            value: d,
            source: Source::Repository(".web-docs/metadata.hcl"),
        }),
    };
    let git_user = || git::user_name(root);
    let stoppers = prompt::stoppers(args.no_input.no_input);
    let description_note = description_note(&known, !stoppers.any());
    let resolved = if stoppers.any() {
        answers::resolve(known, settings, &git_user, Err(Unasked::NoManifest))?
    } else {
        answers::resolve(known, settings, &git_user, Ok(&mut TerminalAsker))?
    };
    notes.extend(resolved.notes);
    notes.extend(description_note.map(|n| n(&resolved.answers.description)));
    let main_go = repo::read_text(root, "main.go")?.unwrap_or_default();
    let components = go::registrations(&main_go)
        .map(|found| components_from(&found, &resolved.answers.name))
        .unwrap_or_default();
    notes.push(format!(
        "found {} registered component(s) in main.go",
        components.len()
    ));
    Ok(Manifest::new(
        resolved.answers,
        components,
        templates::version(),
    ))
}

/// Where the description of an adopted repository comes from, when not from the command line
/// or a question: its metadata.hcl, or the default (the manifest records it either way).
fn description_note(known: &Known, asked: bool) -> Option<fn(&str) -> String> {
    if known.description.is_some() {
        return None;
    }
    if known.found_description.is_some() {
        return Some(|d| format!("read description `{d}` from .web-docs/metadata.hcl"));
    }
    (!asked).then_some(|d: &str| {
        format!(
            "description `{d}`: the repository states none (metadata.hcl); change it in \
             .packer-scaffold.toml, or pass --description"
        )
    })
}

/// Components as main.go registers them, named after their package folder.
fn components_from(found: &[Registration], plugin: &str) -> Vec<StoredComponent> {
    found
        .iter()
        .filter_map(|r| {
            let kind = Kind::from_register_fn(&r.register_fn)?;
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
                // Made by hand: no skeleton of ours, and nothing of theirs to upgrade.
                skeleton: Some(Skeleton::unrecorded()),
            })
        })
        .collect()
}

/// Refuses a component main.go registers already: its package, or its name for that kind
/// (Packer refuses to start a plugin that registers a name twice).
fn check_registrations(root: &Path, kind: Kind, component: &Component) -> Result<(), Error> {
    let main_go = repo::read_text(root, "main.go")?.unwrap_or_default();
    let Ok(found) = go::registrations(&main_go) else {
        return Ok(());
    };
    let same_kind: Vec<&Registration> = found
        .iter()
        .filter(|r| r.register_fn == kind.register_fn())
        .collect();
    if same_kind
        .iter()
        .any(|r| r.import_path.as_deref() == Some(component.import_path.as_str()))
    {
        return Err(Error::ComponentExists {
            what: format!(
                "the {kind} `{}` (HCL type `{}`)",
                component.name, component.hcl_type
            ),
        });
    }
    let registered = if component.is_default {
        RegisteredName::Default
    } else {
        RegisteredName::Named(component.name.clone())
    };
    if same_kind.iter().any(|r| r.name == registered) {
        return Err(Error::RegisteredAlready {
            kind: kind.to_string(),
            component: format!("`{}` (HCL type `{}`)", component.name, component.hcl_type),
            name: shown_name(&registered),
            registered: same_kind.iter().map(|r| shown_name(&r.name)).collect(),
        });
    }
    Ok(())
}

/// How main.go names a registration, for messages.
fn shown_name(name: &RegisteredName) -> String {
    match name {
        RegisteredName::Default => "plugin.DEFAULT_NAME".into(),
        RegisteredName::Named(n) => format!("\"{n}\""),
    }
}

/// The component to add, refused when it (or its registration) is already there.
/// The first component of a kind is the default (HCL type = plugin name), unless Packer has
/// that type built in: then it is named like the others, and `notes` says why.
fn new_component(
    root: &Path,
    plugin: &Plugin,
    kind: Kind,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Component, Error> {
    let mut component = Component::new(plugin, kind, name, !plugin.has_kind(kind));
    if component.is_default && kind.built_into_packer().contains(&plugin.name.as_str()) {
        component = Component::new(plugin, kind, name, false);
        notes.push(format!(
            "Packer has a {kind} `{}` of its own, so this one is `{}` rather than the plugin's name",
            plugin.name, component.hcl_type
        ));
    }
    check_not_built_in("component name", name, kind, &component.hcl_type)?;
    let exists = |name: &str, hcl_type: &str| Error::ComponentExists {
        what: format!("the {kind} `{name}` (HCL type `{hcl_type}`)"),
    };
    let same_kind = || plugin.components.iter().filter(|c| c.kind == kind);
    if let Some(existing) = same_kind().find(|c| c.name == name) {
        return Err(exists(name, &existing.hcl_type));
    }
    check_registrations(root, kind, &component)?;
    if let Some(existing) = same_kind().find(|c| c.hcl_type == component.hcl_type) {
        return Err(exists(&existing.name, &existing.hcl_type));
    }
    Ok(component)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::defaults::Defaults;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            std::fs::write(root.join(path), text).unwrap();
        }
    }

    fn args(extra: &[&str]) -> AddArgs {
        use clap::Parser;
        let cli = crate::cli::Cli::parse_from(
            ["packer-scaffold", "add", "builder", "second"]
                .iter()
                .chain(extra),
        );
        match cli.command {
            crate::cli::Command::Add(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn infers_answers_and_components_and_says_where_they_came_from() {
        let tmp = assert_fs::TempDir::new().unwrap();
        write(
            tmp.path(),
            &[
                (
                    "go.mod",
                    "module github.com/hashicorp/packer-plugin-scaffolding\n",
                ),
                (
                    "main.go",
                    "package main\n\nimport (\n\t\"github.com/hashicorp/packer-plugin-sdk/plugin\"\n\n\tscaffoldingBuilder \"github.com/hashicorp/packer-plugin-scaffolding/builder/scaffolding\"\n)\n\nfunc main() {\n\tpps := plugin.NewSet()\n\tpps.RegisterBuilder(\"my-builder\", new(scaffoldingBuilder.Builder))\n}\n",
                ),
            ],
        );
        let mut notes = Vec::new();
        let args = args(&["--author", "HashiCorp"]);
        let manifest = infer_manifest(tmp.path(), &args, &Settings::default(), &mut notes).unwrap();
        assert_eq!(manifest.answers.name, "scaffolding");
        assert_eq!(manifest.answers.org, "hashicorp");
        assert_eq!(manifest.components.len(), 1);
        assert_eq!(manifest.components[0].hcl_type, "scaffolding-my-builder");
        assert!(!manifest.components[0].default);
        assert_eq!(
            notes.first().unwrap(),
            "read module path `github.com/hashicorp/packer-plugin-scaffolding` from go.mod"
        );
        assert_eq!(
            notes.last().unwrap(),
            "found 1 registered component(s) in main.go"
        );
    }

    #[test]
    fn a_repository_without_a_manifest_reports_every_missing_value_at_once() {
        let tmp = assert_fs::TempDir::new().unwrap();
        write(
            tmp.path(),
            &[("go.mod", "module example.com/tools/images\n")],
        );
        let settings = Settings {
            env: Defaults::default(),
            file: Defaults::default(),
        };
        let err = infer_manifest(tmp.path(), &args(&[]), &settings, &mut Vec::new());
        let Err(Error::MissingValues { missing, why }) = err else {
            panic!("{err:?}")
        };
        let flags: Vec<_> = missing.iter().map(|m| m.flag).collect();
        assert_eq!(flags[..2], ["--plugin", "--org"]);
        assert_eq!(why, Unasked::NoManifest);
    }
}
