//! Structure-aware reading and edit of `.web-docs/metadata.hcl`: its `component` blocks are
//! read (type and slug), and one is added inside the `integration` block, after its last
//! `component` block, found by HCL braces outside strings and comments. Every other byte is
//! kept.

use crate::edit::edit_point::MissingEditPoint;

/// A block header found at some depth: its identifier, the byte offset of its `{` and of the
/// matching `}`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    name: String,
    depth: usize,
    open: usize,
    close: usize,
}

/// A `component` block of metadata.hcl: its `type` and `slug` attributes (empty when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentBlock {
    pub web_type: String,
    pub slug: String,
}

/// The `component` blocks inside the `integration` block, in file order.
pub fn component_blocks(src: &str) -> Vec<ComponentBlock> {
    blocks(src)
        .into_iter()
        .filter(|b| b.name == "component" && b.depth == 1)
        .map(|b| {
            let body = &src[b.open + 1..b.close];
            ComponentBlock {
                web_type: attribute(body, "type"),
                slug: attribute(body, "slug"),
            }
        })
        .collect()
}

/// The string value of `key = "value"` on a line of its own in `body`.
fn attribute(body: &str, key: &str) -> String {
    body.lines()
        .filter_map(|line| line.trim().strip_prefix(key))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .filter_map(|value| value.trim().strip_prefix('"')?.split_once('"'))
        .map(|(value, _)| value.to_owned())
        .next()
        .unwrap_or_default()
}

/// Every block (`ident … {` … `}`) of an HCL file, skipping strings, heredocs (`<<EOT`,
/// `<<-EOT`) and comments (`#`, `//`, `/* */`). Unbalanced input yields the blocks closed so
/// far.
fn blocks(src: &str) -> Vec<Block> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut last_ident = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_to_newline(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_to_newline(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |j| i + 2 + j + 2);
            }
            b'"' => {
                i = skip_string(bytes, i);
                // A quoted block label (`component "x" {`) keeps the block's identifier.
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => i = skip_heredoc(src, i),
            b'{' => {
                open.push((std::mem::take(&mut last_ident), i));
                i += 1;
            }
            b'}' => {
                if let Some((name, at)) = open.pop() {
                    out.push(Block {
                        name,
                        depth: open.len(),
                        open: at,
                        close: i,
                    });
                }
                i += 1;
            }
            b'\n' | b'=' => {
                last_ident.clear();
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
                {
                    i += 1;
                }
                if last_ident.is_empty() {
                    last_ident = src[start..i].to_owned();
                }
            }
            _ => i += 1,
        }
    }
    out.sort_by_key(|b| b.open);
    out
}

fn skip_to_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |j| from + j)
}

fn skip_string(bytes: &[u8], from: usize) -> usize {
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// After a heredoc starting at `from` (`<<EOT` or `<<-EOT`, then lines up to one holding only
/// the marker, indented or not): the offset of that line's end. Not a heredoc: just past `<<`.
fn skip_heredoc(src: &str, from: usize) -> usize {
    let rest = &src[from + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let marker: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after_marker = src.len() - rest.len() + marker.len();
    let opens_line = src[after_marker..]
        .find('\n')
        .is_some_and(|nl| src[after_marker..after_marker + nl].trim().is_empty());
    if marker.is_empty() || !marker.starts_with(|c: char| c.is_ascii_alphabetic()) || !opens_line {
        return from + 2;
    }
    let mut at = end_of_line(src, after_marker);
    while at < src.len() {
        let next = end_of_line(src, at);
        if src[at..next].trim() == marker {
            return next;
        }
        at = next;
    }
    src.len()
}

/// The offset just after the line holding byte `at`.
fn end_of_line(src: &str, at: usize) -> usize {
    src[at..].find('\n').map_or(src.len(), |j| at + j + 1)
}

/// The offset of the start of the line holding byte `at`.
fn start_of_line(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map_or(0, |j| j + 1)
}

/// Adds `block` (text starting with a blank line and ending in a newline, as the
/// `metadata-component` snippet renders it) after the last `component` block of the
/// `integration` block, or before the integration block's closing brace when it has none.
pub fn add_component_block(src: &str, block: &str) -> Result<String, MissingEditPoint> {
    let all = blocks(src);
    let integration = all
        .iter()
        .find(|b| b.name == "integration" && b.depth == 0)
        .ok_or_else(|| MissingEditPoint {
            what: "the integration block of .web-docs/metadata.hcl".into(),
            instructions: format!(
                "add this block inside the `integration {{ … }}` block of .web-docs/metadata.hcl:\n{}",
                block.trim_matches('\n')
            ),
        })?;
    let last_component = all
        .iter()
        .filter(|b| {
            b.name == "component"
                && b.depth == 1
                && b.open > integration.open
                && b.close < integration.close
        })
        .max_by_key(|b| b.close);
    let at = match last_component {
        Some(c) => end_of_line(src, c.close),
        None => start_of_line(src, integration.close),
    };
    let mut out = String::with_capacity(src.len() + block.len() + 1);
    out.push_str(&src[..at]);
    if at > 0 && !src[..at].ends_with('\n') {
        out.push('\n');
    }
    out.push_str(block);
    out.push_str(&src[at..]);
    Ok(out)
}

/// `src` with the `hcp-ready` flag lines (`flag`, as the `metadata-hcp-ready` snippet renders
/// them, without a final newline) on (after the integration block's `identifier` line) or
/// off; `None` when it already is as asked, or on and there is no `identifier` line.
pub fn set_flag(src: &str, flag: &str, on: bool) -> Option<String> {
    let lines = format!("{flag}\n");
    let present = src.contains(&lines);
    match (on, present) {
        (true, false) => {
            let integration = blocks(src)
                .into_iter()
                .find(|b| b.name == "integration" && b.depth == 0)?;
            let body = &src[integration.open..integration.close];
            let line = body.lines().find(|l| {
                l.trim_start()
                    .strip_prefix("identifier")
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })?;
            let at = end_of_line(src, integration.open + body.find(line)?);
            Some(format!("{}{lines}{}", &src[..at], &src[at..]))
        }
        (false, true) => Some(src.replacen(&lines, "", 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = r#"# comment with { brace
integration {
  name        = "X {"
  description = "A } plugin."

  docs {
    process_docs = true
  }

  component {
    type = "builder"
    name = "X"
    slug = "x"
  }
}
"#;

    const BLOCK: &str =
        "\n  component {\n    type = \"data-source\"\n    name = \"Y\"\n    slug = \"y\"\n  }\n";

    #[test]
    fn component_blocks_are_read_with_their_type_and_slug() {
        let two = add_component_block(META, BLOCK).unwrap();
        let found = component_blocks(&two);
        let pairs: Vec<_> = found.iter().map(|b| (&*b.web_type, &*b.slug)).collect();
        assert_eq!(pairs, [("builder", "x"), ("data-source", "y")]);
        // A block outside `integration`, and `docs`, are not components.
        assert!(component_blocks("component {\n  slug = \"z\"\n}\n").is_empty());
    }

    #[test]
    fn adds_after_the_last_component_block() {
        let out = add_component_block(META, BLOCK).unwrap();
        assert_eq!(
            out,
            META.replace(
                "    slug = \"x\"\n  }\n",
                &format!("    slug = \"x\"\n  }}\n{BLOCK}")
            )
        );
    }

    #[test]
    fn adds_before_the_closing_brace_without_components() {
        let src = "integration {\n  name = \"X\"\n}\n";
        let out = add_component_block(src, BLOCK).unwrap();
        assert_eq!(out, format!("integration {{\n  name = \"X\"\n{BLOCK}}}\n"));
    }

    #[test]
    fn braces_in_strings_and_comments_are_not_structure() {
        let found = blocks(META);
        let names: Vec<_> = found.iter().map(|b| (b.name.as_str(), b.depth)).collect();
        assert_eq!(names, [("integration", 0), ("docs", 1), ("component", 1)]);
    }

    #[test]
    fn braces_in_a_heredoc_are_text_and_the_block_goes_after_it() {
        let src = "integration {\n  description = <<EOT\n  component {\n  }\n}\nEOT\n  component {\n    slug = \"a\"\n  }\n  notes = <<-NOTE\n    { not a block\n    NOTE\n}\n";
        let out = add_component_block(src, "\n  component {\n    slug = \"b\"\n  }\n").unwrap();
        assert_eq!(
            out,
            "integration {\n  description = <<EOT\n  component {\n  }\n}\nEOT\n  component {\n    slug = \"a\"\n  }\n\n  component {\n    slug = \"b\"\n  }\n  notes = <<-NOTE\n    { not a block\n    NOTE\n}\n"
        );
    }

    #[test]
    fn without_an_integration_block_it_says_what_to_add() {
        let err = add_component_block("# nothing\n", BLOCK).unwrap_err();
        assert!(err.instructions.contains("slug = \"y\""));
    }

    #[test]
    fn the_hcp_ready_flag_goes_after_the_identifier_and_comes_off_again() {
        let flag = "  # Flagged.\n  flags = [\"hcp-ready\"]";
        let src =
            "integration {\n  name = \"X\"\n  identifier = \"packer/a/x\"\n\n  docs {\n  }\n}\n";
        let on = set_flag(src, flag, true).unwrap();
        assert_eq!(on, src.replace("x\"\n\n", &format!("x\"\n{flag}\n\n")));
        assert_eq!(set_flag(&on, flag, true), None);
        assert_eq!(set_flag(&on, flag, false).unwrap(), src);
        assert_eq!(set_flag(src, flag, false), None);
        assert_eq!(set_flag("integration {\n}\n", flag, true), None);
    }
}
