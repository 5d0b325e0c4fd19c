//! One doctor check's outcome (pass, fail with its fix, or skip with the reason), the aligned
//! text every outcome is shown as, and the folder-name rule two groups of checks share.

use std::fmt;

use serde::Serialize;

/// Whether a check passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Skip,
}

impl fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Skip => "skip",
        })
    }
}

/// One check's outcome.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub status: CheckStatus,
    pub detail: String,
    /// The command or action that fixes a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

pub fn pass(name: &str, detail: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: CheckStatus::Pass,
        detail: detail.into(),
        fix: None,
    }
}

pub fn fail(name: &str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: CheckStatus::Fail,
        detail: detail.into(),
        fix: Some(fix.into()),
    }
}

pub fn skip(name: &str, detail: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        status: CheckStatus::Skip,
        detail: detail.into(),
        fix: None,
    }
}

/// The checks as aligned text: status, name, detail, and a `fix:` line under a failure.
pub fn text(checks: &[Check]) -> String {
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        // A detail of several lines (a TOML error) stays in the detail column.
        let detail = c
            .detail
            .trim_end()
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect::<Vec<_>>()
            .join(&format!("\n      {:<width$}  ", ""));
        out.push_str(&format!("{:<4}  {:<width$}  {detail}\n", c.status, c.name));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("      {:<width$}  fix: {fix}\n", ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_of_several_lines_stays_in_its_column() {
        let checks = [
            pass("go", "go 1.26"),
            fail("manifest", "bad TOML at line 2\n  |\n2 | x\n\n", "fix it"),
        ];
        assert_eq!(
            text(&checks),
            "pass  go        go 1.26\n\
             fail  manifest  bad TOML at line 2\n\
             \x20                 |\n\
             \x20               2 | x\n\
             \x20               fix: fix it\n"
        );
    }

    #[test]
    fn statuses_are_lowercase_words_in_json() {
        let json = serde_json::to_string(&skip("git", "x")).unwrap();
        assert_eq!(json, r#"{"name":"git","status":"skip","detail":"x"}"#);
    }
}
