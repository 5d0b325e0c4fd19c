//! Words quoted as a POSIX shell reads them, for the commands we suggest to the user.

/// `word` as it must be typed at a POSIX shell prompt to arrive unchanged: as is when every
/// character is plain there, else in single quotes (a `'` inside becomes `'\''`).
pub fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./,:@%+=".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn plain_words_stay_as_they_are() {
        assert_eq!(
            quote("/tmp/packer-plugin-x_1.2"),
            "/tmp/packer-plugin-x_1.2"
        );
    }

    #[test]
    fn words_a_shell_would_change_are_single_quoted() {
        assert_eq!(quote("/tmp/my plugins/x"), "'/tmp/my plugins/x'");
        assert_eq!(quote("/tmp/$HOME/*"), "'/tmp/$HOME/*'");
        assert_eq!(quote("~/x"), "'~/x'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn a_single_quote_is_closed_escaped_and_reopened() {
        assert_eq!(quote("/tmp/it's"), r"'/tmp/it'\''s'");
    }

    #[test]
    fn the_quoted_word_is_what_sh_reads_back() {
        for word in ["/tmp/it's here", "a\"b$c`d\\e", "tab\there", "ünï cödé"] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", quote(word)))
                .output()
                .expect("sh runs");
            assert_eq!(String::from_utf8_lossy(&out.stdout), word);
        }
    }
}
