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

/// Registers `sdk_partial(path="packer-plugin-sdk/…")` on `tera`: the partial's text, or an
/// error naming the path when the set has no such partial.
pub fn register(tera: &mut Tera, files: &[TemplateFile]) {
    let partials: BTreeMap<&'static str, &'static [u8]> = files
        .iter()
        .filter_map(|f| Some((f.name.strip_prefix(ROOT)?, f.contents)))
        .collect();
    tera.register_function("sdk_partial", move |kwargs: Kwargs, _: &State| {
        let path: &str = kwargs.must_get("path")?;
        let bytes = partials.get(path).ok_or_else(|| {
            tera::Error::message(format!("no SDK partial `{path}` under templates/{ROOT}"))
        })?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| tera::Error::message(format!("the SDK partial `{path}` is not UTF-8")))
    });
}
