//! Go-aware reading and editing of a plugin's `main.go`: which components the plugin set
//! registers, and adding one (its import and its `Register…` call), found by Go tokens rather
//! than text patterns. Every byte outside an edit point is kept.

use std::ops::Range;

use crate::domain::registration::{RegisteredName, Registration};
use crate::edit::edit_point::MissingEditPoint;
use crate::edit::golex::{Tok, TokKind, lex};

/// Import path of the SDK package that provides `NewSet` and `DEFAULT_NAME`.
const SDK_PLUGIN_PATH: &str = "github.com/hashicorp/packer-plugin-sdk/plugin";

/// The plugin-set methods that register a component.
const REGISTER_FNS: [&str; 4] = [
    "RegisterBuilder",
    "RegisterProvisioner",
    "RegisterPostProcessor",
    "RegisterDatasource",
];

/// The component to register.
#[derive(Debug, Clone, Copy)]
pub struct NewRegistration<'a> {
    /// Preferred import name, e.g. `"secondbuilder"` (numbered when already taken).
    pub import_alias: &'a str,
    /// Import path of the component package.
    pub import_path: &'a str,
    /// e.g. `"RegisterBuilder"`.
    pub register_fn: &'a str,
    /// `Default` → `<pluginpkg>.DEFAULT_NAME`; `Named(n)` → the Go string literal `"n"`.
    pub name: &'a RegisteredName,
    /// The Go type the package defines, e.g. `"Builder"`.
    pub go_type: &'a str,
}

/// What main.go registers, read from its Go structure.
pub fn registrations(src: &str) -> Result<Vec<Registration>, MissingEditPoint> {
    let file = GoFile::parse(src);
    let imports = file.imports();
    let found = locate(&file, &imports).map_err(|m| MissingEditPoint {
        what: m.what(),
        instructions: m.setup().trim_end().to_owned(),
    })?;
    let calls = file.register_calls(&found.set.var);
    Ok(calls
        .iter()
        .map(|c| file.registration(c, &found.plugin_pkg, &imports))
        .collect())
}

/// Returns main.go with the import and the registration call added.
pub fn add_registration(src: &str, new: &NewRegistration) -> Result<String, MissingEditPoint> {
    let file = GoFile::parse(src);
    let imports = file.imports();
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let found = locate(&file, &imports).map_err(|m| {
        let (alias, _) = choose_alias(&imports, new, "pps");
        let call = call_text("pps", m.plugin_pkg(), new, &alias);
        missing(m.what(), &m.setup(), &import_line(&alias, new), &call)
    })?;
    let (alias, needs_import) = choose_alias(&imports, new, &found.set.var);
    let import = import_line(&alias, new);
    let call = call_text(&found.set.var, &found.plugin_pkg, new, &alias);
    let calls = file.register_calls(&found.set.var);
    let call_edit =
        call_edit(&file, &found.set, &calls, new.register_fn, &call, nl).ok_or_else(|| {
            missing(
                "a function that creates the plugin set".into(),
                "",
                &import,
                &call,
            )
        })?;
    let mut edits = vec![call_edit];
    if needs_import {
        let edit = import_edit(&file, &imports, &import, new.import_path, nl)
            .ok_or_else(|| missing("an import declaration".into(), "", &import, &call))?;
        edits.push(edit);
    }
    Ok(apply(src, edits))
}

/// A lexed file; `code` is the tokens without comments and newlines.
struct GoFile<'s> {
    src: &'s str,
    toks: Vec<Tok>,
    code: Vec<Tok>,
}

/// One import spec: `[name] "path"`.
#[derive(Debug)]
struct ImportSpec {
    name: Option<String>,
    path: String,
    start: usize,
    end: usize,
}

/// One `import` declaration; `parens` is (end of `(`, start of `)`) for the block form.
#[derive(Debug)]
struct ImportDecl {
    specs: Vec<ImportSpec>,
    parens: Option<(usize, usize)>,
    end: usize,
}

/// `X := <pkg>.NewSet()`: the set variable, where its statement starts and ends, and how many
/// braces enclose it.
struct NewSet {
    var: String,
    start: usize,
    end: usize,
    depth: usize,
}

/// A `Register…` call on the plugin set; `args` are ranges of `code` indices.
struct Call {
    register_fn: String,
    start: usize,
    end: usize,
    args: Vec<Range<usize>>,
}

impl<'s> GoFile<'s> {
    fn parse(src: &'s str) -> Self {
        let toks = lex(src);
        let code = toks
            .iter()
            .copied()
            .filter(|t| !matches!(t.kind, TokKind::Comment | TokKind::Newline))
            .collect();
        Self { src, toks, code }
    }

    fn text(&self, i: usize) -> &'s str {
        self.code
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or_default()
    }

    fn is(&self, i: usize, text: &str) -> bool {
        i < self.code.len() && self.text(i) == text
    }

    fn kind(&self, i: usize) -> Option<TokKind> {
        self.code.get(i).map(|t| t.kind)
    }

    /// Where to insert after the code ending at `pos`: the end of its line, after any trailing
    /// comment, before the line terminator.
    fn line_end(&self, pos: usize) -> usize {
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

    fn imports(&self) -> Vec<ImportDecl> {
        (0..self.code.len())
            .filter(|&i| self.is(i, "import"))
            .filter_map(|i| self.import_decl(i))
            .collect()
    }

    fn import_decl(&self, at: usize) -> Option<ImportDecl> {
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
    fn import_spec(&self, i: usize) -> Option<(ImportSpec, usize)> {
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

    fn new_set(&self, plugin_pkg: &str) -> Option<NewSet> {
        (1..self.code.len()).find_map(|i| self.new_set_at(i, plugin_pkg))
    }

    fn new_set_at(&self, i: usize, plugin_pkg: &str) -> Option<NewSet> {
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
    fn assigned_var(&self, assign: usize) -> Option<usize> {
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

    fn register_calls(&self, set: &str) -> Vec<Call> {
        (0..self.code.len())
            .filter_map(|i| self.register_call(i, set))
            .collect()
    }

    fn register_call(&self, i: usize, set: &str) -> Option<Call> {
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
    fn call_args(&self, open: usize) -> Option<(Vec<Range<usize>>, usize)> {
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

    fn words(&self, range: Range<usize>) -> Vec<&'s str> {
        range.map(|i| self.text(i)).collect()
    }

    fn registration(&self, call: &Call, plugin_pkg: &str, imports: &[ImportDecl]) -> Registration {
        let name = call
            .args
            .first()
            .map_or(RegisteredName::Named(String::new()), |arg| {
                self.registered_name(arg.clone(), plugin_pkg)
            });
        let import_path = call
            .args
            .get(1)
            .and_then(|arg| self.value_package(arg.clone()))
            .and_then(|pkg| import_path_of(imports, pkg));
        Registration {
            register_fn: call.register_fn.clone(),
            name,
            import_path,
            line: self.src[..call.start].matches('\n').count() + 1,
        }
    }

    fn registered_name(&self, arg: Range<usize>, plugin_pkg: &str) -> RegisteredName {
        match self.words(arg.clone()).as_slice() {
            [pkg, ".", "DEFAULT_NAME"] if *pkg == plugin_pkg => RegisteredName::Default,
            [literal] if self.kind(arg.start) == Some(TokKind::Str) => {
                RegisteredName::Named(unquote(literal))
            }
            _ => {
                let (first, last) = (self.code[arg.start], self.code[arg.end - 1]);
                RegisteredName::Named(self.src[first.start..last.end].to_owned())
            }
        }
    }

    /// The package qualifier of `new(pkg.Type)` or `&pkg.Type{…}`.
    fn value_package(&self, arg: Range<usize>) -> Option<&'s str> {
        match self.words(arg).as_slice() {
            ["new", "(", pkg, ".", _, ")"] | ["&", pkg, ".", _, "{", ..] => Some(pkg),
            _ => None,
        }
    }
}

impl ImportSpec {
    /// The name the file uses for the package: the alias, else a guess from the path.
    fn package_name(&self) -> Option<String> {
        self.name.clone().or_else(|| guess_package_name(&self.path))
    }
}

/// The usual package name for an unaliased import: the last path element, skipping a `/vN`
/// major version, a `.vN` suffix and a `go-` prefix. `None` when that is not an identifier.
fn guess_package_name(path: &str) -> Option<String> {
    let mut elems = path.rsplit('/');
    let mut last = elems.next()?;
    let is_major =
        |e: &str| e.len() > 1 && e.starts_with('v') && e[1..].bytes().all(|b| b.is_ascii_digit());
    if is_major(last) {
        last = elems.next()?;
    }
    let last = last.split('.').next()?;
    let last = last.strip_prefix("go-").unwrap_or(last);
    is_identifier(last).then(|| last.to_owned())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

fn all_specs(imports: &[ImportDecl]) -> impl Iterator<Item = &ImportSpec> {
    imports.iter().flat_map(|d| &d.specs)
}

fn import_path_of(imports: &[ImportDecl], pkg: &str) -> Option<String> {
    all_specs(imports)
        .find(|s| pkg != "_" && s.package_name().as_deref() == Some(pkg))
        .map(|s| s.path.clone())
}

/// The value of a Go string literal (interpreted or raw).
fn unquote(literal: &str) -> String {
    if let Some(raw) = literal.strip_prefix('`') {
        return raw.strip_suffix('`').unwrap_or(raw).replace('\r', "");
    }
    let inner = literal.strip_prefix('"').unwrap_or(literal);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(c @ ('"' | '\\' | '\'')) => out.push(c),
            Some(other) => out.extend(['\\', other]),
            None => out.push('\\'),
        }
    }
    out
}

/// `s` as a Go interpreted string literal.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Locating the plugin set

/// The SDK plugin package's name in this file and the plugin set.
struct Located {
    plugin_pkg: String,
    set: NewSet,
}

/// A prerequisite of every edit that main.go lacks.
enum Missing {
    SdkImport,
    NewSet { plugin_pkg: String },
}

impl Missing {
    fn what(&self) -> String {
        match self {
            Missing::SdkImport => format!("the import of \"{SDK_PLUGIN_PATH}\""),
            Missing::NewSet { plugin_pkg } => format!("the call to {plugin_pkg}.NewSet()"),
        }
    }

    fn plugin_pkg(&self) -> &str {
        match self {
            Missing::SdkImport => "plugin",
            Missing::NewSet { plugin_pkg } => plugin_pkg,
        }
    }

    /// The lines that create what is missing.
    fn setup(&self) -> String {
        let create = format!("\tpps := {}.NewSet()\n", self.plugin_pkg());
        match self {
            Missing::SdkImport => format!(
                "import the SDK plugin package and create the plugin set in func main:\n\t\"{SDK_PLUGIN_PATH}\"\n{create}"
            ),
            Missing::NewSet { .. } => format!("create the plugin set in func main:\n{create}"),
        }
    }
}

fn locate(file: &GoFile, imports: &[ImportDecl]) -> Result<Located, Missing> {
    let plugin_pkg = all_specs(imports)
        .filter(|s| s.path == SDK_PLUGIN_PATH)
        .map(|s| s.name.clone().unwrap_or_else(|| "plugin".to_owned()))
        .find(|name| name != "_" && name != ".")
        .ok_or(Missing::SdkImport)?;
    match file.new_set(&plugin_pkg) {
        Some(set) => Ok(Located { plugin_pkg, set }),
        None => Err(Missing::NewSet { plugin_pkg }),
    }
}

fn missing(what: String, setup: &str, import: &str, call: &str) -> MissingEditPoint {
    let then = if setup.is_empty() { "" } else { "then " };
    MissingEditPoint {
        what,
        instructions: format!(
            "{setup}{then}add this import to main.go's import block:\n\t{import}\nand this call after the other Register… calls on the plugin set:\n\t{call}"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Edits

/// Text to insert at a byte offset of the original source.
struct Edit {
    at: usize,
    text: String,
}

fn apply(src: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    let mut out = src.to_owned();
    for edit in edits {
        out.insert_str(edit.at, &edit.text);
    }
    out
}

/// The import name to use, and whether an import must be added: an existing import of the
/// same path is reused; otherwise the alias, numbered past names already taken.
fn choose_alias(imports: &[ImportDecl], new: &NewRegistration, set_var: &str) -> (String, bool) {
    let existing = all_specs(imports)
        .filter(|s| s.path == new.import_path)
        .filter_map(ImportSpec::package_name)
        .find(|name| name != "_" && name != ".");
    if let Some(name) = existing {
        return (name, false);
    }
    let taken = |name: &str| {
        name == set_var || all_specs(imports).any(|s| s.package_name().as_deref() == Some(name))
    };
    let alias = std::iter::once(new.import_alias.to_owned())
        .chain((2..).map(|n| format!("{}{n}", new.import_alias)))
        .find(|a| !taken(a))
        .unwrap_or_default();
    (alias, true)
}

fn import_line(alias: &str, new: &NewRegistration) -> String {
    format!("{alias} {}", go_quote(new.import_path))
}

fn call_text(set: &str, plugin_pkg: &str, new: &NewRegistration, alias: &str) -> String {
    let name = match new.name {
        RegisteredName::Default => format!("{plugin_pkg}.DEFAULT_NAME"),
        RegisteredName::Named(n) => go_quote(n),
    };
    format!(
        "{set}.{}({name}, new({alias}.{}))",
        new.register_fn, new.go_type
    )
}

/// A new line with `call` after the last call of the same kind, else the last `Register…`
/// call, else the `NewSet` statement (when that is inside a function).
fn call_edit(
    file: &GoFile,
    set: &NewSet,
    calls: &[Call],
    register_fn: &str,
    call: &str,
    nl: &str,
) -> Option<Edit> {
    let anchor = calls
        .iter()
        .rfind(|c| c.register_fn == register_fn)
        .or(calls.last())
        .map(|c| (c.start, c.end));
    let (start, end) = match anchor {
        Some(span) => span,
        None if set.depth > 0 => (set.start, set.end),
        None => return None,
    };
    let indent = indentation(file.src, start);
    Some(Edit {
        at: file.line_end(end),
        text: format!("{nl}{indent}{call}"),
    })
}

fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |p| p + 1)
}

/// The spaces and tabs that start the line containing `pos`.
fn indentation(src: &str, pos: usize) -> &str {
    let line = &src[line_start(src, pos)..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Adds the spec `spec` (`alias "path"`) to the import block group of its module, else as a new
/// group at the end of the last block, else as a single import after the last import.
fn import_edit(
    file: &GoFile,
    imports: &[ImportDecl],
    spec: &str,
    path: &str,
    nl: &str,
) -> Option<Edit> {
    let blocks: Vec<(&ImportDecl, usize, usize)> = imports
        .iter()
        .filter_map(|d| d.parens.map(|(open, close)| (d, open, close)))
        .collect();
    for &(decl, open, close) in &blocks {
        let groups = import_groups(file.src, &decl.specs);
        if let Some(group) = groups
            .into_iter()
            .find(|g| g.iter().any(|s| same_module(&s.path, path)))
        {
            return Some(edit_in_group(file, group, (open, close), spec, path, nl));
        }
    }
    if let Some(&(decl, _, close)) = blocks.last() {
        return Some(new_group_edit(file.src, decl, close, spec, nl));
    }
    let last = imports.last()?;
    Some(Edit {
        at: file.line_end(last.end),
        text: format!("{nl}import {spec}"),
    })
}

/// Runs of specs not separated by a blank line.
fn import_groups<'a>(src: &str, specs: &'a [ImportSpec]) -> Vec<&'a [ImportSpec]> {
    let mut groups = Vec::new();
    let mut first = 0;
    for (i, pair) in specs.windows(2).enumerate() {
        if has_blank_line(src.get(pair[0].end..pair[1].start).unwrap_or_default()) {
            groups.push(&specs[first..=i]);
            first = i + 1;
        }
    }
    if first < specs.len() {
        groups.push(&specs[first..]);
    }
    groups
}

fn has_blank_line(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Whether `existing` lies in the module of `new_path` (`new_path` minus its last two elements,
/// e.g. `github.com/acme/packer-plugin-x` for `…/builder/x`).
fn same_module(existing: &str, new_path: &str) -> bool {
    let module = new_path
        .rsplit_once('/')
        .and_then(|(rest, _)| rest.rsplit_once('/'))
        .map(|(module, _)| module)
        .filter(|module| module.contains('/'));
    module.is_some_and(|m| {
        existing
            .strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Inserts before the first spec of `group` whose path sorts after `path`, else after the last.
fn edit_in_group(
    file: &GoFile,
    group: &[ImportSpec],
    (open, close): (usize, usize),
    spec: &str,
    path: &str,
    nl: &str,
) -> Edit {
    if let Some(next) = group.iter().find(|s| s.path.as_str() > path) {
        return insert_before_spec(file.src, next, open, spec, nl);
    }
    let last = &group[group.len() - 1];
    let at = file.line_end(last.end).min(close);
    Edit {
        at,
        text: format!("{nl}{}{spec}", indentation(file.src, last.start)),
    }
}

/// A line before `next` and before the comment lines directly above it.
fn insert_before_spec(src: &str, next: &ImportSpec, open: usize, spec: &str, nl: &str) -> Edit {
    let start = line_start(src, next.start);
    if start < open || !src[start..next.start].trim().is_empty() {
        return Edit {
            at: next.start,
            text: format!("{spec}{nl}\t"),
        };
    }
    let indent = indentation(src, next.start);
    Edit {
        at: comments_above(src, start, open),
        text: format!("{indent}{spec}{nl}"),
    }
}

/// The start of the run of comment-only lines that ends at `line_start` (not above `floor`).
fn comments_above(src: &str, line_start_at: usize, floor: usize) -> usize {
    let mut start = line_start_at;
    while start > floor {
        let prev = line_start(src, start - 1);
        let line = src[prev..start - 1].trim();
        let comment = line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/"));
        if prev < floor || !comment {
            break;
        }
        start = prev;
    }
    start
}

/// A blank line and `spec` just before the `)` of `decl`.
fn new_group_edit(src: &str, decl: &ImportDecl, close: usize, spec: &str, nl: &str) -> Edit {
    let indent = decl
        .specs
        .first()
        .map(|s| indentation(src, s.start))
        .filter(|i| !i.is_empty())
        .unwrap_or("\t");
    let blank = if decl.specs.is_empty() { "" } else { nl };
    let start = line_start(src, close);
    if src[start..close].trim().is_empty() {
        Edit {
            at: start,
            text: format!("{blank}{indent}{spec}{nl}"),
        }
    } else {
        Edit {
            at: close,
            text: format!("{nl}{blank}{indent}{spec}{nl}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    const SECOND: &str = "github.com/acme/packer-plugin-custom-cloud/builder/second";

    /// Go source written with 4-space indentation in the tests, turned into gofmt's tabs.
    fn go(src: &str) -> String {
        src.lines()
            .map(|line| {
                let body = line.trim_start_matches(' ');
                let tabs = (line.len() - body.len()) / 4;
                format!("{}{body}\n", "\t".repeat(tabs))
            })
            .collect()
    }

    /// `src` without the lines equal to any of `lines`.
    fn without(src: &str, lines: &[&str]) -> String {
        src.split_inclusive('\n')
            .filter(|l| !lines.contains(&l.trim_end_matches(['\r', '\n'])))
            .collect()
    }

    fn component<'a>(
        alias: &'a str,
        path: &'a str,
        kind: &'a str,
        name: &'a RegisteredName,
    ) -> NewRegistration<'a> {
        let go_type = kind.strip_prefix("Register").unwrap_or(kind);
        NewRegistration {
            import_alias: alias,
            import_path: path,
            register_fn: kind,
            name,
            go_type,
        }
    }

    fn add_second_builder(src: &str) -> Result<String, MissingEditPoint> {
        let name = RegisteredName::Named("second".into());
        add_registration(
            src,
            &component("secondbuilder", SECOND, "RegisterBuilder", &name),
        )
    }

    fn generated() -> String {
        go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    customclouddatasource "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud"
    "github.com/acme/packer-plugin-custom-cloud/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder(plugin.DEFAULT_NAME, new(customcloudbuilder.Builder))
    pps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))
    pps.SetVersion(version.PluginVersion)

    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
    }

    fn user_edited() -> String {
        go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "flag"
    "fmt"
    "log"
    "os"

    sdkplugin "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    // The version package is shared with the docs generator.
    "github.com/acme/packer-plugin-custom-cloud/version" // keep
)

/* Old layout, kept for reference:
import (
    "github.com/hashicorp/packer-plugin-sdk/plugin"
)
set.RegisterBuilder(plugin.DEFAULT_NAME, new(old.Builder))
pps.RegisterBuilder(plugin.DEFAULT_NAME, new(old.Builder))
*/

const usage = "set.RegisterBuilder(sdkplugin.DEFAULT_NAME, new(x.Builder)) { import ("

var legacy = `set.RegisterProvisioner(
"legacy", new(x.Provisioner))`

func main() {
    debug := flag.Bool("debug", false, usage)
    flag.Parse()
    if *debug {
        log.Println(legacy)
    }

    set := sdkplugin.NewSet()
    // set.RegisterBuilder("disabled", new(disabled.Builder))
    set.RegisterBuilder(
        sdkplugin.DEFAULT_NAME,
        new(customcloudbuilder.Builder),
    )
    set.RegisterPostProcessor("import", &customcloudbuilder.PostProcessor{}) // same package
    set.SetVersion(version.PluginVersion)

    if err := set.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
    }

    fn hashicorp_style() -> String {
        go(r#"package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    scaffoldingBuilder "github.com/hashicorp/packer-plugin-scaffolding/builder/scaffolding"
    scaffoldingProv "github.com/hashicorp/packer-plugin-scaffolding/provisioner/scaffolding"
    scaffoldingVersion "github.com/hashicorp/packer-plugin-scaffolding/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder("my-builder", new(scaffoldingBuilder.Builder))
    pps.RegisterProvisioner(plugin.DEFAULT_NAME, &scaffoldingProv.Provisioner{})
    pps.RegisterPostProcessor("local", new(LocalPostProcessor))
    pps.SetVersion(scaffoldingVersion.PluginVersion)
    err := pps.Run()
    if err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
    }

    fn no_calls_no_module_group() -> String {
        go(r#"package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"
)

func main() {
    pps := plugin.NewSet()
    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#)
    }

    fn single_imports() -> String {
        go(r#"package main

import "fmt"
import "github.com/hashicorp/packer-plugin-sdk/plugin" // the SDK

func main() {
    var s = plugin.NewSet()
    fmt.Println(s.Run())
}"#)
    }

    #[test]
    fn adds_a_named_builder_to_the_generated_main_go() {
        let out = add_second_builder(&generated()).unwrap();
        let expected = go(r#"// Copyright (c) 2026 Acme Corp
// SPDX-License-Identifier: MPL-2.0

package main

import (
    "fmt"
    "os"

    "github.com/hashicorp/packer-plugin-sdk/plugin"

    customcloudbuilder "github.com/acme/packer-plugin-custom-cloud/builder/custom-cloud"
    secondbuilder "github.com/acme/packer-plugin-custom-cloud/builder/second"
    customclouddatasource "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud"
    "github.com/acme/packer-plugin-custom-cloud/version"
)

func main() {
    pps := plugin.NewSet()
    pps.RegisterBuilder(plugin.DEFAULT_NAME, new(customcloudbuilder.Builder))
    pps.RegisterBuilder("second", new(secondbuilder.Builder))
    pps.RegisterDatasource(plugin.DEFAULT_NAME, new(customclouddatasource.Datasource))
    pps.SetVersion(version.PluginVersion)

    if err := pps.Run(); err != nil {
        fmt.Fprintln(os.Stderr, err.Error())
        os.Exit(1)
    }
}"#);
        assert_eq!(out, expected);
    }

    #[test]
    fn adds_a_default_provisioner_after_the_last_registration() {
        let path = "github.com/acme/packer-plugin-custom-cloud/provisioner/custom-cloud";
        let new = component(
            "customcloudprovisioner",
            path,
            "RegisterProvisioner",
            &RegisteredName::Default,
        );
        let out = add_registration(&generated(), &new).unwrap();
        let expected = generated()
            .replace(
                "\t\"github.com/acme/packer-plugin-custom-cloud/version\"\n",
                &format!("\tcustomcloudprovisioner \"{path}\"\n\t\"github.com/acme/packer-plugin-custom-cloud/version\"\n"),
            )
            .replace(
                "(customclouddatasource.Datasource))\n",
                "(customclouddatasource.Datasource))\n\tpps.RegisterProvisioner(plugin.DEFAULT_NAME, new(customcloudprovisioner.Provisioner))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn edits_a_user_edited_main_go_by_structure_only() {
        let src = user_edited();
        let out = add_second_builder(&src).unwrap();
        let import = format!("\tsecondbuilder \"{SECOND}\"");
        let call = "\tset.RegisterBuilder(\"second\", new(secondbuilder.Builder))";
        assert!(out.contains(&format!(
            "builder/custom-cloud\"\n{import}\n\t// The version package"
        )));
        assert!(out.contains(&format!("new(customcloudbuilder.Builder),\n\t)\n{call}\n")));
        assert_eq!(without(&out, &[&import, call]), src);

        let pp = component(
            "secondpp",
            "github.com/acme/packer-plugin-custom-cloud/post-processor/second",
            "RegisterPostProcessor",
            &RegisteredName::Default,
        );
        let out = add_registration(&src, &pp).unwrap();
        let call =
            "\tset.RegisterPostProcessor(sdkplugin.DEFAULT_NAME, new(secondpp.PostProcessor))";
        assert!(out.contains(&format!("// same package\n{call}\n\tset.SetVersion")));
        let import =
            "\tsecondpp \"github.com/acme/packer-plugin-custom-cloud/post-processor/second\"";
        assert!(out.contains(&format!("{import}\n\t// The version package")));
        assert_eq!(without(&out, &[import, call]), src);

        let path = "github.com/acme/packer-plugin-custom-cloud/webhook/hook";
        let hook = component(
            "hook",
            path,
            "RegisterProvisioner",
            &RegisteredName::Default,
        );
        let out = add_registration(&src, &hook).unwrap();
        let import = format!("\thook \"{path}\"");
        let call = "\tset.RegisterProvisioner(sdkplugin.DEFAULT_NAME, new(hook.Provisioner))";
        assert!(out.contains(&format!("/version\" // keep\n{import}\n)")));
        assert!(out.contains(&format!("// same package\n{call}\n")));
        assert_eq!(without(&out, &[&import, call]), src);
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let src = generated().replace('\n', "\r\n");
        let out = add_second_builder(&src).unwrap();
        let expected = add_second_builder(&generated())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn without_registrations_the_call_follows_new_set_and_a_new_import_group_is_added() {
        let out = add_second_builder(&no_calls_no_module_group()).unwrap();
        let expected = no_calls_no_module_group()
            .replace(
                "sdk/plugin\"\n)",
                &format!("sdk/plugin\"\n\n\tsecondbuilder \"{SECOND}\"\n)"),
            )
            .replace(
                "plugin.NewSet()\n",
                "plugin.NewSet()\n\tpps.RegisterBuilder(\"second\", new(secondbuilder.Builder))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn single_line_imports_get_a_new_import_declaration() {
        let out = add_second_builder(&single_imports()).unwrap();
        let expected = single_imports()
            .replace(
                "// the SDK\n",
                &format!("// the SDK\nimport secondbuilder \"{SECOND}\"\n"),
            )
            .replace(
                "plugin.NewSet()\n",
                "plugin.NewSet()\n\ts.RegisterBuilder(\"second\", new(secondbuilder.Builder))\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn missing_new_set_says_exactly_what_to_add() {
        let src = generated().replace("plugin.NewSet()", "newSet()");
        let err = add_second_builder(&src).unwrap_err();
        assert_eq!(err.what, "the call to plugin.NewSet()");
        assert!(err.instructions.contains("\tpps := plugin.NewSet()\n"));
        assert!(
            err.instructions
                .contains(&format!("\n\tsecondbuilder \"{SECOND}\"\n"))
        );
        assert!(
            err.instructions
                .ends_with("\n\tpps.RegisterBuilder(\"second\", new(secondbuilder.Builder))")
        );
        assert!(registrations(&src).is_err());

        let no_sdk = generated().replace("packer-plugin-sdk/plugin", "packer-plugin-sdk/other");
        let err = add_second_builder(&no_sdk).unwrap_err();
        assert_eq!(err.what, format!("the import of \"{SDK_PLUGIN_PATH}\""));
        assert!(err.to_string().contains("pps.RegisterBuilder(\"second\""));
    }

    #[test]
    fn a_taken_alias_gets_a_number() {
        let taken = generated().replace(
            "\t\"github.com/acme/packer-plugin-custom-cloud/version\"",
            "\tsecondbuilder \"github.com/acme/packer-plugin-custom-cloud/internal/second\"\n\t\"github.com/acme/packer-plugin-custom-cloud/version\"",
        );
        let out = add_second_builder(&taken).unwrap();
        assert!(out.contains(&format!(
            "\tsecondbuilder2 \"{SECOND}\"\n\tcustomclouddatasource"
        )));
        assert!(out.contains("\tpps.RegisterBuilder(\"second\", new(secondbuilder2.Builder))\n"));

        let set_named_like_alias = generated().replace("pps", "secondbuilder");
        let out = add_second_builder(&set_named_like_alias).unwrap();
        assert!(out.contains(&format!("\tsecondbuilder2 \"{SECOND}\"\n")));
        assert!(
            out.contains("secondbuilder.RegisterBuilder(\"second\", new(secondbuilder2.Builder))")
        );
    }

    #[test]
    fn an_existing_import_of_the_path_is_reused() {
        let name = RegisteredName::Named("other".into());
        let path = "github.com/acme/packer-plugin-custom-cloud/datasource/custom-cloud";
        let out = add_registration(
            &generated(),
            &component("ds", path, "RegisterDatasource", &name),
        )
        .unwrap();
        let expected = generated().replace(
            "(customclouddatasource.Datasource))\n",
            "(customclouddatasource.Datasource))\n\tpps.RegisterDatasource(\"other\", new(customclouddatasource.Datasource))\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn reads_registrations_of_the_generated_main_go() {
        let module = "github.com/acme/packer-plugin-custom-cloud";
        assert_eq!(
            registrations(&generated()).unwrap(),
            vec![
                Registration {
                    register_fn: "RegisterBuilder".into(),
                    name: RegisteredName::Default,
                    import_path: Some(format!("{module}/builder/custom-cloud")),
                    line: 19,
                },
                Registration {
                    register_fn: "RegisterDatasource".into(),
                    name: RegisteredName::Default,
                    import_path: Some(format!("{module}/datasource/custom-cloud")),
                    line: 20,
                },
            ]
        );
    }

    #[test]
    fn reads_registrations_of_hashicorp_and_user_edited_files() {
        let scaffolding = "github.com/hashicorp/packer-plugin-scaffolding";
        let found = registrations(&hashicorp_style()).unwrap();
        let summary: Vec<_> = found
            .iter()
            .map(|r| {
                (
                    r.register_fn.as_str(),
                    r.name.clone(),
                    r.import_path.clone(),
                    r.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "RegisterBuilder",
                    RegisteredName::Named("my-builder".into()),
                    Some(format!("{scaffolding}/builder/scaffolding")),
                    16
                ),
                (
                    "RegisterProvisioner",
                    RegisteredName::Default,
                    Some(format!("{scaffolding}/provisioner/scaffolding")),
                    17
                ),
                (
                    "RegisterPostProcessor",
                    RegisteredName::Named("local".into()),
                    None,
                    18
                ),
            ]
        );

        let found = registrations(&user_edited()).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|r| (r.register_fn.as_str(), r.name.clone(), r.line))
            .collect();
        assert_eq!(
            names,
            vec![
                ("RegisterBuilder", RegisteredName::Default, 41),
                (
                    "RegisterPostProcessor",
                    RegisteredName::Named("import".into()),
                    45
                ),
            ]
        );
        assert!(found.iter().all(|r| {
            r.import_path
                .as_deref()
                .is_some_and(|p| p.ends_with("/builder/custom-cloud"))
        }));
    }

    #[test]
    fn lexer_skips_comments_strings_and_raw_strings() {
        let src = "a /* import ( { */ b // pps.RegisterBuilder( }\n\"x(\\\"{\" `raw\n)import` '(' c 1.5e-3";
        let file = GoFile::parse(src);
        let texts: Vec<&str> = (0..file.code.len()).map(|i| file.text(i)).collect();
        assert_eq!(
            texts,
            [
                "a",
                "b",
                "\"x(\\\"{\"",
                "`raw\n)import`",
                "'('",
                "c",
                "1.5e-3"
            ]
        );
        let kinds: Vec<TokKind> = file.toks.iter().map(|t| t.kind).collect();
        use TokKind::*;
        assert_eq!(
            kinds,
            [
                Ident, Comment, Ident, Comment, Newline, Str, Str, Rune, Ident, Number
            ]
        );
        assert!(file.imports().is_empty());
    }

    #[test]
    fn nasty_input_never_panics() {
        let nasty = [
            "",
            "\"",
            "`",
            "'",
            "/*",
            "/",
            "\\",
            "\"\\",
            "\"\\é",
            "'\\",
            "é",
            "\r",
            "\r\n",
            "import",
            "import (",
            "import (\"",
            "import ( x",
            "pps.RegisterBuilder(",
            "x := plugin.NewSet()",
            "import \"github.com/hashicorp/packer-plugin-sdk/plugin\"\npps := plugin.NewSet()\npps.RegisterBuilder(,,)",
            "..0x1p-2e+",
            "\u{feff}ü := 'ä'",
        ];
        let user = user_edited();
        let prefixes = (0..user.len())
            .filter(|&i| user.is_char_boundary(i))
            .map(|i| &user[..i]);
        for src in nasty.into_iter().chain(prefixes) {
            let toks = lex(src);
            assert!(toks.windows(2).all(|w| w[0].end <= w[1].start), "{src:?}");
            assert!(
                toks.iter()
                    .all(|t| t.start < t.end && src.get(t.start..t.end).is_some()),
                "{src:?}"
            );
            let _ = registrations(src);
            let _ = add_second_builder(src);
        }
    }

    fn gofmt_path() -> Option<PathBuf> {
        let on_path = Command::new("gofmt")
            .arg("-l")
            .stdin(Stdio::null())
            .output();
        if on_path.is_ok_and(|o| o.status.success()) {
            return Some("gofmt".into());
        }
        let goroot = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
        let path = PathBuf::from(String::from_utf8(goroot.stdout).ok()?.trim()).join("bin/gofmt");
        path.exists().then_some(path)
    }

    fn gofmt(gofmt: &PathBuf, src: &str) -> String {
        let mut child = Command::new(gofmt)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(src.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "gofmt failed: {}\n{src}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn edited_files_stay_gofmt_clean() {
        let Some(gofmt_bin) = gofmt_path() else {
            eprintln!("note: gofmt not found; skipping the gofmt check");
            return;
        };
        let pp = RegisteredName::Default;
        let pp = component(
            "customcloudpp",
            "github.com/acme/packer-plugin-custom-cloud/post-processor/custom-cloud",
            "RegisterPostProcessor",
            &pp,
        );
        let inputs = [
            generated(),
            user_edited(),
            hashicorp_style(),
            no_calls_no_module_group(),
            single_imports(),
        ];
        for src in &inputs {
            assert_eq!(gofmt(&gofmt_bin, src), *src, "fixture is not gofmt-clean");
            for out in [
                add_second_builder(src).unwrap(),
                add_registration(src, &pp).unwrap(),
            ] {
                assert_eq!(gofmt(&gofmt_bin, &out), out);
            }
        }
    }
}
