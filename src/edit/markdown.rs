//! Structure-aware edits of the Markdown files that list components: the component list of
//! `docs/README.md` (by kind heading), the table of `README.md` and the "Added" list of
//! `CHANGELOG.md`. Headings and lists are found by Markdown structure, outside code fences;
//! every other byte is kept.

use crate::domain::kind::Kind;
use crate::edit::edit_point::MissingEditPoint;

/// One line of a Markdown file, with its byte range (the newline included in `end`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Inside a code fence or an HTML comment (its first and last lines too): text, not
    /// structure.
    pub(super) in_fence: bool,
}

/// An open code fence: its character and how many of them opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fence {
    char: char,
    len: usize,
}

/// The fence a line opens or closes, as CommonMark reads it: at most three spaces, then three
/// or more backticks or tildes.
fn fence_of(text: &str) -> Option<(Fence, &str)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[indent..];
    let char = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.chars().take_while(|c| *c == char).count();
    (indent <= 3 && len >= 3).then(|| (Fence { char, len }, &rest[len..]))
}

pub(super) fn lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut fence: Option<Fence> = None;
    let mut comment = false;
    while start < src.len() {
        let end = src[start..].find('\n').map_or(src.len(), |i| start + i + 1);
        let text = src[start..end].trim_end_matches(['\n', '\r']);
        let mut in_fence = fence.is_some() || comment;
        match (fence, fence_of(text)) {
            // A closing fence: the same character, at least as many, nothing after.
            (Some(open), Some((close, after)))
                if close.char == open.char && close.len >= open.len && after.trim().is_empty() =>
            {
                fence = None
            }
            (None, Some((open, _))) if !comment => {
                fence = Some(open);
                in_fence = true;
            }
            _ => {}
        }
        if fence.is_none() {
            let (opened, now_in) = html_comment(text, comment);
            in_fence |= opened;
            comment = now_in;
        }
        out.push(Line {
            text,
            start,
            end,
            in_fence,
        });
        start = end;
    }
    out
}

/// Whether `text` holds any part of an HTML comment, and whether a comment is still open at
/// its end, given whether one was open at its start.
fn html_comment(text: &str, mut open: bool) -> (bool, bool) {
    let mut touched = open;
    let mut rest = text;
    loop {
        if open {
            match rest.find("-->") {
                Some(at) => {
                    rest = &rest[at + 3..];
                    open = false;
                }
                None => return (true, true),
            }
        } else {
            match rest.find("<!--") {
                Some(at) => {
                    rest = &rest[at + 4..];
                    open = true;
                    touched = true;
                }
                None => return (touched, false),
            }
        }
    }
}

/// The level and text of an ATX heading (`## Text`), outside code fences.
fn heading(line: &Line) -> Option<(usize, String)> {
    if line.in_fence {
        return None;
    }
    let level = line.text.chars().take_while(|c| *c == '#').count();
    let rest = &line.text[level..];
    ((1..=6).contains(&level) && rest.starts_with(' ')).then(|| (level, normalize(rest)))
}

/// Lowercase letters and digits only: "Post-processors" and "Data Sources" compare as
/// "postprocessors" and "datasources".
fn normalize(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The heading title `new` gives each kind's section in docs/README.md.
fn section_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Builder => "Builders",
        Kind::Provisioner => "Provisioners",
        Kind::PostProcessor => "Post-processors",
        Kind::Datasource => "Data Sources",
    }
}

fn section_kind(normalized: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| normalize(section_title(*k)) == normalized)
}

fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")
}

/// The end of the list that starts at or after line `from` (skipping blank lines), if the
/// first non-blank line is a list item: the byte offset just after its last line.
fn list_end(lines: &[Line], from: usize) -> Option<usize> {
    let first = (from..lines.len()).find(|&i| !lines[i].text.trim().is_empty())?;
    if !is_list_item(lines[first].text) || lines[first].in_fence {
        return None;
    }
    let mut last = first;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        let continues = is_list_item(line.text)
            || (line.text.starts_with([' ', '\t']) && !line.text.trim().is_empty());
        if !continues {
            break;
        }
        last = i;
    }
    Some(lines[last].end)
}

/// `text` with `insert` placed at byte `at`, adding the newline a last line without one lacks.
fn insert_at(src: &str, at: usize, insert: &str) -> String {
    let mut out = String::with_capacity(src.len() + insert.len() + 1);
    out.push_str(&src[..at]);
    if at > 0 && !src[..at].ends_with('\n') {
        out.push('\n');
    }
    out.push_str(insert);
    out.push_str(&src[at..]);
    out
}

/// A heading: its line index, its level and its normalized text.
type Heading = (usize, usize, String);

/// Adds `item` (one list line, ending in a newline) to the list under the heading of `kind`
/// in docs/README.md. Without that heading, a new section is added in Packer's kind order
/// (builders, provisioners, post-processors, data sources) inside the "Components" section.
pub fn add_to_component_list(
    src: &str,
    kind: Kind,
    item: &str,
) -> Result<String, MissingEditPoint> {
    let lines = lines(src);
    let headings: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| heading(l).map(|(level, text)| (i, level, text)))
        .collect();
    if let Some(&(i, _, _)) = headings
        .iter()
        .find(|(_, _, t)| section_kind(t) == Some(kind))
    {
        let insert = match list_end(&lines, i + 1) {
            Some(at) => insert_at(src, at, item),
            None => insert_at(src, lines[i].end, &format!("\n{item}")),
        };
        return Ok(insert);
    }
    let Some(&(ci, clevel, _)) = headings.iter().find(|(_, _, t)| t == "components") else {
        return Err(MissingEditPoint {
            what: "the \"Components\" section of docs/README.md".into(),
            instructions: format!(
                "add this line to the list under the \"{}\" heading of the \"Components\" section of docs/README.md:\n{}",
                section_title(kind),
                item.trim_end()
            ),
        });
    };
    Ok(add_kind_section(
        src,
        &lines,
        &headings,
        (ci, clevel),
        kind,
        item,
    ))
}

/// `src` with a new section for `kind` holding `item`, in the Components section whose heading
/// is line `ci` at level `clevel`: before the first kind that Packer lists after `kind`, else at
/// the end of the section.
fn add_kind_section(
    src: &str,
    lines: &[Line],
    headings: &[Heading],
    (ci, clevel): (usize, usize),
    kind: Kind,
    item: &str,
) -> String {
    let section_end = headings
        .iter()
        .find(|(i, level, _)| *i > ci && *level <= clevel)
        .map(|(i, _, _)| *i)
        .unwrap_or(lines.len());
    let kind_headings: Vec<_> = headings
        .iter()
        .filter(|(i, _, _)| *i > ci && *i < section_end)
        .filter_map(|(i, level, t)| section_kind(t).map(|k| (*i, *level, k)))
        .collect();
    let level = kind_headings.first().map_or(clevel + 1, |(_, l, _)| *l);
    let section = format!("{} {}\n\n{item}", "#".repeat(level), section_title(kind));
    if let Some(&(before, _, _)) = kind_headings.iter().find(|(_, _, k)| *k > kind) {
        return insert_at(src, lines[before].start, &format!("{section}\n"));
    }
    let at = lines.get(section_end).map_or(src.len(), |l| l.start);
    let body = &src[..at];
    let lead = if body.ends_with("\n\n") || body.is_empty() {
        ""
    } else if body.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let trail = if at < src.len() { "\n" } else { "" };
    format!("{body}{lead}{section}{trail}{}", &src[at..])
}

/// Adds `row` (one table line, ending in a newline) to the first table with a column named
/// `column`, among the rows that name a component folder (`` `builder/x/` ``), in folder
/// order as `new` writes them; after the table's last row when it has none.
pub fn add_component_row(
    src: &str,
    column: &str,
    row: &str,
    dir: &str,
) -> Result<String, MissingEditPoint> {
    let lines = lines(src);
    let wanted = normalize(column);
    let header = lines
        .iter()
        .position(|l| {
            !l.in_fence
                && l.text.trim_start().starts_with('|')
                && l.text.split('|').any(|cell| normalize(cell) == wanted)
        })
        .ok_or_else(|| MissingEditPoint {
            what: format!("the table with a \"{column}\" column in README.md"),
            instructions: format!(
                "add this row to the table with a \"{column}\" column in README.md:\n{}",
                row.trim_end()
            ),
        })?;
    let rows: Vec<usize> = (header..lines.len())
        .take_while(|&i| lines[i].text.trim_start().starts_with('|'))
        .collect();
    let keyed: Vec<(usize, String)> = rows
        .iter()
        .filter_map(|&i| component_dir(lines[i].text).map(|d| (i, d)))
        .collect();
    let at = match keyed.iter().find(|(_, d)| d.as_str() > dir) {
        Some(&(i, _)) => lines[i].start,
        None => keyed
            .last()
            .map(|&(i, _)| i)
            .or(rows.last().copied())
            .map_or(lines[header].end, |i| lines[i].end),
    };
    Ok(insert_at(src, at, row))
}

/// The component folder a table row names, as in `` `builder/custom-cloud/` ``.
fn component_dir(row: &str) -> Option<String> {
    row.split('`').skip(1).step_by(2).find_map(|code| {
        let dir = code.strip_suffix('/')?;
        let (kind, name) = dir.split_once('/')?;
        let is_kind = Kind::ALL.iter().any(|k| k.as_str() == kind);
        (is_kind && !name.is_empty() && !name.contains('/')).then(|| dir.to_owned())
    })
}

/// The lines of a Keep a Changelog file's "Unreleased" section (after its heading, up to the
/// next heading of its level or above), each with the byte range it spans (its newline too).
pub fn unreleased_lines(src: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let lines = lines(src);
    let mut section = None;
    let mut out = Vec::new();
    for line in &lines {
        match (heading(line), section) {
            (Some((level, text)), None) if text == "unreleased" => section = Some(level),
            (Some((level, _)), Some(top)) if level <= top => break,
            (_, Some(_)) => out.push((line.start..line.end, line.text)),
            _ => {}
        }
    }
    out
}

/// Adds `item` (one list line) to the "Added" list of the "Unreleased" section of a Keep a
/// Changelog file, creating the "### Added" heading when the section has none.
pub fn add_changelog_item(src: &str, item: &str) -> Result<String, MissingEditPoint> {
    add_changelog_item_in(src, "Added", item)
}

/// Adds `item` to the `title` list ("Added", "Removed", "Changed") of the "Unreleased" section,
/// creating its heading when the section has none.
pub fn add_changelog_item_in(
    src: &str,
    title: &str,
    item: &str,
) -> Result<String, MissingEditPoint> {
    let lines = lines(src);
    let wanted = normalize(title);
    let missing = || MissingEditPoint {
        what: "the \"Unreleased\" section of CHANGELOG.md".into(),
        instructions: format!(
            "add this line under \"### {title}\" in the \"## [Unreleased]\" section of CHANGELOG.md:\n{}",
            item.trim_end()
        ),
    };
    let headings: Vec<(usize, usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| heading(l).map(|(level, text)| (i, level, text)))
        .collect();
    let &(ui, ulevel, _) = headings
        .iter()
        .find(|(_, _, t)| t == "unreleased")
        .ok_or_else(missing)?;
    let section_end = headings
        .iter()
        .find(|(i, level, _)| *i > ui && *level <= ulevel)
        .map(|(i, _, _)| *i);
    let added = headings
        .iter()
        .find(|(i, _, t)| *i > ui && section_end.is_none_or(|end| *i < end) && *t == wanted);
    match added {
        Some(&(ai, _, _)) => {
            let at = list_end(&lines, ai + 1).unwrap_or(lines[ai].end);
            let insert = if list_end(&lines, ai + 1).is_some() {
                item.to_owned()
            } else {
                format!("\n{item}")
            };
            Ok(insert_at(src, at, &insert))
        }
        None => {
            let insert = format!("\n{} {title}\n\n{item}", "#".repeat(ulevel + 1));
            Ok(insert_at(src, lines[ui].end, &insert))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = "Intro.\n\n### Components\n\n#### Builders\n\n- [X](/a) (`x`) - Builds.\n\n#### Data Sources\n\n- [X](/d) (`x`) - Looks up.\n";

    #[test]
    fn appends_to_the_list_of_the_same_kind() {
        let out = add_to_component_list(DOCS, Kind::Builder, "- [Second](/b) - Two.\n").unwrap();
        assert_eq!(
            out,
            DOCS.replace("- Builds.\n", "- Builds.\n- [Second](/b) - Two.\n")
        );
    }

    #[test]
    fn a_new_kind_gets_a_section_in_packer_order() {
        let out = add_to_component_list(DOCS, Kind::Provisioner, "- [P](/p) - Says.\n").unwrap();
        assert_eq!(
            out,
            DOCS.replace(
                "#### Data Sources",
                "#### Provisioners\n\n- [P](/p) - Says.\n\n#### Data Sources"
            )
        );
        let last = add_to_component_list(
            "### Components\n\n#### Builders\n\n- b\n",
            Kind::Datasource,
            "- d\n",
        )
        .unwrap();
        assert_eq!(
            last,
            "### Components\n\n#### Builders\n\n- b\n\n#### Data Sources\n\n- d\n"
        );
    }

    #[test]
    fn a_new_section_ends_before_the_next_top_heading() {
        let src = "### Components\n\n#### Builders\n\n- b\n\n### Other\n\ntext\n";
        let out = add_to_component_list(src, Kind::PostProcessor, "- p\n").unwrap();
        assert_eq!(
            out,
            "### Components\n\n#### Builders\n\n- b\n\n#### Post-processors\n\n- p\n\n### Other\n\ntext\n"
        );
    }

    #[test]
    fn headings_inside_code_fences_are_not_edit_points() {
        let src =
            "```md\n#### Builders\n- fake\n```\n\n### Components\n\n#### Builders\n\n- real\n";
        let out = add_to_component_list(src, Kind::Builder, "- new\n").unwrap();
        assert!(out.ends_with("- real\n- new\n"), "{out}");
        assert!(out.starts_with("```md\n#### Builders\n- fake\n```"));
    }

    #[test]
    fn headings_in_html_comments_and_long_fences_are_not_edit_points() {
        let src = "# X\n\n## Components\n\n<!--\n#### Data Sources\n-->\n````md\n#### Data Sources\n```\n#### Data Sources\n````\n\n#### Builders\n\n- b\n";
        let out = add_to_component_list(src, Kind::Datasource, "- d\n").unwrap();
        assert_eq!(
            out,
            format!("{src}\n#### Data Sources\n\n- d\n"),
            "the new section goes after the real headings, not into the comment or the fence"
        );
    }

    #[test]
    fn without_a_components_section_it_says_what_to_add() {
        let err = add_to_component_list("# Title\n\nNo list.\n", Kind::Builder, "- [S](/s)\n")
            .unwrap_err();
        assert!(
            err.instructions.contains("- [S](/s)"),
            "{}",
            err.instructions
        );
        assert!(err.instructions.contains("Builders"));
    }

    #[test]
    fn table_rows_go_in_folder_order_among_component_rows() {
        let src = "Text\n\n| Path | Contents |\n| --- | --- |\n| `main.go` | Main |\n| `builder/x/` | B |\n| `provisioner/x/` | P |\n| `version/` | V |\n\n## Next\n";
        let mid = add_component_row(src, "Contents", "| `datasource/x/` | D |\n", "datasource/x")
            .unwrap();
        assert_eq!(
            mid,
            src.replace(
                "| `provisioner/x/`",
                "| `datasource/x/` | D |\n| `provisioner/x/`"
            )
        );
        let last = add_component_row(
            src,
            "Contents",
            "| `provisioner/y/` | Y |\n",
            "provisioner/y",
        )
        .unwrap();
        assert_eq!(
            last,
            src.replace("| P |\n", "| P |\n| `provisioner/y/` | Y |\n")
        );
        let none = "| Kind | HCL type |\n| --- | --- |\n";
        assert_eq!(
            add_component_row(none, "HCL type", "| B | `[builder/x/]` |\n", "builder/x").unwrap(),
            format!("{none}| B | `[builder/x/]` |\n")
        );
        assert!(add_component_row("no table\n", "HCL type", "| r |\n", "builder/x").is_err());
    }

    #[test]
    fn the_unreleased_section_s_lines_are_those_up_to_the_next_release() {
        let src = "# Changelog\n\n## [Unreleased]\n\n- a\n\n## [0.1.0]\n\n- b\n";
        let lines: Vec<&str> = unreleased_lines(src).into_iter().map(|(_, l)| l).collect();
        assert_eq!(lines, ["", "- a", ""]);
        let (range, _) = &unreleased_lines(src)[1];
        assert_eq!(&src[range.clone()], "- a\n");
    }

    #[test]
    fn changelog_items_go_under_unreleased_added() {
        let src = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- The `x` builder.\n\n## [0.1.0]\n\n### Added\n\n- Old.\n";
        let out = add_changelog_item(src, "- The `y` provisioner.\n").unwrap();
        assert_eq!(
            out,
            src.replace(
                "- The `x` builder.\n",
                "- The `x` builder.\n- The `y` provisioner.\n"
            )
        );
        let bare = "## [Unreleased]\n\n## [0.1.0]\n";
        assert_eq!(
            add_changelog_item(bare, "- y\n").unwrap(),
            "## [Unreleased]\n\n### Added\n\n- y\n\n## [0.1.0]\n"
        );
    }
}
