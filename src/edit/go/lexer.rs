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
