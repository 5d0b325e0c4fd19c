//! Characters that print as nothing: Unicode's format characters (category Cf: the byte-order
//! mark, zero-width spaces and joiners, bidirectional overrides and isolates, tags) and the
//! other code points that render blank (fillers, variation selectors, the combining grapheme
//! joiner). Free text refuses them: a BOM breaks Go files (`illegal byte order mark`), a bidi
//! override makes text read other than it is.

/// The ranges, inclusive: Unicode 15.1's Cf, then the blank-rendering others.
const RANGES: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    // Blank without being Cf: the combining grapheme joiner, Hangul fillers, the Khmer
    // inherent vowels, variation selectors, the Braille blank.
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180D),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
];

/// Whether `c` prints as nothing (or reorders the text around it).
pub fn is_invisible(c: char) -> bool {
    let c = u32::from(c);
    RANGES.iter().any(|&(low, high)| (low..=high).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_blank_characters_are_invisible_and_letters_are_not() {
        for c in [
            '\u{FEFF}',
            '\u{200B}',
            '\u{202E}',
            '\u{2066}',
            '\u{00AD}',
            '\u{E0041}',
            '\u{3164}',
        ] {
            assert!(is_invisible(c), "{:04X}", u32::from(c));
        }
        for c in ['a', 'é', 'ß', '中', '\u{00A0}', ' ', '-'] {
            assert!(!is_invisible(c), "{:04X}", u32::from(c));
        }
    }
}
