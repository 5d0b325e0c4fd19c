//! Which templates rendering one repository reads: `repo/`, `snippets/`, the SDK partials, the
//! `component/` folders of its components' kinds and skeletons, and every template those
//! include. `new` compiles only these: compiling a template is most of what rendering costs,
//! and a repository of one kind needs a fraction of them.

use std::collections::{BTreeSet, HashMap};

use crate::domain::model::Plugin;
use crate::render::templates::TemplateFile;

/// The templates rendering one repository reads, and what each of them includes.
pub struct Needed {
    /// In the order of the set.
    pub files: Vec<TemplateFile>,
    includes: HashMap<&'static str, Vec<&'static str>>,
}

impl Needed {
    /// What rendering `plugin`'s repository from `all` reads; only those templates' text is
    /// searched for includes.
    pub fn for_repository(all: &[TemplateFile], plugin: &Plugin) -> Needed {
        let by_name: HashMap<&str, &TemplateFile> = all.iter().map(|f| (f.name, f)).collect();
        let mut includes = HashMap::new();
        let mut pending: Vec<&str> = all
            .iter()
            .filter(|f| read_directly(f.name, plugin))
            .map(|f| f.name)
            .collect();
        while let Some(name) = pending.pop() {
            let Some(file) = by_name.get(name) else {
                continue;
            };
            if !includes.contains_key(file.name) {
                let included = includes_in(file.contents);
                pending.extend(&included);
                includes.insert(file.name, included);
            }
        }
        let files = all
            .iter()
            .filter(|f| includes.contains_key(f.name))
            .copied()
            .collect();
        Needed { files, includes }
    }

    /// `roots` and every needed template they include, directly or not.
    pub fn closure<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'static str> {
        let mut names = BTreeSet::new();
        let mut pending: Vec<&str> = roots.into_iter().collect();
        while let Some(name) = pending.pop() {
            let Some((&name, included)) = self.includes.get_key_value(name) else {
                continue;
            };
            if names.insert(name) {
                pending.extend(included);
            }
        }
        names
    }
}

/// Whether the repository render reads `name` itself (not only through an include).
pub fn read_directly(name: &str, plugin: &Plugin) -> bool {
    if ["repo/", "snippets/", "sdk-partials/"]
        .iter()
        .any(|root| name.starts_with(root))
    {
        return true;
    }
    let Some(rest) = name.strip_prefix("component/") else {
        return false;
    };
    let folder = rest.split('/').next().unwrap_or(rest);
    let (kind, skeleton) = match folder.split_once('+') {
        Some((kind, skeleton)) => (kind, Some(skeleton)),
        None => (folder, None),
    };
    plugin
        .components
        .iter()
        .any(|c| c.kind.as_str() == kind && skeleton.is_none_or(|s| s == c.skeleton.as_str()))
}

/// The names a template's text includes: `{% include "<name>" %}` (found with `memchr`'s
/// vectorised search: each template `new` reads is searched on every run).
fn includes_in(text: &'static [u8]) -> Vec<&'static str> {
    const OPENING: &[u8] = b"include \"";
    memchr::memmem::find_iter(text, OPENING)
        .filter_map(|at| {
            let rest = &text[at + OPENING.len()..];
            let end = memchr::memchr(b'"', rest)?;
            std::str::from_utf8(&rest[..end]).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kind::Kind;
    use crate::domain::model::tests::answers;
    use crate::domain::skeleton::Skeleton;
    use crate::render::templates::files;

    #[test]
    fn only_the_kinds_and_skeletons_of_the_plugin_and_what_they_include() {
        let all = files();
        let mut answers = answers(&[Kind::Datasource]);
        answers.skeleton = Skeleton::Minimal;
        let needed = Needed::for_repository(&all, &Plugin::new(&answers)).files;
        let has = |name: &str| needed.iter().any(|f| f.name == name);
        assert!(has("repo/main.go.tera"));
        assert!(has("component/datasource+minimal/_dir_/datasource.go.tera"));
        assert!(!has("component/datasource+full/_dir_/datasource.go.tera"));
        assert!(!has("component/builder+minimal/_dir_/builder.go.tera"));
        // The web-docs page includes both skeletons' docs pages, and those their partials.
        assert!(has(
            "component/datasource+full/docs-partials/_dir_/DatasourceOutput.mdx.tera"
        ));
        assert!(
            needed.len() < all.len() / 2,
            "{} of {}",
            needed.len(),
            all.len()
        );
    }

    #[test]
    fn includes_are_read_from_the_text() {
        let text = b"{% include \"a/b.tera\" %} x {%- include \"c.tera\" -%}";
        assert_eq!(includes_in(text), ["a/b.tera", "c.tera"]);
    }
}
