//! A small Go lexer for `goedit`: tokens with byte spans (identifiers, literals, comments,
//! operators, newlines), so edits can tell code from comments and strings. Never panics.

/// What a token is; keywords are identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Ident,
    Str,
    Rune,
    Number,
    Comment,
    Newline,
    Punct,
}

/// A token and its byte span in the source.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
}

/// Multi-character operators, longest first where one is a prefix of another.
const OPERATORS: [&str; 22] = [
    "...", ":=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "&&",
    "||", "<-", "++", "--", "<<", ">>", "&^",
];

/// Splits Go source into tokens. Never panics; unterminated literals and comments run to the
/// end of their line (strings, runes) or of the file (raw strings, block comments).
pub fn lex(src: &str) -> Vec<Tok> {
    let bytes = src.as_bytes();
    let mut toks = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (kind, end) = match (bytes[at], bytes.get(at + 1).copied()) {
            (b' ' | b'\t' | b'\r', _) => {
                at += 1;
                continue;
            }
            (b'\n', _) => (TokKind::Newline, at + 1),
            (b'/', Some(b'/')) => (TokKind::Comment, find_byte(bytes, at, b'\n')),
            (b'/', Some(b'*')) => (TokKind::Comment, block_comment_end(src, at)),
            (b'"', _) => (TokKind::Str, quoted_end(bytes, at, b'"')),
            (b'\'', _) => (TokKind::Rune, quoted_end(bytes, at, b'\'')),
            (b'`', _) => (
                TokKind::Str,
                find_byte(bytes, at + 1, b'`').saturating_add(1),
            ),
            (b'0'..=b'9', _) | (b'.', Some(b'0'..=b'9')) => {
                (TokKind::Number, number_end(bytes, at))
            }
            _ => word_or_punct(src, at),
        };
        let end = end.clamp(at + 1, bytes.len());
        toks.push(Tok {
            kind,
            start: at,
            end,
        });
        at = end;
    }
    toks
}

/// Position of the first `byte` at or after `from`, or the end of the input.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == byte))
        .map_or(bytes.len(), |p| from + p)
}

fn block_comment_end(src: &str, at: usize) -> usize {
    src.get(at + 2..)
        .and_then(|rest| rest.find("*/"))
        .map_or(src.len(), |p| at + 2 + p + 2)
}

/// End of a `"…"` or `'…'` literal starting at `at`, honouring backslash escapes.
fn quoted_end(bytes: &[u8], at: usize, quote: u8) -> usize {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => return i,
            b'\\' if bytes.get(i + 1) != Some(&b'\n') => i += 2,
            _ if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn number_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        let exponent_sign =
            matches!(b, b'+' | b'-') && matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P');
        if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign) {
            break;
        }
        i += 1;
    }
    i
}

fn word_or_punct(src: &str, at: usize) -> (TokKind, usize) {
    let rest = src.get(at..).unwrap_or_default();
    let Some(first) = rest.chars().next() else {
        return (TokKind::Punct, at + 1);
    };
    if first == '_' || first.is_alphabetic() {
        let len = rest
            .find(|c: char| !(c == '_' || c.is_alphanumeric()))
            .unwrap_or(rest.len());
        return (TokKind::Ident, at + len);
    }
    let len = OPERATORS
        .iter()
        .find(|op| rest.starts_with(*op))
        .map_or(first.len_utf8(), |op| op.len());
    (TokKind::Punct, at + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `src` as (kind, text).
    fn tokens(src: &str) -> Vec<(TokKind, &str)> {
        lex(src)
            .into_iter()
            .map(|t| (t.kind, &src[t.start..t.end]))
            .collect()
    }

    #[test]
    fn operators_numbers_and_literals_are_one_token_each() {
        use TokKind::*;
        assert_eq!(
            tokens("x := 0x1p-2 &^= a...\n"),
            [
                (Ident, "x"),
                (Punct, ":="),
                (Number, "0x1p-2"),
                (Punct, "&^"),
                (Punct, "="),
                (Ident, "a"),
                (Punct, "..."),
                (Newline, "\n"),
            ]
        );
        assert_eq!(
            tokens("\"a\\\"b\" 'x' `r\ns` /* c\n */ // d"),
            [
                (Str, "\"a\\\"b\""),
                (Rune, "'x'"),
                (Str, "`r\ns`"),
                (Comment, "/* c\n */"),
                (Comment, "// d"),
            ]
        );
    }

    #[test]
    fn unterminated_literals_end_at_the_line_or_the_file() {
        use TokKind::*;
        assert_eq!(
            tokens("\"open\nnext"),
            [(Str, "\"open"), (Newline, "\n"), (Ident, "next")]
        );
        assert_eq!(tokens("`raw\nto the end"), [(Str, "`raw\nto the end")]);
        assert_eq!(tokens("/* open"), [(Comment, "/* open")]);
    }

    #[test]
    fn identifiers_may_be_unicode() {
        assert_eq!(tokens("ünï_2"), [(TokKind::Ident, "ünï_2")]);
    }
}
