//! The text between a template's tags, kept out of tera's lexer. Tera reads a template a
//! character at a time, and nine tenths of our templates' bytes are plain text that it only
//! copies: before compiling, each long run of text is replaced by a marker (a NUL, the run's
//! number, a NUL) and kept aside; after rendering, each marker is replaced by its run. The
//! whitespace at either end of a run stays in the template, so `{%-` and `-%}` trim what they
//! trimmed before. A template using a tag that could treat text as a value (`filter`, a block
//! `set`, `macro`, …) is compiled as written, and so is any template this module cannot
//! read to the end: tera then reports the error.

/// Runs shorter than this stay in the template: a marker would save little.
const MIN_RUN: usize = 32;

/// What marks a run's number at both ends: no template and no value rendered into one holds
/// it (free text refuses control characters; the renderer checks the plugin's values).
pub const MARK: char = '\0';

/// `MARK` as JSON writes it in a string.
pub const JSON_MARK: &str = "\\u0000";

/// The tags whose bodies are template text rendered in place.
const PLAIN_TAGS: [&str; 11] = [
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "include",
    "set",
    "set_global",
    "break",
    "continue",
];

/// `text` with each long run of text replaced by a marker numbered after those in `runs`, to
/// which the runs are added; `None` (and `runs` unchanged) when `text` is to be compiled as
/// written.
pub fn shrink(text: &'static str, runs: &mut Vec<&'static str>) -> Option<String> {
    if memchr::memchr(MARK as u8, text.as_bytes()).is_some() {
        return None;
    }
    let first = runs.len();
    let shrunk = shrink_all(text, runs);
    if shrunk.is_none() {
        runs.truncate(first);
    }
    shrunk
}

fn shrink_all(text: &'static str, runs: &mut Vec<&'static str>) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() / 4);
    let mut pos = 0;
    while let Some(start) = next_tag(bytes, pos) {
        push_run(&mut out, &text[pos..start], runs);
        let end = match bytes[start + 1] {
            // As tera does: the first `#}` from the `{`, so `{#}` is a whole comment.
            b'#' => start + text[start..].find("#}")? + 2,
            b'{' => tag_end(bytes, start + 2, b"}}")?,
            _ => {
                let end = tag_end(bytes, start + 2, b"%}")?;
                match keyword(&text[start + 2..end - 2]) {
                    "raw" => {
                        let end = start + 2 + bare_tag(&text[start + 2..], "raw")?;
                        out.push_str(&text[start..end]);
                        let (body_end, after) = endraw(text, end)?;
                        push_run(&mut out, &text[end..body_end], runs);
                        out.push_str(&text[body_end..after]);
                        pos = after;
                        continue;
                    }
                    "set" if !text[start..end].contains('=') => return None,
                    word if !PLAIN_TAGS.contains(&word) => return None,
                    _ => end,
                }
            }
        };
        out.push_str(&text[start..end]);
        pos = end;
    }
    push_run(&mut out, &text[pos..], runs);
    Some(out)
}

/// Where the next `{{`, `{%` or `{#` from `from` starts.
fn next_tag(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr(b'{', &bytes[at..]) {
        let brace = at + found;
        if matches!(bytes.get(brace + 1), Some(b'{' | b'%' | b'#')) {
            return Some(brace);
        }
        at = brace + 1;
    }
    None
}

/// Where the tag whose inside starts at `from` ends (after `close`), skipping strings.
fn tag_end(bytes: &[u8], from: usize, close: &[u8; 2]) -> Option<usize> {
    let mut i = from;
    while i + 1 < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while *bytes.get(i)? != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ if bytes[i..].starts_with(close) => return Some(i + 2),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The first word inside a `{% … %}` tag.
fn keyword(inside: &str) -> &str {
    let inside = inside.strip_prefix('-').unwrap_or(inside).trim_start();
    let end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    &inside[..end]
}

/// After a `{% raw %}` ending at `from`: where its body ends and where its `{% endraw %}` does,
/// found as tera finds them (the first `{%` that opens an `endraw` tag).
fn endraw(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    loop {
        let start = at + text[at..].find("{%")?;
        if let Some(len) = bare_tag(&text[start + 2..], "endraw") {
            return Some((start, start + 2 + len));
        }
        at = start + 2;
    }
}

/// The length of `-? name -?%}` at the start of `inside` (what follows a `{%`), spaces
/// allowed around the name, as tera reads `raw` and `endraw` tags.
fn bare_tag<'a>(inside: &'a str, name: &str) -> Option<usize> {
    let spaces = |s: &'a str| s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let mut rest = spaces(inside.strip_prefix('-').unwrap_or(inside));
    rest = spaces(rest.strip_prefix(name)?);
    rest = rest.strip_prefix('-').unwrap_or(rest);
    rest = rest.strip_prefix("%}")?;
    Some(inside.len() - rest.len())
}

/// Appends `run` to `out`, its middle (from its first to its last non-space character)
/// replaced by a marker when that is long.
fn push_run(out: &mut String, run: &'static str, runs: &mut Vec<&'static str>) {
    let core_start = run.len() - run.trim_start().len();
    let core_end = run.trim_end().len();
    if core_end < core_start + MIN_RUN {
        out.push_str(run);
        return;
    }
    out.push_str(&run[..core_start]);
    out.push(MARK);
    out.push_str(&runs.len().to_string());
    out.push(MARK);
    runs.push(&run[core_start..core_end]);
    out.push_str(&run[core_end..]);
}

/// `rendered` with each marker replaced by its run; `None` when a marker is not one of `runs`.
pub fn expand(rendered: String, runs: &[&str]) -> Option<String> {
    let bytes = rendered.as_bytes();
    let Some(first) = memchr::memchr(MARK as u8, bytes) else {
        return Some(rendered);
    };
    let mut out = String::with_capacity(rendered.len() * 4);
    let mut pos = 0;
    let mut next = Some(first);
    while let Some(open) = next {
        let close = open + 1 + memchr::memchr(MARK as u8, &bytes[open + 1..])?;
        let number: usize = rendered[open + 1..close].parse().ok()?;
        out.push_str(&rendered[pos..open]);
        out.push_str(runs.get(number)?);
        pos = close + 1;
        next = memchr::memchr(MARK as u8, &bytes[pos..]).map(|found| pos + found);
    }
    out.push_str(&rendered[pos..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "a run of text long enough to be worth a marker";

    fn shrunk(text: &'static str) -> (Option<String>, Vec<&'static str>) {
        let mut runs = Vec::new();
        (shrink(text, &mut runs), runs)
    }

    #[test]
    fn a_long_run_becomes_a_marker_and_its_spaces_stay() {
        let text: &'static str =
            "{% if x -%}\n  a run of text long enough to be worth a marker \n{%- endif %}";
        let (out, runs) = shrunk(text);
        assert_eq!(out.unwrap(), "{% if x -%}\n  \x000\x00 \n{%- endif %}");
        assert_eq!(runs, [LONG]);
    }

    #[test]
    fn short_runs_tags_strings_and_comments_are_kept() {
        let text: &'static str = "ab {{ \"%} }}\" }} {# a comment with {{ #} cd";
        let (out, runs) = shrunk(text);
        assert_eq!(out.unwrap(), text);
        assert!(runs.is_empty());
    }

    #[test]
    fn a_raw_body_is_a_run_and_its_tags_are_text() {
        let text: &'static str =
            "{% raw %} ${{ github.token }} and {% if %} stay as they are {%- endraw %}x";
        let (out, runs) = shrunk(text);
        assert_eq!(out.unwrap(), "{% raw %} \x000\x00 {%- endraw %}x");
        assert_eq!(runs, ["${{ github.token }} and {% if %} stay as they are"]);
    }

    #[test]
    fn templates_that_could_use_text_as_a_value_are_left_alone() {
        for text in [
            "{% filter upper %}a run of text long enough to be worth a marker{% endfilter %}",
            "{% set x %}a run of text long enough to be worth a marker{% endset %}",
            "{% macro m() %}a run of text long enough to be worth a marker{% endmacro %}",
            "a run of text long enough to be worth a marker {{ unclosed",
            "a run of text long enough to be worth a marker \0",
        ] {
            let mut runs = vec!["earlier"];
            let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
            assert_eq!(shrink(leaked, &mut runs), None, "{text}");
            assert_eq!(runs, ["earlier"]);
        }
    }

    #[test]
    fn expanding_puts_each_run_back_and_refuses_a_stray_marker() {
        let runs = ["first", "second"];
        assert_eq!(
            expand("a\x001\x00b\x000\x00".into(), &runs).unwrap(),
            "asecondbfirst"
        );
        assert_eq!(expand("plain".into(), &runs).unwrap(), "plain");
        assert_eq!(expand("a\x002\x00".into(), &runs), None);
        assert_eq!(expand("a\x00x".into(), &runs), None);
    }
}
