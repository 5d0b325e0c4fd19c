//! The `list` command: the components of a repository from its manifest, cross-checked
//! against the registrations in `main.go`. Without a manifest, main.go alone is listed.

use std::fmt::Write as _;

use crate::cli::ListArgs;
use crate::error::Error;
use crate::goedit::{self, RegisteredName, Registration};
use crate::manifest::{Manifest, StoredComponent};
use crate::report::{self, ComponentReport, Format, ListReport};
use crate::{output, repo, status};

pub fn run(args: ListArgs) -> Result<(), Error> {
    let root = repo::find_root(&args.dir)?;
    let main_go = repo::read_text(&root, "main.go")?;
    let found = goedit::registrations(main_go.as_deref().unwrap_or_default());
    // Why main.go's registrations could not be read, if they could not.
    let unreadable = match (&main_go, &found) {
        (None, _) => Some("there is no main.go".to_owned()),
        (Some(_), Err(missing)) => Some(format!("{} is not in main.go", missing.what)),
        (Some(_), Ok(_)) => None,
    };
    let Some(manifest) = Manifest::load(&root)? else {
        let found = match (found, unreadable) {
            (Ok(found), None) => found,
            (_, why) => {
                return Err(Error::NothingToList {
                    root,
                    why: why.unwrap_or_default(),
                });
            }
        };
        status::note("no .packer-scaffold.toml here; listing what main.go registers");
        return match args.format {
            Format::Text => output::print(&registrations_table(&found)),
            Format::Json => output::print_json(&ListReport {
                schema: report::LIST_SCHEMA,
                source: "main.go",
                components: found.iter().filter_map(registered_component).collect(),
                problems: Vec::new(),
            }),
        };
    };
    let problems = match (&found, &unreadable) {
        (Ok(found), None) => disagreements(&manifest.components, found),
        (_, why) => vec![format!(
            "the components were not checked against main.go: {}",
            why.as_deref().unwrap_or_default()
        )],
    };
    match args.format {
        Format::Text => output::print(&components_table(&manifest.components)),
        Format::Json => output::print_json(&ListReport {
            schema: report::LIST_SCHEMA,
            source: "manifest",
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

/// A registration as a component of the report (name: the package folder, as `add` infers).
fn registered_component(r: &Registration) -> Option<ComponentReport> {
    let package = r.import_path.clone()?;
    Some(ComponentReport {
        kind: repo::kind_of(&r.register_fn)?.to_string(),
        name: package.rsplit('/').next()?.to_owned(),
        default: r.name == RegisteredName::Default,
        hcl_type: String::new(),
        package,
    })
}

/// The manifest's components as an aligned table with a header.
pub fn components_table(components: &[StoredComponent]) -> String {
    let rows: Vec<[String; 4]> = components
        .iter()
        .map(|c| {
            [
                c.kind.to_string(),
                c.name.clone(),
                c.hcl_type.clone(),
                c.package.clone(),
            ]
        })
        .collect();
    table(["KIND", "NAME", "HCL TYPE", "GO PACKAGE"], &rows)
}

fn registrations_table(found: &[Registration]) -> String {
    let rows: Vec<[String; 4]> = found
        .iter()
        .map(|r| {
            [
                repo::kind_of(&r.register_fn).map_or(r.register_fn.clone(), |k| k.to_string()),
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

fn table(header: [&str; 4], rows: &[[String; 4]]) -> String {
    let mut widths = header.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        let text = format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(header);
    for row in rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out
}

/// Where the manifest and main.go disagree: components one has and the other lacks, and
/// components both have but under different names.
pub fn disagreements(components: &[StoredComponent], found: &[Registration]) -> Vec<String> {
    let same_package = |c: &StoredComponent, r: &Registration| {
        r.register_fn == c.kind.register_fn()
            && r.import_path.as_deref() == Some(c.package.as_str())
    };
    let matches = |c: &StoredComponent, r: &Registration| {
        same_package(c, r)
            && match &r.name {
                RegisteredName::Default => c.default,
                RegisteredName::Named(n) => !c.default && *n == c.name,
            }
    };
    // Each registration answers for at most one component: exact matches first, then the same
    // package under another name.
    let mut paired: Vec<Option<usize>> = vec![None; components.len()];
    let mut taken = vec![false; found.len()];
    for pass in [
        &matches as &dyn Fn(&StoredComponent, &Registration) -> bool,
        &same_package,
    ] {
        for (ci, c) in components.iter().enumerate() {
            if paired[ci].is_some() {
                continue;
            }
            if let Some(ri) = (0..found.len()).find(|&ri| !taken[ri] && pass(c, &found[ri])) {
                paired[ci] = Some(ri);
                taken[ri] = true;
            }
        }
    }
    let mut problems = Vec::new();
    for (c, pair) in components.iter().zip(&paired) {
        let expected = registered_as(c.default, &c.name);
        match pair.map(|ri| &found[ri]) {
            Some(r) if matches(c, r) => {}
            Some(r) => problems.push(format!(
                "main.go:{} registers the {} `{}` as {}, but the manifest has it as {}",
                r.line,
                c.kind,
                c.name,
                match &r.name {
                    RegisteredName::Default => registered_as(true, ""),
                    RegisteredName::Named(n) => registered_as(false, n),
                },
                expected
            )),
            None => problems.push(format!(
                "the {} `{}` is in the manifest, but main.go does not register it as {expected}",
                c.kind, c.name,
            )),
        }
    }
    for (r, _) in found.iter().zip(&taken).filter(|(_, taken)| !**taken) {
        let package = r.import_path.as_deref().unwrap_or("?");
        let listed: Vec<String> = components
            .iter()
            .filter(|c| c.package == package)
            .map(|c| format!("the {} `{}`", c.kind, c.name))
            .collect();
        problems.push(if listed.is_empty() {
            format!(
                "main.go:{} calls {} for `{package}`, which the manifest does not list",
                r.line, r.register_fn
            )
        } else {
            format!(
                "main.go:{} calls {} for `{package}` once more than the manifest lists it (as {})",
                r.line,
                r.register_fn,
                listed.join(", ")
            )
        });
    }
    problems
}

/// How main.go registers a component: `plugin.DEFAULT_NAME` or its name in quotes.
fn registered_as(default: bool, name: &str) -> String {
    if default {
        "plugin.DEFAULT_NAME".to_owned()
    } else {
        format!("\"{name}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;

    fn stored(kind: Kind, name: &str, default: bool) -> StoredComponent {
        StoredComponent {
            kind,
            name: name.into(),
            default,
            package: format!("example.com/p/{kind}/{name}"),
            hcl_type: if default {
                "p".into()
            } else {
                format!("p-{name}")
            },
        }
    }

    fn registered(kind: Kind, name: &str, default: bool) -> Registration {
        Registration {
            register_fn: kind.register_fn().into(),
            name: if default {
                RegisteredName::Default
            } else {
                RegisteredName::Named(name.into())
            },
            import_path: Some(format!("example.com/p/{kind}/{name}")),
            line: 7,
        }
    }

    #[test]
    fn agreeing_sources_have_no_problems() {
        let components = [
            stored(Kind::Builder, "p", true),
            stored(Kind::Builder, "two", false),
        ];
        let found = [
            registered(Kind::Builder, "p", true),
            registered(Kind::Builder, "two", false),
        ];
        assert!(disagreements(&components, &found).is_empty());
    }

    #[test]
    fn each_side_reports_what_the_other_lacks() {
        let components = [stored(Kind::Builder, "p", true)];
        let found = [registered(Kind::Datasource, "p", true)];
        let problems = disagreements(&components, &found);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("builder `p` is in the manifest"));
        assert!(problems[1].contains("main.go:7 calls RegisterDatasource"));
    }

    #[test]
    fn a_component_registered_under_another_name_is_one_problem_that_says_so() {
        let components = [
            stored(Kind::Builder, "p", true),
            stored(Kind::Builder, "two", false),
        ];
        let mut renamed = registered(Kind::Builder, "p", true);
        renamed.name = RegisteredName::Named("renamed".into());
        let mut two_as_default = registered(Kind::Builder, "two", false);
        two_as_default.name = RegisteredName::Default;
        assert_eq!(
            disagreements(&components, &[renamed, two_as_default]),
            [
                "main.go:7 registers the builder `p` as \"renamed\", but the manifest has it as plugin.DEFAULT_NAME",
                "main.go:7 registers the builder `two` as plugin.DEFAULT_NAME, but the manifest has it as \"two\"",
            ]
        );
    }

    #[test]
    fn a_listed_package_registered_twice_is_not_called_unlisted() {
        let components = [stored(Kind::Builder, "p", true)];
        let mut again = registered(Kind::Builder, "p", true);
        again.name = RegisteredName::Named("again".into());
        let problems = disagreements(&components, &[registered(Kind::Builder, "p", true), again]);
        assert_eq!(
            problems,
            [
                "main.go:7 calls RegisterBuilder for `example.com/p/builder/p` once more than the manifest lists it (as the builder `p`)"
            ]
        );
    }

    #[test]
    fn the_table_is_aligned() {
        let out = components_table(&[stored(Kind::Builder, "p", true)]);
        assert_eq!(
            out,
            "KIND     NAME  HCL TYPE  GO PACKAGE\nbuilder  p     p         example.com/p/builder/p\n"
        );
    }
}
