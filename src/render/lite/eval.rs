//! Rendering a read template with a tera `Context`, every name looked up as tera looks it up:
//! the `for` loops from the innermost out (the variables `set` in a loop's body, then its
//! own), the template's `set`s, the template that included it, then the context. Whatever
//! tera would report as an error, or could render differently, makes the render `None`.

use std::collections::BTreeMap;

use tera::value::Key;
use tera::{Context, Value};

use crate::render::filters;
use crate::render::lite::parse::{Expr, Filter, LoopField, Node};

/// Includes deeper than this are left to tera (which reports a cycle).
const MAX_DEPTH: usize = 16;

/// What a render reads: the templates (read on first use), the SDK partials, the context.
pub struct Env<'a> {
    pub read: &'a dyn Fn(&str) -> Option<&'a [Node]>,
    pub partials: &'a BTreeMap<&'static str, &'static [u8]>,
    pub context: &'a Context,
}

/// The variables of one template being rendered.
struct Scope<'s> {
    includer: Option<&'s Scope<'s>>,
    depth: usize,
    sets: Vec<(&'static str, Value)>,
    loops: Vec<Frame>,
}

/// One `for` loop (or list comprehension) in progress.
struct Frame {
    var: &'static str,
    value: Value,
    index0: usize,
    length: usize,
    comprehension: bool,
    locals: Vec<(&'static str, Value)>,
}

impl Env<'_> {
    /// The template `name` rendered into `out`.
    pub fn render(&self, name: &str, out: &mut String) -> Option<()> {
        let nodes = (self.read)(name)?;
        let mut scope = Scope {
            includer: None,
            depth: 0,
            sets: Vec::new(),
            loops: Vec::new(),
        };
        self.nodes(nodes, &mut scope, out)
    }

    fn nodes(&self, nodes: &[Node], scope: &mut Scope, out: &mut String) -> Option<()> {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Out(expr) => out.push_str(self.eval(expr, scope)?.as_str()?),
                Node::If(branches, otherwise) => {
                    let mut body = otherwise;
                    for (condition, then) in branches {
                        if self.eval(condition, scope)?.is_truthy() {
                            body = then;
                            break;
                        }
                    }
                    self.nodes(body, scope, out)?;
                }
                Node::For { var, over, body } => self.for_loop(var, over, body, scope, out)?,
                Node::Set(name, expr) => {
                    let value = self.eval(expr, scope)?;
                    match scope.loops.last_mut() {
                        Some(frame) => frame.locals.push((name, value)),
                        None => scope.sets.push((name, value)),
                    }
                }
                Node::Include(name) => {
                    let nodes = (self.read)(name)?;
                    let mut inner = Scope {
                        includer: Some(scope),
                        depth: scope.depth + 1,
                        sets: Vec::new(),
                        loops: Vec::new(),
                    };
                    if inner.depth > MAX_DEPTH {
                        return None;
                    }
                    self.nodes(nodes, &mut inner, out)?;
                }
            }
        }
        Some(())
    }

    fn for_loop(
        &self,
        var: &'static str,
        over: &Expr,
        body: &[Node],
        scope: &mut Scope,
        out: &mut String,
    ) -> Option<()> {
        let items = self.eval(over, scope)?;
        let items = items.as_array()?;
        scope.loops.push(Frame {
            var,
            value: Value::none(),
            index0: 0,
            length: items.len(),
            comprehension: false,
            locals: Vec::new(),
        });
        for (index0, item) in items.iter().enumerate() {
            let frame = scope.loops.last_mut().expect("pushed above");
            frame.value = item.clone();
            frame.index0 = index0;
            frame.locals.clear();
            self.nodes(body, scope, out)?;
        }
        scope.loops.pop();
        Some(())
    }

    fn eval(&self, expr: &Expr, scope: &mut Scope) -> Option<Value> {
        Some(match expr {
            Expr::Const(value) => value.clone(),
            Expr::Name(name) => self.lookup(name, scope)?,
            Expr::Attr(inner, attr) => {
                let value = self.eval(inner, scope)?;
                value.as_map()?.get(&Key::Str(attr))?.clone()
            }
            Expr::Loop(field) => loop_field(*field, scope)?,
            Expr::Not(inner) => Value::from(!self.eval(inner, scope)?.is_truthy()),
            Expr::And(a, b) => {
                let a = self.eval(a, scope)?;
                if a.is_truthy() {
                    self.eval(b, scope)?
                } else {
                    a
                }
            }
            Expr::Or(a, b) => {
                let a = self.eval(a, scope)?;
                if a.is_truthy() {
                    a
                } else {
                    self.eval(b, scope)?
                }
            }
            Expr::Equal(a, b) => Value::from(self.eval(a, scope)? == self.eval(b, scope)?),
            Expr::In(needle, container) => {
                let needle = self.eval(needle, scope)?;
                let container = self.eval(container, scope)?;
                Value::from(contains(&container, &needle)?)
            }
            Expr::Defined(name) => Value::from(self.lookup(name, scope).is_some()),
            Expr::Concat(a, b) => {
                let a = self.eval(a, scope)?;
                let b = self.eval(b, scope)?;
                Value::from(format!("{}{}", a.as_str()?, b.as_str()?))
            }
            Expr::Filter(inner, filter) => {
                let value = self.eval(inner, scope)?;
                Value::from(apply(*filter, value.as_str()?))
            }
            Expr::SdkPartial(path) => {
                let bytes = self.partials.get(path)?;
                Value::from(std::str::from_utf8(bytes).ok()?)
            }
            Expr::Array(items) => {
                let values: Option<Vec<Value>> =
                    items.iter().map(|item| self.eval(item, scope)).collect();
                Value::from(values?)
            }
            Expr::Comprehension {
                item,
                var,
                over,
                condition,
            } => self.comprehension(item, var, over, condition.as_deref(), scope)?,
        })
    }

    fn comprehension(
        &self,
        item: &Expr,
        var: &'static str,
        over: &Expr,
        condition: Option<&Expr>,
        scope: &mut Scope,
    ) -> Option<Value> {
        let items = self.eval(over, scope)?;
        let items = items.as_array()?;
        scope.loops.push(Frame {
            var,
            value: Value::none(),
            index0: 0,
            length: items.len(),
            comprehension: true,
            locals: Vec::new(),
        });
        let mut kept = Vec::new();
        let mut result = Some(());
        for value in items {
            scope.loops.last_mut().expect("pushed above").value = value.clone();
            let keep = match condition {
                Some(condition) => self.eval(condition, scope).map(|v| v.is_truthy()),
                None => Some(true),
            };
            match keep.map(|keep| keep.then(|| self.eval(item, scope))) {
                Some(None) => {}
                Some(Some(Some(value))) => kept.push(value),
                _ => {
                    result = None;
                    break;
                }
            }
        }
        scope.loops.pop();
        result.map(|()| Value::from(kept))
    }

    /// `name`'s value, looked up as tera looks it up; `None` when it is not defined.
    fn lookup(&self, name: &str, scope: &Scope) -> Option<Value> {
        for frame in scope.loops.iter().rev() {
            if let Some((_, value)) = frame.locals.iter().rev().find(|(n, _)| *n == name) {
                return Some(value.clone());
            }
            if frame.var == name {
                return Some(frame.value.clone());
            }
        }
        if let Some((_, value)) = scope.sets.iter().rev().find(|(n, _)| *n == name) {
            return Some(value.clone());
        }
        if let Some(includer) = scope.includer
            && let Some(value) = self.lookup(name, includer)
        {
            return Some(value);
        }
        self.context.get(name).cloned()
    }
}

/// `loop.<field>` of the innermost `for` loop (a comprehension has none).
fn loop_field(field: LoopField, scope: &Scope) -> Option<Value> {
    let frame = scope.loops.iter().rev().find(|f| !f.comprehension)?;
    Some(match field {
        LoopField::Index => Value::from(frame.index0 as u64 + 1),
        LoopField::Index0 => Value::from(frame.index0 as u64),
        LoopField::First => Value::from(frame.index0 == 0),
        LoopField::Last => Value::from(frame.index0 + 1 == frame.length),
        LoopField::Length => Value::from(frame.length as u64),
    })
}

/// tera's `in`, for arrays and strings; `None` for what is left to tera.
fn contains(container: &Value, needle: &Value) -> Option<bool> {
    if let Some(items) = container.as_array() {
        return Some(items.contains(needle));
    }
    let text = container.as_str()?;
    Some(needle.as_str().is_some_and(|needle| text.contains(needle)))
}

fn apply(filter: Filter, text: &str) -> String {
    match filter {
        Filter::GoString => filters::go_string(text),
        Filter::HclString => filters::hcl_string(text),
        Filter::YamlString => filters::yaml_string(text),
        Filter::TomlString => filters::toml_string(text),
        Filter::Lower => text.to_lowercase(),
    }
}
