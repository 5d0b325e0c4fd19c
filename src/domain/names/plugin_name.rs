//! Plugin and component names: the rules they share (lowercase words joined by single
//! dashes, usable as a Go package, a folder on every OS, and by packer-sdc), with a corrected
//! name suggested where one works, and the Go package form.

use crate::error::Error;

/// Go keywords and predeclared identifiers: a package may not be named after a keyword, and a
/// package named after a predeclared identifier shadows it in every file that imports it.
const GO_RESERVED: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex64",
    "complex128",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    // A package named main cannot be imported. (Names of packages main.go imports, such as
    // fmt, os, plugin and version, are fine: main.go imports components under aliases, and a
    // package's own name is in no scope of its files.)
    "main",
];

/// Names Windows reserves for devices, with any extension: `builder/con/` or
/// `docs/builders/nul.mdx` cannot exist in a Windows checkout.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest plugin or component name accepted: long enough for any real product name,
/// short enough that the release archive names stay readable.
pub const MAX_NAME_LEN: usize = 48;

/// A plugin name checked against Packer's rules, with any `packer-plugin-`/`packer-` prefix
/// removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedName {
    pub name: String,
    /// The prefix that was removed, if any, so the caller can tell the user.
    pub stripped_prefix: Option<&'static str>,
}

/// What a plugin name is called in messages (and which rules are a plugin name's alone).
const PLUGIN_NAME: &str = "plugin name";

/// Checks a plugin name (`custom-cloud`), accepting and removing a `packer-plugin-` or
/// `packer-` prefix.
pub fn check_plugin_name(raw: &str) -> Result<CheckedName, Error> {
    let mut stripped_prefix = None;
    let mut name = raw;
    for prefix in ["packer-plugin-", "packer-"] {
        if let Some(rest) = raw.strip_prefix(prefix) {
            stripped_prefix = Some(prefix);
            name = rest;
            break;
        }
    }
    check_name_shape(PLUGIN_NAME, name)?;
    if name == "sdk" {
        // packer-sdc's struct-markdown takes a folder named packer-plugin-sdk for the SDK.
        return Err(Error::InvalidInput {
            what: PLUGIN_NAME.into(),
            value: raw.to_owned(),
            problem: "the repository would be packer-plugin-sdk, which packer-sdc takes for the \
                      SDK itself: `make generate` would write the field docs into the SDK's \
                      folders"
                .into(),
            help: "choose another name, e.g. `sdk-cloud`".into(),
        });
    }
    Ok(CheckedName {
        name: name.to_owned(),
        stripped_prefix,
    })
}

/// The rules plugin and component names share: lowercase ASCII letters, digits and single
/// dashes, starting with a letter, and a Go package form that is a usable identifier.
pub fn check_name_shape(what: &str, name: &str) -> Result<(), Error> {
    shape(what, name, true)
}

/// [`check_name_shape`], with a suggestion in the help line only when `suggest` is set.
fn shape(what: &str, name: &str, suggest: bool) -> Result<(), Error> {
    let invalid = |(problem, help): (String, String)| Error::InvalidInput {
        what: what.to_owned(),
        value: name.to_owned(),
        problem,
        help,
    };
    if name.is_empty() {
        return Err(invalid((
            "it is empty".into(),
            "give a name such as `custom-cloud`".into(),
        )));
    }
    // Only a suggestion that passes every rule is made: typing it must work.
    // A plugin name loses a `packer-` prefix: one suggested with it would not be what is used.
    let kept = |s: &String| what != PLUGIN_NAME || !s.starts_with("packer-");
    let suggestion = suggest_name(name).filter(|_| suggest).and_then(|s| {
        [s.clone(), format!("{s}-cloud")]
            .into_iter()
            .find(|s| s != name && kept(s) && shape(what, s, false).is_ok())
    });
    let try_instead = |what: &str| match &suggestion {
        Some(s) => format!("{what}, e.g. `{s}`"),
        None => what.to_owned(),
    };
    let rules: [Rule; 8] = [
        too_long,
        a_directory,
        bad_character,
        bad_dashes,
        leading_digit,
        windows_device,
        stops_packer_sdc,
        go_reserved,
    ];
    match rules.iter().find_map(|rule| rule(name, &try_instead)) {
        Some(broken) => Err(invalid(broken)),
        None => Ok(()),
    }
}

/// A rule a name must keep: `None`, or the problem and the help line (`try_instead` adds the
/// suggestion to a help text, where there is one).
type Rule = fn(&str, &dyn Fn(&str) -> String) -> Option<(String, String)>;

fn too_long(name: &str, _: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    let length = name.chars().count();
    (length > MAX_NAME_LEN).then(|| {
        (
            format!("it is {length} characters long"),
            format!("use at most {MAX_NAME_LEN} characters"),
        )
    })
}

fn a_directory(name: &str, _: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    (name == "." || name == "..").then(|| {
        (
            "it names a directory, not a plugin or component".into(),
            "give a name such as `custom-cloud`".into(),
        )
    })
}

fn bad_character(name: &str, try_instead: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    let bad = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))?;
    let problem = match bad {
        '/' | '\\' => format!("`{bad}` is a path separator; a name is a single word"),
        c if c.is_ascii_uppercase() => format!("`{bad}` is uppercase"),
        c if !c.is_ascii() => format!("`{bad}` is not an ASCII letter or digit"),
        ' ' | '_' | '.' => format!("`{bad}` is not allowed; words are separated by dashes"),
        _ => format!("`{bad}` is not allowed"),
    };
    Some((
        problem,
        try_instead("use lowercase ASCII letters, digits and single dashes"),
    ))
}

fn bad_dashes(name: &str, try_instead: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    (name.starts_with('-') || name.ends_with('-') || name.contains("--")).then(|| {
        (
            "dashes must separate words: no leading, trailing or double dashes".into(),
            try_instead("use single dashes between words"),
        )
    })
}

fn leading_digit(name: &str, _: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    name.starts_with(|c: char| c.is_ascii_digit()).then(|| {
        (
            "it starts with a digit, which a Go package name cannot".into(),
            "start the name with a letter".into(),
        )
    })
}

fn windows_device(name: &str, _: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    WINDOWS_RESERVED.contains(&name).then(|| {
        (
            format!(
                "`{name}` is a reserved device name on Windows, so its folders and docs pages could not be checked out there"
            ),
            format!("choose another name, e.g. `{name}-cloud`"),
        )
    })
}

fn stops_packer_sdc(name: &str, try_instead: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    (name == "packer" || name == "packer-internal" || name.starts_with("packer-plugin-")).then(
        || {
            (
                format!(
                    "a folder named `{name}` stops `make generate`: packer-sdc struct-markdown takes \
                     it for the root of Packer itself or of another plugin, so the component's field \
                     docs would never be generated"
                ),
                try_instead("choose another name"),
            )
        },
    )
}

fn go_reserved(name: &str, _: &dyn Fn(&str) -> String) -> Option<(String, String)> {
    let package = go_package(name);
    GO_RESERVED.contains(&package.as_str()).then(|| {
        (
            format!("its Go package name `{package}` is a Go keyword, a predeclared identifier or `main`"),
            format!("choose a longer name, e.g. `{name}-cloud`"),
        )
    })
}

/// A corrected form of a name that breaks only the letter-case and separator rules.
fn suggest_name(name: &str) -> Option<String> {
    let lowered: String = name
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' | '.' | '/' | '\\' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let collapsed = lowered
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let ok = !collapsed.is_empty()
        && collapsed
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(collapsed)
}

/// The Go package name for a plugin or component name: the name without dashes.
pub fn go_package(name: &str) -> String {
    name.replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(result: Result<impl std::fmt::Debug, Error>) -> String {
        match result.unwrap_err() {
            Error::InvalidInput { help, .. } => help,
            other => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn accepts_lowercase_names_with_digits_and_single_dashes() {
        for name in ["custom-cloud", "cloud9", "a", "my-cloud-2"] {
            assert_eq!(check_plugin_name(name).unwrap().name, name);
        }
    }

    #[test]
    fn removes_packer_prefixes_and_says_which() {
        let checked = check_plugin_name("packer-plugin-custom-cloud").unwrap();
        assert_eq!(checked.name, "custom-cloud");
        assert_eq!(checked.stripped_prefix, Some("packer-plugin-"));
        let checked = check_plugin_name("packer-cloud").unwrap();
        assert_eq!(checked.name, "cloud");
        assert_eq!(checked.stripped_prefix, Some("packer-"));
    }

    #[test]
    fn suggests_a_fixed_name_for_case_and_separator_mistakes() {
        assert!(help_of(check_plugin_name("Custom_Cloud")).contains("`custom-cloud`"));
        assert!(help_of(check_plugin_name("custom cloud")).contains("`custom-cloud`"));
        assert!(help_of(check_plugin_name("custom--cloud")).contains("`custom-cloud`"));
        assert!(help_of(check_plugin_name("-cloud-")).contains("`cloud`"));
    }

    #[test]
    fn rejects_names_that_cannot_become_go_packages() {
        assert!(check_plugin_name("9cloud").is_err());
        assert!(help_of(check_plugin_name("go")).contains("go-cloud"));
        assert!(check_plugin_name("ty-pe").is_err());
        assert!(check_plugin_name("").is_err());
        assert!(check_plugin_name(&"a".repeat(MAX_NAME_LEN + 1)).is_err());
        assert!(check_name_shape("component", "main").is_err());
    }

    /// main.go imports components under aliases, so the names of the packages it imports
    /// itself are free (.ci/plugin-checks' grown shape builds such a plugin).
    #[test]
    fn names_of_packages_main_go_imports_are_accepted() {
        for name in ["fmt", "os", "plugin", "version"] {
            assert!(check_name_shape("component", name).is_ok(), "{name}");
        }
    }

    /// Every rejection rule, with a name that breaks it and words its message must contain.
    #[test]
    fn each_rule_rejects_with_a_reason_and_a_suggestion() {
        let cases = [
            ("", "empty", "custom-cloud"),
            ("Custom", "uppercase", "`custom`"),
            ("custom cloud", "separated by dashes", "`custom-cloud`"),
            ("custom_cloud", "separated by dashes", "`custom-cloud`"),
            ("custom--cloud", "double dashes", "`custom-cloud`"),
            ("-cloud", "leading", "`cloud`"),
            ("cloud-", "trailing", "`cloud`"),
            (
                "9cloud",
                "starts with a digit",
                "start the name with a letter",
            ),
            // As a plugin name, `packer-…` would lose its prefix: no such suggestion.
            ("packer", "struct-markdown", "choose another name"),
            ("packer-internal", "struct-markdown", "choose another name"),
            ("packer-plugin-x", "struct-markdown", "choose another name"),
            ("a/b", "path separator", "single dashes"),
            ("a\\b", "path separator", "single dashes"),
            (".", "names a directory", "custom-cloud"),
            ("..", "names a directory", "custom-cloud"),
            ("clöud", "not an ASCII letter", "ASCII"),
            ("con", "reserved device name on Windows", "`con-cloud`"),
            ("lpt1", "reserved device name on Windows", "`lpt1-cloud`"),
            ("go", "Go keyword", "`go-cloud`"),
            ("type", "Go keyword", "`type-cloud`"),
            ("func", "Go keyword", "`func-cloud`"),
            ("string", "Go keyword", "`string-cloud`"),
            ("str-ing", "Go keyword", "`str-ing-cloud`"),
            ("main", "Go keyword", "`main-cloud`"),
        ];
        for (name, problem_words, help_words) in cases {
            match check_name_shape("plugin name", name) {
                Err(Error::InvalidInput { problem, help, .. }) => {
                    assert!(problem.contains(problem_words), "{name:?}: {problem}");
                    assert!(help.contains(help_words), "{name:?}: {help}");
                }
                other => panic!("{name:?} should be rejected, got {other:?}"),
            }
        }
        let long = "a".repeat(MAX_NAME_LEN + 1);
        assert!(check_name_shape("plugin name", &long).is_err());
        assert!(check_name_shape("plugin name", &"a".repeat(MAX_NAME_LEN)).is_ok());
    }

    /// A suggestion is only made when typing it works.
    #[test]
    fn every_suggestion_passes_the_rules() {
        for name in [
            "Go",
            "Type",
            "STRING",
            "Main",
            "main_",
            "go-",
            "go_",
            " go",
            "COM1",
            "NUL",
            "Con",
            "9go",
            "99",
            "Packer",
            "packer_plugin_x",
            "Custom_Cloud",
            "-cloud-",
            "a--b",
        ] {
            let help = help_of(check_name_shape("plugin name", name));
            if let Some(start) = help.find("e.g. `") {
                let suggested = help[start + 6..].split('`').next().unwrap();
                assert!(
                    check_name_shape("plugin name", suggested).is_ok(),
                    "{name:?} suggests {suggested:?}, which is refused too"
                );
            }
        }
        assert!(help_of(check_name_shape("plugin name", "Go")).contains("`go-cloud`"));
        assert!(help_of(check_name_shape("plugin name", "COM1")).contains("`com1-cloud`"));
    }

    #[test]
    fn names_packer_sdc_misreads_are_refused_and_no_suggestion_loses_its_prefix() {
        for raw in ["sdk", "packer-plugin-sdk", "packer-sdk"] {
            let help = help_of(check_plugin_name(raw));
            assert_eq!(help, "choose another name, e.g. `sdk-cloud`", "{raw}");
        }
        assert!(check_plugin_name("sdk-cloud").is_ok());
        // `packer` as a plugin name: `packer-cloud` would become `cloud`, so it is not offered.
        let help = help_of(check_plugin_name("packer"));
        assert!(!help.contains("packer-"), "{help}");
        assert!(help_of(check_name_shape("component name", "packer")).contains("`packer-cloud`"));
    }

    #[test]
    fn go_package_drops_dashes() {
        assert_eq!(go_package("custom-cloud"), "customcloud");
    }
}
