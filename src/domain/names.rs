//! Validation of every name the user gives (plugin name, GitHub owner, Go module path, free
//! text) and the Go-package form derived from a plugin name.

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
    // Packages every generated plugin imports by these names.
    "main",
    "plugin",
    "version",
    "fmt",
    "os",
];

/// Names Windows reserves for devices, with any extension: `builder/con/` or
/// `docs/builders/nul.mdx` cannot exist in a Windows checkout.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Names of plugins HashiCorp publishes itself. `packer init` resolves official plugins
/// through releases.hashicorp.com by name alone, so a community plugin with one of these names
/// may be resolved to HashiCorp's release instead.
const OFFICIAL_PLUGINS: &[&str] = &[
    "alicloud",
    "amazon",
    "ansible",
    "azure",
    "chef",
    "converge",
    "docker",
    "googlecompute",
    "hashicups",
    "hyperv",
    "inspec",
    "kubevirt",
    "lxc",
    "lxd",
    "openstack",
    "oracle",
    "parallels",
    "proxmox",
    "puppet",
    "qemu",
    "salt",
    "tencentcloud",
    "vagrant",
    "virtualbox",
    "vmware",
    "vsphere",
    "yandex",
];

/// A warning for a plugin name that is also the name of an official HashiCorp plugin.
pub fn official_name_warning(name: &str) -> Option<String> {
    OFFICIAL_PLUGINS.contains(&name).then(|| {
        format!(
            "`{name}` is also the name of an official HashiCorp plugin: `packer init` may resolve \
             `required_plugins` to HashiCorp's release instead of yours; a distinct name such as \
             `{name}-ext` avoids this"
        )
    })
}

/// Refuses a component whose HCL type is one Packer has built in for its kind: Packer would
/// run its own component, and the generated example and acceptance tests would fail. `what`
/// and `value` name the input that chose the type (the plugin or the component name).
pub fn check_not_built_in(
    what: &str,
    value: &str,
    kind: crate::domain::kind::Kind,
    hcl_type: &str,
) -> Result<(), Error> {
    if !kind.built_into_packer().contains(&hcl_type) {
        return Ok(());
    }
    let usage = kind.hcl_usage(hcl_type);
    Err(Error::InvalidInput {
        what: what.to_owned(),
        value: value.to_owned(),
        problem: format!(
            "the {kind}'s HCL type would be `{hcl_type}`, and Packer has a {kind} `{hcl_type}` \
             of its own: for `{usage}` it runs its own, never yours"
        ),
        help: format!("choose another name, e.g. `{value}-cloud`"),
    })
}

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
    check_name_shape("plugin name", name)?;
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
    let invalid = |problem: String, help: String| Error::InvalidInput {
        what: what.to_owned(),
        value: name.to_owned(),
        problem,
        help,
    };
    if name.is_empty() {
        return Err(invalid(
            "it is empty".into(),
            "give a name such as `custom-cloud`".into(),
        ));
    }
    // Only a suggestion that passes every rule is made: typing it must work.
    let suggestion = suggest_name(name).filter(|_| suggest).and_then(|s| {
        [s.clone(), format!("{s}-cloud")]
            .into_iter()
            .find(|s| s != name && shape(what, s, false).is_ok())
    });
    let try_instead = |what: &str| match &suggestion {
        Some(s) => format!("{what}, e.g. `{s}`"),
        None => what.to_owned(),
    };
    if name.len() > MAX_NAME_LEN {
        return Err(invalid(
            format!("it is {} characters long", name.len()),
            format!("use at most {MAX_NAME_LEN} characters"),
        ));
    }
    if name == "." || name == ".." {
        return Err(invalid(
            "it names a directory, not a plugin or component".into(),
            "give a name such as `custom-cloud`".into(),
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        let problem = match bad {
            '/' | '\\' => format!("`{bad}` is a path separator; a name is a single word"),
            c if c.is_ascii_uppercase() => format!("`{bad}` is uppercase"),
            c if !c.is_ascii() => format!("`{bad}` is not an ASCII letter or digit"),
            ' ' | '_' | '.' => format!("`{bad}` is not allowed; words are separated by dashes"),
            _ => format!("`{bad}` is not allowed"),
        };
        return Err(invalid(
            problem,
            try_instead("use lowercase ASCII letters, digits and single dashes"),
        ));
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Err(invalid(
            "dashes must separate words: no leading, trailing or double dashes".into(),
            try_instead("use single dashes between words"),
        ));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(invalid(
            "it starts with a digit, which a Go package name cannot".into(),
            "start the name with a letter".into(),
        ));
    }
    if WINDOWS_RESERVED.contains(&name) {
        return Err(invalid(
            format!(
                "`{name}` is a reserved device name on Windows, so its folders and docs pages could not be checked out there"
            ),
            format!("choose another name, e.g. `{name}-cloud`"),
        ));
    }
    if name == "packer" || name == "packer-internal" || name.starts_with("packer-plugin-") {
        return Err(invalid(
            format!(
                "a folder named `{name}` stops `make generate`: packer-sdc struct-markdown takes \
                 it for the root of Packer itself or of another plugin, so the component's field \
                 docs would never be generated"
            ),
            try_instead("choose another name"),
        ));
    }
    let package = go_package(name);
    if GO_RESERVED.contains(&package.as_str()) {
        return Err(invalid(
            format!("its Go package name `{package}` is a Go keyword or a name every plugin uses"),
            format!("choose a longer name, e.g. `{name}-cloud`"),
        ));
    }
    Ok(())
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

/// Checks a GitHub owner (user or organization) name.
pub fn check_org(org: &str) -> Result<(), Error> {
    let invalid = |problem: &str| Error::InvalidInput {
        what: "GitHub owner (--org)".into(),
        value: org.to_owned(),
        problem: problem.to_owned(),
        help: "use letters, digits and single dashes (at most 39), as GitHub does, e.g. `acme`"
            .into(),
    };
    if org.is_empty() {
        return Err(invalid("it is empty"));
    }
    if org.len() > 39 {
        return Err(invalid("it is longer than 39 characters"));
    }
    if !org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(invalid("it has characters GitHub does not allow"));
    }
    if org.starts_with('-') || org.ends_with('-') || org.contains("--") {
        return Err(invalid("it has a leading, trailing or double dash"));
    }
    Ok(())
}

/// Checks a Go module path with the rules `go mod init` applies.
pub fn check_module_path(path: &str) -> Result<(), Error> {
    let invalid = |problem: String| Error::InvalidInput {
        what: "Go module path (--module)".into(),
        value: path.to_owned(),
        problem,
        help: "give a path such as `github.com/acme/packer-plugin-custom-cloud`".into(),
    };
    if path.is_empty() {
        return Err(invalid("it is empty".into()));
    }
    let elements: Vec<&str> = path.split('/').collect();
    for element in &elements {
        if element.is_empty() {
            return Err(invalid("it has an empty path element".into()));
        }
        if element.starts_with('.') || element.ends_with('.') {
            return Err(invalid(format!(
                "the element `{element}` starts or ends with a dot"
            )));
        }
        if let Some(bad) = element
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
        {
            return Err(invalid(format!("`{bad}` is not allowed in a module path")));
        }
    }
    let host = elements[0];
    if !host.contains('.') || host.starts_with('-') {
        return Err(invalid(format!(
            "its first element `{host}` is not a domain name"
        )));
    }
    if host.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(invalid(format!(
            "its first element `{host}` has uppercase letters"
        )));
    }
    if elements.len() < 2 {
        return Err(invalid("it needs a path after the domain".into()));
    }
    Ok(())
}

/// Free text as the tool uses it: without leading and trailing whitespace, which no file type
/// keeps reliably (gofmt, for one, strips it from comments).
pub fn free_text(value: &str) -> String {
    value.trim().to_owned()
}

/// Checks one line of free text (author, description): any characters but control characters,
/// which have no safe spelling in every file type the text lands in.
pub fn check_free_text(flag: &str, value: &str) -> Result<(), Error> {
    let invalid = |problem: &str| Error::InvalidInput {
        what: flag.to_owned(),
        value: value.to_owned(),
        problem: problem.to_owned(),
        help: format!("give {flag} as a single line of text"),
    };
    if value.trim().is_empty() {
        return Err(invalid("it is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(
            "it contains a line break or another control character",
        ));
    }
    if value.len() > 500 {
        return Err(invalid("it is longer than 500 characters"));
    }
    // The description is part of docs/README.md, which `packer-sdc renderdocs` reads: there,
    // `@include '…'` is a directive, not text.
    if flag.ends_with("description") && value.contains("@include") {
        return Err(Error::InvalidInput {
            what: flag.to_owned(),
            value: value.to_owned(),
            problem: "`@include` is a directive in the docs this text lands in".into(),
            help: "write it without `@include`, e.g. `includes`".into(),
        });
    }
    Ok(())
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
            ("packer", "struct-markdown", "`packer-cloud`"),
            (
                "packer-internal",
                "struct-markdown",
                "`packer-internal-cloud`",
            ),
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
    fn hcl_types_packer_has_built_in_are_refused_for_their_kind_only() {
        use crate::domain::kind::Kind;
        let err = check_not_built_in("plugin name", "null", Kind::Builder, "null").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid plugin name `null`: the builder's HCL type would be `null`, and Packer has \
             a builder `null` of its own: for `source \"null\" \"example\" {}` it runs its own, \
             never yours"
        );
        assert_eq!(
            err.help().unwrap(),
            "choose another name, e.g. `null-cloud`"
        );
        assert!(check_not_built_in("plugin name", "shell", Kind::Provisioner, "shell").is_err());
        assert!(check_not_built_in("c", "local", Kind::PostProcessor, "shell-local").is_err());
        assert!(check_not_built_in("plugin name", "null", Kind::Provisioner, "null").is_ok());
        assert!(check_not_built_in("plugin name", "shell", Kind::Builder, "shell").is_ok());
    }

    #[test]
    fn official_plugin_names_are_accepted_with_a_warning() {
        assert!(check_plugin_name("amazon").is_ok());
        let warning = official_name_warning("amazon").unwrap();
        assert!(warning.contains("official HashiCorp plugin"), "{warning}");
        assert!(official_name_warning("custom-cloud").is_none());
    }

    #[test]
    fn go_package_drops_dashes() {
        assert_eq!(go_package("custom-cloud"), "customcloud");
    }

    #[test]
    fn org_follows_github_rules() {
        assert!(check_org("acme").is_ok());
        assert!(check_org("Acme-Corp2").is_ok());
        for bad in [
            "",
            "-acme",
            "acme-",
            "ac--me",
            "ac_me",
            "a/b",
            &"a".repeat(40),
        ] {
            assert!(check_org(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn module_path_follows_go_rules() {
        assert!(check_module_path("github.com/acme/packer-plugin-x").is_ok());
        assert!(check_module_path("example.com/plugins/x/v2").is_ok());
        for bad in [
            "",
            "acme/x",
            "github.com",
            "github.com//x",
            "GitHub.com/acme/x",
            "github.com/acme/x y",
            "github.com/acme/.x",
        ] {
            assert!(check_module_path(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn free_text_is_one_line() {
        assert!(check_free_text("--author", "Ada \"A\" O'Brien {{ x }}").is_ok());
        assert!(check_free_text("--author", "line\nbreak").is_err());
        assert!(check_free_text("--author", "  ").is_err());
        assert!(check_free_text("--author", "@include 'x'").is_ok());
        assert!(check_free_text("--description", "see @include 'x'").is_err());
    }
}
