//! Go module paths, by the rules Go itself applies (`golang.org/x/mod/module.CheckPath`, and
//! what a build then refuses): a go.mod may name a path no package can be imported from.

use crate::error::Error;

/// Names Windows reserves for devices: a path element named so, with or without an extension,
/// cannot be checked out there, and Go refuses it.
const WINDOWS_DEVICES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Checks a Go module path.
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
    if let Some(problem) = elements.iter().find_map(|e| element_problem(e)) {
        return Err(invalid(problem));
    }
    let host = elements[0];
    if !host.contains('.') {
        return Err(invalid(format!(
            "its first element `{host}` is not a domain name"
        )));
    }
    if let Some(bad) = host
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')))
    {
        return Err(invalid(format!(
            "its first element `{host}` has `{bad}`: a domain name is lowercase letters, digits, dots and dashes"
        )));
    }
    if elements.len() < 2 {
        return Err(invalid("it needs a path after the domain".into()));
    }
    let last = elements[elements.len() - 1];
    if !last.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return Err(invalid(format!(
            "its last element `{last}` names the plugin's main package, and `go build` refuses \
             a package folder whose name starts with `{}`",
            last.chars().next().unwrap_or_default()
        )));
    }
    if let Some(problem) = major_version_problem(path) {
        return Err(invalid(problem));
    }
    Ok(())
}

/// What is wrong with one element of the path, if anything.
fn element_problem(element: &str) -> Option<String> {
    if element.is_empty() {
        return Some("it has an empty path element".into());
    }
    if element.starts_with('.') || element.ends_with('.') {
        return Some(format!("the element `{element}` starts or ends with a dot"));
    }
    if element.starts_with('-') {
        return Some(format!(
            "the element `{element}` starts with a dash, which Go would read as a flag"
        ));
    }
    if let Some(bad) = element
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
    {
        return Some(format!("`{bad}` is not allowed in a module path"));
    }
    let stem = element
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        return Some(format!(
            "the element `{element}` is a device name on Windows, where it cannot be checked out"
        ));
    }
    if is_short_name(&stem) {
        return Some(format!(
            "the element `{element}` ends in a tilde and digits, like a Windows short name \
             (`PROGRA~1`), which Go refuses"
        ));
    }
    if element == "vendor" {
        return Some(
            "the element `vendor` holds vendored copies in Go; a package cannot be imported from under it"
                .into(),
        );
    }
    None
}

/// Whether the part of an element before its first dot ends in `~` and one or more digits.
fn is_short_name(stem: &str) -> bool {
    stem.rsplit_once('~')
        .is_some_and(|(_, tail)| !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()))
}

/// The major version suffix at the end of `path`, as Go splits it: a `/v` (`.v` under
/// `gopkg.in/`) followed by digits, and for a plain path, dots, which Go takes in and then
/// refuses. What is wrong with it, if anything.
fn major_version_problem(path: &str) -> Option<String> {
    if let Some(rest) = path.strip_prefix("gopkg.in/") {
        return gopkg_in_problem(rest);
    }
    let tail = path.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let suffix = &path[tail.len()..];
    if suffix.is_empty() || !tail.ends_with("/v") {
        return None;
    }
    let wrong = suffix.contains('.') || suffix.starts_with('0') || suffix == "1";
    wrong.then(|| {
        format!(
            "`/v{suffix}` is not a major version suffix Go accepts: `/vN`, digits only, from `/v2`"
        )
    })
}

/// A `gopkg.in/` path must end in `.vN` (`.v0` allowed, no other leading zero), optionally
/// followed by `-unstable`.
fn gopkg_in_problem(rest: &str) -> Option<String> {
    let stable = rest.strip_suffix("-unstable").unwrap_or(rest);
    let tail = stable.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &stable[tail.len()..];
    let ok = tail.ends_with(".v")
        && tail.len() > 2
        && !digits.is_empty()
        && (!digits.starts_with('0') || digits == "0");
    (!ok).then(|| "a gopkg.in path ends in its major version, `.v1` or the like".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_path_follows_go_rules() {
        for good in [
            "github.com/acme/packer-plugin-x",
            "example.com/plugins/x/v2",
            "gitlab.example.com/tools/packer-plugin-x",
            "github.com/Acme/packer-plugin-x",
            "example.com/con-tools/x",
        ] {
            assert!(check_module_path(good).is_ok(), "{good} should be accepted");
        }
        for bad in [
            "",
            "acme/x",
            "github.com",
            "github.com//x",
            "GitHub.com/acme/x",
            "github.com/acme/x y",
            "github.com/acme/.x",
            "github.com/acme/con",
            "github.com/acme/NUL.txt",
            "github.com/acme/lpt1/x",
            "github.com/vendor/x",
            "github.com/acme/vendor/x",
            "github.com/-acme/x",
            "github.com/acme/x/v1",
            "github.com/acme/x/v0",
            "github.com/acme/x/v02",
            "git_hub.com/acme/x",
        ] {
            assert!(check_module_path(bad).is_err(), "{bad} should be rejected");
        }
    }

    fn problem(path: &str) -> String {
        match check_module_path(path) {
            Err(Error::InvalidInput { problem, .. }) => problem,
            other => panic!("{path} should be refused: {other:?}"),
        }
    }

    /// An element whose part before the first dot ends in `~` and digits looks like a Windows
    /// short name; a tilde followed by anything else is fine.
    #[test]
    fn a_tilde_and_digits_ending_an_element_is_refused() {
        for bad in [
            "example.com/x~1",
            "example.com/acme/longna~1.dir/x",
            "example.com/~9999999/x",
            "example.com/PROGRA~12",
        ] {
            assert!(problem(bad).contains("tilde and digits"), "{bad}");
        }
        // `go build` refuses a package whose folder starts with `~`: not as the last element.
        assert!(problem("example.com/~glenda").contains("go build"));
        for good in [
            "example.com/~glenda/x",
            "example.com/x~1a",
            "example.com/x~",
            "example.com/x.~1",
            "example.com/a~1b~c",
        ] {
            assert!(check_module_path(good).is_ok(), "{good} should be accepted");
        }
    }

    /// A final `/vN` is a major version: digits only, from 2, no leading zero.
    #[test]
    fn a_major_version_suffix_is_v2_or_more_digits_only() {
        for bad in [
            "example.com/x/v0",
            "example.com/x/v1",
            "example.com/x/v01",
            "example.com/x/v2.0",
            "example.com/x/v1.5",
            "example.com/x/v.2",
            "example.com/v1",
        ] {
            assert!(problem(bad).contains("major version suffix"), "{bad}");
        }
        for good in [
            "example.com/x/v2",
            "example.com/x/v10",
            "example.com/v2",
            "example.com/x/v",
            "example.com/x/v2x",
            "example.com/x/1.0",
            "example.com/x/vv2",
            "example.com/v1/x",
        ] {
            assert!(check_module_path(good).is_ok(), "{good} should be accepted");
        }
    }

    /// gopkg.in paths carry their major version as `.vN`, `.v0` included.
    #[test]
    fn a_gopkg_in_path_ends_in_its_major_version() {
        for good in [
            "gopkg.in/yaml.v3",
            "gopkg.in/acme/packer-plugin-x.v0",
            "gopkg.in/x.v2-unstable",
        ] {
            assert!(check_module_path(good).is_ok(), "{good} should be accepted");
        }
        for bad in ["gopkg.in/yaml", "gopkg.in/yaml.v01", "gopkg.in/x/v2"] {
            assert!(problem(bad).contains("gopkg.in"), "{bad}");
        }
    }
}
