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
    /// includes, with every whitespace control and the expressions the lite reading knows,
    /// renders as tera renders it (or fails where tera fails); what the lite reading renders
    /// alone is tera's text.
    mod any_template {
        use super::*;
        use proptest::prelude::*;

        fn dash() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec!["", "-"])
        }

        fn space() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![" ", "", "  ", "\n"])
        }

        /// Text with the characters that start and end tags, quotes, dashes and whitespace
        /// (a no-break space too: tera trims Unicode whitespace).
        fn text() -> impl Strategy<Value = String> {
            "[a \n\t\u{a0}}{%#\"'-]{0,12}"
        }

        fn expr() -> impl Strategy<Value = String> {
            let leaf = prop::sample::select(vec![
                "v",
                "e",
                "b",
                "items",
                "p.name",
                "p.nmae",
                "s",
                "i",
                "\"q\"",
                "'a b'",
                "`B`",
                "true",
                "False",
                "loop.index",
                "loop.last",
                "s is defined",
                "i is not defined",
                "[]",
                "[\"a\", v]",
                "[x for x in items]",
                "[loop.index for x in items if x]",
                "sdk_partial(path=\"a.mdx\")",
                "v | lower",
                "p.name | hcl_string",
                "n",
            ])
            .prop_map(String::from);
            leaf.prop_recursive(3, 10, 2, |inner| {
                prop_oneof![
                    inner.clone().prop_map(|e| format!("not {e}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} == {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} != {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} in {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} not in {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} ~ {b}")),
                    inner.clone().prop_map(|e| format!("({e}) | yaml_string")),
                    inner.clone().prop_map(|e| format!("[{e}]")),
                    inner
                        .clone()
                        .prop_map(|e| format!("[y for y in items if {e}]")),
                    inner.prop_map(|e| format!("({e})")),
                ]
            })
        }

        fn node() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                3 => text(),
                3 => (dash(), space(), expr(), space(), dash())
                    .prop_map(|(a, s, e, t, b)| format!("{{{{{a}{s}{e}{t}{b}}}}}")),
                1 => (dash(), dash(), text()).prop_map(|(a, b, t)| format!("{{#{a}{t}{b}#}}")),
                1 => (dash(), dash(), dash(), dash(), text()).prop_map(|(a, b, c, d, t)| {
                    format!("{{%{a} raw {b}%}}{t}{{%{c} endraw {d}%}}")
                }),
                1 => (dash(), prop::sample::select(vec!["s", "i", "x"]), expr(), dash())
                    .prop_map(|(a, n, e, b)| format!("{{%{a} set {n} = {e} {b}%}}")),
                1 => (dash(), dash()).prop_map(|(a, b)| format!("{{%{a} include \"i.tera\" {b}%}}")),
            ];
            leaf.prop_recursive(3, 20, 4, |inner| {
                let body = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
                let over = prop::sample::select(vec!["items", "[v, e]", "[x for x in items if x]"]);
                prop_oneof![
                    (
                        dash(),
                        expr(),
                        dash(),
                        body.clone(),
                        dash(),
                        expr(),
                        dash(),
                        body.clone()
                    )
                        .prop_map(|(a, c, b, yes, d, c2, e, maybe)| format!(
                            "{{%{a} if {c} {b}%}}{yes}{{%{d} elif {c2} {e}%}}{maybe}"
                        ))
                        .prop_flat_map(move |head| (
                            Just(head),
                            dash(),
                            dash(),
                            body.clone(),
                            dash(),
                            dash()
                        ))
                        .prop_map(|(head, a, b, no, c, d)| format!(
                            "{head}{{%{a} else {b}%}}{no}{{%{c} endif {d}%}}"
                        )),
                    (
                        dash(),
                        prop::sample::select(vec!["i", "x", "s"]),
                        over,
                        dash(),
                        text(),
                        dash(),
                        dash()
                    )
                        .prop_map(|(a, var, over, b, each, c, d)| format!(
                            "{{%{a} for {var} in {over} {b}%}}{each}{{{{ {var} }}}}\
                             {{% if loop.last %}}.{{% endif %}}{{%{c} endfor {d}%}}"
                        )),
                ]
            })
        }

        fn context() -> Context {
            let mut context = Context::new();
            context.insert("v", "Va lue");
            context.insert("e", "");
            context.insert("b", &true);
            context.insert("items", &["a", "", "c"]);
            context.insert("n", &3);
            context.insert("p", &plugin_with_only_a_name());
            context
        }

        proptest! {
            // A failure prints its smallest case, to be kept as a unit test; no seed files.
            #![proptest_config(ProptestConfig {
                cases: 1000,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]
            #[test]
            fn renders_as_tera_does(nodes in prop::collection::vec(node(), 1..6)) {
                let text: &'static str = Box::leak(nodes.concat().into_boxed_str());
                let files = [
                    TemplateFile { name: "t.tera", contents: text.as_bytes() },
                    TemplateFile {
                        name: "i.tera",
                        contents: b"[{{ v }}{% if s is defined %}s={{ s }}{% endif %}\
                                    {% if i is defined %}i={{ i }}{% endif %}{% set s = 'in i' %}]",
                    },
                    TemplateFile { name: "sdk-partials/a.mdx", contents: b"partial {{ x }}" },
                ];
                let context = context();
                // tera compiles some of these not at all (`not not x`), and refuses to render
                // some (an undefined name, a number printed through a filter).
                let expected = Engine::tera_only(&files)
                    .and_then(|tera| tera.render("t.tera", &context))
                    .map_err(|_| ());
                let engine = Engine::compile(&files).unwrap();
                let rendered = engine.render("t.tera", &context).map_err(|_| ());
                prop_assert_eq!(&rendered, &expected);
                let alone = engine.lite.render("t.tera", &context);
                prop_assert!(alone.is_none() || alone.as_ref() == expected.as_ref().ok());
            }
        }
    }

    fn plugin_with_only_a_name() -> std::collections::BTreeMap<&'static str, &'static str> {
        [("name", "custom-cloud")].into_iter().collect()
    }
}
