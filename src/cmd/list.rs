//! The `list` command: the components of a repository from its manifest, cross-checked
//! against the registrations in `main.go`. Without a manifest, main.go alone is listed.

use std::fmt::Write as _;

use crate::cli::ListArgs;
use crate::domain::kind::Kind;
use crate::domain::manifest::StoredComponent;
use crate::domain::reconcile::disagreements;
use crate::domain::registration::{RegisteredName, Registration};
use crate::edit::go;
use crate::error::Error;
use crate::fs::repo;
use crate::ui::output;
use crate::ui::report::{self, ComponentReport, Format, ListReport, ListSource};
use crate::ui::status;

pub fn run(args: ListArgs) -> Result<(), Error> {
    let root = repo::open_for_reading(&args.dir.path)?;
    let main_go = repo::read_text(&root, "main.go")?;
    let found = go::registrations(main_go.as_deref().unwrap_or_default());
    // Why main.go's registrations could not be read, if they could not.
    let unreadable = match (&main_go, &found) {
        (None, _) => Some("there is no main.go".to_owned()),
        (Some(_), Err(missing)) => Some(format!("{} is not in main.go", missing.what)),
        (Some(_), Ok(_)) => None,
    };
    let format = args.format.format;
    let Some(manifest) = repo::load_manifest(&root)? else {
        return match (found, unreadable) {
            (Ok(found), None) => list_main_go(&found, format),
            (_, why) => Err(Error::NothingToList {
                root,
                why: why.unwrap_or_default(),
            }),
        };
    };
    let problems = match (&found, &unreadable) {
        (Ok(found), None) => disagreements(&manifest.answers.name, &manifest.components, found),
        (_, why) => vec![format!(
            "the components were not checked against main.go: {}",
            why.as_deref().unwrap_or_default()
        )],
    };
    match format {
        Format::Text => output::print(&components_table(&manifest.components)),
        Format::Json => output::print_json(&ListReport {
            schema: report::LIST_SCHEMA,
            source: ListSource::Manifest,
            components: manifest.components.iter().map(Into::into).collect(),
            problems: problems.clone(),
        }),
    }?;
    match unreadable {
        Some(why) => Err(Error::NotChecked { why }),
        None if problems.is_empty() => Ok(()),
        None => Err(Error::Disagreement { problems }),
    }
}

/// Without a manifest: what main.go registers.
fn list_main_go(found: &[Registration], format: Format) -> Result<(), Error> {
    status::note("no .packer-scaffold.toml here; listing what main.go registers");
    match format {
        Format::Text => output::print(&registrations_table(found)),
        Format::Json => output::print_json(&ListReport {
            schema: report::LIST_SCHEMA,
            source: ListSource::MainGo,
            components: found.iter().filter_map(registered_component).collect(),
            problems: Vec::new(),
        }),
    }
}

/// A registration as a component of the report (name: the package folder, as `add` infers).
fn registered_component(r: &Registration) -> Option<ComponentReport> {
    let package = r.import_path.clone()?;
    Some(ComponentReport {
        kind: Kind::from_register_fn(&r.register_fn)?.to_string(),
        name: package.rsplit('/').next()?.to_owned(),
        default: r.name == RegisteredName::Default,
        hcl_type: String::new(),
        package,
        skeleton: None,
    })
}

/// The manifest's components as an aligned table with a header.
pub fn components_table(components: &[StoredComponent]) -> String {
    let rows: Vec<[String; 5]> = components
        .iter()
        .map(|c| {
            [
                c.kind.to_string(),
                c.name.clone(),
                c.hcl_type.clone(),
                c.skeleton().to_string(),
                c.package.clone(),
            ]
        })
        .collect();
    table(
        ["KIND", "NAME", "HCL TYPE", "SKELETON", "GO PACKAGE"],
        &rows,
    )
}

fn registrations_table(found: &[Registration]) -> String {
    let rows: Vec<[String; 4]> = found
        .iter()
        .map(|r| {
            [
                Kind::from_register_fn(&r.register_fn)
                    .map_or(r.register_fn.clone(), |k| k.to_string()),
                match &r.name {
                    RegisteredName::Default => "(default)".to_owned(),
                    RegisteredName::Named(n) => n.clone(),
                },
                format!("main.go:{}", r.line),
                r.import_path.clone().unwrap_or_else(|| "?".into()),
            ]
        })
        .collect();
    table(["KIND", "REGISTERED AS", "WHERE", "GO PACKAGE"], &rows)
}

/// `rows` under `header`, each column as wide as its widest cell, two spaces apart.
fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; N]| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(text, "{cell:<width$}  ");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(header);
    for row in rows {
        line(row.each_ref().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kind::Kind;

    #[test]
    fn the_table_is_aligned() {
        let stored = StoredComponent {
            kind: Kind::Builder,
            name: "p".into(),
            default: true,
            package: "example.com/p/builder/p".into(),
            hcl_type: "p".into(),
            skeleton: None,
        };
        let out = components_table(&[stored]);
        assert_eq!(
            out,
            "KIND     NAME  HCL TYPE  SKELETON  GO PACKAGE\n\
             builder  p     p         minimal   example.com/p/builder/p\n"
        );
    }
}
