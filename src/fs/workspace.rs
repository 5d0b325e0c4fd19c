//! Which Go workspace (`go.work`) applies to a folder, as the go command decides it: the file
//! the `GOWORK` variable names (`off` turns workspaces off), else the first go.work in the
//! folder or above it; and whether that workspace lists a module folder.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::bounded;

/// The workspace that applies to a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Workspace {
    /// `GOWORK` names it.
    Named(PathBuf),
    /// A go.work in the folder or one above it.
    Found(PathBuf),
}

impl Workspace {
    /// The workspace that applies to `dir`, given the value of `GOWORK` (`gowork`).
    pub fn applying(dir: &Path, gowork: Option<&OsStr>) -> Option<Workspace> {
        match gowork.filter(|w| !w.is_empty()) {
            Some(w) if w == "off" => None,
            Some(w) => Some(Workspace::Named(PathBuf::from(w))),
            None => dir
                .ancestors()
                .map(|d| d.join("go.work"))
                .find(|file| file.is_file())
                .map(Workspace::Found),
        }
    }

    /// The go.work file.
    pub fn file(&self) -> &Path {
        match self {
            Workspace::Named(file) | Workspace::Found(file) => file,
        }
    }

    /// Whether its `use` directives name `module_dir` (relative paths are read from the
    /// go.work's folder). An unreadable go.work lists nothing.
    pub fn uses(&self, module_dir: &Path) -> bool {
        let Ok(Some(text)) = bounded::read_text(self.file()) else {
            return false;
        };
        let base = self.file().parent().unwrap_or(Path::new("."));
        let wanted = normal(module_dir);
        used_dirs(&text).any(|dir| normal(&base.join(dir)) == wanted)
    }
}

/// The folders named by `use` directives: `use ./a` and the lines of `use ( … )`.
fn used_dirs(text: &str) -> impl Iterator<Item = &str> {
    let mut in_block = false;
    text.lines().filter_map(move |line| {
        let line = line.split("//").next().unwrap_or_default().trim();
        if in_block {
            if line == ")" {
                in_block = false;
                return None;
            }
            return (!line.is_empty()).then(|| line.trim_matches('"'));
        }
        let rest = line.strip_prefix("use")?;
        if !rest.starts_with([' ', '\t', '(']) {
            return None;
        }
        let rest = rest.trim();
        if rest == "(" {
            in_block = true;
            return None;
        }
        (!rest.is_empty()).then(|| rest.trim_matches('"'))
    })
}

/// A path without `.` parts and with `..` applied, as go compares them.
pub fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn gowork_off_wins_a_named_file_applies_else_the_nearest_go_work() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let dir = tmp.path().join("a/packer-plugin-x");
        fs::create_dir_all(&dir).unwrap();
        assert_eq!(Workspace::applying(&dir, None), None);
        let named = Workspace::applying(&dir, Some(OsStr::new("/w/go.work")));
        assert_eq!(named, Some(Workspace::Named("/w/go.work".into())));
        fs::write(tmp.path().join("go.work"), "go 1.25\n").unwrap();
        let found = Workspace::Found(tmp.path().join("go.work"));
        assert_eq!(Workspace::applying(&dir, None), Some(found.clone()));
        assert_eq!(Workspace::applying(&dir, Some(OsStr::new(""))), Some(found));
        assert_eq!(Workspace::applying(&dir, Some(OsStr::new("off"))), None);
    }

    #[test]
    fn use_directives_single_and_in_blocks_with_comments() {
        let tmp = assert_fs::TempDir::new().unwrap();
        let file = tmp.path().join("go.work");
        let ws = Workspace::Found(file.clone());
        let dir = tmp.path().join("a/packer-plugin-x");
        for (text, listed) in [
            ("go 1.25\n", false),
            ("go 1.25\nuse ./a/packer-plugin-x\n", true),
            (
                "go 1.25\nuse (\n\t./other\n\t./a/./packer-plugin-x // mine\n)\n",
                true,
            ),
            ("go 1.25\nuse (\n\t./other\n)\n", false),
            ("go 1.25\nuse \"./a/b/../packer-plugin-x\"\n", true),
            ("go 1.25\n// use ./a/packer-plugin-x\n", false),
        ] {
            fs::write(&file, text).unwrap();
            assert_eq!(ws.uses(&dir), listed, "{text}");
        }
    }
}
