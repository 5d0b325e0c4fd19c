//! Pure rendering: a plugin model in, a complete plan out. `.tera` files are rendered with
//! strict variables; every other template file is copied byte for byte.

use serde::Serialize;
use tera::Context;

use crate::domain::kind::Kind;
use crate::domain::model::{Component, Plugin};
use crate::domain::plan::{Plan, PlannedFile};
use crate::error::Error;
use crate::render::engine::Engine;
use crate::render::sdk_partials;
use crate::render::templates::{Catalog, Pins, TERA_SUFFIX, TemplateFile, TemplateSet};

/// Templates rendered once per repository live under this folder.
const REPO_ROOT: &str = "repo/";
/// Templates rendered once per component live under `component/<kind>/`, those of one
/// skeleton only under `component/<kind>+<skeleton>/`.
const COMPONENT_ROOT: &str = "component/";
/// Templates `add` renders for each component it adds, under `add/`.
const ADD_ROOT: &str = "add/";
/// Pieces included by other templates and rendered alone by `add` at its edit points.
const SNIPPET_ROOT: &str = "snippets/";

#[derive(Serialize)]
struct Kinds {
    builder: bool,
    provisioner: bool,
    post_processor: bool,
    datasource: bool,
}

/// Renders every template of the current set for `plugin` into a plan, sorted by path.
pub fn render(plugin: &Plugin) -> Result<Plan, Error> {
    Renderer::new()?.repository(plugin)
}

/// A loaded template set, ready to render a repository, a component or a snippet.
pub struct Renderer {
    files: Vec<TemplateFile>,
    engine: Engine,
    catalog: Catalog,
    pins: Pins,
}

impl Renderer {
    /// The current template set.
    pub fn new() -> Result<Renderer, Error> {
        Renderer::of(TemplateSet::current())
    }

    /// The set of the release that wrote `template_version`; `None` when the history lacks it.
    pub fn released(template_version: &str) -> Result<Option<Renderer>, Error> {
        TemplateSet::released(template_version)
            .map(Renderer::of)
            .transpose()
    }

    pub fn of(set: TemplateSet) -> Result<Renderer, Error> {
        let engine = Engine::compile(&set.files)?;
        Ok(Renderer::with(set, engine))
    }

    fn with(set: TemplateSet, engine: Engine) -> Renderer {
        Renderer {
            files: set.files,
            engine,
            catalog: set.catalog,
            pins: set.pins,
        }
    }

    /// Every file of a new repository: `repo/**` once, `component/<kind>/**` per component.
    pub fn repository(&self, plugin: &Plugin) -> Result<Plan, Error> {
        let planned = self.repository_files(plugin, &self.files)?;
        sorted_without_duplicates(planned).map(|files| Plan { files })
    }

    /// The files of a new repository that the templates `own` render (in no order): each
    /// `repo/` template once, each `component/` template per component of its kind.
    pub fn repository_files(
        &self,
        plugin: &Plugin,
        own: &[TemplateFile],
    ) -> Result<Vec<PlannedFile>, Error> {
        let base = base_values(plugin, &self.pins);
        let per_component: Vec<Values> = (plugin.components.iter())
            .map(|c| component_values(&base, c))
            .collect();
        let mut planned = Vec::new();
        for file in own {
            if let Some(rel) = file.name.strip_prefix(REPO_ROOT) {
                let path = rel.strip_suffix(TERA_SUFFIX).unwrap_or(rel);
                if self.catalog.writes(path, plugin) {
                    planned.push(self.plan_file(file, rel.to_owned(), &base)?);
                }
            } else if file.name.starts_with(COMPONENT_ROOT) {
                for (component, values) in plugin.components.iter().zip(&per_component) {
                    planned.extend(self.component_file(file, values, component)?);
                }
            } else if ![ADD_ROOT, SNIPPET_ROOT, sdk_partials::ROOT]
                .iter()
                .any(|root| file.name.starts_with(root))
            {
                return Err(Error::Template {
                    template: file.name.to_owned(),
                    message: "templates must live under repo/, component/<kind>/, add/, \
                              snippets/ or sdk-partials/"
                        .into(),
                });
            }
        }
        Ok(planned)
    }

    /// The files `add` creates for `component`: its `component/<kind>/**` files and `add/**`.
    pub fn component(
        &self,
        plugin: &Plugin,
        component: &Component,
    ) -> Result<Vec<PlannedFile>, Error> {
        let values = component_values(&base_values(plugin, &self.pins), component);
        let mut planned = Vec::new();
        for file in &self.files {
            if file.name.starts_with(COMPONENT_ROOT) {
                planned.extend(self.component_file(file, &values, component)?);
            } else if let Some(rel) = file.name.strip_prefix(ADD_ROOT) {
                let path = component_path(rel, component);
                planned.push(self.plan_file(file, path, &values)?);
            }
        }
        sorted_without_duplicates(planned)
    }

    /// One repository-level file, rendered for `plugin` as `new` would write it.
    pub fn repo_file(&self, plugin: &Plugin, path: &str) -> Result<PlannedFile, Error> {
        let base = base_values(plugin, &self.pins);
        let file = self
            .files
            .iter()
            .find(|f| {
                f.name
                    .strip_prefix(REPO_ROOT)
                    .map(|rel| rel.strip_suffix(TERA_SUFFIX).unwrap_or(rel) == path)
                    == Some(true)
            })
            .ok_or_else(|| Error::Template {
                template: format!("{REPO_ROOT}{path}"),
                message: "no such repository template".into(),
            })?;
        let rel = &file.name[REPO_ROOT.len()..];
        self.plan_file(file, rel.to_owned(), &base)
    }

    /// Whether the template `name` inlines the SDK's docs partials (`sdk_partial(…)`), whose
    /// words are those of the SDK the templates pin.
    pub fn calls_sdk_partials(&self, name: &str) -> bool {
        self.files
            .iter()
            .find(|f| f.name == name)
            .is_some_and(|f| sdk_partials::called_in(f.contents))
    }

    /// `snippets/<name>.tera` rendered for one component of `plugin` (as `c`).
    pub fn snippet(
        &self,
        plugin: &Plugin,
        component: &Component,
        name: &str,
    ) -> Result<String, Error> {
        let template = format!("{SNIPPET_ROOT}{name}{TERA_SUFFIX}");
        let mut values = base_values(plugin, &self.pins);
        values.insert("c", component);
        self.engine.render(&template, &values)
    }

    /// A `component/<kind>/…` file (or `<kind>+<skeleton>/…`, only for that skeleton) for
    /// `component`, rendered with its `values`, or nothing when the kind or skeleton differs.
    fn component_file(
        &self,
        file: &TemplateFile,
        values: &Values,
        component: &Component,
    ) -> Result<Option<PlannedFile>, Error> {
        let rest = &file.name[COMPONENT_ROOT.len()..];
        let (kind_dir, rel) = rest.split_once('/').unwrap_or((rest, ""));
        let (kind, skeleton) = match kind_dir.split_once('+') {
            Some((kind, skeleton)) => (kind, Some(skeleton)),
            None => (kind_dir, None),
        };
        if component.kind.as_str() != kind
            || skeleton.is_some_and(|s| s != component.skeleton.as_str())
        {
            return Ok(None);
        }
        let path = component_path(rel, component);
        self.plan_file(file, path, values).map(Some)
    }

    fn plan_file(
        &self,
        file: &TemplateFile,
        path: String,
        values: &Values,
    ) -> Result<PlannedFile, Error> {
        let (path, contents) = match path.strip_suffix(TERA_SUFFIX) {
            Some(stripped) => {
                let text = self.engine.render(file.name, values)?;
                // Output always uses LF (a template checked out with CRLF must not leak it).
                let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
                    text.replace("\r\n", "\n")
                } else {
                    text
                };
                (stripped.to_owned(), text.into_bytes())
            }
            None => (path, file.contents.to_vec()),
        };
        let mode = self.catalog.mode(&path);
        Ok(PlannedFile {
            path,
            template: file.name,
            contents,
            mode,
        })
    }
}

/// Sorted by path segments, so a directory's files stay together (`docs/` before
/// `docs-partials/`); two templates rendering to one path are a template bug.
pub fn sorted_without_duplicates(planned: Vec<PlannedFile>) -> Result<Vec<PlannedFile>, Error> {
    sorted_by_path(planned, |file| &file.path)
}

/// `items` sorted by `path` as `sorted_without_duplicates` sorts files.
pub fn sorted_by_path<T>(mut items: Vec<T>, path: impl Fn(&T) -> &str) -> Result<Vec<T>, Error> {
    items.sort_by(|a, b| path(a).split('/').cmp(path(b).split('/')));
    if let Some(pair) = items.windows(2).find(|w| path(&w[0]) == path(&w[1])) {
        return Err(Error::Template {
            template: path(&pair[0]).to_owned(),
            message: "two templates render to the same path".into(),
        });
    }
    Ok(items)
}

/// What a template is rendered with.
type Values = Context;

/// The values every template sees: the plugin, its components, the pins, which kinds it has.
fn base_values(plugin: &Plugin, pins: &Pins) -> Values {
    let mut context = Context::new();
    context.insert("plugin", plugin);
    context.insert("components", &plugin.components);
    context.insert("versions", pins);
    context.insert(
        "kinds",
        &Kinds {
            builder: plugin.has_kind(Kind::Builder),
            provisioner: plugin.has_kind(Kind::Provisioner),
            post_processor: plugin.has_kind(Kind::PostProcessor),
            datasource: plugin.has_kind(Kind::Datasource),
        },
    );
    context
}

/// What a component's templates are rendered with: `base` and the `component`.
fn component_values(base: &Values, component: &Component) -> Values {
    let mut context = base.clone();
    context.insert("component", component);
    context
}

/// The destination of a component template: `_dir_`, `_slug_` and `_kind_` replaced.
fn component_path(rel: &str, component: &Component) -> String {
    rel.split('/')
        .map(|segment| {
            segment
                .replace("_dir_", &component.dir)
                .replace("_slug_", &component.slug)
                .replace("_kind_", component.kind.as_str())
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lite reading renders every template of the current set itself, and renders
    /// every file of every set the binary carries (every repository file, every file `add`
    /// writes, every snippet) to the byte as tera does.
    #[test]
    fn lite_renders_every_set_as_tera_does() {
        use crate::domain::model::tests::answers;
        use crate::domain::skeleton::Skeleton;
        use crate::render::templates::history;

        let mut shapes = Vec::new();
        for kinds in [&Kind::ALL[..], &[Kind::Datasource], &[Kind::PostProcessor]] {
            for skeleton in [Skeleton::Full, Skeleton::Minimal] {
                for module in [
                    "github.com/acme/packer-plugin-custom-cloud",
                    "example.com/p",
                ] {
                    let mut answers = answers(kinds);
                    answers.skeleton = skeleton;
                    answers.module = module.into();
                    shapes.push(Plugin::new(&answers));
                }
            }
        }
        let releases = history();
        assert!(!releases.is_empty());
        let all_sets =
            std::iter::once(TemplateSet::current()).chain(releases.iter().map(|r| r.set()));
        for (i, set) in all_sets.enumerate() {
            let tera = Engine::tera_only(&set.files).unwrap();
            let lite = Renderer::of(TemplateSet {
                files: set.files.clone(),
                catalog: set.catalog.clone(),
                pins: set.pins.clone(),
            })
            .unwrap();
            let tera = Renderer::with(set, tera);
            for plugin in &shapes {
                assert_same(
                    &lite.repository(plugin).unwrap().files,
                    &tera.repository(plugin).unwrap().files,
                );
                for component in &plugin.components {
                    assert_same(
                        &lite.component(plugin, component).unwrap(),
                        &tera.component(plugin, component).unwrap(),
                    );
                    for snippet in lite.files.iter().filter_map(|f| {
                        f.name.strip_prefix(SNIPPET_ROOT)?.strip_suffix(TERA_SUFFIX)
                    }) {
                        assert_eq!(
                            lite.snippet(plugin, component, snippet).unwrap(),
                            tera.snippet(plugin, component, snippet).unwrap(),
                            "{snippet}"
                        );
                    }
                }
            }
            // The current set never needs tera: what it costs is what `new` waits for.
            if i == 0 {
                assert!(!lite.engine.needed_tera(), "a current template needed tera");
            }
        }
    }

    /// A value with any characters in it is written into the file as it is.
    #[test]
    fn a_value_is_written_as_it_is() {
        let mut answers = crate::domain::model::tests::answers(&[Kind::Builder]);
        answers.author = "Acme {{ x }} {% if %} \u{0}0\u{0}".into();
        let plugin = Plugin::new(&answers);
        let plan = Renderer::new().unwrap().repository(&plugin).unwrap();
        let main = plan.files.iter().find(|f| f.path == "main.go").unwrap();
        let text = String::from_utf8(main.contents.clone()).unwrap();
        assert!(text.contains("Acme {{ x }} {% if %} \u{0}0\u{0}"), "{text}");
    }

    fn assert_same(fast: &[PlannedFile], slow: &[PlannedFile]) {
        assert_eq!(fast.len(), slow.len());
        for (a, b) in fast.iter().zip(slow) {
            assert_eq!(a.path, b.path);
            assert!(a.contents == b.contents, "{} differs", a.path);
        }
    }

    #[test]
    fn component_paths_replace_dir_and_slug_segments() {
        let plugin = Plugin::new(&crate::domain::model::Answers {
            name: "custom-cloud".into(),
            kinds: vec![Kind::Datasource],
            org: "acme".into(),
            module: "github.com/acme/packer-plugin-custom-cloud".into(),
            author: "A".into(),
            description: "D".into(),
            year: 2026,
            skeleton: Default::default(),
        });
        let component = &plugin.components[0];
        assert_eq!(
            component_path("_dir_/config.go.tera", component),
            "datasource/custom-cloud/config.go.tera"
        );
        assert_eq!(
            component_path(
                ".web-docs/components/data-source/_slug_/README.md.tera",
                component
            ),
            ".web-docs/components/data-source/custom-cloud/README.md.tera"
        );
    }
}
