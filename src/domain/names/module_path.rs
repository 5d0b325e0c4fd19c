//! Go module paths, by the rules `go mod init` applies.

use crate::error::Error;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
