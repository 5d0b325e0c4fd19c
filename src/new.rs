//! The `new` command: from flags to a written repository and a summary of what to do next.

use std::path::Path;

use crate::answers::{self, Given};
use crate::cli::{NewArgs, Vcs};
use crate::config::Defaults;
use crate::error::Error;
use crate::kind::Kind;
use crate::manifest::Manifest;
use crate::model::Plugin;
use crate::names::{check_not_built_in, check_plugin_name, official_name_warning};
use crate::plan::{Plan, PlannedFile};
use crate::post_steps::{self, StepOutcome};
use crate::prompt::{self, TerminalAsker};
use crate::report::{self, FileReport, Format, NewReport};
use crate::{clock, interrupt, output, render, status, writer};

pub fn run(args: NewArgs, configured: Defaults) -> Result<(), Error> {
    let checked = check_plugin_name(&args.name)?;
    let name = checked.name;
    // In `new` every component is its kind's default: its HCL type is the plugin name.
    check_not_built_in("plugin name", &name, args.kind, &name)?;
    if let Some(prefix) = checked.stripped_prefix {
        status::note(format!(
            "plugin names are given without the `{prefix}` prefix; using `{name}` \
             (the repository is still packer-plugin-{name})"
        ));
    }
    let mut warnings = Vec::new();
    if let Some(warning) = official_name_warning(&name) {
        status::warning(&warning);
        warnings.push(warning);
    }
    let folder = format!("packer-plugin-{name}");
    // `--dir ../packer-plugin-x` names the repository itself: never nest a second one in it.
    let dest = if args.dir.file_name() == Some(std::ffi::OsStr::new(&folder)) {
        status::note(format!(
            "--dir already ends in {folder}: the repository is that folder, not one inside it"
        ));
        writer::resolve_destination(&args.dir)?
    } else {
        writer::resolve_destination(&args.dir.join(&folder))?
    };
    // Refuse before asking anything, so no answers are typed in vain.
    let fill_existing = match writer::check_destination(&dest) {
        Err(Error::DestinationExists { .. }) if args.force => true,
        other => {
            other?;
            false
        }
    };
    // symlink_metadata: a dangling link named like the manifest is in the way too.
    if fill_existing && std::fs::symlink_metadata(dest.join(crate::manifest::FILE_NAME)).is_ok() {
        return Err(Error::InvalidInput {
            what: "destination".into(),
            value: dest.display().to_string(),
            problem: "it is already a packer-scaffold repository (it has .packer-scaffold.toml), \
                      and --force never replaces a file"
                .into(),
            help: format!(
                "grow it with `packer-scaffold add <KIND> <NAME> --dir {}`, or choose another place with --dir",
                display_path(&dest)
            ),
        });
    }

    // Flags first, then the environment and config file (`configured`), then git.
    let flags = Defaults {
        org: args.org.clone(),
        author: args.author.clone(),
        module_prefix: None,
        kinds: (!args.with.is_empty()).then(|| args.with.clone()),
        vcs: args.vcs,
        tidy: crate::cli::tidy_flag(args.tidy, args.no_tidy),
    };
    let settings = flags.or(configured);
    let module = args.module.clone().or_else(|| {
        let prefix = settings.module_prefix.as_deref()?.trim_end_matches('/');
        Some(format!("{prefix}/packer-plugin-{name}"))
    });
    let git_user = match settings.author {
        Some(_) => post_steps::GitUser::Unset,
        None => post_steps::git_user_name(Path::new(".")),
    };
    // Owner: the flag, else the owner a github.com module path names, else the defaults.
    let org = args
        .org
        .clone()
        .or_else(|| module.as_deref().and_then(answers::github_owner))
        .or(settings.org);
    let given = Given {
        kinds: chosen_kinds(&args, settings.kinds.as_deref().unwrap_or_default()),
        name,
        org,
        module,
        author: settings.author,
        description: args.description.clone(),
        year: clock::current_year(),
        git_user,
    };
    let vcs = settings.vcs.unwrap_or(Vcs::Git);
    let tidy = settings.tidy.unwrap_or(true);
    let stoppers = prompt::stoppers(args.no_input);
    let answers = if stoppers.any() {
        answers::resolve(given, Err(stoppers))?
    } else {
        answers::resolve(given, Ok(&mut TerminalAsker))?
    };
    let plugin = Plugin::new(&answers);
    for component in &plugin.components {
        check_not_built_in(
            "plugin name",
            &plugin.name,
            component.kind,
            &component.hcl_type,
        )?;
    }
    if let Some(warning) = plugin.install_warning() {
        status::warning(&warning);
        warnings.push(warning);
    }
    let mut plan = render::render(&plugin)?;
    let fill = fill_existing.then(|| writer::plan_fill(&dest, &plan));
    if let Some(fill) = &fill
        && !fill.in_the_way.is_empty()
    {
        return Err(Error::FilesInTheWay {
            root: dest,
            paths: fill.in_the_way.clone(),
        });
    }
    // The manifest records the files that will hold what the templates made.
    let mut generated = plan.clone();
    if let Some(fill) = &fill {
        generated
            .files
            .retain(|f| !fill.conflicts.contains(&f.path));
    }
    let manifest = Manifest::for_new(&plugin, &generated).planned();
    plan.insert(manifest.clone());

    let file_reports = new_file_reports(&plan, fill.as_ref());
    if let Some(fill) = &fill
        && !fill.conflicts.is_empty()
    {
        let (are, were) = match args.dry_run {
            true => ("would be", "would be"),
            false => ("are", "were"),
        };
        let list: String = fill.conflicts.iter().map(|p| format!("\n  {p}")).collect();
        status::warning(format!(
            "{} file(s) already there differ from the templates; they {are} kept as they are:{list}",
            fill.conflicts.len()
        ));
        warnings.push(format!(
            "{} file(s) already there differ from the templates and {were} kept",
            fill.conflicts.len()
        ));
    }
    if args.dry_run {
        match args.format {
            Format::Text => output::print(&dry_run_tree(&plan, &dest, fill.as_ref())),
            Format::Json => output::print_json(&NewReport {
                schema: report::NEW_SCHEMA,
                dry_run: true,
                destination: dest.display().to_string(),
                components: plugin.components.iter().map(Into::into).collect(),
                files: file_reports,
                warnings,
            }),
        }?;
        status::note("dry run: nothing was written");
        return Ok(());
    }

    match fill {
        None => {
            for leftover in writer::write_new(&dest, &plan)? {
                status::note(format!(
                    "removed {}, left by an earlier run that was killed",
                    leftover.display()
                ));
            }
            status::verb(
                "Created",
                format!("{} ({} files)", dest.display(), plan.files.len()),
            );
        }
        Some(mut fill) => write_into_existing(&dest, &mut fill, manifest)?,
    }
    if interrupt::requested() {
        // The signal came after the last file: the repository is complete; skip the rest.
        status::warning(format!("interrupted; {} is complete", dest.display()));
        std::process::exit(i32::from(crate::error::EXIT_INTERRUPTED));
    }
    let mut outcomes = Vec::new();
    if tidy {
        outcomes.push(post_steps::go_mod_tidy(&dest));
    }
    if vcs == Vcs::Git {
        outcomes.push(post_steps::git_init(&dest));
    }
    for outcome in &outcomes {
        match outcome {
            StepOutcome::Done { verb, what } => status::verb(verb, what),
            StepOutcome::Skipped(why) => status::note(why),
            StepOutcome::Warning(why) => {
                status::warning(why);
                warnings.push(why.clone());
            }
        }
    }
    match args.format {
        Format::Text => {
            status::text(summary(&plugin, &dest));
            Ok(())
        }
        Format::Json => output::print_json(&NewReport {
            schema: report::NEW_SCHEMA,
            dry_run: false,
            destination: dest.display().to_string(),
            components: plugin.components.iter().map(Into::into).collect(),
            files: file_reports,
            warnings,
        }),
    }
}

/// The tree a dry run prints; with `--force`, each file already there is marked, and counted.
fn dry_run_tree(plan: &Plan, dest: &Path, fill: Option<&writer::Fill>) -> String {
    let Some(fill) = fill else {
        return plan.tree(&dest.display().to_string());
    };
    let mut tree = plan.tree_marked(&dest.display().to_string(), |path| {
        if fill.conflicts.iter().any(|p| p == path) {
            Some("already there and different: kept")
        } else if fill.identical.iter().any(|p| p == path) {
            Some("already there, the same")
        } else {
            None
        }
    });
    tree.push_str(&format!(
        "{} to create, {} already there and the same, {} kept\n",
        plan.files.len() - fill.identical.len() - fill.conflicts.len(),
        fill.identical.len(),
        fill.conflicts.len()
    ));
    tree
}

/// What happens to each planned file: created, or with `--force`, kept or already identical.
fn new_file_reports(plan: &Plan, fill: Option<&writer::Fill>) -> Vec<FileReport> {
    plan.files
        .iter()
        .map(|file| {
            let mut report = FileReport::create(file);
            if let Some(fill) = fill {
                if fill.conflicts.contains(&file.path) {
                    report.action = "keep";
                } else if fill.identical.contains(&file.path) {
                    report.action = "unchanged";
                }
            }
            report
        })
        .collect()
}

/// `--force` into a non-empty directory: lists what is kept first, then creates the rest.
fn write_into_existing(
    dest: &Path,
    fill: &mut writer::Fill,
    manifest: PlannedFile,
) -> Result<(), Error> {
    if fill.create.iter().all(|f| f.path != manifest.path)
        && !fill.conflicts.contains(&manifest.path)
        && !fill.identical.contains(&manifest.path)
    {
        fill.create.push(manifest);
    }
    writer::apply(dest, &fill.create, &[])?;
    status::verb(
        "Created",
        format!(
            "{} files in {} ({} already there)",
            fill.create.len(),
            dest.display(),
            fill.identical.len() + fill.conflicts.len()
        ),
    );
    Ok(())
}

/// The kinds asked for: the positional one and `with` (each `--with`, else the configured
/// kinds), or all four. Repeats are fine: the model keeps one component per kind.
fn chosen_kinds(args: &NewArgs, with: &[Kind]) -> Vec<Kind> {
    if args.all_kinds {
        return Kind::ALL.to_vec();
    }
    let mut kinds = vec![args.kind];
    kinds.extend(with);
    kinds
}

/// Where the repository is, what it registers and what to type next.
pub fn summary(plugin: &Plugin, dest: &Path) -> String {
    let mut out = String::from("\nComponents:\n");
    let width = plugin
        .components
        .iter()
        .map(|c| c.kind.as_str().len())
        .max()
        .unwrap_or(0);
    let mut components: Vec<_> = plugin.components.iter().collect();
    components.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    for component in components {
        out.push_str(&format!(
            "  {:<width$}  {}\n",
            component.kind.as_str(),
            component.kind.hcl_usage(&component.hcl_type),
        ));
    }
    out.push_str(&format!(
        "\nNext:\n  cd {}\n  make dev       # build and install it into Packer (needs packer on PATH)\n  make test      # unit tests\n  make testacc   # acceptance tests in real Packer\n",
        display_path(dest)
    ));
    out
}

/// A path as the user would type it at a shell prompt.
fn display_path(path: &Path) -> String {
    crate::shell::quote(&path.display().to_string())
}
