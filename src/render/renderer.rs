//! Pure rendering: a plugin model in, a complete plan out. `.tera` files are rendered with
//! strict variables; every other template file is copied byte for byte.

use serde::Serialize;
use tera::{Context, Tera};

use crate::domain::kind::Kind;
use crate::domain::model::{Component, Plugin};
use crate::domain::plan::{Plan, PlannedFile};
use crate::error::Error;
use crate::render::templates::{Catalog, Pins, TERA_SUFFIX, TemplateFile, TemplateSet};
use crate::render::{filters, needed, sdk_partials};

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

/// Renders every template for `plugin` into a plan, sorted by path (compiling only the
/// templates its components read).
pub fn render(plugin: &Plugin) -> Result<Plan, Error> {
    Renderer::for_repository(TemplateSet::current(), plugin)?.repository(plugin)
}

/// A loaded template set, ready to render a repository, a component or a snippet.
pub struct Renderer {
    files: Vec<TemplateFile>,
    tera: Tera,
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

    /// `set` narrowed to the templates rendering `plugin`'s repository reads: what `new`
    /// compiles (`repository` is all it can render).
    pub fn for_repository(set: TemplateSet, plugin: &Plugin) -> Result<Renderer, Error> {
        let files = needed::for_repository(&set.files, plugin);
        Renderer::of(TemplateSet { files, ..set })
    }

    pub fn of(set: TemplateSet) -> Result<Renderer, Error> {
        let tera = load(&set.files)?;
        Ok(Renderer {
            files: set.files,
            tera,
            catalog: set.catalog,
            pins: set.pins,
        })
    }

    /// Every file of a new repository: `repo/**` once, `component/<kind>/**` per component.
    pub fn repository(&self, plugin: &Plugin) -> Result<Plan, Error> {
        let base = base_context(plugin, &self.pins);
        let mut planned = Vec::new();
        for file in &self.files {
            if let Some(rel) = file.name.strip_prefix(REPO_ROOT) {
                let path = rel.strip_suffix(TERA_SUFFIX).unwrap_or(rel);
                if self.catalog.writes(path, plugin) {
                    planned.push(self.plan_file(file, rel.to_owned(), &base)?);
                }
            } else if file.name.starts_with(COMPONENT_ROOT) {
                for component in &plugin.components {
                    planned.extend(self.component_file(file, &base, component)?);
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
        sorted_without_duplicates(planned).map(|files| Plan { files })
    }

    /// The files `add` creates for `component`: its `component/<kind>/**` files and `add/**`.
    pub fn component(
        &self,
        plugin: &Plugin,
        component: &Component,
    ) -> Result<Vec<PlannedFile>, Error> {
        let base = base_context(plugin, &self.pins);
        let mut planned = Vec::new();
        for file in &self.files {
            if file.name.starts_with(COMPONENT_ROOT) {
                planned.extend(self.component_file(file, &base, component)?);
            } else if let Some(rel) = file.name.strip_prefix(ADD_ROOT) {
                let mut context = base.clone();
                context.insert("component", component);
                let path = component_path(rel, component);
                planned.push(self.plan_file(file, path, &context)?);
            }
        }
        sorted_without_duplicates(planned)
    }

    /// One repository-level file, rendered for `plugin` as `new` would write it.
    pub fn repo_file(&self, plugin: &Plugin, path: &str) -> Result<PlannedFile, Error> {
        let base = base_context(plugin, &self.pins);
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
        let mut context = base_context(plugin, &self.pins);
        context.insert("c", component);
        self.tera
            .render(&template, &context)
            .map_err(|e| template_error(&template, &e))
    }

    /// A `component/<kind>/…` file (or `<kind>+<skeleton>/…`, only for that skeleton) for
    /// `component`, or nothing when the kind or skeleton differs.
    fn component_file(
        &self,
        file: &TemplateFile,
        base: &Context,
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
        let mut context = base.clone();
        context.insert("component", component);
        let path = component_path(rel, component);
        self.plan_file(file, path, &context).map(Some)
    }

    fn plan_file(
        &self,
        file: &TemplateFile,
        path: String,
        context: &Context,
    ) -> Result<PlannedFile, Error> {
        let (path, contents) = match path.strip_suffix(TERA_SUFFIX) {
            Some(stripped) => {
                let text = self
                    .tera
                    .render(file.name, context)
                    .map_err(|e| template_error(file.name, &e))?;
                // Output always uses LF (a template checked out with CRLF must not leak it).
                let text = if text.contains('\r') {
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
fn sorted_without_duplicates(mut planned: Vec<PlannedFile>) -> Result<Vec<PlannedFile>, Error> {
    planned.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
    if let Some(pair) = planned.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(Error::Template {
            template: pair[0].path.clone(),
            message: "two templates render to the same path".into(),
        });
    }
    Ok(planned)
}

/// Loads every `.tera` file into one engine, so templates can include each other by name.
fn load(files: &[TemplateFile]) -> Result<Tera, Error> {
    let mut tera = engine();
    sdk_partials::register(&mut tera, files);
    let mut sources = Vec::new();
    for file in files.iter().filter(|f| f.is_rendered()) {
        let text = std::str::from_utf8(file.contents).map_err(|_| Error::Template {
            template: file.name.to_owned(),
            message: "a .tera template must be UTF-8".into(),
        })?;
        sources.push((file.name, text));
    }
    tera.add_raw_templates(sources)
        .map_err(|e| template_error("templates", &e))?;
    Ok(tera)
}

/// A tera engine configured as every template expects: no HTML escaping, our filters.
fn engine() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    filters::register(&mut tera);
    tera
}

fn base_context(plugin: &Plugin, pins: &Pins) -> Context {
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

/// Tera's message is a report naming the template, line and column, with the line quoted and
/// the place marked (and, for an included template, where it was included from).
fn template_error(template: &str, error: &tera::Error) -> Error {
    let report = error.to_string();
    let mut message = report
        .strip_prefix("error: ")
        .unwrap_or(&report)
        .trim_end()
        .to_owned();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::Template {
        template: template.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undefined_variable_is_an_error_not_an_empty_string() {
        let mut tera = engine();
        tera.add_raw_template("t.tera", "name: {{ plugin.nmae }}")
            .unwrap();
        let mut context = Context::new();
        context.insert("plugin", &plugin_with_only_a_name());
        let err = tera.render("t.tera", &context).unwrap_err();
        let Error::Template { message, .. } = template_error("t.tera", &err) else {
            unreachable!()
        };
        // Tera's report names the field, and the template, line and column it is used at.
        assert!(message.contains("`nmae` is not defined"), "{message}");
        assert!(message.contains("t.tera:1:"), "{message}");
        assert!(!message.starts_with("error:"), "{message}");
    }

    #[test]
    fn an_escaping_filter_refuses_anything_but_a_string() {
        let mut tera = engine();
        tera.add_raw_template("t.tera", "{{ 2026 | go_string }}")
            .unwrap();
        let err = tera.render("t.tera", &Context::new()).unwrap_err();
        let Error::Template { message, .. } = template_error("t.tera", &err) else {
            unreachable!()
        };
        assert!(message.contains("t.tera:1:"), "{message}");
    }

    #[test]
    fn text_is_not_html_escaped() {
        let mut tera = engine();
        tera.add_raw_template("t.html.tera", "{{ v }}").unwrap();
        let mut context = Context::new();
        context.insert("v", "<a href=\"x\">&</a>");
        assert_eq!(
            tera.render("t.html.tera", &context).unwrap(),
            "<a href=\"x\">&</a>"
        );
    }

    fn plugin_with_only_a_name() -> std::collections::BTreeMap<&'static str, &'static str> {
        [("name", "custom-cloud")].into_iter().collect()
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
