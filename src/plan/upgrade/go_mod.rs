//! go.mod after an upgrade, where the user changed it: the user's file with each requirement
//! the templates name raised to the templates' version where that is newer (never lowered),
//! the requirements and `tool` lines the templates add added, and the `go` directive raised.
//! `go mod tidy` settles the rest; go.sum is never merged as text.

use std::cmp::Ordering;

/// `ours` with the requirements of `theirs` (the current templates' go.mod) raised into it.
pub fn raised(ours: &str, theirs: &str) -> String {
    let mut text = ours.to_owned();
    if let (Some(want), Some(have)) = (go_directive(theirs), go_directive(&text))
        && newer(&want, &have) == Ordering::Greater
    {
        text = text.replacen(&format!("go {have}\n"), &format!("go {want}\n"), 1);
    }
    for (module, version) in requirements(theirs) {
        text = match requirements(&text).into_iter().find(|(m, _)| *m == module) {
            Some((_, have)) if newer(&version, &have) == Ordering::Greater => {
                replace_requirement(&text, &module, &have, &version)
            }
            Some(_) => text,
            None => add_requirement(&text, &module, &version),
        };
    }
    for tool in tools(theirs) {
        if !tools(&text).contains(&tool) {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("\ntool {tool}\n"));
        }
    }
    text
}

/// The version of the `go` directive.
fn go_directive(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("go "))
        .map(|v| v.trim().to_owned())
}

/// Every `module version` required, in blocks or on single lines (`// indirect` aside).
fn requirements(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line == "require (" {
            in_block = true;
            continue;
        }
        if in_block && line == ")" {
            in_block = false;
            continue;
        }
        let entry = if in_block {
            Some(line)
        } else {
            line.strip_prefix("require ")
        };
        let mut words = entry.unwrap_or("").split_whitespace();
        if let (Some(module), Some(version), None) = (words.next(), words.next(), words.next()) {
            out.push((module.to_owned(), version.to_owned()));
        }
    }
    out
}

/// Every single-line `tool` directive's path.
fn tools(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("tool "))
        .map(|t| t.trim().to_owned())
        .collect()
}

/// `text` with `module`'s required version `have` made `want`, on the line that requires it
/// (a `replace` or `exclude` line naming the same module is left alone).
fn replace_requirement(text: &str, module: &str, have: &str, want: &str) -> String {
    let mut in_block = false;
    text.split_inclusive('\n')
        .map(|line| {
            let code = line.split("//").next().unwrap_or("").trim();
            let requires = in_block || code.starts_with("require ");
            if code.ends_with('(') {
                in_block = code.starts_with("require");
            } else if code == ")" {
                in_block = false;
            }
            let words: Vec<&str> = code.split_whitespace().collect();
            let named = words.windows(2).any(|w| w == [module, have]);
            if requires && named {
                line.replacen(&format!("{module} {have}"), &format!("{module} {want}"), 1)
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// `text` with `module version` required: in the first `require (` block, else on a line of
/// its own at the end.
fn add_requirement(text: &str, module: &str, version: &str) -> String {
    if let Some(at) = text.find("require (\n") {
        let insert = at + "require (\n".len();
        let mut out = text.to_owned();
        out.insert_str(insert, &format!("\t{module} {version}\n"));
        return out;
    }
    let mut out = text.to_owned();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("\nrequire {module} {version}\n"));
    out
}

/// Orders two Go versions (`v1.2.3`, `v0.0.0-2024…`, `1.25.11`): by their numbers, then a
/// release above its pre-releases, then pre-release text.
fn newer(a: &str, b: &str) -> Ordering {
    let split = |v: &str| -> (Vec<u64>, String) {
        let v = v.trim_start_matches('v');
        let (core, pre) = v.split_once('-').unwrap_or((v, ""));
        let core = core.split('+').next().unwrap_or(core);
        let numbers = core.split('.').map(|n| n.parse().unwrap_or(0)).collect();
        (numbers, pre.to_owned())
    };
    let ((na, pa), (nb, pb)) = (split(a), split(b));
    na.cmp(&nb)
        .then_with(|| match (pa.is_empty(), pb.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => pa.cmp(&pb),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "module example.com/p\n\ngo 1.24.0\n\nrequire (\n\tgithub.com/hashicorp/packer-plugin-sdk v0.6.1\n\tgithub.com/mine/lib v1.9.0\n)\n\nrequire example.com/single v2.0.0 // indirect\n";

    #[test]
    fn requirements_are_raised_never_lowered_and_new_ones_added() {
        let theirs = "module example.com/p\n\ngo 1.25.11\n\nrequire (\n\tgithub.com/hashicorp/packer-plugin-sdk v0.6.10\n\tgithub.com/mine/lib v1.2.0\n\tgithub.com/zclconf/go-cty v1.16.3\n)\n\nrequire example.com/single v1.0.0\n\ntool github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc\n";
        let out = raised(OURS, theirs);
        assert!(out.contains("go 1.25.11\n"), "{out}");
        assert!(out.contains("\tgithub.com/hashicorp/packer-plugin-sdk v0.6.10\n"));
        assert!(
            out.contains("\tgithub.com/mine/lib v1.9.0\n"),
            "not lowered"
        );
        assert!(
            out.contains("\tgithub.com/zclconf/go-cty v1.16.3\n"),
            "{out}"
        );
        assert!(out.contains("require example.com/single v2.0.0 // indirect\n"));
        assert!(out.ends_with("\ntool github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc\n"));
        assert_eq!(raised(&out, theirs), out, "a second time changes nothing");
        let replaced = "module p\n\nrequire x.org/m v1.0.0\n\nreplace x.org/m v1.0.0 => ../m\n";
        let out = raised(replaced, "module p\n\nrequire x.org/m v1.2.0\n");
        assert!(out.contains("require x.org/m v1.2.0\n"), "{out}");
        assert!(out.contains("replace x.org/m v1.0.0 => ../m\n"), "{out}");
    }

    #[test]
    fn versions_order_by_number_then_release_above_pre_release() {
        assert_eq!(newer("v0.6.10", "v0.6.9"), Ordering::Greater);
        assert_eq!(newer("1.25.11", "1.26"), Ordering::Less);
        assert_eq!(newer("v1.0.0", "v1.0.0-rc.1"), Ordering::Greater);
        assert_eq!(newer("v0.0.0-2025", "v0.0.0-2024"), Ordering::Greater);
    }
}
