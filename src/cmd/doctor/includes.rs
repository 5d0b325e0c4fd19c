//! The files a Makefile includes, so the Makefile check's scratch copy holds them too: the
//! words of `include`, `-include` and `sinclude` lines that name a file of the repository by a
//! relative path without variables (`include mk/dev.mk`), followed into those files in turn.
//! A name with `$` (or a pattern, `mk/*.mk`) is make's to expand, and is left out; so are
//! paths leaving the repository and paths through a symbolic link.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use crate::fs::bounded;

/// At most this many included files are copied, however they include each other.
const MAX_FILES: usize = 32;

/// The repository-relative paths of the files `makefile` includes, directly or not, that
/// exist under `root`.
pub fn included(root: &Path, makefile: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut queue = vec![makefile.to_owned()];
    while let Some(file) = queue.pop() {
        let Ok(Some(text)) = bounded::read_text(&root.join(&file)) else {
            continue;
        };
        for name in named(&text) {
            if found.len() < MAX_FILES && plain_file(root, &name) && found.insert(name.clone()) {
                queue.push(name);
            }
        }
    }
    found
}

/// The plain relative paths the include lines of `text` name.
fn named(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let line = line
                .split('#')
                .next()
                .unwrap_or_default()
                .trim_start_matches(' ');
            let rest = ["include", "-include", "sinclude"]
                .iter()
                .find_map(|d| line.strip_prefix(d))?;
            rest.starts_with([' ', '\t']).then_some(rest)
        })
        .flat_map(str::split_whitespace)
        .filter(|w| !w.contains('$') && inside(Path::new(w)))
        .map(str::to_owned)
        .collect()
}

/// Whether `rel` names a file under `root` reached through no link: neither the file nor any
/// folder on the way is a symbolic link, so the copy holds the repository's own files only.
fn plain_file(root: &Path, rel: &str) -> bool {
    let mut path = root.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return false;
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() || (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return false;
        }
    }
    true
}

/// Whether `path` is relative and stays inside the folder it is relative to.
fn inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_includes_are_named_and_the_rest_left_to_make() {
        let text = "include mk/dev.mk mk/vars.mk\n-include .env # optional\n\
                    sinclude local.mk\ninclude $(ROOT)/x.mk\ninclude ../outside.mk /etc/abs.mk\n\
                    included: build\n\t@include notes\n";
        assert_eq!(named(text), ["mk/dev.mk", "mk/vars.mk", ".env", "local.mk"]);
    }

    #[test]
    fn includes_are_followed_once_each_and_only_to_files_that_exist() {
        let root = assert_fs::TempDir::new().unwrap();
        std::fs::create_dir(root.path().join("mk")).unwrap();
        std::fs::write(
            root.path().join("GNUmakefile"),
            "include mk/a.mk missing.mk\n",
        )
        .unwrap();
        std::fs::write(root.path().join("mk/a.mk"), "include mk/b.mk\n").unwrap();
        std::fs::write(root.path().join("mk/b.mk"), "include mk/a.mk\n").unwrap();
        let got: Vec<String> = included(root.path(), "GNUmakefile").into_iter().collect();
        assert_eq!(got, ["mk/a.mk", "mk/b.mk"]);
    }

    #[cfg(unix)]
    #[test]
    fn no_link_is_followed_neither_a_file_nor_a_folder_on_the_way() {
        let base = assert_fs::TempDir::new().unwrap();
        let (root, outside) = (base.path().join("repo"), base.path().join("outside"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.mk"), "dev:\n").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("mk")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.mk"), root.join("linked.mk")).unwrap();
        std::fs::write(root.join("GNUmakefile"), "include mk/secret.mk linked.mk\n").unwrap();
        assert!(included(&root, "GNUmakefile").is_empty());
    }
}
