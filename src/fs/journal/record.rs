//! The journal's record, `record.toml`: which command made the change, whether it is to be
//! completed or undone, the folders it creates and, per file, the staged bytes and the backup.
//! Read back after a crash, every path in it is checked to stay inside the repository.

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

/// What recovery does with the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Everything is staged: the change is completed.
    Prepared,
    /// A move failed: what was moved is put back.
    RollingBack,
}

/// One file of the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Where it goes, `/`-separated, relative to the repository root.
    pub path: String,
    /// Its new bytes, staged in the journal folder (`new/<n>`).
    pub staged: String,
    /// For a file that exists: where its old bytes are kept (`old/<n>`).
    pub backup: Option<String>,
    /// The file is removed (kept as its backup until the change is finished); `staged` names
    /// no file then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub delete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// What made the change, for messages: `add builder second`.
    pub command: String,
    pub state: State,
    /// Folders the change creates, outermost first, relative to the root.
    pub dirs: Vec<String>,
    /// Folders the change removes once its deletions leave them empty, innermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emptied: Vec<String>,
    #[serde(rename = "entry")]
    pub entries: Vec<Entry>,
}

impl Record {
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("the journal record is plain TOML data")
    }

    /// Parses a record, refusing any path that could leave the repository or the journal.
    pub fn parse(text: &str) -> Result<Record, String> {
        let record: Record = toml::from_str(text).map_err(|e| e.to_string())?;
        let inside = record
            .dirs
            .iter()
            .chain(&record.emptied)
            .chain(record.entries.iter().map(|e| &e.path));
        if let Some(bad) = inside.into_iter().find(|p| !is_relative_inside(p)) {
            return Err(format!("the path `{bad}` leaves the repository"));
        }
        let staged = record
            .entries
            .iter()
            .flat_map(|e| std::iter::once(&e.staged).chain(&e.backup));
        if let Some(bad) = staged.into_iter().find(|p| !is_staged_name(p)) {
            return Err(format!("`{bad}` is not a file of the journal"));
        }
        Ok(record)
    }
}

/// A relative path of plain names, no `..`, nothing absolute.
fn is_relative_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// `new/<n>` or `old/<n>`.
fn is_staged_name(name: &str) -> bool {
    let Some((dir, n)) = name.split_once('/') else {
        return false;
    };
    matches!(dir, "new" | "old") && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, staged: &str) -> Record {
        Record {
            command: "add builder second".into(),
            state: State::Prepared,
            dirs: vec!["builder/second".into()],
            emptied: Vec::new(),
            entries: vec![Entry {
                path: path.into(),
                staged: staged.into(),
                backup: None,
                delete: false,
            }],
        }
    }

    #[test]
    fn round_trips_and_refuses_paths_that_leave() {
        let good = record("builder/second/builder.go", "new/0");
        assert_eq!(Record::parse(&good.to_toml()).unwrap(), good);
        for (path, staged) in [
            ("../outside", "new/0"),
            ("/etc/passwd", "new/0"),
            ("a/../../b", "new/0"),
            ("main.go", "../../x"),
            ("main.go", "new/0/../../x"),
        ] {
            let text = record(path, staged).to_toml();
            assert!(Record::parse(&text).is_err(), "{path} {staged}");
        }
    }
}
