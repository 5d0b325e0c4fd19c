//! The `__complete-names` command the shell completion scripts call (outside clap: no help,
//! page or completion offers it): given the words
//! typed before the cursor, the names of the components that fit there, one per line: after
//! `remove <KIND>` and `rename <KIND>`, the kind's components; after `remove … --default-to`,
//! the others of the kind. Read from the manifest of the repository the words point at
//! (`--dir`, else the current directory), never written to; silent on every failure, since a
//! completion must never print an error into the user's command line. Only names that pass
//! the name rules are printed: the scripts hand them to `compgen -W`, which expands words.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::domain::kind::Kind;
use crate::domain::names::check_name_shape;
use crate::fs::repo;
use crate::ui::output;

/// What the typed words ask for.
#[derive(Debug, PartialEq, Eq)]
struct Wanted {
    dir: PathBuf,
    kind: Kind,
    /// `--default-to`'s value: the kind's components other than this one (the one removed).
    other_than: Option<String>,
}

/// The options of `remove` and `rename` (and the global ones) that take a value.
const TAKES_VALUE: [&str; 4] = ["--dir", "--format", "--default-to", "--config"];

/// The first argument that runs it.
pub const COMMAND: &str = "__complete-names";

pub fn run(words: &[String]) {
    let names = wanted(words).map(names_of).unwrap_or_default();
    if !names.is_empty() {
        let _ = output::print(&format!("{}\n", names.join("\n")));
    }
}

/// Reads the words after `remove` or `rename`; `None` where no component name goes next.
fn wanted(words: &[String]) -> Option<Wanted> {
    let at = words.iter().position(|w| w == "remove" || w == "rename")?;
    let removing = words[at] == "remove";
    let (mut dir, mut positionals) = (PathBuf::from("."), Vec::new());
    let mut rest = words[at + 1..].iter();
    let mut pending: Option<&str> = None;
    while let Some(word) = rest.next() {
        if TAKES_VALUE.contains(&word.as_str()) {
            // bash splits `--dir=x` into three words.
            let mut value = rest.next();
            if value.is_some_and(|v| v == "=") {
                value = rest.next();
            }
            match value {
                Some(value) if word == "--dir" => dir = PathBuf::from(value),
                Some(_) => {}
                None => pending = Some(word),
            }
        } else if let Some(value) = word.strip_prefix("--dir=") {
            dir = PathBuf::from(value);
        } else if !word.starts_with('-') {
            positionals.push(word.as_str());
        }
    }
    let kind = Kind::from_str(positionals.first()?, true).ok()?;
    let other_than = match pending {
        Some("--default-to") if removing => Some(positionals.get(1)?.to_string()),
        Some(_) => return None,
        None if positionals.len() == 1 => None,
        None => return None,
    };
    Some(Wanted {
        dir,
        kind,
        other_than,
    })
}

/// The names the manifest has for the wanted kind.
fn names_of(wanted: Wanted) -> Vec<String> {
    let Ok(root) = repo::find_root(&wanted.dir) else {
        return Vec::new();
    };
    let Ok(Some(manifest)) = repo::load_manifest(&root) else {
        return Vec::new();
    };
    manifest
        .components
        .iter()
        .filter(|c| c.kind == wanted.kind)
        .filter(|c| wanted.other_than.as_ref() != Some(&c.name))
        .filter(|c| check_name_shape("component name", &c.name).is_ok())
        .map(|c| c.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(line: &str) -> Option<Wanted> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        wanted(&words)
    }

    fn want(dir: &str, kind: Kind, other_than: Option<&str>) -> Option<Wanted> {
        Some(Wanted {
            dir: dir.into(),
            kind,
            other_than: other_than.map(String::from),
        })
    }

    #[test]
    fn a_name_goes_right_after_the_kind() {
        assert_eq!(
            asked("packer-scaffold remove builder"),
            want(".", Kind::Builder, None)
        );
        assert_eq!(
            asked("packer-scaffold -q rename --dir ../p data-source"),
            want("../p", Kind::Datasource, None)
        );
        assert_eq!(
            asked("remove --format json --dir=x provisioner --dry-run"),
            want("x", Kind::Provisioner, None)
        );
        assert_eq!(
            asked("remove --dir = y builder"),
            want("y", Kind::Builder, None)
        );
    }

    #[test]
    fn default_to_offers_the_others_of_the_kind() {
        assert_eq!(
            asked("packer-scaffold remove builder a --default-to"),
            want(".", Kind::Builder, Some("a"))
        );
        assert_eq!(asked("packer-scaffold rename builder a --default-to"), None);
        assert_eq!(asked("packer-scaffold remove builder --default-to"), None);
    }

    #[test]
    fn nothing_where_no_name_goes() {
        for line in [
            "packer-scaffold remove",
            "packer-scaffold remove nonsense",
            "packer-scaffold rename builder a",
            "packer-scaffold remove builder a",
            "packer-scaffold remove builder --dir",
            "packer-scaffold add builder",
            "packer-scaffold",
        ] {
            assert_eq!(asked(line), None, "{line}");
        }
    }
}
