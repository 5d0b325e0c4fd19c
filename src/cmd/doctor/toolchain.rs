//! The toolchain checks: Go (at least what go.mod needs), Packer (at least the oldest release
//! generated plugins are proven with) and git.

use super::check::{Check, fail, pass};
use crate::domain::versions;
use crate::process::run::Run;

/// The output of `program args…`, or `None` when it cannot run or fails.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    Run::new(program).args(args).success().ok()
}

/// The first `x.y[.z]` in `text` after `prefix`, as numbers.
fn version_after(text: &str, prefix: &str) -> Option<Vec<u64>> {
    let at = text.find(prefix)? + prefix.len();
    let digits: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<u64> = digits
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then_some(parts)
}

fn at_least(have: &[u64], need: &[u64]) -> bool {
    let pad = |v: &[u64]| {
        (0..3)
            .map(|i| v.get(i).copied().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    pad(have) >= pad(need)
}

fn dotted(v: &[u64]) -> String {
    v.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

/// Go, Packer and git; `go_mod` is the repository's go.mod, if there is one.
pub fn checks(go_mod: Option<&str>) -> Vec<Check> {
    vec![go(go_mod), packer(), git()]
}

/// Go, at least the version go.mod names (else the one the templates pin).
fn go(go_mod: Option<&str>) -> Check {
    let need = go_mod
        .and_then(|m| m.lines().find_map(|l| l.strip_prefix("go ")))
        .and_then(|v| version_after(&format!("go{}", v.trim()), "go"))
        .unwrap_or_else(|| version_after(&format!("go{}", versions::GO), "go").unwrap());
    let install = format!(
        "install Go {} or later from https://go.dev/dl/",
        dotted(&need)
    );
    match output_of("go", &["version"]).and_then(|o| version_after(&o, "go version go")) {
        None => fail("go", "not found on PATH", install),
        Some(v) if !at_least(&v, &need) => fail(
            "go",
            format!(
                "go {} is older than the {} go.mod needs",
                dotted(&v),
                dotted(&need)
            ),
            install,
        ),
        Some(v) => pass(
            "go",
            format!("go {} (needs {} or later)", dotted(&v), dotted(&need)),
        ),
    }
}

/// Packer, at least the oldest release generated plugins are proven with.
fn packer() -> Check {
    packer_verdict(output_of("packer", &["version"]).and_then(|o| version_after(&o, "Packer v")))
}

/// The Packer check for the version found on PATH, if any. Every `help:` names the oldest
/// release that passes, so the advice and the check agree.
fn packer_verdict(found: Option<Vec<u64>>) -> Check {
    let need = version_after(&format!("v{}", versions::PACKER_MIN), "v").unwrap();
    let (min, tested) = (versions::PACKER_MIN, versions::PACKER);
    let install = format!(
        "install Packer {min} or later (CI also tests {tested}): https://developer.hashicorp.com/packer/install"
    );
    match found {
        None => fail("packer", "not found on PATH", install),
        Some(v) if !at_least(&v, &need) => fail(
            "packer",
            format!(
                "Packer {} is older than {min}, the oldest release generated plugins are proven with",
                dotted(&v)
            ),
            install,
        ),
        Some(v) => pass(
            "packer",
            format!(
                "Packer {} (needs {min} or later; CI tests {min} and {tested})",
                dotted(&v)
            ),
        ),
    }
}

fn git() -> Check {
    match output_of("git", &["--version"]) {
        Some(v) => pass("git", v.trim().to_owned()),
        None => fail(
            "git",
            "not found on PATH",
            "install git: https://git-scm.com/downloads",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::check::CheckStatus;
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(
            version_after("go version go1.26.8 linux/amd64", "go version go"),
            Some(vec![1, 26, 8])
        );
        assert_eq!(
            version_after("Packer v1.16.0\n", "Packer v"),
            Some(vec![1, 16, 0])
        );
        assert!(at_least(&[1, 26, 8], &[1, 25, 11]));
        assert!(at_least(&[1, 25, 11], &[1, 25, 11]));
        assert!(!at_least(&[1, 9, 5], &[1, 16]));
        assert!(at_least(&[1, 100], &[1, 16, 0]));
    }

    #[test]
    fn the_packer_advice_names_the_oldest_release_the_check_accepts() {
        let min = version_after(&format!("v{}", versions::PACKER_MIN), "v").unwrap();
        let advice = format!("install Packer {} or later", versions::PACKER_MIN);
        let older = vec![min[0], min[1].saturating_sub(1), 0];
        for check in [packer_verdict(None), packer_verdict(Some(older))] {
            assert_eq!(check.status, CheckStatus::Fail, "{check:?}");
            let fix = check.fix.unwrap_or_default();
            assert!(fix.starts_with(&advice), "{fix}");
        }
        assert_eq!(packer_verdict(Some(min)).status, CheckStatus::Pass);
    }
}
