//! The in-memory result of rendering: every file of the new repository, its bytes and its
//! mode. Nothing is written until a plan is complete.

use std::fmt::Write as _;

/// One file to write, at a `/`-separated path relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: String,
    /// The template it came from (its path under `templates/`).
    pub template: &'static str,
    pub contents: Vec<u8>,
    pub mode: u32,
}

/// A change to a file that exists: its bytes before and after. Its mode is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub path: String,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

/// Every file of a repository, sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

impl Plan {
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.contents.len()).sum()
    }

    /// Adds `file`, keeping the plan sorted by path segments.
    pub fn insert(&mut self, file: PlannedFile) {
        let at = self
            .files
            .partition_point(|f| f.path.split('/').lt(file.path.split('/')));
        self.files.insert(at, file);
    }

    pub fn get(&self, path: &str) -> Option<&PlannedFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The plan as an indented tree under `root`, with the size of every file and the mode of
    /// every executable one.
    pub fn tree(&self, root: &str) -> String {
        self.tree_marked(root, |_| None)
    }

    /// [`Plan::tree`], with `mark(path)` after a file's size where it says something (`kept`).
    pub fn tree_marked(&self, root: &str, mark: impl Fn(&str) -> Option<&'static str>) -> String {
        let mut out = format!("{root}/\n");
        let mut open: Vec<&str> = Vec::new();
        for file in &self.files {
            let parts: Vec<&str> = file.path.split('/').collect();
            let (dirs, name) = parts.split_at(parts.len() - 1);
            let shared = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
            open.truncate(shared);
            for dir in &dirs[shared..] {
                let _ = writeln!(out, "{}{dir}/", "  ".repeat(open.len() + 1));
                open.push(dir);
            }
            let exec = if file.mode & 0o111 != 0 {
                ", executable"
            } else {
                ""
            };
            let marked = mark(&file.path)
                .map(|m| format!(", {m}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}{}  ({}{exec}{marked})",
                "  ".repeat(open.len() + 1),
                name[0],
                human_size(file.contents.len())
            );
        }
        let _ = writeln!(
            out,
            "{} files, {}",
            self.files.len(),
            human_size(self.total_bytes())
        );
        out
    }
}

fn human_size(bytes: usize) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, len: usize, mode: u32) -> PlannedFile {
        PlannedFile {
            path: path.into(),
            template: "t",
            contents: vec![b'x'; len],
            mode,
        }
    }

    #[test]
    fn tree_nests_directories_and_shows_sizes() {
        let plan = Plan {
            files: vec![
                file("a/b/one.go", 3, 0o644),
                file("a/b/two.go", 20_000, 0o644),
                file("a/run.sh", 1, 0o755),
                file("top.md", 0, 0o644),
            ],
        };
        assert_eq!(
            plan.tree("repo"),
            "repo/\n  a/\n    b/\n      one.go  (3 B)\n      two.go  (19.5 KiB)\n    run.sh  (1 B, executable)\n  top.md  (0 B)\n4 files, 19.5 KiB\n"
        );
    }
}
