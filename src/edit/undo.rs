//! Undoing an insertion-only edit: every edit `add` makes inserts text (a list item, a table
//! row, a block, an import and a call) and changes no byte that was there. So the text before
//! it is the current text with some whole lines deleted. `undo` tries the deletions that take
//! out the lines holding the inserted text (with up to a few lines above, such as a heading the
//! edit created, and the blank line below), largest first, and accepts one only if redoing the
//! edit on the result gives back exactly the current text; failing that, the smallest deletion
//! whose redo gives the same lines in another place (the component was added before others,
//! which the edit would now put after it): the deleted lines are then exactly the lines the
//! edit inserts. A proven inverse, or none.

/// How many lines above an inserted line may also have been inserted (a heading, a blank line,
/// `### Added`).
const LINES_ABOVE: usize = 4;
/// How many occurrences of a needle are tried.
const OCCURRENCES: usize = 4;

/// The text before the edit `redo` makes, where `needles` are pieces of the inserted text
/// (each on lines of its own): `None` when no deletion of those lines is undone by `redo`.
pub fn undo(
    current: &str,
    needles: &[&str],
    redo: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    undo_at(current, needles, &redo, false).map(|(text, _)| text)
}

/// The edit undone in place: `current` with the lines of `old_needles` (inserted by `redo_old`)
/// replaced by what `redo_new` inserts, where they were. Falls back to undoing and redoing
/// (the new lines where the edit puts them) when the pieces do not pair up; `None` when the
/// old edit cannot be undone.
pub fn replace(
    current: &str,
    old_needles: &[&str],
    redo_old: impl Fn(&str) -> Option<String>,
    new_needles: &[&str],
    redo_new: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let (base, mut ranges) = undo_at(current, old_needles, &redo_old, false)?;
    let redone = redo_new(&base)?;
    let Some(inserted) = insertions(&base, &redone) else {
        return Some(redone);
    };
    ranges.sort();
    if inserted.len() != ranges.len() {
        return Some(redone);
    }
    let mut out = String::with_capacity(redone.len());
    let mut at = 0;
    for ((start, end), text) in ranges.iter().zip(&inserted) {
        out.push_str(&current[at..*start]);
        out.push_str(text);
        at = *end;
    }
    out.push_str(&current[at..]);
    // In place only where each new piece has the old one's shape (its heading and blank
    // lines where the old one had them), and the new edit undone from the result gives the
    // text before.
    let shaped = ranges
        .iter()
        .zip(&inserted)
        .all(|(&(start, end), new)| same_shape(&current[start..end], new, old_needles));
    let proven =
        shaped && undo_at(&out, new_needles, &redo_new, false).is_some_and(|(b, _)| b == base);
    Some(if proven { out } else { redone })
}

/// Whether `new` has as many lines as `old` and differs from it only on lines that hold one
/// of the `needles` (the old component's own text).
fn same_shape(old: &str, new: &str, needles: &[&str]) -> bool {
    let holds_needle = |line: &str| {
        needles
            .iter()
            .flat_map(|n| n.lines())
            .any(|piece| !piece.trim().is_empty() && line.contains(piece.trim()))
    };
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    old.len() == new.len() && old.iter().zip(&new).all(|(o, n)| o == n || holds_needle(o))
}

/// The runs of lines `after` has that `before` lacks, in order, when that is the only
/// difference (an insertion-only edit).
fn insertions(before: &str, after: &str) -> Option<Vec<String>> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(before, after);
    let mut runs: Vec<String> = Vec::new();
    let mut open = false;
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => return None,
            ChangeTag::Insert if open => runs.last_mut()?.push_str(change.value()),
            ChangeTag::Insert => {
                runs.push(change.value().to_owned());
                open = true;
            }
            ChangeTag::Equal => open = false,
        }
    }
    Some(runs)
}

/// [`undo`], with the deleted ranges; `exact_only` leaves out the proof by the same lines
/// elsewhere.
fn undo_at(
    current: &str,
    needles: &[&str],
    redo: &dyn Fn(&str) -> Option<String>,
    exact_only: bool,
) -> Option<(String, Vec<(usize, usize)>)> {
    let choices: Vec<Vec<(usize, usize)>> = needles
        .iter()
        .map(|needle| ranges_for(current, needle))
        .collect();
    if choices.iter().any(Vec::is_empty) {
        return None;
    }
    let exact = |redone: &str| redone == current;
    let same_lines = |redone: &str| sorted_lines(redone) == sorted_lines(current);
    let mut picked = Vec::new();
    if let Some(text) = search(current, &choices, &mut picked, redo, &exact) {
        return Some((text, picked));
    }
    if exact_only {
        return None;
    }
    // Elsewhere, the smallest deletion first: a larger one could take a heading away from
    // the lines under it, which the edit would then make again around its own.
    let smallest_first: Vec<Vec<(usize, usize)>> = choices
        .into_iter()
        .map(|mut ranges| {
            ranges.sort_by_key(|(start, end)| (end - start, *start));
            ranges
        })
        .collect();
    let mut picked = Vec::new();
    search(current, &smallest_first, &mut picked, redo, &same_lines).map(|text| (text, picked))
}

/// Tries every combination of one range per needle, depth first, for a deletion `proves`
/// accepts once redone.
fn search(
    current: &str,
    choices: &[Vec<(usize, usize)>],
    picked: &mut Vec<(usize, usize)>,
    redo: &dyn Fn(&str) -> Option<String>,
    proves: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let Some(options) = choices.get(picked.len()) else {
        if picked.iter().any(|&range| orphans(current, range)) {
            return None;
        }
        let candidate = delete(current, picked)?;
        return redo(&candidate)
            .is_some_and(|redone| proves(&redone))
            .then_some(candidate);
    };
    for &range in options {
        picked.push(range);
        if let Some(found) = search(current, choices, picked, redo, proves) {
            return Some(found);
        }
        picked.pop();
    }
    None
}

/// Whether deleting `start..end` of `current` takes a heading (a Markdown heading, or a `#`
/// comment) away from lines under it: a heading goes only with everything up to the next
/// heading of its level or higher (blank lines and link reference definitions aside).
fn orphans(current: &str, (start, end): (usize, usize)) -> bool {
    let Some(level) = current[start..end].lines().filter_map(heading_level).min() else {
        return false;
    };
    for line in current[end..].lines() {
        match heading_level(line) {
            Some(next) if next <= level => return false,
            Some(_) => return true,
            None if line.trim().is_empty() || is_link_definition(line) => {}
            None => return true,
        }
    }
    false
}

/// The level of a `#` heading line (`### Added` is 3).
fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (hashes > 0 && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// `[Unreleased]: https://…`
fn is_link_definition(line: &str) -> bool {
    line.starts_with('[') && line.contains("]: ")
}

/// The lines of a text, sorted: equal for two texts that differ only in the order of lines.
fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines.sort_unstable();
    lines
}

/// `current` without the byte ranges, which must not overlap.
fn delete(current: &str, ranges: &[(usize, usize)]) -> Option<String> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    if sorted.windows(2).any(|w| w[0].1 > w[1].0) {
        return None;
    }
    let mut out = String::with_capacity(current.len());
    let mut at = 0;
    for (start, end) in sorted {
        out.push_str(&current[at..start]);
        at = end;
    }
    out.push_str(&current[at..]);
    Some(out)
}

/// The ranges that may hold `needle`'s insertion: the whole lines of each occurrence, started
/// up to `LINES_ABOVE` lines higher, ended on the next line or not.
fn ranges_for(current: &str, needle: &str) -> Vec<(usize, usize)> {
    let starts = line_starts(current);
    let mut out = Vec::new();
    for (at, _) in current.match_indices(needle).take(OCCURRENCES) {
        let first = starts.partition_point(|&s| s <= at) - 1;
        let end_of = |i: usize| starts.get(i + 1).copied().unwrap_or(current.len());
        let last = starts.partition_point(|&s| s < at + needle.len()) - 1;
        let ends = [end_of(last), end_of(last + 1)];
        // Largest first: when a shorter deletion is proven too (an empty heading left over),
        // the one that also takes out what the edit would make again wins.
        for up in (0..=LINES_ABOVE.min(first)).rev() {
            for &end in ends
                .iter()
                .take(if end_of(last) == current.len() { 1 } else { 2 })
                .rev()
            {
                out.push((starts[first - up], end));
            }
        }
    }
    out
}

/// Where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len() || i == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edit that inserts a heading and an item after the first line, as a list edit does.
    fn insert(src: &str) -> Option<String> {
        let cut = src.find('\n')? + 1;
        Some(format!("{}\n## B\n\n- b\n{}", &src[..cut], &src[cut..]))
    }

    #[test]
    fn the_deletion_redo_proves_is_found() {
        let before = "# Title\n\n## A\n\n- a\n";
        let after = insert(before).unwrap();
        assert_eq!(undo(&after, &["- b"], insert).as_deref(), Some(before));
    }

    #[test]
    fn no_deletion_is_accepted_that_redo_does_not_prove() {
        let after = insert("# Title\n\n## A\n\n- a\n").unwrap();
        assert_eq!(undo(&after, &["- c"], insert), None);
        // The item is there, but not as the edit writes it: no deletion is proven.
        let other = "# Title\n- b\n";
        assert_eq!(undo(other, &["- b"], insert), None);
    }

    /// The edit makes the heading when it is missing, so deleting the heading with the first
    /// item is proven too; but the heading stays while items are under it.
    #[test]
    fn a_heading_is_not_taken_from_the_items_under_it() {
        let add = |s: &str| {
            Some(if s.contains("### Added\n\n") {
                s.replacen("### Added\n\n", "### Added\n\n- a\n", 1)
            } else {
                s.replacen("## U\n", "## U\n\n### Added\n\n- a\n", 1)
            })
        };
        let current = "## U\n\n### Added\n\n- a\n- b\n\n[U]: https://x\n";
        assert_eq!(
            undo(current, &["- a"], add).as_deref(),
            Some("## U\n\n### Added\n\n- b\n\n[U]: https://x\n")
        );
        let only = "## U\n\n### Added\n\n- a\n\n[U]: https://x\n";
        assert_eq!(
            undo(only, &["- a"], add).as_deref(),
            Some("## U\n\n[U]: https://x\n")
        );
    }

    /// An edit that appends an item to the end of the list: undone for an item added before
    /// others, which it would now append after them.
    #[test]
    fn an_item_added_before_others_is_taken_out_where_it_is() {
        let append = |s: &str| Some(format!("{s}- b\n"));
        let current = "# List\n- a\n- b\n- c\n";
        assert_eq!(
            undo(current, &["- b"], append).as_deref(),
            Some("# List\n- a\n- c\n")
        );
    }

    #[test]
    fn a_replacement_takes_the_place_of_what_it_replaces() {
        let append = |item: &'static str| move |s: &str| Some(format!("{s}{item}"));
        let current = "# List\n- a\n- b\n- c\n";
        let replaced = replace(
            current,
            &["- b"],
            append("- b\n"),
            &["- x"],
            append("- x\n"),
        );
        assert_eq!(replaced.as_deref(), Some("# List\n- a\n- x\n- c\n"));
        // A new piece of another shape than the old one goes where the edit puts it.
        let two = |s: &str| Some(format!("{s}## X\n- x\n"));
        let replaced = replace(current, &["- b"], append("- b\n"), &["- x"], two);
        assert_eq!(replaced.as_deref(), Some("# List\n- a\n- c\n## X\n- x\n"));
        let missing = replace(
            current,
            &["- y"],
            append("- y\n"),
            &["- x"],
            append("- x\n"),
        );
        assert_eq!(missing, None);
    }
}
