//! A template's text cut as tera 2 cuts it: runs of text, `{{ … }}`, `{% … %}`, comments and
//! raw blocks, with tera's whitespace control applied to the text (`{{-`, `-%}`, `{#-`, …),
//! and the tokens inside a tag. Anything this reading does not know is `None`: the template
//! is then left to tera.

/// One piece of a template, whitespace control applied.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// Text copied as it is (a raw block's body too).
    Text(&'static str),
    /// The tokens of a `{{ … }}`.
    Out(Vec<Token>),
    /// The tokens of a `{% … %}`.
    Tag(Vec<Token>),
}

/// A token inside a tag: only those the templates use.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Ident(&'static str),
    Str(&'static str),
    Bool(bool),
    Dot,
    Comma,
    Pipe,
    Tilde,
    Assign,
    Equal,
    NotEqual,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
}

/// Before whitespace control: what tera's lexer yields, with the dashes it saw.
enum Raw {
    Content(&'static str),
    Out(bool, Vec<Token>, bool),
    Tag(bool, Vec<Token>, bool),
    Comment(bool, bool),
    Block(bool, &'static str, bool),
}

impl Raw {
    /// Whether the piece starts with a dash (`{{-`, `{%-`, `{#-`), trimming the text before.
    fn trims_before(&self) -> bool {
        match self {
            Raw::Content(_) => false,
            Raw::Out(ws, ..) | Raw::Tag(ws, ..) | Raw::Comment(ws, _) | Raw::Block(ws, ..) => *ws,
        }
    }
}

/// The pieces of `text`, or `None` where tera's reading would differ or fail.
pub fn pieces(text: &'static str) -> Option<Vec<Piece>> {
    let raw = basic(text)?;
    let mut out = Vec::with_capacity(raw.len());
    let mut trim_next = false;
    let mut raw = raw.into_iter().peekable();
    while let Some(piece) = raw.next() {
        let before_dash = raw.peek().is_some_and(Raw::trims_before);
        match piece {
            Raw::Content(mut text) => {
                if std::mem::take(&mut trim_next) {
                    text = text.trim_start();
                }
                if before_dash {
                    text = text.trim_end();
                }
                out.push(Piece::Text(text));
            }
            Raw::Block(_, mut text, dash_after) => {
                if std::mem::take(&mut trim_next) {
                    text = text.trim_start();
                }
                trim_next = dash_after;
                if before_dash {
                    text = text.trim_end();
                }
                out.push(Piece::Text(text));
            }
            Raw::Out(_, tokens, dash_after) => {
                trim_next = dash_after;
                out.push(Piece::Out(tokens));
            }
            Raw::Tag(_, tokens, dash_after) => {
                trim_next = dash_after;
                out.push(Piece::Tag(tokens));
            }
            // A comment is empty text to tera: it neither clears a pending trim nor trims.
            Raw::Comment(_, dash_after) => trim_next |= dash_after,
        }
    }
    out.retain(|p| !matches!(p, Piece::Text("")));
    Some(out)
}

/// The pieces before whitespace control, as tera's `basic_tokenize` finds them.
fn basic(text: &'static str) -> Option<Vec<Raw>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let opener = rest.get(..2);
        if !matches!(opener, Some("{{" | "{%" | "{#")) {
            let end = next_marker(rest.as_bytes()).unwrap_or(rest.len());
            out.push(Raw::Content(&rest[..end]));
            rest = &rest[end..];
            continue;
        }
        let dash = rest.as_bytes().get(2) == Some(&b'-');
        let inner = &rest[if dash { 3 } else { 2 }..];
        rest = match opener {
            Some("{#") => {
                let end = memchr::memmem::find(inner.as_bytes(), b"#}")?;
                let dash_after = end > 0 && inner.as_bytes()[end - 1] == b'-';
                out.push(Raw::Comment(dash, dash_after));
                &inner[end + 2..]
            }
            Some("{{") => {
                let (tokens, dash_after, after) = tokens(inner, "}}")?;
                out.push(Raw::Out(dash, tokens, dash_after));
                after
            }
            _ => match raw_block(inner) {
                Some((body, dash_after, after)) => {
                    out.push(Raw::Block(dash, body, dash_after));
                    after
                }
                None => {
                    let (tokens, dash_after, after) = tokens(inner, "%}")?;
                    out.push(Raw::Tag(dash, tokens, dash_after));
                    after
                }
            },
        };
    }
    Some(out)
}

/// Where the next `{{`, `{%` or `{#` starts.
fn next_marker(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[at..]) {
        let brace = at + found;
        if matches!(bytes.get(brace + 1), Some(b'{' | b'%' | b'#')) {
            return Some(brace);
        }
        at = brace + 1;
    }
    None
}

/// After `{%` (and its dash): a `raw` tag's body as tera trims it, whether its `endraw` ends
/// with a dash, and the text after it; `None` when the tag is not `raw`. A `raw` with no
/// `endraw` is left to tera (`None` from the caller's tag reading).
fn raw_block(inner: &'static str) -> Option<(&'static str, bool, &'static str)> {
    let (open_len, trim_body_start) = bare_tag(inner, "raw")?;
    let body_start = open_len;
    let mut offset = body_start;
    while let Some(found) = memchr::memmem::find(&inner.as_bytes()[offset..], b"{%") {
        let body_end = offset + found;
        offset = body_end + 2;
        let trim_body_end = inner.as_bytes().get(offset) == Some(&b'-');
        if let Some((close_len, dash_after)) = bare_tag(&inner[offset..], "endraw") {
            let mut body = &inner[body_start..body_end];
            if trim_body_start {
                body = body.trim_start();
            }
            if trim_body_end {
                body = body.trim_end();
            }
            return Some((body, dash_after, &inner[offset + close_len..]));
        }
    }
    None
}

/// tera's `skip_tag`: `[-] name [-]%}` with ASCII spaces between, its length and its last dash.
fn bare_tag(text: &str, name: &str) -> Option<(usize, bool)> {
    let mut rest = text.strip_prefix('-').unwrap_or(text);
    rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    rest = rest.strip_prefix(name)?;
    rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let dash = rest.starts_with('-');
    if dash {
        rest = &rest[1..];
    }
    rest = rest.strip_prefix("%}")?;
    Some((text.len() - rest.len(), dash))
}

/// The tokens of a tag up to `close` (or `-` and `close`): the tokens, whether the dash was
/// there, and the text after the tag.
fn tokens(mut rest: &'static str, close: &str) -> Option<(Vec<Token>, bool, &'static str)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if let Some(after) = rest.strip_prefix('-').and_then(|r| r.strip_prefix(close)) {
            return Some((out, true, after));
        }
        if let Some(after) = rest.strip_prefix(close) {
            return Some((out, false, after));
        }
        let (token, len) = token(rest)?;
        out.push(token);
        rest = &rest[len..];
    }
}

/// The token `rest` starts with and its length.
fn token(rest: &'static str) -> Option<(Token, usize)> {
    let bytes = rest.as_bytes();
    let two = match bytes.get(..2) {
        Some(b"==") => Some(Token::Equal),
        Some(b"!=") => Some(Token::NotEqual),
        // Operators tera knows and these templates do not use.
        Some(b"//" | b"**" | b">=" | b"<=" | b"</" | b"?." | b"?[") => return None,
        _ => None,
    };
    if let Some(token) = two {
        return Some((token, 2));
    }
    let one = match bytes.first()? {
        b'.' if bytes.get(..3) == Some(b"...") => return None,
        b'.' => Token::Dot,
        b',' => Token::Comma,
        b'|' => Token::Pipe,
        b'~' => Token::Tilde,
        b'=' => Token::Assign,
        b'(' => Token::LeftParen,
        b')' => Token::RightParen,
        b'[' => Token::LeftBracket,
        b']' => Token::RightBracket,
        quote @ (b'"' | b'\'' | b'`') => {
            let end = 1 + memchr::memchr(*quote, &bytes[1..])?;
            let text = &rest[1..end];
            // Escapes are tera's to read.
            if text.contains('\\') {
                return None;
            }
            return Some((Token::Str(text), end + 1));
        }
        _ => return ident(rest),
    };
    Some((one, 1))
}

/// An identifier as tera reads one (`true`/`false` and their capitalised forms are booleans).
fn ident(rest: &'static str) -> Option<(Token, usize)> {
    let len = rest
        .bytes()
        .enumerate()
        .take_while(|&(i, c)| c == b'_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
        .count();
    let word = &rest[..len];
    let token = match word {
        "" => return None,
        // tera's own names (`__tera_context`, `__tera_loop_index`, …) are tera's to read.
        word if word.starts_with("__tera_") => return None,
        "true" | "True" => Token::Bool(true),
        "false" | "False" => Token::Bool(false),
        _ => Token::Ident(word),
    };
    Some((token, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_trim_the_text_on_their_side() {
        let got = pieces("a \n{{- x -}}\n b {#- c #} d{% raw -%}  e  {%- endraw %} f").unwrap();
        assert_eq!(
            got,
            [
                Piece::Text("a"),
                Piece::Out(vec![Token::Ident("x")]),
                Piece::Text("b"),
                Piece::Text(" d"),
                Piece::Text("e"),
                Piece::Text(" f"),
            ]
        );
    }

    #[test]
    fn strings_with_escapes_and_unknown_operators_are_left_to_tera() {
        assert!(pieces(r#"{{ "a\"b" }}"#).is_none());
        assert!(pieces("{{ a + b }}").is_none());
        assert!(pieces("{{ 1 }}").is_none());
        assert!(pieces("{{ a").is_none());
    }
}
