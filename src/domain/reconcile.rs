//! Where a manifest and `main.go` disagree about the components: each component the one has
//! and the other lacks, and each registered under another name than the manifest says.

use crate::domain::manifest::StoredComponent;
use crate::domain::model::registered_name;
use crate::domain::registration::{RegisteredName, Registration};

/// Where the manifest of plugin `plugin` and main.go disagree: components one has and the
/// other lacks, and components both have but under different names.
pub fn disagreements(
    plugin: &str,
    components: &[StoredComponent],
    found: &[Registration],
) -> Vec<String> {
    let (paired, taken) = pair(plugin, components, found);
    let mut problems: Vec<String> = components
        .iter()
        .zip(&paired)
        .filter_map(|(c, pair)| misregistered(plugin, c, pair.map(|ri| &found[ri])))
        .collect();
    let unpaired = found.iter().zip(&taken).filter(|(_, taken)| !**taken);
    problems.extend(unpaired.map(|(r, _)| unlisted(r, components)));
    problems
}

/// Whether `r` registers the package of `c`, whatever its name.
fn same_package(c: &StoredComponent, r: &Registration) -> bool {
    r.register_fn == c.kind.register_fn() && r.import_path.as_deref() == Some(c.package.as_str())
}

/// Whether `r` registers `c` exactly as the manifest says: as the default, or under the name
/// its HCL type carries.
fn matches(plugin: &str, c: &StoredComponent, r: &Registration) -> bool {
    same_package(c, r)
        && match &r.name {
            RegisteredName::Default => c.default,
            RegisteredName::Named(n) => registered(plugin, c) == Some(n.as_str()),
        }
}

/// The name main.go should register `c` under, `None` for the default.
fn registered<'a>(plugin: &str, c: &'a StoredComponent) -> Option<&'a str> {
    registered_name(plugin, c.default, &c.hcl_type)
}

/// A rule pairing a component with a registration.
type Pass<'a> = dyn Fn(&StoredComponent, &Registration) -> bool + 'a;

/// The registration each component pairs with (by index), and which registrations are taken.
/// Each registration answers for at most one component: exact matches first, then the same
/// package under another name.
fn pair(
    plugin: &str,
    components: &[StoredComponent],
    found: &[Registration],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut paired: Vec<Option<usize>> = vec![None; components.len()];
    let mut taken = vec![false; found.len()];
    let exact = |c: &StoredComponent, r: &Registration| matches(plugin, c, r);
    let passes: [&Pass<'_>; 2] = [&exact, &same_package];
    for pass in passes {
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
    (paired, taken)
}

/// The problem with component `c` given the registration it paired with, if there is one.
fn misregistered(plugin: &str, c: &StoredComponent, pair: Option<&Registration>) -> Option<String> {
    let expected = registered_as(c.default, registered(plugin, c).unwrap_or_default());
    match pair {
        Some(r) if matches(plugin, c, r) => None,
        Some(r) => Some(format!(
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
        None => Some(format!(
            "the {} `{}` is in the manifest, but main.go does not register it as {expected}",
            c.kind, c.name,
        )),
    }
}

/// The problem with a registration no component paired with.
fn unlisted(r: &Registration, components: &[StoredComponent]) -> String {
    let package = r.import_path.as_deref().unwrap_or("?");
    let listed: Vec<String> = components
        .iter()
        .filter(|c| c.package == package)
        .map(|c| format!("the {} `{}`", c.kind, c.name))
        .collect();
    if listed.is_empty() {
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
    }
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
    use crate::domain::kind::Kind;

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
            skeleton: None,
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
        assert!(disagreements("p", &components, &found).is_empty());
    }

    #[test]
    fn each_side_reports_what_the_other_lacks() {
        let components = [stored(Kind::Builder, "p", true)];
        let found = [registered(Kind::Datasource, "p", true)];
        let problems = disagreements("p", &components, &found);
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
            disagreements("p", &components, &[renamed, two_as_default]),
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
        let problems = disagreements(
            "p",
            &components,
            &[registered(Kind::Builder, "p", true), again],
        );
        assert_eq!(
            problems,
            [
                "main.go:7 calls RegisterBuilder for `example.com/p/builder/p` once more than the manifest lists it (as the builder `p`)"
            ]
        );
    }
}
