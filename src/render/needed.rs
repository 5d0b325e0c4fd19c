//! Which templates rendering one repository reads: `repo/`, `snippets/`, the SDK partials, the
//! `component/` folders of its components' kinds and skeletons, and every template those
//! include. `new` compiles only these: compiling a template is most of what rendering costs,
//! and a repository of one kind needs a fraction of them.

use std::collections::BTreeSet;

use crate::domain::model::Plugin;
use crate::render::templates::TemplateFile;

/// The files of `all` that rendering `plugin`'s repository reads, in their order.
pub fn for_repository(all: &[TemplateFile], plugin: &Plugin) -> Vec<TemplateFile> {
    let mut names: BTreeSet<&str> = all
        .iter()
        .filter(|f| read_directly(f.name, plugin))
        .map(|f| f.name)
        .collect();
    let mut pending: Vec<&str> = names.iter().copied().collect();
    while let Some(name) = pending.pop() {
        let Some(file) = all.iter().find(|f| f.name == name) else {
            continue;
        };
        for included in includes(file.contents) {
            if let Some(found) = all.iter().find(|f| f.name == included)
                && names.insert(found.name)
            {
                pending.push(found.name);
            }
        }
    }
    all.iter()
        .filter(|f| names.contains(f.name))
        .copied()
        .collect()
}

/// Whether the repository render reads `name` itself (not only through an include).
fn read_directly(name: &str, plugin: &Plugin) -> bool {
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

/// The names a template's text includes: `{% include "<name>" %}`.
fn includes(text: &[u8]) -> Vec<&str> {
    let Ok(text) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    text.split("include \"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
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
        let needed = for_repository(&all, &Plugin::new(&answers));
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
        assert_eq!(includes(text), ["a/b.tera", "c.tera"]);
    }
}
