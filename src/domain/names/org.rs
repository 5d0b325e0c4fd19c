//! GitHub owner (user or organization) names, by GitHub's rules.

use crate::error::Error;

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
    if org.chars().count() > 39 {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
