//! Free text (author, description): one line, no control characters, safe in every file
//! type it lands in.

use unicode_general_category::{GeneralCategory, get_general_category};

use crate::error::Error;
use crate::error::invisible::is_invisible;

/// Unicode's line and paragraph separators: line breaks, though not control characters.
const SEPARATORS: [char; 2] = ['\u{2028}', '\u{2029}'];

/// A line break of any kind, or another control character.
fn is_break_or_control(c: char) -> bool {
    c.is_control() || SEPARATORS.contains(&c)
}

/// A mark drawn on the character before it (an accent, an enclosing circle): alone, it prints
/// as nothing.
fn is_combining_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
    )
}

/// Free text as the tool uses it: without leading and trailing whitespace, which no file type
/// keeps reliably (gofmt, for one, strips it from comments).
pub fn free_text(value: &str) -> String {
    value.trim().to_owned()
}

/// Checks one line of free text (author, description): any characters but control characters,
/// which have no safe spelling in every file type the text lands in (line and paragraph
/// separators count as line breaks), and characters that print as nothing. Text that is nothing
/// but those, combining marks and whitespace is empty.
pub fn check_free_text(flag: &str, value: &str) -> Result<(), Error> {
    let invalid = |problem: &str| Error::InvalidInput {
        what: flag.to_owned(),
        value: value.to_owned(),
        problem: problem.to_owned(),
        help: format!("give {flag} as a single line of text"),
    };
    if value.chars().all(|c| {
        c.is_whitespace() || is_invisible(c) || is_break_or_control(c) || is_combining_mark(c)
    }) {
        return Err(invalid("it is empty"));
    }
    if value.chars().any(is_break_or_control) {
        return Err(invalid(
            "it contains a line break or another control character",
        ));
    }
    if let Some(c) = value.chars().find(|c| is_invisible(*c)) {
        return Err(invalid(&format!(
            "it contains U+{:04X}, a character that prints as nothing (a byte-order mark, a \
             zero-width or a direction mark)",
            u32::from(c)
        )));
    }
    if value.chars().count() > 500 {
        return Err(invalid("it is longer than 500 characters"));
    }
    // The description is part of docs/README.md, which `packer-sdc renderdocs` reads: there,
    // `@include '…'` is a directive, not text.
    if flag.ends_with("description") && value.contains("@include") {
        return Err(Error::InvalidInput {
            what: flag.to_owned(),
            value: value.to_owned(),
            problem: "`@include` is a directive in the docs this text lands in".into(),
            help: "write it without `@include`, e.g. `includes`".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_is_one_line() {
        assert!(check_free_text("--author", "Ada \"A\" O'Brien {{ x }}").is_ok());
        assert!(check_free_text("--author", "line\nbreak").is_err());
        assert!(check_free_text("--author", "  ").is_err());
        assert!(check_free_text("--author", "@include 'x'").is_ok());
        assert!(check_free_text("--description", "see @include 'x'").is_err());
        for invisible in [
            "\u{FEFF}Acme",
            "Ac\u{200B}me",
            "evil\u{202E}txt.go",
            "Acme\u{2066}",
        ] {
            let err = check_free_text("--author", invisible).unwrap_err();
            assert!(err.to_string().contains("prints as nothing"), "{err}");
        }
        let blank = check_free_text("--author", "\u{200B}\u{FEFF} ").unwrap_err();
        assert!(blank.to_string().ends_with("it is empty"), "{blank}");
        // Unicode's line and paragraph separators are line breaks.
        for separated in ["Acme\u{2028}Corp", "Acme\u{2029}", "\u{2029}Acme"] {
            let err = check_free_text("--author", separated).unwrap_err();
            assert!(err.to_string().contains("line break"), "{err}");
        }
        // Combining marks alone print as nothing: empty. On a letter they are text.
        for marks in [
            "\u{0301}",
            "\u{0301}\u{0308} \u{20DD}",
            "\u{064B}\u{05B4}",
            "\u{200B}\u{0300}",
        ] {
            let err = check_free_text("--author", marks).unwrap_err();
            assert!(err.to_string().ends_with("it is empty"), "{err}");
        }
        assert!(check_free_text("--author", "Rene\u{0301} Dupont").is_ok());
        assert!(check_free_text("--author", "\u{0915}\u{093F}").is_ok());
        // Characters are counted, not bytes: 500 two-byte letters fit.
        assert!(check_free_text("--author", &"é".repeat(500)).is_ok());
        assert!(check_free_text("--author", &"é".repeat(501)).is_err());
    }
}
