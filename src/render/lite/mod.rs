//! A small renderer for the part of tera's language the templates use: text, `{{ … }}` with
//! names, attributes, `~`, our escaping filters, `lower` and `sdk_partial`; `if`/`elif`/
//! `else`, `for` (with `loop.*`), `set`, `include`, raw blocks and comments, with tera's
//! whitespace control. tera parses and compiles every template before it can render one,
//! which was most of what `new` cost before it wrote a file; this reads a template in one
//! pass over its tags and renders it straight into a string.
//!
//! tera stays the reference: for a set tera compiles, a template this reading does not know,
//! and any render that could differ from tera's or that tera would report as an error (an
//! undefined name, a filter given a number, …), is `None`, and the engine renders it with
//! tera, which reports the error with the line and column. (tera refuses a whole set for one
//! bad template, an include cycle say, where this reading only reads what it renders: every
//! set the binary carries is compiled by tera in `lite_renders_every_set_as_tera_does`, which
//! renders every template of every set both ways.)

mod eval;
mod lex;
mod parse;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tera::Context;

use crate::render::lite::parse::Node;
use crate::render::templates::TemplateFile;

/// A set's templates, each read the first time it is rendered (a repository of one kind
/// renders a fraction of them).
pub struct Lite {
    /// The `.tera` templates by name, sorted.
    templates: Vec<(&'static str, Template)>,
    partials: BTreeMap<&'static str, &'static [u8]>,
}

struct Template {
    text: &'static [u8],
    /// `None` inside: tera is to render it.
    read: OnceLock<Option<Vec<Node>>>,
}

impl Lite {
    /// The `.tera` templates of `files`, none read yet; `partials` are what `sdk_partial`
    /// returns, by path.
    pub fn new(files: &[TemplateFile], partials: BTreeMap<&'static str, &'static [u8]>) -> Lite {
        let mut templates: Vec<_> = (files.iter().filter(|f| f.is_rendered()))
            .map(|f| {
                let template = Template {
                    text: f.contents,
                    read: OnceLock::new(),
                };
                (f.name, template)
            })
            .collect();
        templates.sort_unstable_by_key(|(name, _)| *name);
        Lite {
            templates,
            partials,
        }
    }

    /// The template `name` rendered in `context`, or `None` when tera is to render it.
    pub fn render(&self, name: &str, context: &Context) -> Option<String> {
        let read = |name: &str| self.read(name);
        let env = eval::Env {
            read: &read,
            partials: &self.partials,
            context,
        };
        // The text is most of what a template renders: room for it and a little more, so the
        // output is seldom moved while it grows.
        let room = self
            .get(name)
            .map_or(0, |t| t.text.len() + t.text.len() / 8);
        let mut out = String::with_capacity(room);
        env.render(name, &mut out)?;
        Some(out)
    }

    /// The nodes of the template `name`, read on first use; `None` when this reading leaves
    /// it to tera (or there is no such template).
    fn read(&self, name: &str) -> Option<&[Node]> {
        let template = self.get(name)?;
        let read = template.read.get_or_init(|| {
            let text = std::str::from_utf8(template.text).ok()?;
            let nodes = parse::template(lex::pieces(text)?)?;
            // tera refuses a template that includes one the set does not have.
            includes_exist(&nodes, &|name| self.get(name).is_some()).then_some(nodes)
        });
        read.as_deref()
    }

    fn get(&self, name: &str) -> Option<&Template> {
        let at = (self.templates)
            .binary_search_by_key(&name, |(n, _)| n)
            .ok()?;
        Some(&self.templates[at].1)
    }
}

fn includes_exist(nodes: &[Node], exists: &dyn Fn(&str) -> bool) -> bool {
    nodes.iter().all(|node| match node {
        Node::Include(name) => exists(name),
        Node::If(branches, otherwise) => {
            branches
                .iter()
                .all(|(_, body)| includes_exist(body, exists))
                && includes_exist(otherwise, exists)
        }
        Node::For { body, .. } => includes_exist(body, exists),
        Node::Text(_) | Node::Out(_) | Node::Set(..) => true,
    })
}
