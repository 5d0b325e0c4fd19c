//! Text as it is shown on a terminal: never a raw control character (an escape sequence in a
//! tampered manifest or a path must not drive the terminal), line or paragraph separator, nor
//! one that prints as nothing or reorders the line; those are shown escaped, `\u{1b}`. A value
//! the user gave is also cut to about a hundred characters when it is echoed.

use super::invisible::is_invisible;

/// The longest echo of a value, in characters.
const ECHO: usize = 100;

/// A whole message or line of data: line breaks and tabs stay, other controls and invisible
/// characters are escaped.
pub fn line(text: &str) -> String {
    escaped(text, |c| c == '\n' || c == '\t')
}

/// A value echoed inside a message: every control and invisible character escaped, and cut to
/// about a hundred characters with `…`.
pub fn value(text: &str) -> String {
    let mut shown = escaped(text, |_| false);
    if let Some((cut, _)) = shown.char_indices().nth(ECHO) {
        shown.truncate(cut);
        shown.push('…');
    }
    shown
}

fn escaped(text: &str, kept: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Unicode's line and paragraph separators break lines as a control would.
        let breaks = matches!(c, '\u{2028}' | '\u{2029}');
        if kept(c) || !(c.is_control() || is_invisible(c) || breaks) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisibles_are_escaped_and_long_values_cut() {
        assert_eq!(
            line("a\x1b[31mred\x07\nnext\tcol"),
            "a\\u{1b}[31mred\\u{7}\nnext\tcol"
        );
        assert_eq!(value("evil\u{202E}txt\n"), "evil\\u{202e}txt\\u{a}");
        assert_eq!(line("\u{9b}x"), "\\u{9b}x");
        let long = "é".repeat(150);
        let shown = value(&long);
        assert_eq!(shown.chars().count(), 101);
        assert!(shown.ends_with('…'));
        assert_eq!(value("plain"), "plain");
    }
}
