//! What `new` will make, resolved from its arguments and the user's settings before anything
//! is rendered: the plugin model, where it goes, and what runs after writing. Every check
//! that can refuse the command runs here, before the first question is asked where it can.

use crate::render::templates::{self, Release};
use std::path::{Path, PathBuf};

use super::answers::{self, Known};
use super::answers_file;
use super::clock;
use super::prompt::{self, TerminalAsker};
use super::settings::Settings;
use super::source::{Source, Sourced, first};
use crate::cli::{NewArgs, Vcs};
use crate::domain::kind::Kind;
use crate::domain::manifest;
use crate::domain::model::Plugin;
use crate::domain::names::{check_not_built_in, check_plugin_name, official_name_warning};
use crate::domain::skeleton::Skeleton;
use crate::error::{Error, Unasked, shell};
use crate::fs::workspace::{self, Workspace};
use crate::fs::{repo, writer};
use crate::process::git;
use crate::ui::report::Format;
use crate::ui::status;

/// `new`, resolved.
#[derive(Debug)]
pub struct NewSpec {
    pub plugin: Plugin,
    /// The repository folder to create (or, with `fill_existing`, to fill in).
    pub dest: PathBuf,
    /// `--force` into a non-empty directory: create the missing files, keep the rest.
    pub fill_existing: bool,
    /// The destination is an empty folder that is there: it is filled, never replaced.
    pub into_empty_folder: bool,
    pub vcs: Vcs,
    pub tidy: bool,
    pub format: Format,
    pub dry_run: bool,
    /// The warnings shown while resolving, for the JSON report.
    pub warnings: Vec<String>,
    /// `--template-release`: an earlier release's templates, from the history, instead of
    /// the current ones.
    pub release: Option<Release>,
}

impl NewSpec {
    pub fn resolve(args: NewArgs, settings: &Settings) -> Result<NewSpec, Error> {
        let mut warnings = Vec::new();
        let replay = args
            .answers
            .as_deref()
            .map(answers_file::load)
            .transpose()?;
        let (raw_name, kinds) = match &replay {
            Some(f) => (f.manifest.answers.name.clone(), answers_file::kinds(f)),
            None => (
                args.name.clone().unwrap_or_default(),
                kinds(&args, settings),
            ),
        };
        let release = args.template_release.as_deref().map(release).transpose()?;
        let name = plugin_name(&raw_name, kinds[0], &mut warnings)?;
        // Refuse before asking anything, so no answers are typed in vain.
        let (dest, fill_existing) = destination(&args.dir, &name, args.force)?;
        let into_empty_folder = !fill_existing && dest.is_dir();
        let answers = resolve_answers(&args, name, settings, replay.as_ref())?;
        let mut answers = answers.with(kinds, clock::current_year());
        answers.skeleton = skeleton(settings.skeleton(args.skeleton), release.as_ref());
        let mut plugin = Plugin::new(&answers);
        if let Some(file) = &replay {
            let forced = settings.skeleton(args.skeleton).map(|_| answers.skeleton);
            replay_components(&mut plugin, file, answers.skeleton, forced, &args);
        }
        // --org-type, else what a replayed manifest recorded.
        let recorded = replay.as_ref().and_then(|f| f.manifest.answers.org_type);
        plugin.org_type = args.org_type.or(recorded);
        for warning in checked_warnings(&plugin, &dest)? {
            status::warning(&warning);
            warnings.push(warning);
        }
        Ok(NewSpec {
            plugin,
            dest,
            fill_existing,
            into_empty_folder,
            vcs: settings.vcs(args.vcs),
            tidy: settings.tidy(args.tidy.flag()),
            format: args.format.format,
            dry_run: args.dry_run.dry_run,
            warnings,
            release,
        })
    }
}

/// The components an `--answers` file names, into `plugin`: each with its recorded skeleton
/// (`default` where it records none), or `forced` when `--skeleton` or the settings chose one;
/// notes say what was replayed and when the components follow a new plugin name.
fn replay_components(
    plugin: &mut Plugin,
    file: &answers_file::AnswersFile,
    default: Skeleton,
    forced: Option<Skeleton>,
    args: &NewArgs,
) {
    plugin.components = answers_file::components(plugin, file, default);
    if let Some(skeleton) = forced {
        for component in &mut plugin.components {
            component.skeleton = skeleton;
        }
    }
    status::note(format!(
        "replaying the answers and {} component(s) of {}",
        plugin.components.len(),
        args.answers.as_deref().unwrap_or(Path::new("")).display()
    ));
    if let Some(old) = answers_file::renamed_from(plugin, file) {
        status::note(format!(
            "its components were registered under plugin `{old}`: their names and HCL types \
             follow `{}` instead, as `new` and `add` derive them",
            plugin.name
        ));
    }
}

/// No component takes an HCL type Packer has built in; the warnings about the plugin's source,
/// how it installs and a go.work above `dest`.
fn checked_warnings(plugin: &Plugin, dest: &Path) -> Result<Vec<String>, Error> {
    for component in &plugin.components {
        check_not_built_in(
            "plugin name",
            &plugin.name,
            component.kind,
            &component.hcl_type,
        )?;
    }
    Ok(plugin
        .source_warning()
        .into_iter()
        .chain(plugin.install_warning())
        .chain(workspace_warning(dest))
        .collect())
}

/// The release of the history `--template-release` names.
/// The skeleton of the components `new` makes: the flag's, else full; always minimal from the
/// templates of a release that had no skeletons (0.1.0's components are the minimal ones).
fn skeleton(flag: Option<Skeleton>, release: Option<&Release>) -> Skeleton {
    match release {
        Some(r) if !r.set().has_skeletons() => Skeleton::Minimal,
        _ => flag.unwrap_or_default(),
    }
}

fn release(name: &str) -> Result<Release, Error> {
    let history = templates::history();
    let names: Vec<String> = history.iter().map(|r| r.release.clone()).collect();
    history
        .into_iter()
        .find(|r| r.release == name)
        .ok_or_else(|| Error::InvalidInput {
            what: "--template-release".into(),
            value: name.to_owned(),
            problem: "the binary's template history has no such release".into(),
            help: format!("name one of: {}", names.join(", ")),
        })
}

/// When a Go workspace applies to `dest` without listing it, go commands there fail (`directory
/// prefix . does not contain modules listed in go.work`): say so, and how to fix it.
fn workspace_warning(dest: &Path) -> Option<String> {
    let dest = workspace::normal(&std::env::current_dir().ok()?.join(dest));
    let ws = Workspace::applying(&dest, std::env::var_os("GOWORK").as_deref())?;
    if ws.uses(&dest) {
        return None;
    }
    let how = match &ws {
        Workspace::Named(_) => "the workspace GOWORK names",
        Workspace::Found(_) => "the workspace",
    };
    Some(format!(
        "{how} {} does not list the new module, so go commands in {} fail until you run \
         `go work use {}` (or set GOWORK=off to build it alone)",
        ws.file().display(),
        dest.display(),
        dest.display()
    ))
}

/// The plugin name, without a `packer-plugin-` prefix (said in a note), refused when Packer
/// has the first kind's type built in; a warning when HashiCorp publishes a plugin so named.
fn plugin_name(raw: &str, kind: Kind, warnings: &mut Vec<String>) -> Result<String, Error> {
    let checked = check_plugin_name(raw)?;
    let name = checked.name;
    // In `new` every component is its kind's default: its HCL type is the plugin name.
    check_not_built_in("plugin name", &name, kind, &name)?;
    if let Some(prefix) = checked.stripped_prefix {
        status::note(format!(
            "plugin names are given without the `{prefix}` prefix; using `{name}` \
             (the repository is still packer-plugin-{name})"
        ));
    }
    if let Some(warning) = official_name_warning(&name) {
        status::warning(&warning);
        warnings.push(warning);
    }
    Ok(name)
}

/// The repository folder, `packer-plugin-<name>` in `dir` (or `dir` itself when it already
/// ends in that name), and whether `--force` lets `new` fill in a non-empty one.
fn destination(dir: &Path, name: &str, force: bool) -> Result<(PathBuf, bool), Error> {
    let folder = format!("packer-plugin-{name}");
    // `--dir ../packer-plugin-x` names the repository itself: never nest a second one in it.
    let dest = if dir.file_name() == Some(std::ffi::OsStr::new(&folder)) {
        status::note(format!(
            "--dir already ends in {folder}: the repository is that folder, not one inside it"
        ));
        writer::resolve_destination(dir)?
    } else {
        writer::resolve_destination(&dir.join(&folder))?
    };
    // A `new` killed while it filled this folder left its change to be finished first.
    if dest.is_dir() {
        repo::finish_interrupted(&dest)?;
    }
    let fill_existing = match writer::check_destination(&dest) {
        Err(Error::DestinationExists { .. }) if force => true,
        other => {
            other?;
            false
        }
    };
    // symlink_metadata: a dangling link named like the manifest is in the way too.
    if fill_existing && std::fs::symlink_metadata(dest.join(manifest::FILE_NAME)).is_ok() {
        return Err(Error::InvalidInput {
            what: "destination".into(),
            value: dest.display().to_string(),
            problem: "it is already a packer-scaffold repository (it has .packer-scaffold.toml), \
                      and --force never replaces a file"
                .into(),
            help: format!(
                "grow it with `packer-scaffold add <KIND> <NAME> --dir {}`, or choose another place with --dir",
                shell::quote(&dest.display().to_string())
            ),
        });
    }
    Ok((dest, fill_existing))
}

/// The kinds asked for: the positional one and each `--with` (else the configured kinds), or
/// all four. Repeats are fine: the model keeps one component per kind.
fn kinds(args: &NewArgs, settings: &Settings) -> Vec<Kind> {
    if args.all_kinds {
        return Kind::ALL.to_vec();
    }
    let with = (!args.with.is_empty()).then(|| args.with.clone());
    let mut kinds: Vec<Kind> = args.kind.into_iter().collect();
    kinds.extend(
        settings
            .pick(with, "KINDS", |d| d.kinds.clone())
            .map_or_else(Vec::new, |s| s.value),
    );
    kinds
}

/// The answers: the flags, the settings, git and, on a terminal, questions.
fn resolve_answers(
    args: &NewArgs,
    name: String,
    settings: &Settings,
    replay: Option<&answers_file::AnswersFile>,
) -> Result<crate::domain::model::PluginAnswers, Error> {
    let recorded = replay.map(|f| &f.manifest.answers);
    let prefixed = |prefix: Option<String>| {
        prefix.map(|p| format!("{}/packer-plugin-{name}", p.trim_end_matches('/')))
    };
    let module = first([
        (Source::Flag, args.module.clone()),
        (
            Source::Repository("the --answers file"),
            recorded.map(|a| a.module.clone()),
        ),
        (
            Source::Env("MODULE_PREFIX"),
            prefixed(settings.env.module_prefix.clone()),
        ),
        (
            Source::ConfigFile,
            prefixed(settings.file.module_prefix.clone()),
        ),
    ]);
    let known = Known {
        name: Some(Sourced {
            value: name,
            source: Source::Flag,
        }),
        module,
        org: args.org.clone().or(recorded.map(|a| a.org.clone())),
        author: args.author.clone(),
        description: args.description.clone(),
        found_author: recorded.map(|a| Sourced {
            value: a.author.clone(),
            source: Source::Repository("the --answers file"),
        }),
        found_description: recorded.map(|a| Sourced {
            value: a.description.clone(),
            source: Source::Repository("the --answers file"),
        }),
    };
    let git_user = || git::user_name(Path::new("."));
    let stoppers = prompt::stoppers(args.no_input.no_input);
    let resolved = if stoppers.any() {
        answers::resolve(known, settings, &git_user, Err(Unasked::Prompts(stoppers)))?
    } else {
        answers::resolve(known, settings, &git_user, Ok(&mut TerminalAsker))?
    };
    Ok(resolved.answers)
}
