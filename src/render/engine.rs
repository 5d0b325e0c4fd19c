//! The compiled templates of one set, and rendering one of them by name. Templates are
//! compiled with their long runs of text kept aside (`text_runs`), which tera then never
//! reads; a template that fails, to compile or to render, is compiled again as written and
//! rendered from that, so its error names the line and column the author sees.

use std::sync::OnceLock;

use tera::{Context, Tera};

use crate::error::Error;
use crate::render::templates::TemplateFile;
use crate::render::{filters, sdk_partials, text_runs};

/// One set's templates, compiled; every `.tera` file can include every other by name.
pub struct Engine {
    files: Vec<TemplateFile>,
    tera: Tera,
    /// The text runs the compiled templates mark; empty when they are compiled as written.
    runs: Vec<&'static str>,
    /// The templates compiled as written, when something failed (`None`: they do not compile).
    as_written: OnceLock<Option<Tera>>,
}

impl Engine {
    /// Compiles the `.tera` files of `files` (the others are the SDK's partials and files
    /// copied as they are).
    pub fn compile(files: &[TemplateFile]) -> Result<Engine, Error> {
        let sources = sources(files)?;
        let mut runs = Vec::new();
        let shrunk: Vec<(&str, std::borrow::Cow<str>)> = (sources.iter())
            .map(|(name, text)| {
                let text = text_runs::shrink(text, &mut runs).map_or((*text).into(), Into::into);
                (*name, text)
            })
            .collect();
        let mut tera = configured(files);
        let engine = match tera.add_raw_templates(shrunk) {
            Ok(()) => Engine {
                files: files.to_vec(),
                tera,
                runs,
                as_written: OnceLock::new(),
            },
            Err(_) => Engine {
                files: files.to_vec(),
                tera: load(files, &sources)?,
                runs: Vec::new(),
                as_written: OnceLock::new(),
            },
        };
        Ok(engine)
    }

    /// `files` compiled as written, as `compile` falls back to (for tests to compare with).
    #[cfg(test)]
    pub fn compile_as_written(files: &[TemplateFile]) -> Result<Engine, Error> {
        Ok(Engine {
            files: files.to_vec(),
            tera: load(files, &sources(files)?)?,
            runs: Vec::new(),
            as_written: OnceLock::new(),
        })
    }

    /// Whether the templates are compiled with their text kept aside and have never had to
    /// be compiled as written.
    #[cfg(test)]
    pub fn kept_text_aside(&self) -> bool {
        !self.runs.is_empty() && self.as_written.get().is_none()
    }

    /// The template `name` rendered in `context`. `plain_values` says the values in `context`
    /// hold no `text_runs::MARK` (the renderer checks the plugin's); when they might, the
    /// template is rendered as written.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        plain_values: bool,
    ) -> Result<String, Error> {
        if self.runs.is_empty() {
            return (self.tera.render(name, context)).map_err(|e| template_error(name, &e));
        }
        if plain_values
            && let Ok(rendered) = self.tera.render(name, context)
            && let Some(text) = text_runs::expand(rendered, &self.runs)
        {
            return Ok(text);
        }
        let as_written = (self.as_written).get_or_init(|| self.load_as_written().ok());
        match as_written {
            Some(tera) => tera
                .render(name, context)
                .map_err(|e| template_error(name, &e)),
            None => Err(self.load_as_written().expect_err("it failed before")),
        }
    }

    fn load_as_written(&self) -> Result<Tera, Error> {
        load(&self.files, &sources(&self.files)?)
    }
}

/// The name and text of each `.tera` file of `files`.
fn sources(files: &[TemplateFile]) -> Result<Vec<(&'static str, &'static str)>, Error> {
    (files.iter().filter(|f| f.is_rendered()))
        .map(|file| {
            let text = std::str::from_utf8(file.contents).map_err(|_| Error::Template {
                template: file.name.to_owned(),
                message: "a .tera template must be UTF-8".into(),
            })?;
            Ok((file.name, text))
        })
        .collect()
}

/// `sources` compiled as written.
fn load(files: &[TemplateFile], sources: &[(&str, &str)]) -> Result<Tera, Error> {
    let mut tera = configured(files);
    (tera.add_raw_templates(sources.iter().copied()))
        .map_err(|e| template_error("templates", &e))?;
    Ok(tera)
}

/// A tera engine configured as every template expects: no HTML escaping, our filters, and
/// the SDK's partials of `files`.
fn configured(files: &[TemplateFile]) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    filters::register(&mut tera);
    sdk_partials::register(&mut tera, files);
    tera
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

    const TEXT: &str = "A long line of text, which is kept out of tera's lexer.\n";

    fn engine_of(name: &'static str, text: String) -> Engine {
        let contents: &'static str = Box::leak(text.into_boxed_str());
        Engine::compile(&[TemplateFile {
            name,
            contents: contents.as_bytes(),
        }])
        .unwrap()
    }

    fn message(error: Error) -> String {
        let Error::Template { message, .. } = error else {
            unreachable!("{error:?}")
        };
        message
    }

    #[test]
    fn an_undefined_variable_is_an_error_naming_the_line_as_written() {
        let engine = engine_of("t.tera", format!("{TEXT}{TEXT}name: {{{{ plugin.nmae }}}}"));
        assert!(!engine.runs.is_empty());
        let mut context = Context::new();
        context.insert("plugin", &plugin_with_only_a_name());
        let message = message(engine.render("t.tera", &context, true).unwrap_err());
        // Tera's report names the field, and the template, line and column it is used at.
        assert!(message.contains("`nmae` is not defined"), "{message}");
        assert!(message.contains("t.tera:3:"), "{message}");
        assert!(!message.starts_with("error:"), "{message}");
    }

    #[test]
    fn a_syntax_error_names_the_line_as_written() {
        let text = format!("{TEXT}{TEXT}{{% if %}}");
        let contents: &'static str = Box::leak(text.into_boxed_str());
        let files = [TemplateFile {
            name: "t.tera",
            contents: contents.as_bytes(),
        }];
        let message = message(Engine::compile(&files).err().unwrap());
        assert!(message.contains("t.tera:3:"), "{message}");
    }

    #[test]
    fn an_escaping_filter_refuses_anything_but_a_string() {
        let engine = engine_of("t.tera", "{{ 2026 | go_string }}".into());
        let message = message(engine.render("t.tera", &Context::new(), true).unwrap_err());
        assert!(message.contains("t.tera:1:"), "{message}");
    }

    #[test]
    fn text_is_not_html_escaped() {
        let engine = engine_of("t.html.tera", "{{ v }}".into());
        let mut context = Context::new();
        context.insert("v", "<a href=\"x\">&</a>");
        assert_eq!(
            engine.render("t.html.tera", &context, true).unwrap(),
            "<a href=\"x\">&</a>"
        );
    }

    #[test]
    fn a_value_that_could_hold_a_marker_is_rendered_as_written() {
        let engine = engine_of("t.tera", format!("{TEXT}{{{{ v }}}}"));
        let mut context = Context::new();
        context.insert("v", "\u{0}0\u{0}");
        // Told the values may hold a marker: rendered as written, the value as it is.
        let rendered = engine.render("t.tera", &context, false).unwrap();
        assert_eq!(rendered, format!("{TEXT}\u{0}0\u{0}"));
    }

    /// Any template made of text, variables, comments, conditions, loops and raw blocks, with
    /// every whitespace control, renders the same with its text kept aside as written.
    mod any_template {
        use super::*;
        use proptest::prelude::*;

        fn ws() -> impl Strategy<Value = (&'static str, &'static str)> {
            prop_oneof![
                Just(("", "")),
                Just(("-", "")),
                Just(("", "-")),
                Just(("-", "-"))
            ]
        }

        fn node() -> impl Strategy<Value = String> {
            let text = "[a-z \n\t}%#\"'-]{0,80}";
            let leaf = prop_oneof![
                3 => text.prop_map(String::from),
                1 => ws().prop_map(|(a, b)| format!("{{{{{a} v {b}}}}}")),
                1 => ws().prop_map(|(a, b)| format!("{{#{a} a comment {b}#}}")),
                1 => (ws(), ws(), "[a-z {}%#\n]{0,60}").prop_map(|((a, b), (c, d), body)| {
                    format!("{{%{a} raw {b}%}}{body}{{%{c} endraw {d}%}}")
                }),
            ];
            leaf.prop_recursive(3, 24, 4, |inner| {
                let body = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
                prop_oneof![
                    (ws(), body.clone(), ws(), body.clone(), ws()).prop_map(
                        |((a, b), yes, (c, d), no, (e, f))| format!(
                            "{{%{a} if b {b}%}}{yes}{{%{c} else {d}%}}{no}{{%{e} endif {f}%}}"
                        )
                    ),
                    (ws(), body, ws()).prop_map(|((a, b), each, (c, d))| format!(
                        "{{%{a} for i in items {b}%}}{each}{{{{ i }}}}{{%{c} endfor {d}%}}"
                    )),
                ]
            })
        }

        proptest! {
            // A failure prints its smallest case, to be kept as a unit test; no seed files.
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn renders_as_written(nodes in prop::collection::vec(node(), 1..8), b: bool) {
                let text: &'static str = Box::leak(nodes.concat().into_boxed_str());
                let files = [TemplateFile { name: "t.tera", contents: text.as_bytes() }];
                let mut context = Context::new();
                context.insert("v", "value");
                context.insert("b", &b);
                context.insert("items", &[1, 2]);
                let fast = Engine::compile(&files).unwrap();
                let slow = Engine::compile_as_written(&files).unwrap();
                prop_assert_eq!(
                    fast.render("t.tera", &context, true).unwrap(),
                    slow.render("t.tera", &context, true).unwrap()
                );
                // Whenever a run was marked, the marked template compiled and rendered.
                let mut runs = Vec::new();
                if text_runs::shrink(text, &mut runs).is_some() && !runs.is_empty() {
                    prop_assert!(fast.kept_text_aside());
                }
            }
        }
    }

    fn plugin_with_only_a_name() -> std::collections::BTreeMap<&'static str, &'static str> {
        [("name", "custom-cloud")].into_iter().collect()
    }
}
