//! What make said: the last lines that say why `make generate` failed, without make's own
//! `*** …` lines or the timestamps of Go's logger.

/// The last two lines of make's stderr that say why: make's own `*** …` lines and the
/// timestamps of Go's logger left out.
pub(in crate::cmd::doctor) fn why(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| without_timestamp(l.trim()))
        .filter(|l| !l.is_empty() && !makes_own(l))
        .collect();
    if lines.is_empty() {
        return text
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("it printed no error")
            .to_owned();
    }
    lines[lines.len().saturating_sub(2)..].join("; ")
}

/// `make: *** […] Error 1` and the like: make saying that something failed, not what.
pub(super) fn makes_own(line: &str) -> bool {
    line.starts_with("make") && line.contains("*** ")
}

/// `2026/11/24 00:39:25 ParseFile: …` without its date and time.
pub(super) fn without_timestamp(line: &str) -> &str {
    let stamp = line.get(..20).unwrap_or_default();
    let shape = stamp.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'/',
        10 | 19 => b == b' ',
        13 | 16 => b == b':',
        _ => b.is_ascii_digit(),
    });
    if stamp.len() == 20 && shape {
        &line[20..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_quotes_the_lines_that_say_why() {
        assert_eq!(
            why(
                b"2026/11/24 00:39:25 ParseFile: config.go:60:1: expected declaration, found x\n\
                  builder/x/config.go:4: running \"go\": exit status 1\n\
                  make: *** [GNUmakefile:28: generate] Error 1\n\n"
            ),
            "ParseFile: config.go:60:1: expected declaration, found x; \
             builder/x/config.go:4: running \"go\": exit status 1"
        );
        assert_eq!(
            why(b"make: *** No rule to make target 'generate'.  Stop.\n"),
            "make: *** No rule to make target 'generate'.  Stop."
        );
        assert_eq!(why(b""), "it printed no error");
    }
}
