//! README.md's "How the components are built" section, which only a plugin with components of
//! the full skeleton has: put before the "Changing a component" heading when the first such
//! component arrives, taken out with the last one, where it is as packer-scaffold writes it.

use super::markdown::lines;

/// The heading the section starts with.
pub const HEADING: &str = "## How the components are built";
/// The heading `new` writes right after the section.
const NEXT: &str = "## Changing a component";

/// `src` with `section` (its heading first, ending in a blank line) before the "Changing a
/// component" heading; `None` when the section is there already or that heading is not.
pub fn insert(src: &str, section: &str) -> Option<String> {
    if heading_at(src, HEADING).is_some() {
        return None;
    }
    let at = heading_at(src, NEXT)?;
    let section = in_endings_of(src, section);
    Some(format!("{}{section}{}", &src[..at], &src[at..]))
}

/// `src` without `section`, when it holds it byte for byte as a section of its own; `None`
/// otherwise (edited, or gone already), and then it is the user's to keep or delete.
pub fn remove(src: &str, section: &str) -> Option<String> {
    let at = heading_at(src, HEADING)?;
    let section = in_endings_of(src, section);
    src[at..]
        .starts_with(&section)
        .then(|| format!("{}{}", &src[..at], &src[at + section.len()..]))
}

/// `section` (written with LF) with the line endings of `src`: CRLF in a README checked out
/// with them (git's `core.autocrlf` on Windows), so it is found there and never mixes the two.
fn in_endings_of(src: &str, section: &str) -> String {
    if src.contains("\r\n") {
        section.replace('\n', "\r\n")
    } else {
        section.to_owned()
    }
}

/// Where the line `heading` starts, outside code fences and comments.
fn heading_at(src: &str, heading: &str) -> Option<usize> {
    lines(src)
        .iter()
        .find(|l| !l.in_fence && l.text.trim_end() == heading)
        .map(|l| l.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: &str = "## How the components are built\n\nDrivers.\n\n";
    const README: &str = "# P\n\n## Testing\n\nRun.\n\n## Changing a component\n\nEdit.\n";

    #[test]
    fn goes_before_changing_a_component_once_and_comes_out_as_it_went_in() {
        let with = insert(README, SECTION).unwrap();
        assert_eq!(
            with,
            "# P\n\n## Testing\n\nRun.\n\n## How the components are built\n\nDrivers.\n\n## Changing a component\n\nEdit.\n"
        );
        assert_eq!(insert(&with, SECTION), None, "never twice");
        assert_eq!(remove(&with, SECTION).unwrap(), README);
    }

    #[test]
    fn an_edited_section_or_a_readme_without_the_heading_is_left_alone() {
        let with = insert(README, SECTION).unwrap();
        let edited = with.replace("Drivers.", "Our drivers.");
        assert_eq!(remove(&edited, SECTION), None);
        assert_eq!(remove(README, SECTION), None);
        assert_eq!(insert("# P\n\nNo headings we know.\n", SECTION), None);
    }

    #[test]
    fn a_readme_with_crlf_endings_gets_and_gives_up_the_section_in_crlf() {
        let crlf = README.replace('\n', "\r\n");
        let with = insert(&crlf, SECTION).unwrap();
        assert!(with.contains("## How the components are built\r\n\r\nDrivers.\r\n\r\n"));
        assert!(
            !with.replace("\r\n", "").contains('\n'),
            "no bare LF: {with:?}"
        );
        assert_eq!(remove(&with, SECTION).unwrap(), crlf);
    }

    #[test]
    fn headings_inside_code_fences_are_text() {
        let fenced = "# P\n\n```md\n## Changing a component\n```\n";
        assert_eq!(insert(fenced, SECTION), None);
    }
}
