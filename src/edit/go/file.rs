//! A lexed Go file and the structure the reader and editor need from it: import
//! declarations, the `X := plugin.NewSet()` statement, and `X.Register…(…)` calls with their
//! arguments, each with the byte offsets an edit needs. Comments and strings are never
//! mistaken for code.

use std::ops::Range;

use super::lexer::{Tok, TokKind, lex};
use super::literal::{guess_package_name, unquote};

/// The plugin-set methods that register a component.
const REGISTER_FNS: [&str; 4] = [
    "RegisterBuilder",
    "RegisterProvisioner",
    "RegisterPostProcessor",
    "RegisterDatasource",
];

/// A lexed file; `code` is the tokens without comments and newlines.
pub(super) struct GoFile<'s> {
    pub(super) src: &'s str,
    pub(super) toks: Vec<Tok>,
    pub(super) code: Vec<Tok>,
}

/// One import spec: `[name] "path"`.
#[derive(Debug)]
pub(super) struct ImportSpec {
    pub(super) name: Option<String>,
    pub(super) path: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// One `import` declaration; `parens` is (end of `(`, start of `)`) for the block form.
#[derive(Debug)]
pub(super) struct ImportDecl {
    pub(super) specs: Vec<ImportSpec>,
    pub(super) parens: Option<(usize, usize)>,
    pub(super) end: usize,
}

/// `X := <pkg>.NewSet()`: the set variable, where its statement starts and ends, and how many
/// braces enclose it.
pub(super) struct NewSet {
    pub(super) var: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) depth: usize,
}

/// A `Register…` call on the plugin set; `args` are ranges of `code` indices.
pub(super) struct Call {
    pub(super) register_fn: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) args: Vec<Range<usize>>,
}

impl<'s> GoFile<'s> {
    pub(super) fn parse(src: &'s str) -> Self {
        let toks = lex(src);
        let code = toks
            .iter()
            .copied()
            .filter(|t| !matches!(t.kind, TokKind::Comment | TokKind::Newline))
            .collect();
        Self { src, toks, code }
    }

    pub(super) fn text(&self, i: usize) -> &'s str {
        self.code
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or_default()
    }

    pub(super) fn is(&self, i: usize, text: &str) -> bool {
        i < self.code.len() && self.text(i) == text
    }

    pub(super) fn kind(&self, i: usize) -> Option<TokKind> {
        self.code.get(i).map(|t| t.kind)
    }

    /// Where to insert after the code ending at `pos`: the end of its line, after any trailing
    /// comment, before the line terminator.
    pub(super) fn line_end(&self, pos: usize) -> usize {
        match self
            .toks
            .iter()
            .find(|t| t.kind == TokKind::Newline && t.start >= pos)
        {
            Some(nl) if self.src.as_bytes().get(nl.start.wrapping_sub(1)) == Some(&b'\r') => {
                nl.start - 1
            }
            Some(nl) => nl.start,
            None => self.src.len(),
        }
    }

    pub(super) fn imports(&self) -> Vec<ImportDecl> {
        (0..self.code.len())
            .filter(|&i| self.is(i, "import"))
            .filter_map(|i| self.import_decl(i))
            .collect()
    }

    pub(super) fn import_decl(&self, at: usize) -> Option<ImportDecl> {
        if !self.is(at + 1, "(") {
            let (spec, _) = self.import_spec(at + 1)?;
            let end = spec.end;
            return Some(ImportDecl {
                specs: vec![spec],
                parens: None,
                end,
            });
        }
        let mut specs = Vec::new();
        let mut i = at + 2;
        while !self.is(i, ")") {
            self.code.get(i)?;
            match self.import_spec(i) {
                Some((spec, next)) => {
                    specs.push(spec);
                    i = next;
                }
                None => i += 1,
            }
        }
        let (open, close) = (self.code[at + 1], self.code[i]);
        Some(ImportDecl {
            specs,
            parens: Some((open.end, close.start)),
            end: close.end,
        })
    }

    /// The spec starting at code index `i`, and the index after it.
    pub(super) fn import_spec(&self, i: usize) -> Option<(ImportSpec, usize)> {
        let named = self.kind(i) == Some(TokKind::Ident) || self.is(i, ".");
        let (name, path_at) = match self.kind(i)? {
            TokKind::Str => (None, i),
            _ if named && self.kind(i + 1) == Some(TokKind::Str) => (Some(self.text(i)), i + 1),
            _ => return None,
        };
        let spec = ImportSpec {
            name: name.map(str::to_owned),
            path: unquote(self.text(path_at)),
            start: self.code[i].start,
            end: self.code[path_at].end,
        };
        Some((spec, path_at + 1))
    }

    pub(super) fn new_set(&self, plugin_pkg: &str) -> Option<NewSet> {
        (1..self.code.len()).find_map(|i| self.new_set_at(i, plugin_pkg))
    }

    pub(super) fn new_set_at(&self, i: usize, plugin_pkg: &str) -> Option<NewSet> {
        let call = [plugin_pkg, ".", "NewSet", "(", ")"];
        let matches = call.iter().enumerate().all(|(k, t)| self.is(i + k, t));
        if !matches || !(self.is(i - 1, "=") || self.is(i - 1, ":=")) {
            return None;
        }
        let var_at = self.assigned_var(i - 1)?;
        let depth = self.code[..i]
            .iter()
            .fold(0isize, |d, t| match &self.src[t.start..t.end] {
                "{" => d + 1,
                "}" => d - 1,
                _ => d,
            });
        Some(NewSet {
            var: self.text(var_at).to_owned(),
            start: self.code[var_at].start,
            end: self.code[i + 4].end,
            depth: depth.max(0) as usize,
        })
    }

    /// The variable assigned by the `=` or `:=` at `assign`: `X :=`, `var X =`, `var X T =`.
    pub(super) fn assigned_var(&self, assign: usize) -> Option<usize> {
        let before = assign.checked_sub(1)?;
        let qualified = before > 0 && self.is(before - 1, ".");
        if self.kind(before) == Some(TokKind::Ident) && !qualified {
            return Some(before);
        }
        let var_kw = (assign.saturating_sub(8)..assign)
            .rev()
            .find(|&k| self.is(k, "var"))?;
        (self.kind(var_kw + 1) == Some(TokKind::Ident)).then_some(var_kw + 1)
    }

    pub(super) fn register_calls(&self, set: &str) -> Vec<Call> {
        (0..self.code.len())
            .filter_map(|i| self.register_call(i, set))
            .collect()
    }

    pub(super) fn register_call(&self, i: usize, set: &str) -> Option<Call> {
        let register_fn = self.text(i + 2);
        let qualified = i > 0 && self.is(i - 1, ".");
        if qualified || !self.is(i, set) || !self.is(i + 1, ".") {
            return None;
        }
        if !REGISTER_FNS.contains(&register_fn) {
            return None;
        }
        let (args, close) = self.call_args(i + 3)?;
        Some(Call {
            register_fn: register_fn.to_owned(),
            start: self.code[i].start,
            end: self.code[close].end,
            args,
        })
    }

    /// The top-level arguments of the call whose `(` is at `open`, and the index of its `)`.
    pub(super) fn call_args(&self, open: usize) -> Option<(Vec<Range<usize>>, usize)> {
        if !self.is(open, "(") {
            return None;
        }
        let (mut depth, mut args, mut arg_start) = (0usize, Vec::new(), open + 1);
        for i in open..self.code.len() {
            match self.text(i) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" if depth == 1 => {
                    if arg_start < i {
                        args.push(arg_start..i);
                    }
                    return Some((args, i));
                }
                ")" | "]" | "}" => depth -= 1,
                "," if depth == 1 => {
                    if arg_start < i {
                        args.push(arg_start..i);
                    }
                    arg_start = i + 1;
                }
                _ => {}
            }
        }
        None
    }

    pub(super) fn words(&self, range: Range<usize>) -> Vec<&'s str> {
        range.map(|i| self.text(i)).collect()
    }
}

impl ImportSpec {
    /// The name the file uses for the package: the alias, else a guess from the path.
    pub(super) fn package_name(&self) -> Option<String> {
        self.name.clone().or_else(|| guess_package_name(&self.path))
    }
}

pub(super) fn all_specs(imports: &[ImportDecl]) -> impl Iterator<Item = &ImportSpec> {
    imports.iter().flat_map(|d| &d.specs)
}

pub(super) fn import_path_of(imports: &[ImportDecl], pkg: &str) -> Option<String> {
    all_specs(imports)
        .find(|s| pkg != "_" && s.package_name().as_deref() == Some(pkg))
        .map(|s| s.path.clone())
}
