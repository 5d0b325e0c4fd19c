//! Reading Rust source as the architecture rules need it: the code without comments, literals
//! and `#[cfg(test)]` items, and every path it names, `use` groups expanded (nested too),
//! `crate::`, `super::` and `self::` resolved against the module's own path and names brought
//! in by `use` replaced by what they stand for.

use std::collections::BTreeMap;

/// `text` with comments and string, byte-string and char literals blanked to spaces, line
/// breaks kept: what is left is code.
pub fn code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let end = literal_or_comment_end(&chars, at);
        if end == at {
            out.push(chars[at]);
            at += 1;
        } else {
            out.extend(
                chars[at..end]
                    .iter()
                    .map(|&c| if c == '\n' { c } else { ' ' }),
            );
            at = end;
        }
    }
    out
}

/// Where the comment or literal starting at `at` ends, or `at` when none starts there.
fn literal_or_comment_end(chars: &[char], at: usize) -> usize {
    let next = |n: usize| chars.get(at + n).copied();
    // `r` opens a raw string only as a word's first letter, or its second after `b`.
    let starts_word = |i: usize| i == 0 || !is_ident_char(chars[i - 1]);
    let raw_prefix = starts_word(at) || (chars[at - 1] == 'b' && starts_word(at - 1));
    match chars[at] {
        '/' if next(1) == Some('/') => (at..chars.len())
            .find(|&i| chars[i] == '\n')
            .unwrap_or(chars.len()),
        '/' if next(1) == Some('*') => block_comment_end(chars, at),
        '"' => quoted_end(chars, at, '"'),
        '\'' if next(1) == Some('\\') => quoted_end(chars, at, '\''),
        '\'' if next(2) == Some('\'') => at + 3,
        'r' if raw_prefix => raw_string_end(chars, at),
        _ => at,
    }
}

fn block_comment_end(chars: &[char], mut at: usize) -> usize {
    let mut depth = 0;
    while at + 1 < chars.len() {
        match (chars[at], chars[at + 1]) {
            ('/', '*') => (depth, at) = (depth + 1, at + 2),
            ('*', '/') if depth == 1 => return at + 2,
            ('*', '/') => (depth, at) = (depth - 1, at + 2),
            _ => at += 1,
        }
    }
    chars.len()
}

/// The end of a literal opened by `quote` at `at`, backslash escapes honoured.
fn quoted_end(chars: &[char], at: usize, quote: char) -> usize {
    let mut i = at + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The end of `r"…"` or `r#…#"…"#…#` at `at`, or `at` when `r` starts no raw string.
fn raw_string_end(chars: &[char], at: usize) -> usize {
    let hashes = chars[at + 1..].iter().take_while(|&&c| c == '#').count();
    if chars.get(at + 1 + hashes) != Some(&'"') {
        return at;
    }
    let close: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    (at + 2 + hashes..chars.len())
        .find(|&i| chars[i..].starts_with(&close))
        .map_or(chars.len(), |i| i + close.len())
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether an attribute's text (`cfg(all(test, unix))`, spaces removed) compiles its item only
/// for tests.
fn test_only(attribute: &str) -> bool {
    let Some(inner) = attribute
        .strip_prefix("cfg(")
        .and_then(|a| a.strip_suffix(')'))
    else {
        return false;
    };
    inner == "test"
        || inner
            .strip_prefix("all(")
            .and_then(|a| a.strip_suffix(')'))
            .is_some_and(|all| all.split(',').any(|a| a == "test"))
}

/// The code of `code` (as [`code`] leaves it) outside the items `#[cfg(test)]` (or
/// `#[cfg(all(test, …))]`) compiles only for tests, and the names of the modules such items
/// declare (`#[cfg(test)] mod fixtures;`).
pub fn without_tests(code: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = code.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut test_modules = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if let Some(after) = attribute_end(&chars, at) {
            let text: String = chars[at + 2..after - 1]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect();
            if test_only(&text) {
                let end = item_end(&chars, after);
                let item: String = chars[after..end].iter().collect();
                test_modules.extend(declared_module(&item));
                at = end;
                continue;
            }
        }
        out.push(chars[at]);
        at += 1;
    }
    (out.into_iter().collect(), test_modules)
}

/// The end (after `]`) of an outer attribute `#[…]` starting at `at`.
fn attribute_end(chars: &[char], at: usize) -> Option<usize> {
    if chars.get(at) != Some(&'#') || chars.get(at + 1) != Some(&'[') {
        return None;
    }
    let mut depth = 0;
    for (i, &c) in chars.iter().enumerate().skip(at + 1) {
        match c {
            '[' => depth += 1,
            ']' if depth == 1 => return Some(i + 1),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The end of the item starting at `at` (its further attributes included): after its `;` or
/// the `}` closing its first block, whichever comes first at its own depth.
fn item_end(chars: &[char], mut at: usize) -> usize {
    let mut depth = 0;
    while at < chars.len() {
        if depth == 0
            && let Some(end) = attribute_end(chars, at)
        {
            at = end;
            continue;
        }
        match chars[at] {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth == 0 => return at + 1,
            '{' => depth += 1,
            '}' if depth == 1 => return at + 1,
            '}' => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    chars.len()
}

/// The name `item` declares when it is `mod name;` (with any visibility).
fn declared_module(item: &str) -> Option<String> {
    let words = tokens(item);
    let at = words.iter().position(|w| w == "mod")?;
    (words.get(at + 2).map(String::as_str) == Some(";")).then(|| words[at + 1].clone())
}

/// Identifiers (`$crate` included), `::`, and every other character but whitespace on its own.
fn tokens(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let start = at;
        if c.is_whitespace() {
            at += 1;
            continue;
        } else if is_ident_char(c)
            || (c == '$' && chars.get(at + 1).is_some_and(|&n| is_ident_char(n)))
        {
            at += 1;
            while at < chars.len() && is_ident_char(chars[at]) {
                at += 1;
            }
        } else if c == ':' && chars.get(at + 1) == Some(&':') {
            at += 2;
        } else {
            at += 1;
        }
        out.push(chars[start..at].iter().collect());
    }
    out
}

fn is_name(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
}

/// One path of a use tree, as written, and the name it binds (none for a glob).
type UsePath = (Vec<String>, Option<String>);

/// Reads the use tree at `at` under `prefix` into `out`; returns where it ends.
fn use_tree(words: &[String], mut at: usize, prefix: &[String], out: &mut Vec<UsePath>) -> usize {
    let mut path = prefix.to_vec();
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    loop {
        match word(at) {
            "::" => at += 1,
            "*" => {
                out.push((path, None));
                return at + 1;
            }
            "{" => return use_group(words, at + 1, &path, out),
            name if is_name(name) => {
                path.push(name.to_owned());
                at += 1;
                if word(at) == "::" {
                    continue;
                }
                let bound = if word(at) == "as" {
                    at += 2;
                    word(at - 1).to_owned()
                } else if name == "self" && path.len() > 1 {
                    path[path.len() - 2].clone()
                } else {
                    name.to_owned()
                };
                out.push((path, Some(bound)));
                return at;
            }
            _ => return at,
        }
    }
}

/// Reads the trees of a `{…}` group whose first tree starts at `at`; returns after its `}`.
fn use_group(words: &[String], mut at: usize, prefix: &[String], out: &mut Vec<UsePath>) -> usize {
    while at < words.len() && words[at] != "}" {
        let end = use_tree(words, at, prefix, out);
        at = if end == at { at + 1 } else { end };
        if words.get(at).map(String::as_str) == Some(",") {
            at += 1;
        }
    }
    at + 1
}

/// `segments` as an absolute path from module `module` (`a::b`, empty for the crate root):
/// `crate::…` for the crate's own items, as written for anything else (`std::…`, or a name
/// the caller may find to be a child module).
fn absolute(segments: &[String], module: &str) -> String {
    let mut base: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
    let mut ours = true;
    match segments.first().map(String::as_str) {
        Some("crate" | "$crate") => base.clear(),
        Some("self") => {}
        Some("super") => {
            base.pop();
        }
        first => (ours, base) = (false, first.into_iter().collect()),
    }
    for segment in &segments[1..] {
        match segment.as_str() {
            "super" => {
                base.pop();
            }
            "self" => {}
            name => base.push(name),
        }
    }
    let root = ours.then_some("crate");
    root.into_iter().chain(base).collect::<Vec<_>>().join("::")
}

/// Every path the code of module `module` names, in `use` declarations and inline (a path of
/// two or more segments, or one starting at `crate`, `super` or `self`), made absolute; an
/// inline path starting with a name a `use` brought in starts with what that name stands for.
pub fn paths(code: &str, module: &str) -> Vec<String> {
    let words = tokens(code);
    let mut used: Vec<UsePath> = Vec::new();
    let mut inline: Vec<Vec<String>> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        // A path already read is skipped whole, so a name after `::` here starts one too
        // (`::std::…`, `<T as Trait>::…`).
        let starts_path =
            is_name(&words[at]) && words.get(at + 1).map(String::as_str) == Some("::");
        if words[at] == "use" {
            at = use_tree(&words, at + 1, &[], &mut used).max(at + 1);
        } else if starts_path {
            let mut found = Vec::new();
            at = use_tree(&words, at, &[], &mut found);
            inline.extend(found.into_iter().map(|(path, _)| path));
        } else {
            at += 1;
        }
    }
    let bound: BTreeMap<&str, String> = used
        .iter()
        .filter_map(|(path, name)| Some((name.as_deref()?, absolute(path, module))))
        .collect();
    let mut out: Vec<String> = used.iter().map(|(p, _)| absolute(p, module)).collect();
    for path in inline {
        let resolved = absolute(&path, module);
        out.push(match bound.get(path[0].as_str()) {
            Some(stands_for) if resolved == path.join("::") => std::iter::once(stands_for.as_str())
                .chain(path[1..].iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("::"),
            _ => resolved,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(module: &str, text: &str) -> Vec<String> {
        let (code, _) = without_tests(&code(text));
        let mut found = paths(&code, module);
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn a_grouped_import_names_each_member() {
        assert_eq!(
            read("cmd::new", "use crate::render::{engine, shards::deal};"),
            ["crate::render::engine", "crate::render::shards::deal"]
        );
    }

    #[test]
    fn a_super_import_is_resolved_against_the_module() {
        assert_eq!(
            read(
                "render::renderer",
                "use super::shards;\nuse super::super::error::Error;"
            ),
            ["crate::error::Error", "crate::render::shards"]
        );
        assert_eq!(
            read("cmd::doctor", "use super::list::run;"),
            ["crate::cmd::list::run"]
        );
        assert_eq!(
            read("fs::writer", "use self::mode::Creator;"),
            ["crate::fs::writer::mode::Creator"]
        );
    }

    #[test]
    fn a_nested_group_with_self_and_a_rename_names_each_member() {
        assert_eq!(
            read(
                "resolve::env",
                "use super::{settings::{self, checked as c, Defaults}, source::*};"
            ),
            [
                "crate::resolve::settings",
                "crate::resolve::settings::Defaults",
                "crate::resolve::settings::checked",
                "crate::resolve::source",
            ]
        );
    }

    #[test]
    fn inline_paths_are_seen_and_names_from_use_stand_for_their_paths() {
        let text = "use std::process::{self, Command};\n\
                    fn f() { crate::fs::repo::find(); super::x::y(); Command::new(\"go\"); \
                    process::Command::new(\"git\"); }";
        assert_eq!(
            read("plan::new", text),
            [
                "crate::fs::repo::find",
                "crate::plan::x::y",
                "std::process",
                "std::process::Command",
                "std::process::Command::new",
            ]
        );
    }

    #[test]
    fn comments_literals_and_test_only_items_are_not_code() {
        let text = "//! See `crate::a::b`.\n\
                    #[cfg(test)]\nmod fixtures;\n\
                    /* crate::c::d /* nested */ crate::e */\n\
                    fn f() -> [u8; 2] { let _ = (\"crate::f\", r#\"crate::g\"#, br\"crate::q\", '\"', 'x'); g::h(); }\n\
                    #[cfg(all(test, unix))]\nfn helper() { crate::i::j(); }\n\
                    #[cfg(any(test, unix))]\nfn kept() { crate::k::l(); }\n\
                    #[cfg(test)]\nmod tests { use super::*; fn t() { crate::m::n(); } }\n\
                    pub use crate::o::p;";
        let (code, test_modules) = without_tests(&code(text));
        assert_eq!(test_modules, ["fixtures"]);
        let mut found = paths(&code, "x");
        found.sort();
        assert_eq!(found, ["crate::k::l", "crate::o::p", "g::h"]);
    }
}
