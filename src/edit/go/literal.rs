//! Go literals and identifiers: the value of a string literal, a string as a literal, and
//! the name an import is known by.

/// The usual package name for an unaliased import: the last path element, skipping a `/vN`
/// major version, a `.vN` suffix and a `go-` prefix. `None` when that is not an identifier.
pub(super) fn guess_package_name(path: &str) -> Option<String> {
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

pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The value of a Go string literal (interpreted or raw).
pub(super) fn unquote(literal: &str) -> String {
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
pub(super) fn go_quote(s: &str) -> String {
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
