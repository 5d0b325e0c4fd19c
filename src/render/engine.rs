//! The templates of one set, and rendering one of them by name. Each template is rendered
//! by `lite`, which reads the part of tera's language the templates use in one pass, the
//! first time the template is rendered; tera compiles the set only when it is needed: for a
//! template `lite` does not read, and for a render `lite` leaves to it (an error above all,
//! which tera reports with the line and column the author sees).

use std::sync::OnceLock;

use tera::{Context, Tera};

use crate::error::Error;
use crate::render::lite::Lite;
use crate::render::templates::TemplateFile;
use crate::render::{filters, sdk_partials};

/// One set's templates; every `.tera` file can include every other by name.
pub struct Engine {
    files: Vec<TemplateFile>,
    lite: Lite,
    /// The set compiled by tera, once needed (`None`: it does not compile).
    tera: OnceLock<Option<Tera>>,
}

impl Engine {
    /// The templates of `files` (the `.tera` files; the others are the SDK's partials and
    /// files copied as they are). Each is read when first rendered.
    pub fn compile(files: &[TemplateFile]) -> Result<Engine, Error> {
        Ok(Engine {
            files: files.to_vec(),
            lite: Lite::new(files, sdk_partials::by_path(files)),
            tera: OnceLock::new(),
        })
    }

    /// `files` rendered by tera alone (for tests to compare with).
    #[cfg(test)]
    pub fn tera_only(files: &[TemplateFile]) -> Result<Engine, Error> {
        let sources = sources(files)?;
        let engine = Engine {
            files: files.to_vec(),
            lite: Lite::new(&[], Default::default()),
            tera: OnceLock::new(),
        };
        let _ = engine.tera.set(Some(load(files, &sources)?));
        Ok(engine)
    }

    /// Whether tera has been needed so far.
    #[cfg(test)]
    pub fn needed_tera(&self) -> bool {
        self.tera.get().is_some()
    }

    /// The template `name` rendered in `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Error> {
        if let Some(text) = self.lite.render(name, context) {
            return Ok(text);
        }
        let tera = self.tera.get_or_init(|| self.load_tera().ok());
        match tera {
            Some(tera) => (tera.render(name, context)).map_err(|e| template_error(name, &e)),
            None => Err(self.load_tera().expect_err("it failed before")),
        }
    }

    fn load_tera(&self) -> Result<Tera, Error> {
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

    const TEXT: &str = "A line of text.\n";

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
        assert!(!engine.needed_tera());
        let mut context = Context::new();
        context.insert("plugin", &plugin_with_only_a_name());
        let message = message(engine.render("t.tera", &context).unwrap_err());
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
        let engine = Engine::compile(&files).unwrap();
        let message = message(engine.render("t.tera", &Context::new()).unwrap_err());
        assert!(message.contains("t.tera:3:"), "{message}");
    }

    #[test]
    fn an_include_of_a_missing_template_is_an_error() {
        let text = "{% include \"nowhere.tera\" %}";
        let files = [TemplateFile {
            name: "t.tera",
            contents: text.as_bytes(),
        }];
        let engine = Engine::compile(&files).unwrap();
        let message = message(engine.render("t.tera", &Context::new()).unwrap_err());
        assert!(message.contains("nowhere.tera"), "{message}");
    }

    #[test]
    fn an_escaping_filter_refuses_anything_but_a_string() {
        let engine = engine_of("t.tera", "{{ v | go_string }}".into());
        let mut context = Context::new();
        context.insert("v", &2026);
        let message = message(engine.render("t.tera", &context).unwrap_err());
        assert!(message.contains("t.tera:1:"), "{message}");
    }

    #[test]
    fn text_is_not_html_escaped() {
        let engine = engine_of("t.html.tera", "{{ v }}".into());
        let mut context = Context::new();
        context.insert("v", "<a href=\"x\">&</a>");
        assert_eq!(
            engine.render("t.html.tera", &context).unwrap(),
            "<a href=\"x\">&</a>"
        );
        assert!(!engine.needed_tera());
    }

    /// What a review of the lite reading found it rendered where tera renders otherwise or
    /// refuses: now left to tera, or read as tera reads it.
    #[test]
    fn the_cases_a_review_found_render_as_tera_does() {
        let deep_ifs = "{% if true %}".repeat(40) + "x" + &"{% endif %}".repeat(40);
        let deep_parens = format!(
            "{{% if {}b{} %}}y{{% endif %}}",
            "(".repeat(40),
            ")".repeat(40)
        );
        let long_concat = format!("{{{{ v{} }}}}", " ~ v".repeat(257));
        let very_deep = "{% if true %}".repeat(100_000) + &"{% endif %}".repeat(100_000);
        let cases = [
            "{% if __tera_context is defined %}yes{% else %}no{% endif %}",
            "{% for __tera_loop_first in items %}[{{ __tera_loop_first }}]{% endfor %}",
            "{% for i in items %}{% set __tera_loop_index = \"x\" %}{{ __tera_loop_index }}{% endfor %}",
            "{% if [[[\"a\"]]] %}yes{% endif %}",
            "{% for x in [loop.index] %}{{ x }}{% endfor %}",
            "{% for x in [loop.index] %}{% if x is defined %}D{% else %}U{% endif %}{% endfor %}",
            &deep_ifs,
            &deep_parens,
            &long_concat,
            &very_deep,
        ];
        let mut context = Context::new();
        context.insert("v", "value");
        context.insert("b", &true);
        context.insert("items", &["a", "", "c"]);
        context.insert(
            "loop",
            &[("index", "5")]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        for case in cases {
            let text: &'static str = Box::leak(case.to_owned().into_boxed_str());
            let files = [TemplateFile {
                name: "t.tera",
                contents: text.as_bytes(),
            }];
            let engine = Engine::compile(&files).unwrap();
            let alone = engine.lite.render("t.tera", &context);
            let expected = Engine::tera_only(&files)
                .and_then(|tera| tera.render("t.tera", &context))
                .ok();
            let shown = &case[..case.len().min(80)];
            assert!(
                alone.is_none() || alone == expected,
                "{shown}: {alone:?} against {expected:?}"
            );
        }
    }

    /// Any template made of text, output, comments, raw blocks, conditions, loops, `set` and
    /// includes, with every whitespace control, renders as tera renders it; and the lite
    /// reading renders every such template itself.
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

        fn expr() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just("v".to_string()),
                Just("b".to_string()),
                Just("p.name".to_string()),
                Just("\"x\"".to_string()),
                Just("true".to_string()),
                Just("items".to_string()),
                Just("s is defined".to_string()),
                Just("s is not defined".to_string()),
                Just("(v ~ \"-\" ~ p.name)".to_string()),
                Just("[i for i in items if i]".to_string()),
                Just("[\"a\", \"value\"]".to_string()),
            ];
            leaf.prop_recursive(2, 8, 2, |inner| {
                prop_oneof![
                    inner.clone().prop_map(|e| format!("not {e}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} == {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} != {b}")),
                    inner.clone().prop_map(|e| format!("v in {e}")),
                    inner.prop_map(|e| format!("({e})")),
                ]
            })
        }

        fn output() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("v"),
                Just("p.name | lower"),
                Just("v | go_string"),
                Just("v | hcl_string"),
                Just("v ~ p.name | yaml_string"),
                Just("v ~ \"!\""),
                Just("loop.index"),
                Just("undefined_name"),
            ]
            .prop_map(String::from)
        }

        fn node() -> impl Strategy<Value = String> {
            let text = "[a-z \n\t}%#\"'-]{0,30}";
            let leaf = prop_oneof![
                3 => text.prop_map(String::from),
                2 => (ws(), output()).prop_map(|((a, b), e)| format!("{{{{{a} {e} {b}}}}}")),
                1 => ws().prop_map(|(a, b)| format!("{{#{a} a comment {b}#}}")),
                1 => (ws(), ws(), "[a-z {}%#\n]{0,30}").prop_map(|((a, b), (c, d), body)| {
                    format!("{{%{a} raw {b}%}}{body}{{%{c} endraw {d}%}}")
                }),
                1 => (ws(), expr()).prop_map(|((a, b), e)| format!("{{%{a} set s = {e} {b}%}}")),
                1 => ws().prop_map(|(a, b)| format!("{{%{a} include \"i.tera\" {b}%}}")),
            ];
            leaf.prop_recursive(3, 24, 4, |inner| {
                let body = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
                prop_oneof![
                    (
                        ws(),
                        expr(),
                        body.clone(),
                        ws(),
                        expr(),
                        body.clone(),
                        ws(),
                        body.clone(),
                        ws()
                    )
                        .prop_map(
                            |((a, b), c1, yes, (c, d), c2, maybe, (e, f), no, (g, h))| format!(
                                "{{%{a} if {c1} {b}%}}{yes}{{%{c} elif {c2} {d}%}}{maybe}\
                             {{%{e} else {f}%}}{no}{{%{g} endif {h}%}}"
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
            fn renders_as_tera_does(nodes in prop::collection::vec(node(), 1..8), b: bool) {
                let text: &'static str = Box::leak(nodes.concat().into_boxed_str());
                let files = [
                    TemplateFile { name: "t.tera", contents: text.as_bytes() },
                    TemplateFile { name: "i.tera", contents: b"[{{ v }}{% if s is defined %}s{% endif %}]" },
                ];
                let mut context = Context::new();
                context.insert("v", "value");
                context.insert("b", &b);
                context.insert("items", &["a", "", "c"]);
                context.insert("p", &plugin_with_only_a_name());
                // tera compiles some of these not at all (`not not x`), and refuses to render
                // some (an undefined name, `loop` outside a loop).
                let expected = Engine::tera_only(&files)
                    .and_then(|tera| tera.render("t.tera", &context))
                    .map_err(|_| ());
                let engine = Engine::compile(&files).unwrap();
                let rendered = engine.render("t.tera", &context).map_err(|_| ());
                prop_assert_eq!(&rendered, &expected);
                // What the lite reading renders alone is tera's text; what tera refuses, it
                // leaves to tera.
                let alone = engine.lite.render("t.tera", &context);
                prop_assert!(alone.is_none() || alone.as_ref() == expected.as_ref().ok());
            }
        }
    }

    fn plugin_with_only_a_name() -> std::collections::BTreeMap<&'static str, &'static str> {
        [("name", "custom-cloud")].into_iter().collect()
    }
}
