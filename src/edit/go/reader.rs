//! Reading `main.go`: which components the plugin set registers, found by Go tokens (the
//! SDK plugin import, the `NewSet()` call, the `Register…` calls on its variable).

use std::ops::Range;

use super::file::{Call, GoFile, ImportDecl, NewSet, all_specs, import_path_of};
use super::lexer::TokKind;
use super::literal::unquote;
use crate::domain::registration::{RegisteredName, Registration};
use crate::edit::edit_point::MissingEditPoint;

/// Import path of the SDK package that provides `NewSet` and `DEFAULT_NAME`.
pub(super) const SDK_PLUGIN_PATH: &str = "github.com/hashicorp/packer-plugin-sdk/plugin";

/// What main.go registers, read from its Go structure.
pub fn registrations(src: &str) -> Result<Vec<Registration>, MissingEditPoint> {
    let file = GoFile::parse(src);
    let imports = file.imports();
    let found = locate(&file, &imports).map_err(|m| MissingEditPoint {
        what: m.what(),
        instructions: m.setup().trim_end().to_owned(),
    })?;
    let calls = file.register_calls(&found.set.var);
    Ok(calls
        .iter()
        .map(|c| file.registration(c, &found.plugin_pkg, &imports))
        .collect())
}

impl<'s> GoFile<'s> {
    fn registration(&self, call: &Call, plugin_pkg: &str, imports: &[ImportDecl]) -> Registration {
        let name = call
            .args
            .first()
            .map_or(RegisteredName::Named(String::new()), |arg| {
                self.registered_name(arg.clone(), plugin_pkg)
            });
        let import_path = call
            .args
            .get(1)
            .and_then(|arg| self.value_package(arg.clone()))
            .and_then(|pkg| import_path_of(imports, pkg));
        Registration {
            register_fn: call.register_fn.clone(),
            name,
            import_path,
            line: self.src[..call.start].matches('\n').count() + 1,
        }
    }

    fn registered_name(&self, arg: Range<usize>, plugin_pkg: &str) -> RegisteredName {
        match self.words(arg.clone()).as_slice() {
            [pkg, ".", "DEFAULT_NAME"] if *pkg == plugin_pkg => RegisteredName::Default,
            [literal] if self.kind(arg.start) == Some(TokKind::Str) => {
                RegisteredName::Named(unquote(literal))
            }
            _ => {
                let (first, last) = (self.code[arg.start], self.code[arg.end - 1]);
                RegisteredName::Named(self.src[first.start..last.end].to_owned())
            }
        }
    }

    /// The package qualifier of `new(pkg.Type)` or `&pkg.Type{…}`.
    fn value_package(&self, arg: Range<usize>) -> Option<&'s str> {
        match self.words(arg).as_slice() {
            ["new", "(", pkg, ".", _, ")"] | ["&", pkg, ".", _, "{", ..] => Some(pkg),
            _ => None,
        }
    }
}

/// The SDK plugin package's name in this file and the plugin set.
pub(super) struct Located {
    pub(super) plugin_pkg: String,
    pub(super) set: NewSet,
}

/// A prerequisite of every edit that main.go lacks.
pub(super) enum Missing {
    SdkImport,
    NewSet { plugin_pkg: String },
}

impl Missing {
    pub(super) fn what(&self) -> String {
        match self {
            Missing::SdkImport => format!("the import of \"{SDK_PLUGIN_PATH}\""),
            Missing::NewSet { plugin_pkg } => format!("the call to {plugin_pkg}.NewSet()"),
        }
    }

    pub(super) fn plugin_pkg(&self) -> &str {
        match self {
            Missing::SdkImport => "plugin",
            Missing::NewSet { plugin_pkg } => plugin_pkg,
        }
    }

    /// The lines that create what is missing.
    pub(super) fn setup(&self) -> String {
        let create = format!("\tpps := {}.NewSet()\n", self.plugin_pkg());
        match self {
            Missing::SdkImport => format!(
                "import the SDK plugin package and create the plugin set in func main:\n\t\"{SDK_PLUGIN_PATH}\"\n{create}"
            ),
            Missing::NewSet { .. } => format!("create the plugin set in func main:\n{create}"),
        }
    }
}

pub(super) fn locate(file: &GoFile, imports: &[ImportDecl]) -> Result<Located, Missing> {
    let plugin_pkg = all_specs(imports)
        .filter(|s| s.path == SDK_PLUGIN_PATH)
        .map(|s| s.name.clone().unwrap_or_else(|| "plugin".to_owned()))
        .find(|name| name != "_" && name != ".")
        .ok_or(Missing::SdkImport)?;
    match file.new_set(&plugin_pkg) {
        Some(set) => Ok(Located { plugin_pkg, set }),
        None => Err(Missing::NewSet { plugin_pkg }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::lexer::lex;
    use super::*;

    #[test]
    fn reads_registrations_of_the_generated_main_go() {
        let module = "github.com/acme/packer-plugin-custom-cloud";
        assert_eq!(
            registrations(&generated()).unwrap(),
            vec![
                Registration {
                    register_fn: "RegisterBuilder".into(),
                    name: RegisteredName::Default,
                    import_path: Some(format!("{module}/builder/custom-cloud")),
                    line: 19,
                },
                Registration {
                    register_fn: "RegisterDatasource".into(),
                    name: RegisteredName::Default,
                    import_path: Some(format!("{module}/datasource/custom-cloud")),
                    line: 20,
                },
            ]
        );
    }

    #[test]
    fn reads_registrations_of_hashicorp_and_user_edited_files() {
        let scaffolding = "github.com/hashicorp/packer-plugin-scaffolding";
        let found = registrations(&hashicorp_style()).unwrap();
        let summary: Vec<_> = found
            .iter()
            .map(|r| {
                (
                    r.register_fn.as_str(),
                    r.name.clone(),
                    r.import_path.clone(),
                    r.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "RegisterBuilder",
                    RegisteredName::Named("my-builder".into()),
                    Some(format!("{scaffolding}/builder/scaffolding")),
                    16
                ),
                (
                    "RegisterProvisioner",
                    RegisteredName::Default,
                    Some(format!("{scaffolding}/provisioner/scaffolding")),
                    17
                ),
                (
                    "RegisterPostProcessor",
                    RegisteredName::Named("local".into()),
                    None,
                    18
                ),
            ]
        );

        let found = registrations(&user_edited()).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|r| (r.register_fn.as_str(), r.name.clone(), r.line))
            .collect();
        assert_eq!(
            names,
            vec![
                ("RegisterBuilder", RegisteredName::Default, 41),
                (
                    "RegisterPostProcessor",
                    RegisteredName::Named("import".into()),
                    45
                ),
            ]
        );
        assert!(found.iter().all(|r| {
            r.import_path
                .as_deref()
                .is_some_and(|p| p.ends_with("/builder/custom-cloud"))
        }));
    }

    #[test]
    fn lexer_skips_comments_strings_and_raw_strings() {
        let src = "a /* import ( { */ b // pps.RegisterBuilder( }\n\"x(\\\"{\" `raw\n)import` '(' c 1.5e-3";
        let file = GoFile::parse(src);
        let texts: Vec<&str> = (0..file.code.len()).map(|i| file.text(i)).collect();
        assert_eq!(
            texts,
            [
                "a",
                "b",
                "\"x(\\\"{\"",
                "`raw\n)import`",
                "'('",
                "c",
                "1.5e-3"
            ]
        );
        let kinds: Vec<TokKind> = file.toks.iter().map(|t| t.kind).collect();
        use TokKind::*;
        assert_eq!(
            kinds,
            [
                Ident, Comment, Ident, Comment, Newline, Str, Str, Rune, Ident, Number
            ]
        );
        assert!(file.imports().is_empty());
    }

    #[test]
    fn nasty_input_never_panics() {
        let nasty = [
            "",
            "\"",
            "`",
            "'",
            "/*",
            "/",
            "\\",
            "\"\\",
            "\"\\é",
            "'\\",
            "é",
            "\r",
            "\r\n",
            "import",
            "import (",
            "import (\"",
            "import ( x",
            "pps.RegisterBuilder(",
            "x := plugin.NewSet()",
            "import \"github.com/hashicorp/packer-plugin-sdk/plugin\"\npps := plugin.NewSet()\npps.RegisterBuilder(,,)",
            "..0x1p-2e+",
            "\u{feff}ü := 'ä'",
        ];
        let user = user_edited();
        let prefixes = (0..user.len())
            .filter(|&i| user.is_char_boundary(i))
            .map(|i| &user[..i]);
        for src in nasty.into_iter().chain(prefixes) {
            let toks = lex(src);
            assert!(toks.windows(2).all(|w| w[0].end <= w[1].start), "{src:?}");
            assert!(
                toks.iter()
                    .all(|t| t.start < t.end && src.get(t.start..t.end).is_some()),
                "{src:?}"
            );
            let _ = registrations(src);
            let _ = add_second_builder(src);
        }
    }
}
