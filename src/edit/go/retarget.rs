//! main.go's registration of one component taken out, or pointed at a renamed package, where
//! the file was not written by `add` (an adopted repository: its own aliases and layout). Line
//! based (the import line naming the package, the `Register…` call of `new(<alias>.<Type>)`),
//! and accepted only when reading the result back finds exactly the registrations expected.

use super::reader::registrations;
use crate::domain::registration::{RegisteredName, Registration};

/// `src` without the import of `import_path` and the call registering its `go_type`.
pub fn remove_registration(src: &str, import_path: &str, go_type: &str) -> Option<String> {
    let (import, call) = lines_of(src, import_path, go_type)?;
    let out: String = src
        .split_inclusive('\n')
        .enumerate()
        .filter(|(i, _)| *i != import && *i != call)
        .map(|(_, l)| l)
        .collect();
    let expected: Vec<Registration> = registrations(src)
        .ok()?
        .into_iter()
        .filter(|r| r.import_path.as_deref() != Some(import_path))
        .collect();
    same(&registrations(&out).ok()?, &expected).then_some(out)
}

/// `src` with the import of `old_path` naming `new_path`, and the call registering it under
/// `new_name` (the alias stays).
pub fn retarget_registration(
    src: &str,
    (old_path, new_path): (&str, &str),
    go_type: &str,
    (old_name, new_name): (&RegisteredName, &RegisteredName),
) -> Option<String> {
    let (import, call) = lines_of(src, old_path, go_type)?;
    let quoted = |n: &RegisteredName| match n {
        RegisteredName::Named(n) => Some(format!("\"{n}\"")),
        RegisteredName::Default => None,
    };
    let out: String = src
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i == import {
                l.replace(&format!("\"{old_path}\""), &format!("\"{new_path}\""))
            } else if let (true, Some(old), Some(new)) =
                (i == call, quoted(old_name), quoted(new_name))
            {
                l.replacen(&old, &new, 1)
            } else {
                l.to_owned()
            }
        })
        .collect();
    let expected: Vec<Registration> = registrations(src)
        .ok()?
        .into_iter()
        .map(|mut r| {
            if r.import_path.as_deref() == Some(old_path) {
                r.import_path = Some(new_path.to_owned());
                r.name = new_name.clone();
            }
            r
        })
        .collect();
    same(&registrations(&out).ok()?, &expected).then_some(out)
}

/// The index of the one line importing `path` (as `<alias> "<path>"`) and of the one line
/// calling `Register…(…, new(<alias>.<go_type>))`.
fn lines_of(src: &str, path: &str, go_type: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{path}\"");
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let import = only(lines.iter().positions(|l| l.contains(&quoted)))?;
    let alias = lines[import]
        .split_whitespace()
        .find(|w| *w != "import")
        .filter(|w| !w.starts_with('"'))?;
    let call = format!("new({alias}.{go_type})");
    let call = only(
        lines
            .iter()
            .positions(|l| l.contains(&call) && l.contains(".Register")),
    )?;
    Some((import, call))
}

/// The only item, if there is exactly one.
fn only(mut items: impl Iterator<Item = usize>) -> Option<usize> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// Registrations equal but for the lines they are on.
fn same(a: &[Registration], b: &[Registration]) -> bool {
    let key = |r: &Registration| (r.register_fn.clone(), r.name.clone(), r.import_path.clone());
    a.len() == b.len() && a.iter().map(key).eq(b.iter().map(key))
}

/// `positions` for iterators of lines.
trait Positions<'a>: Iterator<Item = &'a &'a str> + Sized {
    fn positions(self, keep: impl Fn(&str) -> bool) -> impl Iterator<Item = usize> {
        self.enumerate()
            .filter(move |(_, l)| keep(l))
            .map(|(i, _)| i)
    }
}

impl<'a, I: Iterator<Item = &'a &'a str>> Positions<'a> for I {}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = "package main\n\nimport (\n\t\"fmt\"\n\n\tcloudBuilder \"x/builder/cloud\"\n\ttagPP \"x/post-processor/tag\"\n\t\"github.com/hashicorp/packer-plugin-sdk/plugin\"\n)\n\nfunc main() {\n\tpps := plugin.NewSet()\n\tpps.RegisterBuilder(plugin.DEFAULT_NAME, new(cloudBuilder.Builder))\n\tpps.RegisterPostProcessor(\"tag\", new(tagPP.PostProcessor))\n\tif err := pps.Run(); err != nil {\n\t\tfmt.Println(err)\n\t}\n}\n";

    #[test]
    fn a_registration_in_a_file_of_its_own_style_goes() {
        let out = remove_registration(MAIN, "x/post-processor/tag", "PostProcessor").unwrap();
        assert_eq!(
            out,
            MAIN.replace("\ttagPP \"x/post-processor/tag\"\n", "")
                .replace(
                    "\tpps.RegisterPostProcessor(\"tag\", new(tagPP.PostProcessor))\n",
                    ""
                )
        );
        assert_eq!(remove_registration(MAIN, "x/nothing", "Builder"), None);
    }

    #[test]
    fn a_registration_is_pointed_at_the_renamed_package() {
        let names = (
            &RegisteredName::Named("tag".into()),
            &RegisteredName::Named("label".into()),
        );
        let paths = ("x/post-processor/tag", "x/post-processor/label");
        let out = retarget_registration(MAIN, paths, "PostProcessor", names).unwrap();
        assert_eq!(
            out,
            MAIN.replace("\"x/post-processor/tag\"", "\"x/post-processor/label\"")
                .replace("(\"tag\", new(tagPP", "(\"label\", new(tagPP")
        );
    }
}
