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
    if let Some(problem) = major_version_problem(elements[elements.len() - 1]) {
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
    if element == "vendor" {
        return Some(
            "the element `vendor` holds vendored copies in Go; a package cannot be imported from under it"
                .into(),
        );
    }
    None
}

/// A last element like `v2` is a major version suffix: `v0`, `v1` and `v02` are not allowed.
fn major_version_problem(last: &str) -> Option<String> {
    let digits = last.strip_prefix('v')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (digits.starts_with('0') || digits == "1")
        .then(|| format!("`/{last}` is not a major version suffix Go accepts (it starts at `/v2`)"))
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
}
