//! `new`'s plan: every file of the repository rendered in memory, the manifest among them,
//! and with `--force` what is already in the directory (kept, or the same).

use crate::domain::manifest::{self, Manifest};
use crate::domain::plan::{Plan, PlannedFile};
use crate::error::Error;
use crate::fs::writer::{self, Fill};
use crate::render::renderer::Renderer;
use crate::render::templates::{self, TemplateSet};
use crate::resolve::new_spec::NewSpec;
use crate::ui::report::{FileAction, FileReport};

/// Everything `new` would write, computed before anything is.
#[derive(Debug)]
pub struct NewPlan {
    /// Every file, the manifest included.
    pub plan: Plan,
    /// The manifest as a file of the plan.
    pub manifest: PlannedFile,
    /// With `--force`: what the directory already has.
    pub fill: Option<Fill>,
}

impl NewPlan {
    /// Renders the repository; with `--force`, refuses files in the way of its folders.
    pub fn make(spec: &NewSpec) -> Result<NewPlan, Error> {
        let (set, version) = match &spec.release {
            Some(release) => (release.set(), release.template_version.clone()),
            None => (TemplateSet::current(), templates::version()),
        };
        let mut plan = Renderer::of(set)?.repository(&spec.plugin)?;
        let hashes = plan.files.iter().map(|f| manifest::hash(&f.contents));
        let fill = spec
            .fill_existing
            .then(|| writer::plan_fill(&spec.dest, &plan));
        if let Some(fill) = &fill
            && !fill.in_the_way.is_empty()
        {
            return Err(Error::FilesInTheWay {
                root: spec.dest.clone(),
                paths: fill.in_the_way.clone(),
            });
        }
        // The manifest records the files that will hold what the templates made.
        let kept = |path: &String| fill.as_ref().is_some_and(|f| f.conflicts.contains(path));
        let generated = (plan.files.iter().zip(hashes))
            .filter(|(f, _)| !kept(&f.path))
            .map(|(f, hash)| (f.path.clone(), hash));
        let mut manifest = Manifest::with_hashes(&spec.plugin, generated, version);
        // With a release's templates, the manifest that release wrote.
        if let Some(release) = &spec.release {
            manifest.packer_scaffold_version = release.release.clone();
            if !release.set().has_skeletons() {
                manifest.forget_skeletons();
            }
        }
        let manifest = manifest.planned();
        plan.insert(manifest.clone());
        Ok(NewPlan {
            plan,
            manifest,
            fill,
        })
    }

    /// The files already there that differ from the templates: kept as they are.
    pub fn kept(&self) -> &[String] {
        self.fill.as_ref().map_or(&[], |f| &f.conflicts)
    }

    /// What happens to each planned file: created, or with `--force`, kept or already there.
    pub fn file_reports(&self) -> Vec<FileReport> {
        self.plan
            .files
            .iter()
            .map(|file| {
                let mut report = FileReport::create(file);
                if let Some(fill) = &self.fill {
                    if fill.conflicts.contains(&file.path) {
                        report.action = FileAction::Keep;
                    } else if fill.identical.contains(&file.path) {
                        report.action = FileAction::Unchanged;
                    }
                }
                report
            })
            .collect()
    }
}
