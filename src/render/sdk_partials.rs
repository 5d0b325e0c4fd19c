//! The SDK's documentation partials (`templates/sdk-partials/`), which docs pages include as
//! `@include 'packer-plugin-sdk/…'`. `packer-sdc renderdocs` inlines them from its own copy;
//! the integration docs (`.web-docs/`) are rendered here as `make generate` makes them, so the
//! template set carries the same bytes (the SDK's generated text, MPL-2.0, copied unchanged
//! from the version the templates pin) and `sdk_partial(path=…)` returns them.

use std::collections::BTreeMap;

use tera::{Kwargs, State, Tera};

use crate::render::templates::TemplateFile;

/// The folder of a template set holding the partials, named as the SDK names them below it.
pub const ROOT: &str = "sdk-partials/";

/// Whether a template's text calls `sdk_partial`.
pub fn called_in(template: &[u8]) -> bool {
    template
        .windows(FUNCTION.len() + 1)
        .any(|w| w.starts_with(FUNCTION.as_bytes()) && w[FUNCTION.len()] == b'(')
}

/// The partials of `files`, by the path `sdk_partial` is given.
pub fn by_path(files: &[TemplateFile]) -> BTreeMap<&'static str, &'static [u8]> {
    files
        .iter()
        .filter_map(|f| Some((f.name.strip_prefix(ROOT)?, f.contents)))
        .collect()
}

/// The tera function's name.
const FUNCTION: &str = "sdk_partial";

/// Registers `sdk_partial(path="packer-plugin-sdk/…")` on `tera`: the partial's text, or an
/// error naming the path when the set has no such partial.
pub fn register(tera: &mut Tera, files: &[TemplateFile]) {
    let partials = by_path(files);
    tera.register_function(FUNCTION, move |kwargs: Kwargs, _: &State| {
        let path: &str = kwargs.must_get("path")?;
        let bytes = partials.get(path).ok_or_else(|| {
            tera::Error::message(format!("no SDK partial `{path}` under templates/{ROOT}"))
        })?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| tera::Error::message(format!("the SDK partial `{path}` is not UTF-8")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_found_and_a_mention_is_not() {
        assert!(called_in(
            b"{{ sdk_partial(path=\"packer-plugin-sdk/x.mdx\") }}"
        ));
        assert!(!called_in(b"the sdk_partial function"));
        assert!(!called_in(b""));
    }

    #[test]
    fn a_partial_is_returned_byte_for_byte_and_a_missing_one_is_named() {
        let files = [TemplateFile {
            name: "sdk-partials/packer-plugin-sdk/a.mdx",
            contents: b"- `x` (string) - X.\n",
        }];
        let mut tera = Tera::new();
        register(&mut tera, &files);
        tera.add_raw_template("ok", "{{ sdk_partial(path=\"packer-plugin-sdk/a.mdx\") }}")
            .unwrap();
        tera.add_raw_template(
            "missing",
            "{{ sdk_partial(path=\"packer-plugin-sdk/b.mdx\") }}",
        )
        .unwrap();
        let context = tera::Context::new();
        assert_eq!(
            tera.render("ok", &context).unwrap(),
            "- `x` (string) - X.\n"
        );
        let err = tera.render("missing", &context).unwrap_err();
        let report = format!("{err:?}");
        assert!(report.contains("packer-plugin-sdk/b.mdx"), "{report}");
    }
}
